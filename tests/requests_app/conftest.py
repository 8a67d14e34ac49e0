import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation
from factories import DocumentTypeFactory, ServiceTypeFactory
from factories.requests import Staff, advance_request, make_support_request

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")
REFERRAL_SEED = importlib.import_module("notifications.migrations.0004_request_referred_event")


@pytest.fixture(autouse=True)
def message_templates(request):
    """The seeded message texts, present even after a transactional test emptied the tables."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    SEED.seed_templates(django_apps)
    REFERRAL_SEED.forwards(django_apps, None)


@pytest.fixture
def in_english():
    """Messages of the services in English, so a test can match the msgid whatever the catalog says."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(db):
    return Staff()


@pytest.fixture
def service_type(db):
    return ServiceTypeFactory(name="مساعدة إيجار", name_en="Rent assistance")


@pytest.fixture
def family_card(db):
    return DocumentTypeFactory()


@pytest.fixture
def request_in(staff, beneficiary, service_type):
    """A request taken by reception and driven through the workflow to a status."""

    def make(status, **kwargs):
        from policies.roles import Role

        request = make_support_request(
            actor=staff[Role.RECEPTION],
            beneficiary=kwargs.pop("beneficiary", beneficiary),
            service_type=kwargs.pop("service_type", service_type),
            **kwargs,
        )
        return advance_request(request, status, staff=staff)

    return make
