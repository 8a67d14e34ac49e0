"""Reads of support requests: what a user may see, checklists, the clock and the work queues."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from beneficiaries.models import Beneficiary, Document
from policies import reference
from policies.roles import Role, user_roles
from policies.selectors import policy_parameters, working_calendar, working_days_after
from policies.working_days import WorkingCalendar
from requests_app.models import (
    CLOCK_RUNNING_STATUSES,
    CLOCK_STATUSES,
    ENDED_STATUSES,
    Declaration,
    RequestStatus,
    RequestStatusChange,
    RequiredData,
    ServiceType,
    SupportRequest,
)

# Roles that see every request; a social researcher sees the requests assigned to them.
ALL_REQUESTS_ROLES = {Role.RECEPTION, Role.MANAGER, Role.COMMITTEE_SECRETARY}
REQUEST_READERS = (Role.RECEPTION, Role.MANAGER, Role.COMMITTEE_SECRETARY, Role.SOCIAL_RESEARCHER)
DUE_SOON_WORKING_DAYS = 3


def support_requests_visible_to(*, user) -> QuerySet[SupportRequest]:
    roles = user_roles(user)
    queryset = SupportRequest.objects.all()
    if roles & ALL_REQUESTS_ROLES:
        return queryset
    if Role.SOCIAL_RESEARCHER in roles:
        return queryset.filter(assigned_researcher=user)
    return queryset.none()


def service_types_for_filters() -> tuple[ServiceType, ...]:
    """Every service, retired ones too, in their order: the queue filter's options.

    Kept between requests (``policies.reference``) and shared by every caller: read-only.
    """
    return reference.kept("service_types", lambda: tuple(ServiceType.objects.all()))


def active_service_types() -> QuerySet[ServiceType]:
    return ServiceType.objects.filter(is_active=True).prefetch_related("categories", "required_documents")


def service_types_for_beneficiary(*, beneficiary: Beneficiary) -> QuerySet[ServiceType]:
    return active_service_types().filter(Q(categories__isnull=True) | Q(categories=beneficiary.category_id)).distinct()


# --- The verified data and its fingerprint (R8, R9) --------------------------------------------


def _plain(value):
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def beneficiary_verified_facts(*, beneficiary: Beneficiary) -> dict:
    """The identity, household and situation facts a declaration vouches for, as plain values."""
    identity_fields = (
        "identity_type",
        "identity_number",
        "identity_expiry_date",
        "first_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "gender",
        "birth_date",
        "nationality",
    )
    situation_fields = (
        "marital_status",
        "category_id",
        "mobile",
        "city",
        "district",
        "address",
        "monthly_income",
        "monthly_expenses",
        "health_status",
        "health_notes",
    )
    members = sorted(beneficiary.household_members.all(), key=lambda member: member.pk)
    return {
        "identity": {name: _plain(getattr(beneficiary, name)) for name in identity_fields},
        "situation": {name: _plain(getattr(beneficiary, name)) for name in situation_fields},
        "household": [
            {
                "full_name": member.full_name,
                "relation": member.relation,
                "identity_number": member.identity_number,
                "birth_date": _plain(member.birth_date),
                "gender": member.gender,
                "monthly_income": _plain(member.monthly_income),
                "health_notes": member.health_notes,
            }
            for member in members
        ],
    }


def beneficiary_data_fingerprint(*, beneficiary: Beneficiary) -> str:
    """SHA-256 of the canonical JSON of the verified facts: any later change gives another value."""
    canonical = json.dumps(
        beneficiary_verified_facts(beneficiary=beneficiary), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest_declaration(*, request: SupportRequest) -> Declaration | None:
    return request.declarations.select_related("witnessed_by").order_by("-signed_at", "-pk").first()


# --- Completeness checklist (R7) -------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    done: bool
    kind: str  # "document" or "data"


def _data_item_done(code: str, beneficiary: Beneficiary, household_count: int) -> bool:
    if code == RequiredData.IDENTITY:
        return bool(beneficiary.identity_number and beneficiary.identity_expiry_date)
    if code == RequiredData.CONTACT:
        return bool(beneficiary.mobile and beneficiary.city and (beneficiary.district or beneficiary.address))
    if code == RequiredData.HOUSEHOLD:
        return household_count > 0
    if code == RequiredData.INCOME:
        return beneficiary.monthly_expenses is not None and beneficiary.monthly_expenses > 0
    if code == RequiredData.HEALTH:
        return bool(beneficiary.health_status)
    return False


def request_checklist(*, request: SupportRequest) -> list[ChecklistItem]:
    """The service type's required documents and data, each ticked when the registry has it."""
    beneficiary = request.beneficiary
    service = request.service_type
    held = set(Document.objects.filter(beneficiary=beneficiary).values_list("document_type_id", flat=True))
    items = [
        ChecklistItem(code=f"document:{doc.pk}", label=str(doc), done=doc.pk in held, kind="document")
        for doc in service.required_documents.all()
    ]
    household_count = beneficiary.household_members.count()
    for code in service.required_data:
        if code in RequiredData.values:
            items.append(
                ChecklistItem(
                    code=f"data:{code}",
                    label=str(RequiredData(code).label),
                    done=_data_item_done(code, beneficiary, household_count),
                    kind="data",
                )
            )
    return items


def request_missing_items(*, request: SupportRequest) -> list[str]:
    return [item.label for item in request_checklist(request=request) if not item.done]


@dataclass(frozen=True)
class ExpiredPaper:
    label: str
    expired_on: date


def expired_at_submission(*, request: SupportRequest) -> list[ExpiredPaper]:
    """The ID and required documents that had expired on the day the request was submitted (R8)."""
    submitted_on = timezone.localdate(request.created_at)
    beneficiary = request.beneficiary
    expired = []
    if beneficiary.identity_expiry_date and beneficiary.identity_expiry_date < submitted_on:
        expired.append(
            ExpiredPaper(
                label=str(beneficiary.get_identity_type_display()), expired_on=beneficiary.identity_expiry_date
            )
        )
    required = set(request.service_type.required_documents.values_list("pk", flat=True))
    newest: dict[int, Document] = {}
    for document in (
        Document.objects.filter(beneficiary=beneficiary, document_type_id__in=required)
        .select_related("document_type")
        .order_by("document_type_id", "-expiry_date", "-uploaded_at")
    ):
        newest.setdefault(document.document_type_id, document)
    for document in newest.values():
        if document.expiry_date and document.expiry_date < submitted_on:
            expired.append(ExpiredPaper(label=str(document.document_type), expired_on=document.expiry_date))
    return expired


# --- The response clock (R11) ----------------------------------------------------------------


class ClockState:
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    PAUSED = "paused"
    STOPPED = "stopped"
    ENDED = "ended"  # withdrawn or cancelled: no answer is owed any more


@dataclass(frozen=True)
class Clock:
    state: str
    due_date: date | None
    days_left: int | None  # negative: working days overdue

    @property
    def overdue_by(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def css(self) -> str:
        return {
            ClockState.ON_TRACK: "success",
            ClockState.AT_RISK: "warning",
            ClockState.OVERDUE: "danger",
            ClockState.PAUSED: "secondary",
        }.get(self.state, "light")


def at_risk_threshold(deadline_days: int) -> int:
    """At risk when a quarter or less of the working days is left: 3 of 15."""
    return deadline_days // 4


def request_clock(request: SupportRequest, *, today: date, calendar: WorkingCalendar, deadline_days: int) -> Clock:
    if request.status in ENDED_STATUSES:
        return Clock(ClockState.ENDED, request.due_date, None)
    if request.due_date is None:
        return Clock(ClockState.NOT_STARTED, None, None)
    if request.status == RequestStatus.ON_HOLD:
        return Clock(ClockState.PAUSED, request.due_date, request.working_days_left_at_pause)
    if request.status not in CLOCK_STATUSES:
        return Clock(ClockState.STOPPED, request.due_date, None)
    left = calendar.count_working_days(today, request.due_date)
    if left < 0:
        state = ClockState.OVERDUE
    elif left <= at_risk_threshold(deadline_days):
        state = ClockState.AT_RISK
    else:
        state = ClockState.ON_TRACK
    return Clock(state, request.due_date, left)


def clocks_for(requests, *, today: date | None = None) -> dict[int, Clock]:
    """The clock of each request, with one calendar for all of them (three queries whatever the count)."""
    today = today or timezone.localdate()
    requests = list(requests)
    dues = [r.due_date for r in requests if r.due_date]
    parameters = policy_parameters()
    start = min([today, *dues])
    end = max([today, *dues])
    calendar = working_calendar(start=start - timedelta(days=1), end=end + timedelta(days=1), parameters=parameters)
    return {
        r.pk: request_clock(r, today=today, calendar=calendar, deadline_days=parameters.response_deadline_working_days)
        for r in requests
    }


def request_timeline(*, request: SupportRequest) -> QuerySet[RequestStatusChange]:
    return request.status_changes.select_related("actor").order_by("at", "pk")


# --- Work queues -----------------------------------------------------------------------------


class Queue:
    TO_VERIFY = "to_verify"
    TO_REFER = "to_refer"
    MY_RESEARCH = "my_research"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    ALL = "all"

    LABELS = {
        TO_VERIFY: "To verify",
        TO_REFER: "To refer",
        MY_RESEARCH: "My research",
        DUE_SOON: "Due within 3 working days",
        OVERDUE: "Overdue",
        ALL: "All requests",
    }


QUEUES_BY_ROLE = {
    Role.RECEPTION: (Queue.TO_VERIFY, Queue.TO_REFER, Queue.DUE_SOON, Queue.OVERDUE, Queue.ALL),
    Role.SOCIAL_RESEARCHER: (Queue.MY_RESEARCH, Queue.DUE_SOON, Queue.OVERDUE),
    Role.COMMITTEE_SECRETARY: (Queue.DUE_SOON, Queue.OVERDUE, Queue.ALL),
    Role.MANAGER: (Queue.DUE_SOON, Queue.OVERDUE, Queue.ALL),
}


def queues_for(*, user) -> list[str]:
    roles = user_roles(user)
    queues: list[str] = []
    for role, names in QUEUES_BY_ROLE.items():
        if role in roles:
            queues.extend(name for name in names if name not in queues)
    return queues


def due_soon_limit(*, today: date) -> date:
    return working_days_after(start=today, days=DUE_SOON_WORKING_DAYS)


QUEUE_ROW_FIELDS = (
    "reference_number",
    "status",
    "due_date",
    "working_days_left_at_pause",
    "beneficiary__anonymised_at",
    "beneficiary__first_name",
    "beneficiary__father_name",
    "beneficiary__grandfather_name",
    "beneficiary__family_name",
    "service_type__name",
    "service_type__name_en",
    "assigned_researcher__first_name",
    "assigned_researcher__last_name",
    "assigned_researcher__username",
)


def support_request_queue(
    *,
    user,
    queue: str,
    today: date | None = None,
    query: str = "",
    service_type_id: int | None = None,
    status: str = "",
    channel: str = "",
) -> QuerySet[SupportRequest]:
    today = today or timezone.localdate()
    # Only the columns a row of the queue shows and its clock reads: a request and its
    # beneficiary have about 70 columns between them, and the page lists up to 100 rows.
    queryset = (
        support_requests_visible_to(user=user)
        .select_related("beneficiary", "service_type", "assigned_researcher")
        .only(*QUEUE_ROW_FIELDS)
    )
    if queue == Queue.TO_VERIFY:
        queryset = queryset.filter(status__in=[RequestStatus.DRAFT, RequestStatus.INCOMPLETE]).order_by(
            "created_at", "pk"
        )
    elif queue == Queue.TO_REFER:
        queryset = queryset.filter(status=RequestStatus.COMPLETE).order_by("due_date", "pk")
    elif queue == Queue.MY_RESEARCH:
        queryset = queryset.filter(
            assigned_researcher=user, status__in=[RequestStatus.UNDER_RESEARCH, RequestStatus.ON_HOLD]
        ).order_by("due_date", "pk")
    elif queue == Queue.DUE_SOON:
        queryset = queryset.filter(
            status__in=CLOCK_RUNNING_STATUSES, due_date__gte=today, due_date__lte=due_soon_limit(today=today)
        ).order_by("due_date", "pk")
    elif queue == Queue.OVERDUE:
        queryset = queryset.filter(status__in=CLOCK_RUNNING_STATUSES, due_date__lt=today).order_by("due_date", "pk")
    else:
        queryset = queryset.order_by("-created_at", "-pk")
    if query:
        text = query.strip()
        queryset = queryset.filter(
            Q(reference_number__icontains=text)
            | Q(beneficiary__identity_number__startswith=text)
            | Q(beneficiary__first_name__icontains=text)
            | Q(beneficiary__family_name__icontains=text)
        )
    if service_type_id:
        queryset = queryset.filter(service_type_id=service_type_id)
    if status:
        queryset = queryset.filter(status=status)
    if channel:
        queryset = queryset.filter(channel=channel)
    return queryset


def requests_of_beneficiary(*, user, beneficiary: Beneficiary) -> QuerySet[SupportRequest]:
    return (
        support_requests_visible_to(user=user)
        .filter(beneficiary=beneficiary)
        .select_related("service_type")
        .order_by("-created_at", "-pk")
    )


def open_clock_requests() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.filter(status__in=CLOCK_STATUSES, due_date__isnull=False)


def request_detail_queryset(*, user) -> QuerySet[SupportRequest]:
    return (
        support_requests_visible_to(user=user)
        .select_related("beneficiary__category", "service_type", "received_by", "assigned_researcher", "verified_by")
        .prefetch_related(
            Prefetch("research_reports", queryset=_research_reports()),
        )
    )


def _research_reports():
    from requests_app.models import ResearchReport

    return ResearchReport.objects.select_related("researcher").order_by("-written_at", "-pk")
