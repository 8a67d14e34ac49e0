"""The minutes (محضر) of a closed meeting as a printable Arabic PDF with signature blocks."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from factories.committee import make_committee, make_meeting, write_research_report

from policies.roles import Role
from requests_app.committee_models import Outcome, Vote
from requests_app.models import RequestStatus
from requests_app.services.committee import committee_decision_record, meeting_close, minutes_approve, vote_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(staff):
    return make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, quorum=3)


@pytest.fixture
def closed_meeting(setup, request_in):
    request = request_in(RequestStatus.UNDER_RESEARCH)
    write_research_report(request)
    meeting = make_meeting(setup, requests=[request])
    item = meeting.items.get()
    vote_cast(actor=setup.chair, item=item, vote=Vote.FOR)
    vote_cast(actor=setup.members[0], item=item, vote=Vote.AGAINST, dissent_note="المبلغ أعلى من الحاجة")
    committee_decision_record(
        actor=setup.secretary, item=item, outcome=Outcome.APPROVED, approved_amount=Decimal("2000")
    )
    meeting = meeting_close(actor=setup.secretary, meeting=meeting)
    minutes_approve(actor=setup.chair, meeting=meeting)
    return meeting


def pdf_text(content: bytes, tmp_path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "minutes.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [pdftotext, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_a_member_downloads_the_minutes_with_every_decision_and_the_dissent(client, setup, closed_meeting, tmp_path):
    client.force_login(setup.members[0])
    response = client.get(reverse("reports:meeting_minutes", args=[closed_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    item = closed_meeting.items.get()
    assert item.request.reference_number in text
    assert "2000.00" in text


def test_a_member_of_another_committee_cannot_download_the_minutes(client, staff, closed_meeting):
    outsider = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY]).chair
    client.force_login(outsider)
    assert client.get(reverse("reports:meeting_minutes", args=[closed_meeting.pk])).status_code == 404


def test_reception_cannot_download_the_minutes(client, staff, closed_meeting):
    client.force_login(staff[Role.RECEPTION])
    assert client.get(reverse("reports:meeting_minutes", args=[closed_meeting.pk])).status_code == 403


def test_an_open_meeting_has_no_minutes_yet(client, setup, request_in):
    meeting = make_meeting(setup)
    client.force_login(setup.secretary)
    assert client.get(reverse("reports:meeting_minutes", args=[meeting.pk])).status_code == 404
