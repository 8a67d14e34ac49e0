"""Public pages, no login: apply for a service online (R16, R29) and track a request.

These pages never show who is registered: the same answer comes back whether or not an
identity number is on the registry, and tracking shows a status and dates, never a name.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from policies.ratelimit import rate_limited, too_many_attempts
from policies.selectors import policy_parameters
from policies.web import add_service_errors
from requests_app.forms_public import PublicRequestForm, TrackingForm
from requests_app.models import RequestStatus, SupportRequest
from requests_app.selectors import active_service_types
from requests_app.services.online import support_request_find_for_tracking, support_request_submit_online

SESSION_KEY = "public_request_submitted"

# What each status means for the applicant, in plain words, under the status itself.
STATUS_HELP = {
    RequestStatus.DRAFT: _("Received. A beneficiary relations officer is reviewing your request and documents."),
    RequestStatus.INCOMPLETE: _(
        "Documents or data are missing. The association has contacted you, or will, about what to bring."
    ),
    RequestStatus.COMPLETE: _("Your request is complete; the answer is due by the date below."),
    RequestStatus.REFERRED: _("Your request is with the research committee."),
    RequestStatus.UNDER_RESEARCH: _("A social researcher is studying your request."),
    RequestStatus.ON_HOLD: _("Waiting for something from you; the association has told you what."),
    RequestStatus.DECIDED: _("The committee has decided; you will be told through your agreed channel."),
    RequestStatus.NOTIFIED: _("You have been told the committee's decision."),
    RequestStatus.DELIVERED: _("The service has been delivered."),
    RequestStatus.CLOSED: _("This request is closed."),
    RequestStatus.WITHDRAWN: _("This request was withdrawn."),
    RequestStatus.CANCELLED: _("This request was cancelled."),
}


def _too_many(request):
    return too_many_attempts(request)


@never_cache
@require_http_methods(["GET", "POST"])
def apply_view(request):
    # Bound on every POST, even an empty one, so a refused post always shows its errors.
    posted = request.method == "POST"
    form = PublicRequestForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST":
        if rate_limited(request, "apply"):
            return _too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                support_request = support_request_submit_online(
                    applicant=form.applicant_data(),
                    service_type=data["service_type"],
                    submission_key=data["submission_key"],
                    need_description=data["need_description"],
                    reason=data.get("reason", ""),
                    amount_requested=data.get("amount_requested"),
                    attachments=data["attachments"],
                    consents=data.get("consents", ()),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session[SESSION_KEY] = support_request.pk
                return redirect("public_requests:submitted")
    return render(
        request,
        "requests_app/public/apply.html",
        {
            "form": form,
            "service_types": active_service_types(),
            "duties": policy_parameters().duties,
            "files_to_choose_again": request.method == "POST" and bool(request.FILES),
        },
    )


@never_cache
def submitted_view(request):
    """After a successful submission: the tracking code, once per browser session."""
    pk = request.session.get(SESSION_KEY)
    support_request = SupportRequest.objects.filter(pk=pk).first() if pk else None
    if support_request is None:
        return redirect("public_requests:apply")
    return render(request, "requests_app/public/submitted.html", {"support_request": support_request})


@never_cache
@require_http_methods(["GET", "POST"])
def track_view(request):
    form = TrackingForm(request.POST if request.method == "POST" else None)
    support_request = None
    not_found = False
    if request.method == "POST":
        if rate_limited(request, "track"):
            return _too_many(request)
        if form.is_valid():
            support_request = support_request_find_for_tracking(
                tracking_code=form.cleaned_data["tracking_code"],
                id_last_digits=form.cleaned_data["id_last_digits"],
            )
            not_found = support_request is None
    return render(
        request,
        "requests_app/public/track.html",
        {
            "form": form,
            "support_request": support_request,
            "status_help": STATUS_HELP.get(support_request.status, "") if support_request else "",
            "not_found": not_found,
        },
    )
