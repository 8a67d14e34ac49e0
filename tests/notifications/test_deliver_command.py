"""Without a Celery worker, `manage.py deliver_notifications` sends the outbox (cron or --loop)."""

from io import StringIO

from django.core.management import call_command
from factories import BeneficiaryFactory

from notifications.models import Event, MessageStatus
from notifications.services import notification_send


def test_the_command_sends_every_queued_message_and_says_how_many(category, sms_outbox):
    people = [BeneficiaryFactory(category=category) for _ in range(3)]
    messages = [notification_send(event=Event.SURVEY_INVITATION, recipient=person, context={}) for person in people]
    out = StringIO()

    call_command("deliver_notifications", stdout=out)

    assert "sent 3, retrying 0, failed 0, recovered 0" in out.getvalue()
    assert {sms["to"] for sms in sms_outbox} == {person.mobile for person in people}
    for message in messages:
        message.refresh_from_db()
        assert message.status == MessageStatus.SENT


def test_the_command_in_a_loop_stops_after_the_passes_asked_for(category, sms_outbox):
    notification_send(event=Event.SURVEY_INVITATION, recipient=BeneficiaryFactory(category=category), context={})
    out = StringIO()

    call_command("deliver_notifications", "--loop", "--interval", "0", "--passes", "2", stdout=out)

    assert len(sms_outbox) == 1
