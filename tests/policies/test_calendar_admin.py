"""The calendar in the admin: closures, announced holiday dates and the parameters, all through the services."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import translation

from policies.models import Closure, HolidayOverride, PolicyParameters
from policies.roles import Role
from policies.selectors import policy_parameters, working_calendar
from policies.services import (
    closure_create,
    closure_update,
    holiday_override_create,
    holiday_override_delete,
    holiday_override_update,
)
from policies.signals import calendar_changed
from policies.working_days import OfficialHoliday

CLOSURES = "admin:policies_closure_changelist"
OVERRIDES = "admin:policies_holidayoverride_changelist"


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, is_staff=True, first_name="هند", last_name="العتيبي")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def manager_client(client, make_user):
    client.force_login(make_user(Role.MANAGER, is_staff=True))
    return client


@pytest.fixture
def calendar_changes():
    """Every calendar_changed sent during the test, as the keyword arguments it carried."""
    received = []

    def receiver(sender, **kwargs):
        received.append({"sender": sender, **kwargs})

    calendar_changed.connect(receiver, weak=False, dispatch_uid="tests.policies.test_calendar_admin")
    yield received
    calendar_changed.disconnect(dispatch_uid="tests.policies.test_calendar_admin")


@pytest.fixture
def english(client, settings):
    """English pages (the language cookie) and English service calls, for comparing reasons word for word."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def association_closure(admin_user):
    return closure_create(
        actor=admin_user, name="إجازة الجمعية", start_date=date(2026, 12, 20), end_date=date(2026, 12, 24)
    )


@pytest.fixture
def eid_al_fitr_1447(admin_user):
    return holiday_override_create(
        actor=admin_user,
        holiday=OfficialHoliday.EID_AL_FITR,
        start_date=date(2026, 3, 20),
        end_date=date(2026, 3, 25),
        announcement="إعلان وزارة الموارد البشرية",
    )


def closure_form(**overrides) -> dict:
    return {
        "name": "إجازة الجمعية",
        "name_en": "Association holiday",
        "start_date": "2026-12-20",
        "end_date": "2026-12-24",
        "note": "",
        **overrides,
    }


def override_form(**overrides) -> dict:
    return {
        "holiday": OfficialHoliday.EID_AL_FITR,
        "start_date": "2026-03-20",
        "end_date": "2026-03-25",
        "announcement": "إعلان وزارة الموارد البشرية",
        **overrides,
    }


def parameters_form(**overrides) -> dict:
    parameters = policy_parameters()
    return {
        "response_deadline_working_days": parameters.response_deadline_working_days,
        "weekend_days": sorted(parameters.weekend),
        "complaint_acknowledge_working_days": parameters.complaint_acknowledge_working_days,
        "complaint_resolve_working_days": parameters.complaint_resolve_working_days,
        "reverification_days": parameters.reverification_days,
        "retention_years": parameters.retention_years,
        "channels": parameters.channels,
        "declaration_text": parameters.declaration_text,
        "declaration_text_en": parameters.declaration_text_en,
        "beneficiary_duties": parameters.beneficiary_duties,
        "beneficiary_duties_en": parameters.beneficiary_duties_en,
        "beneficiary_rights": parameters.beneficiary_rights,
        "beneficiary_rights_en": parameters.beneficiary_rights_en,
        "privacy_statement": parameters.privacy_statement,
        "privacy_statement_en": parameters.privacy_statement_en,
        "confidentiality_pledge": parameters.confidentiality_pledge,
        "confidentiality_pledge_en": parameters.confidentiality_pledge_en,
        **overrides,
    }


def parameters_url() -> str:
    return reverse("admin:policies_policyparameters_change", args=[1])


# --- Closures ------------------------------------------------------------------------------------------


def test_an_admin_adds_a_closure_in_the_admin(admin_client):
    admin_client.post(reverse("admin:policies_closure_add"), closure_form())

    assert Closure.objects.get().name == "إجازة الجمعية"


def test_a_closure_added_in_the_admin_closes_those_days(admin_client):
    admin_client.post(reverse("admin:policies_closure_add"), closure_form())

    assert working_calendar(start=date(2026, 12, 1), end=date(2026, 12, 31)).add_working_days(
        date(2026, 12, 17), 1
    ) == date(2026, 12, 27)


def test_a_closure_added_in_the_admin_is_announced_with_its_reason(
    admin_client, calendar_changes, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:policies_closure_add"), closure_form())

    assert [(change["reason"], change["start"], change["end"]) for change in calendar_changes] == [
        (
            "Closure «إجازة الجمعية» 2026-12-20–2026-12-24 added by هند العتيبي",
            date(2026, 12, 20),
            date(2026, 12, 24),
        )
    ]


def test_a_closure_added_in_the_admin_keeps_its_author_in_history(admin_client, admin_user):
    admin_client.post(reverse("admin:policies_closure_add"), closure_form())

    assert Closure.history.get().history_user == admin_user


def test_the_admin_redirects_to_the_list_after_adding_a_closure(admin_client):
    response = admin_client.post(reverse("admin:policies_closure_add"), closure_form())

    assert response.url == reverse(CLOSURES)


def test_a_closure_ending_before_it_starts_is_refused_by_the_admin_form(admin_client):
    response = admin_client.post(reverse("admin:policies_closure_add"), closure_form(end_date="2026-12-19"))

    assert "end_date" in response.context["adminform"].form.errors


def test_the_database_refuses_a_closure_ending_before_it_starts(db):
    with pytest.raises(IntegrityError):
        Closure.objects.create(name="خطأ", start_date=date(2026, 12, 20), end_date=date(2026, 12, 19))


def test_moving_a_closure_in_the_admin_announces_the_old_and_new_days(
    admin_client, association_closure, calendar_changes, django_capture_on_commit_callbacks
):
    url = reverse("admin:policies_closure_change", args=[association_closure.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, closure_form(start_date="2026-12-22", end_date="2026-12-29"))

    assert (calendar_changes[0]["start"], calendar_changes[0]["end"]) == (date(2026, 12, 20), date(2026, 12, 29))


def test_moving_a_closure_gives_the_old_and_new_dates_as_the_reason(
    admin_user, association_closure, calendar_changes, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closure_update(actor=admin_user, closure=association_closure, data={"end_date": date(2026, 12, 25)})

    assert calendar_changes[0]["reason"] == (
        "Closure «إجازة الجمعية» moved from 2026-12-20–2026-12-24 to 2026-12-20–2026-12-25 by هند العتيبي"
    )


def test_renaming_a_closure_moves_no_due_date(
    admin_user, association_closure, calendar_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closure_update(actor=admin_user, closure=association_closure, data={"name": "إجازة نهاية العام"})

    assert calendar_changes == []


def test_renaming_a_closure_is_kept_in_history(admin_user, association_closure):
    closure_update(actor=admin_user, closure=association_closure, data={"name": "إجازة نهاية العام"})

    assert [record.name for record in Closure.history.order_by("history_date")] == [
        "إجازة الجمعية",
        "إجازة نهاية العام",
    ]


def test_deleting_a_closure_in_the_admin_announces_it(
    admin_client, association_closure, calendar_changes, english, django_capture_on_commit_callbacks
):
    url = reverse("admin:policies_closure_delete", args=[association_closure.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"post": "yes"})

    assert [change["reason"] for change in calendar_changes] == [
        "Closure «إجازة الجمعية» 2026-12-20–2026-12-24 removed by هند العتيبي"
    ]


def test_deleting_a_closure_in_the_admin_keeps_its_author_in_history(admin_client, admin_user, association_closure):
    admin_client.post(reverse("admin:policies_closure_delete", args=[association_closure.pk]), {"post": "yes"})

    assert Closure.history.filter(history_type="-").get().history_user == admin_user


def test_deleting_closures_in_bulk_announces_each_one(
    admin_client, admin_user, association_closure, calendar_changes, django_capture_on_commit_callbacks
):
    second = closure_create(actor=admin_user, name="جرد", start_date=date(2027, 1, 3), end_date=date(2027, 1, 3))
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse(CLOSURES),
            {"action": "delete_selected", "_selected_action": [association_closure.pk, second.pk], "post": "yes"},
        )

    assert sorted(change["start"] for change in calendar_changes) == [date(2026, 12, 20), date(2027, 1, 3)]


# --- Announced holiday dates ---------------------------------------------------------------------------


def test_an_admin_records_the_announced_dates_of_eid_al_fitr(admin_client):
    admin_client.post(reverse("admin:policies_holidayoverride_add"), override_form())

    assert HolidayOverride.objects.get().year == 1447


def test_announced_eid_dates_replace_the_estimated_ones_in_the_calendar(admin_client):
    admin_client.post(reverse("admin:policies_holidayoverride_add"), override_form())

    march = working_calendar(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert (march.is_working_day(date(2026, 3, 19)), march.is_working_day(date(2026, 3, 25))) == (True, False)


def test_recording_announced_dates_is_announced_with_the_replaced_estimate(
    admin_client, calendar_changes, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:policies_holidayoverride_add"), override_form())

    assert [change["reason"] for change in calendar_changes] == [
        "Official dates of Eid al-Fitr 1447 AH set to 2026-03-20–2026-03-25 by هند العتيبي, "
        "replacing 2026-03-19–2026-03-24"
    ]


def test_recording_announced_dates_affects_both_the_estimated_and_the_announced_days(
    admin_user, calendar_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        holiday_override_create(
            actor=admin_user,
            holiday=OfficialHoliday.EID_AL_FITR,
            start_date=date(2026, 3, 20),
            end_date=date(2026, 3, 25),
        )

    assert (calendar_changes[0]["start"], calendar_changes[0]["end"]) == (date(2026, 3, 19), date(2026, 3, 25))


def test_announced_dates_keep_their_author_in_history(admin_client, admin_user):
    admin_client.post(reverse("admin:policies_holidayoverride_add"), override_form())

    assert HolidayOverride.history.get().history_user == admin_user


def test_a_national_day_override_is_identified_by_its_gregorian_year(admin_user):
    override = holiday_override_create(
        actor=admin_user,
        holiday=OfficialHoliday.NATIONAL_DAY,
        start_date=date(2026, 9, 23),
        end_date=date(2026, 9, 24),
    )

    assert override.year == 2026


def test_the_two_eid_al_fitr_holidays_of_2033_can_each_be_announced(admin_user):
    holiday_override_create(
        actor=admin_user, holiday=OfficialHoliday.EID_AL_FITR, start_date=date(2033, 1, 1), end_date=date(2033, 1, 4)
    )
    holiday_override_create(
        actor=admin_user,
        holiday=OfficialHoliday.EID_AL_FITR,
        start_date=date(2033, 12, 21),
        end_date=date(2033, 12, 24),
    )

    assert sorted(HolidayOverride.objects.values_list("year", flat=True)) == [1454, 1455]


def test_a_second_announcement_for_the_same_eid_is_refused_by_the_admin_form(admin_client, eid_al_fitr_1447):
    response = admin_client.post(
        reverse("admin:policies_holidayoverride_add"), override_form(start_date="2026-03-19", end_date="2026-03-22")
    )

    assert response.context["adminform"].form.non_field_errors()


def test_a_second_announcement_for_the_same_eid_is_refused_by_the_service(admin_user, eid_al_fitr_1447):
    with pytest.raises(ValidationError):
        holiday_override_create(
            actor=admin_user,
            holiday=OfficialHoliday.EID_AL_FITR,
            start_date=date(2026, 3, 19),
            end_date=date(2026, 3, 22),
        )


def test_the_database_refuses_two_announcements_for_one_eid(eid_al_fitr_1447):
    with pytest.raises(IntegrityError):
        HolidayOverride.objects.create(
            holiday=OfficialHoliday.EID_AL_FITR, year=1447, start_date=date(2026, 3, 19), end_date=date(2026, 3, 22)
        )


def test_the_database_refuses_an_announcement_ending_before_it_starts(db):
    with pytest.raises(IntegrityError):
        HolidayOverride.objects.create(
            holiday=OfficialHoliday.NATIONAL_DAY, year=2026, start_date=date(2026, 9, 23), end_date=date(2026, 9, 22)
        )


def test_the_database_refuses_a_gregorian_year_for_an_eid(db):
    with pytest.raises(IntegrityError):
        HolidayOverride.objects.create(
            holiday=OfficialHoliday.EID_AL_ADHA, year=2026, start_date=date(2026, 5, 26), end_date=date(2026, 5, 29)
        )


def test_an_eid_al_fitr_starting_outside_ramadan_and_shawwal_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:policies_holidayoverride_add"), override_form(start_date="2026-05-27", end_date="2026-05-29")
    )

    assert "start_date" in response.context["adminform"].form.errors


def test_an_announced_holiday_longer_than_thirty_days_is_refused(admin_client):
    response = admin_client.post(reverse("admin:policies_holidayoverride_add"), override_form(end_date="2026-04-30"))

    assert "end_date" in response.context["adminform"].form.errors


def test_the_announcement_form_shows_the_package_dates_it_replaces(admin_client, eid_al_fitr_1447):
    response = admin_client.get(reverse("admin:policies_holidayoverride_change", args=[eid_al_fitr_1447.pk]))

    assert "2026-03-19 – 2026-03-24" in response.content.decode()


def test_correcting_announced_dates_announces_the_old_and_new_days(
    admin_user, eid_al_fitr_1447, calendar_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        holiday_override_update(actor=admin_user, override=eid_al_fitr_1447, data={"end_date": date(2026, 3, 26)})

    assert (calendar_changes[0]["start"], calendar_changes[0]["end"]) == (date(2026, 3, 19), date(2026, 3, 26))


def test_changing_only_the_announcement_text_moves_no_due_date(
    admin_user, eid_al_fitr_1447, calendar_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        holiday_override_update(actor=admin_user, override=eid_al_fitr_1447, data={"announcement": "الديوان الملكي"})

    assert calendar_changes == []


def test_removing_announced_dates_brings_back_the_packages_estimate(admin_user, eid_al_fitr_1447):
    holiday_override_delete(actor=admin_user, override=eid_al_fitr_1447)

    march = working_calendar(start=date(2026, 3, 1), end=date(2026, 3, 31))
    assert (march.is_working_day(date(2026, 3, 19)), march.is_working_day(date(2026, 3, 25))) == (False, True)


def test_removing_announced_dates_in_the_admin_is_announced(
    admin_client, eid_al_fitr_1447, calendar_changes, english, django_capture_on_commit_callbacks
):
    url = reverse("admin:policies_holidayoverride_delete", args=[eid_al_fitr_1447.pk])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {"post": "yes"})

    assert [change["reason"] for change in calendar_changes] == [
        "Official dates of Eid al-Fitr 1447 AH (2026-03-20–2026-03-25) removed by هند العتيبي; "
        "the holidays package's dates 2026-03-19–2026-03-24 apply"
    ]


# --- Policy parameters in the admin ------------------------------------------------------------------


def test_the_parameters_list_opens_the_single_row(admin_client):
    response = admin_client.get(reverse("admin:policies_policyparameters_changelist"))

    assert response.url == parameters_url()


def test_the_weekend_is_edited_with_one_checkbox_per_day(admin_client):
    response = admin_client.get(parameters_url())

    assert response.content.decode().count('name="weekend_days"') == 7


def test_friday_and_saturday_are_ticked_by_default(admin_client):
    form = admin_client.get(parameters_url()).context["adminform"].form

    assert form["weekend_days"].value() == [4, 5]


def test_an_admin_changes_the_weekend_in_the_admin(admin_client):
    admin_client.post(parameters_url(), parameters_form(weekend_days=["5", "6"]))

    assert PolicyParameters.objects.get().weekend_days == "56"


def test_an_admin_changes_the_channels_in_the_admin(admin_client):
    admin_client.post(parameters_url(), parameters_form(channels=["phone", "email", "fax"]))

    assert policy_parameters().channels == ["phone", "email", "fax"]


def test_a_weekend_change_in_the_admin_is_announced(
    admin_client, calendar_changes, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(parameters_url(), parameters_form(weekend_days=["4"]))

    assert calendar_changes[0]["changed_parameters"] == {"weekend_days"}


def test_a_parameters_change_in_the_admin_keeps_its_author_in_history(admin_client, admin_user):
    admin_client.post(parameters_url(), parameters_form(response_deadline_working_days="20"))

    assert PolicyParameters.history.latest().history_user == admin_user


def test_a_week_without_working_days_is_refused_by_the_admin_form(admin_client):
    response = admin_client.post(parameters_url(), parameters_form(weekend_days=[str(day) for day in range(7)]))

    assert "weekend_days" in response.context["adminform"].form.errors


def test_the_parameters_cannot_be_deleted(admin_client):
    response = admin_client.get(reverse("admin:policies_policyparameters_delete", args=[1]))

    assert response.status_code == 403


def test_a_second_parameters_row_cannot_be_added(admin_client):
    response = admin_client.get(reverse("admin:policies_policyparameters_add"))

    assert response.status_code == 403


def test_the_parameters_page_lists_the_coming_eid_as_estimated(admin_client, english, frozen_today):
    response = admin_client.get(parameters_url())

    occurrence = next(line for line in response.content.decode().splitlines() if "2027-03-09" in line)
    assert "2027-03-14" in occurrence
    assert "estimated" in occurrence


def test_reverting_the_parameters_from_history_goes_through_the_service(admin_client, english):
    admin_client.post(parameters_url(), parameters_form(response_deadline_working_days="20"))
    first = PolicyParameters.history.earliest()
    url = reverse("admin:policies_policyparameters_simple_history", args=[1, first.history_id])

    admin_client.post(url, parameters_form(response_deadline_working_days="15"))

    assert PolicyParameters.history.latest().history_change_reason == (
        "Policy parameters: response deadline (working days) changed from 20 to 15, by هند العتيبي"
    )


# --- Roles ---------------------------------------------------------------------------------------------


def test_a_manager_sees_the_closures(manager_client, association_closure):
    assert manager_client.get(reverse(CLOSURES)).status_code == 200


def test_a_manager_cannot_add_a_closure(manager_client):
    assert manager_client.post(reverse("admin:policies_closure_add"), closure_form()).status_code == 403


def test_a_manager_cannot_change_announced_holiday_dates(manager_client, eid_al_fitr_1447):
    url = reverse("admin:policies_holidayoverride_change", args=[eid_al_fitr_1447.pk])

    manager_client.post(url, override_form(end_date="2026-03-26"))

    assert HolidayOverride.objects.get().end_date == date(2026, 3, 25)


def test_a_manager_cannot_change_the_parameters(manager_client):
    manager_client.post(parameters_url(), parameters_form(response_deadline_working_days="20"))

    assert policy_parameters().response_deadline_working_days == 15


def test_reception_cannot_open_the_calendar_admin(client, make_user):
    client.force_login(make_user(Role.RECEPTION, is_staff=True))

    assert client.get(reverse(OVERRIDES)).status_code == 403


def test_a_manager_reads_the_weekend_as_day_names(manager_client):
    response = manager_client.get(parameters_url())

    assert "الجمعة, السبت" in response.content.decode()
