"""The intake receipt (R10): a printable Arabic PDF for a completed request, for reception and managers."""

import shutil
import subprocess
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from factories import ServiceTypeFactory, make_support_request

from policies.roles import Role
from requests_app.models import RequestStatus, SupportRequest
from tests.reports.pdf_text import embedded_fonts

pytestmark = pytest.mark.django_db

# Completed on Monday 23 November 2026; the answer is due fifteen working days later.
DUE = date(2026, 12, 14)
DUE_HIJRI_WORDS = {"5", "رجب", "1448"}  # 5 Rajab 1448 AH (Umm al-Qura)


@pytest.fixture
def completed_request(frozen_today, reception, beneficiary):
    """A request completed today, its due date set, as the intake workflow leaves it."""
    request = make_support_request(
        actor=reception, beneficiary=beneficiary, service_type=ServiceTypeFactory(name="مساعدة إيجار")
    )
    SupportRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.COMPLETE,
        completed_at=timezone.now(),
        due_date=DUE,
        verified_at=timezone.now(),
        verified_by=reception,
        verified_data_hash="a" * 64,
    )
    request.refresh_from_db()
    return request


def receipt_url(request) -> str:
    return reverse("reports:request_receipt", args=[request.pk])


BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def pdf_lines(content: bytes, tmp_path) -> list[set[str]]:
    """The words of each line of the PDF's text, as pdftotext reads them.

    pdftotext gives the words of a right-to-left line in visual order, so a line is compared
    as a set of words, not as a string.
    """
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "receipt.pdf"
    path.write_bytes(content)
    text = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [pdftotext, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [set(line.translate(BIDI_MARKS).split()) for line in text.splitlines()]


def shows(lines: list[set[str]], *words: str) -> bool:
    """Whether one line of the PDF holds all these words."""
    return any(set(words) <= line for line in lines)


def test_reception_downloads_the_receipt_as_a_pdf_attachment_named_by_reference(client, reception, completed_request):
    client.force_login(reception)
    response = client.get(receipt_url(completed_request))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="receipt-{completed_request.reference_number}.pdf"'


def test_the_receipt_shows_the_reference_number_and_the_hijri_due_date(client, reception, completed_request, tmp_path):
    client.force_login(reception)
    lines = pdf_lines(client.get(receipt_url(completed_request)).content, tmp_path)
    assert shows(lines, completed_request.reference_number)
    assert shows(lines, *DUE_HIJRI_WORDS)
    assert shows(lines, "14", "2026")


def test_the_receipt_names_the_beneficiary_and_the_tracking_code(client, reception, completed_request, tmp_path):
    client.force_login(reception)
    lines = pdf_lines(client.get(receipt_url(completed_request)).content, tmp_path)
    assert shows(lines, "أحمد", "محمد", "علي", "الشهري")
    assert shows(lines, completed_request.tracking_code)


def test_the_receipt_shows_no_other_persons_data(client, reception, completed_request, tmp_path):
    client.force_login(reception)
    lines = pdf_lines(client.get(receipt_url(completed_request)).content, tmp_path)
    words = set().union(*lines)
    assert reception.first_name not in words
    assert completed_request.beneficiary.identity_number not in words
    assert completed_request.beneficiary.mobile_display.split()[0] not in words


def test_a_manager_may_print_the_receipt(client, manager, completed_request):
    client.force_login(manager)
    assert client.get(receipt_url(completed_request)).status_code == 200


@pytest.mark.parametrize("role", [Role.SOCIAL_RESEARCHER, Role.CONTACT_OFFICER, Role.COMMITTEE_SECRETARY])
def test_other_roles_may_not_print_the_receipt(client, make_user, completed_request, role):
    client.force_login(make_user(role))
    assert client.get(receipt_url(completed_request)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, completed_request):
    response = client.get(receipt_url(completed_request))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_request_not_yet_complete_has_no_receipt(client, reception, frozen_today, beneficiary):
    draft = make_support_request(actor=reception, beneficiary=beneficiary)
    client.force_login(reception)
    assert client.get(receipt_url(draft)).status_code == 404


def test_an_unknown_request_answers_not_found(client, reception, completed_request):
    client.force_login(reception)
    missing = SupportRequest.objects.order_by("-pk").first().pk + 1
    assert client.get(reverse("reports:request_receipt", args=[missing])).status_code == 404


def test_every_receipt_embeds_the_arabic_font_also_when_it_is_printed_again(
    client, reception, completed_request, tmp_path
):
    # The font is decompressed once per process and reused: the second receipt must embed it too.
    client.force_login(reception)
    first, second = (client.get(receipt_url(completed_request)).content for _ in range(2))
    for content in (first, second):
        assert {"Silah-Arabic", "Silah-Latin"} <= embedded_fonts(content, tmp_path)
