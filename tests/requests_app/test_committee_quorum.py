"""The committee's quorum: a number of members or a fraction of the membership, never both (R13)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from factories.committee import CommitteeFactory, make_committee, make_meeting, write_research_report

from policies.errors import DomainError
from policies.roles import Role
from requests_app.committee_models import Outcome
from requests_app.models import RequestStatus
from requests_app.services.committee import (
    committee_create,
    committee_decision_record,
    committee_quorum_check,
    committee_update,
    quorum_needed,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def researched(request_in):
    request = request_in(RequestStatus.UNDER_RESEARCH)
    write_research_report(request)
    return request


@pytest.fixture
def two_thirds(staff):
    """Secretary, chair and two members: four members, so two thirds needs three of them."""
    return make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, fraction=(2, 3))


def approve(setup, meeting):
    return committee_decision_record(
        actor=setup.secretary, item=meeting.items.get(), outcome=Outcome.APPROVED, approved_amount=Decimal("1000")
    )


def test_a_fraction_quorum_is_that_share_of_the_members_rounded_up(two_thirds):
    assert two_thirds.committee.memberships.count() == 4
    assert quorum_needed(two_thirds.committee) == 3


def test_a_number_quorum_is_that_number_of_members(staff):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, quorum=2)
    assert quorum_needed(setup.committee) == 2


def test_a_decision_below_a_fraction_quorum_is_refused(two_thirds, researched, in_english):
    meeting = make_meeting(two_thirds, requests=[researched], attendees=two_thirds.voters[:2])
    with pytest.raises(DomainError, match="2 attending members without a conflict, 3 needed"):
        approve(two_thirds, meeting)
    researched.refresh_from_db()
    assert researched.status == RequestStatus.UNDER_RESEARCH


def test_a_decision_that_reaches_a_fraction_quorum_is_recorded(two_thirds, researched):
    meeting = make_meeting(two_thirds, requests=[researched], attendees=two_thirds.voters)
    approve(two_thirds, meeting)
    researched.refresh_from_db()
    assert researched.status == RequestStatus.DECIDED


def test_a_number_quorum_refuses_a_decision_with_too_few_members(staff, researched, in_english):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, quorum=3)
    meeting = make_meeting(setup, requests=[researched], attendees=setup.voters[:2])
    with pytest.raises(DomainError, match="3 needed"):
        approve(setup, meeting)


@pytest.mark.parametrize(
    "values",
    [
        {"quorum": 3, "quorum_numerator": 2, "quorum_denominator": 3},  # both
        {"quorum": None, "quorum_numerator": None, "quorum_denominator": None},  # neither
        {"quorum": None, "quorum_numerator": 2, "quorum_denominator": None},  # half a fraction
        {"quorum": 0, "quorum_numerator": None, "quorum_denominator": None},
        {"quorum": None, "quorum_numerator": 4, "quorum_denominator": 3},  # more than everyone
        {"quorum": None, "quorum_numerator": 0, "quorum_denominator": 3},
    ],
)
def test_the_database_refuses_a_quorum_that_is_not_exactly_one_sane_number_or_fraction(values):
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeFactory(**values)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"quorum": 3, "quorum_numerator": 2, "quorum_denominator": 3}, "quorum"),
        ({"quorum": None, "quorum_numerator": None, "quorum_denominator": None}, "quorum"),
        ({"quorum": None, "quorum_numerator": 2, "quorum_denominator": None}, "quorum_denominator"),
        ({"quorum": 51, "quorum_numerator": None, "quorum_denominator": None}, "quorum"),
        ({"quorum": None, "quorum_numerator": 4, "quorum_denominator": 3}, "quorum_numerator"),
    ],
)
def test_the_service_explains_which_quorum_input_is_wrong(values, field):
    with pytest.raises(ValidationError) as error:
        committee_quorum_check(**values)
    assert field in error.value.error_dict


def test_an_administrator_creates_a_committee_with_a_fraction_quorum(staff):
    committee = committee_create(
        actor=staff[Role.ADMIN], name="لجنة البحث الاجتماعي", quorum_numerator=2, quorum_denominator=3
    )
    committee.refresh_from_db()
    assert (committee.quorum, committee.quorum_numerator, committee.quorum_denominator) == (None, 2, 3)
    assert committee.history.first().history_user == staff[Role.ADMIN]


def test_changing_a_number_quorum_to_a_fraction_clears_the_number(staff):
    committee = committee_create(actor=staff[Role.ADMIN], name="لجنة", quorum=3)
    committee_update(
        actor=staff[Role.ADMIN], committee=committee, name="لجنة", quorum_numerator=1, quorum_denominator=2
    )
    committee.refresh_from_db()
    assert (committee.quorum, committee.quorum_numerator, committee.quorum_denominator) == (None, 1, 2)


def test_only_an_administrator_configures_committees(staff, in_english):
    with pytest.raises(DomainError, match="administrator"):
        committee_create(actor=staff[Role.COMMITTEE_SECRETARY], name="لجنة", quorum=3)
