"""The monthly (or any period's) performance report PDF for managers (R32, R33).

The PDF's text is read back with pdftotext, word by word with its position, and a figure is
checked on the same row as its label. pdftotext swaps the letters of some Arabic ligatures
(it reads البر as الرب, لا as ال), so the words checked here are ones without them; the
rendered pages themselves were looked at (pdftoppm).
"""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from policies.models import AssociationProfile
from policies.roles import Role
from tests.reports.dashboard_data import TODAY, at
from tests.reports.pdf_text import page_footers, pdf_positioned_words

pytestmark = pytest.mark.django_db

URL = reverse("reports:performance_report")


@pytest.fixture
def october(october_module, db):
    AssociationProfile.objects.update_or_create(
        pk=1, defaults={"name": "جمعية البر الخيرية", "name_en": "Al-Birr Charity", "city": "الرياض"}
    )
    with at(TODAY):
        yield october_module


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def same_row(words, *texts: str, page: int | None = None) -> bool:
    """Whether all ``texts`` stand as words on one row of one page."""
    for first in (w for w in words if w.text == texts[0] and (page is None or w.page == page)):
        row = {w.text for w in words if w.page == first.page and abs(w.y - first.y) < 3}
        if set(texts) <= row:
            return True
    return False


@pytest.fixture
def report(manager_client, october):
    """The October report as a manager downloads it (kept in $SILAH_SCREENSHOT_DIR to look at, if set)."""
    response = manager_client.get(URL, {"start": "2026-10-01", "end": "2026-10-31"})
    assert response.status_code == 200
    if os.environ.get("SILAH_SCREENSHOT_DIR"):
        Path(os.environ["SILAH_SCREENSHOT_DIR"], "performance-report.pdf").write_bytes(response.content)
    return response


def test_a_manager_downloads_the_report_as_a_pdf_named_by_its_period(report):
    assert report["Content-Type"] == "application/pdf"
    assert report.content.startswith(b"%PDF-")
    assert report["Content-Disposition"] == 'attachment; filename="performance-report-2026-10-01-2026-10-31.pdf"'
    assert report["Cache-Control"] == "private, no-store"


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.COMMITTEE_SECRETARY, Role.COMPLAINTS_OFFICER, Role.ADMIN])
def test_staff_other_than_managers_are_refused(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


def test_the_cover_names_the_association_and_the_period_in_gregorian_and_hijri(report, tmp_path):
    words = pdf_positioned_words(report.content, tmp_path)
    assert same_row(words, "جمعية", page=1)
    assert same_row(words, "Al-Birr", "Charity", page=1)
    # From 1 October 2026 (20 Rabi al-Thani 1448) to 31 October 2026 (20 Jumada al-Ula 1448).
    assert same_row(words, "1", "كتوبر", "2026", "20", "ربيع", "1448", page=1)
    assert same_row(words, "31", "كتوبر", "2026", "20", "جمادى", "1448", page=1)
    assert same_row(words, "كل", "الفئات", page=1)


def test_the_report_has_a_table_of_contents_and_numbered_pages(report, tmp_path):
    words = pdf_positioned_words(report.content, tmp_path)
    assert same_row(words, "المحتويات", page=2)
    # Each entry of the contents ends with the page its part starts on.
    heading = [w for w in words if w.page > 2 and w.text == "المتأخرة"]
    overdue_page = next(w.page for w in heading if same_row(words, "المتأخرة", "اليوم", page=w.page))
    assert same_row(words, "الطلبات", "المتأخرة", str(overdue_page), page=2)
    footers = page_footers(report.content, tmp_path)
    assert len(footers) >= 5
    for number, footer in enumerate(footers, start=1):
        assert {"صفحة", str(number), "من", str(len(footers))} <= set(footer.split())


def test_the_report_shows_the_months_figures_beside_their_labels(report, tmp_path):
    words = pdf_positioned_words(report.content, tmp_path)
    assert same_row(words, "الطلبات", "الواردة", "5")
    assert same_row(words, "صدر", "قرارها", "ضمن", "المهلة", "2")
    assert any(w.text == "66.7%" for w in words)
    assert same_row(words, "وسيط", "أيام", "العمل", "8.0")
    assert same_row(words, "التسعون", "17.6")
    assert same_row(words, "غذائية", "سلة", "2", "1", "1,000.00")
    assert same_row(words, "جودة", "الخدمة", "2", "6.0", "4.0")
    assert same_row(words, "مؤجل", "1")
    assert any(w.text == "33.3" for w in words)
    assert any(w.text == "-100.0" for w in words)


def test_the_overdue_request_is_listed_with_its_working_days_overdue(report, october, tmp_path):
    words = pdf_positioned_words(report.content, tmp_path)
    assert same_row(words, october.requests["R4"].reference_number, "16")


def test_a_category_report_names_the_category_and_counts_only_its_requests(manager_client, october, tmp_path):
    response = manager_client.get(URL, {"start": "2026-10-01", "end": "2026-10-31", "category": october.category_a.pk})
    words = pdf_positioned_words(response.content, tmp_path)
    assert same_row(words, "(لوحة)", page=1)
    assert same_row(words, "الطلبات", "الواردة", "4")
    assert same_row(words, "التسعون", "18.5")


def test_a_bad_period_gives_the_form_with_its_error_not_a_pdf(manager_client, october):
    response = manager_client.get(URL, {"start": "2026-10-31", "end": "2026-10-01"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "end" in response.context["form"].errors
