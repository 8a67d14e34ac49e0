"""The database triggers that give the reference revision a new token on every change.

They live in the database, not in Python, so that no write escapes them: the admin, a service, a
bulk load, a data migration or a shell all bump the token in the same statement. Migrations call
these functions with the tables they add to what ``policies.reference`` keeps; the statements
are built only from those constant table names.
"""

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION policies_reference_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE policies_referencerevision SET token = gen_random_uuid()::text WHERE id = 1;
    RETURN NULL;
END
$$
"""
# A token that is random, never a counter: one written by a transaction that rolls back is
# never written again, so nothing a process loaded under it can ever be taken as current.
SQLITE_BUMP = "UPDATE policies_referencerevision SET token = lower(hex(randomblob(16))) WHERE id = 1;"
SQLITE_EVENTS = ("insert", "update", "delete")


SUPPORTED_VENDORS = ("postgresql", "sqlite")


def create_triggers(schema_editor, tables: tuple[str, ...]) -> None:
    """On another database nothing is created; migration 0011 then leaves no revision row."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_reference AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION policies_reference_changed()"
            )
    elif vendor == "sqlite":
        for table in tables:
            for event in SQLITE_EVENTS:
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_reference_{event} AFTER {event.upper()} ON {table} BEGIN {SQLITE_BUMP} END"
                )


def drop_triggers(schema_editor, tables: tuple[str, ...]) -> None:
    vendor = schema_editor.connection.vendor
    for table in tables:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_reference ON {table}")
        elif vendor == "sqlite":
            for event in SQLITE_EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_reference_{event}")


def watch_tables(*tables: str):
    """A migration operation that adds ``tables`` to what bumps the reference revision."""
    from django.db import migrations

    def watch(apps, schema_editor):
        create_triggers(schema_editor, tables)

    def unwatch(apps, schema_editor):
        drop_triggers(schema_editor, tables)

    return migrations.RunPython(watch, unwatch)
