"""The managers' dashboard page: who may see it, its filters, what it shows, and its query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import BeneficiaryFactory, make_support_request
from factories.complaints import ComplaintFactory
from factories.requests import Staff, advance_request

from policies.roles import Role
from requests_app.models import RequestStatus
from tests.reports.dashboard_data import TODAY, at, riyadh

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.SOCIAL_RESEARCHER, Role.COMPLAINTS_OFFICER, Role.CONTACT_OFFICER, Role.ADMIN]
)
def test_staff_other_than_managers_are_refused(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(URL).status_code == 403


def test_the_dashboard_shows_last_month_by_default_in_gregorian_and_hijri(manager_client, october):
    page = manager_client.get(URL).content.decode()
    assert 'value="2026-10-01"' in page and 'value="2026-10-31"' in page
    # 1 October 2026 is 20 Rabi al-Thani 1448; 31 October is 20 Jumada al-Ula 1448 (Umm al-Qura).
    assert "20 ربيع الثاني 1448" in page and "20 جمادى الأولى 1448" in page
    assert '<td class="num" id="figure-received">5</td>' in page
    assert '<td class="num" id="figure-within">2 (66.7%)</td>' in page
    assert '<td class="num" id="figure-median">8.0</td>' in page
    assert '<td class="num" id="figure-p90">17.6</td>' in page


def test_filtering_by_category_and_period_changes_the_figures(manager_client, october):
    response = manager_client.get(URL, {"start": "2026-10-01", "end": "2026-10-31", "category": october.category_a.pk})
    page = response.content.decode()
    assert '<td class="num" id="figure-received">4</td>' in page
    assert '<td class="num" id="figure-median">12.5</td>' in page
    assert "الأرامل (لوحة)" in page


def test_the_page_lists_the_overdue_request_with_a_link(manager_client, october):
    request = october.requests["R4"]
    page = manager_client.get(URL).content.decode()
    assert reverse("requests_app:detail", args=[request.pk]) in page
    assert request.reference_number in page


def test_charts_are_svg_rectangles_with_html_labels_and_no_script_or_inline_style(manager_client, october):
    page = manager_client.get(URL).content.decode()
    assert 'id="chart-flow"' in page and "<rect " in page
    assert "<text" not in page
    assert "<script>" not in page.split('id="main"')[1].split("</main>")[0]
    assert 'style="' not in page.split('id="main"')[1].split("</main>")[0]


def test_the_download_links_carry_the_filter(manager_client, october):
    page = manager_client.get(URL, {"start": "2026-10-01", "end": "2026-10-15"}).content.decode()
    assert f"{reverse('reports:performance_report')}?start=2026-10-01&amp;end=2026-10-15" in page
    assert "format=xlsx" in page and "format=csv" in page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-10-31", "end": "2026-10-01"}, "end"),
        ({"start": "not a date", "end": "2026-10-01"}, "start"),
        ({"start": "", "end": "2026-10-01"}, "start"),
        ({"start": "1900-01-01", "end": "2026-10-01"}, "start"),
        ({"start": "2026-01-01", "end": "9999-12-31"}, "end"),
        ({"start": "2020-01-01", "end": "2026-10-01"}, "end"),
        ({"start": "2026-10-01", "end": "2026-10-31", "category": "999999"}, "category"),
        ({"start": "2026-10-01", "end": "2026-10-31", "category": "abc"}, "category"),
    ],
)
def test_a_bad_filter_is_an_error_on_the_form_and_keeps_what_was_typed(manager_client, query, field):
    response = manager_client.get(URL, query)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert "data" not in response.context
    page = response.content.decode()
    assert "invalid-feedback" in page
    if query["start"] and query["start"] != "not a date":
        assert f'value="{query["start"]}"' in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"start": "2026-10-01", "end": "2026-10-31"}).status_code == 200
    return len(queries)


def test_the_dashboard_makes_the_same_number_of_queries_whatever_the_data(manager_client, october):
    _queries(manager_client)  # loads the reference data kept between requests
    before = _queries(manager_client)
    staff = Staff()
    with at(riyadh(10, 6, 9)):
        for _index in range(3):
            request = make_support_request(
                actor=staff[Role.RECEPTION], beneficiary=BeneficiaryFactory(category=october.category_b)
            )
            advance_request(request, RequestStatus.UNDER_RESEARCH, staff=staff)
        for index in range(12):
            make_support_request(actor=staff[Role.RECEPTION], beneficiary=BeneficiaryFactory())
            ComplaintFactory(received_at=riyadh(10, 7 + index, 9))
    with at(TODAY):
        # The complaints brought new categories: the reference data is loaded again, once.
        _queries(manager_client)
        after = _queries(manager_client)
    assert after == before
    assert before < 45


def test_managers_find_the_dashboard_in_the_menu_and_reception_does_not(client, manager, reception):
    client.force_login(manager)
    assert f'href="{URL}"' in client.get(reverse("home")).content.decode()
    client.force_login(reception)
    assert f'href="{URL}"' not in client.get(reverse("home")).content.decode()


def test_in_english_the_dashboard_reads_left_to_right(manager_client, october, settings):
    manager_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = manager_client.get(URL).content.decode()
    assert '<html lang="en" dir="ltr">' in page
    assert "Managers&#x27; dashboard" in page or "Managers' dashboard" in page
    assert "Food basket" in page
