"""This app's part of anonymising a person (PDPL): it holds a record while a request is open and
scrubs its own free text, signatures and history when the registry anonymises the person.
Connected to the registry's signals in RequestsAppConfig.ready()."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from beneficiaries.privacy import REDACTED, redact_texts
from requests_app.committee_models import AgendaItem, MemberVote, Recusal
from requests_app.models import (
    Declaration,
    Delivery,
    RequestStatus,
    RequestStatusChange,
    ResearchReport,
    SupportRequest,
)

FINISHED = (RequestStatus.CLOSED, RequestStatus.WITHDRAWN, RequestStatus.CANCELLED)


def support_request_retention_holds(*, sender, beneficiary, cutoff, **kwargs) -> list[str]:
    requests = SupportRequest.objects.filter(beneficiary=beneficiary)
    holds = []
    if requests.exclude(status__in=FINISHED).exists():
        holds.append(_("a support request is not closed"))
    if cutoff is not None and requests.filter(Q(created_at__gt=cutoff) | Q(updated_at__gt=cutoff)).exists():
        holds.append(_("a support request is newer than the retention period"))
    return holds


def support_requests_scrub(*, sender, beneficiary, **kwargs) -> None:
    """Free text about the person goes; amounts, dates, statuses and decisions stay for reports."""
    request_ids = list(SupportRequest.objects.filter(beneficiary=beneficiary).values_list("pk", flat=True))
    if not request_ids:
        return
    redact_texts(
        SupportRequest, {"id__in": request_ids}, ("need_description", "reason", "closing_reason", "decision_note")
    )
    RequestStatusChange.objects.filter(request_id__in=request_ids).exclude(note="").update(note=REDACTED)
    redact_texts(ResearchReport, {"request_id__in": request_ids}, ("summary", "field_visit_findings"))
    redact_texts(Delivery, {"request_id__in": request_ids}, ("items_description",))
    redact_texts(AgendaItem, {"request_id__in": request_ids}, ("conditions", "reasons"))
    redact_texts(MemberVote, {"item__request_id__in": request_ids}, ("dissent_note",))
    redact_texts(Recusal, {"beneficiary_id": beneficiary.pk}, ("reason",))
    # The signature identifies the person; the fact and date of signing stay.
    names = [n for n in Declaration.objects.filter(request_id__in=request_ids).values_list("file", flat=True) if n]
    for manager in (Declaration.objects, Declaration.history):
        manager.filter(request_id__in=request_ids).update(file="")
    redact_texts(Declaration, {"request_id__in": request_ids}, ("text",))
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
