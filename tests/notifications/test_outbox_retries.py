"""The outbox survives a failing gateway: it retries with growing waits and delivers once it recovers."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone
from factories import BeneficiaryFactory

from notifications import tasks
from notifications.models import Event, Message, MessageStatus
from notifications.selectors import messages_failed
from notifications.services import notification_send

REQUEST = {"request_number": "REQ-2026-0042", "decision": "الموافقة"}


@pytest.fixture
def beneficiary_by_sms(category):
    return BeneficiaryFactory(category=category, mobile="+966501234567")


@pytest.fixture
def queued(beneficiary_by_sms, frozen_today):
    """A decision SMS in the outbox (the nudge after commit is not run: the tests drive the worker)."""
    return notification_send(event=Event.DECISION, recipient=beneficiary_by_sms, context=REQUEST)


def test_while_the_gateway_is_down_the_message_waits_with_the_error_and_its_next_attempt(
    queued, fake_sms_gateway, deliver
):
    fake_sms_gateway.mode = "down"

    report = deliver()

    queued.refresh_from_db()
    assert (report.sent, report.retrying) == (0, 1)
    assert queued.status == MessageStatus.PENDING
    assert queued.attempts == 1
    assert "HTTP 503" in queued.last_error
    assert queued.next_attempt_at == timezone.now() + timedelta(minutes=1)
    assert fake_sms_gateway.delivered == []


def test_each_failed_attempt_waits_twice_as_long_as_the_one_before(queued, fake_sms_gateway, deliver):
    fake_sms_gateway.mode = "down"
    waits = []
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(3):
            deliver()
            queued.refresh_from_db()
            waits.append(queued.next_attempt_at - timezone.now())
            clock.move_to(queued.next_attempt_at)

    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]


def test_a_message_is_not_tried_again_before_its_wait_is_over(queued, fake_sms_gateway, deliver):
    fake_sms_gateway.mode = "down"
    deliver()
    fake_sms_gateway.mode = "ok"

    report = deliver()

    assert report.sent == 0
    assert len(fake_sms_gateway.requests) == 1


def test_the_message_is_delivered_once_the_gateway_recovers(queued, fake_sms_gateway, deliver):
    fake_sms_gateway.mode = "down"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        deliver()
        clock.shift(timedelta(minutes=1))
        deliver()
        fake_sms_gateway.mode = "ok"
        clock.shift(timedelta(minutes=2))
        deliver()
        clock.shift(timedelta(hours=1))
        deliver()

    queued.refresh_from_db()
    assert queued.status == MessageStatus.SENT
    assert queued.attempts == 3
    assert queued.last_error == ""
    assert len(fake_sms_gateway.requests) == 3
    assert [r["json"]["to"] for r in fake_sms_gateway.delivered] == ["+966501234567"]


def test_a_message_that_never_gets_through_fails_after_the_last_attempt_and_is_listed(
    queued, fake_sms_gateway, deliver, settings
):
    fake_sms_gateway.mode = "down"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(settings.NOTIFICATIONS_MAX_ATTEMPTS + 2):
            deliver()
            clock.shift(timedelta(hours=2))

    queued.refresh_from_db()
    assert queued.status == MessageStatus.FAILED
    assert queued.attempts == settings.NOTIFICATIONS_MAX_ATTEMPTS
    assert queued.next_attempt_at is None
    assert list(messages_failed()) == [queued]


def test_a_rejected_number_fails_at_once_without_retrying(queued, fake_sms_gateway, deliver):
    fake_sms_gateway.mode = "reject"

    deliver()

    queued.refresh_from_db()
    assert queued.status == MessageStatus.FAILED
    assert queued.attempts == 1
    assert "invalid destination number" in queued.last_error


def test_an_unreachable_gateway_is_retried_like_an_outage(queued, settings, deliver):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/unreachable"  # the discard port: nothing listens
    settings.SMS_GATEWAY_TIMEOUT = 2

    deliver()

    queued.refresh_from_db()
    assert queued.status == MessageStatus.PENDING
    assert "تعذّر الوصول إلى بوابة الرسائل النصية" in queued.last_error


def test_a_broker_outage_at_commit_loses_nothing(
    beneficiary_by_sms, sms_outbox, django_capture_on_commit_callbacks, deliver
):
    with (
        mock.patch.object(tasks.deliver_message, "delay", side_effect=ConnectionError("redis is down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = notification_send(event=Event.DECISION, recipient=beneficiary_by_sms, context=REQUEST)

    assert Message.objects.get(pk=message.pk).status == MessageStatus.PENDING
    deliver()
    assert [sms["to"] for sms in sms_outbox] == ["+966501234567"]


def test_the_periodic_task_sends_what_is_due(queued, sms_outbox):
    result = tasks.deliver_due.delay().get()

    assert result["sent"] == 1
    assert Message.objects.get(pk=queued.pk).status == MessageStatus.SENT
