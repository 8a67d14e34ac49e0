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


def server_error(request):
    """Django's 500 handler, with the database outage told apart: 503 and "try again shortly".

    When PostgreSQL is unreachable (stopped, restarting, the network between them cut) every page
    fails the same way, and the person is told it is a pause, not a fault of what they typed. The
    page is rendered without the request, because the context processors read the database.
    Django reconnects on the next request (CONN_HEALTH_CHECKS), so nothing needs restarting.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        body = render_to_string(
            "503_database.html",
            {"LANGUAGE_CODE": translation.get_language(), "LANGUAGE_BIDI": translation.get_language_bidi()},
        )
        return HttpResponse(body, status=503, headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)})
    return defaults.server_error(request)
