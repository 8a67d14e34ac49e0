from django.db import migrations
from django.utils import timezone

ALL = ("view", "add", "change", "delete")


def create_default_parameters(apps, schema_editor):
    """The one parameters row, with the defaults the seed policies give (frozen in 0003)."""
    Parameters = apps.get_model("policies", "PolicyParameters")
    HistoricalParameters = apps.get_model("policies", "HistoricalPolicyParameters")
    parameters, created = Parameters.objects.get_or_create(pk=1)
    if not created:
        return
    # Migrations run without simple_history's signals: write the first history row by hand so
    # the audit trail starts with the defaults every later change is compared against.
    values = {field.attname: getattr(parameters, field.attname) for field in Parameters._meta.concrete_fields}
    HistoricalParameters.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason="Created with the defaults of the seed policies",
    )


def grant_permissions(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(
        apps,
        schema_editor,
        "policies",
        {
            # The row is created above and never deleted; "add" only matters if it were wiped.
            "admin": {
                "policyparameters": ("view", "add", "change"),
                "closure": ALL,
                "holidayoverride": ALL,
            },
            "manager": dict.fromkeys(("policyparameters", "closure", "holidayoverride"), ("view",)),
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0003_parameters_and_calendar"),
    ]

    operations = [
        migrations.RunPython(create_default_parameters, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
