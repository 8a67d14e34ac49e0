"""Service catalog, support requests, their timeline and the intake records (R6–R12, R15)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from beneficiaries.models import Beneficiary, DocumentType
from notifications.models import Channel as MessageChannel
from policies.choices import Channel
from policies.models import BeneficiaryCategory


class RequiredData(models.TextChoices):
    """Facts of the registry a service type needs before a request can be complete (R7)."""

    IDENTITY = "identity", _("Identity number and its expiry date")
    CONTACT = "contact", _("Mobile number and address")
    HOUSEHOLD = "household", _("Household members")
    INCOME = "income", _("Monthly income and expenses")
    HEALTH = "health", _("Health status")


class ServiceType(models.Model):
    """A service the association offers (R6): who may ask, what they must bring, up to how much."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    name_en = models.CharField(_("name in English"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    eligibility_conditions = models.TextField(
        _("eligibility conditions"), blank=True, help_text=_("Shown to staff and applicants; one condition per line.")
    )
    categories = models.ManyToManyField(
        BeneficiaryCategory,
        blank=True,
        related_name="service_types",
        verbose_name=_("categories allowed"),
        help_text=_("Leave empty when every category may apply."),
    )
    required_documents = models.ManyToManyField(
        DocumentType, blank=True, related_name="service_types", verbose_name=_("required documents")
    )
    required_data = models.JSONField(
        _("required data"), default=list, blank=True, help_text=_("The registry facts that must be on file.")
    )
    max_amount = models.DecimalField(_("maximum amount (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(m2m_fields=[categories, required_documents])

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=0), name="service_type_max_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        if (get_language() or "ar").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def conditions(self) -> list[str]:
        return [line.strip() for line in self.eligibility_conditions.splitlines() if line.strip()]

    @property
    def required_data_labels(self) -> list[str]:
        return [str(RequiredData(code).label) for code in self.required_data if code in RequiredData.values]


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    INCOMPLETE = "incomplete", _("Incomplete")
    COMPLETE = "complete", _("Complete")
    REFERRED = "referred", _("Referred to the committee")
    UNDER_RESEARCH = "under_research", _("Under social research")
    ON_HOLD = "on_hold", _("On hold")
    DECIDED = "decided", _("Decided")
    NOTIFIED = "notified", _("Beneficiary notified")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


# Before a decision the request can still be withdrawn or cancelled.
OPEN_STATUSES = (
    RequestStatus.DRAFT,
    RequestStatus.INCOMPLETE,
    RequestStatus.COMPLETE,
    RequestStatus.REFERRED,
    RequestStatus.UNDER_RESEARCH,
    RequestStatus.ON_HOLD,
)
# The response clock runs from completion until the committee decides (R11).
CLOCK_STATUSES = (
    RequestStatus.COMPLETE,
    RequestStatus.REFERRED,
    RequestStatus.UNDER_RESEARCH,
    RequestStatus.ON_HOLD,
)
CLOCK_RUNNING_STATUSES = (RequestStatus.COMPLETE, RequestStatus.REFERRED, RequestStatus.UNDER_RESEARCH)
# Ended without an answer: the clock no longer applies, whether or not it had started.
ENDED_STATUSES = (RequestStatus.WITHDRAWN, RequestStatus.CANCELLED)
# Statuses reached only after completion: they always carry completed_at and the first due date.
COMPLETED_STATUSES = (
    *CLOCK_STATUSES,
    RequestStatus.DECIDED,
    RequestStatus.NOTIFIED,
    RequestStatus.DELIVERED,
    RequestStatus.CLOSED,
)


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
    REJECTED = "rejected", _("Rejected")


class ReferenceSequence(models.Model):
    """The last reference number used in a Hijri year; its row is locked while a number is taken."""

    hijri_year = models.PositiveSmallIntegerField(_("Hijri year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference number sequence")
        verbose_name_plural = _("reference number sequences")

    def __str__(self) -> str:
        return f"{self.hijri_year}: {self.last_number}"


class SupportRequest(models.Model):
    reference_number = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    tracking_code = models.CharField(_("tracking code"), max_length=20, unique=True, editable=False)
    submission_key = models.UUIDField(_("submission key"), unique=True, null=True, blank=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.PROTECT, related_name="support_requests", verbose_name=_("beneficiary")
    )
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="requests", verbose_name=_("service")
    )
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_support_requests",
        verbose_name=_("received by"),
    )
    amount_requested = models.DecimalField(
        _("amount requested (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    need_description = models.TextField(_("need"), blank=True)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT, db_index=True
    )
    missing_items = models.JSONField(_("missing items"), default=list, blank=True)

    # Data verification (R8): what the staff member confirmed against the documents.
    verified_at = models.DateTimeField(_("data verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("data verified by"),
    )
    verified_facts = models.JSONField(_("facts confirmed"), default=list, blank=True)
    verified_data_hash = models.CharField(_("fingerprint of the verified data"), max_length=64, blank=True)

    # The response clock (R11).
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    due_date = models.DateField(_("answer due"), null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    working_days_left_at_pause = models.SmallIntegerField(_("working days left when paused"), null=True, blank=True)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True)

    assigned_researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="researched_support_requests",
        verbose_name=_("social researcher"),
    )

    # The committee's decision (R13) and the beneficiary being told (R14).
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    approved_amount = models.DecimalField(
        _("approved amount (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("beneficiary notified at"), null=True, blank=True)
    # The channel the outbox used for the decision (R14): SMS, email, letter, phone call.
    notified_via = models.CharField(
        _("beneficiary notified by"), max_length=10, choices=MessageChannel.choices, blank=True
    )

    closing_reason = models.TextField(_("reason for withdrawal or cancellation"), blank=True)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="support_request_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="support_request_channel_valid"),
            models.CheckConstraint(
                condition=Q(decision__in=["", *Decision.values]), name="support_request_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(reference_number__regex=r"^[0-9]{4}-[0-9]{6,}$"),
                name="support_request_reference_format",
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gt=0),
                name="support_request_amount_positive",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=COMPLETED_STATUSES)
                | (
                    Q(completed_at__isnull=False)
                    & Q(due_date__isnull=False)
                    & Q(verified_at__isnull=False)
                    & ~Q(verified_data_hash="")
                ),
                name="support_request_completed_has_clock",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(due_date__isnull=False),
                name="support_request_completed_has_due_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=RequestStatus.ON_HOLD)
                | Q(paused_at__isnull=False, working_days_left_at_pause__isnull=False),
                name="support_request_on_hold_has_pause",
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.ON_HOLD) | Q(paused_at__isnull=True),
                name="support_request_paused_only_on_hold",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RequestStatus.UNDER_RESEARCH, RequestStatus.ON_HOLD])
                | Q(assigned_researcher__isnull=False),
                name="support_request_research_has_researcher",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RequestStatus.DECIDED, RequestStatus.NOTIFIED, RequestStatus.DELIVERED])
                | (Q(decided_at__isnull=False) & ~Q(decision="")),
                name="support_request_decided_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(notified_via="")
                | (Q(notified_at__isnull=False) & Q(notified_via__in=MessageChannel.values)),
                name="support_request_notified_via_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[RequestStatus.WITHDRAWN, RequestStatus.CANCELLED]) | ~Q(closing_reason=""),
                name="support_request_withdrawal_has_reason",
            ),
        ]
        indexes = [
            # One status in deadline order ("to refer" and the status filter): with the id the order is
            # exact, so a page is read from the index; without it PostgreSQL joined and sorted all the
            # requests due on the same day (1,000 on the bench) to show 25 (6 -> 0.3 ms).
            models.Index(fields=["status", "due_date", "id"], name="request_status_due_date"),
            # Queues list the newest first: read in index order instead of sorting 300,000 rows.
            models.Index(fields=["-created_at", "-id"], name="request_newest_first"),
            # One partial index per work queue, in the queue's own order: without them PostgreSQL
            # walks a date index past 250,000 rows of other statuses to fill a page of 25.
            models.Index(
                fields=["created_at", "id"],
                name="request_queue_to_verify",
                condition=models.Q(status__in=[RequestStatus.DRAFT, RequestStatus.INCOMPLETE]),
            ),
            models.Index(
                fields=["due_date", "id"],
                name="request_queue_clock_running",
                condition=models.Q(status__in=CLOCK_RUNNING_STATUSES),
            ),
            models.Index(
                fields=["assigned_researcher", "due_date", "id"],
                name="request_queue_my_research",
                condition=models.Q(status__in=[RequestStatus.UNDER_RESEARCH, RequestStatus.ON_HOLD]),
            ),
            # The managers' dashboard and monthly report count what was completed or decided in a period.
            models.Index(fields=["completed_at"], name="request_completed_at"),
            # A month's decisions are grouped by service and outcome and timed against their due
            # date: on PostgreSQL the index carries those columns, so the 20,000 decisions of a busy
            # month are read from it alone instead of from 20,000 table pages (66 -> 15 ms on the bench).
            models.Index(
                fields=["decided_at"],
                include=["id", "service_type", "decision", "due_date", "approved_amount", "completed_at"],
                name="request_decided_at_covering",
            ),
        ]

    def __str__(self) -> str:
        return self.reference_number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def clock_running(self) -> bool:
        return self.status in CLOCK_RUNNING_STATUSES

    @property
    def clock_paused(self) -> bool:
        return self.status == RequestStatus.ON_HOLD

    def notification_contact(self):
        """Messages about a request go to its beneficiary."""
        from notifications.recipients import contact_for

        return contact_for(self.beneficiary)


class RequestStatusChange(models.Model):
    """One entry of a request's timeline: every transition writes exactly one."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("request")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=RequestStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        # The dashboard counts one kind of change in a period (deferrals) among millions of rows.
        indexes = [models.Index(fields=["to_status", "from_status", "at"], name="status_change_kind_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=["", *RequestStatus.values]) & Q(to_status__in=RequestStatus.values),
                name="status_change_statuses_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} {self.from_status}→{self.to_status}"


class DeclarationMethod(models.TextChoices):
    SIGNATURE_PAD = "signature_pad", _("Signed on screen")
    SCANNED_PAPER = "scanned_paper", _("Scanned signed paper")


def declaration_upload_path(instance, filename: str) -> str:
    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(instance.content_type, "")
    return f"declarations/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Declaration(models.Model):
    """The beneficiary's signed declaration of correctness and responsibility (R9)."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("request")
    )
    method = models.CharField(_("how it was signed"), max_length=20, choices=DeclarationMethod.choices)
    text = models.TextField(_("declaration text"))
    file = models.FileField(_("signature or scan"), upload_to=declaration_upload_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    data_hash = models.CharField(_("fingerprint of the verified data"), max_length=64)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("witnessed by")
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signed declaration")
        verbose_name_plural = _("signed declarations")
        ordering = ["-signed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(method__in=DeclarationMethod.values), name="declaration_method_valid"),
            models.CheckConstraint(
                condition=Q(content_type__in=["application/pdf", "image/jpeg", "image/png"]),
                name="declaration_content_type_allowed",
            ),
            models.CheckConstraint(condition=Q(data_hash__regex=r"^[0-9a-f]{64}$"), name="declaration_hash_sha256"),
        ]

    def __str__(self) -> str:
        return f"{self.request} — {self.get_method_display()}"


class Recommendation(models.TextChoices):
    APPROVE = "approve", _("Approve")
    APPROVE_PARTIALLY = "approve_partially", _("Approve partially")
    REJECT = "reject", _("Reject")
    MORE_INFORMATION = "more_information", _("More information needed")


class ResearchReport(models.Model):
    """The social researcher's study of a request, with an optional field visit (R12)."""

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="research_reports", verbose_name=_("request")
    )
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("social researcher")
    )
    summary = models.TextField(_("findings of the study"))
    field_visit_date = models.DateField(_("field visit date"), null=True, blank=True)
    field_visit_findings = models.TextField(_("field visit findings"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    recommended_amount = models.DecimalField(
        _("recommended amount (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("research report")
        verbose_name_plural = _("research reports")
        ordering = ["-written_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recommendation__in=Recommendation.values), name="research_report_recommendation_valid"
            ),
            models.CheckConstraint(
                condition=Q(field_visit_date__isnull=False) | Q(field_visit_findings=""),
                name="research_report_findings_need_visit",
            ),
            models.CheckConstraint(
                condition=Q(recommended_amount__isnull=True) | Q(recommended_amount__gt=0),
                name="research_report_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} — {self.get_recommendation_display()}"


class DeliveryKind(models.TextChoices):
    CASH = "cash", _("Amount of money")
    IN_KIND = "in_kind", _("In kind")


class Delivery(models.Model):
    """What was handed over, when, by whom, against which receipt (R15)."""

    request = models.OneToOneField(
        SupportRequest, on_delete=models.CASCADE, related_name="delivery", verbose_name=_("request")
    )
    # The request's service, copied when the delivery is recorded (a request's service never
    # changes): the managers' figures group a month's deliveries by service from this table alone.
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="+", verbose_name=_("service"))
    kind = models.CharField(_("what was given"), max_length=10, choices=DeliveryKind.choices)
    amount = models.DecimalField(_("amount (SAR)"), max_digits=10, decimal_places=2, null=True, blank=True)
    items_description = models.TextField(_("items given"), blank=True)
    delivered_on = models.DateField(_("delivered on"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("delivered by")
    )
    receipt_number = models.CharField(_("receipt number"), max_length=50, unique=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["delivered_on"], name="delivery_delivered_on")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DeliveryKind.values), name="delivery_kind_valid"),
            models.CheckConstraint(
                condition=(Q(kind=DeliveryKind.CASH) & Q(amount__gt=0))
                | (Q(kind=DeliveryKind.IN_KIND) & ~Q(items_description="")),
                name="delivery_has_what_was_given",
            ),
            models.CheckConstraint(condition=~Q(receipt_number=""), name="delivery_has_receipt_number"),
        ]

    def __str__(self) -> str:
        return f"{self.request} — {self.receipt_number}"


from requests_app.committee_models import *  # noqa: E402, F403  (the research committee's models, R13)
