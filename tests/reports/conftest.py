import importlib

import pytest
from django.apps import apps as django_apps

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")


@pytest.fixture(autouse=True)
def message_templates(db):
    """The seeded message texts (a request's creation sends one), even after a live-server test emptied the tables."""
    SEED.seed_templates(django_apps)
