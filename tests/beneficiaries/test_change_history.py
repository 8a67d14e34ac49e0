"""Every change to a record is kept with who made it, and the record's page shows it (R35)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from factories import BeneficiaryFactory, ChangeRequestFactory, HouseholdMemberFactory

from beneficiaries import services
from beneficiaries.models import Beneficiary, HouseholdMember


@pytest.fixture
def desk(client, reception):
    client.force_login(reception)
    return client


@pytest.fixture
def edited(desk, beneficiary, edit_form):
    """Reception corrects the city from الرياض to جدة through the edit page."""
    response = desk.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), edit_form(beneficiary, city="جدة"))
    assert response.status_code == 302
    return beneficiary


def test_editing_a_record_through_the_edit_page_saves_the_change(edited):
    edited.refresh_from_db()
    assert edited.city == "جدة"


def test_editing_a_record_adds_a_history_row_by_the_staff_member(edited, reception):
    latest = edited.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == reception
    assert latest.city == "جدة"


def test_the_history_keeps_the_value_before_the_edit(edited):
    before, after = edited.history.order_by("-history_date", "-history_id")[1], edited.history.latest()
    assert (before.city, after.city) == ("الرياض", "جدة")


def test_the_record_page_shows_who_changed_what_from_what_to_what(edited, desk):
    html = desk.get(reverse("beneficiaries:detail", args=[edited.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert "نورة القحطاني" in history
    assert "<del>الرياض</del>" in history
    assert "<ins>جدة</ins>" in history


def test_the_record_page_names_the_changed_field(edited, desk):
    response = desk.get(reverse("beneficiaries:detail", args=[edited.pk]))
    html = response.content.decode()
    history = html[html.index('id="history"') :]
    with translation.override(response.headers["Content-Language"]):
        label = str(Beneficiary._meta.get_field("city").verbose_name)
    assert f"{escape(label)}: <del>" in history


def test_a_category_change_shows_the_category_names_not_their_numbers(
    desk, beneficiary, edit_form, other_category, category
):
    desk.post(
        reverse("beneficiaries:edit", args=[beneficiary.pk]),
        edit_form(beneficiary, category=str(other_category.pk)),
    )
    html = desk.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert f"<del>{category.name}</del>" in history
    assert f"<ins>{other_category.name}</ins>" in history


def test_a_correction_with_an_invalid_mobile_changes_nothing(desk, beneficiary, edit_form):
    rows = beneficiary.history.count()
    response = desk.post(
        reverse("beneficiaries:edit", args=[beneficiary.pk]), edit_form(beneficiary, mobile="0112345678")
    )
    assert response.status_code == 200
    beneficiary.refresh_from_db()
    assert beneficiary.mobile == "+966501112233"
    assert beneficiary.history.count() == rows


def test_the_edit_page_cannot_change_the_income(desk, beneficiary, edit_form):
    # The situation fields change only through a change request (R4).
    desk.post(
        reverse("beneficiaries:edit", args=[beneficiary.pk]),
        edit_form(beneficiary, monthly_income="99999", marital_status="single"),
    )
    beneficiary.refresh_from_db()
    assert beneficiary.monthly_income == 3000
    assert beneficiary.marital_status == "married"


def test_changing_the_identity_number_to_one_already_registered_is_refused(desk, beneficiary, edit_form, category):
    other = BeneficiaryFactory(category=category)
    response = desk.post(
        reverse("beneficiaries:edit", args=[beneficiary.pk]),
        edit_form(beneficiary, identity_number=other.identity_number),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["identity_number"]
    beneficiary.refresh_from_db()
    assert beneficiary.identity_number == "1000000008"


def test_marking_the_data_verified_records_the_staff_member_and_the_time(frozen_today, desk, beneficiary, reception):
    desk.post(reverse("beneficiaries:verify", args=[beneficiary.pk]))
    beneficiary.refresh_from_db()
    assert beneficiary.verified_by == reception
    assert beneficiary.last_verified_at == timezone.now()
    assert beneficiary.history.latest().history_user == reception


def test_removing_a_household_member_is_kept_in_the_history_with_the_staff_member(desk, beneficiary, reception):
    member = HouseholdMemberFactory(beneficiary=beneficiary, full_name="ليلى أحمد الشهري")
    desk.post(reverse("beneficiaries:household_remove", args=[beneficiary.pk, member.pk]))
    assert not HouseholdMember.objects.filter(pk=member.pk).exists()
    removal = HouseholdMember.history.filter(id=member.pk).latest()
    assert removal.history_type == "-"
    assert removal.history_user == reception


def test_the_record_page_shows_the_removed_household_member_in_the_history(desk, beneficiary):
    member = HouseholdMemberFactory(beneficiary=beneficiary, full_name="ليلى أحمد الشهري")
    desk.post(reverse("beneficiaries:household_remove", args=[beneficiary.pk, member.pk]))
    html = desk.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    assert "ليلى أحمد الشهري" in html[html.index('id="history"') :]


def test_the_history_shows_times_as_people_in_riyadh_read_them_not_raw_utc(
    frozen_today, desk, reception_colleague, beneficiary
):
    # Approving a change re-verifies the data; the history lists the old and new verification times.
    beneficiary.last_verified_at = timezone.now() - timedelta(days=400)
    beneficiary.save()
    change = ChangeRequestFactory(beneficiary=beneficiary)
    services.change_request_approve(actor=reception_colleague, change_request=change)
    html = desk.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    history = html[html.index('id="history"') : html.index('id="changes"')]
    assert "+00:00" not in history
    assert "07:30:00" not in history  # 10:30 in Riyadh is 07:30 UTC


def test_leaving_the_contact_officer_empty_on_the_edit_page_assigns_the_categorys_officer(
    desk, beneficiary, edit_form, other_category, other_contact_officer
):
    # The edit page's help text: "Leave empty to assign the category's contact officer."
    desk.post(
        reverse("beneficiaries:edit", args=[beneficiary.pk]),
        edit_form(beneficiary, category=str(other_category.pk), contact_officer=""),
    )
    beneficiary.refresh_from_db()
    assert beneficiary.category == other_category
    assert beneficiary.contact_officer == other_contact_officer
