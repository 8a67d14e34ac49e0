"""An appeal against a committee decision is a complaint linked to the request; upholding it sends
the request back to the research committee through the requests workflow."""

import pytest
from factories.complaints import category
from factories.requests import advance_request, make_support_request

from complaints import services
from complaints.models import ComplaintKind, ComplaintStatusChange
from requests_app.models import RequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_request():
    return advance_request(make_support_request(), RequestStatus.NOTIFIED)


def appeal(officer, request):
    complaint, _created = services.complaint_submit(
        actor=officer,
        data={
            "kind": ComplaintKind.APPEAL,
            "channel": "in_person",
            "category": category("decision_appeal"),
            "subject": "تظلم من قرار اللجنة",
            "description": "أتظلم من مقدار المساعدة المعتمد.",
            "beneficiary": request.beneficiary,
            "support_request": request,
        },
    )
    services.complaint_transition(actor=officer, complaint=complaint, action="acknowledge")
    services.complaint_transition(actor=officer, complaint=complaint, action="investigate")
    return complaint


def resolve(officer, complaint, outcome):
    return services.complaint_transition(
        actor=officer,
        complaint=complaint,
        action="resolve",
        data={"outcome": outcome, "response": "قررت لجنة المتابعة إعادة دراسة طلبكم.", "response_channel": "sms"},
    )


def test_an_appeal_must_name_the_request_it_contests(officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.complaint_submit(
            actor=officer,
            data={
                "kind": ComplaintKind.APPEAL,
                "channel": "phone",
                "category": category("decision_appeal"),
                "subject": "تظلم",
                "description": "تظلم",
                "complainant_name": "سعد",
            },
        )
    assert "support_request" in error.value.message_dict


def test_an_upheld_appeal_sends_the_request_back_to_the_committee(officer, decided_request):
    complaint = appeal(officer, decided_request)
    resolve(officer, complaint, "upheld")
    decided_request.refresh_from_db()
    assert decided_request.status == RequestStatus.REFERRED


def test_an_appeal_not_upheld_leaves_the_request_alone(officer, decided_request):
    complaint = appeal(officer, decided_request)
    resolve(officer, complaint, "not_upheld")
    decided_request.refresh_from_db()
    assert decided_request.status == RequestStatus.NOTIFIED
    assert not ComplaintStatusChange.objects.filter(complaint=complaint).exclude(note="").exists()
