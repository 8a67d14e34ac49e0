"""The decision letter (R14): a printable Arabic PDF to the beneficiary, once the committee decided."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from factories import ServiceTypeFactory, make_support_request
from factories.committee import make_committee, make_meeting, write_research_report
from factories.requests import Staff, advance_request

from policies.roles import Role
from requests_app.committee_models import Outcome
from requests_app.models import RequestStatus
from requests_app.services.committee import committee_decision_record
from requests_app.workflow import support_request_transition

pytestmark = pytest.mark.django_db

BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


@pytest.fixture
def staff():
    return Staff()


@pytest.fixture
def researched(staff, beneficiary):
    request = make_support_request(
        actor=staff[Role.RECEPTION],
        beneficiary=beneficiary,
        service_type=ServiceTypeFactory(name="مساعدة إيجار", max_amount=Decimal("5000")),
    )
    advance_request(request, RequestStatus.UNDER_RESEARCH, staff=staff)
    write_research_report(request)
    return request


def decide(staff, request, **decision):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, quorum=3)
    item = make_meeting(setup, requests=[request]).items.get()
    committee_decision_record(actor=setup.secretary, item=item, **decision)
    request.refresh_from_db()
    return request


@pytest.fixture
def approved(staff, researched):
    return decide(
        staff,
        researched,
        outcome=Outcome.PARTIALLY_APPROVED,
        approved_amount=Decimal("2500"),
        aid_form="شيك",
        conditions="تقديم عقد الإيجار الجديد",
        reasons="الدخل الشهري يغطي جزءا من الإيجار",
    )


def letter_url(request) -> str:
    return reverse("reports:decision_letter", args=[request.pk])


def pdf_text(content: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [pdftotext, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout.translate(BIDI_MARKS)


def words(text: str) -> set[str]:
    return set(text.split())


def test_reception_downloads_the_decision_letter_named_by_the_reference_number(client, staff, approved):
    client.force_login(staff[Role.RECEPTION])
    response = client.get(letter_url(approved))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="decision-{approved.reference_number}.pdf"'


def test_the_letter_gives_the_outcome_amount_form_of_aid_conditions_and_reasons(client, staff, approved, tmp_path):
    client.force_login(staff[Role.RECEPTION])
    found = words(pdf_text(client.get(letter_url(approved)).content, tmp_path))
    assert approved.reference_number in found
    assert {"موافقة", "جزئية"} <= found or {"الموافقة", "الجزئية"} <= found
    assert "2,500.00" in found or "2500.00" in found
    # pdftotext reads some Arabic ligatures back in another order: the checks use words it reads as written.
    assert "شيك" in found
    assert {"تقديم", "عقد", "الجديد"} <= found
    assert {"الدخل", "الشهري"} <= found


def test_a_rejection_letter_gives_the_reasons_and_no_amount(client, staff, researched, tmp_path):
    rejected = decide(staff, researched, outcome=Outcome.REJECTED, reasons="لا تنطبق شروط الخدمة على الأسرة")
    client.force_login(staff[Role.RECEPTION])
    text = pdf_text(client.get(letter_url(rejected)).content, tmp_path)
    assert {"تنطبق", "الخدمة"} <= words(text)
    assert "ريال" not in text


def test_the_letter_says_when_and_how_the_beneficiary_was_told(client, staff, approved, tmp_path):
    support_request_transition(actor=staff[Role.RECEPTION], request=approved, to_status=RequestStatus.NOTIFIED)
    client.force_login(staff[Role.RECEPTION])
    found = words(pdf_text(client.get(letter_url(approved)).content, tmp_path))
    assert {"رسالة", "نصية"} <= found


@pytest.mark.parametrize("role", [Role.COMMITTEE_SECRETARY, Role.MANAGER])
def test_the_secretary_and_managers_may_print_the_letter(client, staff, approved, role):
    client.force_login(staff[role])
    assert client.get(letter_url(approved)).status_code == 200


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.SOCIAL_RESEARCHER, Role.COMPLAINTS_OFFICER])
def test_other_roles_are_refused_the_letter(client, staff, approved, role):
    client.force_login(staff[role])
    assert client.get(letter_url(approved)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, approved):
    response = client.get(letter_url(approved))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_request_without_a_decision_has_no_letter(client, staff, researched):
    client.force_login(staff[Role.RECEPTION])
    assert client.get(letter_url(researched)).status_code == 404


def test_a_deferred_request_has_no_letter(client, staff, researched):
    deferred = decide(staff, researched, outcome=Outcome.DEFERRED)
    assert deferred.status == RequestStatus.REFERRED
    client.force_login(staff[Role.RECEPTION])
    assert client.get(letter_url(deferred)).status_code == 404


def test_an_unknown_request_is_not_found(client, staff):
    client.force_login(staff[Role.RECEPTION])
    assert client.get(reverse("reports:decision_letter", args=[999999])).status_code == 404
