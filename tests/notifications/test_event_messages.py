"""Each event produces the right message, in the recipient's language, through their agreed channel."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from factories import BeneficiaryFactory

from notifications.models import Event, Message, MessageStatus, MessageTemplate, StaffNotification, StaffTask
from notifications.services import message_template_save, notification_send
from policies.models import AssociationProfile

REQUEST = {"request_number": "REQ-2026-0042", "service_name": "سلة غذائية"}

# event -> (context, a phrase of the Arabic text, a phrase of the English text)
BENEFICIARY_EVENTS = {
    Event.REQUEST_RECEIVED: (REQUEST, "استلمت جمعية البر بالرياض طلبكم رقم REQ-2026-0042", "has received your request"),
    Event.REQUEST_INCOMPLETE: (
        {**REQUEST, "missing_items": ["صورة الهوية", "إثبات الدخل"]},
        "غير مكتمل، نرجو تزويدنا بما يلي",
        "is incomplete. Please provide",
    ),
    Event.REQUEST_COMPLETE: (
        {**REQUEST, "expected_date": date(2026, 12, 14)},
        "اكتمل طلبكم رقم REQ-2026-0042",
        "Your request no. REQ-2026-0042 is complete",
    ),
    Event.REQUEST_REFERRED: (
        {**REQUEST, "expected_date": date(2026, 12, 14)},
        "أُحيل طلبكم رقم REQ-2026-0042",
        "has been referred to the social research committee",
    ),
    Event.DECISION: (
        {**REQUEST, "decision": "الموافقة"},
        "صدر قرار لجنة البحث في طلبكم رقم REQ-2026-0042",
        "The research committee has decided",
    ),
    Event.DELIVERY: ({**REQUEST, "delivery_date": date(2026, 12, 20)}, "نفيدكم بتسليم خدمة «سلة غذائية»", "delivered"),
    Event.COMPLAINT_ACKNOWLEDGED: (
        {"complaint_number": "CMP-0007"},
        "استلمنا شكواكم رقم CMP-0007",
        "We have received your complaint no. CMP-0007",
    ),
    Event.COMPLAINT_ANSWERED: (
        {"complaint_number": "CMP-0007", "answer": "تم تعديل موعد التسليم."},
        "بخصوص شكواكم رقم CMP-0007",
        "Regarding your complaint no. CMP-0007",
    ),
    Event.SURVEY_INVITATION: (
        {"survey_url": "https://silah.example.org/s/abc"},
        "استبانة قياس رضا المستفيدين عبر الرابط: https://silah.example.org/s/abc",
        "satisfaction survey: https://silah.example.org/s/abc",
    ),
}


@pytest.fixture
def sms_beneficiary(category):
    return BeneficiaryFactory(
        category=category, first_name="مريم", father_name="سعد", family_name="العتيبي", mobile="+966501234567"
    )


def send(django_capture_on_commit_callbacks, **kwargs) -> Message:
    with django_capture_on_commit_callbacks(execute=True):
        return notification_send(**kwargs)


def test_every_event_has_an_arabic_and_an_english_text(db):
    seeded = set(MessageTemplate.objects.filter(channel="").values_list("event", "language"))
    assert seeded == {(event, language) for event in Event.values for language in ("ar", "en")}


@pytest.mark.parametrize("event", list(BENEFICIARY_EVENTS))
def test_each_event_reaches_the_beneficiary_by_sms_in_arabic(
    event, sms_beneficiary, sms_outbox, django_capture_on_commit_callbacks
):
    context, arabic, _english = BENEFICIARY_EVENTS[event]
    message = send(django_capture_on_commit_callbacks, event=event, recipient=sms_beneficiary, context=context)

    assert [sms["to"] for sms in sms_outbox] == ["+966501234567"]
    assert arabic in sms_outbox[0]["text"]
    assert sms_outbox[0]["text"].startswith("مريم سعد")
    message.refresh_from_db()
    assert (message.channel, message.language, message.status) == ("sms", "ar", MessageStatus.SENT)


@pytest.mark.parametrize("event", list(BENEFICIARY_EVENTS))
def test_each_event_is_written_in_english_when_english_is_asked_for(
    event, sms_beneficiary, sms_outbox, django_capture_on_commit_callbacks
):
    context, _arabic, english = BENEFICIARY_EVENTS[event]
    send(django_capture_on_commit_callbacks, event=event, recipient=sms_beneficiary, context=context, language="en")

    assert english in sms_outbox[0]["text"]
    assert sms_outbox[0]["text"].startswith("Dear مريم")


def test_the_incomplete_request_message_lists_every_missing_item(sms_beneficiary, sms_outbox):
    message = notification_send(
        event=Event.REQUEST_INCOMPLETE,
        recipient=sms_beneficiary,
        context={**REQUEST, "missing_items": ["صورة الهوية الوطنية", "تعريف بالراتب", "عقد الإيجار"]},
    )

    assert "- صورة الهوية الوطنية\n- تعريف بالراتب\n- عقد الإيجار\n" in message.body
    assert "تبدأ مدة دراسة الطلب من تاريخ اكتماله." in message.body


def test_the_complete_request_message_gives_the_expected_reply_date_in_gregorian_and_hijri(sms_beneficiary):
    message = notification_send(
        event=Event.REQUEST_COMPLETE,
        recipient=sms_beneficiary,
        context={**REQUEST, "completed_date": date(2026, 11, 23), "expected_date": date(2026, 12, 14)},
    )

    assert "بتاريخ 23 نوفمبر 2026" in message.body
    assert "خلال 15 يوم عمل" in message.body
    assert "وموعد الرد المتوقع 14 ديسمبر 2026 م الموافق 5 رجب 1448 هـ" in message.body


def test_the_expected_date_reads_in_english_for_an_english_message(sms_beneficiary):
    message = notification_send(
        event=Event.REQUEST_COMPLETE,
        recipient=sms_beneficiary,
        context={**REQUEST, "expected_date": date(2026, 12, 14)},
        language="en",
    )

    assert "by 14 December 2026 (5 Rajab 1448 AH)" in message.body


def test_a_beneficiary_who_agreed_on_email_gets_an_email_with_a_subject(category, django_capture_on_commit_callbacks):
    person = BeneficiaryFactory(category=category, contact_channel="email", email="huda@example.org")

    message = send(django_capture_on_commit_callbacks, event=Event.DECISION, recipient=person, context=REQUEST)

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["huda@example.org"]
    assert mail.outbox[0].subject == "قرار لجنة البحث في طلبكم رقم REQ-2026-0042"
    assert mail.outbox[0].extra_headers["X-Idempotency-Key"] == message.idempotency_key
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_a_letter_becomes_a_print_task_for_reception_and_nothing_is_sent(
    category, sms_outbox, django_capture_on_commit_callbacks
):
    person = BeneficiaryFactory(category=category, contact_channel="letter", address="شارع الأمير سعود")

    message = send(django_capture_on_commit_callbacks, event=Event.DECISION, recipient=person, context=REQUEST)

    task = StaffTask.objects.get(message=message)
    assert (task.kind, task.status) == ("letter", "open")
    assert message.status == MessageStatus.AWAITING_STAFF
    assert message.address == "شارع الأمير سعود، النسيم، الرياض"
    assert sms_outbox == [] and mail.outbox == []


def test_a_phone_call_becomes_a_call_task_with_the_number_to_dial(category, django_capture_on_commit_callbacks):
    person = BeneficiaryFactory(category=category, contact_channel="phone", mobile="+966507654321")

    message = send(django_capture_on_commit_callbacks, event=Event.REQUEST_RECEIVED, recipient=person, context=REQUEST)

    task = StaffTask.objects.get(message=message)
    assert task.kind == "phone"
    assert message.address == "+966507654321"


def test_an_explicit_channel_overrides_the_agreed_one(sms_beneficiary, django_capture_on_commit_callbacks):
    sms_beneficiary.email = "maryam@example.org"
    sms_beneficiary.save()

    send(
        django_capture_on_commit_callbacks,
        event=Event.SURVEY_INVITATION,
        recipient=sms_beneficiary,
        context={},
        channel="email",
    )

    assert mail.outbox[0].to == ["maryam@example.org"]


def test_a_staff_member_is_told_of_an_approaching_deadline_under_the_bell(researcher):
    message = notification_send(
        event=Event.DEADLINE_APPROACHING,
        recipient=researcher,
        context={
            "case_number": "REQ-2026-0042",
            "due_date": date(2026, 12, 14),
            "days_left": 2,
            "url": "/requests/42/",
        },
    )

    notice = StaffNotification.objects.get(user=researcher)
    assert notice.title == "اقتراب موعد الرد: الطلب رقم REQ-2026-0042"
    assert "في 14 ديسمبر 2026، والمتبقي من أيام العمل: 2" in notice.body
    assert notice.url == "/requests/42/"
    assert (message.channel, message.status) == ("in_app", MessageStatus.SENT)


def test_a_passed_deadline_notice_in_english_counts_the_working_days_late(researcher):
    notification_send(
        event=Event.DEADLINE_PASSED,
        recipient=researcher,
        context={"case_number": "REQ-2026-0042", "due_date": date(2026, 12, 14), "days_overdue": 3},
        language="en",
    )

    notice = StaffNotification.objects.get(user=researcher)
    assert notice.body.startswith("Request no. REQ-2026-0042 passed its reply deadline of 14 December 2026")
    assert "(3 working days late)" in notice.body


def test_text_with_html_characters_is_sent_as_typed(sms_beneficiary, sms_outbox, django_capture_on_commit_callbacks):
    send(
        django_capture_on_commit_callbacks,
        event=Event.COMPLAINT_ANSWERED,
        recipient=sms_beneficiary,
        context={"complaint_number": "CMP-1", "answer": 'الموعد "الأحد" & <بعد الظهر>'},
    )

    assert 'الموعد "الأحد" & <بعد الظهر>' in sms_outbox[0]["text"]


def test_an_administrators_edit_is_used_for_the_next_message(sms_beneficiary, make_user):
    admin = make_user("admin")
    template = MessageTemplate.objects.get(event=Event.REQUEST_RECEIVED, language="ar", channel="")
    template.body = "وصلنا طلبكم {{ request_number }} يا {{ recipient_name }}"
    message_template_save(actor=admin, template=template)

    message = notification_send(event=Event.REQUEST_RECEIVED, recipient=sms_beneficiary, context=REQUEST)

    assert message.body == f"وصلنا طلبكم REQ-2026-0042 يا {sms_beneficiary.full_name}"
    assert template.history.first().history_user == admin


def test_a_text_with_a_template_error_is_refused_before_it_is_saved(make_user):
    template = MessageTemplate.objects.get(event=Event.DECISION, language="en", channel="")
    template.body = "Decision: {% if decision %}{{ decision }}"

    with pytest.raises(ValidationError) as error:
        message_template_save(actor=make_user("admin"), template=template)

    assert "body" in error.value.message_dict
    assert "{% if decision %}" not in MessageTemplate.objects.get(pk=template.pk).body


def test_a_channel_of_its_own_text_wins_over_the_general_text(sms_beneficiary):
    MessageTemplate.objects.create(
        event=Event.DECISION,
        language="ar",
        channel="sms",
        subject="قرار",
        body="قرار طلبكم {{ request_number }}: {{ decision }}",
    )

    message = notification_send(
        event=Event.DECISION, recipient=sms_beneficiary, context={**REQUEST, "decision": "قبول"}
    )

    assert message.body == "قرار طلبكم REQ-2026-0042: قبول"


def test_the_message_disappears_with_the_event_that_was_rolled_back(sms_beneficiary):
    with pytest.raises(RuntimeError), transaction.atomic():
        notification_send(event=Event.DECISION, recipient=sms_beneficiary, context=REQUEST)
        raise RuntimeError("the decision could not be saved")

    assert not Message.objects.exists()


def test_repeating_an_event_with_the_same_key_gives_back_the_first_message(
    sms_beneficiary, sms_outbox, django_capture_on_commit_callbacks
):
    first = send(
        django_capture_on_commit_callbacks,
        event=Event.DECISION,
        recipient=sms_beneficiary,
        context=REQUEST,
        idempotency_key="decision:request-42",
    )
    again = send(
        django_capture_on_commit_callbacks,
        event=Event.DECISION,
        recipient=sms_beneficiary,
        context=REQUEST,
        idempotency_key="decision:request-42",
    )

    assert again.pk == first.pk
    assert len(sms_outbox) == 1


def test_a_missing_email_address_is_recorded_as_a_failure_staff_can_see(category):
    person = BeneficiaryFactory(category=category, contact_channel="email", email="")

    message = notification_send(event=Event.DECISION, recipient=person, context=REQUEST)

    assert message.status == MessageStatus.FAILED
    assert message.last_error
    assert mail.outbox == []


@pytest.fixture
def association(settings):
    settings.NOTIFICATIONS_ASSOCIATION_NAME = ""
    return AssociationProfile.objects.create(name="جمعية صلة الخيرية", name_en="Silah Charity")


def test_without_a_configured_name_messages_use_the_associations_profile(association, sms_beneficiary):
    message = notification_send(event=Event.REQUEST_RECEIVED, recipient=sms_beneficiary, context=REQUEST)

    assert "استلمت جمعية صلة الخيرية طلبكم" in message.body


def test_an_english_message_uses_the_associations_english_name(association, sms_beneficiary):
    message = notification_send(event=Event.REQUEST_RECEIVED, recipient=sms_beneficiary, context=REQUEST, language="en")

    assert "Silah Charity has received your request" in message.body


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_survey_link_ends_its_line_so_phones_open_it_whole(sms_beneficiary, language):
    message = notification_send(
        event=Event.SURVEY_INVITATION,
        recipient=sms_beneficiary,
        context={"survey_url": "https://silah.example.org/s/abc", "deadline": date(2026, 12, 31)},
        language=language,
    )

    [line] = [line for line in message.body.splitlines() if "https://" in line]
    assert line.endswith(" https://silah.example.org/s/abc")


def test_a_survey_text_seeded_before_the_link_fix_is_updated_but_an_edited_one_is_kept(db):
    fix = importlib.import_module("notifications.migrations.0003_survey_link_ends_its_line")
    MessageTemplate.objects.filter(event=Event.SURVEY_INVITATION, language="ar", channel="").update(body=fix.OLD["ar"])
    MessageTemplate.objects.filter(event=Event.SURVEY_INVITATION, language="en", channel="").update(body="Edited.")

    fix.forwards(django_apps, None)

    texts = dict(MessageTemplate.objects.filter(event=Event.SURVEY_INVITATION).values_list("language", "body"))
    assert texts == {"ar": fix.new_texts()["ar"], "en": "Edited."}


def test_an_event_without_a_message_template_is_recorded_as_a_failed_message_not_an_error(sms_beneficiary):
    MessageTemplate.objects.filter(event=Event.REQUEST_RECEIVED).delete()
    message = notification_send(event=Event.REQUEST_RECEIVED, recipient=sms_beneficiary, context=REQUEST)
    assert message.status == MessageStatus.FAILED
    # Told in the association's language, naming the event, so an admin knows which text to add.
    with translation.override("ar"):
        assert str(Event.REQUEST_RECEIVED.label) in message.last_error
