"""A trigram index on the folded name, so searching an Arabic name fragment ("غامد") uses an index.

``full_name_normalized LIKE '%fragment%'`` cannot use a B-tree; pg_trgm's GIN index serves it.
PostgreSQL only: SQLite has no such index and migrates through this as a no-op. The index is
not declared in the model's Meta (a GinIndex there would be created on SQLite too), so the
model state does not change and makemigrations stays clean.
"""

from django.db import migrations

INDEX = "beneficiary_name_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON beneficiaries_beneficiary USING gin (full_name_normalized gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0005_beneficiary_import")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
