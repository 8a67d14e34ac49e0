"""Searching an Arabic name fragment is a query the trigram index can serve (issue 11)."""

import pytest
from django.db import connection
from factories import BeneficiaryFactory

from beneficiaries.selectors import beneficiary_list

pytestmark = pytest.mark.django_db


def test_an_arabic_fragment_finds_the_names_that_contain_it(reception):
    wanted = BeneficiaryFactory(family_name="الغامدي")
    BeneficiaryFactory(family_name="الشمري")
    assert list(beneficiary_list(user=reception, query="غامد")) == [wanted]


def test_an_arabic_fragment_is_not_compared_with_english_names_or_id_numbers(reception):
    BeneficiaryFactory(family_name="الشمري", name_en="Ghamdi")
    assert not beneficiary_list(user=reception, query="غامد").exists()


def test_punctuation_alone_finds_nobody(reception):
    BeneficiaryFactory()
    assert not beneficiary_list(user=reception, query="؟").exists()


@pytest.mark.postgres_only
def test_on_postgresql_the_fragment_search_uses_the_trigram_index(reception):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index exists on PostgreSQL only")
    BeneficiaryFactory.create_batch(5)
    with connection.cursor() as cursor:
        # A handful of rows: tell the planner that neither a scan of the table nor a walk along the
        # newest-first index (then filtering every row) is an option, whatever its statistics say.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = beneficiary_list(user=reception, query="غامد").explain()
    assert "beneficiary_name_trgm_idx" in plan
