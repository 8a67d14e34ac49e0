"""The letters and calls done, newest first: the index the "recently done" list reads."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_request_referred_event"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="stafftask",
            index=models.Index(
                condition=models.Q(("status", "open"), _negated=True),
                fields=["-completed_at", "-id"],
                name="staff_task_done_recent",
            ),
        ),
    ]
