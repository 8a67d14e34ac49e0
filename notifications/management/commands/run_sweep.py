"""Run a periodic sweep (what Celery beat does on its schedule) from cron or by hand."""

from django.core.management.base import BaseCommand

from notifications import sweeps


class Command(BaseCommand):
    help = "Run the sweeps registered under a name (deadlines, survey_reminders); --list shows them."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="The sweep name, e.g. deadlines.")
        parser.add_argument("--list", action="store_true", dest="show_list", help="List the registered sweeps.")

    def handle(self, *args, name=None, show_list=False, **options):
        if show_list or not name:
            for sweep_name, functions in sweeps.registered_sweeps().items():
                self.stdout.write(f"{sweep_name}: {', '.join(functions) or '-'}")
            return
        results = sweeps.run_sweep(name)
        if not results:
            self.stdout.write(f"No sweep is registered under {name!r}.")
        for label, count in results.items():
            self.stdout.write(f"{label}: {'failed' if count < 0 else count}")
