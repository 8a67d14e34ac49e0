"""The staff lists on a phone: what a row says is on the screen, not past its edge."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import sign_in


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_on_a_phone_the_expired_document_alert_of_a_person_is_on_the_screen(
    live_server, phone_page, reception_user, beneficiary_category, screenshot_dir
):
    from factories.registry import BeneficiaryFactory, DocumentFactory, DocumentTypeFactory

    from beneficiaries.models import BeneficiaryKind

    # A member of the general assembly: the name's cell carries a badge of its own, as on the demo's list.
    person = BeneficiaryFactory(
        category=beneficiary_category,
        first_name="عبدالرحمن",
        father_name="عبدالعزيز",
        family_name="السبيعي",
        kind=BeneficiaryKind.ASSEMBLY_MEMBER,
    )
    DocumentFactory(
        beneficiary=person,
        document_type=DocumentTypeFactory(code="national_id_copy", has_expiry=True),
        expiry_date=timezone.localdate() - timedelta(days=3),
    )
    page = phone_page
    sign_in(page, live_server.url, reception_user)

    page.goto(f"{live_server.url}/beneficiaries/")
    page.screenshot(path=str(screenshot_dir / "beneficiary-list-phone.png"), full_page=True)

    alert = page.locator("main table tbody tr", has_text="السبيعي").locator(".badge.text-bg-danger")
    box = alert.bounding_box()
    screen_width = page.viewport_size["width"]
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= screen_width
