"""The daily deadline report: owners of requests due soon or overdue are told once a day."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from notifications.models import Message
from notifications.sweeps import DEADLINES, registered_sweeps, run_sweep
from requests_app.models import RequestStatus

pytestmark = pytest.mark.django_db
S = RequestStatus
RIYADH = ZoneInfo("Asia/Riyadh")


def _at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, 0, tzinfo=RIYADH), tick=False)


@pytest.fixture
def researched(request_in):
    """Completed Monday 23 November 2026, due Monday 14 December, with a researcher."""
    with _at(date(2026, 11, 23)):
        return request_in(S.UNDER_RESEARCH)


def test_nothing_is_sent_while_the_deadline_is_far(researched):
    with _at(date(2026, 11, 30)):
        call_command("requests_due_report", stdout=StringIO())
    assert not Message.objects.filter(event__startswith="deadline").exists()


def test_the_owners_are_told_when_three_working_days_are_left(researched):
    out = StringIO()
    with _at(date(2026, 12, 9)):
        call_command("requests_due_report", stdout=out)
    recipients = set(Message.objects.filter(event="deadline_approaching").values_list("recipient_object_id", flat=True))
    assert recipients == {researched.assigned_researcher.pk, researched.received_by.pk}
    assert researched.reference_number in out.getvalue()


def test_an_overdue_request_is_reported_as_passed(researched):
    with _at(date(2026, 12, 16)):
        call_command("requests_due_report", stdout=StringIO())
    message = Message.objects.filter(event="deadline_passed").first()
    assert message is not None
    assert researched.reference_number in message.body


def test_running_twice_the_same_day_sends_nothing_new(researched):
    with _at(date(2026, 12, 16)):
        call_command("requests_due_report", stdout=StringIO())
        first = Message.objects.count()
        call_command("requests_due_report", stdout=StringIO())
    assert Message.objects.count() == first


def test_the_next_day_reminds_again(researched):
    with _at(date(2026, 12, 16)):
        call_command("requests_due_report", stdout=StringIO())
    first = Message.objects.filter(event="deadline_passed").count()
    with _at(date(2026, 12, 17)):
        call_command("requests_due_report", stdout=StringIO())
    assert Message.objects.filter(event="deadline_passed").count() == 2 * first


def test_a_paused_request_is_not_reported(researched):
    from requests_app.workflow import support_request_transition

    with _at(date(2026, 12, 9)):
        support_request_transition(
            actor=researched.assigned_researcher, request=researched, to_status=S.ON_HOLD, note="بانتظار مستند"
        )
        call_command("requests_due_report", stdout=StringIO())
    assert not Message.objects.filter(event__startswith="deadline").exists()


def test_the_report_runs_as_the_deadlines_sweep(researched):
    assert any("deadline_sweep" in label for label in registered_sweeps(DEADLINES)[DEADLINES])
    with _at(date(2026, 12, 16)):
        results = run_sweep(DEADLINES)
    assert sum(count for label, count in results.items() if "requests_app" in label) == 2


def test_the_second_run_reports_no_new_notice(researched):
    with _at(date(2026, 12, 16)):
        call_command("requests_due_report", stdout=StringIO())
        out = StringIO()
        call_command("requests_due_report", stdout=out)
    assert "New notices: 0" in out.getvalue()
