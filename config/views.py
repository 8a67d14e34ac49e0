import sys

from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views import defaults

from policies.roles import Role, user_roles

DATABASE_RETRY_AFTER_SECONDS = 30


@login_required
def home(request):
    """Each role lands on the work it does; the links shown follow the role table."""
    roles = user_roles(request.user)
    context = {"roles": [Role(code) for code in Role.values if code in roles], "today": timezone.localdate()}
    if roles & {Role.RECEPTION, Role.MANAGER, Role.CONTACT_OFFICER, Role.SOCIAL_RESEARCHER}:
        from beneficiaries import selectors

        context["open_inquiries"] = (
            selectors.open_inquiries(user=request.user).count()
            if roles & {Role.RECEPTION, Role.CONTACT_OFFICER}
            else None
        )
        context["referred_inquiries"] = selectors.inquiries_referred_to(user=request.user).count()
        context["pending_changes"] = (
            selectors.change_requests_awaiting(user=request.user).count()
            if roles & {Role.RECEPTION, Role.MANAGER}
            else None
        )
    return render(request, "home.html", context)


def _database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error``, or an error it was raised while handling, is the database being unreachable."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _pause_page() -> HttpResponse:
    # Rendered without the request: the context processors read the database.
    body = render_to_string(
        "503_database.html",
        {"LANGUAGE_CODE": translation.get_language(), "LANGUAGE_BIDI": translation.get_language_bidi()},
    )
    return HttpResponse(body, status=503, headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})


def server_error(request):
    """Django's 500 handler, with the database outage told apart: 503 and "try again shortly".

    When PostgreSQL is unreachable (stopped, restarting, the network between them cut) every page
    fails the same way, and the person is told it is a pause, not a fault of what they typed.
    Django reconnects on the next request (CONN_HEALTH_CHECKS), so nothing needs restarting.
    """
    if _database_unavailable(sys.exc_info()[1]):
        return _pause_page()
    return defaults.server_error(request)


def bad_request(request, exception):
    """Django's 400 handler; a session that could not be saved because the database went away is
    that same pause (Django reports it as "session interrupted", a 400), not the person's fault."""
    if _database_unavailable(exception):
        return _pause_page()
    return defaults.bad_request(request, exception)
