import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from beneficiaries.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from policies.demo import load_policy_demo


class Command(BaseCommand):
    help = "Load the Arabic demo set (association, one user per role, beneficiaries). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--beneficiaries", type=int, default=200)

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo refuses to run with DEBUG off: demo users have known passwords.")
        # The demo's hundreds of messages are recorded as sent (they show on each beneficiary's
        # page) instead of being printed, so the logins below stay readable. Its documents are
        # files this command made itself, so they need no malware scan (a laptop has no clamd).
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        with override_settings(
            SMS_BACKEND="locmem",
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            MALWARE_SCAN="off",
        ):
            self._load(beneficiary_count=options["beneficiaries"])
        self.stdout.write(self.style.SUCCESS(f"Demo data is ready. Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, role, first, last, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role.value:<20} {first} {last}")

    def _load(self, *, beneficiary_count: int) -> None:
        users = load_demo(beneficiary_count=beneficiary_count)
        load_policy_demo(users=users)
        # The demo command sits in the registry app but loads every app's set; later apps import here only.
        from requests_app.demo import load_requests_demo

        load_requests_demo(users=users)
        from complaints.demo import load_complaints_demo

        load_complaints_demo(users=users)
