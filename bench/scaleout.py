"""Two application servers, one installation: ``python bench/scaleout.py``.

Starts two gunicorn processes on different ports (as on two machines behind a load balancer) and
a Celery worker as a third process, all sharing one PostgreSQL database and one Redis, and proves
with real HTTP requests that:

1. sessions are shared: a staff member signed in through one server is signed in on the other,
   and signing out on one signs out on both (sessions live in PostgreSQL);
2. the cache is shared: the per-address limit of the public tracking page counts look-ups made
   through both servers together (the cache is Redis);
3. the outbox is shared: requests sent through either server produce SMS that the worker
   process, not the web servers, delivers (messages are rows in PostgreSQL, the nudge goes
   through Redis to Celery);
4. the reference data each process keeps in memory (policies.reference) follows a change made
   elsewhere at once: every worker of both servers shows the association's new name on its next
   page (a trigger gives the revision row a new token with the change).

Exits non-zero when a proof fails. README, "Scaling out", says what an association sets up.
"""

import argparse
import os
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import requests

from bench.serve import Stack, load_plan
from bench.visitors import csrf_token, request_form

TRACKING_LIMIT = 6


def sign_in(session: requests.Session, base: str, username: str, password: str) -> bool:
    page = session.get(f"{base}/accounts/login/")
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page.text)},
        headers={"Referer": page.url},
    )
    return answer.ok and "/accounts/login/" not in answer.url


def signed_in(session: requests.Session, base: str) -> bool:
    page = session.get(f"{base}/beneficiaries/", allow_redirects=False)
    return page.status_code == 200


def prove_sessions(a: str, b: str, plan: dict) -> list[str]:
    session = requests.Session()
    username = "bench_reception_1"
    results = [
        ("signs in through server A", sign_in(session, a, username, plan["password"])),
        ("server B knows the session A started", signed_in(session, b)),
    ]
    page = session.get(f"{b}/beneficiaries/")
    session.post(
        f"{b}/accounts/logout/", data={"csrfmiddlewaretoken": csrf_token(page.text)}, headers={"Referer": page.url}
    )
    results.append(("signing out on B signs out on A too", not signed_in(session, a)))
    return results


def prove_cache(a: str, b: str, plan: dict) -> list[str]:
    address = {"X-Forwarded-For": "10.99.0.7"}
    code, _digits = plan["tracking"][0]
    statuses = []
    for attempt in range(TRACKING_LIMIT + 1):
        base = a if attempt % 2 == 0 else b
        visitor = requests.Session()
        page = visitor.get(f"{base}/apply/track/", headers=address)
        answer = visitor.post(
            f"{base}/apply/track/",
            data={"tracking_code": code, "id_last_digits": "0000", "csrfmiddlewaretoken": csrf_token(page.text)},
            headers={**address, "Referer": page.url},
        )
        statuses.append(answer.status_code)
    return [
        (f"{TRACKING_LIMIT} look-ups from one address through A and B together are answered", 429 not in statuses[:-1]),
        ("the next one is refused with 429, whichever server takes it", statuses[-1] == 429),
    ]


def prove_outbox(a: str, b: str, plan: dict, stack: Stack, worker_pid: int) -> list[str]:
    from django.db import close_old_connections

    from beneficiaries.models import Beneficiary
    from notifications.models import Channel, Message, MessageStatus
    from requests_app.models import SupportRequest

    codes = []
    for number, base in enumerate((a, b)):
        visitor = requests.Session()
        page = visitor.get(f"{base}/apply/")
        form = request_form(plan=plan, serial=77_000_000 + number, csrf=csrf_token(page.text))
        visitor.post(
            f"{base}/apply/",
            data=form,
            headers={"Referer": page.url, "X-Forwarded-For": f"10.98.0.{number + 1}"},
        )
        codes.append(form["identity_number"])
    deadline = time.monotonic() + 60
    while True:
        close_old_connections()
        received = list(
            SupportRequest.objects.filter(beneficiary__identity_number__in=codes).values_list("pk", flat=True)
        )
        people = Beneficiary.objects.filter(identity_number__in=codes).values_list("pk", flat=True)
        messages = list(
            Message.objects.filter(
                channel=Channel.SMS, recipient_object_id__in=list(people), recipient_content_type__model="beneficiary"
            )
        )
        if (
            len(messages) == 2 and all(m.status == MessageStatus.SENT for m in messages)
        ) or time.monotonic() > deadline:
            break
        time.sleep(1)
    delivered = set(stack.sms_delivered_keys())
    by_worker = [m for m in messages if m.claimed_by and _session_of(m.claimed_by) == worker_pid]
    return [
        ("a request sent through each server is saved", len(received) == 2),
        ("each one's SMS is sent", len(messages) == 2 and all(m.status == MessageStatus.SENT for m in messages)),
        ("the gateway received both", all(m.idempotency_key in delivered for m in messages) and len(messages) == 2),
        ("the Celery worker process sent them, not a web server", len(by_worker) == len(messages) == 2),
    ]


def prove_reference_data(a: str, b: str, plan: dict) -> list[str]:
    from django.db import close_old_connections

    from policies.models import AssociationProfile

    session = requests.Session()
    sign_in(session, a, "bench_reception_1", plan["password"])
    # Enough pages that every worker of both servers has drawn (and kept) the old name.
    pages = 12

    def names_shown() -> list[str]:
        return [session.get(f"{base}/beneficiaries/").text for base in (a, b) for _page in range(pages)]

    close_old_connections()
    profile = AssociationProfile.objects.order_by("pk").first() or AssociationProfile.objects.create(name="صلة")
    before = names_shown()
    new_name = f"جمعية البر الأهلية {time.monotonic_ns()}"
    # Written by this process, as an administrator's edit on any server or a database client is.
    AssociationProfile.objects.filter(pk=profile.pk).update(name=new_name)
    after = names_shown()
    return [
        ("both servers show the association's name", all(profile.name in page for page in before)),
        (
            "a new name shows at once on every page of both servers",
            all(new_name in page and f"<span>{profile.name}</span>" not in page for page in after),
        ),
    ]


def _session_of(claimed_by: str) -> int | None:
    try:
        return os.getsid(int(claimed_by.rsplit(":", 1)[1]))
    except (ValueError, IndexError, ProcessLookupError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="silah_scaleout")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)
    stack = Stack(database=args.database, redis_db=12)
    stack.create_database(scale=0.001)
    stack.flush_redis()
    os.environ["PUBLIC_TRACKING_ATTEMPTS"] = str(TRACKING_LIMIT)
    from bench.setup import configure

    configure(stack.database_url)
    plan = load_plan()
    results = []
    try:
        stack.start_sms_gateway()
        a = stack.start_web(name="web-a", workers=2)
        b = stack.start_web(name="web-b", workers=2)
        worker = stack.start_worker()
        print(f"server A {a}, server B {b}, Celery worker pid {worker.pid}; PostgreSQL {args.database}, Redis")
        results += prove_sessions(a, b, plan)
        results += prove_cache(a, b, plan)
        results += prove_outbox(a, b, plan, stack, worker.pid)
        results += prove_reference_data(a, b, plan)
    finally:
        stack.close()
        if not args.keep_database:
            from django.db import connections

            connections.close_all()
            stack.drop_database()
    for label, ok in results:
        print(f"{'✓' if ok else '✗'} {label}")
    failed = [label for label, ok in results if not ok]
    print("All shared." if not failed else f"FAILED: {len(failed)} of {len(results)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
