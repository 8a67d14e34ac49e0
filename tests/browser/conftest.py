"""Browser tests: Debian's Chromium driven by Playwright's sync API against pytest-django's live server.

Playwright is never allowed to download a browser here; the tests use /usr/bin/chromium
(installed by `make test`, and in CI) and skip only when that binary is missing.
"""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import STAFF_PASSWORD

# Playwright's sync API keeps an asyncio event loop running in the test thread, and Django
# refuses ORM calls from a thread with a running loop unless told this is deliberate. The
# live server answers in its own thread; the test thread only creates fixtures and checks rows.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000
RECEPTION_GROUP = "reception"


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole run; skipped only when Debian's Chromium is absent."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


# A common phone size in CSS pixels; public pages must not overflow it sideways.
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(chromium_browser):
    """A fresh touch-screen phone context in Arabic, as beneficiaries use the public pages."""
    context = chromium_browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="ar-SA", timezone_id="Asia/Riyadh"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def browser_page(chromium_browser):
    """A fresh context (no cookies, so the default Arabic UI) and page per test."""
    context = chromium_browser.new_context(
        viewport={"width": 1280, "height": 900},
        locale="ar-SA",
        timezone_id="Asia/Riyadh",
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    """Where browser tests save screenshots: $SILAH_SCREENSHOT_DIR if set, else the test's tmp_path."""
    configured = os.environ.get("SILAH_SCREENSHOT_DIR")
    if not configured:
        return tmp_path
    directory = Path(configured)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture
def reception_user(transactional_db, django_user_model):
    """A reception desk user, signing in with ``helpers.STAFF_PASSWORD``.

    The "reception" group comes from a data migration, but a transactional test run
    flushes every table after each test, so the group is re-created here when an earlier
    live-server test has emptied it.
    """
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="reception_desk", password=STAFF_PASSWORD, first_name="نورة", last_name="الحربي"
    )
    group, _created = Group.objects.get_or_create(name=RECEPTION_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def beneficiary_category(transactional_db):
    """An active beneficiary category: one from the migrations, or a new one after a flush."""
    from policies.models import BeneficiaryCategory

    active = BeneficiaryCategory.objects.filter(is_active=True)
    # "Low income families" fits any test person (a man registered under "widows" looks wrong on screenshots).
    category = active.filter(code="low_income").first() or active.order_by("sort_order", "pk").first()
    if category is None:
        category, _created = BeneficiaryCategory.objects.update_or_create(
            code="browser_orphans", defaults={"name": "أيتام (اختبار)", "name_en": "Orphans (test)", "is_active": True}
        )
    return category
