"""Send the outbox without a Celery worker: from cron (once a minute) or as a long-running loop."""

import time

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, close_old_connections

from notifications import services


class Command(BaseCommand):
    help = "Recover messages left by a stopped worker, then send every due message (retries included)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, checking every --interval seconds.")
        parser.add_argument("--interval", type=float, default=30.0, help="Seconds between passes with --loop.")
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many messages per pass.")
        parser.add_argument("--passes", type=int, default=None, help="With --loop, stop after this many passes.")

    def handle(self, *args, loop=False, interval=30.0, limit=None, passes=None, **options):
        done = 0
        try:
            while True:
                try:
                    recovered = services.messages_recover_stuck()
                    report = services.messages_deliver_due(limit=limit)
                except (OperationalError, InterfaceError) as error:
                    if not loop:
                        raise
                    # The database is restarting: wait and try again, as cron would next minute.
                    self.stderr.write(f"database unavailable, trying again in {interval:g} s: {error}")
                    close_old_connections()
                    done += 1
                    if passes is not None and done >= passes:
                        break
                    time.sleep(interval)
                    continue
                done += 1
                if report.sent or report.retrying or report.failed or recovered or not loop:
                    self.stdout.write(
                        f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}, recovered {recovered}"
                    )
                if not loop or (passes is not None and done >= passes):
                    break
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("stopped")
