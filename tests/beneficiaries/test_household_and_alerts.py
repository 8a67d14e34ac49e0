"""The household (R1) and the alerts a record shows: expired identity, data due for re-verification (R2, R4)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import HouseholdMember
from beneficiaries.selectors import beneficiary_reverification_due
from policies.services import policy_parameters_update


@pytest.fixture
def desk(client, reception):
    client.force_login(reception)
    return client


def add_member(desk, beneficiary, **overrides):
    data = {
        "full_name": "ليلى أحمد الشهري",
        "relation": "daughter",
        "gender": "female",
        "identity_number": "",
        "birth_date": "2012-03-01",
        "monthly_income": "0",
        "health_notes": "",
    }
    data.update(overrides)
    return desk.post(reverse("beneficiaries:household_add", args=[beneficiary.pk]), data)


def test_reception_adds_a_household_member(desk, beneficiary, reception):
    response = add_member(desk, beneficiary)
    assert response.status_code == 302
    member = beneficiary.household_members.get()
    assert member.full_name == "ليلى أحمد الشهري"
    assert member.history.latest().history_user == reception


def test_a_household_member_with_an_invalid_saudi_id_is_refused(desk, beneficiary):
    response = add_member(desk, beneficiary, identity_number="1000000009")
    assert response.status_code == 200
    assert response.context["form"].errors["identity_number"]
    assert not HouseholdMember.objects.exists()


def test_a_household_member_id_in_arabic_digits_is_stored_in_ascii(desk, beneficiary):
    add_member(desk, beneficiary, identity_number="١٠٠٠٠٠٠٠٠٨")
    assert beneficiary.household_members.get().identity_number == "1000000008"


def test_a_household_member_born_tomorrow_is_refused(frozen_today, desk, beneficiary, page_shows):
    response = add_member(desk, beneficiary, birth_date="2026-11-24")
    assert response.status_code == 200
    assert page_shows(response, _("The birth date cannot be in the future."))
    assert not HouseholdMember.objects.exists()


def test_the_record_shows_the_expired_identity_alert_the_day_after_expiry(frozen_today, desk, beneficiary, page_shows):
    beneficiary.identity_expiry_date = date(2026, 11, 22)
    beneficiary.save()
    response = desk.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert page_shows(response, _("Identity document expired"))


def test_the_record_shows_no_expired_identity_alert_on_the_expiry_day(frozen_today, desk, beneficiary, page_shows):
    beneficiary.identity_expiry_date = date(2026, 11, 23)
    beneficiary.save()
    response = desk.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert not page_shows(response, _("Identity document expired"))


def test_a_record_verified_more_than_twelve_months_ago_asks_for_re_verification(
    frozen_today, desk, beneficiary, page_shows
):
    beneficiary.last_verified_at = timezone.now() - timedelta(days=366)
    beneficiary.save()
    response = desk.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert page_shows(response, _("Data due for re-verification"))


def test_a_record_verified_eleven_months_ago_does_not_ask_for_re_verification(
    frozen_today, desk, beneficiary, page_shows
):
    beneficiary.last_verified_at = timezone.now() - timedelta(days=335)
    beneficiary.save()
    response = desk.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert not page_shows(response, _("Data due for re-verification"))


def test_re_verifying_removes_the_re_verification_alert(frozen_today, desk, beneficiary, page_shows):
    beneficiary.last_verified_at = timezone.now() - timedelta(days=400)
    beneficiary.save()
    response = desk.post(reverse("beneficiaries:verify", args=[beneficiary.pk]), follow=True)
    assert page_shows(response, _("The data is recorded as verified today."))
    assert not page_shows(response, _("Data due for re-verification"))


def test_a_record_becomes_due_for_re_verification_as_time_passes(beneficiary):
    import time_machine

    verified = timezone.now()
    beneficiary.last_verified_at = verified
    with time_machine.travel(verified + timedelta(days=364), tick=False):
        assert not beneficiary_reverification_due(beneficiary=beneficiary)
    with time_machine.travel(verified + timedelta(days=366), tick=False):
        assert beneficiary_reverification_due(beneficiary=beneficiary)


def test_the_re_verification_period_follows_the_admins_parameter(beneficiary, admin_user):
    import time_machine

    verified = timezone.now()
    beneficiary.last_verified_at = verified
    policy_parameters_update(actor=admin_user, data={"reverification_days": 180})
    with time_machine.travel(verified + timedelta(days=200), tick=False):
        assert beneficiary_reverification_due(beneficiary=beneficiary)
