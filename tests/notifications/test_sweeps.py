"""Periodic sweeps: domain apps plug theirs in by name, beat runs them on a fixed schedule."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from config.celery import app
from notifications import tasks
from notifications.models import Event, Message, StaffNotification
from notifications.services import notification_send
from notifications.sweeps import DEADLINES, SURVEY_REMINDERS

RIYADH = ZoneInfo("Asia/Riyadh")
# Sunday 13 December 2026, 07:00 in Riyadh: when beat runs the deadline sweep.
SWEEP_TIME = datetime(2026, 12, 13, 7, 0, tzinfo=RIYADH)


@pytest.fixture
def fake_deadline_sweep(sweep_registry, researcher):
    """What requests_app will register: tell the researcher of each case due within two days."""
    cases = [
        {"number": "REQ-2026-0042", "due": date(2026, 12, 14)},
        {"number": "REQ-2026-0050", "due": date(2027, 1, 5)},
    ]

    @sweep_registry.register_sweep(DEADLINES)
    def remind_researchers(*, now):
        today = timezone.localdate(now)
        sent = 0
        for case in cases:
            if today <= case["due"] <= today + timedelta(days=2):
                notification_send(
                    event=Event.DEADLINE_APPROACHING,
                    recipient=researcher,
                    context={"case_number": case["number"], "due_date": case["due"], "days_left": 1},
                    idempotency_key=f"deadline-approaching:{case['number']}:{today.isoformat()}",
                )
                sent += 1
        return sent

    return remind_researchers


def test_beat_runs_the_deadline_sweep_every_morning_and_survey_reminders_on_working_days():
    schedule = settings.CELERY_BEAT_SCHEDULE

    assert schedule["deadline-sweep"]["task"] == "notifications.run_sweep"
    assert schedule["deadline-sweep"]["args"] == (DEADLINES,)
    assert schedule["survey-reminders"]["args"] == (SURVEY_REMINDERS,)
    with time_machine.travel(SWEEP_TIME + timedelta(minutes=1), tick=False):
        assert schedule["deadline-sweep"]["schedule"].is_due(SWEEP_TIME - timedelta(days=1)).is_due
    assert schedule["survey-reminders"]["schedule"].day_of_week == {0, 1, 2, 3, 4}  # Sunday to Thursday
    for entry in schedule.values():
        assert entry["task"] in app.tasks


def test_the_deadline_sweep_on_a_fixed_date_tells_the_researcher_of_the_case_due_tomorrow(
    fake_deadline_sweep, researcher
):
    with time_machine.travel(SWEEP_TIME, tick=False):
        tasks.run_sweep.delay(DEADLINES).get()

    [notice] = StaffNotification.objects.filter(user=researcher)
    assert notice.title == "اقتراب موعد الرد: الطلب رقم REQ-2026-0042"
    assert "في 14 ديسمبر 2026" in notice.body


def test_running_the_sweep_twice_on_the_same_day_sends_nothing_new(fake_deadline_sweep, researcher):
    with time_machine.travel(SWEEP_TIME, tick=False):
        tasks.run_sweep.delay(DEADLINES).get()
    with time_machine.travel(SWEEP_TIME + timedelta(hours=3), tick=False):
        tasks.run_sweep.delay(DEADLINES).get()

    assert Message.objects.filter(event=Event.DEADLINE_APPROACHING).count() == 1
    assert StaffNotification.objects.filter(user=researcher).count() == 1


def test_a_failing_sweep_is_reported_and_does_not_stop_the_others(fake_deadline_sweep, sweep_registry):
    @sweep_registry.register_sweep(DEADLINES)
    def broken(*, now):
        raise RuntimeError("the calendar table is missing")

    with time_machine.travel(SWEEP_TIME, tick=False):
        results = sweep_registry.run_sweep(DEADLINES)

    assert sorted(results.values()) == [-1, 1]


def test_a_name_nobody_registered_yet_runs_nothing(sweep_registry):
    assert sweep_registry.run_sweep("nobody_registered_this") == {}


def test_the_run_sweep_command_runs_the_registered_sweeps_for_cron(fake_deadline_sweep):
    out = StringIO()
    with time_machine.travel(SWEEP_TIME, tick=False):
        call_command("run_sweep", DEADLINES, stdout=out)

    assert "remind_researchers: 1" in out.getvalue()
