"""Recount the survey results' tallies from the stored answers (after loading answers by other means)."""

from django.core.management.base import BaseCommand

from surveys.services.tallies import survey_tallies_rebuild


class Command(BaseCommand):
    help = (
        "Recount the survey results' and the dashboard's satisfaction tallies from the stored answers. "
        "The portal keeps them as answers arrive; run this after inserting answers without the portal."
    )

    def handle(self, *args, **options):
        rows = survey_tallies_rebuild()
        self.stdout.write(", ".join(f"{name}: {n:,} rows" for name, n in rows.items()))
