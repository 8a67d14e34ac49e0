"""The data-breach register and the regulator's 72-hour deadline, with reminders to managers."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from beneficiaries.privacy import data_breach_record, data_breach_reminders_send
from beneficiaries.privacy_models import DataBreach
from notifications.models import Event, Message
from notifications.sweeps import DEADLINES, registered_sweeps


@pytest.fixture
def breach(manager, beneficiary, frozen_today):
    return data_breach_record(
        actor=manager,
        data={
            "title": "فقدان حاسوب محمول",
            "description": "فُقد حاسوب الاستقبال وعليه ملفات مستفيدين",
            "discovered_at": timezone.now() - timedelta(hours=60),
        },
        beneficiaries=[beneficiary],
    )


def test_the_regulator_deadline_is_72_hours_after_the_breach_was_found(breach):
    assert breach.notify_deadline == breach.discovered_at + timedelta(hours=72)
    assert list(breach.beneficiaries.all())


def test_managers_are_reminded_when_the_deadline_is_within_a_day(breach, manager):
    assert data_breach_reminders_send(now=timezone.now()) == 1
    message = Message.objects.get()
    assert message.event == Event.DEADLINE_APPROACHING
    assert message.recipient_object_id == manager.pk


def test_a_second_run_the_same_day_sends_nothing_new(breach):
    data_breach_reminders_send(now=timezone.now())
    assert data_breach_reminders_send(now=timezone.now()) == 0
    assert Message.objects.count() == 1


def test_a_passed_deadline_is_reported_as_passed(breach):
    data_breach_reminders_send(now=timezone.now() + timedelta(hours=20))
    assert Message.objects.get().event == Event.DEADLINE_PASSED


def test_no_reminder_once_the_regulator_was_told(breach):
    DataBreach.objects.filter(pk=breach.pk).update(regulator_notified_at=timezone.now())
    assert data_breach_reminders_send(now=timezone.now()) == 0


def test_no_reminder_while_the_deadline_is_far(manager, frozen_today):
    data_breach_record(actor=manager, data={"title": "x", "description": "y", "discovered_at": timezone.now()})
    assert data_breach_reminders_send(now=timezone.now()) == 0


def test_the_reminder_runs_with_the_deadline_sweeps():
    assert any("breach" in name for name in registered_sweeps(DEADLINES)[DEADLINES])


def test_a_manager_records_a_breach_on_the_register_page(client, manager, beneficiary, frozen_today):
    client.force_login(manager)
    response = client.post(
        reverse("beneficiaries:breach_create"),
        {
            "title": "رسالة إلى عنوان خاطئ",
            "description": "أُرسل قرار لجنة إلى بريد مستفيد آخر",
            "discovered_at": "2026-11-23T09:00",
            "affected_count": "1",
            "beneficiary_numbers": str(beneficiary.pk),
        },
    )
    assert response.status_code == 302
    breach = DataBreach.objects.get()
    assert list(breach.beneficiaries.all()) == [beneficiary]
    assert timezone.localtime(breach.notify_deadline).strftime("%Y-%m-%d %H:%M") == "2026-11-26 09:00"


def test_telling_the_regulator_before_finding_the_breach_is_an_error_on_the_form(client, manager, frozen_today):
    client.force_login(manager)
    response = client.post(
        reverse("beneficiaries:breach_create"),
        {
            "title": "اختراق",
            "description": "تفاصيل",
            "discovered_at": "2026-11-23T09:00",
            "regulator_notified_at": "2026-11-22T09:00",
            "affected_count": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["regulator_notified_at"]
    assert response.context["form"]["title"].value() == "اختراق"
    assert not DataBreach.objects.exists()


def test_an_unknown_beneficiary_number_is_an_error_on_the_form(client, manager, frozen_today):
    client.force_login(manager)
    response = client.post(
        reverse("beneficiaries:breach_create"),
        {
            "title": "t",
            "description": "d",
            "discovered_at": "2026-11-23T09:00",
            "affected_count": "0",
            "beneficiary_numbers": "999999",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["beneficiary_numbers"]


def test_reception_cannot_open_the_breach_register(client, reception):
    client.force_login(reception)
    assert client.get(reverse("beneficiaries:breach_list")).status_code == 403
