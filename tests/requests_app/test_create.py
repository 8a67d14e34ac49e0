import re
import uuid

import pytest
from factories import BeneficiaryFactory, ServiceTypeFactory, make_support_request

from notifications.models import Message
from policies.choices import Channel
from requests_app.models import RequestStatus
from requests_app.services import support_request_create

pytestmark = pytest.mark.django_db


def test_a_new_request_is_a_draft_with_a_hijri_reference_number(frozen_today, reception):
    request = make_support_request(actor=reception)
    assert request.status == RequestStatus.DRAFT
    assert request.reference_number == "1448-000001"
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", request.tracking_code)


def test_reference_numbers_follow_each_other_within_the_year(frozen_today, reception):
    first = make_support_request(actor=reception)
    second = make_support_request(actor=reception)
    assert (first.reference_number, second.reference_number) == ("1448-000001", "1448-000002")


def test_a_new_request_writes_the_first_timeline_entry(reception):
    request = make_support_request(actor=reception)
    change = request.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == ("", RequestStatus.DRAFT, reception)


def test_the_beneficiary_is_told_the_request_was_received(reception):
    request = make_support_request(actor=reception)
    message = Message.objects.get(event="request_received")
    assert request.reference_number in message.body
    assert request.tracking_code in message.body


def test_a_repeated_submission_key_returns_the_same_request(db):
    key = uuid.uuid4()
    beneficiary = BeneficiaryFactory()
    service = ServiceTypeFactory()
    first = support_request_create(
        actor=None, beneficiary=beneficiary, service_type=service, channel=Channel.WEBSITE, submission_key=key
    )
    second = support_request_create(
        actor=None, beneficiary=beneficiary, service_type=service, channel=Channel.WEBSITE, submission_key=key
    )
    assert first.pk == second.pk
    assert Message.objects.filter(event="request_received").count() == 1
