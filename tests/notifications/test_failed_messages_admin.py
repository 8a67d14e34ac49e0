"""Administrators see failed messages in a list of their own, send them again, and edit the texts."""

import pytest
from django.urls import reverse
from factories import BeneficiaryFactory, UserFactory

from notifications.models import Event, MessageStatus, MessageTemplate
from notifications.services import notification_send

REQUEST = {"request_number": "REQ-2026-0042", "decision": "الموافقة"}


@pytest.fixture
def administrator(db):
    return UserFactory(username="sysadmin", is_staff=True, is_superuser=True)


@pytest.fixture
def failed_and_sent(category):
    failed_person = BeneficiaryFactory(category=category, first_name="خديجة", contact_channel="email", email="")
    sent_person = BeneficiaryFactory(category=category, first_name="عبدالرحمن")
    failed = notification_send(event=Event.DECISION, recipient=failed_person, context=REQUEST)
    sent = notification_send(event=Event.DECISION, recipient=sent_person, context=REQUEST)
    return failed, sent


def test_the_failed_messages_list_shows_only_messages_that_gave_up(client, administrator, failed_and_sent):
    client.force_login(administrator)

    response = client.get(reverse("admin:notifications_failedmessage_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "خديجة" in content
    assert "عبدالرحمن" not in content


def test_the_resend_action_queues_the_failed_message_again(client, administrator, failed_and_sent, category):
    failed, _sent = failed_and_sent
    recipient = failed.recipient
    recipient.email = "khadija@example.org"  # staff corrected the record first
    recipient.save()
    client.force_login(administrator)

    client.post(
        reverse("admin:notifications_failedmessage_changelist"),
        {"action": "resend", "_selected_action": [failed.pk]},
    )

    failed.refresh_from_db()
    assert failed.status == MessageStatus.PENDING
    assert failed.address == "khadija@example.org"
    assert failed.history.first().history_user == administrator


def test_a_single_message_is_read_only_in_the_admin(client, administrator, failed_and_sent):
    failed, _sent = failed_and_sent
    client.force_login(administrator)

    response = client.get(reverse("admin:notifications_message_change", args=[failed.pk]))

    assert response.status_code == 200
    assert 'name="body"' not in response.content.decode()


def test_the_history_of_a_failed_message_is_the_messages_own_history(client, administrator, failed_and_sent):
    failed, _sent = failed_and_sent
    client.force_login(administrator)

    response = client.get(reverse("admin:notifications_failedmessage_history", args=[failed.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:notifications_message_history", args=[failed.pk])


def test_an_administrator_edits_a_text_and_is_recorded_as_its_editor(client, administrator):
    template = MessageTemplate.objects.get(event=Event.SURVEY_INVITATION, language="ar", channel="")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:notifications_messagetemplate_change", args=[template.pk]),
        {
            "event": template.event,
            "language": "ar",
            "channel": "",
            "subject": "شاركونا رأيكم",
            "body": "{{ recipient_name }}، نرجو تعبئة الاستبانة: {{ survey_url }}",
        },
    )

    assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject == "شاركونا رأيكم"
    assert template.updated_by == administrator


def test_a_text_with_a_template_error_is_refused_in_the_admin(client, administrator):
    template = MessageTemplate.objects.get(event=Event.SURVEY_INVITATION, language="ar", channel="")
    client.force_login(administrator)

    response = client.post(
        reverse("admin:notifications_messagetemplate_change", args=[template.pk]),
        {"event": template.event, "language": "ar", "channel": "", "subject": "x", "body": "{% if %}"},
    )

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    template.refresh_from_db()
    assert template.subject != "x"


def test_the_general_text_of_an_event_cannot_be_deleted(client, administrator):
    template = MessageTemplate.objects.get(event=Event.DECISION, language="ar", channel="")
    client.force_login(administrator)

    response = client.post(reverse("admin:notifications_messagetemplate_delete", args=[template.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert MessageTemplate.objects.filter(pk=template.pk).exists()


def test_the_admin_role_may_edit_texts_and_resend_messages(db):
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="admin")
        .permissions.filter(content_type__app_label="notifications")
        .values_list("codename", flat=True)
    )

    assert {"change_messagetemplate", "change_failedmessage", "view_message"} <= codenames


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_a_text_is_edited_in_its_own_writing_direction(client, administrator, language, direction):
    template = MessageTemplate.objects.get(event=Event.DECISION, language=language, channel="")
    client.force_login(administrator)

    response = client.get(reverse("admin:notifications_messagetemplate_change", args=[template.pk]))

    assert response.context["adminform"].form.fields["body"].widget.attrs["dir"] == direction
    assert f'dir="{direction}"' in response.content.decode()
