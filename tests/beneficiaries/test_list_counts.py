"""The list's count stops early on a large registry: exact below the limit, "more than" above it."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import BeneficiaryFactory

LIST_URL = reverse("beneficiaries:list")


@pytest.fixture
def thirty(category):
    return BeneficiaryFactory.create_batch(30, category=category)


@pytest.fixture
def count_limit(monkeypatch):
    monkeypatch.setattr("policies.pagination.COUNT_LIMIT", 12)
    return 12


def listing(client, user, **params):
    client.force_login(user)
    response = client.get(LIST_URL, {"per_page": 10, **params})
    assert response.status_code == 200
    return response


def test_a_registry_below_the_limit_shows_its_exact_count_and_last_page(client, reception, thirty, page_shows):
    response = listing(client, reception)
    assert page_shows(response, _("Page %(number)s of %(total)s"), number=1, total=3)
    assert "30" in response.content.decode().split('id="list-count"')[1].split("</p>")[0]


def test_a_registry_above_the_limit_says_more_than_the_limit(client, reception, thirty, count_limit, page_shows):
    response = listing(client, reception)
    assert page_shows(response, _("More than %(number)s records: search or filter to narrow them."), number=12)
    assert not page_shows(response, _("Page %(number)s of %(total)s"), number=1, total=2)
    assert page_shows(response, _("Page %(number)s"), number=1)


def test_a_capped_list_still_offers_the_next_page(client, reception, thirty, count_limit):
    response = listing(client, reception)
    assert response.context["page"].has_next()
    assert len(response.context["page"].object_list) == 10


def test_a_page_deeper_than_the_limit_is_still_served(client, reception, thirty, count_limit, page_shows):
    response = listing(client, reception, page=3)
    page = response.context["page"]
    assert page.number == 3
    assert len(page.object_list) == 10
    assert page_shows(response, _("Page %(number)s of %(total)s"), number=3, total=3)


def test_a_filter_that_narrows_below_the_limit_shows_the_exact_count(client, reception, thirty, count_limit):
    BeneficiaryFactory(category=thirty[0].category, first_name="فريدة", family_name="الوحيدة")
    response = listing(client, reception, q="الوحيدة")
    assert response.context["page"].paginator.count == 1
    assert not response.context["page"].paginator.is_capped


def test_a_page_number_that_is_not_a_number_shows_the_first_page(client, reception, thirty, count_limit):
    assert listing(client, reception, page="two").context["page"].number == 1


def test_a_page_number_past_the_end_shows_the_last_page(client, reception, thirty, count_limit):
    page = listing(client, reception, page=999).context["page"]
    assert page.number == 3
    assert not page.has_next()


def test_a_page_number_too_large_for_the_database_shows_the_last_page(client, reception, thirty):
    page = listing(client, reception, page="9" * 30).context["page"]
    assert page.number == 3
