"""Documents about one person: the case file, the complaint response letter and the PDPL export.

Each view checks the role, then finds the record through the domain app's "visible to" queryset
(outside it: 404), and answers with a private, uncached download.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from beneficiaries.models import AccessAction
from beneficiaries.selectors import beneficiaries_visible_to
from beneficiaries.services import access_log_record
from complaints.models import ComplaintStatus
from complaints.selectors import complaints_visible_to
from complaints.services import REOPEN_WINDOW_DAYS
from policies.roles import Role, role_required
from policies.selectors import association_profile
from reports import person_data
from reports.views import pdf_response

CASE_FILE_ROLES = (Role.RECEPTION, Role.CONTACT_OFFICER, Role.MANAGER)
LETTER_ROLES = (Role.COMPLAINTS_OFFICER, Role.MANAGER)
# Only a role that may read everything about a person (complaints included) can export it all.
EXPORT_ROLES = (Role.MANAGER,)
EXPORT_FORMATS = ("pdf", "json")


def document_language(request) -> str:
    """Documents are the association's Arabic record; ``?lang=en`` gives an English (LTR) copy."""
    return "en" if request.GET.get("lang") == "en" else "ar"


def _render(*, template_name: str, context: dict, request) -> bytes:
    from reports.pdf import render_pdf  # WeasyPrint loads only when a PDF is asked for

    with translation.override(document_language(request)):
        return render_pdf(template_name=template_name, context=context, request=request)


def _filename(stem: str, suffix: str) -> str:
    from reports.pdf import attachment_filename

    name = attachment_filename(stem)
    return name if suffix == "pdf" else name.removesuffix(".pdf") + f".{suffix}"


def _visible_beneficiary(request, pk):
    return get_object_or_404(
        beneficiaries_visible_to(user=request.user).select_related("category", "contact_officer"), pk=pk
    )


@require_GET
@role_required(*CASE_FILE_ROLES)
def case_file_view(request, pk):
    """The beneficiary's case file: what the viewer's role may read of the record (R30, R32)."""
    beneficiary = _visible_beneficiary(request, pk)
    record = person_data.case_file(user=request.user, beneficiary=beneficiary)
    pdf = _render(
        template_name="reports/case_file.html",
        context={"record": record, "printed_by": request.user},
        request=request,
    )
    access_log_record(user=request.user, beneficiary=beneficiary, action=AccessAction.CASE_FILE)
    # The file name carries the record number only: no name or ID number in a downloads folder.
    return pdf_response(pdf, filename=_filename(f"case-file-{beneficiary.pk}", "pdf"))


@require_GET
@role_required(*LETTER_ROLES)
def complaint_response_letter_view(request, pk):
    """The letter answering a resolved complaint (R17, R19), addressed generically when anonymous."""
    complaint = get_object_or_404(
        complaints_visible_to(user=request.user).select_related("category", "beneficiary"), pk=pk
    )
    if complaint.status not in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED):
        raise Http404("The complaint has no response yet.")
    contact = complaint.notification_contact()
    addressee = {
        "name": "" if complaint.is_anonymous else contact.name,
        "postal_address": "" if complaint.is_anonymous else contact.postal_address,
    }
    pdf = _render(
        template_name="reports/complaint_response_letter.html",
        context={"complaint": complaint, "addressee": addressee, "reopen_days": REOPEN_WINDOW_DAYS},
        request=request,
    )
    return pdf_response(pdf, filename=_filename(f"complaint-response-{complaint.number}", "pdf"))


@require_GET
@role_required(*EXPORT_ROLES)
def beneficiary_export_view(request, pk):
    """Everything held about one person, as a PDF or as JSON (PDPL); every export is logged."""
    export_format = request.GET.get("format", "pdf")
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest(
            _("Unknown export format: choose PDF or JSON."), content_type="text/plain; charset=utf-8"
        )
    beneficiary = _visible_beneficiary(request, pk)
    record = person_data.person_export(user=request.user, beneficiary=beneficiary)
    now = timezone.now()
    stem = f"personal-data-{beneficiary.pk}-{timezone.localdate(now):%Y%m%d}"
    if export_format == "json":
        document = person_data.export_document(
            record=record, exported_by=request.user, exported_at=now, association=association_profile()
        )
        body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, _filename(stem, "json"))
        response["Cache-Control"] = "private, no-store"
    else:
        pdf = _render(
            template_name="reports/beneficiary_export.html",
            context={"record": record, "printed_by": request.user, "printed_at": now},
            request=request,
        )
        response = pdf_response(pdf, filename=_filename(stem, "pdf"))
    access_log_record(
        user=request.user, beneficiary=beneficiary, action=AccessAction.EXPORT, detail=export_format.upper()
    )
    return response
