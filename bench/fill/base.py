"""What every part of the generator shares: the random source, the clock, ids, staff and bulk inserts.

Rows get their primary keys here, not from the database, so a part can point at rows another
part has not inserted yet without a round trip; the sequences are reset once at the end.
"""

import bisect
import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

BATCH_SIZE = 2000
PLACEHOLDER_PDF = "bench/placeholder.pdf"
PLACEHOLDER_PNG = "bench/placeholder.png"
# Where a row keeps the moment it came to be: its history row is dated with it.
MOMENT_FIELDS = ("signed_at", "written_at", "recorded_at", "decided_at", "created_at", "uploaded_at", "occurred_at")


@dataclass
class Context:
    """The state one generator run passes from part to part."""

    scale: float
    rng: random.Random
    today: date
    staff: dict[str, list] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    touched: list[type[models.Model]] = field(default_factory=list)
    working_days: list[date] = field(default_factory=list)
    # Filled by the parts, read by later ones.
    beneficiaries: list[tuple[int, datetime]] = field(default_factory=list)
    beneficiary_names: dict[int, tuple[str, str]] = field(default_factory=dict)
    requests: list = field(default_factory=list)
    first_complaint_id: int = 0

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def year_start(self) -> date:
        return self.today - timedelta(days=365)

    def n(self, full: int) -> int:
        """The size of a table at this scale: never zero, so a tiny run still covers every part."""
        return max(1, round(full * self.scale))

    def moment(self, day: date, *, hour_from: int = 8, hour_to: int = 15) -> datetime:
        hour = self.rng.randint(hour_from, hour_to)
        return datetime.combine(day, time(hour, self.rng.randint(0, 59), self.rng.randint(0, 59)), tzinfo=self.tz)

    def later(self, moment: datetime, *, min_days: float, max_days: float) -> datetime:
        """A working-hours moment some days after ``moment`` (on a working day)."""
        day = self.working_day_on_or_after(
            (moment + timedelta(days=self.rng.uniform(min_days, max_days))).astimezone(self.tz).date()
        )
        candidate = self.moment(day)
        return candidate if candidate > moment else moment + timedelta(minutes=self.rng.randint(5, 120))

    def working_day_on_or_after(self, day: date) -> date:
        index = bisect.bisect_left(self.working_days, day)
        return self.working_days[min(index, len(self.working_days) - 1)]

    def add_working_days(self, day: date, days: int) -> date:
        """``day`` plus ``days`` working days; the start day does not count (R11)."""
        index = bisect.bisect_right(self.working_days, day) + days - 1
        return self.working_days[min(index, len(self.working_days) - 1)]

    def working_days_between(self, start: date, end: date) -> int:
        return bisect.bisect_right(self.working_days, end) - bisect.bisect_right(self.working_days, start)

    def pick(self, role: str):
        return self.rng.choice(self.staff[role])


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def insert(ctx: Context, model: type[models.Model], objects: list, *, label: str | None = None) -> None:
    """Write ``objects`` (COPY on PostgreSQL, bulk_create elsewhere) and count them under ``label``."""
    if connection.vendor == "postgresql":
        # Rows without an id (m2m links) take theirs from the sequence.
        keep_pk = bool(objects) and objects[0].pk is not None
        fields = [f for f in model._meta.concrete_fields if keep_pk or not f.primary_key]
        readers = [_reader(f) for f in fields]
        _copy(model, [f.column for f in fields], ([read(obj) for read in readers] for obj in objects))
    else:
        for start in range(0, len(objects), BATCH_SIZE):
            model._default_manager.bulk_create(objects[start : start + BATCH_SIZE], batch_size=BATCH_SIZE)
    _count(ctx, model, len(objects), label)


def insert_history(ctx: Context, model: type[models.Model], objects: list, *, update: bool = False) -> None:
    """History rows as django-simple-history writes them; ``_history_date``/``_history_user`` per object."""
    history = model.history
    for obj in objects:
        if not hasattr(obj, "_history_date"):
            obj._history_date = next(
                (getattr(obj, name) for name in MOMENT_FIELDS if getattr(obj, name, None)), timezone.now()
            )
    if connection.vendor == "postgresql":
        history_type = "~" if update else "+"
        own = {f.attname: f for f in model._meta.concrete_fields}
        fields = [f for f in history.model._meta.concrete_fields if f.attname != "history_id"]
        extra = {
            "history_date": lambda obj: obj._history_date,
            "history_type": lambda obj: history_type,
            "history_change_reason": lambda obj: None,
            "history_user_id": lambda obj: getattr(getattr(obj, "_history_user", None), "pk", None),
        }
        readers = [extra.get(f.attname) or _reader(own[f.attname]) for f in fields]
        _copy(history.model, [f.column for f in fields], ([read(obj) for read in readers] for obj in objects))
    else:
        for start in range(0, len(objects), BATCH_SIZE):
            history.bulk_history_create(objects[start : start + BATCH_SIZE], batch_size=BATCH_SIZE, update=update)
    _count(ctx, history.model, len(objects), None)


def _reader(field):
    """A fast function from an object to the value COPY writes for ``field``.

    Django's get_db_prep_save per value costs more than the insert itself at this size; the
    generator only sets plain Python values, which psycopg dumps as they are, except JSON.
    """
    name = field.attname
    if isinstance(field, models.JSONField):
        return lambda obj: Jsonb(obj.__dict__.get(name))
    if isinstance(field, models.FileField):
        return lambda obj: getattr(obj.__dict__.get(name), "name", obj.__dict__.get(name))
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda obj: obj.__dict__.get(name) or timezone.now()
    return lambda obj: obj.__dict__.get(name)


def _copy(model, columns: list[str], rows) -> None:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _count(ctx: Context, model, count: int, label: str | None) -> None:
    key = label or model._meta.label
    ctx.counts[key] = ctx.counts.get(key, 0) + count
    if model not in ctx.touched:
        ctx.touched.append(model)


def reset_sequences(ctx: Context) -> None:
    """After explicit ids, PostgreSQL's sequences must continue after the largest one."""
    statements = connection.ops.sequence_reset_sql(no_style(), ctx.touched)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def fingerprint(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
