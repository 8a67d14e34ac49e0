from django.db import migrations

ALL = ("view", "add", "change", "delete")
VIEW = ("view",)


def grant_permissions(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(
        apps,
        schema_editor,
        "requests_app",
        {
            # The service catalog is configuration; requests are read in the admin, moved on the staff pages.
            "admin": {"servicetype": ALL, "supportrequest": VIEW},
            "manager": {"servicetype": VIEW, "supportrequest": VIEW},
            "committee_secretary": {"servicetype": VIEW, "supportrequest": VIEW},
            "reception": {"servicetype": VIEW},
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0001_initial"),
        ("policies", "0004_default_parameters_and_permissions"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
