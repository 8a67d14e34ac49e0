"""A manager opens the dashboard from the menu, filters October 2026 to one category, sees the
figures change, and downloads the month's performance report as a PDF.

Selectors use ids and names, not button text, and are scoped to <main>.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from tests.browser.helpers import STAFF_PASSWORD, sign_in

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")
pytestmark = pytest.mark.browser


@pytest.fixture
def october_world(transactional_db, django_user_model):
    """The known month of tests/reports/dashboard_data.py (a flush removed the roles and message texts)."""
    from django.contrib.auth.models import Group
    from factories import CategoryFactory

    from policies.roles import Role
    from tests.reports.dashboard_data import build_october

    for role in Role.values:
        Group.objects.get_or_create(name=role)
    SEED.seed_templates(django_apps)
    data = build_october(
        category_a=CategoryFactory(name="الأرامل (متصفح)", name_en="Widows (browser)"),
        category_b=CategoryFactory(name="الأيتام (متصفح)", name_en="Orphans (browser)"),
    )
    manager = django_user_model.objects.create_user(
        username="dashboard_manager", password=STAFF_PASSWORD, first_name="عبدالله", last_name="السبيعي"
    )
    manager.groups.add(Group.objects.get(name=Role.MANAGER))
    return data, manager


def test_a_manager_filters_the_dashboard_and_downloads_the_monthly_pdf(
    live_server, browser_page, october_world, screenshot_dir
):
    data, manager = october_world
    page = browser_page
    sign_in(page, live_server.url, manager)

    page.locator("#mainNav a[href='/reports/dashboard/']").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("main #dashboard-filter")).to_be_visible()

    page.locator("main #id_start").fill("2026-10-01")
    page.locator("main #id_end").fill("2026-10-31")
    page.locator("main #dashboard-filter button[type=submit]").click()
    expect(page.locator("main #figure-received")).to_have_text("5")
    expect(page.locator("main #figure-p90")).to_have_text("17.6")
    expect(page.locator("main #chart-flow")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "dashboard-all.png"), full_page=True)

    page.locator("main #id_category").select_option(str(data.category_a.pk))
    page.locator("main #dashboard-filter button[type=submit]").click()
    expect(page.locator("main #figure-received")).to_have_text("4")
    expect(page.locator("main #figure-p90")).to_have_text("18.5")
    expect(page.locator("main #period")).to_contain_text("الأرامل (متصفح)")
    page.screenshot(path=str(screenshot_dir / "dashboard-category.png"), full_page=True)

    # A slip in the dates is shown on the form, with what was typed kept.
    page.locator("main #id_end").fill("2026-09-01")
    page.locator("main #dashboard-filter button[type=submit]").click()
    expect(page.locator("main #dashboard-filter .invalid-feedback")).to_be_visible()
    expect(page.locator("main #id_end")).to_have_value("2026-09-01")
    expect(page.locator("main #download-pdf")).to_have_count(0)
    page.locator("main #id_end").fill("2026-10-31")
    page.locator("main #dashboard-filter button[type=submit]").click()

    with page.expect_download() as download_info:
        page.locator("main #download-pdf").click()
    download = download_info.value
    assert download.suggested_filename == "performance-report-2026-10-01-2026-10-31.pdf"
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-")
    (screenshot_dir / "performance-report.pdf").write_bytes(content)
