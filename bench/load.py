"""Load and fault runs against gunicorn on PostgreSQL: ``python bench/load.py``.

Starts Silah as production runs it (bench/serve.py: gunicorn with 2 × cores + 1 workers, Redis,
a Celery worker, the outbox's retry loop, a stand-in SMS gateway) on a new PostgreSQL database
filled by bench/generate.py, then runs locust (bench/locustfile.py): visitors sending requests
and complaints and tracking them, staff signed in going through their lists. It prints
throughput, p50/p95/p99 latency and errors, overall and per page.

Faults (``--fault``, either or both):
  postgres  PostgreSQL is stopped part-way (``pg_ctlcluster … stop``, the whole server) and started
            again. Meanwhile every answer must be the friendly 503 page (no 500, no dropped
            connection), and the same gunicorn processes must serve normally once it is back.
  sms       The SMS gateway is stopped part-way and started again. After the load, every message
            of the outbox must have reached the gateway exactly once.

The issue's run: ``--users 50 --duration 300``; CI runs ``--users 10 --duration 40 --fault postgres
--fault sms`` (the short form). Exits non-zero when a goal is missed.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.serve import BIN, ROOT, Stack, cpu_count, gunicorn_workers, load_plan, wait_for_http

RECOVERY_GRACE_SECONDS = 10  # after PostgreSQL is back: how long the first connections may take
# When each fault starts, as a fraction of the run: apart, so the gateway's outage meets live traffic.
FAULT_AT = {"postgres": 0.25, "sms": 0.6}


@dataclass
class Outage:
    kind: str
    started: float = 0.0
    ended: float = 0.0


@dataclass
class Row:
    start: float
    name: str
    status: int
    ms: float
    pause_page: bool
    failure: str


@dataclass
class Report:
    rows: list[Row]
    duration: float
    outages: list[Outage] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    goals_missed: list[str] = field(default_factory=list)


def percentile(values: list[float], percent: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))]


def postgres_cluster(action: str) -> None:
    """Stop or start the machine's PostgreSQL server (Debian's pg_ctlcluster), as an operator would."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            version,
            "main",
            action,
            *(["-m", "fast"] if action == "stop" else []),
        ],
        check=True,
    )


def inject(stack: Stack, outage: Outage, at: float, length: float, t0: float) -> None:
    time.sleep(max(0.0, t0 + at - time.time()))
    outage.started = time.time()
    if outage.kind == "postgres":
        postgres_cluster("stop")
        time.sleep(length)
        postgres_cluster("start")
    else:
        stack.stop("sms")
        time.sleep(length)
        stack.start_sms_gateway()
    outage.ended = time.time()


def read_log(path: Path) -> list[Row]:
    with path.open(encoding="utf-8") as log:
        return [
            Row(
                float(r["start"]),
                f"{r['method']} {r['name']}".replace("GET GET", "GET").replace("POST POST", "POST"),
                int(r["status"]),
                float(r["ms"]),
                r["pause_page"] == "1",
                r["failure"],
            )
            for r in csv.DictReader(log)
        ]


def is_error(row: Row) -> bool:
    return bool(row.failure) or row.status >= 400 or row.status == 0


def error_kinds(rows: list[Row]) -> str:
    """The ten commonest errors, "page → status reason ×count"."""
    kinds = Counter(f"{row.name} → {row.status} {row.failure[:80]}" for row in rows)
    return "; ".join(f"{kind} ×{count}" for kind, count in kinds.most_common(10))


def summarise(report: Report) -> None:
    rows, out = report.rows, report.lines
    db_outages = [o for o in report.outages if o.kind == "postgres"]

    def in_db_outage(row: Row) -> bool:
        # A request that began just before the stop and was answered during it belongs to the outage.
        finished = row.start + row.ms / 1000
        return any(finished >= o.started and row.start <= o.ended + RECOVERY_GRACE_SECONDS for o in db_outages)

    normal = [r for r in rows if not in_db_outage(r)]
    errors = [r for r in normal if is_error(r)]
    times = [r.ms for r in normal]
    out.append("| requests | throughput | p50 ms | p95 ms | p99 ms | errors |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    out.append(
        f"| {len(normal):,} | {len(normal) / report.duration:.1f} req/s | {percentile(times, 50):.0f} | "
        f"{percentile(times, 95):.0f} | {percentile(times, 99):.0f} | {len(errors)} |"
    )
    out.append("")
    out.append("| page | requests | p50 ms | p95 ms | p99 ms | errors |")
    out.append("|---|---:|---:|---:|---:|---:|")
    by_name: dict[str, list[Row]] = {}
    for row in normal:
        by_name.setdefault(row.name, []).append(row)
    for name in sorted(by_name):
        group = by_name[name]
        ms = [r.ms for r in group]
        out.append(
            f"| {name} | {len(group):,} | {percentile(ms, 50):.0f} | {percentile(ms, 95):.0f} | "
            f"{percentile(ms, 99):.0f} | {sum(is_error(r) for r in group)} |"
        )
    if errors:
        report.goals_missed.append(f"{len(errors)} errors outside the outages")
        out.append("")
        out.append("Errors: " + error_kinds(errors))
    for outage in db_outages:
        during = [r for r in rows if r.start + r.ms / 1000 >= outage.started and r.start <= outage.ended]
        after = sorted((r for r in rows if r.start > outage.ended), key=lambda r: r.start)
        pauses = sum(r.pause_page for r in during)
        ok = sum(not is_error(r) for r in during)
        other = [r for r in during if is_error(r) and not r.pause_page]
        first_ok = next((r for r in after if not is_error(r)), None)
        after_grace = [r for r in after if r.start > outage.ended + RECOVERY_GRACE_SECONDS]
        out.append("")
        out.append(
            f"PostgreSQL stopped for {outage.ended - outage.started:.0f} s: {len(during)} requests meanwhile, "
            f"{pauses} answered with the friendly 503 page, {ok} served normally before the stop took effect, "
            f"{len(other)} other errors."
        )
        recovery = f"{first_ok.start - outage.ended:.1f} s" if first_ok else "never"
        out.append(
            f"After the restart: first page served {recovery} later, by the same gunicorn processes; "
            f"{sum(is_error(r) for r in after_grace)} errors from {RECOVERY_GRACE_SECONDS} s after the restart on."
        )
        if other:
            out.append("Other errors meanwhile: " + error_kinds(other))
            report.goals_missed.append("errors other than the friendly page while PostgreSQL was down")
        if first_ok is None:
            report.goals_missed.append("no recovery after PostgreSQL came back")


def outbox_check(stack: Stack, report: Report, timeout: float, since: datetime) -> None:
    """Wait for the outbox to empty; every sent message must have reached the gateway once."""
    from django.db import close_old_connections

    from notifications.models import Channel, Message, MessageStatus

    deadline = time.monotonic() + timeout
    messages = Message.objects.filter(channel=Channel.SMS, created_at__gte=since)  # the load's own
    while True:
        close_old_connections()
        waiting = messages.filter(status__in=[MessageStatus.PENDING, MessageStatus.SENDING]).count()
        if not waiting or time.monotonic() > deadline:
            break
        time.sleep(2)
    sent = set(messages.filter(status=MessageStatus.SENT).values_list("pk", flat=True))
    failed = messages.filter(status=MessageStatus.FAILED).count()
    keys = stack.sms_delivered_keys()
    retried = messages.filter(status=MessageStatus.SENT, attempts__gt=1).count()
    sms_outages = [o for o in report.outages if o.kind == "sms"]
    report.lines.append("")
    gone = f" (gateway stopped for {sms_outages[0].ended - sms_outages[0].started:.0f} s)" if sms_outages else ""
    report.lines.append(
        f"Outbox{gone}: {len(sent):,} SMS sent, {retried:,} of them after a failed attempt; "
        f"{waiting} still waiting, {failed} failed; the gateway received {len(keys):,} "
        f"({len(set(keys)):,} distinct)."
    )
    if waiting or failed or len(set(keys)) != len(sent) or len(keys) != len(set(keys)):
        report.goals_missed.append("the outbox did not deliver every message exactly once")


def run(args) -> Report:
    stack = Stack(database=args.database, log_dir=args.logs)
    if args.reuse_database:
        stack.manage("collectstatic", "--noinput", "-v", "0")  # each run serves from its own folder
    else:
        stack.create_database(scale=args.scale)
    stack.flush_redis()
    os.environ.update({k: v for k, v in stack.env().items() if k in ("DATABASE_URL", "SECRET_KEY", "SILAH_VAR_DIR")})
    from bench.setup import configure

    configure(stack.database_url)
    plan_path = stack.var_dir / "plan.json"
    plan_path.write_text(json.dumps(load_plan(), ensure_ascii=False), encoding="utf-8")
    log_path = stack.var_dir / "requests.csv"
    try:
        stack.start_sms_gateway()
        url = stack.start_web()
        stack.start_worker()
        stack.start_retry_loop()
        print(
            f"gunicorn: {gunicorn_workers()} workers on {cpu_count()} cores at {url}; "
            f"{args.users} users for {args.duration} s",
            flush=True,
        )
        outages = [Outage(kind) for kind in args.fault]
        t0 = time.time()
        since = datetime.now(tz=UTC)
        threads = [
            threading.Thread(
                target=inject, args=(stack, o, FAULT_AT[o.kind] * args.duration, args.fault_for, t0), daemon=True
            )
            for o in outages
        ]
        for thread in threads:
            thread.start()
        with (stack.log_dir / "locust.log").open("wb") as locust_log:
            subprocess.run(
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench/locustfile.py"),
                    "--headless",
                    "--only-summary",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(max(1, args.users // 5)),
                    "--run-time",
                    f"{args.duration}s",
                    "--host",
                    url,
                    "--stop-timeout",
                    "10",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={**os.environ, "SILAH_LOAD_PLAN": str(plan_path), "SILAH_LOAD_LOG": str(log_path)},
                check=False,
                stdout=subprocess.DEVNULL,
                stderr=locust_log,
            )
        for thread in threads:
            thread.join()
        report = Report(rows=read_log(log_path), duration=time.time() - t0, outages=outages)
        summarise(report)
        wait_for_http(url + "/apply/")
        outbox_check(stack, report, timeout=args.drain_timeout, since=since)
    finally:
        stack.close()
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            stack.drop_database()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--scale", type=float, default=0.01, help="bench/generate.py scale of the database")
    parser.add_argument("--database", default="silah_load")
    parser.add_argument("--reuse-database", action="store_true", help="skip creating and filling the database")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--fault", action="append", choices=("postgres", "sms"), default=[])
    parser.add_argument("--fault-for", type=float, default=20.0, help="seconds the service stays stopped")
    parser.add_argument("--drain-timeout", type=float, default=180.0, help="seconds to wait for the outbox")
    parser.add_argument("--logs", type=Path, help="where the processes' logs go (default: a temporary folder)")
    parser.add_argument("--output", type=Path, help="also write the report (Markdown) to this file")
    args = parser.parse_args(argv)
    report = run(args)
    head = (
        f"Load run {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC: {args.users} users for {args.duration} s, "
        f"gunicorn {gunicorn_workers()} workers on {cpu_count()} cores, PostgreSQL 15, "
        f"{'the database of the previous run' if args.reuse_database else f'database at scale {args.scale}'}; "
        f"faults: {', '.join(args.fault) or 'none'}."
    )
    text = "\n".join(
        [
            head,
            "",
            *report.lines,
            "",
            "Goals: " + ("all met" if not report.goals_missed else "MISSED: " + "; ".join(report.goals_missed)),
        ]
    )
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 1 if report.goals_missed else 0


if __name__ == "__main__":
    sys.exit(main())
