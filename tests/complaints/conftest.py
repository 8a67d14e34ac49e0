import pytest
from django.core.cache import cache
from factories.complaints import ComplaintFactory, category

from policies.roles import Role


@pytest.fixture(autouse=True)
def empty_cache():
    """The public pages' rate limits count in the cache: each test starts with a full budget."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def officer(make_user):
    return make_user(Role.COMPLAINTS_OFFICER, first_name="سارة", last_name="الغامدي")


@pytest.fixture
def other_officer(make_user):
    return make_user(Role.COMPLAINTS_OFFICER, first_name="هند", last_name="العمري")


@pytest.fixture
def complaint(db):
    return ComplaintFactory()


@pytest.fixture
def sensitive_category(db):
    return category("fraud")
