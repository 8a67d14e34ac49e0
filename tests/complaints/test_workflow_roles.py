"""Every transition of the complaint workflow, allowed or refused by role, and its timeline row."""

import pytest
from factories.complaints import in_status

from complaints import services
from complaints.models import ComplaintStatus, ComplaintStatusChange
from policies.errors import DomainError
from policies.roles import Role

pytestmark = pytest.mark.django_db

# action -> (source status, what the action needs)
CASES = {
    "acknowledge": (ComplaintStatus.RECEIVED, {}),
    "investigate": (ComplaintStatus.ACKNOWLEDGED, {}),
    "pause": (ComplaintStatus.UNDER_INVESTIGATION, {"note": "ننتظر صورة الإيصال من المشتكي"}),
    "resume": (ComplaintStatus.AWAITING_COMPLAINANT, {}),
    "resolve": (
        ComplaintStatus.UNDER_INVESTIGATION,
        {"data": {"outcome": "upheld", "response": "تمت معالجة الشكوى.", "response_channel": "sms"}},
    ),
    "close": (ComplaintStatus.RESOLVED, {}),
    "reopen": (ComplaintStatus.RESOLVED, {"note": "المشتكي أفاد بأن المشكلة ما زالت قائمة"}),
}
ALLOWED = {
    "acknowledge": {Role.COMPLAINTS_OFFICER},
    "investigate": {Role.COMPLAINTS_OFFICER},
    "pause": {Role.COMPLAINTS_OFFICER},
    "resume": {Role.COMPLAINTS_OFFICER},
    "resolve": {Role.COMPLAINTS_OFFICER},
    "close": {Role.COMPLAINTS_OFFICER, Role.MANAGER},
    "reopen": {Role.COMPLAINTS_OFFICER, Role.MANAGER},
}
MATRIX = [(action, role) for action in CASES for role in Role.values]


@pytest.mark.parametrize(("action", "role"), MATRIX)
def test_each_transition_is_open_only_to_its_roles(make_user, action, role):
    source, kwargs = CASES[action]
    complaint = in_status(source)
    actor = make_user(role)
    target = services.TRANSITIONS[action].target
    if role in ALLOWED[action]:
        result = services.complaint_transition(actor=actor, complaint=complaint, action=action, **kwargs)
        assert result.status == target
        change = ComplaintStatusChange.objects.filter(complaint=complaint).latest("pk")
        assert (change.from_status, change.to_status, change.actor) == (source, target, actor)
        assert result.history.latest().history_user == actor
    else:
        with pytest.raises(DomainError):
            services.complaint_transition(actor=actor, complaint=complaint, action=action, **kwargs)
        complaint.refresh_from_db()
        assert complaint.status == source


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("acknowledge", ComplaintStatus.ACKNOWLEDGED),
        ("investigate", ComplaintStatus.RECEIVED),
        ("pause", ComplaintStatus.ACKNOWLEDGED),
        ("resume", ComplaintStatus.UNDER_INVESTIGATION),
        ("resolve", ComplaintStatus.RECEIVED),
        ("close", ComplaintStatus.UNDER_INVESTIGATION),
        ("reopen", ComplaintStatus.UNDER_INVESTIGATION),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused(officer, action, status):
    complaint = in_status(status)
    with pytest.raises(DomainError):
        services.complaint_transition(actor=officer, complaint=complaint, action=action, **CASES[action][1])


def test_pausing_needs_a_note_saying_what_is_awaited(officer):
    from django.core.exceptions import ValidationError

    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION)
    with pytest.raises(ValidationError) as error:
        services.complaint_transition(actor=officer, complaint=complaint, action="pause")
    assert "note" in error.value.message_dict


def test_resolving_needs_an_outcome_and_a_response(officer):
    from django.core.exceptions import ValidationError

    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION)
    with pytest.raises(ValidationError) as error:
        services.complaint_transition(
            actor=officer, complaint=complaint, action="resolve", data={"outcome": "", "response": " "}
        )
    assert {"outcome", "response"} <= set(error.value.message_dict)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UNDER_INVESTIGATION


def test_an_amicable_settlement_is_recorded_with_its_terms(officer):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION)
    result = services.complaint_transition(
        actor=officer,
        complaint=complaint,
        action="resolve",
        data={
            "outcome": "partly_upheld",
            "response": "تم الاتفاق وديا على إعادة دراسة الطلب.",
            "response_channel": "sms",
            "amicable_settlement": True,
            "settlement_terms": "إعادة دراسة الطلب خلال أسبوع مع زيارة ميدانية.",
        },
    )
    assert result.amicable_settlement
    assert result.settlement_terms.startswith("إعادة")


def test_an_amicable_settlement_without_terms_is_refused(officer):
    from django.core.exceptions import ValidationError

    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION)
    with pytest.raises(ValidationError) as error:
        services.complaint_transition(
            actor=officer,
            complaint=complaint,
            action="resolve",
            data={"outcome": "upheld", "response": "تم.", "response_channel": "sms", "amicable_settlement": True},
        )
    assert "settlement_terms" in error.value.message_dict


def test_a_complaint_cannot_be_reopened_after_the_window(officer):
    from datetime import timedelta

    from django.utils import timezone

    complaint = in_status(ComplaintStatus.CLOSED, resolved_at=timezone.now() - timedelta(days=31))
    with pytest.raises(DomainError):
        services.complaint_transition(actor=officer, complaint=complaint, action="reopen", note="ما زالت قائمة")


def test_reopening_gives_a_fresh_resolution_deadline_and_counts(officer, frozen_today):
    from datetime import date

    complaint = in_status(ComplaintStatus.RESOLVED)
    result = services.complaint_transition(actor=officer, complaint=complaint, action="reopen", note="لم تحل")
    assert result.reopen_count == 1
    assert result.outcome == ""
    # Ten working days after Monday 23 November 2026 (Friday and Saturday off).
    assert result.resolve_due == date(2026, 12, 7)
