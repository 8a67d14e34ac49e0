from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from policies.choices import Channel, FieldOfWork
from policies.working_days import (
    HIJRI_HOLIDAYS,
    HIJRI_START_MONTHS,
    MAX_HOLIDAY_DAYS,
    AnnouncedHoliday,
    ClosurePeriod,
    OfficialHoliday,
    hijri_month,
    holiday_year,
    package_dates,
)


class PageDigits(models.TextChoices):
    """How printed documents number their pages: the association's house style."""

    WESTERN = "western", _("Western digits (1, 2, 3)")
    ARABIC_INDIC = "arabic_indic", _("Arabic-Indic digits (١، ٢، ٣)")


class AssociationProfile(models.Model):
    """The association that runs this portal: shown in the header, on letters and reports."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    page_digits = models.CharField(
        _("page numbers in printed documents"),
        max_length=20,
        choices=PageDigits.choices,
        default=PageDigits.WESTERN,
    )
    # Kept in private storage like every upload; printed documents embed it, no URL serves it.
    logo = models.ImageField(
        _("logo"),
        upload_to="association/",
        blank=True,
        help_text=_("A PNG or JPEG image, printed on the cover of reports."),
    )

    class Meta:
        verbose_name = _("association profile")
        verbose_name_plural = _("association profile")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page_digits__in=PageDigits.values), name="association_page_digits_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BeneficiaryCategory(models.Model):
    """A category the association serves (widows, orphans, elderly…); admins edit the list."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("beneficiary category")
        verbose_name_plural = _("beneficiary categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class ContactOfficer(models.Model):
    """The staff member who answers a category's questions in one field of work (R5)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contact_officer_assignments",
        verbose_name=_("staff member"),
    )
    category = models.ForeignKey(
        BeneficiaryCategory,
        on_delete=models.CASCADE,
        related_name="contact_officers",
        verbose_name=_("category"),
    )
    field_of_work = models.CharField(
        _("field of work"), max_length=20, choices=FieldOfWork.choices, default=FieldOfWork.GENERAL
    )

    class Meta:
        verbose_name = _("contact officer")
        verbose_name_plural = _("contact officers")
        ordering = ["category__sort_order", "field_of_work"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "field_of_work"], name="one_contact_officer_per_category_and_field"
            ),
            models.CheckConstraint(
                condition=models.Q(field_of_work__in=FieldOfWork.values), name="contact_officer_field_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.get_field_of_work_display()}: {self.user}"


# --- Policy parameters and the working-day calendar (R3, R4, R9, R11, R29) -----------------

# Weekday numbers as Python counts them (Monday is 0): Friday and Saturday.
DEFAULT_WEEKEND_DAYS = "45"

# The channels the seed policies list (R3); email and fax are offered, not enabled by default.
DEFAULT_CHANNELS = (
    Channel.IN_PERSON,
    Channel.PHONE,
    Channel.SOCIAL_MEDIA,
    Channel.LETTER,
    Channel.ASSISTANCE_SERVICE,
    Channel.VOLUNTEERING,
    Channel.WEBSITE,
    Channel.BRANCH_REPRESENTATIVE,
)

DEFAULT_DECLARATION_AR = (
    "أقر أنا الموقع أدناه بصحة البيانات والمعلومات والمستندات المقدمة مني إلى الجمعية، "
    "وأتحمل المسؤولية المباشرة عن صحتها، والمسؤولية القانونية وآثارها في حال ثبوت خلاف ذلك، "
    "وأتعهد بتحديث بياناتي لدى الجمعية إذا طرأ تغيير على حالتي الاجتماعية أو الاقتصادية أو الصحية، "
    "وأوافق على الشروط المنظمة لتقديم الخدمات."
)
DEFAULT_DECLARATION_EN = (
    "I, the undersigned, affirm that all the data, information and documents I have submitted to the "
    "association are correct, and I bear direct responsibility for their correctness and the legal "
    "responsibility and its consequences should the contrary be proven. I undertake to update my data "
    "with the association whenever my social, economic or health situation changes, and I accept the "
    "conditions governing the provision of services."
)
DEFAULT_DUTIES_AR = "\n".join(
    (
        "الالتزام بتقديم كافة البيانات والمستندات والوثائق المطلوبة، وتحمل المسؤولية القانونية وآثارها "
        "في حال ثبوت عدم صحتها.",
        "الالتزام بتحديث البيانات لدى الجمعية إذا طرأ تحديث أو تغيير على الحالة الاجتماعية أو الاقتصادية أو الصحية.",
        "الموافقة على الشروط والتعهد بصحة البيانات والإقرار بتحمل المسؤولية.",
    )
)
DEFAULT_DUTIES_EN = "\n".join(
    (
        "Provide all the required data, documents and papers, and bear the legal responsibility and its "
        "consequences should they prove incorrect.",
        "Update your data with the association whenever your social, economic or health situation changes.",
        "Accept the conditions, undertake that your data are correct and acknowledge your responsibility.",
    )
)

# The rights of R29, from the seeds' provisions on dealing with beneficiaries, compensation,
# complaints, confidentiality, contact officers and satisfaction measurement.
DEFAULT_RIGHTS_AR = "\n".join(
    (
        "حسن الاستقبال بلباقة واحترام، والإجابة على جميع الاستفسارات بمعلومة دقيقة صحيحة، وإعطاء الوقت الكافي.",
        "الاطلاع على معايير الخدمات واشتراطاتها والمستندات المطلوبة قبل التقديم.",
        "استلام الطلب كاملاً، والرد عليه خلال (١٥) يوم عمل من تاريخ اكتماله.",
        "معرفة أن الطلب يُعرض على اللجنة المختصة، وإبلاغه بالقرار عبر وسيلة التواصل المتفق عليها.",
        "المحافظة على خصوصيته وسرية بياناته ومستنداته وحفظ كرامته.",
        "تقديم الشكوى عبر الموقع الإلكتروني والفاكس وكافة القنوات، ومعالجتها عن طريق لجنة المتابعة، "
        "والسعي لحل الخلاف ودياً.",
        "التعويض إذا ثبت أن الجمعية تسببت في الضرر الذي لحق به، وفق ما تنص عليه السياسة.",
        "التواصل مع ضابط الاتصال المخصص لفئته لاستقبال استفساراته والرد عليها.",
        "تقييم الخدمة، فتقييم جودة الخدمة حق من حقوقه، وهو أداة للتقويم والتطوير لا للعقاب والتشهير.",
    )
)
DEFAULT_RIGHTS_EN = "\n".join(
    (
        "To be received courteously and respectfully, to have every question answered accurately and to be "
        "given enough time.",
        "To know the criteria, conditions and required documents of a service before applying.",
        "To have a complete request received and answered within 15 working days of its completion.",
        "To know that the request goes to the competent committee, and to be told the decision through the "
        "agreed channel.",
        "To have their privacy, the confidentiality of their data and documents, and their dignity preserved.",
        "To complain through the website, fax and every channel, to have the complaint handled by the follow-up "
        "committee, and to have disputes settled amicably where possible.",
        "To be compensated when it is proven that the association caused the harm they suffered, as the policy "
        "sets out.",
        "To reach the contact officer assigned to their category for questions and answers.",
        "To evaluate the service: evaluating quality is their right, a tool for improvement, not for punishment "
        "or defamation.",
    )
)
DEFAULT_PRIVACY_AR = "\n".join(
    (
        "تُحفظ بيانات المستفيدين ومستنداتهم بسرية تامة، ولا يطّلع عليها إلا الموظف المختص بحسب دوره.",
        "لا تُنشر المستندات المرفوعة على روابط عامة، وتُعرض فقط لمن يملك الصلاحية بعد التحقق منها.",
        "يُسجَّل كل تعديل على بيانات المستفيد مع اسم من أجراه ووقته.",
        "يوقّع كل موظف على تعهد بالمحافظة على سرية المعلومات عند اطلاعه على السياسة.",
        "لا تُستخدم البيانات إلا لتقديم الخدمات وقياس رضا المستفيدين وتحسين الخدمة.",
    )
)
DEFAULT_PRIVACY_EN = "\n".join(
    (
        "Beneficiaries' data and documents are kept strictly confidential and seen only by the staff member "
        "whose role requires it.",
        "Uploaded documents are never published at public addresses; they are shown only to authorised staff, "
        "after checking their permission.",
        "Every change to a beneficiary's data is recorded with who made it and when.",
        "Every staff member signs a pledge to keep information confidential when signing the policy.",
        "Data are used only to provide services, measure beneficiaries' satisfaction and improve the service.",
    )
)
DEFAULT_PLEDGE_AR = (
    "أتعهد بالمحافظة على سرية بيانات المستفيدين ومعلوماتهم ومستنداتهم وخصوصيتهم وحفظ كرامتهم، "
    "وعدم إفشائها أو استخدامها لغير أغراض العمل، والالتزام بميثاق أخلاقيات المهنة والسلوك الوظيفي، "
    "أثناء عملي في الجمعية وبعد انتهائه."
)
DEFAULT_PLEDGE_EN = (
    "I pledge to keep beneficiaries' data, information and documents confidential, to respect their privacy "
    "and dignity, not to disclose or use them for anything but my work, and to abide by the code of ethics "
    "and professional conduct, during my work with the association and after it ends."
)

# A sorted string of distinct weekday digits: "45" is Friday and Saturday, "" is no weekend.
WEEKDAY_DIGITS_PATTERN = r"^0?1?2?3?4?5?6?$"
ALL_WEEK = "0123456"
PARAMETERS_PK = 1


def default_channels() -> list[str]:
    return [str(channel) for channel in DEFAULT_CHANNELS]


def encode_weekdays(days) -> str:
    """Weekday numbers as stored: ``{5, 4}`` -> ``"45"``; an already stored string passes through."""
    if isinstance(days, str):
        return days
    return "".join(str(day) for day in sorted({int(day) for day in days}))


class PolicyParameters(models.Model):
    """The association's settings of the policy: one row, created by a migration with the seed defaults."""

    id = models.PositiveSmallIntegerField(_("ID"), primary_key=True, default=PARAMETERS_PK, editable=False)
    response_deadline_working_days = models.PositiveSmallIntegerField(
        _("response deadline (working days)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Working days from the completion of a request to the committee's answer; "
            "the day of completion does not count."
        ),
    )
    weekend_days = models.CharField(
        _("weekend days"),
        max_length=7,
        default=DEFAULT_WEEKEND_DAYS,
        blank=True,
        validators=[RegexValidator(WEEKDAY_DIGITS_PATTERN, _("Choose weekend days from Monday (0) to Sunday (6)."))],
    )
    channels = models.JSONField(
        _("communication channels"),
        default=default_channels,
        help_text=_("The channels through which beneficiaries reach the association."),
    )
    declaration_text = models.TextField(_("declaration of correctness (Arabic)"), default=DEFAULT_DECLARATION_AR)
    declaration_text_en = models.TextField(
        _("declaration of correctness (English)"), default=DEFAULT_DECLARATION_EN, blank=True
    )
    beneficiary_duties = models.TextField(
        _("beneficiary duties (Arabic)"),
        default=DEFAULT_DUTIES_AR,
        help_text=_("Shown before applying for a service; one duty per line."),
    )
    beneficiary_duties_en = models.TextField(
        _("beneficiary duties (English)"), default=DEFAULT_DUTIES_EN, blank=True, help_text=_("One duty per line.")
    )
    beneficiary_rights = models.TextField(
        _("beneficiary rights (Arabic)"),
        default=DEFAULT_RIGHTS_AR,
        help_text=_("Shown on the public pages before applying; one right per line."),
    )
    beneficiary_rights_en = models.TextField(
        _("beneficiary rights (English)"), default=DEFAULT_RIGHTS_EN, blank=True, help_text=_("One right per line.")
    )
    privacy_statement = models.TextField(
        _("how data is protected (Arabic)"),
        default=DEFAULT_PRIVACY_AR,
        help_text=_("Shown on the public pages; one commitment per line."),
    )
    privacy_statement_en = models.TextField(
        _("how data is protected (English)"), default=DEFAULT_PRIVACY_EN, blank=True, help_text=_("One per line.")
    )
    confidentiality_pledge = models.TextField(
        _("staff confidentiality pledge (Arabic)"),
        default=DEFAULT_PLEDGE_AR,
        help_text=_("Every staff member confirms this pledge when signing a policy."),
    )
    confidentiality_pledge_en = models.TextField(
        _("staff confidentiality pledge (English)"), default=DEFAULT_PLEDGE_EN, blank=True
    )
    complaint_acknowledge_working_days = models.PositiveSmallIntegerField(
        _("complaint acknowledgement (working days)"), default=2, validators=[MinValueValidator(1)]
    )
    complaint_resolve_working_days = models.PositiveSmallIntegerField(
        _("complaint resolution (working days)"), default=10, validators=[MinValueValidator(1)]
    )
    reverification_days = models.PositiveSmallIntegerField(
        _("re-verification period (days)"),
        default=365,
        validators=[MinValueValidator(1)],
        help_text=_("A beneficiary record not re-verified for this many days is flagged."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention period of closed records (years)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "An archived beneficiary with nothing open and nothing newer than this is anonymised by "
            "the anonymise_expired_records command."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy parameters")
        verbose_name_plural = _("policy parameters")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=PARAMETERS_PK), name="policy_parameters_singleton"),
            models.CheckConstraint(
                condition=models.Q(response_deadline_working_days__gte=1, response_deadline_working_days__lte=120),
                name="policy_parameters_deadline_range",
            ),
            models.CheckConstraint(
                condition=models.Q(weekend_days__regex=WEEKDAY_DIGITS_PATTERN) & ~models.Q(weekend_days=ALL_WEEK),
                name="policy_parameters_weekend_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(complaint_acknowledge_working_days__gte=1)
                & models.Q(complaint_resolve_working_days__gte=models.F("complaint_acknowledge_working_days")),
                name="policy_parameters_complaint_slas_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(reverification_days__gte=1), name="policy_parameters_reverification_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(retention_years__gte=1), name="policy_parameters_retention_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Policy parameters"))

    @property
    def weekend(self) -> frozenset[int]:
        return frozenset(int(digit) for digit in self.weekend_days)

    @property
    def duties(self) -> list[str]:
        """The duties in the active language, one per item."""
        text = self.beneficiary_duties_en if _is_english() and self.beneficiary_duties_en else self.beneficiary_duties
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def rights(self) -> list[str]:
        text = self.beneficiary_rights_en if _is_english() and self.beneficiary_rights_en else self.beneficiary_rights
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def privacy(self) -> list[str]:
        text = self.privacy_statement_en if _is_english() and self.privacy_statement_en else self.privacy_statement
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def pledge(self) -> str:
        if _is_english() and self.confidentiality_pledge_en:
            return self.confidentiality_pledge_en
        return self.confidentiality_pledge

    @property
    def declaration(self) -> str:
        return self.declaration_text_en if _is_english() and self.declaration_text_en else self.declaration_text

    def clean(self):
        errors = {}
        if self.weekend_days == ALL_WEEK:
            errors["weekend_days"] = _("At least one day of the week must be a working day.")
        channels = self.channels
        if not isinstance(channels, list) or not channels:
            errors["channels"] = _("Choose at least one channel.")
        elif set(channels) - set(Channel.values) or len(set(channels)) != len(channels):
            errors["channels"] = _("Choose each channel at most once, from the list.")
        if (
            self.complaint_acknowledge_working_days is not None
            and self.complaint_resolve_working_days is not None
            and self.complaint_resolve_working_days < self.complaint_acknowledge_working_days
        ):
            errors["complaint_resolve_working_days"] = _(
                "A complaint cannot be resolved before the deadline for acknowledging it."
            )
        if errors:
            raise ValidationError(errors)


def _is_english() -> bool:
    return (get_language() or "ar").startswith("en")


class Closure(models.Model):
    """A period the association itself is closed (R11), on top of the official holidays."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("association closure")
        verbose_name_plural = _("association closures")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="closure_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start_date.isoformat()}–{self.end_date.isoformat()})"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})

    def as_period(self) -> ClosurePeriod:
        return ClosurePeriod(name_ar=self.name, name_en=self.name_en, start=self.start_date, end=self.end_date)


class HolidayOverride(models.Model):
    """The officially announced dates of one occurrence of an official holiday.

    The ``holidays`` package estimates the Eids from the Umm al-Qura calendar; the real dates
    follow the moon sighting. An override replaces every date the package gives for the same
    holiday in the same year — the Hijri year for the Eids, the Gregorian year for Founding Day
    and National Day — with ``start_date``–``end_date``. The year is derived from the first day,
    so the admin enters only the holiday and the dates, and one occurrence has one override.
    """

    holiday = models.CharField(_("holiday"), max_length=20, choices=OfficialHoliday.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), editable=False, help_text=_("Hijri year for the Eids, Gregorian year otherwise.")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    announcement = models.CharField(
        _("announcement"), max_length=300, blank=True, help_text=_("Who announced these dates, and when.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("announced holiday dates")
        verbose_name_plural = _("announced holiday dates")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="holiday_override_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(holiday__in=OfficialHoliday.values), name="holiday_override_holiday_valid"
            ),
            # The Umm al-Qura tables run from 1343 to 1500 AH; Gregorian years from 1924 to 2077.
            models.CheckConstraint(
                condition=(
                    models.Q(holiday__in=sorted(HIJRI_HOLIDAYS), year__gte=1343, year__lte=1500)
                    | (~models.Q(holiday__in=sorted(HIJRI_HOLIDAYS)) & models.Q(year__gte=1924, year__lte=2077))
                ),
                name="holiday_override_year_in_its_calendar",
            ),
            models.UniqueConstraint(
                fields=["holiday", "year"],
                name="one_override_per_holiday_and_year",
                violation_error_message=_(
                    "Dates for this holiday in this year are already recorded; edit them instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_holiday_display()} {self.year_label}"

    @property
    def year_label(self) -> str:
        if self.year is None:
            return ""
        if self.holiday in HIJRI_HOLIDAYS:
            return str(_("%(year)s AH") % {"year": self.year})
        return str(self.year)

    def clean_fields(self, exclude=None):
        # The year is derived from the first day, never typed, so it is set before fields are checked;
        # when it cannot be derived, clean() explains why on the first day instead.
        if self.holiday and isinstance(self.start_date, date):
            self.year = holiday_year(self.holiday, self.start_date)
        if self.year is None:
            exclude = {*(exclude or ()), "year"}
        super().clean_fields(exclude=exclude)

    def clean(self):
        if not self.holiday or not self.start_date or not self.end_date:
            return
        if self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        if (self.end_date - self.start_date).days + 1 > MAX_HOLIDAY_DAYS:
            raise ValidationError(
                {"end_date": _("An official holiday lasts at most %(days)s days.") % {"days": MAX_HOLIDAY_DAYS}}
            )
        year = holiday_year(self.holiday, self.start_date)
        if year is None or not 1924 <= self.start_date.year <= 2077:
            raise ValidationError({"start_date": _("This date is outside the Umm al-Qura calendar (1924–2077).")})
        months = HIJRI_START_MONTHS.get(self.holiday)
        if months and hijri_month(self.start_date) not in months:
            raise ValidationError(
                {"start_date": _("%(holiday)s cannot start on this date.") % {"holiday": self.get_holiday_display()}}
            )
        self.year = year

    def replaced_dates(self) -> tuple:
        """The package's dates this override replaces."""
        if self.year is None:
            return ()
        return package_dates(self.holiday, self.year)

    def as_announced(self) -> AnnouncedHoliday:
        return AnnouncedHoliday(holiday=self.holiday, year=self.year, start=self.start_date, end=self.end_date)


# --- Policy documents, versions, board approval and staff sign-off (R26–R31) ------------------


class DocumentKind(models.TextChoices):
    """The documents the seed policies name: the policy itself and the communication tools (R28)."""

    RELATIONSHIP_POLICY = "relationship_policy", _("Beneficiary relationship policy")
    BYLAWS = "bylaws", _("Bylaws")
    SOCIAL_RESEARCH_GUIDE = "social_research_guide", _("Social research services guide")
    SUPPORT_POLICY_GUIDE = "support_policy_guide", _("Support policy guide")
    AID_DISBURSEMENT_POLICY = "aid_disbursement_policy", _("Aid disbursement policy")
    VOLUNTEERING_POLICY = "volunteering_policy", _("Volunteering management policy")
    PARTNERS_POLICY = "partners_policy", _("Policy on implementing partners and other parties")
    CODE_OF_ETHICS = "code_of_ethics", _("Code of professional ethics and conduct")
    FORM = "form", _("Form")
    OTHER = "other", _("Other document")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


# Paths under /policies/ that a document's address name must not take.
RESERVED_DOCUMENT_SLUGS = frozenset({"staff", "tools", "files"})


def _role_values() -> list[str]:
    from policies.roles import Role

    return list(Role.values)


class PolicyDocument(models.Model):
    """One document of the association's policy; its text lives in versions."""

    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True, help_text=_("Used in the page address."))
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    is_public = models.BooleanField(
        _("published on the public pages"), default=True, help_text=_("The version in force is shown to everyone.")
    )
    in_tools_library = models.BooleanField(
        _("in the communication tools library"),
        default=False,
        help_text=_("Listed with its downloadable files among the communication tools (R28)."),
    )
    requires_signoff = models.BooleanField(
        _("staff must sign"), default=False, help_text=_("Every staff member it applies to reads and signs it.")
    )
    applies_to_roles = models.JSONField(
        _("applies to roles"),
        default=list,
        blank=True,
        help_text=_("The roles that must sign it; none chosen means every staff member."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=DocumentKind.values), name="policy_document_kind_valid"),
            models.CheckConstraint(condition=~models.Q(slug=""), name="policy_document_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_en if _is_english() and self.title_en else self.title

    @property
    def display_summary(self) -> str:
        return self.summary_en if _is_english() and self.summary_en else self.summary

    def applies_to(self, roles) -> bool:
        """Whether a staff member holding ``roles`` must sign this document."""
        if not roles:
            return False
        return not self.applies_to_roles or bool(set(self.applies_to_roles) & set(roles))

    def clean(self):
        errors = {}
        roles = self.applies_to_roles
        if not isinstance(roles, list) or set(roles) - set(_role_values()) or len(set(roles)) != len(roles):
            errors["applies_to_roles"] = _("Choose each role at most once, from the list.")
        if self.slug in RESERVED_DOCUMENT_SLUGS:
            errors["slug"] = _("This address name is used by the portal; choose another.")
        if errors:
            raise ValidationError(errors)


BOARD_APPROVED_STATUSES = (VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED)


class PolicyVersion(models.Model):
    """One text of a document. A draft is edited; the board approves it (meeting number and date);
    then it is put in force, and the version it replaces is superseded but stays readable."""

    document = models.ForeignKey(
        PolicyDocument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("version number"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, editable=False
    )
    body = models.TextField(
        _("text (Arabic)"),
        help_text=_("Markdown: # headings, - lists, 1. numbered lists, **bold**. HTML is shown as typed."),
    )
    body_en = models.TextField(_("text (English)"), blank=True)
    change_summary = models.CharField(_("what changed"), max_length=300, blank=True)
    board_meeting_number = models.CharField(
        _("board meeting number"), max_length=50, blank=True, help_text=_("The meeting that approved this version.")
    )
    board_meeting_date = models.DateField(_("board meeting date"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    published_at = models.DateTimeField(_("put in force at"), null=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("put in force by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["document__sort_order", "document_id", "-number"]
        permissions = [("publish_policyversion", "Can put a policy version in force")]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="policy_version_number_unique"),
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(status="in_force"),
                name="one_policy_version_in_force",
                violation_error_message=_("Another version of this document is already in force."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=VersionStatus.values), name="policy_version_status_valid"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="policy_version_number_positive"),
            # Nothing takes effect without the board's approval: a meeting number and date.
            models.CheckConstraint(
                condition=models.Q(status=VersionStatus.DRAFT)
                | (
                    ~models.Q(board_meeting_number="")
                    & models.Q(board_meeting_date__isnull=False)
                    & models.Q(effective_date__isnull=False)
                    & models.Q(effective_date__gte=models.F("board_meeting_date"))
                    & models.Q(published_at__isnull=False)
                ),
                name="policy_version_in_force_is_board_approved",
            ),
            models.CheckConstraint(
                condition=models.Q(status=VersionStatus.SUPERSEDED) | models.Q(superseded_at__isnull=True),
                name="policy_version_superseded_at_only_when_superseded",
            ),
        ]

    def __str__(self) -> str:
        return _("%(document)s, version %(number)s") % {"document": self.document, "number": self.number}

    @property
    def display_body(self) -> str:
        return self.body_en if _is_english() and self.body_en else self.body

    @property
    def is_approved(self) -> bool:
        return bool(self.board_meeting_number and self.board_meeting_date)

    def clean(self):
        errors = {}
        if self.board_meeting_number and not self.board_meeting_date:
            errors["board_meeting_date"] = _("Enter the date of the board meeting.")
        if self.board_meeting_date and not self.board_meeting_number.strip():
            errors["board_meeting_number"] = _("Enter the number of the board meeting.")
        if self.board_meeting_date and self.effective_date and self.effective_date < self.board_meeting_date:
            errors["effective_date"] = _("A version cannot take effect before the board approved it.")
        if errors:
            raise ValidationError(errors)


def attachment_upload_to(instance, filename: str) -> str:
    from django.utils.crypto import get_random_string

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"policies/{instance.version.document_id}/{get_random_string(16)}.{suffix}"


class PolicyAttachment(models.Model):
    """A file that belongs to a version: the signed copy, a form to download (R28)."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("version")
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, editable=False)
    content_type = models.CharField(_("file type"), max_length=100, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False, default=0)
    is_public = models.BooleanField(
        _("downloadable by the public"),
        default=True,
        help_text=_("Offered on the public pages while the version is published."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy attachment")
        verbose_name_plural = _("policy attachments")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(original_name=""), name="policy_attachment_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title_en if _is_english() and self.title_en else self.title


class PolicySignOff(models.Model):
    """A staff member's signature on a version in force (R27), with the confidentiality pledge (R30)."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="signoffs", verbose_name=_("version")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="policy_signoffs",
        verbose_name=_("staff member"),
    )
    signed_at = models.DateTimeField(_("signed at"))
    read_confirmed = models.BooleanField(_("confirmed reading and understanding"), default=False)
    confidentiality_pledged = models.BooleanField(_("confidentiality pledge confirmed"), default=False)
    pledge_text = models.TextField(_("pledge as signed"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy sign-off")
        verbose_name_plural = _("policy sign-offs")
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "user"],
                name="one_signoff_per_version_and_user",
                violation_error_message=_("You have already signed this version."),
            ),
            models.CheckConstraint(
                condition=models.Q(read_confirmed=True, confidentiality_pledged=True),
                name="policy_signoff_confirmed_on_screen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.version}"


class SignOffReminder(models.Model):
    """A manager's reminder to a staff member who has not signed a version yet."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("version")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="policy_reminders",
        verbose_name=_("staff member"),
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    sent_at = models.DateTimeField(_("sent at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sign-off reminder")
        verbose_name_plural = _("sign-off reminders")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.version}"


# --- The revision of the reference data every page reads (policies.reference) ------------------


REFERENCE_REVISION_PK = 1


class ReferenceRevision(models.Model):
    """One row whose token the database replaces whenever reference data changes.

    Triggers on the reference tables (migration 0011) write a new random token in the same
    statement as any insert, update, delete or truncate, whoever makes it; ``policies.reference``
    keeps each process's copy of that data only under the token it was read with.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=REFERENCE_REVISION_PK, editable=False)
    token = models.CharField(_("token"), max_length=36)

    class Meta:
        verbose_name = _("reference data revision")
        verbose_name_plural = _("reference data revision")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=REFERENCE_REVISION_PK), name="reference_revision_single_row"),
        ]

    def __str__(self) -> str:
        return self.token
