from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from factories.surveys import InvitationFactory, survey_with_questions

from notifications.models import Event, Message
from notifications.sweeps import SURVEY_REMINDERS, registered_sweeps, run_sweep
from surveys.services import survey_reminders_send


@pytest.fixture
def survey(db):
    return survey_with_questions()


@pytest.fixture
def sent_by_sms(survey, beneficiary, frozen_today):
    return InvitationFactory(survey=survey, beneficiary=beneficiary, channel="sms")


def reminders():
    return Message.objects.filter(event=Event.SURVEY_INVITATION, idempotency_key__startswith="survey_reminder:")


def test_the_survey_reminders_sweep_is_registered():
    assert "surveys.services.reminders.survey_reminders_sweep" in registered_sweeps(SURVEY_REMINDERS)[SURVEY_REMINDERS]


def test_an_unanswered_link_is_reminded_once_after_three_days(sent_by_sms, beneficiary):
    with time_machine.travel(sent_by_sms.created_at + timedelta(days=3, minutes=1)):
        first = run_sweep(SURVEY_REMINDERS)
        second = run_sweep(SURVEY_REMINDERS)

    assert list(first.values()) == [1]
    assert list(second.values()) == [0]
    message = reminders().get()
    assert sent_by_sms.token in message.body
    assert message.recipient_object_id == beneficiary.pk
    sent_by_sms.refresh_from_db()
    assert sent_by_sms.reminded_at is not None


def test_no_reminder_before_three_days(sent_by_sms):
    with time_machine.travel(sent_by_sms.created_at + timedelta(days=2)):
        assert survey_reminders_send() == 0
    assert not reminders().exists()


def test_an_answered_link_is_not_reminded(sent_by_sms):
    sent_by_sms.used_at = sent_by_sms.created_at + timedelta(hours=1)
    sent_by_sms.save()

    with time_machine.travel(sent_by_sms.created_at + timedelta(days=4)):
        assert survey_reminders_send() == 0
    assert not reminders().exists()


def test_an_expired_link_is_not_reminded(sent_by_sms):
    with time_machine.travel(sent_by_sms.expires_at + timedelta(minutes=1)):
        assert survey_reminders_send() == 0
    assert not reminders().exists()


def test_a_link_sent_by_letter_is_not_reminded(survey, beneficiary, frozen_today):
    by_letter = InvitationFactory(survey=survey, beneficiary=beneficiary, channel="letter")

    with time_machine.travel(by_letter.created_at + timedelta(days=4)):
        assert survey_reminders_send() == 0


def test_the_run_sweep_command_sends_the_reminders(sent_by_sms):
    with time_machine.travel(sent_by_sms.created_at + timedelta(days=5)):
        call_command("run_sweep", SURVEY_REMINDERS)

    assert reminders().count() == 1
