"""The reception desk's daily journey in a real browser, in the default Arabic interface.

Log in, register a beneficiary typed in Arabic, find the record again by a spelling
variant of the name, open it. Selectors avoid button text (the Arabic catalog is still
being written) and are scoped to <main>, because the header holds the language switch
and logout forms with their own submit buttons.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import STAFF_PASSWORD

FIRST, FATHER, GRANDFATHER, FAMILY = "أحمد", "عبدالله", "محمد", "القحطاني"
FULL_NAME = f"{FIRST} {FATHER} {GRANDFATHER} {FAMILY}"
# What a colleague types at the desk later: no hamza on the alef, and "عبد الله" as two words.
NAME_VARIANT = "احمد عبد الله"


def luhn_check_digit(body: str) -> str:
    """The digit that makes body + digit pass the Luhn check (the Saudi ID / iqama check digit)."""
    total = 0
    # Walking the body from its right end, the first digit sits next to the check digit and is doubled.
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return str((10 - total % 10) % 10)


def saudi_national_id(body: str) -> str:
    assert len(body) == 9
    assert body.startswith("1")
    return body + luhn_check_digit(body)


def assert_arabic_rtl(page) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")


@pytest.mark.browser
# WhiteNoise warns that STATIC_ROOT was never collected; the live server serves static files from the finders.
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_reception_registers_then_finds_a_beneficiary_by_a_name_variant(
    live_server, browser_page, reception_user, beneficiary_category, screenshot_dir
):
    import datetime

    from beneficiaries import services
    from beneficiaries.models import Beneficiary

    page = browser_page
    base = live_server.url
    user = reception_user
    identity_number = saudi_national_id("104589327")
    # Someone else already on the registry: the name search must leave this record out.
    other = services.beneficiary_register(
        actor=user,
        data={
            "identity_type": "national_id",
            "identity_number": saudi_national_id("107766554"),
            "first_name": "خالد",
            "father_name": "سالم",
            "grandfather_name": "ناصر",
            "family_name": "الدوسري",
            "gender": "male",
            "birth_date": datetime.date(1979, 11, 2),
            "nationality": "سعودي",
            "marital_status": "single",
            "mobile": "0559876543",
            "city": "جدة",
            "category": beneficiary_category,
        },
    )

    failed_requests: list[str] = []
    page_errors: list[str] = []

    def record_failure(response) -> None:
        if response.status >= 400:
            failed_requests.append(f"{response.status} {response.url}")

    page.on("response", record_failure)
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    # 1. Log in through the staff login form.
    page.goto(f"{base}/accounts/login/")
    assert_arabic_rtl(page)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    # 2. Register the beneficiary in Arabic.
    page.goto(f"{base}/beneficiaries/new/")
    assert_arabic_rtl(page)
    form = page.locator("main form[method=post]")
    form.locator("#id_identity_type").select_option("national_id")
    form.locator("#id_identity_number").fill(identity_number)
    form.locator("#id_first_name").fill(FIRST)
    form.locator("#id_father_name").fill(FATHER)
    form.locator("#id_grandfather_name").fill(GRANDFATHER)
    form.locator("#id_family_name").fill(FAMILY)
    form.locator("#id_gender").select_option("male")
    form.locator("#id_birth_date").fill("1985-03-14")
    form.locator("#id_nationality").fill("سعودي")
    form.locator("#id_mobile").fill("0501234567")
    form.locator("#id_contact_channel").select_option("sms")
    form.locator("#id_city").fill("الرياض")
    form.locator("#id_district").fill("حي النسيم")
    form.locator("#id_category").select_option(str(beneficiary_category.pk))
    form.locator("#id_kind").select_option("beneficiary")
    form.locator("#id_marital_status").select_option("married")
    form.locator("#id_monthly_income").fill("3500")
    form.locator("#id_monthly_expenses").fill("4200")
    form.locator("#id_health_status").select_option("healthy")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # 3. The record's own page.
    expect(page).to_have_url(re.compile(r"/beneficiaries/\d+/$"))
    assert_arabic_rtl(page)
    expect(page.locator("#beneficiary-name")).to_have_text(FULL_NAME)
    expect(page.locator("main")).to_contain_text(identity_number)
    beneficiary = Beneficiary.objects.get(identity_number=identity_number)
    assert page.url.endswith(f"/beneficiaries/{beneficiary.pk}/")
    assert beneficiary.full_name == FULL_NAME
    assert beneficiary.mobile == "+966501234567"
    assert beneficiary.registered_by_id == user.pk

    # 4. Later: search the list with a spelling variant of the name.
    page.goto(f"{base}/beneficiaries/")
    assert_arabic_rtl(page)
    search = page.locator("main form[role=search]")
    search.locator("input[name=q]").fill(NAME_VARIANT)
    with page.expect_navigation():
        search.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/beneficiaries/\?(.*&)?q="))
    result = page.locator(f'main table a[href="/beneficiaries/{beneficiary.pk}/"]')
    expect(result).to_have_count(1)
    expect(result).to_have_text(FULL_NAME)
    expect(page.locator("main table tbody")).to_contain_text(identity_number)
    expect(page.locator(f'main table a[href="/beneficiaries/{other.pk}/"]')).to_have_count(0)
    expect(page.locator("main table tbody tr")).to_have_count(1)

    # 5. Open the record from the results.
    with page.expect_navigation():
        result.click()
    expect(page).to_have_url(re.compile(rf"/beneficiaries/{beneficiary.pk}/$"))
    assert_arabic_rtl(page)
    expect(page.locator("#beneficiary-name")).to_have_text(FULL_NAME)
    expect(page.locator("main")).to_contain_text(identity_number)

    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(screenshot_dir / "reception-journey-beneficiary.png"), full_page=True)

    # Styles, fonts and scripts all loaded; nothing on the way failed or threw.
    assert failed_requests == []
    assert page_errors == []
