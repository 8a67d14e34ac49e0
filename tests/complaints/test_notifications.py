"""The complainant is told when the complaint is acknowledged and when it is answered, by their channel."""

import pytest
from factories import BeneficiaryFactory
from factories.complaints import AnonymousComplaintFactory, in_status

from complaints import services
from complaints.models import ComplaintStatus
from notifications.models import Event, Message

pytestmark = pytest.mark.django_db

RESOLUTION = {
    "outcome": "upheld",
    "response": "تم صرف المساعدة المتأخرة، ونعتذر عن التأخير.",
    "response_channel": "sms",
}


def test_acknowledging_sends_the_complainant_the_number_deadline_and_tracking_code(
    officer, django_capture_on_commit_callbacks
):
    complaint = in_status(ComplaintStatus.RECEIVED, complainant_mobile="+966551112233")
    with django_capture_on_commit_callbacks(execute=False):
        services.complaint_transition(actor=officer, complaint=complaint, action="acknowledge")
    message = Message.objects.get(event=Event.COMPLAINT_ACKNOWLEDGED)
    assert message.channel == "sms"
    assert message.address == "+966551112233"
    assert complaint.number in message.body
    assert complaint.tracking_code in message.body


def test_answering_sends_the_response_through_the_chosen_channel(officer, django_capture_on_commit_callbacks):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, complainant_email="haya@example.com")
    with django_capture_on_commit_callbacks(execute=False):
        services.complaint_transition(
            actor=officer, complaint=complaint, action="resolve", data={**RESOLUTION, "response_channel": "email"}
        )
    message = Message.objects.get(event=Event.COMPLAINT_ANSWERED)
    assert (message.channel, message.address) == ("email", "haya@example.com")
    assert "تم صرف المساعدة المتأخرة" in message.body


def test_a_registered_beneficiarys_answer_goes_on_their_record(officer, django_capture_on_commit_callbacks):
    beneficiary = BeneficiaryFactory(mobile="+966509998877")
    complaint = in_status(
        ComplaintStatus.UNDER_INVESTIGATION, beneficiary=beneficiary, complainant_name="", complainant_mobile=""
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.complaint_transition(actor=officer, complaint=complaint, action="resolve", data=RESOLUTION)
    message = Message.objects.get(event=Event.COMPLAINT_ANSWERED)
    assert message.recipient_object_id == beneficiary.pk
    assert message.address == "+966509998877"


def test_an_anonymous_complainant_gets_no_message(officer):
    complaint = AnonymousComplaintFactory()
    services.complaint_transition(actor=officer, complaint=complaint, action="acknowledge")
    assert not Message.objects.filter(event=Event.COMPLAINT_ACKNOWLEDGED).exists()


def test_acknowledging_twice_cannot_send_twice(officer):
    complaint = in_status(ComplaintStatus.RECEIVED)
    services.complaint_transition(actor=officer, complaint=complaint, action="acknowledge")
    with pytest.raises(Exception):  # noqa: B017 - the second acknowledgement is refused
        services.complaint_transition(actor=officer, complaint=complaint, action="acknowledge")
    assert Message.objects.filter(event=Event.COMPLAINT_ACKNOWLEDGED).count() == 1


def test_a_channel_the_complainant_left_no_address_for_is_refused(officer):
    from django.core.exceptions import ValidationError

    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, complainant_email="")
    with pytest.raises(ValidationError) as error:
        services.complaint_transition(
            actor=officer, complaint=complaint, action="resolve", data={**RESOLUTION, "response_channel": "email"}
        )
    assert "response_channel" in error.value.message_dict
    assert not Message.objects.exists()
