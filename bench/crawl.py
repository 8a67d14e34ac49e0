"""Time every page each role can reach, on the generated database: ``python bench/crawl.py``.

bench/run.py times the pages issue 11 names. This walks the rest: signed in as each role's bench
user, it follows the links of every page it draws (GET only, from the home page, two addresses of
each URL pattern), times each page three times and prints the slowest first. A page above 100 ms
here is one a person waits for at a large association's scale.

Every statement runs under ``statement_timeout`` and ``temp_file_limit`` (``--statement-timeout``,
``--temp-file-limit``): a query that multiplies two relations can otherwise fill the database's
disk before it fails (the survey list did, before it read its figures from subqueries). A page
that hits either limit is printed as an error.
"""

import argparse
import collections
import re
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.setup import configure

HREF = re.compile(r'href="(/[^"#]*)"')
# Signing out, switching language and downloading uploaded files change state or time nothing.
SKIPPED_PREFIXES = ("/static/", "/media/", "/logout", "/accounts/logout", "/i18n/", "/admin/logout", "/documents/")
SAME_PATTERN_LIMIT = 2
PAGE_LIMIT = 400


def limit_every_connection(*, statement_timeout: str, temp_file_limit: str) -> None:
    from django.db.backends.signals import connection_created

    def apply(sender, connection, **kwargs):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [statement_timeout])
                cursor.execute("SELECT set_config('temp_file_limit', %s, false)", [temp_file_limit])

    connection_created.connect(apply, weak=False)


def route_of(url: str) -> str | None:
    from django.urls import Resolver404, resolve

    path, _mark, query = url.partition("?")
    try:
        match = resolve(path)
    except Resolver404:
        return None
    first_parameter = query.split("=", 1)[0]
    return f"{match.route}?{first_parameter}" if first_parameter else match.route


def crawl(role: str, user, *, repeat: int) -> list[tuple]:
    from django.db import connection
    from django.test import Client

    from bench.run import SqlTimer

    client = Client()
    client.force_login(user)
    per_route: collections.Counter = collections.Counter()
    queue, seen, rows = ["/"], {"/"}, []
    while queue:
        url = queue.pop(0)
        route = route_of(url)
        if route is None or per_route[route] >= SAME_PATTERN_LIMIT:
            continue
        per_route[route] += 1
        times, sql = [], []
        try:
            for _ in range(repeat):
                timer = SqlTimer()
                with connection.execute_wrapper(timer):
                    started = time.perf_counter()
                    response = client.get(url, secure=True)
                    body = b"".join(response.streaming_content) if response.streaming else response.content
                    times.append((time.perf_counter() - started) * 1000)
                sql.append(timer.seconds * 1000)
        except Exception as error:  # a page that fails is reported, and the walk goes on
            rows.append((float("inf"), 0.0, 0, "error", role, url, repr(error)[:200]))
            connection.close()
            continue
        status = response.status_code
        rows.append((statistics.median(times), statistics.median(sql), timer.count, status, role, url, ""))
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for href in HREF.findall(body.decode("utf-8", "replace")):
                href = href.replace("&amp;", "&")
                if href.startswith(SKIPPED_PREFIXES) or href in seen or len(seen) >= PAGE_LIMIT:
                    continue
                seen.add(href)
                queue.append(href)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="defaults to $DATABASE_URL")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=40, help="how many of the slowest pages to print")
    parser.add_argument("--statement-timeout", default="20s")
    parser.add_argument("--temp-file-limit", default="1GB")
    args = parser.parse_args(argv)
    configure(args.database_url)
    limit_every_connection(statement_timeout=args.statement_timeout, temp_file_limit=args.temp_file_limit)

    from bench.run import _users

    rows = []
    for role, user in _users().items():
        if role != "plain_admin":
            rows.extend(crawl(role, user, repeat=args.repeat))
    rows.sort(key=lambda row: row[0], reverse=True)
    print("| median ms | SQL ms | queries | status | role | page |")
    print("|---:|---:|---:|---|---|---|")
    for median, sql, queries, status, role, url, error in rows[: args.top]:
        shown = "—" if error else f"{median:.1f}"
        outcome = f"{status} {error}" if error else status
        print(f"| {shown} | {sql:.1f} | {queries} | {outcome} | {role} | `{url[:120]}` |")
    errors = sum(1 for row in rows if row[6])
    print(f"\n{len(rows)} pages, {errors} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
