"""Meetings in a stable order (the id breaks ties between committees meeting on one day), with an
index in that order for the agenda items' list, which starts from the newest meeting."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0013_service_types_kept_between_requests"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="meeting",
            options={
                "ordering": ["-date", "-number", "-pk"],
                "verbose_name": "committee meeting",
                "verbose_name_plural": "committee meetings",
            },
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["-date", "-number", "-id"], name="meeting_date_number"),
        ),
    ]
