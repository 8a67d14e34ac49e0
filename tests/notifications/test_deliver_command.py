"""Without a Celery worker, `manage.py deliver_notifications` sends the outbox (cron or --loop)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError
from factories import BeneficiaryFactory

from notifications import services
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


# Committed rows: the loop closes its broken connection as Django does between requests, which
# would end a test's enclosing transaction.
@pytest.mark.django_db(transaction=True)
def test_the_loop_waits_out_a_database_outage_and_sends_once_the_database_is_back(category, sms_outbox, monkeypatch):
    message = notification_send(
        event=Event.SURVEY_INVITATION, recipient=BeneficiaryFactory(category=category), context={}
    )
    real_deliver = services.messages_deliver_due
    outage = iter([True, True, False, False])

    def deliver_unless_down(**kwargs):
        if next(outage):
            raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")
        return real_deliver(**kwargs)

    monkeypatch.setattr(services, "messages_deliver_due", deliver_unless_down)
    err = StringIO()

    call_command("deliver_notifications", "--loop", "--interval", "0", "--passes", "3", stdout=StringIO(), stderr=err)

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(sms_outbox) == 1
    assert err.getvalue().count("database unavailable") == 2


def test_a_single_pass_still_reports_a_database_outage_as_an_error(category, monkeypatch):
    def down(**kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(services, "messages_deliver_due", down)

    with pytest.raises(OperationalError):
        call_command("deliver_notifications", stdout=StringIO())
