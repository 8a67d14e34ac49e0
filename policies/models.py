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

    class Meta:
        verbose_name = _("association profile")
        verbose_name_plural = _("association profile")

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
