"""A beneficiary applies on the public form from a phone, in Arabic, then tracks the request.

No login. The phone is 390×844 CSS pixels (a common iPhone size); nothing may overflow it sideways.
"""

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")

# A valid national ID (Luhn check digit) that is not in the registry.
IDENTITY_NUMBER = "1098765439"


def minimal_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


@pytest.fixture
def rent_service(transactional_db, beneficiary_category):
    from beneficiaries.models import DocumentType
    from requests_app.models import ServiceType

    SEED.seed_templates(django_apps)  # message texts, flushed by an earlier live-server test
    family_card, _created = DocumentType.objects.get_or_create(
        code="family_card", defaults={"name": "سجل الأسرة", "name_en": "Family register"}
    )
    service = ServiceType.objects.create(
        name="مساعدة إيجار",
        name_en="Rent assistance",
        description="مساعدة لمرة واحدة في سداد إيجار المسكن.",
        eligibility_conditions="أن يكون المتقدم مقيماً في منطقة الرياض\nألا يملك المتقدم مسكناً",
        max_amount=Decimal("5000"),
    )
    service.required_documents.set([family_card])
    return service, family_card


def assert_fits_the_phone(page) -> None:
    width, phone = page.evaluate("document.documentElement.scrollWidth"), page.viewport_size["width"]
    assert width <= phone, f"the page is {width}px wide on a {phone}px phone"


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_a_beneficiary_applies_from_a_phone_and_tracks_the_request(
    live_server, phone_page, rent_service, beneficiary_category, screenshot_dir
):
    from django.core.cache import cache
    from django.utils import translation

    from requests_app.models import RequestStatus, SupportRequest

    cache.clear()
    service, family_card = rent_service
    page = phone_page
    base = live_server.url
    failed_requests: list[str] = []
    page_errors: list[str] = []
    page.on("response", lambda response: response.status >= 400 and failed_requests.append(response.url))
    page.on("pageerror", lambda error: page_errors.append(str(error)))

    # 1. The form: the services' conditions and the duties come before the fields.
    page.goto(f"{base}/apply/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("#duties li").first).to_be_visible()
    page.locator(f'button[data-bs-target="#service-{service.pk}"]').click()
    expect(page.locator(f"#service-{service.pk}")).to_contain_text("ألا يملك المتقدم مسكناً")
    expect(page.locator(f"#service-{service.pk}")).to_contain_text(family_card.name)
    page.evaluate("document.fonts.ready")
    assert_fits_the_phone(page)
    page.screenshot(path=str(screenshot_dir / "public-apply-phone.png"), full_page=True)

    form = page.locator("#apply-form")
    form.locator("#id_service_type").select_option(str(service.pk))
    form.locator("#id_need_description").fill("مساعدة في سداد إيجار ستة أشهر")
    form.locator("#id_amount_requested").fill("3000")
    form.locator("#id_reason").fill("توفي زوجي وانقطع دخل الأسرة")
    form.locator("#id_identity_type").select_option("national_id")
    form.locator("#id_identity_number").fill(IDENTITY_NUMBER)
    form.locator("#id_first_name").fill("سارة")
    form.locator("#id_father_name").fill("عبدالرحمن")
    form.locator("#id_grandfather_name").fill("حمد")
    form.locator("#id_family_name").fill("العنزي")
    form.locator("#id_gender").select_option("female")
    form.locator("#id_birth_date").fill("1988-02-11")
    form.locator("#id_marital_status").select_option("widowed")
    form.locator("#id_category").select_option(str(beneficiary_category.pk))
    form.locator("#id_mobile").fill("0551234567")
    form.locator("#id_city").fill("الرياض")
    form.locator("#id_document_type_1").select_option(str(family_card.pk))
    form.locator("#id_document_file_1").set_input_files(
        {"name": "سجل-الأسرة.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf()}
    )
    form.locator("#id_acknowledge_duties").check()
    with page.expect_navigation():
        form.locator("#send-request").click()

    # 2. The tracking code.
    expect(page).to_have_url(re.compile(r"/apply/submitted/$"))
    code = page.locator("#tracking-code").inner_text().strip()
    request = SupportRequest.objects.get()
    assert code == request.tracking_code
    assert (request.status, request.channel, request.received_by_id) == (RequestStatus.DRAFT, "website", None)
    assert request.beneficiary.documents.count() == 1
    page.evaluate("document.fonts.ready")
    assert_fits_the_phone(page)
    page.screenshot(path=str(screenshot_dir / "public-submitted-phone.png"), full_page=True)

    # 3. Tracking, as the person would type it: lower case, no dash.
    page.locator("main a[href='/apply/track/']").click()
    expect(page).to_have_url(re.compile(r"/apply/track/$"))
    page.locator("#id_tracking_code").fill(code.replace("-", "").lower())
    page.locator("#id_id_last_digits").fill(IDENTITY_NUMBER[-4:])
    with page.expect_navigation():
        page.locator("#track-form button[type=submit]").click()
    with translation.override("ar"):
        draft_label = str(RequestStatus.DRAFT.label)
    expect(page.locator("#request-status")).to_have_text(draft_label)
    expect(page.locator("#tracking-result")).to_contain_text(request.reference_number)
    expect(page.locator("#tracking-result")).not_to_contain_text("سارة")
    page.evaluate("document.fonts.ready")
    assert_fits_the_phone(page)
    page.screenshot(path=str(screenshot_dir / "public-track-phone.png"), full_page=True)

    assert failed_requests == []
    assert page_errors == []
