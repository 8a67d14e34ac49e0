"""Staff record what came by phone, fax, letter or in person; bad input is explained and kept."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import BeneficiaryFactory
from factories.complaints import category

from complaints.models import Complaint
from policies.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake_form():
    def data(**overrides) -> dict:
        values = {
            "kind": "complaint",
            "channel": "fax",
            "received_at": "",
            "category": str(category("service_quality").pk),
            "priority": "normal",
            "concerned_staff": "",
            "support_request_reference": "",
            "subject": "سوء معاملة في الاستقبال",
            "description": "وصل خطاب بالفاكس يشكو من طول الانتظار.",
            "is_anonymous": "",
            "beneficiary_identity_number": "",
            "complainant_name": "عبدالرحمن خالد",
            "complainant_identity_number": "",
            "complainant_mobile": "0561234567",
            "complainant_email": "",
            "contact_channel": "",
        }
        values.update(overrides)
        return values

    return data


def test_the_officer_records_a_fax_and_opens_it(client, officer, intake_form):
    client.force_login(officer)
    response = client.post(reverse("complaints:intake"), intake_form())
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:detail", args=[complaint.pk])
    assert (complaint.channel, complaint.created_by) == ("fax", officer)


def test_reception_records_a_call_and_stays_on_the_intake_page(client, make_user, intake_form):
    client.force_login(make_user(Role.RECEPTION))
    response = client.post(reverse("complaints:intake"), intake_form(channel="phone"))
    assert response["Location"] == reverse("complaints:intake")
    assert Complaint.objects.get().channel == "phone"


def test_a_registered_beneficiary_is_linked_by_their_id_number(client, officer, intake_form):
    beneficiary = BeneficiaryFactory()
    client.force_login(officer)
    client.post(
        reverse("complaints:intake"),
        intake_form(beneficiary_identity_number=beneficiary.identity_number, complainant_name=""),
    )
    assert Complaint.objects.get().beneficiary == beneficiary


def test_an_unknown_id_number_is_explained_and_the_text_kept(client, officer, intake_form, page_shows):
    client.force_login(officer)
    response = client.post(reverse("complaints:intake"), intake_form(beneficiary_identity_number="1000000008"))
    assert response.status_code == 400
    assert page_shows(
        response, _("No beneficiary is registered with this number; leave it empty and write the name instead.")
    )
    assert "وصل خطاب بالفاكس" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_missing_channel_is_explained(client, officer, intake_form, page_shows):
    client.force_login(officer)
    response = client.post(reverse("complaints:intake"), intake_form(channel=""))
    assert response.status_code == 400
    assert page_shows(response, _("Choose the channel it came through."))


def test_a_receipt_time_in_the_future_is_refused(client, officer, intake_form, page_shows, frozen_today):
    client.force_login(officer)
    response = client.post(reverse("complaints:intake"), intake_form(received_at="2026-12-01T10:00"))
    assert response.status_code == 400
    assert page_shows(response, _("The time of receipt cannot be in the future."))
    assert not Complaint.objects.exists()


def test_a_letter_received_last_week_keeps_its_date_and_deadlines(client, officer, intake_form, frozen_today):
    from datetime import date

    client.force_login(officer)
    client.post(reverse("complaints:intake"), intake_form(channel="letter", received_at="2026-11-16T09:00"))
    complaint = Complaint.objects.get()
    assert complaint.acknowledge_due == date(2026, 11, 18)


def test_an_appeal_without_its_request_is_explained(client, officer, intake_form, page_shows):
    client.force_login(officer)
    response = client.post(reverse("complaints:intake"), intake_form(kind="appeal"))
    assert response.status_code == 400
    assert page_shows(response, _("An appeal names the support request whose decision it contests."))


def test_an_answer_by_email_without_an_address_is_explained(client, officer, intake_form, page_shows):
    client.force_login(officer)
    response = client.post(reverse("complaints:intake"), intake_form(contact_channel="email"))
    assert response.status_code == 400
    assert page_shows(response, _("Enter an email address to be answered by it."))
