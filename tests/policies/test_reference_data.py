"""The reference data kept in each process between requests (policies.reference).

What a user would notice if it went wrong: a deadline computed without a closure just announced,
an edit to the parameters that does not show, or a change someone rolled back that still shows.
"""

from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.db.models import F
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from factories import CategoryFactory, ServiceTypeFactory, UserFactory
from factories.policies import PolicyDocumentFactory, PolicyVersionFactory, version_in_force

from complaints.models import ComplaintCategory
from policies import reference
from policies.models import (
    REFERENCE_REVISION_PK,
    AssociationProfile,
    Closure,
    HolidayOverride,
    PolicyParameters,
    ReferenceRevision,
)
from policies.roles import Role
from policies.selectors import (
    association_profile,
    categories_for_filters,
    policy_parameters,
    response_due_date,
    versions_awaiting_signoff,
)
from policies.services import closure_create, policy_parameters_update
from policies.working_days import OfficialHoliday

# A Sunday; ten working days later is Sunday 24 January 2027 with no closure.
COMPLETED_ON = date(2027, 1, 10)


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN)


def token() -> str:
    return ReferenceRevision.objects.get(pk=REFERENCE_REVISION_PK).token


def queries_on(table: str, captured) -> int:
    return sum(f'"{table}"' in query["sql"] or f" {table} " in query["sql"] for query in captured.captured_queries)


def in_request(view):
    """Runs ``view`` inside the middleware that scopes the revision to one request."""
    return reference.reference_scope_middleware(lambda request: view(request) or HttpResponse())(
        RequestFactory().get("/")
    )


def test_a_closure_announced_after_a_deadline_was_computed_moves_the_next_one(admin_user):
    before = response_due_date(completed_on=COMPLETED_ON)

    closure_create(actor=admin_user, name="جرد سنوي", start_date=date(2027, 1, 17), end_date=date(2027, 1, 21))

    assert response_due_date(completed_on=COMPLETED_ON) > before


def test_an_edit_to_the_parameters_shows_on_the_next_read(admin_user):
    days = policy_parameters().response_deadline_working_days

    policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": days + 5})

    assert policy_parameters().response_deadline_working_days == days + 5


def test_a_second_read_under_the_same_revision_does_not_query_the_table(db):
    policy_parameters()

    with CaptureQueriesContext(connection) as captured:
        policy_parameters()

    assert queries_on("policies_policyparameters", captured) == 0


def test_each_caller_gets_parameters_of_their_own(db):
    mine = policy_parameters()
    mine.channels.append("carrier_pigeon")
    mine.response_deadline_working_days = 99

    fresh = policy_parameters()

    assert "carrier_pigeon" not in fresh.channels
    assert fresh.response_deadline_working_days != 99


def test_each_caller_gets_an_association_profile_of_their_own(db):
    AssociationProfile.objects.create(name="جمعية البر")
    association_profile().name = "changed by one caller"

    assert association_profile().name == "جمعية البر"


def test_without_the_revision_row_every_read_goes_to_the_table(db):
    ReferenceRevision.objects.all().delete()
    policy_parameters()

    with CaptureQueriesContext(connection) as captured:
        policy_parameters()

    assert queries_on("policies_policyparameters", captured) == 1


def test_a_flush_puts_the_revision_row_back_with_a_new_token(db):
    old = token()
    ReferenceRevision.objects.all().delete()

    reference.ensure_revision_row(using="default")

    assert token() != old


def test_a_request_reads_the_revision_once_however_much_reference_data_it_reads(db):
    def view(request):
        for _time in range(3):
            policy_parameters()
            association_profile()
            categories_for_filters()

    with CaptureQueriesContext(connection) as captured:
        in_request(view)

    assert queries_on("policies_referencerevision", captured) == 1


def test_a_request_that_changes_the_parameters_reads_its_own_change(admin_user):
    seen = []

    def view(request):
        seen.append(policy_parameters().response_deadline_working_days)
        policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": seen[0] + 3})
        seen.append(policy_parameters().response_deadline_working_days)

    in_request(view)

    assert seen[1] == seen[0] + 3


def test_a_new_category_is_in_the_list_filter_at_once(db):
    categories_for_filters()

    added = CategoryFactory(name="أسر السجناء")

    assert added in categories_for_filters()


def test_a_new_service_is_in_the_queue_filter_at_once(db):
    from requests_app.forms import QueueFilterForm

    str(QueueFilterForm()["service_type"])

    ServiceTypeFactory(name="سلة رمضان")

    assert "سلة رمضان" in str(QueueFilterForm()["service_type"])


def test_the_queue_filter_draws_its_services_without_a_query_once_kept(db):
    from requests_app.forms import QueueFilterForm

    ServiceTypeFactory(name="سلة رمضان")
    str(QueueFilterForm()["service_type"])

    with CaptureQueriesContext(connection) as captured:
        drawn = str(QueueFilterForm()["service_type"])

    assert "سلة رمضان" in drawn
    assert queries_on("requests_app_servicetype", captured) == 0


def test_the_banner_asks_no_sign_off_query_when_no_policy_asks_the_role_to_sign(db):
    reception = UserFactory(role=Role.RECEPTION)
    versions_awaiting_signoff(user=reception)

    with CaptureQueriesContext(connection) as captured:
        assert versions_awaiting_signoff(user=reception) == []

    assert queries_on("policies_policysignoff", captured) == 0


def test_a_policy_put_in_force_shows_in_the_banner_at_once(admin_user):
    reception = UserFactory(role=Role.RECEPTION)
    assert versions_awaiting_signoff(user=reception) == []

    version = version_in_force(actor=admin_user, requires_signoff=True)

    assert [shown.pk for shown in versions_awaiting_signoff(user=reception)] == [version.pk]


# --- The triggers: every way of writing a watched table gives a new token ---------------------


def _closure():
    return Closure.objects.create(name="إغلاق", start_date=date(2027, 2, 1), end_date=date(2027, 2, 2))


def _holiday_override():
    return HolidayOverride.objects.create(
        holiday=OfficialHoliday.NATIONAL_DAY, year=2027, start_date=date(2027, 9, 23), end_date=date(2027, 9, 23)
    )


WATCHED = {
    "association profile": lambda: AssociationProfile.objects.create(name="جمعية"),
    "parameters": lambda: PolicyParameters.objects.get_or_create(pk=1)[0],
    "announced holiday": _holiday_override,
    "closure": _closure,
    "policy document": PolicyDocumentFactory,
    "policy version": PolicyVersionFactory,
    "beneficiary category": CategoryFactory,
    "complaint category": lambda: ComplaintCategory.objects.create(code="reference-test", name="فئة للاختبار"),
    "service type": ServiceTypeFactory,
}


@pytest.mark.parametrize("kind", list(WATCHED))
def test_inserting_a_watched_row_gives_a_new_token(db, kind):
    PolicyParameters.objects.all().delete()  # so that the parameters' row is inserted too
    before = token()

    WATCHED[kind]()

    assert token() != before


@pytest.mark.parametrize("kind", list(WATCHED))
def test_a_bulk_update_of_a_watched_table_gives_a_new_token(db, kind):
    row = WATCHED[kind]()
    before = token()

    type(row).objects.filter(pk=row.pk).update(id=F("id"))

    assert token() != before


@pytest.mark.parametrize(
    "kind", ["closure", "beneficiary category", "complaint category", "announced holiday", "service type"]
)
def test_deleting_a_watched_row_gives_a_new_token(db, kind):
    row = WATCHED[kind]()
    before = token()

    row.delete()

    assert token() != before


# --- Across transactions and connections --------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_is_never_served():
    # Transactional tests run after the others, on a flushed database: no role groups, so no role.
    admin_user = UserFactory()
    original = policy_parameters().response_deadline_working_days

    with pytest.raises(RuntimeError), transaction.atomic():
        policy_parameters_update(actor=admin_user, data={"response_deadline_working_days": original + 7})
        # Read (and kept) inside the transaction, under a token that is then rolled back.
        assert policy_parameters().response_deadline_working_days == original + 7
        raise RuntimeError("the caller gives up")

    assert policy_parameters().response_deadline_working_days == original


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_by_another_connection_is_seen_by_the_next_read():
    PolicyParameters.objects.get_or_create(pk=1)
    original = policy_parameters().response_deadline_working_days
    # A connection of its own to the same database, as another process would have.
    other = type(connections["default"])(dict(connection.settings_dict), alias="default")
    try:
        with other.cursor() as cursor:
            # Raw SQL, as another process or a database client would write it: no Django code runs.
            cursor.execute(
                "UPDATE policies_policyparameters SET response_deadline_working_days = %s WHERE id = 1",
                [original + 9],
            )
        if not other.get_autocommit():
            other.commit()
    finally:
        other.close()

    assert policy_parameters().response_deadline_working_days == original + 9


@pytest.mark.django_db(transaction=True)
def test_the_revision_row_survives_a_flush_between_transactional_tests():
    # The previous transactional test's flush emptied the table; post_migrate puts the row back.
    assert ReferenceRevision.objects.filter(pk=REFERENCE_REVISION_PK).exists()
