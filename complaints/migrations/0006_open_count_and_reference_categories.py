"""The open complaints' count from an index, and the complaint categories kept between requests
(``policies.reference``): a change to them gives the reference revision a new token."""

from django.conf import settings
from django.db import migrations, models

from policies.reference_triggers import watch_tables


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0007_list_order_indexes"),
        ("complaints", "0005_open_complaints_by_running_due"),
        ("policies", "0011_reference_revision"),
        ("requests_app", "0012_status_due_date_index_with_id"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(
                    ("status__in", ("received", "acknowledged", "under_investigation", "awaiting_complainant"))
                ),
                fields=["status", "category", "concerned_staff", "assigned_to"],
                name="complaint_open_counted",
            ),
        ),
        watch_tables("complaints_complaintcategory"),
    ]
