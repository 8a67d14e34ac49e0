"""While the database is unreachable people get a calm "try again shortly" page, and the next request works.

The outage is simulated by making every new cursor fail the way psycopg does when PostgreSQL is
stopped; bench/load.py --fault postgres stops the real server under load (README, Reliability).
"""

import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

REFUSED = "connection to server at 127.0.0.1, port 5432 failed: Connection refused"


@pytest.fixture
def visitor(db):
    # The test client re-raises a view's exception by default; a real visitor gets the error page.
    return Client(raise_request_exception=False)


def refusing(error):
    def cursor(*args, **kwargs):
        raise error

    return cursor


@pytest.fixture
def database_down(visitor):
    """Every query fails until the test calls the yielded function to bring the database back.

    Patched and restored here rather than with monkeypatch, whose undo may come after the test
    database's own clean-up has needed a cursor.
    """
    connection.cursor = refusing(OperationalError(REFUSED))

    def back():
        if "cursor" in vars(connections["default"]):
            del connection.cursor

    yield back
    back()


def test_a_visitor_sees_a_pause_page_in_arabic_while_the_database_is_unreachable(visitor, database_down):
    response = visitor.get(reverse("public_requests:apply"))

    assert response.status_code == 503
    page = response.content.decode()
    assert 'dir="rtl"' in page
    assert "صلة تتوقف لحظات" in page
    assert "لم يضِع شيء مما حفظته من قبل" in page


def test_the_pause_page_asks_browsers_to_retry_after_half_a_minute(visitor, database_down):
    response = visitor.get(reverse("public_complaints:new"))

    assert response.headers["Retry-After"] == "30"


def test_the_pause_page_follows_a_visitors_choice_of_english(visitor, database_down):
    visitor.cookies["django_language"] = "en"

    response = visitor.get(reverse("public_requests:track"))

    page = response.content.decode()
    assert response.status_code == 503
    assert 'dir="ltr"' in page
    assert "Silah is pausing for a moment" in page


def test_a_signed_in_staff_member_gets_the_same_pause_page(visitor, reception):
    visitor.force_login(reception)  # the session row was written before the outage
    connection.cursor = refusing(InterfaceError("connection already closed"))
    try:
        response = visitor.get(reverse("beneficiaries:list"))
    finally:
        del connection.cursor

    assert response.status_code == 503
    assert "صلة تتوقف لحظات" in response.content.decode()


def test_the_portal_answers_normally_as_soon_as_the_database_is_back(visitor, database_down):
    assert visitor.get(reverse("public_requests:apply")).status_code == 503

    database_down()  # PostgreSQL started again: no restart of the application
    response = visitor.get(reverse("public_requests:apply"))

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_any_other_server_error_still_gets_the_general_error_page(visitor, reception, monkeypatch):
    def broken(user):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr("config.views.user_roles", broken)
    visitor.force_login(reception)

    response = visitor.get(reverse("home"))

    assert response.status_code == 500
    assert "حدث خطأ غير متوقع" in response.content.decode()


def test_a_request_whose_session_cannot_be_saved_as_the_database_stops_gets_the_pause_page(
    visitor, category, monkeypatch
):
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.backends.db import SessionStore
    from factories import ServiceTypeFactory
    from factories.public import public_form_data

    service = ServiceTypeFactory(categories=[category])

    def save_while_the_database_stops(self, must_create=False):
        # A visitor who already has a session: Django's own save turns the error into UpdateError.
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise UpdateError  # noqa: B904

    monkeypatch.setattr(SessionStore, "save", save_while_the_database_stops)
    response = visitor.post(reverse("public_requests:apply"), public_form_data(service_type=service, category=category))

    assert response.status_code == 503
    assert "صلة تتوقف لحظات" in response.content.decode()


def test_any_other_bad_request_still_gets_djangos_400(visitor, reception, monkeypatch):
    from django.core.exceptions import SuspiciousOperation

    def suspicious(user):
        raise SuspiciousOperation("a forged header")

    monkeypatch.setattr("config.views.user_roles", suspicious)
    visitor.force_login(reception)

    assert visitor.get(reverse("home")).status_code == 400
