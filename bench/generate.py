"""Fill a database with a large association's year: ``python bench/generate.py --scale 1.0``.

At scale 1: 100,000 beneficiaries with households and documents, 300,000 support requests in
every workflow state with their timelines and history rows, the research committees' meetings
and decisions, 30,000 complaints, 100,000 survey responses and the outbox. Rows are written with
bulk inserts; documents point at one shared placeholder file. Run it on a migrated, otherwise
empty database (``createdb silah_bench`` then ``manage.py migrate``); ``--scale 0.001`` is what CI runs.
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import configure

# The promised sizes at scale 1 (issue 11); tests check them proportionally.
PROMISED = {
    "beneficiaries.Beneficiary": 100_000,
    "requests_app.SupportRequest": 300_000,
    "complaints.Complaint": 30_000,
    "surveys.Response": 100_000,
}


def generate(*, scale: float = 1.0, seed: int = 2026, today: date | None = None, log=print) -> dict[str, int]:
    """Write the data set into the default database; returns the rows written per model."""
    from django.db import transaction
    from django.utils import timezone

    from bench.fill import complaints, notifications, people, requests, surveys
    from bench.fill.base import Context, reset_sequences
    from policies.selectors import working_calendar

    ctx = Context(
        scale=scale,
        rng=random.Random(seed),  # noqa: S311 (made-up data, not secrets)
        today=today or timezone.localdate(),
    )
    calendar = working_calendar(
        start=ctx.year_start - timedelta(days=3 * 365 + 30), end=ctx.today + timedelta(days=180)
    )
    day = ctx.year_start - timedelta(days=3 * 365 + 30)
    while day <= ctx.today + timedelta(days=180):
        if calendar.is_working_day(day):
            ctx.working_days.append(day)
        day += timedelta(days=1)
    steps = (
        ("staff", people.make_staff),
        ("beneficiaries", people.make_beneficiaries),
        ("requests and committees", requests.make_requests),
        ("complaints", complaints.make_complaints),
        ("surveys", surveys.make_surveys),
        ("notifications", notifications.make_notifications),
    )
    with transaction.atomic():
        for label, step in steps:
            started = time.monotonic()
            step(ctx)
            log(f"  {label}: {time.monotonic() - started:.1f} s")
        reset_sequences(ctx)
    _placeholder_files()
    return ctx.counts


def _placeholder_files() -> None:
    """The one file every generated document and declaration points at, so downloads work."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from bench.fill.base import PLACEHOLDER_PDF, PLACEHOLDER_PNG

    for name, content in (
        (PLACEHOLDER_PDF, b"%PDF-1.4\n% bench placeholder\n%%EOF\n"),
        (PLACEHOLDER_PNG, b"\x89PNG\r\n\x1a\n"),
    ):
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))


def analyze() -> None:
    """Fresh planner statistics after a bulk load (autovacuum would get there, later)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = the full year; 0.001 for CI")
    parser.add_argument("--database-url", help="defaults to $DATABASE_URL")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    configure(args.database_url)
    from django.db import connection

    print(f"Generating at scale {args.scale} into {connection.vendor} database {connection.settings_dict['NAME']}")
    started = time.monotonic()
    counts = generate(scale=args.scale, seed=args.seed)
    analyze()
    for label, count in sorted(counts.items()):
        print(f"{label:45} {count:>10,}")
    print(f"total rows {sum(counts.values()):,} in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
