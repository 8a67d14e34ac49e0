"""The bench data generator writes the promised data set, here at a thousandth of its size."""

import pytest

from bench.generate import PROMISED
from beneficiaries.models import Beneficiary, Document, HouseholdMember
from complaints.models import Complaint
from requests_app.models import OPEN_STATUSES, AgendaItem, RequestStatus, RequestStatusChange, SupportRequest
from surveys.models import Answer, Response
from tests.bench.conftest import SCALE

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def counts(generated):
    return generated


def test_the_promised_tables_get_their_share_of_rows(counts):
    for label, full in PROMISED.items():
        assert counts[label] == round(full * SCALE), label
    assert Beneficiary.objects.count() == round(100_000 * SCALE)
    assert SupportRequest.objects.count() == round(300_000 * SCALE)
    assert Complaint.objects.count() == round(30_000 * SCALE)
    assert Response.objects.count() == round(100_000 * SCALE)


def test_beneficiaries_come_with_households_and_documents(counts):
    assert Document.objects.count() == 2 * Beneficiary.objects.count()
    assert HouseholdMember.objects.count() >= 2 * Beneficiary.objects.count()
    assert Beneficiary.history.count() == Beneficiary.objects.count()


def test_requests_span_the_workflow_with_their_timeline_and_history(counts):
    statuses = set(SupportRequest.objects.values_list("status", flat=True))
    assert RequestStatus.CLOSED in statuses
    assert statuses & set(OPEN_STATUSES)
    assert len(statuses) >= 6
    assert RequestStatusChange.objects.count() >= 3 * SupportRequest.objects.count()
    assert SupportRequest.history.count() > SupportRequest.objects.count()
    assert AgendaItem.objects.exclude(outcome="").exists()


def test_every_request_timeline_ends_in_its_current_status(counts):
    last = {}
    for request_id, to_status in RequestStatusChange.objects.order_by("at", "pk").values_list(
        "request_id", "to_status"
    ):
        last[request_id] = to_status
    assert last == dict(SupportRequest.objects.values_list("pk", "status"))


def test_survey_responses_carry_answers(counts):
    assert Answer.objects.count() >= 5 * Response.objects.count()


def test_the_generated_answers_are_counted_in_the_results_tallies(counts):
    from django.db.models import Sum

    from surveys.models import ResponseTally, SatisfactionDay

    assert ResponseTally.objects.aggregate(n=Sum("responses"))["n"] == Response.objects.count()
    rated = Answer.objects.filter(question__type__in=["rating_1_5", "nps_0_10"]).count()
    days = SatisfactionDay.objects.aggregate(ratings=Sum("ratings"), nps=Sum("nps_answers"))
    assert days["ratings"] + days["nps"] == rated


def test_the_generated_invitations_are_counted_for_the_response_rates(counts):
    from django.db.models import Sum

    from surveys.models import Invitation, InvitationTally

    assert Invitation.objects.exists()
    assert InvitationTally.objects.aggregate(n=Sum("invitations"))["n"] == Invitation.objects.count()
