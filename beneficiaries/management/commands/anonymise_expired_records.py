"""Anonymise archived beneficiaries whose retention period has ended (PDPL). Run --dry-run first."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from beneficiaries.privacy import anonymise_expired_records, retention_cutoff


class Command(BaseCommand):
    help = (
        "Anonymise archived beneficiary records with nothing open and nothing newer than the retention "
        "period (policy parameters). Names, IDs, contacts, free text and files are removed; figures stay. "
        "Irreversible: run with --dry-run first to see the list."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would be anonymised; change nothing.")

    def handle(self, *args, dry_run: bool, **options):
        cutoff = retention_cutoff()
        self.stdout.write(f"Retention cutoff: {timezone.localtime(cutoff):%Y-%m-%d %H:%M}")
        outcome = anonymise_expired_records(dry_run=dry_run)
        done = 0
        for beneficiary, holds in outcome:
            if holds:
                self.stdout.write(f"  kept #{beneficiary.pk}: {'; '.join(holds)}")
            else:
                done += 1
                verb = "would anonymise" if dry_run else "anonymised"
                self.stdout.write(f"  {verb} #{beneficiary.pk} (registered {beneficiary.created_at:%Y-%m-%d})")
        summary = f"{done} record(s) {'would be ' if dry_run else ''}anonymised, {len(outcome) - done} kept."
        self.stdout.write(self.style.SUCCESS(summary))
