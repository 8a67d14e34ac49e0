"""The letter answering a resolved complaint: for the follow-up committee and managers, in Arabic."""

import pytest
from django.urls import reverse
from factories import BeneficiaryFactory, UserFactory
from factories.complaints import category, in_status

from complaints.models import ComplaintStatus
from policies.roles import Role
from tests.reports.pdf_text import pdf_lines, pdf_positioned_words, pdf_words, shows, shows_near

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMPLAINTS_OFFICER)


@pytest.fixture
def resolved(frozen_today):
    """A named complaint, resolved with an apology; the complainant is in the registry with an address."""
    person = BeneficiaryFactory(
        first_name="هيا", father_name="سعد", family_name="العتيبي", district="الملقا", address="شارع التخصصي"
    )
    return in_status(
        ComplaintStatus.RESOLVED,
        beneficiary=person,
        complainant_name="",
        subject="تأخر صرف المساعدة",
        response="راجعنا طلبكم ونعتذر عن التأخير",
    )


def letter_url(complaint) -> str:
    return reverse("reports:complaint_response_letter", args=[complaint.pk])


def letter(client, user, complaint):
    client.force_login(user)
    return client.get(letter_url(complaint))


def test_the_complaints_officer_downloads_the_letter_as_a_private_pdf(client, officer, resolved):
    response = letter(client, officer, resolved)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == f'attachment; filename="complaint-response-{resolved.number}.pdf"'


def test_the_letter_is_addressed_to_the_complainant_with_the_outcome_and_response(client, officer, resolved, tmp_path):
    lines = pdf_lines(letter(client, officer, resolved).content, tmp_path)
    assert shows(lines, "هيا", "سعد", "علي")
    assert shows(lines, "شارع", "الملقا", "الرياض")
    assert shows(lines, resolved.number)
    assert shows_near(lines, "راجعنا", "طلبكم")
    assert shows_near(lines, "تأخر", "المساعدة")
    assert shows_near(lines, "فتح", "30")


def test_the_letter_is_in_arabic_whatever_the_staff_members_language(client, officer, resolved, tmp_path):
    client.force_login(officer)
    client.cookies["django_language"] = "en"
    response = client.get(letter_url(resolved), HTTP_ACCEPT_LANGUAGE="en")
    words = pdf_words(response.content, tmp_path)
    assert {"ردنا", "بشأن"} <= words
    assert "Subject" not in words


def test_an_english_copy_is_given_when_asked(client, officer, resolved, tmp_path):
    client.force_login(officer)
    lines = pdf_lines(client.get(letter_url(resolved) + "?lang=en").content, tmp_path)
    assert shows(lines, "Subject", "our", "response", "to")


def test_an_anonymous_complainant_gets_a_letter_addressed_generically(client, officer, frozen_today, tmp_path):
    anonymous = in_status(
        ComplaintStatus.RESOLVED, is_anonymous=True, complainant_name="", complainant_mobile="", contact_channel=""
    )
    response = letter(client, officer, anonymous)
    assert response.status_code == 200
    lines = pdf_lines(response.content, tmp_path)
    assert shows(lines, "مقدم", "الشكوى", "الكريم")
    assert not shows(lines, "هيا")


def test_a_closed_complaint_still_has_its_letter(client, officer, frozen_today):
    closed = in_status(ComplaintStatus.CLOSED)
    assert letter(client, officer, closed).status_code == 200


@pytest.mark.parametrize("status", [ComplaintStatus.RECEIVED, ComplaintStatus.UNDER_INVESTIGATION])
def test_a_complaint_without_a_response_has_no_letter(client, officer, frozen_today, status):
    assert letter(client, officer, in_status(status)).status_code == 404


def test_a_manager_may_print_the_letter(client, manager, resolved):
    assert letter(client, manager, resolved).status_code == 200


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.CONTACT_OFFICER, Role.SOCIAL_RESEARCHER, Role.COMMITTEE_MEMBER])
def test_other_roles_may_not_print_the_letter(client, make_user, resolved, role):
    assert letter(client, make_user(role), resolved).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, resolved):
    response = client.get(letter_url(resolved))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_officer_cannot_print_the_letter_of_a_complaint_about_themselves(client, officer, frozen_today):
    about_officer = in_status(ComplaintStatus.RESOLVED, concerned_staff=officer)
    assert letter(client, officer, about_officer).status_code == 404


def test_a_sensitive_complaint_is_printed_only_by_its_officer_or_a_manager(client, officer, manager, frozen_today):
    sensitive = in_status(ComplaintStatus.RESOLVED, category=category("fraud"), assigned_to=UserFactory())
    assert letter(client, officer, sensitive).status_code == 404
    assert letter(client, manager, sensitive).status_code == 200


def test_an_unknown_complaint_answers_not_found(client, officer, resolved):
    client.force_login(officer)
    url = reverse("reports:complaint_response_letter", args=[resolved.pk + 100])
    assert client.get(url).status_code == 404


def test_the_complaint_page_links_to_the_letter_once_resolved(client, officer, resolved):
    client.force_login(officer)
    page = client.get(reverse("complaints:detail", args=[resolved.pk])).content.decode()
    assert letter_url(resolved) in page


def test_the_complaint_number_keeps_its_order_inside_the_arabic_sentence(client, officer, resolved, tmp_path):
    # After an Arabic word a bare "2026-00001" would be shown as "00001-2026".
    words = pdf_positioned_words(letter(client, officer, resolved).content, tmp_path)
    year, serial = resolved.number.split("-")
    assert [w.text for w in words].count(resolved.number) >= 2
    assert f"{serial}-{year}" not in [w.text for w in words]
