"""Administrators build surveys and their questions in the admin; managers read them.

Issue 7 asks for managers to build surveys, but DESIGN.md and tests/test_roles.py hold that a
manager has view permissions only; until the lead decides, building is the admin role's.
"""

from django.db import migrations

BUILD = ("view", "add", "change", "delete")


def grant(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(
        apps,
        schema_editor,
        "surveys",
        {
            "manager": {"survey": ("view",), "question": ("view",), "invitation": ("view",)},
            "admin": {"survey": BUILD, "question": BUILD},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0001_initial"),
        ("policies", "0002_roles_and_defaults"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
