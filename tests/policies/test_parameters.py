"""The policy parameters: the seed defaults, the database's guard rails, history, and calendar_changed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from policies.choices import Channel
from policies.models import PolicyParameters
from policies.roles import Role
from policies.selectors import policy_parameters
from policies.services import policy_parameters_update
from policies.signals import calendar_changed


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN, is_staff=True, first_name="هند", last_name="العتيبي")


@pytest.fixture
def calendar_changes():
    """Every calendar_changed sent during the test, as the keyword arguments it carried."""
    received = []

    def receiver(sender, **kwargs):
        received.append({"sender": sender, **kwargs})

    calendar_changed.connect(receiver, weak=False, dispatch_uid="tests.policies.test_parameters")
    yield received
    calendar_changed.disconnect(dispatch_uid="tests.policies.test_parameters")


# --- The seed defaults -----------------------------------------------------------------------------


def test_the_response_deadline_is_fifteen_working_days_by_default(db):
    assert policy_parameters().response_deadline_working_days == 15


def test_the_weekend_is_friday_and_saturday_by_default(db):
    assert policy_parameters().weekend == {4, 5}


def test_the_default_channels_are_the_eight_the_seed_policies_list(db):
    assert policy_parameters().channels == [
        Channel.IN_PERSON,
        Channel.PHONE,
        Channel.SOCIAL_MEDIA,
        Channel.LETTER,
        Channel.ASSISTANCE_SERVICE,
        Channel.VOLUNTEERING,
        Channel.WEBSITE,
        Channel.BRANCH_REPRESENTATIVE,
    ]


def test_the_complaint_deadlines_are_two_and_ten_working_days_by_default(db):
    parameters = policy_parameters()

    assert (parameters.complaint_acknowledge_working_days, parameters.complaint_resolve_working_days) == (2, 10)


def test_records_are_re_verified_every_365_days_by_default(db):
    assert policy_parameters().reverification_days == 365


def test_the_default_declaration_affirms_correctness_and_direct_responsibility(db):
    declaration = policy_parameters().declaration_text

    assert declaration.startswith("أقر أنا الموقع أدناه بصحة البيانات والمعلومات والمستندات المقدمة")
    assert "وأتحمل المسؤولية المباشرة عن صحتها" in declaration


def test_the_declaration_is_shown_in_english_on_english_pages(db):
    with translation.override("en"):
        declaration = policy_parameters().declaration

    assert declaration.startswith("I, the undersigned, affirm that all the data")


def test_the_default_duties_are_the_three_duties_of_the_seed_policy(db):
    with translation.override("ar"):
        duties = policy_parameters().duties

    assert len(duties) == 3
    assert "بتقديم كافة البيانات والمستندات" in duties[0]
    assert "بتحديث البيانات" in duties[1]
    assert "التعهد بصحة البيانات" in duties[2]


def test_the_duties_are_shown_in_english_on_english_pages(db):
    with translation.override("en"):
        duties = policy_parameters().duties

    assert (
        duties[1] == "Update your data with the association whenever your social, economic or health situation changes."
    )


def test_the_migration_starts_the_history_with_the_defaults(db):
    first = PolicyParameters.history.earliest()

    assert (first.history_type, first.response_deadline_working_days) == ("+", 15)


def test_the_defaults_stand_in_when_the_row_is_missing(db):
    PolicyParameters.objects.all().delete()

    assert policy_parameters().response_deadline_working_days == 15


# --- The database's guard rails ------------------------------------------------------------------


def test_the_database_refuses_a_second_parameters_row(db):
    with pytest.raises(IntegrityError):
        PolicyParameters.objects.create(id=2)


def test_the_database_refuses_a_weekday_number_above_six(db):
    with pytest.raises(IntegrityError):
        PolicyParameters.objects.filter(pk=1).update(weekend_days="47")


def test_the_database_refuses_a_repeated_weekday(db):
    with pytest.raises(IntegrityError):
        PolicyParameters.objects.filter(pk=1).update(weekend_days="44")


def test_the_database_refuses_a_week_without_working_days(db):
    with pytest.raises(IntegrityError):
        PolicyParameters.objects.filter(pk=1).update(weekend_days="0123456")


def test_the_database_refuses_a_response_deadline_of_zero_days(db):
    with pytest.raises(IntegrityError):
        PolicyParameters.objects.filter(pk=1).update(response_deadline_working_days=0)


def test_the_database_refuses_resolving_complaints_before_acknowledging_them(db):
    with pytest.raises(IntegrityError):
        PolicyParameters.objects.filter(pk=1).update(
            complaint_acknowledge_working_days=5, complaint_resolve_working_days=3
        )


# --- Changing the parameters -------------------------------------------------------------------------


def test_an_admin_changes_the_response_deadline(admin_user):
    policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 20})

    assert policy_parameters().response_deadline_working_days == 20


def test_the_weekend_is_given_as_weekday_numbers(admin_user):
    policy_parameters_update(actor=admin_user, data={"weekend_days": {5, 4, 3}})

    assert PolicyParameters.objects.get().weekend_days == "345"


def test_a_week_without_working_days_is_refused(admin_user):
    with pytest.raises(ValidationError) as refused:
        policy_parameters_update(actor=admin_user, data={"weekend_days": range(7)})

    assert "weekend_days" in refused.value.error_dict


def test_a_channel_outside_the_list_is_refused(admin_user):
    with pytest.raises(ValidationError) as refused:
        policy_parameters_update(actor=admin_user, data={"channels": ["phone", "carrier_pigeon"]})

    assert "channels" in refused.value.error_dict


def test_an_association_without_any_channel_is_refused(admin_user):
    with pytest.raises(ValidationError) as refused:
        policy_parameters_update(actor=admin_user, data={"channels": []})

    assert "channels" in refused.value.error_dict


def test_channels_are_kept_in_the_order_of_the_list(admin_user):
    policy_parameters_update(actor=admin_user, data={"channels": [Channel.FAX, Channel.EMAIL, Channel.IN_PERSON]})

    assert policy_parameters().channels == [Channel.IN_PERSON, Channel.EMAIL, Channel.FAX]


def test_resolving_complaints_before_acknowledging_them_is_refused(admin_user):
    with pytest.raises(ValidationError) as refused:
        policy_parameters_update(actor=admin_user, data={"complaint_resolve_working_days": 1})

    assert "complaint_resolve_working_days" in refused.value.error_dict


def test_an_unknown_parameter_is_refused(admin_user):
    with pytest.raises(ValueError, match="deadline_days"):
        policy_parameters_update(actor=admin_user, data={"deadline_days": 20})


def test_a_change_is_kept_in_history_with_who_made_it(admin_user):
    policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 20})

    assert PolicyParameters.history.latest().history_user == admin_user


def test_a_change_is_kept_in_history_with_what_changed(admin_user):
    with translation.override("en"):
        policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 20})

    assert PolicyParameters.history.latest().history_change_reason == (
        "Policy parameters: response deadline (working days) changed from 15 to 20, by هند العتيبي"
    )


def test_saving_unchanged_parameters_leaves_no_history_row(admin_user):
    before = PolicyParameters.history.count()

    policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 15})

    assert PolicyParameters.history.count() == before


def test_the_selector_sees_an_edit_made_after_it_was_first_read(admin_user):
    assert policy_parameters().reverification_days == 365

    policy_parameters_update(actor=admin_user, data={"reverification_days": 180})

    assert policy_parameters().reverification_days == 180


def test_a_wiped_row_is_recreated_by_the_next_change(admin_user):
    PolicyParameters.objects.all().delete()

    policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 12})

    assert PolicyParameters.objects.get().response_deadline_working_days == 12


# --- calendar_changed -----------------------------------------------------------------------------


def test_changing_the_weekend_announces_a_calendar_change_with_the_reason(
    admin_user, calendar_changes, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        policy_parameters_update(actor=admin_user, data={"weekend_days": [5, 6]})

    assert [change["reason"] for change in calendar_changes] == [
        "Policy parameters: weekend changed from Friday, Saturday to Sunday, Saturday, by هند العتيبي"
    ]


def test_a_new_weekend_affects_every_date(admin_user, calendar_changes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policy_parameters_update(actor=admin_user, data={"weekend_days": [5, 6]})

    assert (calendar_changes[0]["start"], calendar_changes[0]["end"]) == (None, None)


def test_changing_the_deadline_announces_which_parameter_changed(
    admin_user, calendar_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 20})

    assert calendar_changes[0]["changed_parameters"] == {"response_deadline_working_days"}


def test_the_calendar_change_names_the_admin_who_made_it(
    admin_user, calendar_changes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 20})

    assert calendar_changes[0]["actor"] == admin_user


def test_changing_the_declaration_moves_no_due_date(admin_user, calendar_changes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policy_parameters_update(actor=admin_user, data={"declaration_text": "أقر بصحة البيانات."})

    assert calendar_changes == []


def test_changing_the_channels_moves_no_due_date(admin_user, calendar_changes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        policy_parameters_update(actor=admin_user, data={"channels": [Channel.PHONE]})

    assert calendar_changes == []


def test_the_calendar_change_waits_for_the_commit(admin_user, calendar_changes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": 20})

    assert (len(callbacks), calendar_changes) == (1, [])
