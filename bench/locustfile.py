"""The load of bench/load.py: visitors on the public pages and staff on their lists (locust).

Not run on its own: bench/load.py writes the plan (SILAH_LOAD_PLAN, see bench/serve.load_plan)
and reads back the log of every request (SILAH_LOAD_LOG) to compute its figures. Each visitor's
task comes from a new address (X-Forwarded-For, as the association's reverse proxy would set it),
so the per-address limits of the public pages count visitors, not the bench.
"""

import csv
import itertools
import json
import os
import random
import sys
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.visitors import csrf_token, request_form

PLAN = json.loads(open(os.environ["SILAH_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
PAUSE_PAGE = "Retry-After"  # the database-outage page (config.views.server_error) carries it
LOG: list[tuple] = []
# New applicants' ID serials: consecutive from a random start, above the generator's (its are the
# record numbers, at most a few hundred thousand), so a drawn ID is never a registered person's.
APPLICANTS = itertools.count(random.randrange(20_000_000, 90_000_000))


@events.request.add_listener
def record(request_type, name, response_time, response_length, response=None, exception=None, start_time=None, **kw):
    status = getattr(response, "status_code", 0) if response is not None else 0
    pause = bool(response is not None and status == 503 and PAUSE_PAGE in response.headers)
    failure = "" if exception is None else type(exception).__name__ + ": " + str(exception)[:120]
    LOG.append((f"{start_time:.3f}", request_type, name, status, f"{response_time:.1f}", int(pause), failure))


@events.quitting.add_listener
def write_log(environment, **kw):
    with open(os.environ["SILAH_LOAD_LOG"], "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(("start", "method", "name", "status", "ms", "pause_page", "failure"))
        writer.writerows(LOG)


def visitor_address() -> dict[str, str]:
    return {"X-Forwarded-For": f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"}


class Visitor(HttpUser):
    """A beneficiary on a phone: sends a request or a complaint, or looks one up."""

    weight = 3
    wait_time = between(0.5, 1.5)

    def _form(self, url: str, name: str, data: dict, accepted: str):
        headers = visitor_address()
        page = self.client.get(url, headers=headers, name=f"GET {name}")
        if page.status_code != 200:
            return
        data["csrfmiddlewaretoken"] = csrf_token(page.text)
        with self.client.post(
            url, data=data, headers={**headers, "Referer": page.url}, name=f"POST {name}", catch_response=True
        ) as response:
            if response.status_code == 200 and accepted not in response.url and accepted not in response.text:
                response.failure("the form refused the input")

    @task(2)
    def send_a_request(self):
        self._form(
            "/apply/",
            "/apply/",
            request_form(plan=PLAN, serial=next(APPLICANTS)),
            accepted="/apply/submitted/",
        )

    @task(3)
    def track_a_request(self):
        code, last_digits = random.choice(PLAN["tracking"])
        self._form(
            "/apply/track/",
            "/apply/track/",
            {"tracking_code": code, "id_last_digits": last_digits},
            accepted='id="request-status"',
        )

    @task(1)
    def send_a_complaint(self):
        self._form(
            "/complaints/public/",
            "/complaints/public/",
            {
                "submission_token": str(uuid.uuid4()),
                "kind": "complaint",
                "category": PLAN["complaint_category"],
                "subject": "تأخر الرد على طلبي",
                "description": "قدمت طلب مساعدة منذ شهر ولم يصلني أي رد.",
                "is_anonymous": "on",
                "contact_channel": "sms",
                "website": "",
            },
            accepted="/complaints/public/sent/",
        )

    @task(1)
    def track_a_complaint(self):
        self._form(
            "/complaints/public/track/",
            "/complaints/public/track/",
            {"code": random.choice(PLAN["complaint_codes"])},
            accepted='id="tracking-status"',
        )


class Staff(HttpUser):
    """A staff member signed in, going through their lists."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.username = random.choice(sorted(PLAN["staff"]))
        self.signed_in = False

    def _sign_in(self):
        page = self.client.get("/accounts/login/", name="GET /accounts/login/")
        if page.status_code != 200:
            return
        with self.client.post(
            "/accounts/login/",
            name="POST /accounts/login/",
            catch_response=True,
            data={
                "username": self.username,
                "password": PLAN["password"],
                "csrfmiddlewaretoken": csrf_token(page.text),
            },
            headers={"Referer": page.url},
        ) as response:
            self.signed_in = response.status_code == 200 and "/accounts/login/" not in response.url
            if response.status_code == 200 and not self.signed_in:
                response.failure("sign-in refused")

    @task
    def open_a_list(self):
        if not self.signed_in:
            self._sign_in()
            return
        url = random.choice(PLAN["staff"][self.username])
        name = "GET " + url.split("?")[0] + ("?" + url.split("?")[1].split("=")[0] if "?" in url else "")
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code == 200 and "/accounts/login/" in response.url:
                self.signed_in = False
                response.failure("signed out")
