"""Complaints, inquiries, suggestions and appeals (R17–R21), and compensation files (R20).

One record type for everything that reaches the follow-up committee, through any channel; the
workflow, the deadline clock and the privacy rules live in services.py and selectors.py.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Case, DateField, F, Q, When
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Beneficiary
from policies.choices import Channel, ContactChannel

ALLOWED_CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
DESCRIPTION_MAX_LENGTH = 5000


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    INQUIRY = "inquiry", _("Inquiry or technical support")
    SUGGESTION = "suggestion", _("Suggestion")
    APPEAL = "appeal", _("Appeal against a committee decision")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("complaint status", "Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    UNDER_INVESTIGATION = "under_investigation", _("Under investigation")
    AWAITING_COMPLAINANT = "awaiting_complainant", _("Waiting for the complainant")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    ComplaintStatus.RECEIVED,
    ComplaintStatus.ACKNOWLEDGED,
    ComplaintStatus.UNDER_INVESTIGATION,
    ComplaintStatus.AWAITING_COMPLAINANT,
)


def running_due() -> Case:
    """The deadline that runs now: acknowledgement while received, resolution afterwards.

    The queue sorts by it and a partial index holds it, so both must build the same expression.
    """
    return Case(
        When(status=ComplaintStatus.RECEIVED, then=F("acknowledge_due")),
        default=F("resolve_due"),
        output_field=DateField(),
    )


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class ComplaintCategory(models.Model):
    """What a complaint is about; admins edit the list. Sensitive ones are seen only by managers
    and the officer assigned (fraud, bribery, abuse or exploitation)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    is_sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Seen only by senior management and the officer assigned; never in general lists."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        if (get_language() or "ar").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Complaint(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT)
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True, editable=False)
    # The public form's one-time token: a double click or a retried post finds this row again.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    category = models.ForeignKey(
        ComplaintCategory, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("category")
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("details"), max_length=DESCRIPTION_MAX_LENGTH)

    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    beneficiary = models.ForeignKey(
        Beneficiary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("beneficiary"),
    )
    complainant_name = models.CharField(_("complainant's name"), max_length=200, blank=True)
    complainant_identity_number = models.CharField(_("identity number"), max_length=20, blank=True)
    complainant_mobile = models.CharField(_("mobile"), max_length=13, blank=True)
    complainant_email = models.EmailField(_("email"), blank=True)
    contact_channel = models.CharField(
        _("reply through"), max_length=20, choices=ContactChannel.choices, blank=True, default=""
    )

    concerned_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("staff member concerned"),
    )
    # An appeal names the support request whose committee decision it contests.
    support_request = models.ForeignKey(
        "requests_app.SupportRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("support request concerned"),
    )
    status = models.CharField(
        _("status"), max_length=30, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("assigned to"),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    acknowledge_due = models.DateField(_("acknowledgement due"))
    resolve_due = models.DateField(_("resolution due"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    paused_on = models.DateField(_("clock paused on"), null=True, blank=True)
    paused_working_days_left = models.SmallIntegerField(_("working days left when paused"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True, default="")
    response = models.TextField(_("response to the complainant"), blank=True)
    response_channel = models.CharField(
        _("response sent through"), max_length=20, choices=ContactChannel.choices, blank=True, default=""
    )
    amicable_settlement = models.BooleanField(_("settled amicably"), default=False)
    settlement_terms = models.TextField(_("terms of the amicable settlement"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["submission_token"])

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["assigned_to", "status"]),
            # The committee's queue: the first page of open complaints in deadline order, read
            # from the index instead of sorting every open complaint (a year holds thousands).
            models.Index(
                running_due(),
                F("received_at"),
                F("id"),
                name="complaint_open_by_running_due",
                condition=Q(status__in=OPEN_STATUSES),
            ),
            # The queue's count of open complaints, with what decides who may see them, read
            # from the index alone instead of visiting every open complaint's row.
            models.Index(
                fields=["status", "category", "concerned_staff", "assigned_to"],
                name="complaint_open_counted",
                condition=Q(status__in=OPEN_STATUSES),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ComplaintKind.values), name="complaint_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ComplaintStatus.values), name="complaint_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="complaint_channel_valid"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="complaint_priority_valid"),
            models.CheckConstraint(condition=Q(outcome__in=["", *Outcome.values]), name="complaint_outcome_valid"),
            models.CheckConstraint(
                condition=Q(contact_channel__in=["", *ContactChannel.values])
                & Q(response_channel__in=["", *ContactChannel.values]),
                name="complaint_contact_channels_valid",
            ),
            # An anonymous complainant leaves no name, ID, contact or registry link anywhere.
            models.CheckConstraint(
                condition=Q(is_anonymous=False)
                | Q(
                    beneficiary__isnull=True,
                    complainant_name="",
                    complainant_identity_number="",
                    complainant_mobile="",
                    complainant_email="",
                    contact_channel="",
                ),
                name="anonymous_complaint_has_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=True) | Q(beneficiary__isnull=False) | ~Q(complainant_name=""),
                name="named_complaint_has_a_name",
            ),
            models.CheckConstraint(
                condition=Q(resolve_due__gte=F("acknowledge_due")), name="complaint_resolve_after_acknowledge"
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.RECEIVED) | Q(acknowledged_at__isnull=True),
                name="received_complaint_not_acknowledged",
            ),
            models.CheckConstraint(
                condition=Q(status=ComplaintStatus.RECEIVED) | Q(acknowledged_at__isnull=False),
                name="complaint_acknowledged_after_received",
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.UNDER_INVESTIGATION) | Q(assigned_to__isnull=False),
                name="investigated_complaint_is_assigned",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=ComplaintStatus.AWAITING_COMPLAINANT)
                    & Q(paused_on__isnull=False, paused_working_days_left__isnull=False)
                )
                | (
                    ~Q(status=ComplaintStatus.AWAITING_COMPLAINANT)
                    & Q(paused_on__isnull=True, paused_working_days_left__isnull=True)
                ),
                name="complaint_paused_only_while_waiting",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED])
                | (Q(resolved_at__isnull=False) & ~Q(outcome="") & ~Q(response="") & ~Q(response_channel="")),
                name="resolved_complaint_has_outcome_and_response",
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.CLOSED) | Q(closed_at__isnull=False),
                name="closed_complaint_has_closing_time",
            ),
            models.CheckConstraint(
                condition=Q(amicable_settlement=False) | ~Q(settlement_terms=""),
                name="amicable_settlement_has_terms",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ComplaintKind.APPEAL) | Q(support_request__isnull=False),
                name="appeal_names_its_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject}"

    @property
    def number(self) -> str:
        """The reference staff and letters quote: year of receipt and the row number."""
        year = timezone.localtime(self.received_at).year if self.received_at else timezone.localdate().year
        return f"{year}-{self.pk or 0:05d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_sensitive(self) -> bool:
        return self.category.is_sensitive

    @property
    def complainant_display(self) -> str:
        if self.is_anonymous:
            return str(_("Anonymous"))
        if self.beneficiary_id:
            return self.beneficiary.full_name
        return self.complainant_name

    def notification_contact(self):
        """How the outbox reaches the complainant (see notifications.recipients)."""
        from notifications.recipients import Contact

        if self.is_anonymous:
            return Contact(name=str(_("Anonymous")))
        if self.beneficiary_id:
            beneficiary = self.beneficiary
            postal = "، ".join(p for p in (beneficiary.address, beneficiary.district, beneficiary.city) if p)
            return Contact(
                name=beneficiary.full_name,
                mobile=beneficiary.mobile,
                email=beneficiary.email,
                postal_address=postal,
                channel=self.contact_channel or beneficiary.contact_channel,
            )
        return Contact(
            name=self.complainant_name,
            mobile=self.complainant_mobile,
            email=self.complainant_email,
            channel=self.contact_channel,
        )


class ComplaintStatusChange(models.Model):
    """One row per transition: the timeline of a complaint."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("complaint")
    )
    from_status = models.CharField(_("from"), max_length=30, choices=ComplaintStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=ComplaintStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    changed_at = models.DateTimeField(_("time"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint status change")
        verbose_name_plural = _("complaint status changes")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=ComplaintStatus.values) & Q(from_status__in=["", *ComplaintStatus.values]),
                name="complaint_status_change_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.from_status} → {self.to_status}"


class ComplaintNote(models.Model):
    """An investigation note of the follow-up committee; never shown to the complainant."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="notes", verbose_name=_("complaint")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("note"), max_length=DESCRIPTION_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("investigation note")
        verbose_name_plural = _("investigation notes")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="complaint_note_not_empty")]

    def __str__(self) -> str:
        return self.text[:50]


def attachment_upload_path(instance, filename: str) -> str:
    # A random name: nothing about the complainant appears in a path on disk.
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(instance.content_type, "")
    return f"complaints/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("complaint")
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_path, max_length=200)
    original_filename = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint attachment")
        verbose_name_plural = _("complaint attachments")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(content_type__in=ALLOWED_CONTENT_TYPES), name="complaint_attachment_type_allowed"
            ),
        ]

    def __str__(self) -> str:
        return self.original_filename


class EscalationKind(models.TextChoices):
    AT_RISK = "at_risk", _("Deadline at risk")
    OVERDUE = "overdue", _("Deadline passed")


class ComplaintEscalation(models.Model):
    """A warning (at risk) to the officer or an escalation (overdue) to senior management."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("complaint")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EscalationKind.choices)
    deadline = models.CharField(_("deadline"), max_length=20)
    due_date = models.DateField(_("due date"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint escalation")
        verbose_name_plural = _("complaint escalations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EscalationKind.values), name="complaint_escalation_kind_valid"),
            models.UniqueConstraint(
                fields=["complaint", "kind", "deadline", "due_date"], name="one_escalation_per_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.due_date}"


class CompensationStatus(models.TextChoices):
    OPEN = "open", _("Being prepared")
    APPROVED = "approved", _("Approved")
    PAID = "paid", _("Paid")


class CompensationFile(models.Model):
    """Compensation of a beneficiary harmed by the association (R20).

    Approval needs: the association caused the harm; either the investigation committee's
    minutes (dated, approved by its members, with the size and causes of the harm) or a
    judicial / final ruling; and the negotiation with the beneficiary and the agreed amount.
    """

    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, related_name="compensation", verbose_name=_("complaint")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CompensationStatus.choices, default=CompensationStatus.OPEN
    )
    harm_caused_by_association = models.BooleanField(_("the association caused the harm"), default=False)
    minutes_date = models.DateField(_("date of the investigation minutes"), null=True, blank=True)
    minutes_approved_by_members = models.BooleanField(_("minutes approved by the committee members"), default=False)
    harm_size = models.TextField(_("size of the harm"), blank=True)
    harm_causes = models.TextField(_("causes of the harm"), blank=True)
    ruling_reference = models.CharField(_("judicial or final ruling reference"), max_length=100, blank=True)
    ruling_date = models.DateField(_("ruling date"), null=True, blank=True)
    ruling_authority = models.CharField(_("issuing authority"), max_length=200, blank=True)
    negotiation_notes = models.TextField(_("negotiation with the beneficiary"), blank=True)
    agreed_amount = models.DecimalField(
        _("agreed amount (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compensation file")
        verbose_name_plural = _("compensation files")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CompensationStatus.values), name="compensation_status_valid"),
            models.CheckConstraint(
                condition=Q(agreed_amount__isnull=True) | Q(agreed_amount__gt=0), name="compensation_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status=CompensationStatus.OPEN)
                | (
                    Q(harm_caused_by_association=True, approved_at__isnull=False, agreed_amount__isnull=False)
                    & ~Q(negotiation_notes="")
                    & (
                        (
                            Q(minutes_date__isnull=False, minutes_approved_by_members=True)
                            & ~Q(harm_size="")
                            & ~Q(harm_causes="")
                        )
                        | (Q(ruling_date__isnull=False) & ~Q(ruling_reference=""))
                    )
                ),
                name="compensation_approved_only_when_conditions_hold",
            ),
            models.CheckConstraint(
                condition=~Q(status=CompensationStatus.PAID) | (Q(paid_on__isnull=False) & ~Q(payment_reference="")),
                name="compensation_paid_has_payment",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Compensation for complaint %(number)s") % {"number": self.complaint.number})

    @property
    def minutes_complete(self) -> bool:
        return bool(self.minutes_date and self.minutes_approved_by_members and self.harm_size and self.harm_causes)

    @property
    def ruling_complete(self) -> bool:
        return bool(self.ruling_date and self.ruling_reference)

    def unmet_conditions(self) -> list[str]:
        """What still stands between this file and its approval, worded for the officer."""
        missing = []
        if not self.harm_caused_by_association:
            missing.append(str(_("It is not established that the association caused the harm.")))
        if not (self.minutes_complete or self.ruling_complete):
            missing.append(
                str(
                    _(
                        "Record the investigation committee's minutes (dated, approved by its members, with the "
                        "size and causes of the harm) or a judicial or final ruling."
                    )
                )
            )
        if not self.negotiation_notes.strip():
            missing.append(str(_("Record the negotiation with the beneficiary.")))
        if not self.agreed_amount:
            missing.append(str(_("Record the agreed amount.")))
        return missing
