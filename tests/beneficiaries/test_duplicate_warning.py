"""The same person typed in again with another spelling is caught before a second record exists (R1)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import BeneficiaryFactory, saudi_identity_number

from beneficiaries.models import Beneficiary

CREATE_URL = reverse("beneficiaries:create")


@pytest.fixture
def desk(client, reception):
    client.force_login(reception)
    return client


@pytest.fixture
def existing(category):
    """Registered earlier as "عبد الله أحمد إبراهيم الشهرى" (two-word Abdullah, hamzas, alef maqsura)."""
    return BeneficiaryFactory(
        category=category,
        first_name="عبد الله",
        father_name="أحمد",
        grandfather_name="إبراهيم",
        family_name="الشهرى",
        birth_date=date(1985, 3, 14),
        identity_number=saudi_identity_number("1", 44_000_001),
    )


@pytest.fixture
def variant_spelling(registration_form):
    """The same person typed again: "عبدالله احمد ابراهيم الشهري", same birth date, another ID."""
    return registration_form(
        first_name="عبدالله",
        father_name="احمد",
        grandfather_name="ابراهيم",
        family_name="الشهري",
        birth_date="1985-03-14",
        identity_number=saudi_identity_number("1", 44_000_002),
    )


def test_a_variant_spelling_with_the_same_birth_date_is_not_saved(desk, existing, variant_spelling):
    response = desk.post(CREATE_URL, variant_spelling)
    assert response.status_code == 200
    assert list(Beneficiary.objects.all()) == [existing]


def test_a_variant_spelling_shows_the_duplicate_warning_message(desk, existing, variant_spelling, page_shows):
    response = desk.post(CREATE_URL, variant_spelling)
    assert page_shows(response, _("A record with the same name and birth date exists. Is this the same person?"))
    assert 'id="duplicate-warning"' in response.content.decode()


def test_the_duplicate_warning_links_to_the_existing_record(desk, existing, variant_spelling):
    response = desk.post(CREATE_URL, variant_spelling)
    html = response.content.decode()
    warning = html[html.index('id="duplicate-warning"') :]
    assert f'href="{reverse("beneficiaries:detail", args=[existing.pk])}"' in warning
    assert existing.identity_number in warning


def test_the_duplicate_warning_offers_the_confirmation_checkbox(desk, existing, variant_spelling):
    response = desk.post(CREATE_URL, variant_spelling)
    assert 'type="checkbox" name="confirm_not_duplicate"' in response.content.decode()


def test_the_form_without_a_possible_duplicate_hides_the_confirmation(desk):
    response = desk.get(CREATE_URL)
    assert 'type="hidden" name="confirm_not_duplicate"' in response.content.decode()


def test_ticking_confirm_not_duplicate_saves_the_second_record(desk, existing, variant_spelling):
    response = desk.post(CREATE_URL, {**variant_spelling, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 2


def test_diacritics_and_tatweel_do_not_hide_a_duplicate(desk, existing, variant_spelling):
    response = desk.post(CREATE_URL, {**variant_spelling, "first_name": "عَبْدُ الـلّـه"})
    assert response.status_code == 200
    assert Beneficiary.objects.count() == 1


def test_the_same_name_with_another_birth_date_is_saved_without_a_warning(desk, existing, variant_spelling):
    response = desk.post(CREATE_URL, {**variant_spelling, "birth_date": "1986-03-14"})
    assert response.status_code == 302
    assert Beneficiary.objects.count() == 2


def test_taa_marbuta_spelled_with_haa_is_caught_as_a_duplicate(desk, registration_form, category):
    BeneficiaryFactory(
        category=category,
        first_name="فاطمة",
        father_name="علي",
        grandfather_name="موسى",
        family_name="الزهراني",
        birth_date=date(1979, 8, 1),
    )
    response = desk.post(
        CREATE_URL,
        registration_form(
            first_name="فاطمه",
            father_name="علي",
            grandfather_name="موسي",
            family_name="الزهراني",
            gender="female",
            birth_date="1979-08-01",
        ),
    )
    assert response.status_code == 200
    assert Beneficiary.objects.count() == 1
