"""The portal's sessions (policies.sessions): Django's database sessions, read with a plain statement."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories import UserFactory

from policies.roles import Role
from policies.sessions import SessionStore

pytestmark = pytest.mark.django_db


def saved_session(**data) -> SessionStore:
    session = SessionStore()
    session.update(data)
    session.save()
    return session


def test_the_portal_keeps_its_sessions_in_this_store(client):
    assert isinstance(client.session, SessionStore)


def test_a_saved_session_is_read_back_with_its_data():
    key = saved_session(language="ar", step=3).session_key

    assert SessionStore(key).load() == {"language": "ar", "step": 3}


def test_reading_a_session_is_one_query():
    key = saved_session(step=3).session_key

    with CaptureQueriesContext(connection) as captured:
        SessionStore(key).load()

    assert len(captured.captured_queries) == 1


def test_an_unknown_session_key_reads_as_empty_and_is_dropped():
    session = SessionStore("x" * 32)

    assert session.load() == {}
    assert session.session_key is None


def test_a_session_past_its_expiry_reads_as_empty():
    key = saved_session(step=3).session_key
    expiry = Session.objects.get(session_key=key).expire_date

    with time_machine.travel(expiry + timedelta(microseconds=1), tick=False):
        assert SessionStore(key).load() == {}


def test_a_session_is_over_at_the_very_moment_it_expires():
    key = saved_session(step=3).session_key
    expiry = Session.objects.get(session_key=key).expire_date

    with time_machine.travel(expiry, tick=False):
        assert SessionStore(key).load() == {}
    with time_machine.travel(expiry - timedelta(microseconds=1), tick=False):
        assert SessionStore(key).load() == {"step": 3}


def test_an_expired_session_is_not_brought_back_by_saving_it():
    session = saved_session(step=3)
    old_key = session.session_key
    Session.objects.filter(session_key=old_key).update(expire_date=timezone.now() - timedelta(seconds=1))

    revived = SessionStore(old_key)
    revived["step"] = 4
    revived.save()

    assert revived.session_key != old_key
    assert SessionStore(revived.session_key).load() == {"step": 4}


def test_a_signed_in_officer_stays_signed_in_from_page_to_page(client):
    officer = UserFactory(role=Role.RECEPTION)
    client.force_login(officer)

    first = client.get(reverse("beneficiaries:list"))
    second = client.get(reverse("beneficiaries:list"))

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.wsgi_request.user == officer


def test_signing_out_ends_the_session_on_every_browser_holding_its_cookie():
    officer = UserFactory(role=Role.RECEPTION)
    desk, copied = Client(), Client()
    desk.force_login(officer)
    copied.cookies = desk.cookies.__class__(desk.cookies)

    assert copied.get(reverse("beneficiaries:list")).status_code == 200
    desk.post(reverse("logout"))

    response = copied.get(reverse("beneficiaries:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert SESSION_KEY not in copied.session
