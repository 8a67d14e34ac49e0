"""The HTTP SMS adapter sends what the gateway expects, with the key it de-duplicates on."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from factories import BeneficiaryFactory

from notifications.backends import TemporaryDeliveryError, get_sms_backend
from notifications.backends.sms import ConsoleSmsBackend, FileSmsBackend
from notifications.models import Event, MessageStatus
from notifications.services import notification_send


@pytest.fixture
def sent_decision(category, fake_sms_gateway, django_capture_on_commit_callbacks):
    person = BeneficiaryFactory(category=category, first_name="هيا", family_name="الشمري", mobile="+966551234567")
    with django_capture_on_commit_callbacks(execute=True):
        message = notification_send(
            event=Event.DECISION,
            recipient=person,
            context={"request_number": "REQ-2026-0042", "decision": "الموافقة"},
            idempotency_key="decision:request-42",
        )
    message.refresh_from_db()
    return message


def test_the_gateway_receives_the_number_text_and_sender_as_json(sent_decision, fake_sms_gateway):
    [request] = fake_sms_gateway.requests

    assert request["path"] == "/api/v1/sms"
    assert request["json"] == {
        "to": "+966551234567",
        "text": sent_decision.body,
        "sender": "AlBirr",
        "reference": "decision:request-42",
    }
    assert "صدر قرار لجنة البحث في طلبكم رقم REQ-2026-0042: الموافقة." in request["json"]["text"]


def test_the_gateway_receives_the_api_key_and_the_idempotency_key_as_headers(sent_decision, fake_sms_gateway):
    headers = fake_sms_gateway.requests[0]["headers"]

    assert headers["Authorization"] == "Bearer test-api-key"
    assert headers["Idempotency-Key"] == "decision:request-42"
    assert headers["Content-Type"] == "application/json; charset=utf-8"


def test_the_gateways_reference_is_kept_with_the_sent_message(sent_decision):
    assert sent_decision.status == MessageStatus.SENT
    assert sent_decision.provider_reference == "msg-1"


def test_a_refused_connection_is_a_temporary_failure(settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"

    with pytest.raises(TemporaryDeliveryError):
        get_sms_backend().send(to="+966551234567", text="اختبار", idempotency_key="k-1")


def test_a_gateway_address_that_is_not_http_is_refused(settings):
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "file:///etc/passwd"

    with pytest.raises(ImproperlyConfigured):
        get_sms_backend()


def test_the_console_backend_prints_the_sms(capsys):
    ConsoleSmsBackend().send(to="+966551234567", text="مرحبا", idempotency_key="k-2")

    assert "SMS to +966551234567 [k-2]\nمرحبا" in capsys.readouterr().out


def test_the_file_backend_appends_one_json_line_per_sms(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms.jsonl"
    backend = FileSmsBackend()

    backend.send(to="+966551234567", text="الأولى", idempotency_key="k-3")
    backend.send(to="+966551234568", text="الثانية", idempotency_key="k-4")

    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert '"text": "الأولى"' in lines[0]
