"""A person asks to have their data erased: reception records it, senior management carries it out."""

import pytest
from django.urls import reverse
from factories.requests import make_support_request

from beneficiaries.privacy import erasure_request_record
from beneficiaries.privacy_models import ErasureRequest, ErasureStatus
from policies.errors import DomainError


@pytest.fixture
def pending(beneficiary, reception):
    return erasure_request_record(actor=reception, beneficiary=beneficiary, channel="phone", reason="لا أريد بياناتي")


def test_reception_records_an_erasure_request_from_the_beneficiary_page(client, reception, beneficiary):
    client.force_login(reception)
    response = client.post(
        reverse("beneficiaries:erasure_create", args=[beneficiary.pk]), {"channel": "letter", "reason": "خطاب"}
    )
    assert response.status_code == 302
    request = ErasureRequest.objects.get()
    assert (request.status, request.channel, request.received_by) == (ErasureStatus.PENDING, "letter", reception)


def test_a_manager_carries_it_out_and_the_record_is_anonymised_at_once(client, manager, beneficiary, pending):
    client.force_login(manager)
    response = client.post(reverse("beneficiaries:erasure_decide", args=[pending.pk]), {"decision": "carry_out"})
    assert response.status_code == 302
    pending.refresh_from_db()
    beneficiary.refresh_from_db()
    assert pending.status == ErasureStatus.CARRIED_OUT
    assert pending.decided_by == manager
    assert beneficiary.anonymised_at is not None
    assert pending.reason == ""


def test_an_open_request_stops_the_erasure_with_a_message(client, manager, reception, beneficiary, pending):
    make_support_request(actor=reception, beneficiary=beneficiary)
    client.force_login(manager)
    response = client.post(reverse("beneficiaries:erasure_decide", args=[pending.pk]), {"decision": "carry_out"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["holds"]
    pending.refresh_from_db()
    assert pending.status == ErasureStatus.PENDING


def test_refusing_needs_a_reason_and_keeps_what_was_chosen(client, manager, pending):
    client.force_login(manager)
    response = client.post(reverse("beneficiaries:erasure_decide", args=[pending.pk]), {"decision": "refuse"})
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    assert response.context["form"]["decision"].value() == "refuse"
    pending.refresh_from_db()
    assert pending.status == ErasureStatus.PENDING


def test_a_refusal_with_a_reason_is_recorded(client, manager, beneficiary, pending):
    client.force_login(manager)
    client.post(
        reverse("beneficiaries:erasure_decide", args=[pending.pk]),
        {"decision": "refuse", "note": "عليه مبالغ مستحقة بحكم قضائي"},
    )
    pending.refresh_from_db()
    beneficiary.refresh_from_db()
    assert pending.status == ErasureStatus.REFUSED
    assert beneficiary.anonymised_at is None


def test_reception_cannot_decide_on_an_erasure_request(client, reception, pending):
    client.force_login(reception)
    assert client.get(reverse("beneficiaries:erasure_decide", args=[pending.pk])).status_code == 403


def test_a_second_pending_request_for_the_same_person_is_refused(reception, beneficiary, pending):
    with pytest.raises(DomainError):
        erasure_request_record(actor=reception, beneficiary=beneficiary, channel="phone")


def test_managers_see_pending_requests_in_their_list(client, manager, beneficiary, pending):
    client.force_login(manager)
    response = client.get(reverse("beneficiaries:erasure_list"))
    assert beneficiary.full_name in response.content.decode()
