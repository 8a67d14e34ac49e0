"""The system administrator sets up staff members' two-step login devices (django-otp TOTP)."""

from django.db import migrations

ALL = ("view", "add", "change", "delete")


def grant_permissions(apps, schema_editor):
    from policies.roles import grant_model_permissions

    grant_model_permissions(apps, schema_editor, "otp_totp", {"admin": {"totpdevice": ALL}})


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0008_retention_years"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
