"""The services kept between requests for the queue filter (``policies.reference``): a change to
them gives the reference revision a new token."""

from django.db import migrations

from policies.reference_triggers import create_triggers, drop_triggers

WATCHED_TABLES = ("requests_app_servicetype",)


def watch(apps, schema_editor):
    create_triggers(schema_editor, WATCHED_TABLES)


def unwatch(apps, schema_editor):
    drop_triggers(schema_editor, WATCHED_TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0011_reference_revision"),
        ("requests_app", "0012_status_due_date_index_with_id"),
    ]

    operations = [migrations.RunPython(watch, unwatch)]
