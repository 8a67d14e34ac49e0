from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beneficiaries.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load the Arabic demo set (association, one user per role, beneficiaries). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--beneficiaries", type=int, default=200)

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo refuses to run with DEBUG off: demo users have known passwords.")
        load_demo(beneficiary_count=options["beneficiaries"])
        self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, role, first, last, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.value:<20} {first} {last}")
