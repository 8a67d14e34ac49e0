"""The full transition table of DESIGN.md: every allowed move by each allowed role, every other refused."""

from decimal import Decimal

import pytest
from factories import UserFactory

from policies.errors import DomainError
from policies.roles import Role
from requests_app.models import Decision, DeliveryKind, Recommendation, RequestStatus
from requests_app.services import research_report_write
from requests_app.workflow import TRANSITIONS, support_request_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
S = RequestStatus

ALLOWED = sorted((source, target, role) for (source, target), t in TRANSITIONS.items() for role in t.roles)
WRONG_ROLE = sorted(
    (source, target, role)
    for (source, target), t in TRANSITIONS.items()
    for role in Role.values
    if role not in t.roles and role != Role.ADMIN
)
FORBIDDEN = sorted(
    (source, target) for source in S.values for target in S.values if (source, target) not in TRANSITIONS
)


def _prepare(request, source, target, staff):
    """Meet the preconditions of the move (the research report before a decision)."""
    if (source, target) == (S.UNDER_RESEARCH, S.DECIDED):
        research_report_write(
            actor=request.assigned_researcher,
            request=request,
            summary="تمت الدراسة",
            recommendation=Recommendation.APPROVE,
        )
    if (source, target) == (S.NOTIFIED, S.CLOSED):
        request.decision = Decision.REJECTED
        request.approved_amount = None
        request.save(update_fields=["decision", "approved_amount"])


def _details(source, target, staff):
    return {
        (S.DRAFT, S.INCOMPLETE): {"missing_items": ["صورة عقد الإيجار"]},
        (S.REFERRED, S.UNDER_RESEARCH): {"researcher": staff[Role.SOCIAL_RESEARCHER]},
        (S.UNDER_RESEARCH, S.DECIDED): {"decision": Decision.APPROVED, "approved_amount": Decimal("800")},
        (S.NOTIFIED, S.DELIVERED): {"kind": DeliveryKind.CASH, "amount": Decimal("800"), "receipt_number": "Q-1"},
    }.get((source, target), {})


def _start(request_in, source, target, staff):
    if source == S.DRAFT and target == S.COMPLETE:
        # Completion needs the verification and the declaration: take them, stop before completing.
        from factories.requests import signature_data_url

        from requests_app.models import DeclarationMethod
        from requests_app.services import VERIFICATION_FACTS, declaration_sign, support_request_verify

        request = request_in(S.DRAFT)
        support_request_verify(actor=staff[Role.RECEPTION], request=request, confirmed_facts=list(VERIFICATION_FACTS))
        declaration_sign(
            actor=staff[Role.RECEPTION],
            request=request,
            method=DeclarationMethod.SIGNATURE_PAD,
            signature_data_url=signature_data_url(),
        )
        return request
    return request_in(source)


@pytest.mark.parametrize(("source", "target", "role"), ALLOWED)
def test_every_allowed_transition_succeeds_for_its_role(request_in, staff, source, target, role):
    request = _start(request_in, source, target, staff)
    _prepare(request, source, target, staff)
    actor = request.assigned_researcher if role == Role.SOCIAL_RESEARCHER else staff[role]
    note = "سبب مكتوب"
    support_request_transition(
        actor=actor, request=request, to_status=target, note=note, **_details(source, target, staff)
    )
    request.refresh_from_db()
    assert request.status == target
    last = request.status_changes.order_by("-at", "-pk").first()
    assert (last.from_status, last.to_status, last.actor) == (source, target, actor)
    assert request.history.first().status == target


@pytest.mark.parametrize(("source", "target"), sorted(TRANSITIONS))
def test_a_transition_is_refused_to_every_role_not_allowed_it(request_in, staff, source, target):
    request = _start(request_in, source, target, staff)
    _prepare(request, source, target, staff)
    before = request.status_changes.count()
    wrong_roles = [role for (s, t, role) in WRONG_ROLE if (s, t) == (source, target)]
    assert wrong_roles
    for role in wrong_roles:
        with pytest.raises(DomainError, match="role does not allow"):
            support_request_transition(
                actor=staff[role], request=request, to_status=target, note="سبب", **_details(source, target, staff)
            )
        request.refresh_from_db()
        assert request.status == source, role
    assert request.status_changes.count() == before


@pytest.mark.parametrize("source", S.values)
def test_every_transition_outside_the_table_is_refused_even_to_an_administrator(request_in, staff, source):
    request = request_in(source)
    superuser = UserFactory(is_superuser=True, is_staff=True)
    targets = [target for (s, target) in FORBIDDEN if s == source]
    assert targets
    for target in targets:
        with pytest.raises(DomainError, match="cannot become"):
            support_request_transition(actor=superuser, request=request, to_status=target, note="سبب")
        request.refresh_from_db()
        assert request.status == source, target


def test_another_researcher_cannot_pause_a_request_not_assigned_to_them(request_in, staff):
    request = request_in(S.UNDER_RESEARCH)
    stranger = UserFactory(role=Role.SOCIAL_RESEARCHER)
    with pytest.raises(DomainError, match="assigned"):
        support_request_transition(actor=stranger, request=request, to_status=S.ON_HOLD, note="بانتظار مستند")


def test_a_decision_needs_the_research_report(request_in, staff):
    request = request_in(S.UNDER_RESEARCH)
    with pytest.raises(DomainError, match="research report"):
        support_request_transition(
            actor=staff[Role.COMMITTEE_SECRETARY],
            request=request,
            to_status=S.DECIDED,
            decision=Decision.APPROVED,
            approved_amount=Decimal("500"),
        )


def test_withdrawal_needs_a_reason(request_in, staff):
    from django.core.exceptions import ValidationError

    request = request_in(S.REFERRED)
    with pytest.raises(ValidationError):
        support_request_transition(actor=staff[Role.RECEPTION], request=request, to_status=S.WITHDRAWN, note="  ")


def test_a_rejected_request_cannot_be_delivered(request_in, staff):
    request = request_in(S.UNDER_RESEARCH)
    research_report_write(
        actor=request.assigned_researcher, request=request, summary="الدخل كاف", recommendation=Recommendation.REJECT
    )
    support_request_transition(
        actor=staff[Role.COMMITTEE_SECRETARY], request=request, to_status=S.DECIDED, decision=Decision.REJECTED
    )
    support_request_transition(actor=staff[Role.RECEPTION], request=request, to_status=S.NOTIFIED)
    with pytest.raises(DomainError, match="approved"):
        support_request_transition(
            actor=staff[Role.RECEPTION],
            request=request,
            to_status=S.DELIVERED,
            kind=DeliveryKind.CASH,
            amount=Decimal("100"),
            receipt_number="X-1",
        )


def test_referring_a_request_tells_the_beneficiary_the_committee_studies_it_and_by_when(request_in, staff):
    from notifications.models import Message

    request = request_in(RequestStatus.REFERRED)
    message = Message.objects.get(event="request_referred")
    assert message.recipient_object_id == request.beneficiary_id
    assert request.reference_number in message.body
    assert str(request.due_date.year) in message.body


def test_an_upheld_appeal_returns_the_request_to_the_committee_without_its_old_decision(request_in, staff):
    request = request_in(RequestStatus.NOTIFIED)
    support_request_transition(
        actor=staff[Role.COMPLAINTS_OFFICER], request=request, to_status=S.REFERRED, note="تظلم مقبول"
    )
    assert request.status == S.REFERRED
    assert request.decision == ""
    assert request.decided_at is None
    assert request.history.filter(
        decision__in=[Decision.REJECTED, Decision.APPROVED, Decision.PARTIALLY_APPROVED]
    ).exists()


def test_reception_cannot_return_a_decided_request_to_the_committee(request_in, staff):
    request = request_in(RequestStatus.NOTIFIED)
    with pytest.raises(DomainError):
        support_request_transition(actor=staff[Role.RECEPTION], request=request, to_status=S.REFERRED, note="x")


def test_a_delivery_keeps_the_service_of_its_request_for_the_managers_figures(request_in, staff):
    request = request_in(S.NOTIFIED)

    support_request_transition(
        actor=staff[Role.RECEPTION], request=request, to_status=S.DELIVERED, **_details(S.NOTIFIED, S.DELIVERED, staff)
    )

    request.refresh_from_db()
    assert request.delivery.service_type == request.service_type
    assert request.delivery.history.get().service_type_id == request.service_type_id
