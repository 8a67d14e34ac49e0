"""The reception list: search by ID, mobile or any spelling of the name, within what the user may see."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories import BeneficiaryFactory, DocumentFactory, DocumentTypeFactory, saudi_identity_number

LIST_URL = reverse("beneficiaries:list")


def names_listed(response) -> list[str]:
    return [b.full_name for b in response.context["page"].object_list]


def search(client, user, **params):
    client.force_login(user)
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return response


@pytest.fixture
def salem(category):
    return BeneficiaryFactory(
        category=category,
        first_name="سالم",
        father_name="أحمد",
        grandfather_name="سعيد",
        family_name="القرني",
        identity_number=saudi_identity_number("1", 55_123_456),
        mobile="+966551234567",
    )


@pytest.fixture
def huda(category):
    return BeneficiaryFactory(
        category=category,
        first_name="هدى",
        father_name="عبد الله",
        grandfather_name="فهد",
        family_name="العمري",
        identity_type="iqama",
        identity_number=saudi_identity_number("2", 66_000_111),
        mobile="+966562223344",
    )


def test_searching_a_full_identity_number_finds_that_beneficiary_only(client, reception, salem, huda):
    response = search(client, reception, q=salem.identity_number)
    assert names_listed(response) == [salem.full_name]
    assert salem.full_name in response.content.decode()
    assert huda.full_name not in response.content.decode()


def test_searching_an_identity_number_in_arabic_digits_finds_the_beneficiary(client, reception, salem, huda):
    arabic = salem.identity_number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert names_listed(search(client, reception, q=arabic)) == [salem.full_name]


def test_searching_a_mobile_in_local_05_form_finds_the_beneficiary(client, reception, salem, huda):
    assert names_listed(search(client, reception, q="0551234567")) == [salem.full_name]


def test_searching_a_mobile_with_spaces_finds_the_beneficiary(client, reception, salem, huda):
    assert names_listed(search(client, reception, q="055 123 4567")) == [salem.full_name]


def test_searching_a_mobile_in_international_form_finds_the_beneficiary(client, reception, salem, huda):
    assert names_listed(search(client, reception, q="+966551234567")) == [salem.full_name]


def test_a_name_stored_with_hamza_is_found_without_it(client, reception, salem, huda):
    # Stored "أحمد", typed "احمد".
    assert names_listed(search(client, reception, q="احمد")) == [salem.full_name]


def test_a_name_stored_without_hamza_is_found_with_it(client, reception, category, huda):
    plain = BeneficiaryFactory(category=category, first_name="ابراهيم", family_name="الحارثي")
    assert names_listed(search(client, reception, q="إبراهيم")) == [plain.full_name]


def test_abdullah_written_as_one_word_finds_abd_allah_written_as_two(client, reception, salem, huda):
    assert names_listed(search(client, reception, q="عبدالله")) == [huda.full_name]


def test_taa_marbuta_spelled_with_haa_finds_the_name(client, reception, category, huda):
    fatima = BeneficiaryFactory(category=category, first_name="فاطمة", family_name="المالكي")
    assert names_listed(search(client, reception, q="فاطمه")) == [fatima.full_name]


def test_two_parts_of_the_name_in_any_order_narrow_the_search(client, reception, salem, huda):
    assert names_listed(search(client, reception, q="القرني سالم")) == [salem.full_name]


def test_a_search_matching_nobody_shows_an_empty_list(client, reception, salem):
    response = search(client, reception, q="زكريا")
    assert names_listed(response) == []
    assert salem.full_name not in response.content.decode()


def test_a_contact_officer_sees_only_the_beneficiaries_of_their_categories(
    client, contact_officer, salem, other_category
):
    outsider = BeneficiaryFactory(category=other_category, first_name="سالم", family_name="البلوي")
    response = search(client, contact_officer)
    assert names_listed(response) == [salem.full_name]
    assert outsider.full_name not in response.content.decode()


def test_a_contact_officer_searching_a_shared_name_does_not_find_other_categories(
    client, contact_officer, salem, other_category
):
    outsider = BeneficiaryFactory(category=other_category, first_name="سالم", family_name="البلوي")
    response = search(client, contact_officer, q="سالم")
    assert names_listed(response) == [salem.full_name]
    assert outsider.full_name not in response.content.decode()


def test_a_contact_officer_searching_an_outside_identity_number_finds_nothing(
    client, contact_officer, salem, other_category
):
    outsider = BeneficiaryFactory(category=other_category)
    assert names_listed(search(client, contact_officer, q=outsider.identity_number)) == []


def test_a_beneficiary_assigned_directly_to_a_contact_officer_is_visible_to_them(
    client, contact_officer, other_category
):
    assigned = BeneficiaryFactory(category=other_category, contact_officer=contact_officer)
    assert names_listed(search(client, contact_officer)) == [assigned.full_name]


def test_a_contact_officer_cannot_open_a_record_outside_their_categories(client, contact_officer, other_category):
    outsider = BeneficiaryFactory(category=other_category)
    client.force_login(contact_officer)
    assert client.get(reverse("beneficiaries:detail", args=[outsider.pk])).status_code == 404


def test_the_category_filter_keeps_only_that_category(client, reception, salem, other_category):
    orphan = BeneficiaryFactory(category=other_category)
    assert names_listed(search(client, reception, category=other_category.pk)) == [orphan.full_name]


def test_a_nonsense_page_size_falls_back_to_the_default(client, reception, salem):
    response = search(client, reception, per_page="many")
    assert response.context["page"].paginator.per_page == 25


def test_the_page_size_is_kept_between_10_and_100(client, reception, salem):
    assert search(client, reception, per_page="5000").context["page"].paginator.per_page == 100
    assert search(client, reception, per_page="1").context["page"].paginator.per_page == 10


@pytest.fixture
def hundred_and_five(category, other_category):
    """105 beneficiaries in two categories, a fifth of them with an expired document."""
    records = BeneficiaryFactory.create_batch(60, category=category) + BeneficiaryFactory.create_batch(
        45, category=other_category
    )
    lease = DocumentTypeFactory(code="lease_contract", has_expiry=True)
    for record in records[::5]:
        DocumentFactory(beneficiary=record, document_type=lease, expiry_date=date(2020, 1, 1))
    return records


def queries_for_page(client, per_page: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST_URL, {"per_page": per_page})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == per_page
    return len(captured.captured_queries)


def test_the_list_runs_as_many_queries_for_100_rows_as_for_10(client, reception, hundred_and_five):
    client.force_login(reception)
    queries_for_page(client, 10)  # the first request warms per-process caches (content types)
    assert queries_for_page(client, 10) == queries_for_page(client, 100)


def test_the_list_page_needs_a_small_fixed_number_of_queries(client, reception, hundred_and_five):
    client.force_login(reception)
    queries_for_page(client, 10)
    # session, the user with their groups, the reference data's revision (the policy parameters,
    # the association profile, the policies to sign and the search form's categories are kept
    # between requests), the header's unread notifications and open letters-and-calls tasks (one
    # query), the count, the page, and which people on the page have an expired document. No
    # sign-off query: no policy in force asks reception to sign.
    assert queries_for_page(client, 100) == 7


def test_the_list_flags_a_beneficiary_with_an_expired_document(frozen_today, client, reception, salem, huda):
    lease = DocumentTypeFactory(code="lease_contract", has_expiry=True)
    DocumentFactory(beneficiary=salem, document_type=lease, expiry_date=date(2026, 11, 22))
    DocumentFactory(beneficiary=huda, document_type=lease, expiry_date=date(2026, 11, 23))
    flagged = {b.full_name: b.has_expired_documents for b in search(client, reception).context["page"].object_list}
    assert flagged == {salem.full_name: True, huda.full_name: False}


def test_needs_reverification_lists_records_not_verified_for_twelve_months(
    frozen_today, client, reception, salem, huda
):
    salem.last_verified_at = timezone.now() - timedelta(days=366)
    salem.save()
    huda.last_verified_at = timezone.now() - timedelta(days=364)
    huda.save()
    assert names_listed(search(client, reception, needs_reverification="on")) == [salem.full_name]


def test_needs_reverification_lists_records_never_verified(client, reception, salem, huda):
    huda.last_verified_at = None
    huda.save()
    assert names_listed(search(client, reception, needs_reverification="on")) == [huda.full_name]
