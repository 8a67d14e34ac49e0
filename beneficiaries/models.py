import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.validators import mobile_for_display
from policies.choices import Channel, ContactChannel
from policies.models import BeneficiaryCategory


class IdentityType(models.TextChoices):
    NATIONAL_ID = "national_id", _("National ID")
    IQAMA = "iqama", _("Iqama (residence permit)")
    PASSPORT = "passport", _("Passport")
    BORDER_NUMBER = "border_number", _("Border number")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class BeneficiaryKind(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Beneficiary")
    ASSEMBLY_MEMBER = "assembly_member", _("General assembly member")


class BeneficiaryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ARCHIVED = "archived", _("Archived")


class HealthStatus(models.TextChoices):
    HEALTHY = "healthy", _("Healthy")
    CHRONIC_ILLNESS = "chronic_illness", _("Chronic illness")
    DISABILITY = "disability", _("Disability")
    OTHER = "other", _("Other")


class Beneficiary(models.Model):
    identity_type = models.CharField(
        _("identity type"), max_length=20, choices=IdentityType.choices, default=IdentityType.NATIONAL_ID
    )
    identity_number = models.CharField(_("identity number"), max_length=20, unique=True)
    identity_expiry_date = models.DateField(_("identity expiry date"), null=True, blank=True)
    first_name = models.CharField(_("first name"), max_length=50)
    father_name = models.CharField(_("father's name"), max_length=50)
    grandfather_name = models.CharField(_("grandfather's name"), max_length=50)
    family_name = models.CharField(_("family name"), max_length=50)
    # Folded spelling of the four parts (see normalize_arabic_name): what search and the
    # duplicate check compare, so "أحمد" finds "احمد".
    full_name_normalized = models.CharField(max_length=220, db_index=True, editable=False)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    nationality = models.CharField(_("nationality"), max_length=60)
    marital_status = models.CharField(_("marital status"), max_length=20, choices=MaritalStatus.choices)
    mobile = models.CharField(_("mobile"), max_length=13, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    city = models.CharField(_("city"), max_length=80)
    district = models.CharField(_("district"), max_length=80, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    category = models.ForeignKey(
        BeneficiaryCategory, on_delete=models.PROTECT, related_name="beneficiaries", verbose_name=_("category")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=BeneficiaryKind.choices, default=BeneficiaryKind.BENEFICIARY
    )
    contact_channel = models.CharField(
        _("agreed contact channel"), max_length=20, choices=ContactChannel.choices, default=ContactChannel.SMS
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BeneficiaryStatus.choices, default=BeneficiaryStatus.ACTIVE
    )
    contact_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer_for_beneficiaries",
        verbose_name=_("contact officer"),
    )
    monthly_income = models.DecimalField(_("monthly income (SAR)"), max_digits=10, decimal_places=2, default=0)
    monthly_expenses = models.DecimalField(_("monthly expenses (SAR)"), max_digits=10, decimal_places=2, default=0)
    health_status = models.CharField(
        _("health status"), max_length=20, choices=HealthStatus.choices, default=HealthStatus.HEALTHY
    )
    health_notes = models.TextField(_("health notes"), blank=True)
    last_verified_at = models.DateTimeField(_("data last verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: every save adds one; an edit form sends the number it was opened
    # with, and the update service refuses it when someone saved in between.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(identity_type__in=IdentityType.values), name="beneficiary_identity_type_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(identity_type=IdentityType.NATIONAL_ID, identity_number__startswith="1")
                    | Q(identity_type=IdentityType.IQAMA, identity_number__startswith="2")
                    | Q(identity_type__in=[IdentityType.PASSPORT, IdentityType.BORDER_NUMBER])
                ),
                name="beneficiary_saudi_id_first_digit",
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="beneficiary_gender_valid"),
            models.CheckConstraint(
                condition=Q(marital_status__in=MaritalStatus.values), name="beneficiary_marital_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=BeneficiaryKind.values), name="beneficiary_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=BeneficiaryStatus.values), name="beneficiary_status_valid"),
            models.CheckConstraint(
                condition=Q(contact_channel__in=ContactChannel.values), name="beneficiary_contact_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(health_status__in=HealthStatus.values), name="beneficiary_health_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(monthly_income__gte=0, monthly_expenses__gte=0), name="beneficiary_money_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(mobile__regex=r"^\+9665[0-9]{8}$") | Q(mobile="", anonymised_at__isnull=False),
                name="beneficiary_mobile_normalized",
            ),
        ]
        indexes = [
            models.Index(fields=["category", "status"]),
            # The list's default order: the newest page is read from the index, not sorted.
            models.Index(fields=["-created_at", "-id"], name="beneficiary_newest_first"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.anonymised_at:
            return str(_("Anonymised record #%(number)s") % {"number": self.pk})
        return " ".join(p for p in (self.first_name, self.father_name, self.grandfather_name, self.family_name) if p)

    @property
    def mobile_display(self) -> str:
        return mobile_for_display(self.mobile)

    @property
    def identity_is_expired(self) -> bool:
        return bool(self.identity_expiry_date and self.identity_expiry_date < timezone.localdate())


class HouseholdRelation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    SON = "son", _("Son")
    DAUGHTER = "daughter", _("Daughter")
    FATHER = "father", _("Father")
    MOTHER = "mother", _("Mother")
    BROTHER = "brother", _("Brother")
    SISTER = "sister", _("Sister")
    GRANDCHILD = "grandchild", _("Grandchild")
    OTHER = "other", _("Other relative")


class HouseholdMember(models.Model):
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="household_members", verbose_name=_("beneficiary")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    relation = models.CharField(_("relation"), max_length=20, choices=HouseholdRelation.choices)
    identity_number = models.CharField(_("identity number"), max_length=20, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    monthly_income = models.DecimalField(_("monthly income (SAR)"), max_digits=10, decimal_places=2, default=0)
    health_notes = models.TextField(_("health notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(relation__in=HouseholdRelation.values), name="household_relation_valid"),
            models.CheckConstraint(condition=Q(monthly_income__gte=0), name="household_income_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_relation_display()})"


class DocumentType(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    has_expiry = models.BooleanField(_("has an expiry date"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["name"]

    def __str__(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


def document_upload_path(instance, filename: str) -> str:
    # A random name: the person's name or ID never appears in a path on disk.
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(instance.content_type, "")
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="documents", verbose_name=_("beneficiary")
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("document type")
    )
    number = models.CharField(_("document number"), max_length=50, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    expiry_date = models.DateField(_("expiry date"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_path, max_length=200)
    original_filename = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(issue_date__isnull=True)
                | Q(expiry_date__gte=F("issue_date")),
                name="document_expiry_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="document_content_type_allowed",
            ),
        ]
        # "Has an expired document" on the list and search pages looks documents up by person and date.
        indexes = [models.Index(fields=["beneficiary", "expiry_date"], name="document_person_expiry")]

    def __str__(self) -> str:
        return f"{self.document_type} — {self.beneficiary}"

    @property
    def is_expired(self) -> bool:
        return bool(self.expiry_date and self.expiry_date < timezone.localdate())


class InteractionDirection(models.TextChoices):
    INBOUND = "inbound", _("From the beneficiary")
    OUTBOUND = "outbound", _("To the beneficiary")


class InquiryStatus(models.TextChoices):
    NOT_AN_INQUIRY = "", _("Not an inquiry")
    OPEN = "open", _("Awaiting an answer")
    REFERRED = "referred", _("Referred to a social researcher")
    ANSWERED = "answered", _("Answered")


class Interaction(models.Model):
    """One contact with a beneficiary through any channel (R3); an inquiry awaits an answer."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="interactions", verbose_name=_("beneficiary")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=InteractionDirection.choices)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("summary"))
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("staff member")
    )
    inquiry_status = models.CharField(
        _("inquiry status"),
        max_length=10,
        choices=InquiryStatus.choices,
        default=InquiryStatus.NOT_AN_INQUIRY,
        blank=True,
    )
    referred_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_inquiries",
        verbose_name=_("referred to"),
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction__in=InteractionDirection.values), name="interaction_direction_valid"
            ),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="interaction_channel_valid"),
            models.CheckConstraint(
                condition=Q(inquiry_status__in=InquiryStatus.values), name="interaction_inquiry_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(inquiry_status=InquiryStatus.REFERRED) | Q(referred_to__isnull=False),
                name="referred_inquiry_has_researcher",
            ),
            models.CheckConstraint(
                condition=~Q(inquiry_status=InquiryStatus.ANSWERED) | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="answered_inquiry_has_answer",
            ),
        ]
        indexes = [models.Index(fields=["referred_to", "inquiry_status"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_inquiry(self) -> bool:
        return self.inquiry_status != InquiryStatus.NOT_AN_INQUIRY


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ChangeRequest(models.Model):
    """A beneficiary's report that their situation changed (R4); a second staff member decides."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("beneficiary")
    )
    description = models.TextField(_("what changed"))
    proposed_changes = models.JSONField(_("proposed values"), default=dict)
    evidence = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("evidence")
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeRequestStatus.choices, default=ChangeRequestStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data change request")
        verbose_name_plural = _("data change requests")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChangeRequestStatus.values), name="change_request_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("received_by")),
                name="change_request_decided_by_second_person",
            ),
            models.CheckConstraint(
                condition=Q(status=ChangeRequestStatus.PENDING) | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="change_request_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary} — {self.get_status_display()}"


# Registers the privacy models with this app.
from beneficiaries.import_models import BeneficiaryImport, ImportStatus  # noqa: E402, F401
from beneficiaries.privacy_models import (  # noqa: E402, F401
    AccessAction,
    BeneficiaryAccessLog,
    Consent,
    ConsentPurpose,
    ConsentStatus,
    DataBreach,
    ErasureRequest,
    ErasureStatus,
)
