"""The reference data's revision row, and the triggers that give it a new token on every change
to the tables ``policies.reference`` keeps (see ``policies.reference_triggers``)."""

import uuid

from django.db import migrations, models

from policies.reference_triggers import SUPPORTED_VENDORS, create_triggers, drop_triggers

WATCHED_TABLES = (
    "policies_associationprofile",
    "policies_policyparameters",
    "policies_holidayoverride",
    "policies_closure",
    "policies_policydocument",
    "policies_policyversion",
    "policies_beneficiarycategory",
)


def create_row_and_triggers(apps, schema_editor):
    # Without triggers the token would never change, so no row: nothing is then kept.
    if schema_editor.connection.vendor in SUPPORTED_VENDORS:
        apps.get_model("policies", "ReferenceRevision").objects.create(id=1, token=uuid.uuid4().hex)
        create_triggers(schema_editor, WATCHED_TABLES)


def remove_triggers(apps, schema_editor):
    drop_triggers(schema_editor, WATCHED_TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0010_association_logo"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReferenceRevision",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, editable=False, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=36, verbose_name="token")),
            ],
            options={
                "verbose_name": "reference data revision",
                "verbose_name_plural": "reference data revision",
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="reference_revision_single_row")
                ],
            },
        ),
        migrations.RunPython(create_row_and_triggers, remove_triggers),
    ]
