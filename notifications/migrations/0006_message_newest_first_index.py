"""Messages newest first: the index the admin's message list and its date menu read."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0005_staff_task_done_recent_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["-created_at", "-id"], name="message_newest_first"),
        ),
    ]
