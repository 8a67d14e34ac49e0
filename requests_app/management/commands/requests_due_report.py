from django.core.management.base import BaseCommand
from django.utils import timezone

from requests_app.selectors import clocks_for
from requests_app.services import deadline_reminders_send
from requests_app.services.deadlines import deadline_requests


class Command(BaseCommand):
    help = (
        "Daily: list the requests due within 3 working days and the overdue ones, and notify their owners "
        "(the social researcher and the staff member who received the request). Safe to run twice a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List only; notify nobody.")

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        requests = list(deadline_requests(today=today))
        clocks = clocks_for(requests, today=today)
        overdue = [r for r in requests if clocks[r.pk].overdue_by]
        due_soon = [r for r in requests if not clocks[r.pk].overdue_by]
        self.stdout.write(f"Due within 3 working days: {len(due_soon)}")
        for request in due_soon:
            self.stdout.write(
                f"  {request.reference_number}  due {request.due_date.isoformat()}  "
                f"{clocks[request.pk].days_left} working day(s) left  {request.get_status_display()}"
            )
        self.stdout.write(f"Overdue: {len(overdue)}")
        for request in overdue:
            self.stdout.write(
                f"  {request.reference_number}  due {request.due_date.isoformat()}  "
                f"overdue by {clocks[request.pk].overdue_by} working day(s)  {request.get_status_display()}"
            )
        if options["dry_run"]:
            return
        sent = deadline_reminders_send(now=now)
        self.stdout.write(self.style.SUCCESS(f"New notices: {sent} (an owner is told about a request once a day)."))
