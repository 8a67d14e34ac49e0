"""Time the portal's busy pages on a generated database: ``python bench/run.py``.

Each page is requested in-process through Django's test client (signed in with force_login, after
warm-up requests), ``--repeat`` times; the table gives the median and 95th percentile of the
server time, the time the page's SQL took (every query timed through connection.execute_wrapper),
and, for list pages, Django admin's default changelist of the same model with the same filter
(a plain ModelAdmin on a throwaway AdminSite, see bench/urls.py), requested in turn with the page.
It ends with EXPLAIN ANALYZE of
the Arabic name search. Run it against the database bench/generate.py filled.
"""

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import configure

NAME_FRAGMENT = "غامد"  # part of the family name الغامدي


@dataclass
class Page:
    label: str
    role: str
    url: str
    kind: str = "page"  # "list" pages must meet the list targets and have an admin yardstick
    admin_url: str | None = None
    limit_ms: float = 100
    repeat: int | None = None


@dataclass
class Result:
    page: Page
    times: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    queries: int = 0
    status: int = 0
    admin_times: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def p95(self) -> float:
        return _percentile(self.times, 95)

    @property
    def sql_median(self) -> float:
        return statistics.median(self.sql) if self.sql else float("nan")

    @property
    def admin_median(self) -> float | None:
        return statistics.median(self.admin_times) if self.admin_times else None


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


class SqlTimer:
    """Adds up the time of every query the page runs (execute includes fetching the rows)."""

    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class QueryLog:
    """Each query's time and text, for ``--queries``: where a slow page spends its SQL time."""

    def __init__(self):
        self.entries: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.entries.append(((time.perf_counter() - started) * 1000, sql))


def slowest_queries(page: Page, users, *, top: int = 8) -> str:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(users[page.role])
    client.get(page.url, secure=True)  # warm-up
    log = QueryLog()
    with connection.execute_wrapper(log):
        response = client.get(page.url, secure=True)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    lines = [f"-- {page.label}: {len(log.entries)} queries, {sum(ms for ms, _ in log.entries):.1f} ms"]
    for ms, sql in sorted(log.entries, reverse=True)[:top]:
        lines.append(f"{ms:8.1f} ms  {sql[:400]}")
    return "\n".join(lines)


def _users():
    from django.contrib.auth import get_user_model

    from policies.roles import Role

    user_model = get_user_model()
    users = {}
    for role in Role.values:
        user = (
            user_model.objects.filter(username__startswith=f"bench_{role}_", is_active=True).order_by("pk").first()
            or user_model.objects.filter(groups__name=role, is_active=True, is_superuser=False).order_by("pk").first()
        )
        if user:
            users[role] = user
    superuser, created = user_model.objects.get_or_create(
        username="bench_plain_admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        superuser.set_unusable_password()
        superuser.save()
    users["plain_admin"] = superuser
    return users


def pages(users) -> list[Page]:
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from beneficiaries.models import Beneficiary
    from requests_app.models import AgendaItem, Meeting, RequestStatus, SupportRequest
    from surveys.models import Survey

    someone = Beneficiary.objects.order_by("pk")[Beneficiary.objects.count() // 2]
    mobile = "0" + someone.mobile.removeprefix("+966")
    researched = SupportRequest.objects.filter(status=RequestStatus.UNDER_RESEARCH).order_by("-pk").first()
    open_meeting = Meeting.objects.filter(status="open").order_by("-date", "pk").first()
    busiest = (
        AgendaItem.objects.filter(meeting__status="closed")
        .values_list("meeting_id", flat=True)
        .order_by("-meeting__date")
        .first()
    )
    survey = Survey.objects.filter(kind="after_service").order_by("pk").first()
    today = timezone.localdate().isoformat()
    plain = "/bench-plain-admin"
    result = [
        Page("Empty staff page (the layout alone)", "reception", "/bench-layout-only/"),
        Page(
            "Beneficiary search by ID",
            "reception",
            f"/beneficiaries/?q={someone.identity_number}",
            "list",
            f"{plain}/beneficiaries/beneficiary/?q={someone.identity_number}",
        ),
        Page(
            "Beneficiary search by mobile",
            "reception",
            f"/beneficiaries/?q={mobile}",
            "list",
            f"{plain}/beneficiaries/beneficiary/?q={someone.mobile}",
        ),
        Page(
            "Beneficiary search by Arabic name fragment",
            "reception",
            f"/beneficiaries/?q={NAME_FRAGMENT}",
            "list",
            f"{plain}/beneficiaries/beneficiary/?q={NAME_FRAGMENT}",
        ),
        Page("Beneficiary list", "reception", "/beneficiaries/", "list", f"{plain}/beneficiaries/beneficiary/"),
        Page("Beneficiary list: contact_officer (their own)", "contact_officer", "/beneficiaries/"),
    ]
    req = f"{plain}/requests_app/supportrequest/"
    queues = [
        ("reception", "to_verify", "?status__in=draft,incomplete"),
        ("reception", "to_refer", "?status__exact=complete"),
        ("reception", "due_soon", f"?status__in=complete,referred,under_research&due_date__gte={today}"),
        ("reception", "overdue", f"?status__in=complete,referred,under_research&due_date__lt={today}"),
        ("reception", "all", ""),
        (
            "social_researcher",
            "my_research",
            "?status__in=under_research,on_hold&assigned_researcher__id__exact=" + str(users["social_researcher"].pk),
        ),
        ("committee_secretary", "due_soon", f"?status__in=complete,referred,under_research&due_date__gte={today}"),
        ("manager", "overdue", f"?status__in=complete,referred,under_research&due_date__lt={today}"),
    ]
    for role, queue, admin_filter in queues:
        result.append(
            Page(f"Request queue: {role} / {queue}", role, f"/requests/?queue={queue}", "list", req + admin_filter)
        )
    if researched:
        result.append(Page("Request page", "reception", f"/requests/{researched.pk}/"))
    if open_meeting:
        result.append(
            Page(
                "Committee agenda (admin meeting page)",
                "committee_secretary",
                f"/admin/requests_app/meeting/{open_meeting.pk}/change/",
                limit_ms=100,
            )
        )
    if busiest:
        result.append(
            Page(
                "Committee agenda items (admin list)",
                "committee_secretary",
                f"/admin/requests_app/agendaitem/?meeting__id__exact={busiest}",
                "list",
                f"{plain}/requests_app/agendaitem/?meeting__id__exact={busiest}",
            )
        )
    result.append(
        Page(
            "Complaints list",
            "complaints_officer",
            "/complaints/",
            "list",
            f"{plain}/complaints/complaint/?status__in=received,acknowledged,under_investigation,awaiting_complainant",
        )
    )
    result.append(Page("Complaints monitoring", "manager", "/complaints/monitoring/"))
    result.append(Page("Letters and calls to do", "reception", "/notifications/tasks/"))
    result.append(Page("Survey list", "manager", "/surveys/results/"))
    if survey:
        result.append(Page("Survey results", "manager", f"/surveys/results/{survey.pk}/"))
    for name, label, limit, repeat in (
        ("reports:dashboard", "Managers' dashboard", 300, None),
        ("reports:performance_report", "Monthly performance PDF", 3000, 5),
    ):
        try:
            url = reverse(name)
        except NoReverseMatch:
            print(f"skipped {label}: no URL named {name} yet")
            continue
        result.append(Page(label, "manager", url, limit_ms=limit, repeat=repeat))
    return result


def measure(page: Page, users, *, repeat: int, warmup: int) -> Result:
    from django.db import connection
    from django.test import Client

    result = Result(page)
    user = users.get(page.role)
    if user is None:
        result.note = f"no {page.role} user"
        return result
    client = Client()
    client.force_login(user)
    admin = None
    if page.admin_url:
        admin = Client()
        admin.force_login(users["plain_admin"])
    count = page.repeat or repeat
    # The page and its admin yardstick take turns, so that both see the machine in the same state
    # (a shared machine's speed drifts by a fifth within minutes).
    for index in range(warmup + count):
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            started = time.perf_counter()
            response = client.get(page.url, secure=True)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - started
        result.status = response.status_code
        if response.status_code != 200:
            result.note = f"HTTP {response.status_code}"
            return result
        if index >= warmup:
            result.times.append(elapsed * 1000)
            result.sql.append(timer.seconds * 1000)
            result.queries = timer.count
        if admin is not None:
            started = time.perf_counter()
            response = admin.get(page.admin_url, secure=True)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                result.note = f"admin HTTP {response.status_code}"
                result.admin_times.clear()
                admin = None
            elif index >= warmup:
                result.admin_times.append(elapsed * 1000)
    return result


def verdict(result: Result) -> str:
    page = result.page
    if not result.times:
        return result.note or "not measured"
    misses = []
    if result.median > page.limit_ms:
        misses.append(f"median > {page.limit_ms:g} ms")
    if page.kind == "list":
        if result.median > 1.5 * result.sql_median:
            misses.append("page > 1.5 × SQL")
        if result.admin_median is not None and result.admin_median < 3 * result.median:
            misses.append("admin < 3 × page")
    return "met" if not misses else "missed: " + ", ".join(misses)


def table(results: list[Result]) -> str:
    lines = [
        "| page | median ms | p95 ms | SQL ms | queries | page/SQL | admin ms | admin/page | targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        if not r.times:
            lines.append(f"| {r.page.label} | — | — | — | — | — | — | — | {r.note} |")
            continue
        admin = r.admin_median
        lines.append(
            f"| {r.page.label} | {r.median:.1f} | {r.p95:.1f} | {r.sql_median:.1f} | {r.queries} | "
            f"{r.median / r.sql_median:.2f} | {'' if admin is None else f'{admin:.1f}'} | "
            f"{'' if admin is None else f'{admin / r.median:.2f}'} | {verdict(r)} |"
        )
    return "\n".join(lines)


def explain_name_search(users) -> str:
    """The plan of the list page's query for an Arabic name fragment, as the reception desk runs it."""
    from django.db import connection

    from beneficiaries.selectors import beneficiary_list
    from policies.pagination import COUNT_LIMIT

    queryset = beneficiary_list(user=users["reception"], query=NAME_FRAGMENT)[:25]
    options = {"analyze": True, "buffers": True} if connection.vendor == "postgresql" else {}
    # The rows the list's paginator counts (policies.pagination.CappedPaginator): no ordering, at
    # most one past the limit.
    count_plan = (
        beneficiary_list(user=users["reception"], query=NAME_FRAGMENT).order_by().values("pk")[: COUNT_LIMIT + 1]
    )
    return (
        f"-- page of 25 rows\n{queryset.explain(**options)}\n\n"
        f"-- the rows the paginator counts\n{count_plan.explain(**options)}"
    )


def sizes() -> str:
    from beneficiaries.models import Beneficiary, Document, HouseholdMember
    from complaints.models import Complaint
    from requests_app.models import RequestStatusChange, SupportRequest
    from surveys.models import Answer, Response

    parts = [
        (Beneficiary, "beneficiaries"),
        (HouseholdMember, "household members"),
        (Document, "documents"),
        (SupportRequest, "requests"),
        (RequestStatusChange, "status changes"),
        (SupportRequest.history.model, "request history rows"),
        (Complaint, "complaints"),
        (Response, "survey responses"),
        (Answer, "survey answers"),
    ]
    return ", ".join(f"{model._default_manager.count():,} {label}" for model, label in parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="defaults to $DATABASE_URL")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", help="measure only pages whose label contains this text")
    parser.add_argument("--markdown", help="also write the table and the plan to this file")
    parser.add_argument("--queries", action="store_true", help="list each page's slowest queries instead of timing")
    args = parser.parse_args(argv)
    configure(args.database_url)
    from django.conf import settings
    from django.db import connection

    settings.ROOT_URLCONF = "bench.urls"
    users = _users()
    data = sizes()
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}: {data}")
    results = []
    for page in pages(users):
        if args.only and args.only.lower() not in page.label.lower():
            continue
        if args.queries:
            print(slowest_queries(page, users), flush=True)
            continue
        result = measure(page, users, repeat=args.repeat, warmup=args.warmup)
        print(
            f"  {page.label}: {result.median:.1f} ms median, SQL {result.sql_median:.1f} ms {result.note}", flush=True
        )
        results.append(result)
    if args.queries:
        return 0
    output = table(results)
    plan = explain_name_search(users)
    print()
    print(output)
    print()
    print(f"EXPLAIN ANALYZE, search by Arabic name fragment '{NAME_FRAGMENT}':")
    print(plan)
    if args.markdown:
        Path(args.markdown).write_text(
            f"Data: {data}\n\n{output}\n\nEXPLAIN ANALYZE of the Arabic name fragment search ('{NAME_FRAGMENT}'):\n\n"
            f"```\n{plan}\n```\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
