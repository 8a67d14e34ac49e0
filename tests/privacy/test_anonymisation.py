"""Anonymising a person removes what identifies them everywhere and keeps the figures (PDPL)."""

from decimal import Decimal

import pytest
from factories import DocumentFactory, HouseholdMemberFactory, InteractionFactory
from factories.complaints import ComplaintFactory, in_status
from factories.requests import advance_request, make_support_request

from beneficiaries.models import Beneficiary, BeneficiaryStatus, Document
from beneficiaries.privacy import beneficiary_anonymise
from complaints.models import Complaint, ComplaintStatus
from notifications.models import Message
from policies.errors import DomainError
from requests_app.models import RequestStatus, SupportRequest


def archive(beneficiary):
    Beneficiary.objects.filter(pk=beneficiary.pk).update(status=BeneficiaryStatus.ARCHIVED, email="ahmad@example.sa")
    beneficiary.refresh_from_db()
    return beneficiary


@pytest.fixture
def archived(beneficiary):
    return archive(beneficiary)


def anonymise(beneficiary, actor=None):
    beneficiary_anonymise(actor=actor, beneficiary=beneficiary, reason="test")
    beneficiary.refresh_from_db()
    return beneficiary


def test_names_id_and_contacts_are_removed(archived):
    person = anonymise(archived)
    assert "أحمد" not in person.full_name
    assert person.identity_number != "1000000008"
    assert (person.mobile, person.email, person.address, person.district) == ("", "", "", "")
    assert person.anonymised_at is not None


def test_the_figures_reports_count_are_kept(archived):
    before = (archived.category_id, archived.gender, archived.birth_date.year, archived.monthly_income, archived.city)
    person = anonymise(archived)
    assert (person.category_id, person.gender, person.birth_date.year, person.monthly_income, person.city) == before


def test_no_history_row_keeps_the_old_name_or_id(archived, reception):
    from beneficiaries import services

    services.beneficiary_verify(actor=reception, beneficiary=archived)
    anonymise(archived)
    rows = archived.history.values_list("first_name", "identity_number", "mobile")
    assert rows
    assert all(first != "أحمد" and number != "1000000008" and mobile == "" for first, number, mobile in rows)


def test_documents_and_their_files_are_removed(archived, stored_files, django_capture_on_commit_callbacks):
    DocumentFactory(beneficiary=archived)
    assert stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        anonymise(archived)
    assert not Document.objects.filter(beneficiary=archived).exists()
    assert stored_files() == []
    assert set(Document.history.filter(beneficiary_id=archived.pk).values_list("original_filename", flat=True)) == {""}


def test_household_and_interactions_lose_their_text_and_history(archived):
    HouseholdMemberFactory(beneficiary=archived, full_name="سارة أحمد الشهري")
    InteractionFactory(beneficiary=archived, subject="طلب سكن", summary="تسكن في حي النسيم مع أطفالها")
    anonymise(archived)
    texts = [
        *archived.household_members.values_list("full_name", flat=True),
        *archived.household_members.model.history.filter(beneficiary_id=archived.pk).values_list(
            "full_name", flat=True
        ),
        *archived.interactions.values_list("summary", flat=True),
        *archived.interactions.model.history.filter(beneficiary_id=archived.pk).values_list("summary", flat=True),
    ]
    assert texts
    assert not any("سارة" in text or "النسيم" in text for text in texts)


def test_a_closed_request_keeps_its_amount_and_loses_its_free_text(beneficiary, reception):
    request = make_support_request(actor=reception, beneficiary=beneficiary, amount_requested=Decimal("1500.00"))
    advance_request(request, RequestStatus.WITHDRAWN)
    anonymise(archive(beneficiary))
    request = SupportRequest.objects.get(pk=request.pk)
    assert request.amount_requested == Decimal("1500.00")
    assert "إيجار" not in request.need_description
    assert "وفاة" not in request.reason
    assert not SupportRequest.history.filter(id=request.pk, need_description__contains="إيجار").exists()


def test_a_closed_complaint_loses_the_complainants_details(archived):
    complaint = in_status(ComplaintStatus.CLOSED, beneficiary=archived)
    anonymise(archived)
    complaint = Complaint.objects.get(pk=complaint.pk)
    assert (complaint.complainant_name, complaint.complainant_mobile) == ("", "")
    assert "تأخر" not in complaint.description


def test_messages_sent_to_the_person_lose_their_text(beneficiary, reception):
    request = make_support_request(actor=reception, beneficiary=beneficiary)
    advance_request(request, RequestStatus.WITHDRAWN)
    assert Message.objects.exists()
    archived = anonymise(archive(beneficiary))
    assert not Message.objects.exclude(address="").filter(recipient_object_id=archived.pk).exists()
    assert not any("أحمد" in body for body in Message.objects.values_list("body", flat=True))


def test_an_open_support_request_holds_the_record(beneficiary, reception):
    make_support_request(actor=reception, beneficiary=beneficiary)
    archived = archive(beneficiary)
    with pytest.raises(DomainError):
        beneficiary_anonymise(actor=None, beneficiary=archived, reason="test")
    archived.refresh_from_db()
    assert archived.anonymised_at is None


def test_an_open_complaint_holds_the_record(archived):
    ComplaintFactory(beneficiary=archived)
    with pytest.raises(DomainError):
        beneficiary_anonymise(actor=None, beneficiary=archived, reason="test")


def test_a_record_is_anonymised_only_once(archived):
    anonymise(archived)
    with pytest.raises(DomainError):
        beneficiary_anonymise(actor=None, beneficiary=archived, reason="again")


def test_the_beneficiary_page_of_an_anonymised_record_says_so(client, manager, archived):
    anonymise(archived)
    client.force_login(manager)
    from django.urls import reverse

    response = client.get(reverse("beneficiaries:detail", args=[archived.pk]))
    assert response.status_code == 200
    assert "أحمد" not in response.content.decode()
