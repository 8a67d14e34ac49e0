"""The beneficiary's page lists every message sent to them and how its delivery went."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import BeneficiaryFactory
from factories.notifications import MessageFactory, StaffTaskFactory

from notifications.models import Event, MessageStatus, StaffTaskStatus
from notifications.services import messages_deliver_due, notification_send, staff_task_complete


def detail(client, user, beneficiary):
    client.force_login(user)
    response = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert response.status_code == 200
    return response


def listed(response) -> list[str]:
    return [message.status for message in response.context["notification_messages"]]


def test_the_page_shows_a_sent_and_a_failed_message_with_their_status_in_arabic(
    client, reception, beneficiary, sms_outbox
):
    notification_send(event=Event.REQUEST_RECEIVED, recipient=beneficiary, context={"request_number": "REQ-1"})
    failed = notification_send(
        event=Event.DECISION, recipient=beneficiary, context={"request_number": "REQ-1"}, channel="email"
    )  # the record has no email address: it fails at once, visibly
    messages_deliver_due(worker="test")

    html = detail(client, reception, beneficiary).content.decode()

    assert html.count('class="notification-message"') == 2
    assert 'data-status="sent"' in html and 'data-status="failed"' in html
    assert "استلام الطلب" in html and "قرار اللجنة" in html
    assert "أُرسلت" in html and "تعذّر الإرسال" in html
    assert failed.last_error in html
    assert reverse("notifications:message_resend", args=[failed.pk]) in html


def test_the_page_does_not_show_messages_sent_to_someone_else(client, reception, beneficiary, category):
    MessageFactory(recipient=BeneficiaryFactory(category=category), body="رسالة لشخص آخر")
    MessageFactory(recipient=beneficiary, body="رسالة للمستفيد نفسه")

    response = detail(client, reception, beneficiary)

    assert "رسالة للمستفيد نفسه" in response.content.decode()
    assert "رسالة لشخص آخر" not in response.content.decode()


def test_a_manager_sees_the_messages_but_no_send_again_button(client, manager, beneficiary):
    message = MessageFactory(recipient=beneficiary, failed=True)

    html = detail(client, manager, beneficiary).content.decode()

    assert 'data-status="failed"' in html
    assert reverse("notifications:message_resend", args=[message.pk]) not in html


def test_a_letter_done_by_reception_shows_who_sent_it(client, reception, beneficiary):
    task = StaffTaskFactory(message__recipient=beneficiary)
    staff_task_complete(actor=reception, task=task, reached=True, note="")

    html = detail(client, reception, beneficiary).content.decode()

    assert 'data-status="sent"' in html
    assert reception.get_full_name() in html


@pytest.fixture
def many_messages(beneficiary, reception):
    """Messages of every kind the list draws differently: sent, failed, and letters done by a person."""

    def make(count: int):
        for index in range(count):
            kind = index % 3
            if kind == 0:
                MessageFactory(recipient=beneficiary)
            elif kind == 1:
                MessageFactory(recipient=beneficiary, failed=True)
            else:
                task = StaffTaskFactory(message__recipient=beneficiary)
                task.status = StaffTaskStatus.DONE
                task.completed_by = reception
                task.completed_at = task.created_at
                task.save()
                task.message.status = MessageStatus.SENT
                task.message.sent_at = task.created_at
                task.message.save()

    return make


def queries_for_page(client, beneficiary) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert response.status_code == 200
    return len(captured.captured_queries), len(response.context["notification_messages"])


def test_the_page_runs_as_many_queries_for_100_messages_as_for_10(client, reception, beneficiary, many_messages):
    client.force_login(reception)
    many_messages(10)
    queries_for_page(client, beneficiary)  # warms per-process caches (content types)
    with_ten, shown = queries_for_page(client, beneficiary)
    assert shown == 10

    many_messages(90)
    with_hundred, shown = queries_for_page(client, beneficiary)

    assert shown == 100
    assert with_hundred == with_ten
