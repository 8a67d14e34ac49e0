"""Registering a beneficiary at the reception desk: good input saves, bad input comes back explained (R1)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from factories import BeneficiaryFactory, saudi_identity_number

from beneficiaries import services
from beneficiaries.models import Beneficiary

CREATE_URL = reverse("beneficiaries:create")


@pytest.fixture
def desk(client, reception):
    client.force_login(reception)
    return client


def field_errors(response, field: str) -> list[str]:
    return response.context["form"].errors.get(field, [])


def shows_field_errors(response, field: str) -> bool:
    errors = field_errors(response, field)
    html = response.content.decode()
    return bool(errors) and all(escape(error) in html for error in errors)


def test_the_registration_form_opens_for_reception(desk):
    response = desk.get(CREATE_URL)
    assert response.status_code == 200
    assert 'name="identity_number"' in response.content.decode()


def test_reception_registers_a_beneficiary_and_lands_on_the_record(desk, registration_form):
    response = desk.post(CREATE_URL, registration_form())
    beneficiary = Beneficiary.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("beneficiaries:detail", args=[beneficiary.pk])


def test_the_registered_record_shows_a_success_message_with_the_name(desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(), follow=True)
    assert page_shows(response, _("%(name)s is registered."), name="عبدالله أحمد إبراهيم الشهري")


def test_the_registering_staff_member_is_recorded_as_registrar_and_verifier(desk, registration_form, reception):
    desk.post(CREATE_URL, registration_form())
    beneficiary = Beneficiary.objects.get()
    assert beneficiary.registered_by == reception
    assert beneficiary.verified_by == reception
    assert beneficiary.last_verified_at is not None


def test_a_mobile_typed_in_local_form_is_stored_in_international_form(desk, registration_form):
    desk.post(CREATE_URL, registration_form(mobile="050-123-4567"))
    assert Beneficiary.objects.get().mobile == "+966501234567"


def test_a_mobile_typed_in_arabic_digits_is_stored_in_international_form(desk, registration_form):
    desk.post(CREATE_URL, registration_form(mobile="٠٥٠١٢٣٤٥٦٧"))
    assert Beneficiary.objects.get().mobile == "+966501234567"


@pytest.mark.parametrize("typed", ["00966501234567", "+966 50 123 4567", "+966-50-123-4567"])
def test_a_mobile_typed_in_long_international_form_is_accepted_by_the_registration_form(desk, registration_form, typed):
    # These forms are longer than the 13 characters the stored form needs.
    response = desk.post(CREATE_URL, registration_form(mobile=typed))
    assert response.status_code == 302, field_errors(response, "mobile")
    assert Beneficiary.objects.get().mobile == "+966501234567"


def test_an_identity_number_typed_in_arabic_digits_is_stored_in_ascii(desk, registration_form):
    desk.post(CREATE_URL, registration_form(identity_number="١٠٠٠٠٠٠٠٠٨"))
    assert Beneficiary.objects.get().identity_number == "1000000008"


def test_the_folded_name_is_stored_for_search_and_duplicates(desk, registration_form):
    desk.post(CREATE_URL, registration_form(first_name="عبد الله", father_name="أحمد"))
    assert Beneficiary.objects.get().full_name_normalized == "عبدالله احمد ابراهيم الشهري"


def test_the_category_contact_officer_is_assigned_when_none_is_chosen(desk, registration_form, contact_officer):
    desk.post(CREATE_URL, registration_form())
    assert Beneficiary.objects.get().contact_officer == contact_officer


def test_an_identity_number_with_a_wrong_check_digit_is_refused_on_the_field(desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(identity_number="1000000009"))
    assert response.status_code == 200
    assert page_shows(
        response,
        _("This identity number is not valid: its check digit does not match. Check it against the card."),
    )
    assert shows_field_errors(response, "identity_number")
    assert not Beneficiary.objects.exists()


def test_the_refused_identity_number_stays_in_the_form_as_typed(desk, registration_form):
    response = desk.post(CREATE_URL, registration_form(identity_number="1000000009"))
    assert 'value="1000000009"' in response.content.decode()


def test_what_was_typed_stays_in_the_form_after_a_refusal(desk, registration_form):
    response = desk.post(CREATE_URL, registration_form(identity_number="1000000009"))
    html = response.content.decode()
    for typed in ("عبدالله", "أحمد", "إبراهيم", "الشهري", "Abdullah Ahmed Alshehri", "0501234567", "1985-03-14"):
        assert f'value="{typed}"' in html
    assert "شارع الأمير سعود" in html


def test_an_iqama_type_with_a_national_id_number_is_refused(desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(identity_type="iqama", identity_number="1000000008"))
    assert response.status_code == 200
    assert page_shows(response, _("An iqama number starts with 2."))
    assert not Beneficiary.objects.exists()


def test_a_national_id_starting_with_2_is_refused(desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(identity_number=saudi_identity_number("2", 123)))
    assert response.status_code == 200
    assert page_shows(response, _("A Saudi national ID starts with 1."))
    assert not Beneficiary.objects.exists()


def test_an_identity_number_with_letters_is_refused(desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(identity_number="10000000O8"))
    assert response.status_code == 200
    assert page_shows(response, _("The identity number must contain digits only."))
    assert not Beneficiary.objects.exists()


def test_an_identity_number_of_nine_digits_is_refused_with_the_count(desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(identity_number="100000000"))
    assert response.status_code == 200
    assert page_shows(response, _("The identity number must be exactly 10 digits (you entered %(count)d)."), count=9)
    assert not Beneficiary.objects.exists()


def test_an_unknown_identity_type_is_refused_without_an_error_page(desk, registration_form):
    response = desk.post(CREATE_URL, registration_form(identity_type="driving_licence"))
    assert response.status_code == 200
    assert shows_field_errors(response, "identity_type")
    assert not Beneficiary.objects.exists()


def test_a_landline_number_is_refused_with_a_message(desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(mobile="0112345678"))
    assert response.status_code == 200
    assert page_shows(response, _("Enter a Saudi mobile number such as 0501234567 or +966501234567."))
    assert 'value="0112345678"' in response.content.decode()
    assert not Beneficiary.objects.exists()


def test_a_foreign_mobile_number_is_refused(desk, registration_form):
    response = desk.post(CREATE_URL, registration_form(mobile="+971501234567"))
    assert response.status_code == 200
    assert shows_field_errors(response, "mobile")
    assert not Beneficiary.objects.exists()


@pytest.mark.parametrize(
    "field", ["first_name", "father_name", "grandfather_name", "family_name", "birth_date", "mobile", "city"]
)
def test_a_missing_required_field_is_reported_on_that_field(desk, registration_form, page_shows, field):
    response = desk.post(CREATE_URL, registration_form(**{field: ""}))
    assert response.status_code == 200
    assert field_errors(response, field)
    assert page_shows(response, _("This field is required."))
    assert not Beneficiary.objects.exists()


def test_an_empty_form_is_refused_without_an_error_page(desk):
    response = desk.post(CREATE_URL, {})
    assert response.status_code == 200
    assert field_errors(response, "identity_number")
    assert field_errors(response, "category")
    assert not Beneficiary.objects.exists()


def test_a_birth_date_in_the_future_is_refused(frozen_today, desk, registration_form, page_shows):
    response = desk.post(CREATE_URL, registration_form(birth_date="2026-11-24"))
    assert response.status_code == 200
    assert page_shows(response, _("The birth date cannot be in the future."))
    assert 'value="2026-11-24"' in response.content.decode()
    assert not Beneficiary.objects.exists()


def test_a_baby_born_today_can_be_registered(frozen_today, desk, registration_form):
    response = desk.post(CREATE_URL, registration_form(birth_date="2026-11-23"))
    assert response.status_code == 302
    assert Beneficiary.objects.get().birth_date == date(2026, 11, 23)


def test_an_impossible_birth_date_is_refused(desk, registration_form):
    response = desk.post(CREATE_URL, registration_form(birth_date="1985-02-30"))
    assert response.status_code == 200
    assert field_errors(response, "birth_date")
    assert not Beneficiary.objects.exists()


def test_a_negative_income_is_refused(desk, registration_form):
    response = desk.post(CREATE_URL, registration_form(monthly_income="-100"))
    assert response.status_code == 200
    assert not Beneficiary.objects.exists()


def test_an_inactive_category_cannot_be_chosen(desk, registration_form, category):
    category.is_active = False
    category.save()
    response = desk.post(CREATE_URL, registration_form())
    assert response.status_code == 200
    assert field_errors(response, "category")
    assert not Beneficiary.objects.exists()


def test_an_identity_number_already_registered_is_refused_on_the_field(desk, registration_form, beneficiary):
    response = desk.post(CREATE_URL, registration_form(identity_number=beneficiary.identity_number))
    assert response.status_code == 200
    assert shows_field_errors(response, "identity_number")
    assert Beneficiary.objects.count() == 1


def test_an_already_registered_number_typed_in_arabic_digits_is_refused(desk, registration_form, beneficiary):
    response = desk.post(CREATE_URL, registration_form(identity_number="١٠٠٠ ٠٠٠ ٠٠٨"))
    assert response.status_code == 200
    assert shows_field_errors(response, "identity_number")
    assert Beneficiary.objects.count() == 1


def test_the_database_refuses_a_second_record_with_the_same_identity_number(beneficiary):
    twin = BeneficiaryFactory.build(category=beneficiary.category, identity_number=beneficiary.identity_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_database_refuses_a_mobile_that_is_not_normalised(category):
    record = BeneficiaryFactory.build(category=category, mobile="0501234567")
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()


def test_two_desks_registering_the_same_person_at_once_get_a_field_error_not_a_crash(
    beneficiary, reception, monkeypatch
):
    # Both desks passed the unique check before either saved: only the constraint sees the clash.
    monkeypatch.setattr(Beneficiary, "validate_unique", lambda self, exclude=None: None)
    data = {
        "identity_type": "national_id",
        "identity_number": beneficiary.identity_number,
        "first_name": "سعد",
        "father_name": "فهد",
        "grandfather_name": "ناصر",
        "family_name": "العتيبي",
        "gender": "male",
        "birth_date": date(1990, 1, 1),
        "nationality": "سعودي",
        "marital_status": "single",
        "mobile": "0559998877",
        "city": "جدة",
        "category": beneficiary.category,
        "monthly_income": Decimal("0"),
        "monthly_expenses": Decimal("0"),
    }
    with pytest.raises(services.ValidationError) as refused:
        services.beneficiary_register(actor=reception, data=data)
    assert "identity_number" in refused.value.message_dict
    assert Beneficiary.objects.count() == 1
