"""Deadlines in working days (Friday and Saturday off, official holidays, closures), the clock's
traffic light, the pause while waiting on the complainant, and escalation to senior management."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation
from factories.complaints import category, in_status

from complaints import selectors, services
from complaints.models import ComplaintEscalation, ComplaintStatus, EscalationKind
from notifications.models import Event, Message
from policies.roles import Role

pytestmark = pytest.mark.django_db
RIYADH = ZoneInfo("Asia/Riyadh")


def submit(officer, when: datetime):
    with time_machine.travel(when, tick=False):
        complaint, _created = services.complaint_submit(
            actor=officer,
            data={
                "kind": "complaint",
                "channel": "phone",
                "category": category("delay"),
                "subject": "تأخر",
                "description": "تأخر الرد على الطلب.",
                "complainant_name": "سعد علي",
                "complainant_mobile": "0501234567",
                "contact_channel": "sms",
            },
        )
    return complaint


def test_a_complaint_received_on_monday_is_due_wednesday_and_resolved_two_weeks_later(officer):
    complaint = submit(officer, datetime(2026, 11, 23, 10, 0, tzinfo=RIYADH))
    assert complaint.acknowledge_due == date(2026, 11, 25)
    assert complaint.resolve_due == date(2026, 12, 7)


def test_friday_and_saturday_do_not_count(officer):
    complaint = submit(officer, datetime(2026, 11, 26, 10, 0, tzinfo=RIYADH))  # a Thursday
    assert complaint.acknowledge_due == date(2026, 11, 30)  # Sunday, Monday


def test_a_complaint_sent_on_the_weekend_counts_from_the_next_working_day(officer):
    complaint = submit(officer, datetime(2026, 11, 27, 22, 0, tzinfo=RIYADH))  # a Friday night
    assert complaint.acknowledge_due == date(2026, 11, 30)


def test_national_day_does_not_count(officer):
    complaint = submit(officer, datetime(2026, 9, 21, 9, 0, tzinfo=RIYADH))  # Monday; 23 Sep is National Day
    assert complaint.acknowledge_due == date(2026, 9, 24)


def test_an_association_closure_moves_the_deadline(officer, make_user):
    from policies.services import closure_create

    closure_create(
        actor=make_user(Role.ADMIN), name="إغلاق للصيانة", start_date=date(2026, 11, 24), end_date=date(2026, 11, 25)
    )
    complaint = submit(officer, datetime(2026, 11, 23, 10, 0, tzinfo=RIYADH))
    assert complaint.acknowledge_due == date(2026, 11, 29)


def test_the_paused_clock_resumes_with_the_working_days_that_were_left(officer):
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=RIYADH), tick=False):
        complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer, resolve_due=date(2026, 12, 7))
        paused = services.complaint_transition(actor=officer, complaint=complaint, action="pause", note="ننتظر الإيصال")
        assert paused.paused_working_days_left == 10
    with time_machine.travel(datetime(2026, 12, 3, 9, 0, tzinfo=RIYADH), tick=False):
        resumed = services.complaint_transition(actor=officer, complaint=complaint, action="resume")
    assert resumed.resolve_due == date(2026, 12, 17)
    assert resumed.paused_on is None


@pytest.mark.parametrize(
    ("due", "light", "left"),
    [
        (date(2026, 11, 26), "green", 3),
        (date(2026, 11, 24), "amber", 1),
        (date(2026, 11, 23), "amber", 0),
        (date(2026, 11, 19), "red", -2),  # Thursday before: Sunday and Monday have passed
    ],
)
def test_the_traffic_light_follows_the_working_days_left(frozen_today, due, light, left):
    complaint = in_status(ComplaintStatus.RECEIVED, acknowledge_due=due, resolve_due=due + timedelta(days=14))
    ((_row, clock),) = selectors.with_clocks([complaint])
    assert (clock.light, clock.working_days_left) == (light, left)


def test_a_complaint_waiting_on_the_complainant_shows_a_paused_clock(frozen_today):
    complaint = in_status(ComplaintStatus.AWAITING_COMPLAINANT)
    ((_row, clock),) = selectors.with_clocks([complaint])
    assert clock.light == "paused"


def test_an_overdue_complaint_is_escalated_to_the_managers_once(frozen_today, officer, manager):
    complaint = in_status(
        ComplaintStatus.UNDER_INVESTIGATION,
        assigned_to=officer,
        acknowledge_due=date(2026, 11, 10),
        resolve_due=date(2026, 11, 19),
    )
    assert services.complaint_deadline_sweep() == 1
    assert services.complaint_deadline_sweep() == 0
    escalation = ComplaintEscalation.objects.get()
    assert (escalation.complaint, escalation.kind) == (complaint, EscalationKind.OVERDUE)
    message = Message.objects.get(event=Event.DEADLINE_PASSED)
    assert message.recipient_object_id == manager.pk


def test_a_manager_the_complaint_is_about_is_not_told_of_its_escalation(frozen_today, officer, manager, make_user):
    other_manager = make_user(Role.MANAGER)
    in_status(
        ComplaintStatus.UNDER_INVESTIGATION,
        assigned_to=officer,
        concerned_staff=manager,
        acknowledge_due=date(2026, 11, 10),
        resolve_due=date(2026, 11, 19),
    )
    services.complaint_deadline_sweep()
    recipients = set(Message.objects.filter(event=Event.DEADLINE_PASSED).values_list("recipient_object_id", flat=True))
    assert recipients == {other_manager.pk}


def test_the_assigned_officer_is_warned_when_a_deadline_is_at_risk(frozen_today, officer, manager):
    in_status(
        ComplaintStatus.UNDER_INVESTIGATION,
        assigned_to=officer,
        acknowledge_due=date(2026, 11, 19),
        resolve_due=date(2026, 11, 24),
    )
    services.complaint_deadline_sweep()
    message = Message.objects.get()
    assert (message.event, message.recipient_object_id) == (Event.DEADLINE_APPROACHING, officer.pk)
    assert ComplaintEscalation.objects.get().kind == EscalationKind.AT_RISK


def test_a_paused_complaint_is_not_escalated(frozen_today, officer, manager):
    in_status(
        ComplaintStatus.AWAITING_COMPLAINANT,
        assigned_to=officer,
        acknowledge_due=date(2026, 11, 1),
        resolve_due=date(2026, 11, 5),
    )
    assert services.complaint_deadline_sweep() == 0


def test_a_closure_added_later_moves_the_open_complaints_deadline(
    officer, make_user, django_capture_on_commit_callbacks
):
    from policies.services import closure_create

    complaint = submit(officer, datetime(2026, 11, 23, 10, 0, tzinfo=RIYADH))
    with django_capture_on_commit_callbacks(execute=True):
        closure_create(
            actor=make_user(Role.ADMIN), name="إغلاق طارئ", start_date=date(2026, 11, 24), end_date=date(2026, 11, 25)
        )
    complaint.refresh_from_db()
    assert complaint.acknowledge_due == date(2026, 11, 29)
    assert "إغلاق طارئ" in complaint.history.latest().history_change_reason


def test_a_paused_clock_keeps_its_dates_when_the_calendar_changes(
    officer, make_user, django_capture_on_commit_callbacks
):
    from policies.services import closure_create

    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=RIYADH), tick=False):
        complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer, resolve_due=date(2026, 12, 7))
        services.complaint_transition(actor=officer, complaint=complaint, action="pause", note="ننتظر")
        services.complaint_transition(actor=officer, complaint=complaint, action="resume")
    complaint.refresh_from_db()
    due = complaint.resolve_due
    with django_capture_on_commit_callbacks(execute=True):
        closure_create(
            actor=make_user(Role.ADMIN), name="إغلاق", start_date=date(2026, 11, 30), end_date=date(2026, 12, 1)
        )
    complaint.refresh_from_db()
    assert complaint.resolve_due == due


# The badge as complaints/_clock.html drew it before {% complaint_clock_badge %} replaced the template
# (with a paused, overdue clock read as one sentence since, as the request queues read it).
LEGACY_BADGE = (
    '{% load i18n silah_dates %}{% if clock.light == "paused" %}'
    '<span class="badge text-bg-secondary" data-light="paused" title="'
    "{% translate 'The clock is paused while waiting for the complainant' %}\">"
    '<i class="bi bi-pause-circle" aria-hidden="true"></i> {% if clock.days_overdue %}'
    "{% blocktranslate count days=clock.days_overdue %}paused, overdue by {{ days }}"
    " working day{% plural %}paused, overdue by {{ days }} working days{% endblocktranslate %}{% else %}"
    "{% blocktranslate count days=clock.working_days_left|default:0 %}paused, {{ days }}"
    " working day left{% plural %}paused, {{ days }} working days left{% endblocktranslate %}{% endif %}"
    '</span>{% elif clock.light == "done" %}<span class="badge text-bg-light border">—</span>{% else %}'
    "<span class=\"badge {% if clock.light == 'red' %}text-bg-danger{% elif clock.light == 'amber' %}"
    "text-bg-warning{% else %}text-bg-success{% endif %} clock-{{ clock.light }}"
    '" data-light="{{ clock.light }}">{% if clock.light == "red" %}'
    '<i class="bi bi-exclamation-octagon" aria-hidden="true"></i> '
    "{% blocktranslate count days=clock.days_overdue %}overdue by {{ days }} working day{% plural %}"
    'overdue by {{ days }} working days{% endblocktranslate %}{% elif clock.light == "amber" %}'
    '<i class="bi bi-exclamation-triangle" aria-hidden="true"></i> {% translate "at risk" %}{% else %}'
    '<i class="bi bi-clock" aria-hidden="true"></i> '
    "{% blocktranslate count days=clock.working_days_left %}{{ days }} working day left{% plural %}"
    "{{ days }} working days left{% endblocktranslate %}{% endif %}</span>"
    '\n<div class="small text-body-secondary">{% if clock.deadline == "acknowledge" %}'
    '{% translate "acknowledge by" %}{% else %}{% translate "resolve by" %}{% endif %}'
    " {{ clock.due|dual_date }}</div>{% endif %}"
)


# Every light with every count of days left, except a running (green) clock without its days.
LIGHTS_AND_DAYS = [
    (light, left)
    for light in ("green", "amber", "red", "paused", "done")
    for left in (None, -11, -3, -1, 0, 1, 2, 3, 11, 100)
    if not (left is None and light == "green")
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("light", "left"), LIGHTS_AND_DAYS)
@pytest.mark.parametrize("deadline", ["acknowledge", "resolve"])
def test_the_clock_badge_reads_as_before_in_both_languages(language, left, light, deadline):
    context = {"clock": selectors.Clock(deadline, date(2026, 12, 14), left, light)}
    with translation.override(language):
        legacy = Template(LEGACY_BADGE).render(Context(context))
        assert get_template("complaints/_clock.html").render(context) == legacy + "\n"
        assert (
            Template("{% load complaints_tags %}{% complaint_clock_badge clock %}").render(Context(context)) == legacy
        )


def test_a_badge_drawn_in_one_language_is_drawn_again_in_the_other_for_the_same_clock():
    # The badges are kept per process; the language they were drawn in is part of what they are kept under.
    clock = selectors.Clock("resolve", date(2026, 12, 14), 3, "green")
    badge = Template("{% load complaints_tags %}{% complaint_clock_badge clock %}")
    for language in ("ar", "en", "ar", "en"):
        with translation.override(language):
            assert badge.render(Context({"clock": clock})) == Template(LEGACY_BADGE).render(Context({"clock": clock}))


@pytest.mark.parametrize(
    ("language", "text"),
    [("ar", "موقوف، متأخر 3 أيام عمل"), ("en", "paused, overdue by 3 working days")],
)
def test_a_clock_paused_after_its_deadline_reads_as_one_sentence(language, text):
    clock = selectors.Clock("resolve", date(2026, 12, 14), -3, "paused")
    badge_tag = Template("{% load complaints_tags %}{% complaint_clock_badge clock %}")
    with translation.override(language):
        badge = badge_tag.render(Context({"clock": clock}))

    assert text in badge
    assert "·" not in badge
