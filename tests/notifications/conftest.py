"""Fixtures for the outbox: seeded texts, an SMS outbox in memory, a fake HTTP SMS gateway, a worker."""

import importlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.apps import apps as django_apps

from notifications import services, sweeps
from notifications.backends import sms

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")


@pytest.fixture(autouse=True)
def message_templates(request):
    """The seeded Arabic and English texts, present even after a transactional test emptied the tables."""
    if "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return  # a test without the database (reading source files, settings)
    SEED.seed_templates(django_apps)


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    """What the in-memory SMS backend sent during the test."""
    settings.SMS_BACKEND = "locmem"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def retry_settings(settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATIONS_RETRY_MAX_SECONDS = 3600
    settings.NOTIFICATIONS_SENDING_TIMEOUT = 600
    settings.NOTIFICATIONS_ASSOCIATION_NAME = "جمعية البر بالرياض"


@pytest.fixture
def deliver():
    """Run one delivery pass, as the worker or `deliver_notifications` would."""

    def run():
        services.messages_recover_stuck()
        return services.messages_deliver_due(worker="test-worker")

    return run


@pytest.fixture
def sweep_registry():
    """Only the sweeps a test registers run during it (domain apps' own are set aside and put back)."""
    saved = {name: dict(functions) for name, functions in sweeps._registry.items()}
    sweeps._registry.clear()
    yield sweeps
    sweeps._registry.clear()
    sweeps._registry.update(saved)


class FakeSmsGateway:
    """A JSON SMS gateway on 127.0.0.1 at a random port, de-duplicating on Idempotency-Key.

    ``mode`` is "ok", "down" (503) or "reject" (400). ``requests`` keeps every request it got;
    ``delivered`` only those that reached a phone (the first of each idempotency key).
    """

    def __init__(self):
        self.mode = "ok"
        self.requests: list[dict] = []
        self.delivered: list[dict] = []
        self._lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                record = {"path": self.path, "headers": dict(self.headers), "json": body}
                with gateway._lock:
                    gateway.requests.append(record)
                    mode = gateway.mode
                    if mode == "ok":
                        key = self.headers.get("Idempotency-Key")
                        known = [d for d in gateway.delivered if d["headers"].get("Idempotency-Key") == key]
                        if not known:
                            gateway.delivered.append(record)
                        reference = f"msg-{gateway.delivered.index(known[0] if known else record) + 1}"
                if mode == "down":
                    self._answer(503, {"error": "maintenance"})
                elif mode == "reject":
                    self._answer(400, {"error": "invalid destination number"})
                else:
                    self._answer(200, {"id": reference, "status": "queued"})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/v1/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def fake_sms_gateway(settings):
    """The HTTP SMS backend pointed at a fake gateway running for this test only."""
    with FakeSmsGateway() as gateway:
        settings.SMS_BACKEND = "http"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_API_KEY = "test-api-key"
        settings.SMS_SENDER_NAME = "AlBirr"
        settings.SMS_GATEWAY_TIMEOUT = 5
        settings.SMS_GATEWAY_IDEMPOTENT = True
        yield gateway
