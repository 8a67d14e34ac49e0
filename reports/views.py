"""Printable documents. Each view checks the role and that the user may see the record."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from policies.roles import Role, role_required
from policies.selectors import policy_parameters
from requests_app.committee_models import MeetingStatus
from requests_app.committee_selectors import decision_letter, meeting_minutes, meetings_visible_to
from requests_app.selectors import support_requests_visible_to

RECEIPT_ROLES = (Role.RECEPTION, Role.MANAGER)
MINUTES_ROLES = (Role.COMMITTEE_MEMBER, Role.COMMITTEE_SECRETARY, Role.MANAGER)
DECISION_LETTER_ROLES = (Role.RECEPTION, Role.COMMITTEE_SECRETARY, Role.MANAGER)


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@role_required(*RECEIPT_ROLES)
def request_receipt_view(request, pk):
    """The beneficiary's intake receipt (R10): printable once the request is complete."""
    support_request = get_object_or_404(
        support_requests_visible_to(user=request.user).select_related("beneficiary", "service_type"), pk=pk
    )
    if support_request.completed_at is None:
        raise Http404("The request is not complete yet.")
    from reports.pdf import attachment_filename, render_pdf  # WeasyPrint loads only when a PDF is asked for

    # The receipt is handed to the beneficiary: it is printed in Arabic whatever the staff's language.
    with translation.override("ar"):
        pdf = render_pdf(
            template_name="reports/request_receipt.html",
            context={
                "support_request": support_request,
                "beneficiary": support_request.beneficiary,
                "deadline_days": policy_parameters().response_deadline_working_days,
                "tracking_url": request.build_absolute_uri(reverse("public_requests:track")),
            },
            request=request,
        )
    return pdf_response(pdf, filename=attachment_filename(f"receipt-{support_request.reference_number}"))


@require_GET
@role_required(*MINUTES_ROLES)
def meeting_minutes_view(request, pk):
    """The minutes (محضر) of a closed committee meeting with signature blocks (R13)."""
    meeting = get_object_or_404(meetings_visible_to(user=request.user), pk=pk)
    if meeting.status != MeetingStatus.CLOSED:
        raise Http404("The meeting is not closed yet.")
    from reports.pdf import attachment_filename, render_pdf

    # The minutes are the association's Arabic record, whatever the staff member's language.
    with translation.override("ar"):
        pdf = render_pdf(
            template_name="reports/meeting_minutes.html", context=meeting_minutes(meeting=meeting), request=request
        )
    return pdf_response(pdf, filename=attachment_filename(f"minutes-{meeting.committee_id}-{meeting.number}"))


@require_GET
@role_required(*DECISION_LETTER_ROLES)
def decision_letter_view(request, pk):
    """The committee's decision as a letter to the beneficiary (R14): printable once the request is decided."""
    support_request = get_object_or_404(
        support_requests_visible_to(user=request.user).select_related("beneficiary", "service_type"), pk=pk
    )
    if not support_request.decision or support_request.decided_at is None:
        raise Http404("The request has no decision yet.")
    from reports.pdf import attachment_filename, render_pdf

    # The letter goes to the beneficiary: it is printed in Arabic whatever the staff's language.
    with translation.override("ar"):
        pdf = render_pdf(
            template_name="reports/decision_letter.html",
            context=decision_letter(request=support_request),
            request=request,
        )
    return pdf_response(pdf, filename=attachment_filename(f"decision-{support_request.reference_number}"))
