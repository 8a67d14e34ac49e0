"""Archived records past the retention period are anonymised by a command, listed first by --dry-run."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from factories import BeneficiaryFactory
from factories.requests import advance_request, make_support_request

from beneficiaries.models import Beneficiary, BeneficiaryStatus
from policies.selectors import policy_parameters
from policies.services import policy_parameters_update
from requests_app.models import RequestStatus

LONG_AGO = datetime(2012, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Riyadh"))


@pytest.fixture
def old_archived(category):
    with time_machine.travel(LONG_AGO, tick=False):
        return BeneficiaryFactory(category=category, status=BeneficiaryStatus.ARCHIVED, first_name="قديم")


@pytest.fixture
def old_active(category):
    with time_machine.travel(LONG_AGO, tick=False):
        return BeneficiaryFactory(category=category, first_name="قديم")


def run(*args) -> str:
    out = StringIO()
    call_command("anonymise_expired_records", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_lists_the_record_and_changes_nothing(old_archived):
    output = run("--dry-run")
    assert f"would anonymise #{old_archived.pk}" in output
    old_archived.refresh_from_db()
    assert old_archived.anonymised_at is None
    assert old_archived.first_name == "قديم"


def test_the_run_anonymises_the_record_past_the_retention_period(old_archived):
    output = run()
    assert f"anonymised #{old_archived.pk}" in output
    old_archived.refresh_from_db()
    assert old_archived.anonymised_at is not None
    assert old_archived.first_name != "قديم"


def test_an_active_record_is_never_a_candidate(category):
    with time_machine.travel(LONG_AGO, tick=False):
        active = BeneficiaryFactory(category=category)
    run()
    active.refresh_from_db()
    assert active.anonymised_at is None


def test_a_recent_archived_record_is_kept(category):
    recent = BeneficiaryFactory(category=category, status=BeneficiaryStatus.ARCHIVED)
    assert f"#{recent.pk}" not in run()
    recent.refresh_from_db()
    assert recent.anonymised_at is None


def test_a_recent_request_keeps_an_old_record_and_the_reason_is_listed(old_active, reception):
    request = make_support_request(actor=reception, beneficiary=old_active)
    advance_request(request, RequestStatus.WITHDRAWN)
    Beneficiary.objects.filter(pk=old_active.pk).update(status=BeneficiaryStatus.ARCHIVED, updated_at=LONG_AGO)
    old_archived = old_active
    output = run()
    assert f"kept #{old_archived.pk}" in output
    old_archived.refresh_from_db()
    assert old_archived.anonymised_at is None


def test_a_longer_retention_period_in_the_parameters_keeps_the_record(old_archived, admin_user):
    policy_parameters_update(actor=admin_user, data={"retention_years": 30})
    run()
    old_archived.refresh_from_db()
    assert old_archived.anonymised_at is None


def test_the_retention_period_is_a_policy_parameter_with_a_default_of_ten_years():
    assert policy_parameters().retention_years == 10
