"""Requests per second of the public request form and tracking page beside bare views: ``python bench/throughput.py``.

gunicorn (2 × cores + 1 sync workers) on PostgreSQL with Redis, as bench/serve.py starts it, with
bench/settings_throughput.py adding two bare views (bench/throughput_urls.py) that do the same
insert and the same look-up with nothing around them. Client threads post as fast as answers
come (each thread fetched its form, and so its CSRF token, once), each post from a new address.
Counts only accepted posts: the request form's redirect to "submitted", a found request.
The goal (issue 11): the portal's pages reach at least half the bare views' rate.
"""

import argparse
import itertools
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.serve import Stack, cpu_count, gunicorn_workers, load_plan
from bench.visitors import csrf_token, request_form

NUMBERS = itertools.count(50_000_000)
NUMBERS_LOCK = threading.Lock()


def next_serial() -> int:
    with NUMBERS_LOCK:
        return next(NUMBERS)


def form_apply(session, base, plan, state):
    if "token" not in state:
        state["token"] = csrf_token(session.get(f"{base}/apply/").text)
    data = request_form(plan=plan, serial=next_serial(), csrf=state["token"])
    answer = session.post(f"{base}/apply/", data=data, headers=_visitor(base), allow_redirects=False)
    return answer.status_code == 302 and answer.headers.get("Location", "").endswith("/apply/submitted/")


def bare_apply(session, base, plan, state):
    fields = request_form(plan=plan, serial=next_serial())
    data = {key: fields[key] for key in ("identity_number", "mobile", "category", "service_type")}
    answer = session.post(f"{base}/bare/apply/", data=data)
    return answer.status_code == 200


def form_track(session, base, plan, state):
    if "token" not in state:
        state["token"] = csrf_token(session.get(f"{base}/apply/track/").text)
    state.setdefault("n", [0])[0] += 1
    code, digits = plan["tracking"][state["n"][0] % len(plan["tracking"])]
    data = {"csrfmiddlewaretoken": state["token"], "tracking_code": code, "id_last_digits": digits}
    answer = session.post(f"{base}/apply/track/", data=data, headers=_visitor(base))
    return answer.status_code == 200 and 'id="request-status"' in answer.text


def bare_track(session, base, plan, state):
    state.setdefault("n", [0])[0] += 1
    code, digits = plan["tracking"][state["n"][0] % len(plan["tracking"])]
    answer = session.post(f"{base}/bare/track/", data={"tracking_code": code, "id_last_digits": digits})
    return answer.status_code == 200 and answer.text != "-"


_ADDRESSES = itertools.count(1)


def _visitor(base: str) -> dict:
    n = next(_ADDRESSES)
    return {"X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}", "Referer": f"{base}/"}


@dataclass
class Measure:
    label: str
    accepted: int
    refused: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.accepted / self.seconds


def drive(action, *, base: str, plan: dict, threads: int, seconds: float, warmup: float, label: str) -> Measure:
    counts = {"ok": 0, "bad": 0}
    lock = threading.Lock()
    start = time.monotonic() + warmup
    stop = start + seconds

    def client():
        session, state = requests.Session(), {}
        while True:
            now = time.monotonic()
            if now >= stop:
                return
            ok = action(session, base, plan, state)
            if time.monotonic() >= start and time.monotonic() < stop:
                with lock:
                    counts["ok" if ok else "bad"] += 1

    pool = [threading.Thread(target=client) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return Measure(label, counts["ok"], counts["bad"], seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="measured seconds per page")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=0, help="client threads (default: 2 × gunicorn workers)")
    parser.add_argument("--rounds", type=int, default=2, help="each pair measured this many times, alternating")
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--database", default="silah_throughput")
    args = parser.parse_args(argv)
    stack = Stack(database=args.database, redis_db=14)
    stack.create_database(scale=args.scale)
    stack.flush_redis()
    from bench.setup import configure

    configure(stack.database_url)
    plan = load_plan()
    threads = args.threads or 2 * gunicorn_workers()
    results: dict[str, list[Measure]] = {}
    try:
        base = stack.start_web(DJANGO_SETTINGS_MODULE="bench.settings_throughput")
        pairs = [
            ("Public request form (POST)", form_apply, "Bare view, same insert", bare_apply),
            ("Tracking page (POST)", form_track, "Bare view, same look-up", bare_track),
        ]
        for _round in range(args.rounds):
            for page_label, page, bare_label, bare in pairs:
                for label, action in ((page_label, page), (bare_label, bare)):
                    measure = drive(
                        action,
                        base=base,
                        plan=plan,
                        threads=threads,
                        seconds=args.seconds,
                        warmup=args.warmup,
                        label=label,
                    )
                    results.setdefault(label, []).append(measure)
                    print(f"  {label}: {measure.rate:.1f}/s ({measure.refused} refused)", flush=True)
    finally:
        stack.close()
        from django.db import connections

        connections.close_all()
        stack.drop_database()

    def best(label):
        return max(m.rate for m in results[label])

    lines = [
        f"Throughput {datetime.now(tz=UTC):%Y-%m-%d %H:%M} UTC: gunicorn {gunicorn_workers()} sync workers on "
        f"{cpu_count()} cores, PostgreSQL 15 and Redis on the same machine, {threads} client threads on it too; "
        f"best of {args.rounds} runs of {args.seconds:.0f} s.",
        "",
        "| page | accepted/s | bare view | bare/s | page ÷ bare | goal ≥ 0.5 |",
        "|---|---:|---|---:|---:|---|",
    ]
    missed = []
    for page_label, _page, bare_label, _bare in pairs:
        ratio = best(page_label) / best(bare_label)
        lines.append(
            f"| {page_label} | {best(page_label):.1f} | {bare_label} | {best(bare_label):.1f} | {ratio:.2f} | "
            f"{'met' if ratio >= 0.5 else 'missed'} |"
        )
        if ratio < 0.5:
            missed.append(page_label)
    refused = sum(m.refused for ms in results.values() for m in ms)
    lines.append("")
    lines.append(f"Refused or failed posts: {refused}.")
    print("\n".join(lines))
    return 1 if missed or refused else 0


if __name__ == "__main__":
    sys.exit(main())
