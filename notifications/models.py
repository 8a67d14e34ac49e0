"""The outbox: message templates, messages to people, staff tasks and in-app notifications.

Nothing here knows the domain apps. A message points at whoever it was sent to through a
generic relation (a beneficiary, a complainant, a staff user…), and keeps a copy of the
name, address and text it was sent with, so the record stays true when the person's data changes.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Event(models.TextChoices):
    """What happened, from the policy's list of moments the beneficiary (or staff) must be told."""

    REQUEST_RECEIVED = "request_received", _("Request received")
    REQUEST_INCOMPLETE = "request_incomplete", _("Request incomplete")
    REQUEST_COMPLETE = "request_complete", _("Request complete")
    REQUEST_REFERRED = "request_referred", _("Request referred to the research committee")
    DECISION = "decision", _("Committee decision")
    DELIVERY = "delivery", _("Service delivered")
    COMPLAINT_ACKNOWLEDGED = "complaint_acknowledged", _("Complaint acknowledged")
    COMPLAINT_ANSWERED = "complaint_answered", _("Complaint answered")
    SURVEY_INVITATION = "survey_invitation", _("Satisfaction survey invitation")
    DEADLINE_APPROACHING = "deadline_approaching", _("Deadline approaching (staff)")
    DEADLINE_PASSED = "deadline_passed", _("Deadline passed (staff)")


class Channel(models.TextChoices):
    SMS = "sms", _("Text message (SMS)")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    IN_APP = "in_app", _("In-app notification")


# Sent by the worker through a gateway; the others are done by a person or shown in the portal.
AUTOMATIC_CHANNELS = (Channel.SMS, Channel.EMAIL)
STAFF_CHANNELS = (Channel.LETTER, Channel.PHONE)


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    AWAITING_STAFF = "awaiting_staff", _("Waiting for staff")


class MessageTemplate(models.Model):
    """The text of one event in one language; an empty channel means every channel.

    Rendered with Django's template language from the context the event supplies
    (see ``notifications.rendering.EVENT_PLACEHOLDERS``), with autoescaping off: the
    result is plain text for SMS, email, letters and call scripts.
    """

    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=Channel.choices,
        blank=True,
        help_text=_("Leave empty for the text every channel uses; fill it to give one channel its own text."),
    )
    subject = models.CharField(
        _("subject"), max_length=200, help_text=_("Email subject, letter title and in-app notification title.")
    )
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["event", "language", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["event", "language", "channel"], name="one_template_per_event_language"),
            models.CheckConstraint(condition=Q(event__in=Event.values), name="template_event_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="template_language_valid"),
            models.CheckConstraint(condition=Q(channel__in=[*Channel.values, ""]), name="template_channel_valid"),
            models.CheckConstraint(condition=~Q(body=""), name="template_body_not_empty"),
        ]

    def __str__(self) -> str:
        channel = self.get_channel_display() if self.channel else _("every channel")
        return f"{self.get_event_display()} · {self.get_language_display()} · {channel}"

    def clean(self):
        from notifications.rendering import check_template_syntax

        check_template_syntax(subject=self.subject, body=self.body)


class Message(models.Model):
    """One message to one person through one channel: the row the worker delivers."""

    idempotency_key = models.CharField(
        _("idempotency key"),
        max_length=200,
        unique=True,
        help_text=_("The same event never produces two messages; the gateway receives this key too."),
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    recipient_content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient type")
    )
    recipient_object_id = models.PositiveBigIntegerField(_("recipient id"))
    recipient = GenericForeignKey("recipient_content_type", "recipient_object_id")
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    address = models.CharField(
        _("sent to"), max_length=300, blank=True, help_text=_("Mobile number, email or postal address used.")
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    status = models.CharField(
        _("delivery status"), max_length=20, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by worker"), max_length=150, blank=True)
    claim_token = models.CharField(_("claim token"), max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_reference = models.CharField(_("gateway reference"), max_length=200, blank=True)
    resend_count = models.PositiveSmallIntegerField(_("times resent"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["claim_token"])

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due_idx"),
            models.Index(fields=["recipient_content_type", "recipient_object_id"], name="message_recipient_idx"),
            # The admin's list, newest first, and its date menu's first and last day: a year's
            # 300,000 messages were sorted to show a page.
            models.Index(fields=["-created_at", "-id"], name="message_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(event__in=Event.values), name="message_event_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="message_channel_valid"),
            models.CheckConstraint(condition=Q(language__in=Language.values), name="message_language_valid"),
            models.CheckConstraint(condition=Q(status__in=MessageStatus.values), name="message_status_valid"),
            models.CheckConstraint(condition=~Q(idempotency_key=""), name="message_idempotency_key_not_empty"),
            # A queued message always knows when it is due; one being sent knows who claimed it when.
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.PENDING) | Q(next_attempt_at__isnull=False),
                name="message_pending_has_next_attempt",
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENDING) | (Q(claimed_at__isnull=False) & ~Q(claim_token="")),
                name="message_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENT) | Q(sent_at__isnull=False), name="message_sent_has_time"
            ),
            # Only gateway channels go through the worker; only letters and calls wait for staff.
            models.CheckConstraint(
                condition=~Q(status__in=[MessageStatus.PENDING, MessageStatus.SENDING])
                | Q(channel__in=AUTOMATIC_CHANNELS),
                name="message_worker_only_for_gateway_channels",
            ),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.AWAITING_STAFF) | Q(channel__in=STAFF_CHANNELS),
                name="message_staff_wait_only_for_letters_and_calls",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.recipient_name or self.address}"

    @property
    def delivery_key(self) -> str:
        """The key the gateway de-duplicates on: the same for every retry, new for a deliberate resend."""
        if not self.resend_count:
            return self.idempotency_key
        return f"{self.idempotency_key}:resend-{self.resend_count}"

    @property
    def can_be_resent(self) -> bool:
        return self.status in (MessageStatus.FAILED, MessageStatus.SENT) and self.channel != Channel.IN_APP


class FailedMessage(Message):
    """The admin's list of messages that gave up, so nobody has to filter for them."""

    class Meta:
        proxy = True
        verbose_name = _("failed message")
        verbose_name_plural = _("failed messages")


class StaffTaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    UNREACHABLE = "unreachable", _("Could not reach")


class StaffTask(models.Model):
    """A letter to print and send, or a person to call: stays in reception's queue until done."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="staff_tasks", verbose_name=_("message")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=[(c.value, c.label) for c in (Channel.LETTER, Channel.PHONE)]
    )
    status = models.CharField(_("status"), max_length=20, choices=StaffTaskStatus.choices, default=StaffTaskStatus.OPEN)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="completed_notification_tasks",
        verbose_name=_("completed by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff task")
        verbose_name_plural = _("staff tasks")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=STAFF_CHANNELS), name="staff_task_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=StaffTaskStatus.values), name="staff_task_status_valid"),
            models.CheckConstraint(
                condition=Q(status=StaffTaskStatus.OPEN)
                | (Q(completed_at__isnull=False) & Q(completed_by__isnull=False)),
                name="staff_task_completion_recorded",
            ),
            models.UniqueConstraint(
                fields=["message"], condition=Q(status=StaffTaskStatus.OPEN), name="one_open_task_per_message"
            ),
        ]
        indexes = [
            # "Recently done" reads its twenty from here instead of joining every task done to its message.
            models.Index(
                fields=["-completed_at", "-id"],
                condition=~Q(status=StaffTaskStatus.OPEN),
                name="staff_task_done_recent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.message.recipient_name}"

    @property
    def is_open(self) -> bool:
        return self.status == StaffTaskStatus.OPEN


class StaffNotification(models.Model):
    """An in-app notice to one staff member: the bell in the header counts the unread ones."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_notifications",
        verbose_name=_("staff member"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    message = models.ForeignKey(
        Message,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_notifications",
        verbose_name=_("message"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff notification")
        verbose_name_plural = _("staff notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="staff_notification_unread_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="staff_notification_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
