from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policies.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (JSON, any engine) and the private uploaded files into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, help="A new or empty folder.")

    def handle(self, *args, target: Path, **options):
        try:
            manifest = backup_create(target=target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the database and {len(manifest['files'])} file(s) into {target}.")
        )
