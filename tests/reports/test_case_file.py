"""The beneficiary's case file: a printable PDF of the whole record for the desk, contact officers and managers."""

import pytest
from django.urls import reverse
from factories import BeneficiaryFactory

from beneficiaries.models import AccessAction
from policies.roles import Role
from tests.reports.pdf_text import (
    pdf_lines,
    pdf_positioned_words,
    pdf_words,
    reads_left_to_right,
    shows,
    shows_near,
)
from tests.reports.people import build_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(frozen_today, beneficiary, reception):
    return build_person(beneficiary=beneficiary, reception=reception)


def case_file_url(beneficiary) -> str:
    return reverse("reports:case_file", args=[beneficiary.pk])


def case_file(client, user, beneficiary):
    client.force_login(user)
    return client.get(case_file_url(beneficiary))


def test_reception_downloads_the_case_file_as_a_private_pdf(client, reception, person):
    response = case_file(client, reception, person.beneficiary)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="case-file-{person.beneficiary.pk}.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_the_case_file_shows_identity_household_documents_requests_decisions_and_interactions(
    client, reception, person, tmp_path
):
    lines = pdf_lines(case_file(client, reception, person.beneficiary).content, tmp_path)
    assert shows(lines, "أحمد", "محمد", "علي", "الشهري")
    assert shows(lines, "1000000008")
    assert shows(lines, "ليلى", "أحمد", "الشهري")
    assert shows_near(lines, "عقد", "lease-2026.pdf")
    assert shows(lines, "30", "يونيو", "2027")
    assert shows(lines, person.request.reference_number)
    assert shows_near(lines, "مساعدة", "إيجار")
    assert shows(lines, "1,000.00")
    assert shows_near(lines, "سؤال", "عن", "موعد")


def test_the_identity_number_and_the_mobile_read_left_to_right_inside_arabic_text(client, reception, person, tmp_path):
    words = pdf_positioned_words(case_file(client, reception, person.beneficiary).content, tmp_path)
    assert any(word.text == "1000000008" for word in words)
    assert not any(word.text == "8000000001" for word in words)
    assert reads_left_to_right(words, "050", "111", "2233")


def test_the_case_file_never_gives_a_documents_storage_address(client, reception, person, tmp_path):
    content = case_file(client, reception, person.beneficiary).content
    stored_name = person.beneficiary.documents.get().file.name
    words = pdf_words(content, tmp_path)
    assert not any("documents/" in word or stored_name.rsplit("/", 1)[-1] in word for word in words)
    assert b"/beneficiaries/documents/" not in content


def test_the_desk_sees_that_a_complaint_exists_but_not_what_it_says(client, reception, person, tmp_path):
    lines = pdf_lines(case_file(client, reception, person.beneficiary).content, tmp_path)
    words = set().union(*lines)
    assert shows(lines, person.complaint.number)
    assert "تأخر" not in words
    assert "انتظرت" not in words


def test_a_manager_reads_the_complaint_and_its_response_in_the_case_file(client, manager, person, tmp_path):
    lines = pdf_lines(case_file(client, manager, person.beneficiary).content, tmp_path)
    assert shows_near(lines, "تأخر", "الرد", "على", "الطلب")
    assert shows_near(lines, "انتظرت", "دون", "رد")
    assert shows_near(lines, "راجعنا", "طلبكم")


def test_the_case_file_holds_nothing_of_another_beneficiary(client, manager, person, tmp_path):
    words = pdf_words(case_file(client, manager, person.beneficiary).content, tmp_path)
    assert "سلطان" not in words
    assert "الحربي" not in words
    assert person.other.identity_number not in words
    assert person.other_request.reference_number not in words
    assert "الآخر" not in words


def test_the_contact_officer_of_the_category_may_print_the_case_file(client, contact_officer, person):
    assert case_file(client, contact_officer, person.beneficiary).status_code == 200


def test_a_contact_officer_of_another_category_gets_not_found(client, other_contact_officer, person):
    assert case_file(client, other_contact_officer, person.beneficiary).status_code == 404


@pytest.mark.parametrize(
    "role", [Role.SOCIAL_RESEARCHER, Role.COMPLAINTS_OFFICER, Role.COMMITTEE_SECRETARY, Role.COMMITTEE_MEMBER]
)
def test_other_roles_may_not_print_a_case_file(client, make_user, beneficiary, role):
    assert case_file(client, make_user(role), beneficiary).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, beneficiary):
    response = client.get(case_file_url(beneficiary))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_unknown_beneficiary_answers_not_found(client, reception, beneficiary):
    client.force_login(reception)
    assert client.get(reverse("reports:case_file", args=[beneficiary.pk + 1000])).status_code == 404


def test_the_case_file_is_only_for_reading(client, reception, beneficiary):
    client.force_login(reception)
    assert client.post(case_file_url(beneficiary)).status_code == 405


def test_printing_the_case_file_is_recorded_in_the_access_log(client, reception, beneficiary):
    case_file(client, reception, beneficiary)
    entry = beneficiary.access_logs.get()
    assert (entry.user, entry.action) == (reception, AccessAction.CASE_FILE)


def test_an_empty_record_prints_with_its_empty_sections_said_plainly(client, reception, frozen_today, tmp_path):
    lonely = BeneficiaryFactory(first_name="مريم")
    lines = pdf_lines(case_file(client, reception, lonely).content, tmp_path)
    assert shows(lines, "مريم")
    assert shows(lines, "لا", "توجد", "طلبات") or any("طلبات" in line for line in lines)


def test_the_beneficiary_page_links_to_the_case_file_for_the_desk(client, reception, beneficiary):
    client.force_login(reception)
    page = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    assert case_file_url(beneficiary) in page


def test_the_beneficiary_page_offers_no_case_file_to_a_social_researcher(client, researcher, beneficiary):
    from factories import ReferredInquiryFactory

    ReferredInquiryFactory(beneficiary=beneficiary, referred_to=researcher)
    client.force_login(researcher)
    page = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    assert case_file_url(beneficiary) not in page
