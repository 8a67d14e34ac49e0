"""What PDPL asks the registry to prove: who opened a record, what the person agreed to,
erasure requests and data breaches. Imported by models.py so Django registers them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from policies.choices import Channel


class AccessAction(models.TextChoices):
    VIEW = "view", _("Opened the record")
    DOCUMENT = "document", _("Opened a document")
    EXPORT = "export", _("Exported the person's data")
    CASE_FILE = "case_file", _("Printed the case file")


class BeneficiaryAccessLog(models.Model):
    """One opening of a person's data by a staff member (R30). Append-only: never edited."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary", on_delete=models.CASCADE, related_name="access_logs", verbose_name=_("beneficiary")
    )
    action = models.CharField(_("action"), max_length=20, choices=AccessAction.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=AccessAction.values), name="access_log_action_valid"),
        ]
        indexes = [models.Index(fields=["beneficiary", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_action_display()} — {self.beneficiary_id}"


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Processing my data to provide services")
    CONTACT = "contact", _("Contacting me through the agreed channel")
    SURVEY_LINKED = "survey_linked", _("Linking my survey answers to my record")


class ConsentStatus(models.TextChoices):
    GRANTED = "granted", _("Agreed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Consent(models.Model):
    """What a person agreed to, when and how; withdrawing keeps the row, the history keeps every turn."""

    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary", on_delete=models.CASCADE, related_name="consents", verbose_name=_("beneficiary")
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    status = models.CharField(_("status"), max_length=10, choices=ConsentStatus.choices)
    channel = models.CharField(_("given through"), max_length=30, choices=Channel.choices)
    granted_at = models.DateTimeField(_("agreed at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_channel = models.CharField(_("withdrawn through"), max_length=30, choices=Channel.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["beneficiary", "purpose"]
        constraints = [
            models.UniqueConstraint(fields=["beneficiary", "purpose"], name="consent_one_per_purpose"),
            models.CheckConstraint(condition=Q(purpose__in=ConsentPurpose.values), name="consent_purpose_valid"),
            models.CheckConstraint(condition=Q(status__in=ConsentStatus.values), name="consent_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ConsentStatus.GRANTED, withdrawn_at__isnull=True)
                | Q(status=ConsentStatus.WITHDRAWN, withdrawn_at__isnull=False),
                name="consent_withdrawal_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} — {self.get_status_display()}"

    @property
    def is_granted(self) -> bool:
        return self.status == ConsentStatus.GRANTED


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting a manager")
    CARRIED_OUT = "carried_out", _("Carried out: the record is anonymised")
    REFUSED = "refused", _("Refused")


class ErasureRequest(models.Model):
    """A person's request to have their data erased; a manager carries it out or refuses with a reason."""

    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        on_delete=models.CASCADE,
        related_name="erasure_requests",
        verbose_name=_("beneficiary"),
    )
    channel = models.CharField(_("received through"), max_length=30, choices=Channel.choices)
    reason = models.TextField(_("what the person asked"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("received by")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=ErasureStatus.choices, default=ErasureStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ErasureStatus.values), name="erasure_status_valid"),
            models.CheckConstraint(
                condition=Q(status=ErasureStatus.PENDING) | Q(decided_at__isnull=False),
                name="erasure_decision_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=ErasureStatus.REFUSED) | ~Q(decision_note=""),
                name="erasure_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} — {self.get_status_display()}"


# PDPL: the regulator (SDAIA) is told within 72 hours of the association becoming aware.
BREACH_NOTIFICATION_HOURS = 72


class DataBreach(models.Model):
    """The data-breach register: what happened, whose data, and the regulator's 72-hour deadline."""

    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("details"))
    data_affected = models.CharField(_("kinds of data affected"), max_length=300, blank=True)
    occurred_at = models.DateTimeField(_("happened at"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("found at"))
    notify_deadline = models.DateTimeField(_("regulator to be told by"), editable=False)
    beneficiaries = models.ManyToManyField(
        "beneficiaries.Beneficiary", blank=True, related_name="+", verbose_name=_("people affected")
    )
    affected_count = models.PositiveIntegerField(
        _("number of people affected"), default=0, help_text=_("When the people are not known one by one.")
    )
    measures = models.TextField(_("measures taken"), blank=True)
    regulator_notified_at = models.DateTimeField(_("regulator told at"), null=True, blank=True)
    people_notified_at = models.DateTimeField(_("people affected told at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("data breach")
        verbose_name_plural = _("data breach register")
        ordering = ["-discovered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(occurred_at__isnull=True) | Q(occurred_at__lte=models.F("discovered_at")),
                name="breach_found_after_it_happened",
            ),
            models.CheckConstraint(
                condition=Q(regulator_notified_at__isnull=True)
                | Q(regulator_notified_at__gte=models.F("discovered_at")),
                name="breach_notified_after_found",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.regulator_notified_at is None and timezone.now() > self.notify_deadline
