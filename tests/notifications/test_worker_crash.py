"""Two workers never send the same message, and a worker that dies mid-send causes no duplicate."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import OperationalError, connection, connections
from django.utils import timezone
from factories import BeneficiaryFactory

from notifications import channels, services
from notifications.models import Event, Message, MessageStatus
from notifications.services import (
    message_claim_due,
    message_record_sent,
    message_resend,
    messages_deliver_due,
    notification_send,
)

REQUEST = {"request_number": "REQ-2026-0042", "decision": "الموافقة"}


@pytest.fixture
def queued(category, frozen_today):
    person = BeneficiaryFactory(category=category, mobile="+966501234567")
    return notification_send(event=Event.DECISION, recipient=person, context=REQUEST)


def test_a_message_claimed_by_one_worker_is_not_taken_by_another(queued, sms_outbox):
    first = message_claim_due(limit=10, worker="worker-a")

    second = messages_deliver_due(worker="worker-b")

    assert [m.pk for m in first] == [queued.pk]
    assert second.sent == 0
    assert sms_outbox == []
    assert Message.objects.get(pk=queued.pk).claimed_by == "worker-a"


def test_a_message_left_sending_by_a_crashed_worker_is_not_touched_before_the_timeout(
    queued, fake_sms_gateway, deliver
):
    message_claim_due(limit=10, worker="worker-that-dies")

    with time_machine.travel(timezone.now() + timedelta(minutes=9), tick=False):
        deliver()

    assert Message.objects.get(pk=queued.pk).status == MessageStatus.SENDING
    assert fake_sms_gateway.requests == []


def test_a_worker_that_died_before_sending_is_recovered_and_the_message_sent_once(queued, fake_sms_gateway, deliver):
    message_claim_due(limit=10, worker="worker-that-dies")

    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        deliver()
        deliver()

    queued.refresh_from_db()
    assert queued.status == MessageStatus.SENT
    assert len(fake_sms_gateway.requests) == 1
    assert len(fake_sms_gateway.delivered) == 1


def test_a_worker_that_died_after_the_gateway_accepted_causes_no_second_sms(queued, fake_sms_gateway, deliver):
    [claimed] = message_claim_due(limit=10, worker="worker-that-dies")
    channels.deliver(claimed)  # the gateway accepted it … and the worker died before writing that down

    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        deliver()

    queued.refresh_from_db()
    assert queued.status == MessageStatus.SENT
    keys = [request["headers"]["Idempotency-Key"] for request in fake_sms_gateway.requests]
    assert keys == [queued.idempotency_key, queued.idempotency_key]
    assert len(fake_sms_gateway.delivered) == 1
    assert queued.provider_reference == "msg-1"


def test_an_email_whose_outcome_is_unknown_is_marked_failed_instead_of_sent_again(category, frozen_today, deliver):
    person = BeneficiaryFactory(category=category, contact_channel="email", email="huda@example.org")
    message = notification_send(event=Event.DECISION, recipient=person, context=REQUEST)
    message_claim_due(limit=10, worker="worker-that-dies")

    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        deliver()

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert message.last_error  # says the outcome is unknown and asks a person to check
    assert message.can_be_resent
    assert mail.outbox == []


def test_a_person_can_resend_a_message_whose_outcome_was_unknown(category, frozen_today, deliver, reception):
    person = BeneficiaryFactory(category=category, contact_channel="email", email="huda@example.org")
    message = notification_send(event=Event.DECISION, recipient=person, context=REQUEST)
    message_claim_due(limit=10, worker="worker-that-dies")
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        deliver()
        message_resend(actor=reception, message=message)
        deliver()

    assert [email.to for email in mail.outbox] == [["huda@example.org"]]
    assert Message.objects.get(pk=message.pk).status == MessageStatus.SENT


def test_a_slow_worker_whose_claim_was_recovered_cannot_overwrite_the_outcome(queued, fake_sms_gateway, deliver):
    [slow_claim] = message_claim_due(limit=10, worker="slow-worker")
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        deliver()  # recovered and sent by another worker
        message_record_sent(message=slow_claim, reference="from-the-slow-worker")

    queued.refresh_from_db()
    assert queued.status == MessageStatus.SENT
    assert queued.provider_reference == "msg-1"


@pytest.mark.postgres_only
def test_two_workers_claiming_at_once_on_postgresql_never_take_the_same_message(transactional_db, category):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED claiming is a PostgreSQL feature; SQLite serialises writers instead")
    person = BeneficiaryFactory(category=category)
    # Committed one by one; the nudge after each commit is held back so the workers find them all queued.
    with mock.patch("notifications.services._enqueue_delivery"):
        for number in range(40):
            notification_send(
                event=Event.DECISION,
                recipient=person,
                context={"request_number": f"REQ-{number}", "decision": "الموافقة"},
            )
    barrier = threading.Barrier(2)
    claimed: dict[str, list[int]] = {}

    def worker(name):
        try:
            barrier.wait(timeout=10)
            ids = []
            while batch := message_claim_due(limit=3, worker=name):
                ids.extend(message.pk for message in batch)
            claimed[name] = ids
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("worker-a", "worker-b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not set(claimed["worker-a"]) & set(claimed["worker-b"])
    assert len(claimed["worker-a"]) + len(claimed["worker-b"]) == 40
    assert Message.objects.filter(status=MessageStatus.SENDING).count() == 40


@pytest.fixture
def committed(category, frozen_today):
    """A queued SMS committed for real, its nudge held back so the test is the worker."""
    person = BeneficiaryFactory(category=category, mobile="+966501234567")
    with mock.patch("notifications.services._enqueue_delivery"):
        return notification_send(event=Event.DECISION, recipient=person, context=REQUEST)


def _database_away_for(failures: int, record):
    """``record`` raising a lost-connection error the first ``failures`` times, then doing its work."""
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return record(**kwargs)

    return flaky


@pytest.mark.django_db(transaction=True)
def test_a_send_the_gateway_accepted_is_written_down_once_the_database_is_back(committed, fake_sms_gateway, settings):
    settings.NOTIFICATIONS_RECORD_RETRY_SECONDS = 60
    flaky = _database_away_for(2, services.message_record_sent)

    with mock.patch.object(services, "message_record_sent", flaky), mock.patch.object(services.time, "sleep"):
        report = messages_deliver_due(worker="worker-a")

    committed.refresh_from_db()
    assert report.sent == 1
    assert committed.status == MessageStatus.SENT
    assert committed.provider_reference == "msg-1"
    assert len(fake_sms_gateway.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failed_send_is_written_down_for_its_retry_once_the_database_is_back(committed, fake_sms_gateway, settings):
    settings.NOTIFICATIONS_RECORD_RETRY_SECONDS = 60
    fake_sms_gateway.mode = "down"
    flaky = _database_away_for(1, services.message_record_failure)

    with mock.patch.object(services, "message_record_failure", flaky), mock.patch.object(services.time, "sleep"):
        messages_deliver_due(worker="worker-a")

    committed.refresh_from_db()
    assert committed.status == MessageStatus.PENDING
    assert "HTTP 503" in committed.last_error


@pytest.mark.django_db(transaction=True)
def test_a_database_away_longer_than_the_window_leaves_the_message_sending_for_recovery(
    committed, fake_sms_gateway, settings
):
    settings.NOTIFICATIONS_RECORD_RETRY_SECONDS = 3
    flaky = _database_away_for(1000, services.message_record_sent)
    slept = []

    with (
        mock.patch.object(services, "message_record_sent", flaky),
        mock.patch.object(services.time, "sleep", slept.append),
        mock.patch.object(services.time, "monotonic", lambda: 100.0 + sum(slept)),
        pytest.raises(OperationalError),
    ):
        messages_deliver_due(worker="worker-a")

    committed.refresh_from_db()
    assert committed.status == MessageStatus.SENDING
    assert sum(slept) <= 3
    assert slept == [0.5, 1.0]


def test_inside_a_callers_transaction_a_lost_database_is_not_waited_for(queued, fake_sms_gateway, settings):
    settings.NOTIFICATIONS_RECORD_RETRY_SECONDS = 60
    flaky = _database_away_for(1, services.message_record_sent)

    with (
        mock.patch.object(services, "message_record_sent", flaky),
        mock.patch.object(services.time, "sleep") as sleep,
        pytest.raises(OperationalError),
    ):
        messages_deliver_due(worker="worker-a")

    sleep.assert_not_called()
