"""Intake rules: the checklist, data verification (R8), the signed declaration (R9) and the beneficiary's messages."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import EXE, PDF, DocumentFactory, DocumentTypeFactory, HouseholdMemberFactory, ServiceTypeFactory
from factories.requests import blank_signature_data_url, make_support_request, signature_data_url

from beneficiaries import services as registry
from notifications.models import Message
from policies.errors import DomainError
from policies.roles import Role
from requests_app.models import DeclarationMethod, RequestStatus, RequiredData
from requests_app.selectors import request_missing_items
from requests_app.services import VERIFICATION_FACTS, declaration_sign, support_request_verify
from requests_app.workflow import support_request_transition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
S = RequestStatus


@pytest.fixture
def reception(staff):
    return staff[Role.RECEPTION]


@pytest.fixture
def draft(reception, beneficiary, service_type):
    return make_support_request(actor=reception, beneficiary=beneficiary, service_type=service_type)


def _verify(reception, request):
    return support_request_verify(actor=reception, request=request, confirmed_facts=list(VERIFICATION_FACTS))


def _sign(reception, request):
    return declaration_sign(
        actor=reception,
        request=request,
        method=DeclarationMethod.SIGNATURE_PAD,
        signature_data_url=signature_data_url(),
    )


def test_a_missing_required_document_is_listed_and_blocks_completion(reception, beneficiary):
    lease = DocumentTypeFactory(code="lease_contract", name="عقد الإيجار", name_en="Lease contract")
    service = ServiceTypeFactory(required_documents=[lease], required_data=[RequiredData.HOUSEHOLD])
    request = make_support_request(actor=reception, beneficiary=beneficiary, service_type=service)
    assert request_missing_items(request=request) == ["Lease contract", str(RequiredData.HOUSEHOLD.label)]
    _verify(reception, request)
    _sign(reception, request)
    with pytest.raises(DomainError, match="not complete"):
        support_request_transition(actor=reception, request=request, to_status=S.COMPLETE)


def test_marking_incomplete_tells_the_beneficiary_what_is_missing_in_their_language(reception, beneficiary):
    lease = DocumentTypeFactory(code="lease_contract", name="عقد الإيجار", name_en="Lease contract")
    service = ServiceTypeFactory(required_documents=[lease])
    request = make_support_request(actor=reception, beneficiary=beneficiary, service_type=service)
    support_request_transition(actor=reception, request=request, to_status=S.INCOMPLETE)
    assert request.missing_items == ["عقد الإيجار"]
    message = Message.objects.get(event="request_incomplete")
    assert "عقد الإيجار" in message.body
    assert request.reference_number in message.body


def test_a_held_document_ticks_its_checklist_item(reception, beneficiary):
    lease = DocumentTypeFactory(code="lease_contract", name="عقد الإيجار", name_en="Lease contract")
    service = ServiceTypeFactory(required_documents=[lease])
    DocumentFactory(beneficiary=beneficiary, document_type=lease)
    request = make_support_request(actor=reception, beneficiary=beneficiary, service_type=service)
    assert request_missing_items(request=request) == []


def test_an_expired_id_blocks_verification(reception, beneficiary, service_type, frozen_today):
    beneficiary.identity_expiry_date = date(2026, 11, 1)
    beneficiary.save()
    request = make_support_request(actor=reception, beneficiary=beneficiary, service_type=service_type)
    with pytest.raises(DomainError, match="expired"):
        _verify(reception, request)
    request.refresh_from_db()
    assert request.verified_at is None


def test_an_id_that_expired_after_submission_does_not_block_verification(
    reception, beneficiary, service_type, frozen_today
):
    import time_machine

    beneficiary.identity_expiry_date = date(2026, 11, 24)
    beneficiary.save()
    request = make_support_request(actor=reception, beneficiary=beneficiary, service_type=service_type)
    with time_machine.travel(frozen_today + timedelta(days=3), tick=False):
        _verify(reception, request)
    assert request.verified_at is not None


def test_a_required_document_expired_at_submission_blocks_verification(reception, beneficiary, frozen_today):
    report = DocumentTypeFactory(code="medical_report", name="تقرير طبي", name_en="Medical report", has_expiry=True)
    DocumentFactory(beneficiary=beneficiary, document_type=report, expiry_date=date(2026, 10, 1))
    service = ServiceTypeFactory(required_documents=[report])
    request = make_support_request(actor=reception, beneficiary=beneficiary, service_type=service)
    with pytest.raises(DomainError, match="Medical report"):
        _verify(reception, request)


def test_verification_needs_every_fact_confirmed(reception, draft):
    with pytest.raises(ValidationError):
        support_request_verify(actor=reception, request=draft, confirmed_facts=["identity"])


def test_completion_needs_the_declaration(reception, draft):
    _verify(reception, draft)
    with pytest.raises(DomainError, match="declaration"):
        support_request_transition(actor=reception, request=draft, to_status=S.COMPLETE)


def test_the_declaration_holds_the_policy_text_the_witness_and_the_data_fingerprint(reception, draft):
    from policies.selectors import policy_parameters

    _verify(reception, draft)
    declaration = _sign(reception, draft)
    assert declaration.text == policy_parameters().declaration_text_en
    assert declaration.witnessed_by == reception
    draft.refresh_from_db()
    assert declaration.data_hash == draft.verified_data_hash
    assert len(declaration.data_hash) == 64


def test_a_data_change_after_signing_invalidates_the_declaration(reception, draft, beneficiary):
    _verify(reception, draft)
    _sign(reception, draft)
    HouseholdMemberFactory(beneficiary=beneficiary, full_name="سلمان أحمد الشهري")
    # Verified again against the new family register: the old signature does not cover it.
    _verify(reception, draft)
    with pytest.raises(DomainError, match="sign it again"):
        support_request_transition(actor=reception, request=draft, to_status=S.COMPLETE)
    _sign(reception, draft)
    support_request_transition(actor=reception, request=draft, to_status=S.COMPLETE)
    assert draft.status == S.COMPLETE


def test_a_data_change_after_verification_asks_for_a_new_verification(reception, draft, beneficiary):
    _verify(reception, draft)
    _sign(reception, draft)
    registry.beneficiary_update(actor=reception, beneficiary=beneficiary, data={"city": "جدة"})
    with pytest.raises(DomainError, match="verify it again"):
        support_request_transition(actor=reception, request=draft, to_status=S.COMPLETE)


def test_the_request_page_says_the_declaration_no_longer_matches(client, reception, draft, beneficiary):
    _verify(reception, draft)
    _sign(reception, draft)
    HouseholdMemberFactory(beneficiary=beneficiary)
    client.force_login(reception)
    page = client.get(reverse("requests_app:detail", args=[draft.pk])).content.decode()
    assert 'id="declaration-stale"' in page
    assert 'id="verification-stale"' in page


def test_completion_sets_the_clock_and_tells_the_expected_date(reception, draft, frozen_today):
    _verify(reception, draft)
    _sign(reception, draft)
    support_request_transition(actor=reception, request=draft, to_status=S.COMPLETE)
    assert draft.due_date == date(2026, 12, 14)
    message = Message.objects.get(event="request_complete")
    assert draft.reference_number in message.body
    assert "2026" in message.body


def test_an_empty_signature_pad_is_refused(reception, draft):
    _verify(reception, draft)
    with pytest.raises(ValidationError) as error:
        declaration_sign(
            actor=reception,
            request=draft,
            method=DeclarationMethod.SIGNATURE_PAD,
            signature_data_url=blank_signature_data_url(),
        )
    assert "signature" in error.value.error_dict


@pytest.mark.parametrize(
    "data_url",
    [
        "",
        "data:image/png;base64,not-base64!!",
        "data:image/jpeg;base64,/9j/4AAQ",
        "data:image/png;base64," + "A" * 500_000,
    ],
)
def test_a_bad_signature_is_refused_with_a_message(reception, draft, data_url):
    _verify(reception, draft)
    with pytest.raises(ValidationError) as error:
        declaration_sign(
            actor=reception, request=draft, method=DeclarationMethod.SIGNATURE_PAD, signature_data_url=data_url
        )
    assert error.value.error_dict["signature"]
    assert not draft.declarations.exists()


def test_a_scanned_signed_paper_is_accepted(reception, draft):
    _verify(reception, draft)
    declaration = declaration_sign(
        actor=reception,
        request=draft,
        method=DeclarationMethod.SCANNED_PAPER,
        scanned_file=SimpleUploadedFile("declaration.pdf", PDF, content_type="application/pdf"),
    )
    assert declaration.content_type == "application/pdf"


def test_a_scan_that_is_not_a_document_is_refused(reception, draft, stored_files):
    _verify(reception, draft)
    with pytest.raises(ValidationError) as error:
        declaration_sign(
            actor=reception,
            request=draft,
            method=DeclarationMethod.SCANNED_PAPER,
            scanned_file=SimpleUploadedFile("declaration.pdf", EXE, content_type="application/pdf"),
        )
    assert error.value.error_dict["scanned_file"]
    assert not [path for path in stored_files() if path.startswith("declarations/")]


def test_the_declaration_comes_after_verification(reception, draft):
    with pytest.raises(DomainError, match="Verify"):
        _sign(reception, draft)


def test_a_category_not_allowed_cannot_apply(reception, beneficiary, other_category):
    service = ServiceTypeFactory(categories=[other_category])
    with pytest.raises(DomainError):
        make_support_request(actor=reception, beneficiary=beneficiary, service_type=service)
