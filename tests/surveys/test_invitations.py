import pytest
from factories import ServiceTypeFactory
from factories.complaints import in_status
from factories.requests import Staff, advance_request, make_support_request
from factories.surveys import SurveyFactory

from complaints.models import ComplaintStatus
from complaints.services import complaint_transition
from notifications.models import Event, Message
from policies.roles import Role
from requests_app.models import RequestStatus
from surveys.models import Invitation, InvitationTally, SurveyKind
from surveys.selectors import survey_results
from surveys.services import invitation_after_delivery


@pytest.fixture
def staff(db):
    return Staff()


@pytest.fixture
def notified_request(staff, beneficiary):
    request = make_support_request(
        actor=staff[Role.RECEPTION], beneficiary=beneficiary, service_type=ServiceTypeFactory()
    )
    return advance_request(request, RequestStatus.NOTIFIED, staff=staff)


def survey_messages():
    return Message.objects.filter(event=Event.SURVEY_INVITATION)


def test_delivering_a_request_sends_the_beneficiary_a_personal_survey_link(
    notified_request, staff, beneficiary, django_capture_on_commit_callbacks
):
    survey = SurveyFactory(kind=SurveyKind.AFTER_SERVICE)
    with django_capture_on_commit_callbacks(execute=True):
        advance_request(notified_request, RequestStatus.DELIVERED, staff=staff)

    invitation = Invitation.objects.get()
    assert (invitation.survey, invitation.support_request, invitation.beneficiary) == (
        survey,
        notified_request,
        beneficiary,
    )
    message = survey_messages().get()
    assert f"/survey/{invitation.token}/" in message.body
    assert message.recipient_object_id == beneficiary.pk


def test_a_delivery_without_an_open_after_service_survey_invites_nobody(
    notified_request, staff, django_capture_on_commit_callbacks
):
    SurveyFactory(kind=SurveyKind.AFTER_SERVICE, is_active=False)
    SurveyFactory(kind=SurveyKind.AFTER_COMPLAINT)
    with django_capture_on_commit_callbacks(execute=True):
        advance_request(notified_request, RequestStatus.DELIVERED, staff=staff)

    assert not Invitation.objects.exists()
    assert not survey_messages().exists()


def test_a_request_is_invited_to_a_survey_only_once(notified_request, staff):
    SurveyFactory(kind=SurveyKind.AFTER_SERVICE)
    advance_request(notified_request, RequestStatus.DELIVERED, staff=staff)

    first = invitation_after_delivery(request=notified_request)
    second = invitation_after_delivery(request=notified_request)

    assert first == second
    assert survey_messages().count() == 1


def test_the_response_rate_counts_a_sent_invitation_once_under_the_channel_it_went_through(notified_request, staff):
    survey = SurveyFactory(kind=SurveyKind.AFTER_SERVICE)
    advance_request(notified_request, RequestStatus.DELIVERED, staff=staff)

    invitation_after_delivery(request=notified_request)
    invitation_after_delivery(request=notified_request)

    assert survey_results(survey, full_access=True).invitations == 1
    sent_through = Invitation.objects.get().channel
    assert sent_through
    assert list(InvitationTally.objects.values_list("channel", "invitations")) == [(sent_through, 1)]


def test_invitation_tokens_are_long_and_different(notified_request, staff, beneficiary):
    SurveyFactory(kind=SurveyKind.AFTER_SERVICE)
    advance_request(notified_request, RequestStatus.DELIVERED, staff=staff)
    other_request = advance_request(
        make_support_request(actor=staff[Role.RECEPTION], beneficiary=beneficiary, service_type=ServiceTypeFactory()),
        RequestStatus.DELIVERED,
        staff=staff,
    )
    tokens = {invitation_after_delivery(request=r).token for r in (notified_request, other_request)}

    assert len(tokens) == 2
    assert all(len(token) >= 40 for token in tokens)


def test_closing_a_complaint_invites_the_complainant_to_the_after_complaint_survey(
    make_user, django_capture_on_commit_callbacks
):
    survey = SurveyFactory(kind=SurveyKind.AFTER_COMPLAINT)
    complaint = in_status(ComplaintStatus.RESOLVED)
    officer = make_user(Role.COMPLAINTS_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_transition(actor=officer, complaint=complaint, action="close")

    invitation = Invitation.objects.get()
    assert (invitation.survey, invitation.complaint) == (survey, complaint)
    assert invitation.token in survey_messages().get().body


def test_an_anonymous_complaint_is_not_invited_to_a_survey(make_user, django_capture_on_commit_callbacks):
    SurveyFactory(kind=SurveyKind.AFTER_COMPLAINT)
    officer = make_user(Role.COMPLAINTS_OFFICER)
    anonymous = in_status(
        ComplaintStatus.RESOLVED, is_anonymous=True, complainant_name="", complainant_mobile="", contact_channel=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        complaint_transition(actor=officer, complaint=anonymous, action="close")

    assert not Invitation.objects.exists()
