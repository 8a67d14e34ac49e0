"""What the association holds about one beneficiary: the case file (for staff) and the PDPL export.

The case file shows what the viewer's role may read; the export is everything a manager may
read about the person. Both start from the domain apps' own "visible to" selectors, so a rule
about who sees what lives in one place. Files are listed by name and type, never by address.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from beneficiaries.models import Beneficiary
from beneficiaries.selectors import beneficiary_documents, interactions_visible_to
from complaints.models import Complaint
from complaints.selectors import beneficiary_complaints, complaints_visible_to
from notifications.models import Message
from notifications.selectors import messages_for_recipient
from requests_app.models import AgendaItem, Decision, Outcome, RequestStatusChange, SupportRequest

# Committee outcomes that are a decision on the request (deferral and "more information" are not).
FINAL_OUTCOMES = (Outcome.APPROVED, Outcome.PARTIALLY_APPROVED, Outcome.REJECTED)


@dataclass(frozen=True)
class DecisionRow:
    reference_number: str
    service: str
    decided_at: datetime | None
    source: str  # the committee meeting, or "" when only the request records it
    outcome: str
    amount: Decimal | None
    reasons: str


@dataclass(frozen=True)
class ComplaintRow:
    complaint: Complaint
    detailed: bool  # whether the viewer may read its subject, details and response


@dataclass
class CaseFile:
    beneficiary: Beneficiary
    household: list
    documents: list
    requests: list[SupportRequest]
    decisions: list[DecisionRow]
    complaints: list[ComplaintRow]
    interactions: list
    extras: dict = field(default_factory=dict)


def _requests_of(beneficiary: Beneficiary) -> QuerySet[SupportRequest]:
    # The case file belongs to the person: every one of their requests, whoever received it.
    return (
        SupportRequest.objects.filter(beneficiary=beneficiary)
        .select_related("service_type")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("meeting__committee").order_by("decided_at", "pk"),
            )
        )
        .order_by("-created_at", "-pk")
    )


def decision_rows(requests: list[SupportRequest]) -> list[DecisionRow]:
    """Every committee decision on the person's requests, oldest first.

    A request decided outside a recorded meeting (older data, an admin correction) still shows
    its decision from the request itself.
    """
    rows = []
    for request in requests:
        items = [item for item in request.agenda_items.all() if item.outcome]
        for item in items:
            rows.append(
                DecisionRow(
                    reference_number=request.reference_number,
                    service=str(request.service_type),
                    decided_at=item.decided_at,
                    source=str(item.meeting),
                    outcome=item.get_outcome_display(),
                    amount=item.approved_amount,
                    reasons="\n".join(text for text in (item.conditions, item.reasons) if text),
                )
            )
        if request.decision and not any(item.outcome in FINAL_OUTCOMES for item in items):
            rows.append(
                DecisionRow(
                    reference_number=request.reference_number,
                    service=str(request.service_type),
                    decided_at=request.decided_at,
                    source="",
                    outcome=str(Decision(request.decision).label),
                    amount=request.approved_amount,
                    reasons=request.decision_note,
                )
            )
    return sorted(rows, key=lambda row: row.decided_at or datetime.min.replace(tzinfo=UTC))


def case_file(*, user, beneficiary: Beneficiary) -> CaseFile:
    """The printable case file as ``user`` may read it.

    Complaints: the follow-up committee and managers read them in full; the desk sees only
    that a (non-sensitive) complaint exists, its number, kind and status.
    """
    requests = list(_requests_of(beneficiary))
    complaints = list(beneficiary_complaints(user=user, beneficiary=beneficiary))
    readable = set(
        complaints_visible_to(user=user).filter(pk__in=[c.pk for c in complaints]).values_list("pk", flat=True)
    )
    return CaseFile(
        beneficiary=beneficiary,
        household=list(beneficiary.household_members.all()),
        documents=list(beneficiary_documents(beneficiary=beneficiary)),
        requests=requests,
        decisions=decision_rows(requests),
        complaints=[ComplaintRow(complaint, complaint.pk in readable) for complaint in complaints],
        interactions=list(
            interactions_visible_to(user=user).filter(beneficiary=beneficiary).order_by("-occurred_at", "-pk")
        ),
    )


# --- The person's data export (PDPL) ----------------------------------------------------------


def complaints_of_person(*, user, beneficiary: Beneficiary) -> QuerySet[Complaint]:
    """Their complaints: linked to the record, or filed under their identity number without the link."""
    person = Q(beneficiary=beneficiary) | Q(complainant_identity_number=beneficiary.identity_number)
    return complaints_visible_to(user=user).filter(person).select_related("category").order_by("-received_at", "-pk")


def messages_of_person(*, beneficiary: Beneficiary, complaints: list[Complaint]) -> list[Message]:
    """Messages the outbox sent them: to the record, and about complaints filed without the link."""
    messages = list(messages_for_recipient(recipient_object=beneficiary))
    for complaint in complaints:
        if complaint.beneficiary_id is None:
            messages.extend(messages_for_recipient(recipient_object=complaint))
    return sorted(messages, key=lambda message: (message.created_at, message.pk), reverse=True)


def person_export(*, user, beneficiary: Beneficiary) -> CaseFile:
    """Everything the association holds about the person that ``user`` may read (a manager: all)."""
    from requests_app.models import Declaration, Delivery, ResearchReport
    from surveys.models import Response

    record = case_file(user=user, beneficiary=beneficiary)
    complaints = list(complaints_of_person(user=user, beneficiary=beneficiary))
    record.complaints = [ComplaintRow(complaint, True) for complaint in complaints]
    request_ids = [request.pk for request in record.requests]
    record.extras = {
        "consents": list(beneficiary.consents.order_by("purpose")),
        "change_requests": list(beneficiary.change_requests.order_by("-received_at", "-pk")),
        "erasure_requests": list(beneficiary.erasure_requests.order_by("-received_at", "-pk")),
        "status_changes": list(
            RequestStatusChange.objects.filter(request_id__in=request_ids)
            .select_related("request")
            .order_by("request_id", "at", "pk")
        ),
        "declarations": list(
            Declaration.objects.filter(request_id__in=request_ids).select_related("request").order_by("signed_at")
        ),
        "research_reports": list(
            ResearchReport.objects.filter(request_id__in=request_ids).select_related("request").order_by("written_at")
        ),
        "deliveries": list(
            Delivery.objects.filter(request_id__in=request_ids).select_related("request").order_by("delivered_on")
        ),
        "messages": messages_of_person(beneficiary=beneficiary, complaints=complaints),
        # Survey answers are linked to a person only when they agreed to it.
        "survey_responses": list(
            Response.objects.filter(beneficiary=beneficiary)
            .select_related("survey")
            .prefetch_related("answers__question")
            .order_by("-submitted_on", "-pk")
        ),
    }
    return record


# --- The machine-readable file ------------------------------------------------------------------

EXPORT_FORMAT_VERSION = 1


def _value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _row(obj, names: tuple[str, ...]) -> dict:
    """The named fields of ``obj``; a field with choices also gives its label."""
    row = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        row[name] = _value(getattr(obj, model_field.attname))
        if model_field.choices and row[name] not in ("", None):
            row[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")())
    return row


BENEFICIARY_FIELDS = (
    "identity_type",
    "identity_number",
    "identity_expiry_date",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_en",
    "gender",
    "birth_date",
    "nationality",
    "marital_status",
    "mobile",
    "email",
    "city",
    "district",
    "address",
    "kind",
    "contact_channel",
    "status",
    "monthly_income",
    "monthly_expenses",
    "health_status",
    "health_notes",
    "last_verified_at",
    "created_at",
    "updated_at",
)
HOUSEHOLD_FIELDS = (
    "full_name",
    "relation",
    "identity_number",
    "birth_date",
    "gender",
    "monthly_income",
    "health_notes",
)
DOCUMENT_FIELDS = (
    "number",
    "issue_date",
    "expiry_date",
    "original_filename",
    "content_type",
    "size_bytes",
    "uploaded_at",
)
REQUEST_FIELDS = (
    "reference_number",
    "tracking_code",
    "channel",
    "status",
    "amount_requested",
    "need_description",
    "reason",
    "missing_items",
    "verified_at",
    "verified_facts",
    "completed_at",
    "due_date",
    "referred_at",
    "decision",
    "decision_note",
    "approved_amount",
    "decided_at",
    "notified_at",
    "closing_reason",
    "created_at",
)
COMPLAINT_FIELDS = (
    "kind",
    "tracking_code",
    "channel",
    "priority",
    "subject",
    "description",
    "is_anonymous",
    "complainant_name",
    "complainant_identity_number",
    "complainant_mobile",
    "complainant_email",
    "contact_channel",
    "status",
    "received_at",
    "acknowledged_at",
    "resolved_at",
    "closed_at",
    "outcome",
    "response",
    "response_channel",
    "amicable_settlement",
    "settlement_terms",
)
INTERACTION_FIELDS = (
    "direction",
    "channel",
    "subject",
    "summary",
    "occurred_at",
    "inquiry_status",
    "answer",
    "answered_at",
)
MESSAGE_FIELDS = (
    "event",
    "channel",
    "language",
    "recipient_name",
    "address",
    "subject",
    "body",
    "status",
    "created_at",
    "sent_at",
)
CONSENT_FIELDS = ("purpose", "status", "channel", "granted_at", "withdrawn_at", "withdrawal_channel")
CHANGE_REQUEST_FIELDS = ("description", "proposed_changes", "received_at", "status", "decided_at", "decision_note")
ERASURE_FIELDS = ("channel", "reason", "received_at", "status", "decided_at", "decision_note")
STATUS_CHANGE_FIELDS = ("from_status", "to_status", "at", "note")
DECLARATION_FIELDS = ("method", "text", "signed_at")
RESEARCH_FIELDS = (
    "summary",
    "field_visit_date",
    "field_visit_findings",
    "recommendation",
    "recommended_amount",
    "written_at",
)
DELIVERY_FIELDS = ("kind", "amount", "items_description", "delivered_on", "receipt_number")


def _answer(answer) -> dict:
    return {
        "question": answer.question.text,
        "number": answer.number,
        "selected": answer.selected,
        "text": answer.text,
    }


def export_document(*, record: CaseFile, exported_by, exported_at: datetime, association) -> dict:
    """The export as plain JSON-ready data: one person, every section, labels beside the codes."""
    beneficiary = record.beneficiary
    extras = record.extras

    def by_request(rows, names):
        return [{"request": row.request.reference_number, **_row(row, names)} for row in rows]

    return {
        "format": "silah-person-export",
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": _value(exported_at),
        "exported_by": exported_by.get_username(),
        "controller": {"name": association.name, "registration_number": association.registration_number},
        "beneficiary": {
            **_row(beneficiary, BENEFICIARY_FIELDS),
            "full_name": beneficiary.full_name,
            "category": str(beneficiary.category),
        },
        "household": [_row(member, HOUSEHOLD_FIELDS) for member in record.household],
        "documents": [
            {"document_type": str(document.document_type), **_row(document, DOCUMENT_FIELDS)}
            for document in record.documents
        ],
        "consents": [_row(consent, CONSENT_FIELDS) for consent in extras.get("consents", [])],
        "change_requests": [_row(change, CHANGE_REQUEST_FIELDS) for change in extras.get("change_requests", [])],
        "erasure_requests": [_row(erasure, ERASURE_FIELDS) for erasure in extras.get("erasure_requests", [])],
        "requests": [
            {"service": str(request.service_type), **_row(request, REQUEST_FIELDS)} for request in record.requests
        ],
        "request_timeline": by_request(extras.get("status_changes", []), STATUS_CHANGE_FIELDS),
        "declarations": by_request(extras.get("declarations", []), DECLARATION_FIELDS),
        "research_reports": by_request(extras.get("research_reports", []), RESEARCH_FIELDS),
        "decisions": [
            {
                "request": row.reference_number,
                "service": row.service,
                "decided_at": _value(row.decided_at),
                "decided_in": row.source,
                "outcome": row.outcome,
                "amount": _value(row.amount),
                "reasons": row.reasons,
            }
            for row in record.decisions
        ],
        "deliveries": by_request(extras.get("deliveries", []), DELIVERY_FIELDS),
        "complaints": [
            {
                "number": row.complaint.number,
                "category": str(row.complaint.category),
                **_row(row.complaint, COMPLAINT_FIELDS),
            }
            for row in record.complaints
        ],
        "interactions": [_row(interaction, INTERACTION_FIELDS) for interaction in record.interactions],
        "messages": [_row(message, MESSAGE_FIELDS) for message in extras.get("messages", [])],
        "survey_responses": [
            {
                "survey": str(response.survey),
                "submitted_on": _value(response.submitted_on),
                "answers": [_answer(answer) for answer in response.answers.all()],
            }
            for response in extras.get("survey_responses", [])
        ],
    }
