"""The 15-working-day clock: due dates around weekends, holidays and closures; pause and resume; recompute."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation
from factories.requests import make_support_request

from policies import services as policy_services
from policies.roles import Role
from policies.selectors import working_calendar
from requests_app.models import RequestStatus
from requests_app.selectors import Clock, ClockState, clocks_for
from requests_app.workflow import support_request_transition

pytestmark = pytest.mark.django_db
S = RequestStatus
RIYADH = ZoneInfo("Asia/Riyadh")


def _at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=RIYADH), tick=False)


def _complete_on(day: date, request_in):
    with _at(day):
        return request_in(S.COMPLETE)


@pytest.mark.parametrize(
    ("completed_on", "due"),
    [
        # A Monday: 15 Sunday-to-Thursday days later, the completion day not counted.
        (date(2026, 11, 23), date(2026, 12, 14)),
        # A Thursday before the weekend.
        (date(2026, 11, 26), date(2026, 12, 17)),
        # Completed on a Friday (a weekend day): the same answer as the Thursday before.
        (date(2026, 11, 27), date(2026, 12, 17)),
        # Across Founding Day (Monday 22 February 2027).
        (date(2027, 2, 11), date(2027, 3, 7)),
    ],
)
def test_the_due_date_is_fifteen_working_days_after_completion(request_in, completed_on, due):
    request = _complete_on(completed_on, request_in)
    assert request.due_date == due
    assert request.completed_at.astimezone(RIYADH).date() == completed_on


def test_founding_day_is_not_counted(request_in):
    calendar = working_calendar(start=date(2027, 2, 1), end=date(2027, 3, 31))
    assert not calendar.is_working_day(date(2027, 2, 22))


def test_the_due_date_skips_eid_al_fitr(request_in):
    # Completed a week before the estimated Eid al-Fitr of 1448: the answer lands after the Eid holiday
    # by exactly as many days as the holiday takes out of working days.
    completed_on = date(2027, 3, 1)
    request = _complete_on(completed_on, request_in)
    calendar = working_calendar(start=completed_on, end=date(2027, 5, 1))
    off = [d for d in calendar.days_off if completed_on < d <= request.due_date and d.weekday() not in (4, 5)]
    assert off, "Eid al-Fitr falls inside the period"
    assert calendar.count_working_days(completed_on, request.due_date) == 15
    assert (request.due_date - completed_on).days > 21


def test_a_closure_moves_the_due_date_of_a_later_completion(request_in, staff):
    policy_services.closure_create(
        actor=staff[Role.ADMIN], name="إجازة نهاية العام", start_date=date(2026, 12, 6), end_date=date(2026, 12, 10)
    )
    request = _complete_on(date(2026, 11, 26), request_in)
    assert request.due_date == date(2026, 12, 24)


def test_a_new_closure_recomputes_open_requests_and_records_why(request_in, staff, django_capture_on_commit_callbacks):
    request = _complete_on(date(2026, 11, 26), request_in)
    assert request.due_date == date(2026, 12, 17)
    with django_capture_on_commit_callbacks(execute=True):
        policy_services.closure_create(
            actor=staff[Role.ADMIN], name="إجازة نهاية العام", start_date=date(2026, 12, 6), end_date=date(2026, 12, 10)
        )
    request.refresh_from_db()
    assert request.due_date == date(2026, 12, 24)
    note = request.status_changes.order_by("-pk").first().note
    assert "2026-12-17" in note
    assert "2026-12-24" in note
    assert "إجازة نهاية العام" in note
    assert request.history.first().history_change_reason


def test_a_closed_request_keeps_its_due_date_when_the_calendar_changes(
    request_in, staff, django_capture_on_commit_callbacks
):
    with _at(date(2026, 11, 26)):
        request = request_in(S.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        policy_services.closure_create(
            actor=staff[Role.ADMIN], name="إغلاق", start_date=date(2026, 12, 6), end_date=date(2026, 12, 10)
        )
    request.refresh_from_db()
    assert request.due_date is None


def test_pausing_keeps_the_working_days_left_and_resuming_restarts_from_them(request_in, staff):
    with _at(date(2026, 11, 23)):
        request = request_in(S.UNDER_RESEARCH)
    assert request.due_date == date(2026, 12, 14)
    researcher = request.assigned_researcher
    with _at(date(2026, 11, 30)):
        support_request_transition(actor=researcher, request=request, to_status=S.ON_HOLD, note="بانتظار صك")
    assert request.working_days_left_at_pause == 10
    with _at(date(2026, 12, 13)):
        clock = clocks_for([request])[request.pk]
        assert (clock.state, clock.days_left) == (ClockState.PAUSED, 10)
        support_request_transition(actor=researcher, request=request, to_status=S.UNDER_RESEARCH)
        assert request.due_date == date(2026, 12, 27)
        assert clocks_for([request])[request.pk].days_left == 10


def test_the_traffic_light_turns_amber_with_a_quarter_of_the_days_left_and_red_after(request_in):
    with _at(date(2026, 11, 23)):
        request = request_in(S.REFERRED)
    with _at(date(2026, 12, 8)):  # 4 working days left
        assert clocks_for([request])[request.pk].state == ClockState.ON_TRACK
    with _at(date(2026, 12, 9)):  # 3 left: a quarter of 15, rounded down
        assert clocks_for([request])[request.pk].state == ClockState.AT_RISK
    with _at(date(2026, 12, 16)):
        clock = clocks_for([request])[request.pk]
        assert (clock.state, clock.overdue_by) == (ClockState.OVERDUE, 2)


def test_an_online_draft_has_no_clock(db, frozen_today):
    request = make_support_request(actor=None)
    assert clocks_for([request])[request.pk].state == ClockState.NOT_STARTED


def test_pausing_a_request_after_its_due_date_notes_how_late_it_is(request_in):
    with _at(date(2026, 11, 23)):
        request = request_in(S.UNDER_RESEARCH)
    assert request.due_date == date(2026, 12, 14)
    with _at(date(2026, 12, 16)):  # two working days after the due date
        support_request_transition(actor=request.assigned_researcher, request=request, to_status=S.ON_HOLD, note="صك")
    assert request.working_days_left_at_pause == -2
    note = request.status_changes.order_by("-pk").first().note
    assert "أُوقفت المدة بعد موعد الرد بيومي عمل" in note  # written in the portal's language, Arabic
    assert "-2" not in note


@pytest.mark.parametrize(
    ("language", "days", "shown"),
    [
        ("en", -1, "paused, overdue by 1 working day"),
        ("en", -3, "paused, overdue by 3 working days"),
        ("ar", -1, "موقوف، متأخر يوم عمل واحد"),
        ("ar", -3, "موقوف، متأخر 3 أيام عمل"),
        ("ar", -11, "موقوف، متأخر 11 يوم عمل"),
    ],
)
def test_a_request_paused_after_its_due_date_shows_how_late_it_is_not_negative_days_left(language, days, shown):
    clock = Clock(ClockState.PAUSED, date(2026, 12, 14), days)
    with translation.override(language):
        badge = Template("{% load support_requests %}{% request_clock_badge clock %}").render(Context({"clock": clock}))
    assert shown in badge
    assert f"{days}" not in badge
    assert 'data-light="paused"' in badge


@pytest.mark.parametrize("to_status", [S.WITHDRAWN, S.CANCELLED])
def test_a_withdrawn_or_cancelled_request_is_not_shown_as_answered(request_in, staff, to_status):
    with _at(date(2026, 11, 23)):
        request = request_in(S.UNDER_RESEARCH)
        support_request_transition(actor=staff[Role.RECEPTION], request=request, to_status=to_status, note="طلب ذلك")
        clock = clocks_for([request])[request.pk]
    assert clock.state == ClockState.ENDED
    badge = Template("{% load support_requests %}{% request_clock_badge clock %}")
    for language in ("ar", "en"):
        with translation.override(language):
            drawn = badge.render(Context({"clock": clock}))
        assert 'data-light="ended">—</span>' in drawn
        assert "Answered" not in drawn
        assert "تمت الإجابة" not in drawn


def test_a_request_withdrawn_before_its_clock_started_shows_no_clock_either(db, staff):
    request = make_support_request(actor=staff[Role.RECEPTION])
    support_request_transition(actor=staff[Role.RECEPTION], request=request, to_status=S.WITHDRAWN, note="طلب ذلك")
    assert clocks_for([request])[request.pk].state == ClockState.ENDED


# The badge as requests_app/_clock.html drew it before {% request_clock_badge %} replaced the template.
LEGACY_BADGE = (
    '{% load i18n silah_dates %}{% if clock.state == "not_started" %}'
    '<span class="badge text-bg-light border" data-light="not_started">'
    '{% translate "Clock not started" %}</span>{% elif clock.state == "stopped" %}'
    '<span class="badge text-bg-light border" data-light="stopped">{% translate "Answered" %}</span>'
    '{% elif clock.state == "paused" %}<span class="badge text-bg-secondary" data-light="paused">'
    '<i class="bi bi-pause-circle" aria-hidden="true"></i> '
    "{% blocktranslate count days=clock.days_left|default:0 %}paused, {{ days }}"
    " working day left{% plural %}paused, {{ days }} working days left{% endblocktranslate %}</span>"
    '{% else %}<span class="badge text-bg-{{ clock.css }}" data-light="{{ clock.state }}">'
    '{% if clock.state == "overdue" %}<i class="bi bi-exclamation-octagon" aria-hidden="true"></i> '
    "{% blocktranslate count days=clock.overdue_by %}overdue by {{ days }} working day{% plural %}"
    'overdue by {{ days }} working days{% endblocktranslate %}{% else %}{% if clock.state == "at_risk" %}'
    '<i class="bi bi-exclamation-triangle" aria-hidden="true"></i>{% else %}'
    '<i class="bi bi-clock" aria-hidden="true"></i>{% endif %} '
    "{% blocktranslate count days=clock.days_left %}{{ days }} working day left{% plural %}{{ days }}"
    " working days left{% endblocktranslate %}{% endif %}</span>{% endif %}"
    '{% if clock.due_date and show_due %}<div class="small text-body-secondary">'
    '{% translate "answer due" %} {{ clock.due_date|dual_date }}</div>{% endif %}'
)


# Every state with every count of days, except a running clock (at risk, on track) without its days.
STATES_AND_DAYS = [
    (state, days)
    for state in (
        ClockState.NOT_STARTED,
        ClockState.STOPPED,
        ClockState.PAUSED,
        ClockState.OVERDUE,
        ClockState.AT_RISK,
        ClockState.ON_TRACK,
    )
    for days in (None, -11, -3, -1, 0, 1, 2, 3, 11, 100)
    if not (days is None and state in (ClockState.AT_RISK, ClockState.ON_TRACK))
    # The template read a request paused after its due date as "-3 days left"; see the tests below.
    and not (state == ClockState.PAUSED and days is not None and days < 0)
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("state", "days"), STATES_AND_DAYS)
@pytest.mark.parametrize("show_due", [False, True])
def test_the_clock_badge_reads_as_before_in_both_languages(language, days, state, show_due):
    clock = Clock(state, date(2026, 12, 14), days)
    context = {"clock": clock, "show_due": show_due}
    with translation.override(language):
        legacy = Template(LEGACY_BADGE).render(Context(context))
        assert get_template("requests_app/_clock.html").render(context) == legacy + "\n"
        assert Template("{% load support_requests %}{% request_clock_badge clock %}").render(Context(context)) == legacy


def test_a_badge_drawn_in_one_language_is_drawn_again_in_the_other_with_and_without_its_due_date():
    # The badges are kept per process; the language and whether the due date shows are part of what they are kept under.
    clock = Clock(ClockState.ON_TRACK, date(2026, 12, 14), 3)
    badge = Template("{% load support_requests %}{% request_clock_badge clock %}")
    for language, show_due in (("ar", True), ("en", True), ("ar", False), ("en", False), ("ar", True)):
        context = {"clock": clock, "show_due": show_due}
        with translation.override(language):
            assert badge.render(Context(context)) == Template(LEGACY_BADGE).render(Context(context))
