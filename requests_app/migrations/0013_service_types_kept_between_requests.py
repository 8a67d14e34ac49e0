"""The services kept between requests for the queue filter (``policies.reference``): a change to
them gives the reference revision a new token."""

from django.db import migrations

from policies.reference_triggers import watch_tables


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0011_reference_revision"),
        ("requests_app", "0012_status_due_date_index_with_id"),
    ]

    operations = [watch_tables("requests_app_servicetype")]
