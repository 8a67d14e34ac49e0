import importlib

import pytest
from django.apps import apps as django_apps

from tests.reports.dashboard_data import TODAY, at, october_for_module

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")


@pytest.fixture(autouse=True)
def message_templates(db):
    """The seeded message texts (a request's creation sends one), even after a live-server test emptied the tables."""
    SEED.seed_templates(django_apps)


# The month of the dashboard tests (dashboard_data.py): built once per module, rolled back after it.
@pytest.fixture(scope="module")
def october_module(django_db_setup, django_db_blocker):
    yield from october_for_module(django_db_blocker)


@pytest.fixture
def october(october_module, db):
    with at(TODAY):
        yield october_module
