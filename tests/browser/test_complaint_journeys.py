"""A member of the public files a complaint from the public link on a phone and tracks it; the
follow-up committee answers it; the public tracking page then shows the response.

Selectors use ids and names, not button text, and are scoped to <main>.
"""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from tests.browser.helpers import STAFF_PASSWORD, sign_in

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")
RESPONSE = "تمت معالجة ملاحظتكم، وسيُصرف المبلغ المتأخر خلال يومي عمل. نعتذر عن التأخير."


@pytest.fixture
def complaint_categories(transactional_db):
    """The migration's categories, made again when an earlier live-server test flushed them."""
    from factories.complaints import category

    SEED.seed_templates(django_apps)  # message texts, flushed by an earlier live-server test
    return {code: category(code) for code in ("service_quality", "delay", "staff_conduct")}


@pytest.fixture
def committee_officer(transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="follow_up", password=STAFF_PASSWORD, first_name="سارة", last_name="الغامدي"
    )
    group, _created = Group.objects.get_or_create(name="complaints_officer")
    user.groups.add(group)
    return user


def assert_arabic_rtl(page) -> None:
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")


def file_complaint(page, base, category) -> str:
    page.goto(f"{base}/complaints/public/")
    assert_arabic_rtl(page)
    form = page.locator("main form#complaint-form")
    form.locator("#id_kind").select_option("complaint")
    form.locator("#id_category").select_option(str(category.pk))
    form.locator("#id_subject").fill("تأخر صرف المساعدة الشهرية")
    form.locator("#id_description").fill("لم تصرف المساعدة الشهرية منذ شهرين، ولم يتصل بي أحد لبيان السبب.")
    form.locator("#id_complainant_name").fill("هيا سعد العتيبي")
    form.locator("#id_complainant_mobile").fill("0551234567")
    form.locator("#id_contact_channel").select_option("sms")
    with page.expect_navigation():
        form.locator("#submit-complaint").click()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    return code


def track(page, base, code):
    page.goto(f"{base}/complaints/public/track/")
    page.locator("main #id_code").fill(code.lower())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_a_member_of_the_public_files_a_complaint_on_a_phone_and_tracks_it(
    live_server, phone_page, complaint_categories, screenshot_dir
):
    from complaints.models import Complaint

    page = phone_page
    base = live_server.url
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The public link every public page carries: from the service application page to the form.
    page.goto(f"{base}/apply/")
    with page.expect_navigation():
        page.locator("a[href='/complaints/public/']").first.click()
    expect(page).to_have_url(re.compile(r"/complaints/public/$"))
    assert_arabic_rtl(page)
    # Nothing overflows sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.screenshot(path=str(screenshot_dir / "complaint-public-form-phone-ar.png"), full_page=True)

    # Ticking "anonymous" hides the identity fields.
    page.locator("#id_is_anonymous").check()
    expect(page.locator("#id_complainant_name")).to_be_hidden()
    page.locator("#id_is_anonymous").uncheck()
    expect(page.locator("#id_complainant_name")).to_be_visible()

    code = file_complaint(page, base, complaint_categories["delay"])
    page.screenshot(path=str(screenshot_dir / "complaint-public-done-phone-ar.png"), full_page=True)
    complaint = Complaint.objects.get()
    assert complaint.tracking_code == code
    assert complaint.channel == "website"

    track(page, base, code)
    expect(page.locator("#tracking-status")).to_have_text(str(complaint.get_status_display()))
    expect(page.locator("#tracking-response")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("هيا")
    page.screenshot(path=str(screenshot_dir / "complaint-public-track-phone-ar.png"), full_page=True)
    assert errors == []


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_the_follow_up_committee_answers_and_the_public_sees_the_response(
    live_server, phone_page, browser_page, complaint_categories, committee_officer, screenshot_dir
):
    from complaints.models import Complaint

    base = live_server.url
    code = file_complaint(phone_page, base, complaint_categories["delay"])
    complaint = Complaint.objects.get(tracking_code=code)

    page = browser_page
    sign_in(page, base, committee_officer)

    page.goto(f"{base}/complaints/")
    assert_arabic_rtl(page)
    row = page.locator("#complaint-queue tbody tr", has_text=complaint.number)
    expect(row).to_contain_text("تأخر صرف المساعدة الشهرية")
    expect(row.locator("[data-light]")).to_have_attribute("data-light", "green")
    page.screenshot(path=str(screenshot_dir / "complaint-officer-queue-ar.png"), full_page=True)

    with page.expect_navigation():
        row.locator("a").first.click()
    for action in ("acknowledge", "investigate"):
        with page.expect_navigation():
            page.locator(f"main button[data-action={action}]").click()
    with page.expect_navigation():
        page.locator("main #resolve-link").click()
    form = page.locator("main form#resolve-form")
    form.locator("#id_outcome").select_option("upheld")
    form.locator("#id_response").fill(RESPONSE)
    form.locator("#id_response_channel").select_option("sms")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#complaint-response")).to_have_text(RESPONSE)
    page.screenshot(path=str(screenshot_dir / "complaint-officer-resolved-ar.png"), full_page=True)
    complaint.refresh_from_db()
    assert complaint.status == "resolved"

    track(phone_page, base, code)
    expect(phone_page.locator("#tracking-response")).to_have_text(RESPONSE)
    phone_page.screenshot(path=str(screenshot_dir / "complaint-public-answered-phone-ar.png"), full_page=True)
