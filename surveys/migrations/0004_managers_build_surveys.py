"""Managers build surveys (issue 7: "Surveys built by managers in the admin").

Managers otherwise hold view permissions only (tests/test_roles.py); building the
questionnaire is the one place the issue asks them to write, so they get add and change on
surveys and questions, and nothing else. Deleting stays the administrator's. Sample draws,
supervisory visits and supervision notes are written through the staff pages (services), so
the admin shows them read-only.
"""

from django.db import migrations


def grant(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(
        apps,
        schema_editor,
        "surveys",
        {
            "manager": {
                "survey": ("view", "add", "change"),
                "question": ("view", "add", "change"),
                "sampledraw": ("view",),
                "supervisoryvisit": ("view",),
                "supervisionnote": ("view",),
            },
        },
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_fieldwork_sampling_results")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
