"""Silah served the way production runs it, on this machine: gunicorn on PostgreSQL, Redis, Celery.

bench/load.py (the load and fault runs), bench/throughput.py and bench/scaleout.py start their
processes through :class:`Stack`: a fresh PostgreSQL database filled by bench/generate.py, gunicorn
with DEBUG off, Redis for the cache and Celery's broker, a Celery worker, the outbox's retry loop
(``deliver_notifications --loop``) and a stand-in SMS gateway (bench/sms_gateway.py). Plain HTTP on
loopback, so the secure-cookie and HTTPS-redirect settings are turned off here and nowhere else.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS_SERVER = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379")
STAFF_PASSWORD = "Bench-load-2026"  # set on the generated staff accounts of the bench database only
# The generated staff accounts the load signs in with, and the pages each one opens.
STAFF_PAGES = {
    "bench_reception_1": ["/beneficiaries/", "/beneficiaries/?q={name}", "/requests/?queue=to_verify", "/requests/"],
    "bench_social_researcher_1": ["/requests/?queue=my_research", "/beneficiaries/?q={mobile}"],
    "bench_complaints_officer_1": ["/complaints/"],
    "bench_manager_1": ["/requests/?queue=overdue", "/beneficiaries/?q={identity}"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback, our own URL)
                if response.status < 500:
                    return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.3)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def gunicorn_workers() -> int:
    """gunicorn's own advice: two per core plus one."""
    return 2 * cpu_count() + 1


def _pg_env() -> dict[str, str]:
    from urllib.parse import urlsplit

    parts = urlsplit(PG_SERVER)
    return {
        **os.environ,
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGUSER": parts.username or "postgres",
    }


class Stack:
    """The processes of one installation; ``close()`` (or the with-block) stops every one of them."""

    def __init__(self, *, database: str, redis_db: int = 9, log_dir: Path | None = None):
        self.database = database
        self.database_url = f"{PG_SERVER}/{database}"
        self.redis_db = redis_db
        self.var_dir = Path(tempfile.mkdtemp(prefix="silah-bench-"))
        self.log_dir = log_dir or self.var_dir / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.sms_port = free_port()
        self.sms_log = self.var_dir / "sms-gateway.jsonl"
        self.processes: dict[str, subprocess.Popen] = {}

    # --- set-up --------------------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SILAH_VAR_DIR": str(self.var_dir),
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "CACHE_URL": f"{REDIS_SERVER}/{self.redis_db}",
            "CELERY_BROKER_URL": f"{REDIS_SERVER}/{self.redis_db + 1}",
            "SMS_BACKEND": "http",
            "SMS_GATEWAY_URL": f"http://127.0.0.1:{self.sms_port}/sms",
            "SMS_GATEWAY_TIMEOUT": "2",
            # Every visitor of the load comes from 127.0.0.1; the load names each one in the header
            # a reverse proxy would set, so the per-address limits count visitors, not the bench.
            "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            "MALWARE_SCAN": "off",
            "MALWARE_SCAN_REQUIRED": "0",
            # Retries come quickly here, so a gateway outage of seconds is seen through to the end.
            "NOTIFICATIONS_RETRY_BASE_SECONDS": "2",
            "NOTIFICATIONS_RETRY_MAX_SECONDS": "10",
            "NOTIFICATIONS_MAX_ATTEMPTS": "60",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update(extra)
        return env

    def manage(self, *args: str, **extra: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env(**extra), check=True)

    def create_database(self, *, scale: float, log=print) -> None:
        """A new database, migrated and filled at ``scale``, and the static files collected."""
        env = _pg_env()
        subprocess.run(
            [shutil.which("dropdb") or "dropdb", "--if-exists", "--force", self.database], env=env, check=True
        )
        subprocess.run([shutil.which("createdb") or "createdb", self.database], env=env, check=True)
        started = time.monotonic()
        self.manage("migrate", "--noinput", "-v", "0")
        subprocess.run(
            [sys.executable, "bench/generate.py", "--scale", str(scale), "--database-url", self.database_url],
            cwd=ROOT,
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.manage("collectstatic", "--noinput", "-v", "0")
        log(f"database {self.database} ready at scale {scale} in {time.monotonic() - started:.0f} s")

    def flush_redis(self) -> None:
        import redis

        for number in (self.redis_db, self.redis_db + 1):
            redis.Redis.from_url(f"{REDIS_SERVER}/{number}").flushdb()

    def drop_database(self) -> None:
        subprocess.run(["dropdb", "--if-exists", "--force", self.database], env=_pg_env(), check=False)

    # --- processes -----------------------------------------------------------------------

    def _start(self, name: str, command: list[str], **extra: str) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env(**extra), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log_file = log
        self.processes[name] = process
        return process

    def start_web(self, *, name: str = "web", port: int | None = None, workers: int | None = None, **extra: str) -> str:
        port = port or free_port()
        self._start(
            name,
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers or gunicorn_workers()),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],
            **extra,
        )
        url = f"http://127.0.0.1:{port}"
        wait_for_http(url + "/apply/")
        return url

    def start_worker(self, *, name: str = "worker") -> subprocess.Popen:
        return self._start(
            name,
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "--hostname",
                f"{name}@%h",
            ],
        )

    def start_retry_loop(self) -> None:
        self._start("deliver", [sys.executable, "manage.py", "deliver_notifications", "--loop", "--interval", "2"])

    def start_sms_gateway(self) -> None:
        self._start(
            "sms", [sys.executable, "bench/sms_gateway.py", "--port", str(self.sms_port), "--log", str(self.sms_log)]
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.sms_port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the stand-in SMS gateway did not start")

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        process.log_file.close()

    def close(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- what the load needs to know -----------------------------------------------------

    def sms_delivered_keys(self) -> list[str]:
        if not self.sms_log.exists():
            return []
        return [json.loads(line)["key"] for line in self.sms_log.read_text().splitlines() if line.strip()]


def load_plan(*, sample: int = 200) -> dict:
    """What the simulated visitors and staff use, read from the bench database (Django configured).

    Sets the load's password on the staff accounts it signs in with.
    """
    from django.contrib.auth import get_user_model

    from beneficiaries.models import Beneficiary, BeneficiaryCategory
    from complaints.models import Complaint, ComplaintCategory
    from requests_app.models import ServiceType, SupportRequest

    user_model = get_user_model()
    for username in STAFF_PAGES:
        user = user_model.objects.get(username=username)
        user.set_password(STAFF_PASSWORD)
        user.save(update_fields=["password"])
    someone = Beneficiary.objects.exclude(mobile="").order_by("pk").first()
    fill = {"name": "غامد", "mobile": someone.mobile.replace("+966", "0"), "identity": someone.identity_number}
    tracked = (
        SupportRequest.objects.select_related("beneficiary")
        .order_by("-pk")
        .values_list("tracking_code", "beneficiary__identity_number")[:sample]
    )
    service = ServiceType.objects.filter(is_active=True).prefetch_related("categories").order_by("pk").first()
    categories = BeneficiaryCategory.objects.filter(is_active=True).exclude(code="assembly_members").order_by("pk")
    allowed = [category.pk for category in service.categories.all() if category.is_active]
    return {
        "service_type": service.pk,
        "category": allowed[0] if allowed else categories.values_list("pk", flat=True).first(),
        "complaint_category": ComplaintCategory.objects.order_by("pk").values_list("pk", flat=True).first(),
        "tracking": [[code, identity[-4:]] for code, identity in tracked],
        "complaint_codes": list(Complaint.objects.order_by("-pk").values_list("tracking_code", flat=True)[:sample]),
        "staff": {username: [page.format(**fill) for page in pages] for username, pages in STAFF_PAGES.items()},
        "password": STAFF_PASSWORD,
    }
