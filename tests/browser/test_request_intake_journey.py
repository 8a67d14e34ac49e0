"""Reception takes a walk-in request from intake to referral in the Arabic interface.

The beneficiary signs the declaration on the signature pad (mouse strokes on the canvas), the
intake receipt PDF is downloaded at completion, and the request is referred to the committee.
Selectors use ids and URLs, not button text, and are scoped to <main>.
"""

import importlib
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import sign_in

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")


@pytest.fixture
def walk_in(transactional_db, reception_user, beneficiary_category):
    """A registered beneficiary with a current ID copy, and a service that needs only that."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from factories.files import PDF

    from beneficiaries import services
    from beneficiaries.models import DocumentType
    from requests_app.models import RequiredData, ServiceType

    SEED.seed_templates(django_apps)
    user = reception_user
    id_copy, _created = DocumentType.objects.get_or_create(
        code="national_id", defaults={"name": "صورة الهوية الوطنية / الإقامة", "has_expiry": True}
    )
    beneficiary = services.beneficiary_register(
        actor=user,
        data={
            "identity_type": "national_id",
            "identity_number": "1000000008",
            "identity_expiry_date": timezone.localdate() + timedelta(days=700),
            "first_name": "هيا",
            "father_name": "صالح",
            "grandfather_name": "ناصر",
            "family_name": "العتيبي",
            "gender": "female",
            "birth_date": date(1978, 4, 9),
            "nationality": "سعودية",
            "marital_status": "widowed",
            "mobile": "0551234567",
            "city": "الرياض",
            "district": "النسيم",
            "category": beneficiary_category,
            "monthly_income": Decimal("1800"),
            "monthly_expenses": Decimal("3200"),
        },
    )
    services.document_upload(
        actor=user,
        beneficiary=beneficiary,
        document_type=id_copy,
        file=SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
        expiry_date=beneficiary.identity_expiry_date,
    )
    service = ServiceType.objects.create(
        name="مساعدة مالية طارئة",
        name_en="Emergency financial assistance",
        eligibility_conditions="أن يكون المتقدم مسجلاً لدى الجمعية",
        required_data=[RequiredData.IDENTITY],
        max_amount=Decimal("5000"),
    )
    service.required_documents.set([id_copy])
    return beneficiary, service


def draw_signature(page) -> None:
    canvas = page.locator("#signature-canvas")
    box = canvas.bounding_box()
    assert box is not None
    x, y = box["x"], box["y"]
    page.mouse.move(x + 30, y + 120)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(x + 30 + step * 15, y + 120 - (step % 5) * 14, steps=2)
    page.mouse.up()
    page.mouse.move(x + 80, y + 60)
    page.mouse.down()
    page.mouse.move(x + 200, y + 150, steps=8)
    page.mouse.up()


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_reception_takes_a_walk_in_request_from_intake_to_referral(
    live_server, browser_page, reception_user, walk_in, screenshot_dir
):
    from requests_app.models import RequestStatus, SupportRequest

    page = browser_page
    base = live_server.url
    user = reception_user
    beneficiary, service = walk_in

    sign_in(page, base, user)

    # 1. Who and what.
    page.goto(f"{base}/requests/intake/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_identity_number", beneficiary.identity_number)
    page.locator("#lookup-button").click()
    expect(page.locator("#found-beneficiary")).to_contain_text("هيا")
    page.select_option("#id_service_type", str(service.pk))
    page.fill("#id_amount_requested", "2500")
    page.fill("#id_need_description", "سداد فاتورة الكهرباء المتأخرة")
    page.fill("#id_reason", "انقطاع الدخل بعد وفاة العائل")
    page.screenshot(path=str(screenshot_dir / "request-intake-start-ar.png"), full_page=True)
    page.locator("#intake-submit").click()

    # 2. Checklist: the ID copy is on file.
    expect(page).to_have_url(re.compile(r"/requests/\d+/intake/checklist/$"))
    support_request = SupportRequest.objects.get(beneficiary=beneficiary)
    expect(page.locator("#checklist li[data-done='0']")).to_have_count(0)
    page.locator("#to-verify").click()

    # 3. Verification: every fact ticked against the documents.
    for checkbox in page.locator("#verify-form input[type=checkbox]").all():
        checkbox.check()
    page.screenshot(path=str(screenshot_dir / "request-intake-verify-ar.png"), full_page=True)
    page.locator("#verify-submit").click()

    # 4. The declaration, signed on the pad.
    expect(page).to_have_url(re.compile(r"/intake/declaration/$"))
    expect(page.locator("#declaration-text")).to_contain_text("أقر")
    draw_signature(page)
    expect(page.locator("#id_signature")).to_have_value(re.compile(r"^data:image/png;base64,"))
    page.locator("#id_confirm_read").check()
    page.screenshot(path=str(screenshot_dir / "request-intake-declaration-ar.png"), full_page=True)
    page.locator("#declaration-submit").click()

    # 5. Completion starts the clock.
    expect(page).to_have_url(re.compile(r"/intake/complete/$"))
    page.locator("main details.action-complete summary").click()
    page.locator("main details.action-complete button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/requests/{support_request.pk}/$"))
    expect(page.locator("#request-clock [data-light]")).to_have_attribute("data-light", "on_track")

    # The intake receipt PDF for the beneficiary.
    receipt = page.locator("#receipt-link")
    expect(receipt).to_have_count(1)
    with page.expect_download() as download_info:
        receipt.click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # 6. Referral to the research committee.
    page.locator("main details.action-referred summary").click()
    page.locator("main details.action-referred button[type=submit]").click()
    expect(page.locator("main details.action-referred")).to_have_count(0)
    expect(page.locator("main .request-timeline li")).to_have_count(5)
    page.screenshot(path=str(screenshot_dir / "request-page-ar.png"), full_page=True)

    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.REFERRED
    assert support_request.due_date is not None
    assert support_request.declarations.get().method == "signature_pad"
    assert list(support_request.status_changes.values_list("to_status", flat=True)).count(RequestStatus.REFERRED) == 1

    # The queue, as reception sees it.
    page.goto(f"{base}/requests/?queue=all")
    expect(page.locator("#request-queue")).to_contain_text(support_request.reference_number)
    page.screenshot(path=str(screenshot_dir / "request-queue-ar.png"), full_page=True)
