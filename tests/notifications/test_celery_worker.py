"""A real Celery worker, with Redis as its broker, delivers a message written by an event.

The worker runs in a thread of this test process (celery.contrib.testing.worker.start_worker),
so it sees the test database; Redis is used at SILAH_TEST_REDIS_URL (database 15 of the local
Redis by default, never the application's database 0). The test is skipped only when that Redis
cannot be reached.
"""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections
from factories import BeneficiaryFactory

from config.celery import app
from notifications.models import Event, MessageStatus
from notifications.services import notification_send

REDIS_URL = os.environ.get("SILAH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
QUEUE = "silah-notifications-test"


def _reset_connections_to_broker():
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


RUN_BY_WORKER: list[str] = []


def _after_task_in_worker(sender=None, **kwargs):
    """Runs in the worker thread after each task: note it, and close that thread's database connections."""
    if not getattr(sender.request, "is_eager", False):
        RUN_BY_WORKER.append(sender.name)
    connections.close_all()


@pytest.fixture
def redis_broker():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} ({error}); start redis-server to run this test")
    client.delete(QUEUE)
    yield client
    client.delete(QUEUE)
    client.close()


@pytest.fixture
def celery_worker(redis_broker, transactional_db):
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=QUEUE)
    _reset_connections_to_broker()
    RUN_BY_WORKER.clear()
    task_postrun.connect(_after_task_in_worker, weak=False)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, queues=[QUEUE]) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_after_task_in_worker)
        app.conf.update(saved)
        _reset_connections_to_broker()


def test_a_celery_worker_on_redis_delivers_the_message_after_the_event_commits(celery_worker, category, sms_outbox):
    person = BeneficiaryFactory(category=category, mobile="+966501230000")

    message = notification_send(
        event=Event.REQUEST_RECEIVED, recipient=person, context={"request_number": "REQ-2026-0099"}
    )

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.status == MessageStatus.SENT:
            break
        time.sleep(0.1)
    assert message.status == MessageStatus.SENT
    assert [sms["to"] for sms in sms_outbox] == ["+966501230000"]
    assert "REQ-2026-0099" in sms_outbox[0]["text"]
    assert RUN_BY_WORKER == ["notifications.deliver_message"]  # through Redis and the worker, not eagerly
