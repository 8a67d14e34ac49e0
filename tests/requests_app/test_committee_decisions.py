"""The research committee's rules: agenda, quorum, recusal, amount cap, votes, decisions and locked minutes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from factories.committee import make_committee, make_meeting, write_research_report

from policies.errors import DomainError
from policies.roles import Role
from requests_app.committee_models import Outcome, Recusal, Vote
from requests_app.models import Decision, RequestStatus
from requests_app.services.committee import (
    committee_decision_record,
    meeting_add_requests,
    meeting_close,
    meeting_update,
    minutes_approve,
    minutes_locked,
    recusal_declare,
    vote_cast,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(staff):
    return make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, quorum=3)


@pytest.fixture
def researched(request_in):
    request = request_in(RequestStatus.UNDER_RESEARCH)
    write_research_report(request)
    return request


@pytest.fixture
def item(setup, researched):
    meeting = make_meeting(setup, requests=[researched])
    return meeting.items.get()


def decide(setup, item, outcome, **kwargs):
    return committee_decision_record(actor=setup.secretary, item=item, outcome=outcome, **kwargs)


def test_the_secretary_puts_referred_and_researched_requests_on_the_agenda(setup, request_in, researched):
    referred = request_in(RequestStatus.REFERRED)
    meeting = make_meeting(setup)
    added = meeting_add_requests(actor=setup.secretary, meeting=meeting, requests=[referred, researched])
    assert added == 2
    assert set(meeting.items.values_list("request_id", flat=True)) == {referred.pk, researched.pk}


def test_a_request_already_on_the_agenda_is_not_added_twice(setup, researched):
    meeting = make_meeting(setup, requests=[researched])
    assert meeting_add_requests(actor=setup.secretary, meeting=meeting, requests=[researched]) == 0
    assert meeting.items.count() == 1


def test_a_draft_request_cannot_go_on_the_agenda(setup, request_in, in_english):
    draft = request_in(RequestStatus.DRAFT)
    meeting = make_meeting(setup)
    with pytest.raises(DomainError, match="Only requests referred"):
        meeting_add_requests(actor=setup.secretary, meeting=meeting, requests=[draft])


def test_a_member_cannot_build_the_agenda(setup, researched, in_english):
    meeting = make_meeting(setup)
    with pytest.raises(DomainError, match="Only the committee secretary"):
        meeting_add_requests(actor=setup.chair, meeting=meeting, requests=[researched])


def test_an_approval_decides_the_request_through_the_workflow(setup, item):
    decide(setup, item, Outcome.APPROVED, approved_amount=Decimal("3000"))
    request = item.request
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED
    assert request.decision == Decision.APPROVED
    assert request.approved_amount == Decimal("3000")
    assert request.status_changes.last().actor == setup.secretary


def test_a_partial_approval_decides_the_request_with_its_amount(setup, item):
    decide(setup, item, Outcome.PARTIALLY_APPROVED, approved_amount=Decimal("1200"), reasons="دخل الأسرة جزئي")
    item.request.refresh_from_db()
    assert item.request.status == RequestStatus.DECIDED
    assert item.request.decision == Decision.PARTIALLY_APPROVED
    assert item.request.approved_amount == Decimal("1200")


def test_a_rejection_decides_the_request_without_an_amount(setup, item):
    decide(setup, item, Outcome.REJECTED, approved_amount=Decimal("500"), reasons="الدخل يتجاوز حد الكفاية")
    item.request.refresh_from_db()
    assert item.request.status == RequestStatus.DECIDED
    assert item.request.decision == Decision.REJECTED
    assert item.request.approved_amount is None


@pytest.mark.parametrize("outcome", [Outcome.DEFERRED, Outcome.MORE_INFORMATION])
def test_a_deferral_or_a_request_for_information_sends_the_request_back_to_the_committee_list(setup, item, outcome):
    decide(setup, item, outcome, conditions="إحضار صك الإعالة")
    item.request.refresh_from_db()
    assert item.request.status == RequestStatus.REFERRED
    assert item.request.decision == ""
    assert str(Outcome(outcome).label) in item.request.status_changes.last().note


@pytest.mark.parametrize("outcome", [Outcome.REJECTED, Outcome.PARTIALLY_APPROVED])
def test_a_rejection_or_partial_approval_needs_reasons(setup, item, outcome):
    with pytest.raises(ValidationError) as error:
        decide(setup, item, outcome, approved_amount=Decimal("1000"))
    assert "reasons" in error.value.error_dict
    item.request.refresh_from_db()
    assert item.request.status == RequestStatus.UNDER_RESEARCH


def test_the_approved_amount_cannot_exceed_the_service_maximum(setup, item):
    with pytest.raises(ValidationError) as error:
        decide(setup, item, Outcome.APPROVED, approved_amount=Decimal("5000.01"))
    assert "approved_amount" in error.value.error_dict
    item.refresh_from_db()
    assert item.outcome == ""


def test_a_decision_without_quorum_is_refused(setup, researched, in_english):
    meeting = make_meeting(setup, requests=[researched], attendees=setup.voters[:2])
    with pytest.raises(DomainError, match="No quorum"):
        decide(setup, meeting.items.get(), Outcome.APPROVED, approved_amount=Decimal("1000"))
    researched.refresh_from_db()
    assert researched.status == RequestStatus.UNDER_RESEARCH


def test_a_recused_member_does_not_count_towards_the_quorum(setup, item, in_english):
    recusal_declare(actor=setup.chair, member=setup.chair, beneficiary=item.request.beneficiary, reason="قريب")
    with pytest.raises(DomainError, match="No quorum"):
        decide(setup, item, Outcome.APPROVED, approved_amount=Decimal("1000"))


def test_a_recused_member_cannot_vote(setup, item, in_english):
    recusal_declare(actor=setup.chair, member=setup.chair, beneficiary=item.request.beneficiary, reason="قريب")
    with pytest.raises(DomainError, match="conflict of interest"):
        vote_cast(actor=setup.chair, item=item, vote=Vote.FOR)
    assert not item.votes.exists()


def test_a_recused_secretary_cannot_record_the_decision(setup, item, in_english):
    Recusal.objects.create(member=setup.secretary, beneficiary=item.request.beneficiary, reason="جار")
    with pytest.raises(DomainError, match="conflict of interest"):
        decide(setup, item, Outcome.APPROVED, approved_amount=Decimal("1000"))


def test_each_member_votes_only_for_themself(setup, item):
    vote_cast(actor=setup.chair, item=item, vote=Vote.FOR)
    vote_cast(actor=setup.members[0], item=item, vote=Vote.AGAINST, dissent_note="المبلغ كبير")
    vote_cast(actor=setup.chair, item=item, vote=Vote.ABSTAIN)
    votes = {vote.member: (vote.vote, vote.dissent_note) for vote in item.votes.all()}
    assert votes == {setup.chair: (Vote.ABSTAIN, ""), setup.members[0]: (Vote.AGAINST, "المبلغ كبير")}


def test_a_member_who_did_not_attend_cannot_vote(setup, researched, in_english):
    meeting = make_meeting(setup, requests=[researched], attendees=setup.voters[:2])
    with pytest.raises(DomainError, match="attending"):
        vote_cast(actor=setup.members[-1], item=meeting.items.get(), vote=Vote.FOR)


def test_the_meeting_closes_only_when_every_item_is_decided(setup, item, in_english):
    with pytest.raises(DomainError, match="no decision yet"):
        meeting_close(actor=setup.secretary, meeting=item.meeting)


def approved_minutes(setup, item):
    decide(setup, item, Outcome.APPROVED, approved_amount=Decimal("1000"))
    meeting = meeting_close(actor=setup.secretary, meeting=item.meeting)
    for member in setup.voters:
        minutes_approve(actor=member, meeting=meeting)
    return meeting


def test_the_minutes_lock_when_every_attendee_approved_them(setup, item):
    meeting = approved_minutes(setup, item)
    assert minutes_locked(meeting)


def test_locked_minutes_refuse_any_edit(setup, item, request_in, in_english):
    meeting = approved_minutes(setup, item)
    with pytest.raises(DomainError, match="locked"):
        meeting_update(actor=setup.secretary, meeting=meeting, date=meeting.date, place="قاعة أخرى")
    with pytest.raises(DomainError, match="locked"):
        meeting_add_requests(actor=setup.secretary, meeting=meeting, requests=[request_in(RequestStatus.REFERRED)])
    with pytest.raises(DomainError, match="locked"):
        vote_cast(actor=setup.chair, item=item, vote=Vote.AGAINST)
    meeting.refresh_from_db()
    assert meeting.place == "مقر الجمعية"


def test_only_attendees_approve_the_minutes(setup, researched, in_english):
    meeting = make_meeting(setup, requests=[researched], attendees=setup.voters[:3])
    decide(setup, meeting.items.get(), Outcome.DEFERRED)
    meeting_close(actor=setup.secretary, meeting=meeting)
    with pytest.raises(DomainError, match="attended"):
        minutes_approve(actor=setup.secretary, meeting=meeting)
