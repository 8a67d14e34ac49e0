from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from policies.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_silah into an empty installation: migrates the database, "
        "checks every checksum, loads the data and puts the uploaded files back."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="The folder backup_silah wrote.")
        parser.add_argument("--no-migrate", action="store_true", help="The database is already migrated.")

    def handle(self, *args, source: Path, no_migrate: bool, **options):
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = backup_restore(source=source)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the database and {len(manifest['files'])} file(s)."))
