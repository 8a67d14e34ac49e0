"""Every write of the outbox: creating messages, claiming and delivering them, staff tasks and
in-app notifications.

Delivery guarantee (README "Background work"): a message row is written in the same database
transaction as the event that caused it, so it exists exactly when the event does. Workers claim
due rows with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL) and a compare-and-set from
``pending`` to ``sending``, so two workers never hold the same message. A worker that dies while
sending leaves the row in ``sending``; after ``NOTIFICATIONS_SENDING_TIMEOUT`` it is recovered:

* through a gateway that de-duplicates on the ``Idempotency-Key`` header (the HTTP SMS gateway),
  it is sent again with the same key — at-least-once delivery that the gateway turns into once;
* through a channel that cannot de-duplicate (SMTP email, console), it is marked failed with
  "outcome unknown" — at-most-once, and the failure is listed for a person to resend.
"""

import json
import logging
import os
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, InterfaceError, OperationalError, connection, models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications import channels
from notifications.backends import DeliveryError
from notifications.models import (
    AUTOMATIC_CHANNELS,
    STAFF_CHANNELS,
    Channel,
    Event,
    Language,
    Message,
    MessageStatus,
    MessageTemplate,
    StaffNotification,
    StaffTask,
    StaffTaskStatus,
)
from notifications.recipients import Contact, contact_for, is_staff_user
from notifications.rendering import global_context, render_text

logger = logging.getLogger("notifications")


class NotificationError(Exception):
    """An outbox rule refused an action; the message is translated and shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class TemplateMissingError(NotificationError):
    pass


def _save(instance: models.Model, *, actor: AbstractBaseUser | None = None, reason: str = "") -> None:
    if actor is not None:
        instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.full_clean()
    instance.save()


class _StorableEncoder(DjangoJSONEncoder):
    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return str(o)


def _storable(context: Mapping[str, Any]) -> dict[str, Any]:
    """The context as JSON, kept with the message to show what it was rendered from."""
    return json.loads(json.dumps(dict(context), cls=_StorableEncoder))


def _choose_language(language: str | None, contact: Contact) -> str:
    for candidate in (language, contact.language, settings.LANGUAGE_CODE):
        code = (candidate or "")[:2].lower()
        if code in Language.values:
            return code
    return Language.ARABIC


def _choose_channel(channel: str | None, contact: Contact, recipient: models.Model) -> str:
    chosen = channel or contact.channel or Channel.SMS
    if chosen not in Channel.values:
        raise ValueError(f"Unknown channel: {chosen!r}")
    if chosen == Channel.IN_APP and not is_staff_user(recipient):
        raise ValueError("Only staff users receive in-app notifications.")
    return chosen


def message_template_for(*, event: str, language: str, channel: str) -> MessageTemplate:
    """The most specific template: this language and channel, then this language, then the default language."""
    candidates = list(
        MessageTemplate.objects.filter(
            event=event, language__in={language, settings.LANGUAGE_CODE[:2]}, channel__in=[channel, ""]
        )
    )
    if not candidates:
        raise TemplateMissingError(
            _("There is no message template for “%(event)s”; an administrator must add one.")
            % {"event": Event(event).label}
        )
    return max(candidates, key=lambda template: (template.language == language, template.channel == channel))


def _missing_address_error(channel: str) -> str:
    return {
        Channel.SMS: _("No mobile number on record."),
        Channel.PHONE: _("No mobile number on record."),
        Channel.EMAIL: _("No email address on record."),
        Channel.LETTER: _("No postal address on record."),
    }[channel]


def _enqueue_delivery(message_id: int) -> None:
    """Nudge a worker after commit. If the broker is down the row waits for the periodic sweep."""
    from notifications.tasks import deliver_message

    try:
        deliver_message.delay(message_id)
    except Exception:
        logger.warning("Could not queue message %s now; the periodic delivery will send it.", message_id, exc_info=True)


@transaction.atomic
def notification_send(
    *,
    event: str,
    recipient: models.Model,
    context: Mapping[str, Any] | None = None,
    channel: str | None = None,
    language: str | None = None,
    idempotency_key: str | None = None,
    contact: Contact | None = None,
) -> Message:
    """Write the message for an event to the outbox, in the caller's transaction.

    ``recipient`` is any saved model instance (a beneficiary, a complaint, a staff user); the
    channel defaults to the recipient's agreed channel and the language to theirs, else Arabic.
    Give ``idempotency_key`` a natural value ("decision:request-42") so that repeating the
    event never sends twice: the existing message is returned instead.
    Staff users are notified in the portal (the bell) unless another channel is asked for.
    Letters and calls become a task in reception's queue; SMS and email go to the worker
    once the transaction commits.
    """
    if event not in Event.values:
        raise ValueError(f"Unknown event: {event!r}")
    if recipient.pk is None:
        raise ValueError("Save the recipient before notifying them.")
    content_type = ContentType.objects.get_for_model(recipient)
    key = idempotency_key or f"{event}:{content_type.app_label}.{content_type.model}:{recipient.pk}:{uuid4().hex}"
    existing = Message.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing

    contact = contact or contact_for(recipient)
    chosen_channel = _choose_channel(channel, contact, recipient)
    chosen_language = _choose_language(language, contact)
    values = {**global_context(language=chosen_language), "recipient_name": contact.name, **(context or {})}
    missing_template_error = ""
    try:
        template = message_template_for(event=event, language=chosen_language, channel=chosen_channel)
        subject = " ".join(render_text(template.subject, context=values, language=chosen_language).split())
        body = render_text(template.body, context=values, language=chosen_language)
    except TemplateMissingError:
        # The event happened all the same (a request was filed); the gap shows as a failed
        # message on the person's page and in the admin's failed list, not as an error page.
        with translation.override(settings.LANGUAGE_CODE):
            missing_template_error = _(
                "There is no message template for “%(event)s”; an administrator must add one."
            ) % {"event": Event(event).label}
        subject = body = str(Event(event).label)
    now = timezone.now()
    message = Message(
        idempotency_key=key,
        event=event,
        channel=chosen_channel,
        language=chosen_language,
        recipient_content_type=content_type,
        recipient_object_id=recipient.pk,
        recipient_name=contact.name[:200],
        address=contact.address_for(chosen_channel)[:300],
        subject=subject[:200],
        body=body,
        context=_storable(context or {}),
        created_at=now,
    )
    if missing_template_error:
        message.status = MessageStatus.FAILED
        message.last_error = missing_template_error
    elif chosen_channel == Channel.IN_APP:
        message.status = MessageStatus.SENT
        message.sent_at = now
    elif not message.address:
        # The event still happens; the missing address shows as a failure on the person's page.
        message.status = MessageStatus.FAILED
        with translation.override(settings.LANGUAGE_CODE):
            message.last_error = _missing_address_error(chosen_channel)
    elif chosen_channel in STAFF_CHANNELS:
        message.status = MessageStatus.AWAITING_STAFF
    else:
        message.status = MessageStatus.PENDING
        message.next_attempt_at = now
    try:
        with transaction.atomic():
            _save(message, reason=_("Queued"))
    except (IntegrityError, ValidationError):
        # Another transaction wrote the same event at the same moment: theirs stands.
        duplicate = Message.objects.filter(idempotency_key=key).first()
        if duplicate is None:
            raise
        return duplicate

    if message.status == MessageStatus.AWAITING_STAFF:
        _save(StaffTask(message=message, kind=chosen_channel), reason=_("Task created"))
    elif chosen_channel == Channel.IN_APP:
        staff_notification_create(
            user=recipient,
            title=message.subject or message.get_event_display(),
            body=message.body,
            url=str(values.get("url", "")),
            message=message,
        )
    elif message.status == MessageStatus.PENDING:
        transaction.on_commit(partial(_enqueue_delivery, message.pk), robust=True)
    return message


# --- The worker's side -------------------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base … capped (1, 2, 4 … 60 minutes by default)."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    seconds = min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS)
    return timedelta(seconds=seconds)


def message_claim_due(*, limit: int, worker: str, message_ids: list[int] | None = None) -> list[Message]:
    """Move up to ``limit`` due messages from pending to sending for this worker, and commit.

    On PostgreSQL the candidate rows are locked with SKIP LOCKED, so concurrent workers take
    different rows instead of waiting; on SQLite the IMMEDIATE transaction serialises them.
    Either way the conditional UPDATE (only while still pending) is the compare-and-set that
    makes the claim exclusive; it is an UPDATE rather than full_clean/save because the status
    check must happen in the same statement as the write.
    """
    now = timezone.now()
    claimed: list[int] = []
    with transaction.atomic():
        due = Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        if message_ids is not None:
            due = due.filter(pk__in=message_ids)
        due = due.order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        for pk in list(due.values_list("pk", flat=True)[:limit]):
            updated = Message.objects.filter(pk=pk, status=MessageStatus.PENDING).update(
                status=MessageStatus.SENDING,
                claimed_at=now,
                claimed_by=worker[:150],
                claim_token=uuid4().hex,
                attempts=F("attempts") + 1,
                last_attempt_at=now,
            )
            if updated:
                claimed.append(pk)
        # Read inside the claim: had the database gone between commit and a later read, the rows
        # would sit in "sending", unsent, until the recovery timeout.
        return list(Message.objects.filter(pk__in=claimed).order_by("next_attempt_at", "pk"))


def _locked_claim(message: Message) -> Message | None:
    """The row again, locked, if this worker still holds the claim (it may have been recovered)."""
    current = Message.objects.select_for_update().get(pk=message.pk)
    if current.status != MessageStatus.SENDING or current.claim_token != message.claim_token:
        logger.warning("Message %s was recovered from this worker while it was sending.", message.pk)
        return None
    return current


@transaction.atomic
def message_record_sent(*, message: Message, reference: str = "") -> Message:
    current = _locked_claim(message)
    if current is None:
        return Message.objects.get(pk=message.pk)
    current.status = MessageStatus.SENT
    current.sent_at = timezone.now()
    current.next_attempt_at = None
    current.provider_reference = reference[:200]
    current.last_error = ""
    current.claim_token = ""
    _save(current, reason=_("Sent"))
    return current


@transaction.atomic
def message_record_failure(*, message: Message, error: str, permanent: bool) -> Message:
    current = _locked_claim(message)
    if current is None:
        return Message.objects.get(pk=message.pk)
    current.last_error = error[:2000]
    current.claim_token = ""
    if permanent or current.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        current.status = MessageStatus.FAILED
        current.next_attempt_at = None
        reason = _("Failed")
    else:
        current.status = MessageStatus.PENDING
        current.next_attempt_at = timezone.now() + retry_delay(current.attempts)
        reason = _("Will retry")
    _save(current, reason=reason)
    return current


def message_deliver(*, message: Message) -> Message:
    """Send one claimed message through its channel and record what happened.

    Errors are recorded in the association's language (LANGUAGE_CODE), whoever triggered the send.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _deliver(message)


def _deliver(message: Message) -> Message:
    try:
        reference = channels.deliver(message)
    except DeliveryError as error:
        logger.info("Message %s attempt %s failed: %s", message.pk, message.attempts, error)
        return _record_outcome(message_record_failure, message=message, error=str(error), permanent=error.permanent)
    except Exception as error:
        logger.exception("Message %s attempt %s raised", message.pk, message.attempts)
        return _record_outcome(
            message_record_failure, message=message, error=f"{type(error).__name__}: {error}", permanent=False
        )
    return _record_outcome(message_record_sent, message=message, reference=reference or "")


def _record_outcome(record: Callable[..., Message], **kwargs: Any) -> Message:
    """Write down what the channel answered, waiting out a database restart to do so.

    The worker is the only one who knows whether the gateway took the message. Giving up at the
    first connection error would leave the row in "sending" until the recovery timeout, after
    which an email that did arrive is listed as failed (and may be resent by hand), and an SMS
    goes out again for the gateway to drop. So the write is tried again, on a new connection,
    for up to NOTIFICATIONS_RECORD_RETRY_SECONDS. Inside a caller's transaction a new connection
    is impossible, so there the error is raised at once.
    """
    deadline = time.monotonic() + settings.NOTIFICATIONS_RECORD_RETRY_SECONDS
    wait = 0.5
    while True:
        try:
            return record(**kwargs)
        except (OperationalError, InterfaceError) as error:
            if connection.in_atomic_block or time.monotonic() + wait > deadline:
                raise
            logger.warning(
                "Message %s: the database is unavailable, recording again in %.1f s: %s",
                kwargs["message"].pk,
                wait,
                error,
            )
            connection.close()
            time.sleep(wait)
            wait = min(wait * 2, 5.0)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    recovered: int = 0

    def add(self, message: Message) -> None:
        if message.status == MessageStatus.SENT:
            self.sent += 1
        elif message.status == MessageStatus.FAILED:
            self.failed += 1
        else:
            self.retrying += 1


def messages_deliver_due(
    *, limit: int | None = None, worker: str | None = None, message_ids: list[int] | None = None
) -> DeliveryReport:
    """Claim and send due messages in batches until none is due (or ``limit`` were tried)."""
    report = DeliveryReport()
    worker = worker or worker_name()
    remaining = limit if limit is not None else float("inf")
    while remaining > 0:
        batch = message_claim_due(
            limit=int(min(remaining, settings.NOTIFICATIONS_BATCH_SIZE)), worker=worker, message_ids=message_ids
        )
        if not batch:
            break
        for message in batch:
            report.add(message_deliver(message=message))
        remaining -= len(batch)
    return report


def messages_recover_stuck() -> int:
    """Release messages a dead worker left in "sending" (see the module docstring for the choice)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _recover_stuck()


def _recover_stuck() -> int:
    cutoff = timezone.now() - timedelta(seconds=settings.NOTIFICATIONS_SENDING_TIMEOUT)
    recovered = 0
    for pk in Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            message = (
                Message.objects.select_for_update()
                .filter(pk=pk, status=MessageStatus.SENDING, claimed_at__lt=cutoff)
                .first()
            )
            if message is None:
                continue
            message.claim_token = ""
            if (
                channels.channel_deduplicates(message.channel)
                and message.attempts < settings.NOTIFICATIONS_MAX_ATTEMPTS
            ):
                message.status = MessageStatus.PENDING
                message.next_attempt_at = timezone.now()
                message.last_error = _(
                    "A worker stopped while sending; sent again with the same idempotency key, "
                    "which the gateway uses to drop a repeat."
                )
            else:
                message.status = MessageStatus.FAILED
                message.next_attempt_at = None
                message.last_error = _(
                    "A worker stopped while sending, so it is unknown whether the message arrived. "
                    "It was not sent again automatically: check with the recipient and resend if needed."
                )
            _save(message, reason=_("Recovered after a worker stopped"))
            recovered += 1
    return recovered


# --- People's actions ----------------------------------------------------------------------------


@transaction.atomic
def message_resend(*, actor: AbstractBaseUser, message: Message) -> Message:
    """Send a failed (or sent but not received) message again, to the recipient's current address."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.can_be_resent:
        raise NotificationError(_("Only a failed or sent message can be sent again."))
    recipient = message.recipient
    if recipient is not None:
        current_address = contact_for(recipient).address_for(message.channel)
        if current_address:
            message.address = current_address[:300]
    if not message.address:
        raise NotificationError(_("There is no address to send this message to; correct the record first."))
    message.resend_count += 1
    message.attempts = 0
    message.last_error = ""
    message.sent_at = None
    message.provider_reference = ""
    message.claim_token = ""
    if message.channel in AUTOMATIC_CHANNELS:
        message.status = MessageStatus.PENDING
        message.next_attempt_at = timezone.now()
    else:
        message.status = MessageStatus.AWAITING_STAFF
        message.next_attempt_at = None
    _save(message, actor=actor, reason=_("Resent"))
    if message.channel in STAFF_CHANNELS:
        _save(StaffTask(message=message, kind=message.channel), actor=actor, reason=_("Task created"))
    else:
        transaction.on_commit(partial(_enqueue_delivery, message.pk), robust=True)
    return message


@transaction.atomic
def staff_task_complete(*, actor: AbstractBaseUser, task: StaffTask, reached: bool = True, note: str = "") -> StaffTask:
    """Record that the letter was sent or the call made (or that the person could not be reached)."""
    task = StaffTask.objects.select_for_update().get(pk=task.pk)
    if task.status != StaffTaskStatus.OPEN:
        raise NotificationError(_("This task has already been done."))
    now = timezone.now()
    task.status = StaffTaskStatus.DONE if reached else StaffTaskStatus.UNREACHABLE
    task.completed_at = now
    task.completed_by = actor
    task.note = note.strip()
    _save(task, actor=actor, reason=task.get_status_display())
    message = Message.objects.select_for_update().get(pk=task.message_id)
    if reached:
        message.status = MessageStatus.SENT
        message.sent_at = now
        message.last_error = ""
    else:
        message.status = MessageStatus.FAILED
        message.last_error = (
            _("Could not reach the recipient: %(note)s") % {"note": task.note}
            if task.note
            else _("Could not reach the recipient.")
        )
    _save(message, actor=actor, reason=task.get_status_display())
    return task


@transaction.atomic
def message_template_save(*, actor: AbstractBaseUser, template: MessageTemplate) -> MessageTemplate:
    """An administrator's edit of a message text; the syntax is checked before it is saved."""
    template.updated_by = actor
    _save(template, actor=actor, reason=_("Text edited"))
    return template


@transaction.atomic
def staff_notification_create(
    *, user: AbstractBaseUser, title: str, body: str = "", url: str = "", message: Message | None = None
) -> StaffNotification:
    """Tell a staff member in the portal about work assigned to them (the bell in the header)."""
    notification = StaffNotification(
        user=user, title=" ".join(str(title).split())[:200], body=str(body), url=str(url)[:500], message=message
    )
    _save(notification)
    return notification


@transaction.atomic
def staff_notification_mark_read(*, user: AbstractBaseUser, notification: StaffNotification) -> StaffNotification:
    if notification.user_id != user.pk:
        raise NotificationError(_("This notification belongs to someone else."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        _save(notification)
    return notification


@transaction.atomic
def staff_notifications_mark_all_read(*, user: AbstractBaseUser) -> int:
    # One UPDATE for the whole list: nothing about a notice's other fields changes.
    return StaffNotification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
