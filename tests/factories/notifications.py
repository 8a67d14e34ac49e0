"""Outbox rows as they look after delivery, for pages and query counts (notification_send makes real ones)."""

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from notifications.models import Channel, Event, Message, MessageStatus, StaffTask, StaffTaskStatus


class MessageFactory(factory.django.DjangoModelFactory):
    """An SMS that was sent. ``MessageFactory(recipient=beneficiary, failed=True)``, ``letter_done=True``…"""

    class Meta:
        model = Message
        exclude = ("recipient",)

    recipient = None
    idempotency_key = factory.Sequence(lambda n: f"test-message-{n}")
    event = Event.REQUEST_RECEIVED
    channel = Channel.SMS
    language = "ar"
    recipient_content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.recipient))
    recipient_object_id = factory.LazyAttribute(lambda o: o.recipient.pk)
    recipient_name = factory.LazyAttribute(lambda o: getattr(o.recipient, "full_name", str(o.recipient)))
    address = "+966501234567"
    subject = "استلام طلبكم رقم REQ-2026-0042"
    body = "استلمت الجمعية طلبكم رقم REQ-2026-0042، وسنراجع بياناته ومرفقاته ونبلغكم بأي نقص."
    status = MessageStatus.SENT
    attempts = 1
    sent_at = factory.LazyFunction(timezone.now)
    last_attempt_at = factory.LazyFunction(timezone.now)

    class Params:
        failed = factory.Trait(
            status=MessageStatus.FAILED,
            event=Event.DECISION,
            subject="قرار لجنة البحث في طلبكم رقم REQ-2026-0042",
            sent_at=None,
            attempts=12,
            last_error="SMS gateway answered HTTP 503: maintenance",
        )
        letter = factory.Trait(
            channel=Channel.LETTER,
            status=MessageStatus.AWAITING_STAFF,
            event=Event.DELIVERY,
            address="شارع الأمير سعود، النسيم، الرياض",
            sent_at=None,
            attempts=0,
            last_attempt_at=None,
        )


class StaffTaskFactory(factory.django.DjangoModelFactory):
    """An open letter task for a letter message."""

    class Meta:
        model = StaffTask

    message = factory.SubFactory(MessageFactory, letter=True)
    kind = factory.LazyAttribute(lambda o: o.message.channel)
    status = StaffTaskStatus.OPEN
