"""What staff see: the bell and its page, reception's letters and calls, a person's message list."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from factories import BeneficiaryFactory
from factories.notifications import MessageFactory, StaffTaskFactory

from notifications.models import Event, Message, MessageStatus, StaffTask
from notifications.roles import can_resend_messages
from notifications.selectors import messages_for_recipient
from notifications.services import notification_send, staff_notification_create

REQUEST = {"request_number": "REQ-2026-0042", "decision": "الموافقة"}


@pytest.fixture
def letter_task(category):
    person = BeneficiaryFactory(
        category=category, first_name="سعاد", family_name="الحربي", contact_channel="letter", address="حي الملز"
    )
    message = notification_send(event=Event.DECISION, recipient=person, context=REQUEST)
    return StaffTask.objects.get(message=message)


def page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def test_the_bell_in_the_header_counts_unread_notifications(client, researcher):
    staff_notification_create(user=researcher, title="أُسند إليك الطلب REQ-2026-0042", url="/requests/42/")
    staff_notification_create(user=researcher, title="أُسند إليك الطلب REQ-2026-0043")

    response = page(client, researcher, reverse("home"))

    assert 'id="notification-bell"' in response.content.decode()
    assert 'data-unread="2"' in response.content.decode()


def test_the_bell_shows_no_count_when_everything_is_read(client, researcher):
    response = page(client, researcher, reverse("home"))

    assert "data-unread" not in response.content.decode()


def test_reception_sees_how_many_letters_and_calls_wait_in_the_header(client, reception, letter_task):
    response = page(client, reception, reverse("home"))

    content = response.content.decode()
    assert 'id="staff-task-link"' in content
    assert f'href="{reverse("notifications:tasks")}"' in content


def test_a_social_researcher_has_no_letters_and_calls_link(client, researcher, letter_task):
    response = page(client, researcher, reverse("home"))

    assert 'id="staff-task-link"' not in response.content.decode()


def test_the_notifications_page_lists_the_users_own_notices_only(client, researcher, reception):
    staff_notification_create(user=researcher, title="زيارة ميدانية للطلب REQ-2026-0042")
    staff_notification_create(user=reception, title="ليس لك")

    response = page(client, researcher, reverse("notifications:inbox"))

    assert "زيارة ميدانية للطلب REQ-2026-0042" in response.content.decode()
    assert "ليس لك" not in response.content.decode()


def test_opening_a_notice_marks_it_read_and_goes_to_the_work(client, researcher):
    notice = staff_notification_create(user=researcher, title="أُسند إليك الطلب", url="/beneficiaries/")
    client.force_login(researcher)

    response = client.post(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 302
    assert response.url == "/beneficiaries/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_link_to_another_site_is_not_followed(client, researcher):
    notice = staff_notification_create(user=researcher, title="رابط", url="https://evil.example.com/")
    client.force_login(researcher)

    response = client.post(reverse("notifications:open", args=[notice.pk]))

    assert response.url == reverse("notifications:inbox")


def test_someone_elses_notice_cannot_be_opened(client, researcher, reception):
    notice = staff_notification_create(user=reception, title="لموظف الاستقبال")
    client.force_login(researcher)

    response = client.post(reverse("notifications:open", args=[notice.pk]))

    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_read_clears_the_bell(client, researcher):
    for number in range(3):
        staff_notification_create(user=researcher, title=f"إشعار {number}")
    client.force_login(researcher)

    client.post(reverse("notifications:read_all"))

    response = client.get(reverse("home"))
    assert "data-unread" not in response.content.decode()


def test_the_notifications_page_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("notifications:inbox"))

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_reception_sees_the_letter_to_print_in_its_queue(client, reception, letter_task):
    response = page(client, reception, reverse("notifications:tasks"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "سعاد" in content
    assert reverse("notifications:task_detail", args=[letter_task.pk]) in content


def test_the_letter_page_shows_the_text_to_print_and_the_address(client, reception, letter_task):
    response = page(client, reception, reverse("notifications:task_detail", args=[letter_task.pk]))

    content = response.content.decode()
    assert escape("صدر قرار لجنة البحث في طلبكم رقم REQ-2026-0042: الموافقة.") in content
    assert "حي الملز" in content
    assert "data-print" in content  # static/js/silah.js prints: the CSP allows no inline handler


def test_a_social_researcher_cannot_open_receptions_queue(client, researcher):
    response = page(client, researcher, reverse("notifications:tasks"))

    assert response.status_code == 403


def test_marking_a_letter_done_records_who_and_when_and_the_message_as_sent(
    client, reception, letter_task, frozen_today
):
    client.force_login(reception)

    response = client.post(
        reverse("notifications:task_detail", args=[letter_task.pk]), {"reached": "1", "note": "سُلّم باليد"}
    )

    assert response.status_code == 302
    letter_task.refresh_from_db()
    assert (letter_task.status, letter_task.completed_by, letter_task.completed_at) == (
        "done",
        reception,
        timezone.now(),
    )
    assert Message.objects.get(pk=letter_task.message_id).status == MessageStatus.SENT
    queue = client.get(reverse("notifications:tasks")).content.decode()
    assert "سُلّم باليد" in queue  # now under "recently done"


def test_a_call_that_could_not_reach_the_person_leaves_a_visible_failure(client, reception, category):
    person = BeneficiaryFactory(category=category, contact_channel="phone")
    message = notification_send(event=Event.DECISION, recipient=person, context=REQUEST)
    task = StaffTask.objects.get(message=message)
    client.force_login(reception)

    client.post(reverse("notifications:task_detail", args=[task.pk]), {"reached": "0", "note": "الرقم لا يرد"})

    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert "الرقم لا يرد" in message.last_error


def test_recording_a_task_without_an_outcome_asks_for_it_and_keeps_the_note(client, reception, letter_task):
    client.force_login(reception)

    response = client.post(reverse("notifications:task_detail", args=[letter_task.pk]), {"note": "سُلّم باليد"})

    assert response.status_code == 200
    assert response.context["form"].errors["reached"]
    assert "سُلّم باليد" in response.content.decode()
    letter_task.refresh_from_db()
    assert letter_task.status == "open"


def test_a_letter_task_asks_whether_the_letter_was_sent_not_whether_someone_answered(client, reception, letter_task):
    response = page(client, reception, reverse("notifications:task_detail", args=[letter_task.pk]))

    labels = [label for _value, label in response.context["form"].fields["reached"].choices]
    with translation.override("en"):
        assert [str(label) for label in labels] == [
            "The letter was sent or handed over",
            "Could not deliver the letter",
        ]


def test_a_manager_may_read_the_queue_but_not_record_a_task(client, manager, letter_task):
    client.force_login(manager)

    assert client.get(reverse("notifications:task_detail", args=[letter_task.pk])).status_code == 200
    response = client.post(reverse("notifications:task_detail", args=[letter_task.pk]), {"reached": "1"})

    assert response.status_code == 403
    letter_task.refresh_from_db()
    assert letter_task.status == "open"


def _message_list(user, recipient) -> str:
    """The include as a recipient's page renders it, with what that page's view supplies."""
    request = RequestFactory().get("/beneficiaries/1/")
    request.user = user
    context = {
        "notification_messages": messages_for_recipient(recipient_object=recipient),
        "can_resend": can_resend_messages(user),
    }
    with translation.override("en"):
        return render_to_string("notifications/_message_list.html", context, request=request)


def test_the_recipients_message_list_shows_each_message_and_its_delivery_status(reception, category):
    person = BeneficiaryFactory(category=category, contact_channel="email", email="")
    notification_send(event=Event.REQUEST_RECEIVED, recipient=person, context=REQUEST)
    notification_send(event=Event.DECISION, recipient=person, context=REQUEST, channel="sms")

    html = _message_list(reception, person)

    assert html.count('class="notification-message"') == 2
    assert 'data-status="failed"' in html and 'data-status="pending"' in html
    assert "Request received" in html and "Committee decision" in html
    assert "Failed" in html and "Queued" in html


def test_reception_can_send_a_failed_message_again_from_the_recipients_page(
    client, reception, category, sms_outbox, django_capture_on_commit_callbacks
):
    person = BeneficiaryFactory(category=category, mobile="+966501234567")
    message = notification_send(event=Event.DECISION, recipient=person, context=REQUEST)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, next_attempt_at=None, last_error="x")
    assert reverse("notifications:message_resend", args=[message.pk]) in _message_list(reception, person)
    client.force_login(reception)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:message_resend", args=[message.pk]), {"next": "/beneficiaries/1/#messages"}
        )

    assert response.url == "/beneficiaries/1/#messages"
    message.refresh_from_db()
    assert (message.status, message.resend_count) == (MessageStatus.SENT, 1)
    assert sms_outbox[0]["idempotency_key"] == f"{message.idempotency_key}:resend-1"


def test_the_message_list_offers_no_resend_to_a_reader_without_the_role(manager, category):
    person = BeneficiaryFactory(category=category, contact_channel="email", email="")
    notification_send(event=Event.DECISION, recipient=person, context=REQUEST)

    assert "message_resend" not in _message_list(manager, person)
    assert "/resend/" not in _message_list(manager, person)


def _queue_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("notifications:tasks") + "?per_page=100")
    assert response.status_code == 200
    return len(captured.captured_queries), len(response.context["open_tasks"])


def test_the_queue_runs_as_many_queries_for_100_tasks_as_for_10(client, reception, category):
    person = BeneficiaryFactory(category=category)
    StaffTaskFactory.create_batch(10, message__recipient=person)
    client.force_login(reception)
    _queue_queries(client)  # warms per-process caches
    with_ten, shown = _queue_queries(client)
    assert shown == 10

    StaffTaskFactory.create_batch(90, message__recipient=person)
    with_hundred, shown = _queue_queries(client)

    assert shown == 100
    assert with_hundred == with_ten


def test_a_message_still_queued_cannot_be_sent_again_and_reception_is_told_why(client, reception, category):
    message = notification_send(event=Event.DECISION, recipient=BeneficiaryFactory(category=category), context=REQUEST)
    client.force_login(reception)

    response = client.post(reverse("notifications:message_resend", args=[message.pk]), follow=True)

    assert response.status_code == 200
    assert "لا يُعاد إرسال إلا رسالة أُرسلت أو تعذّر إرسالها." in response.content.decode()
    message.refresh_from_db()
    assert (message.status, message.resend_count) == (MessageStatus.PENDING, 0)


def test_a_social_researcher_cannot_send_a_message_again(client, researcher, category):
    message = MessageFactory(recipient=BeneficiaryFactory(category=category), failed=True)
    client.force_login(researcher)

    response = client.post(reverse("notifications:message_resend", args=[message.pk]))

    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED


def test_after_a_resend_a_return_address_on_another_site_is_ignored(client, reception, category):
    message = MessageFactory(recipient=BeneficiaryFactory(category=category), failed=True)
    client.force_login(reception)

    response = client.post(
        reverse("notifications:message_resend", args=[message.pk]), {"next": "https://evil.example.com/"}
    )

    assert response.url == reverse("notifications:tasks")


def test_the_queue_shows_the_oldest_letters_and_calls_a_page_at_a_time_with_the_count_of_all(
    client, reception, category
):
    person = BeneficiaryFactory(category=category)
    tasks = StaffTaskFactory.create_batch(30, message__recipient=person)
    StaffTask.objects.filter(pk__in=[task.pk for task in tasks]).update(created_at=timezone.now())
    client.force_login(reception)

    first = client.get(reverse("notifications:tasks"))
    second = client.get(reverse("notifications:tasks"), {"page": "2"})

    first_ids = [task.pk for task in first.context["open_tasks"]]
    second_ids = [task.pk for task in second.context["open_tasks"]]
    assert first_ids + second_ids == sorted(task.pk for task in tasks)
    assert len(first_ids) == 25
    assert 'id="open-count">30<' in first.content.decode()
    assert "page=2" in first.content.decode()


def test_a_wrong_page_number_on_the_queue_shows_the_first_page(client, reception, letter_task):
    client.force_login(reception)

    response = client.get(reverse("notifications:tasks"), {"page": "ثلاثة"})

    assert response.status_code == 200
    assert [task.pk for task in response.context["open_tasks"]] == [letter_task.pk]
