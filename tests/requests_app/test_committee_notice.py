"""R14: the decision goes out through the beneficiary's agreed channel; the request records when and how."""

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import BeneficiaryFactory

from notifications.models import Channel, Event, Message
from policies.choices import ContactChannel
from policies.roles import Role
from requests_app.models import RequestStatus
from requests_app.workflow import support_request_transition

pytestmark = pytest.mark.django_db


def notify(staff, request):
    return support_request_transition(actor=staff[Role.RECEPTION], request=request, to_status=RequestStatus.NOTIFIED)


def test_notifying_records_when_and_through_which_channel_the_beneficiary_was_told(staff, request_in):
    decided = request_in(RequestStatus.DECIDED)
    before = timezone.now()
    notify(staff, decided)
    message = Message.objects.get(event=Event.DECISION)
    assert decided.notified_at >= before
    assert decided.notified_via == message.channel == Channel.SMS


@pytest.mark.parametrize("agreed", [ContactChannel.EMAIL, ContactChannel.LETTER])
def test_the_decision_goes_through_the_channel_agreed_with_the_beneficiary(staff, request_in, category, agreed):
    person = BeneficiaryFactory(
        category=category, contact_channel=agreed, email="family@example.org", address="حي النسيم"
    )
    decided = request_in(RequestStatus.DECIDED, beneficiary=person)
    notify(staff, decided)
    assert decided.notified_via == agreed
    assert Message.objects.get(event=Event.DECISION).channel == agreed


def test_the_history_row_of_the_notification_carries_when_and_how(staff, request_in):
    decided = request_in(RequestStatus.DECIDED)
    notify(staff, decided)
    latest = decided.history.first()
    assert latest.status == RequestStatus.NOTIFIED
    assert (latest.notified_at, latest.notified_via) == (decided.notified_at, Channel.SMS)
    assert latest.history_user == staff[Role.RECEPTION]


def test_the_timeline_says_how_the_beneficiary_was_told(staff, request_in):
    decided = request_in(RequestStatus.DECIDED)
    notify(staff, decided)
    entry = decided.status_changes.last()
    assert entry.to_status == RequestStatus.NOTIFIED
    assert "SMS" in entry.note


def test_an_appeal_upheld_clears_the_record_of_the_earlier_notice(staff, request_in):
    notified = request_in(RequestStatus.NOTIFIED)
    support_request_transition(
        actor=staff[Role.COMPLAINTS_OFFICER], request=notified, to_status=RequestStatus.REFERRED, note="قبل التظلم"
    )
    assert (notified.notified_at, notified.notified_via) == (None, "")


def test_the_staff_request_page_shows_when_and_how_the_beneficiary_was_told(client, staff, request_in):
    decided = request_in(RequestStatus.DECIDED)
    client.force_login(staff[Role.RECEPTION])
    page = client.get(reverse("requests_app:detail", args=[decided.pk])).content.decode()
    assert 'id="decision-letter-link"' in page
    notify(staff, decided)
    page = client.get(reverse("requests_app:detail", args=[decided.pk])).content.decode()
    notice = page.split('id="decision-notice"')[1].split("</dd>")[0]
    assert "رسالة نصية" in notice
    assert str(timezone.localdate().year) in notice


def test_a_social_researcher_sees_no_decision_letter_link(client, staff, request_in):
    decided = request_in(RequestStatus.DECIDED)
    client.force_login(decided.assigned_researcher)
    page = client.get(reverse("requests_app:detail", args=[decided.pk])).content.decode()
    assert "decision-letter-link" not in page


def test_the_request_admin_page_shows_the_channel_and_the_decision_letter(client, staff, request_in):
    decided = request_in(RequestStatus.DECIDED)
    notify(staff, decided)
    client.force_login(staff[Role.COMMITTEE_SECRETARY])
    staff[Role.COMMITTEE_SECRETARY].is_staff = True
    staff[Role.COMMITTEE_SECRETARY].save(update_fields=["is_staff"])
    page = client.get(reverse("admin:requests_app_supportrequest_change", args=[decided.pk])).content.decode()
    assert "رسالة نصية" in page
    assert reverse("reports:decision_letter", args=[decided.pk]) in page
