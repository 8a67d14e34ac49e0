"""Hand one claimed message to its channel. No database writes happen here."""

import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from notifications.backends import PermanentDeliveryError, TemporaryDeliveryError, get_sms_backend
from notifications.models import Channel, Message


def channel_deduplicates(channel: str) -> bool:
    """Whether sending a message again with the same key is harmless (the gateway drops the repeat)."""
    if channel != Channel.SMS:
        return False
    try:
        return bool(get_sms_backend().supports_idempotency)
    except Exception:
        # A misconfigured gateway cannot promise anything: treat a crashed send as unknown.
        return False


def _email_message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain.strip('>')}>"


def _send_email(message: Message) -> str:
    email = EmailMessage(
        subject=" ".join(message.subject.split()) or message.get_event_display(),
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        # The same message always carries the same Message-ID, so a mail system that sees
        # it twice can tell it is one message.
        headers={"Message-ID": _email_message_id(message.delivery_key), "X-Idempotency-Key": message.delivery_key},
    )
    try:
        sent = get_connection(fail_silently=False).send_messages([email])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as error:
        raise PermanentDeliveryError(_("The email server refused the message: %(error)s") % {"error": error}) from error
    except (smtplib.SMTPException, OSError) as error:
        raise TemporaryDeliveryError(_("The email server is unavailable: %(error)s") % {"error": error}) from error
    if not sent:
        raise TemporaryDeliveryError(_("The email server accepted nothing."))
    return ""


def deliver(message: Message) -> str:
    """Send the message; return the gateway's reference. Raises a DeliveryError on failure."""
    if not message.address:
        raise PermanentDeliveryError(_("There is no address to send to."))
    if message.channel == Channel.SMS:
        return get_sms_backend().send(to=message.address, text=message.body, idempotency_key=message.delivery_key)
    if message.channel == Channel.EMAIL:
        return _send_email(message)
    raise PermanentDeliveryError(f"The {message.channel} channel is not delivered by the worker.")
