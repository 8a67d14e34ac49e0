import importlib

import pytest
from django.apps import apps as django_apps

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")


@pytest.fixture(autouse=True)
def message_templates(db):
    """The seeded message texts, present even after a transactional test emptied the tables."""
    SEED.seed_templates(django_apps)
