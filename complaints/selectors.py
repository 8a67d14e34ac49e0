"""Reads: who may see which complaint, the queue with its deadline clock, the managers' figures."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from beneficiaries.models import Beneficiary
from complaints.models import (
    OPEN_STATUSES,
    Complaint,
    ComplaintCategory,
    ComplaintEscalation,
    ComplaintStatus,
    running_due,
)
from policies import reference
from policies.aggregates import age_band_counts
from policies.choices import Channel
from policies.roles import Role, user_has_role
from policies.selectors import working_calendar
from policies.working_days import WorkingCalendar

READERS = (Role.COMPLAINTS_OFFICER, Role.MANAGER)
# Staff who may see that a beneficiary has complaints (number, kind, status), never their content.
SUMMARY_READERS = (Role.RECEPTION, Role.CONTACT_OFFICER, Role.SOCIAL_RESEARCHER)


def complaints_visible_to(*, user) -> QuerySet[Complaint]:
    """The complaints a user may open.

    Only the follow-up committee and senior management read complaints; nobody ever sees a
    complaint about themselves; a sensitive one only senior management and its assigned officer.
    """
    if not user_has_role(user, *READERS):
        return Complaint.objects.none()
    queryset = Complaint.objects.exclude(concerned_staff=user)
    if not user_has_role(user, Role.MANAGER):
        queryset = queryset.filter(Q(category__is_sensitive=False) | Q(assigned_to=user))
    return queryset


QUEUE_ROW_FIELDS = (
    "received_at",
    "subject",
    "kind",
    "priority",
    "channel",
    "status",
    "is_anonymous",
    "complainant_name",
    "acknowledge_due",
    "resolve_due",
    "paused_working_days_left",
    "category__name",
    "category__name_en",
    "category__is_sensitive",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
    "beneficiary__anonymised_at",
    "beneficiary__first_name",
    "beneficiary__father_name",
    "beneficiary__grandfather_name",
    "beneficiary__family_name",
)


def complaint_queue(
    *,
    user,
    status: str = "",
    kind: str = "",
    category_id: int | None = None,
    channel: str = "",
    mine: bool = False,
    open_only: bool = True,
) -> QuerySet[Complaint]:
    # Only what a row shows and its clock reads: a complaint carries its whole text and contacts.
    queryset = (
        complaints_visible_to(user=user)
        .select_related("category", "assigned_to", "beneficiary")
        .only(*QUEUE_ROW_FIELDS)
    )
    if status:
        queryset = queryset.filter(status=status)
    elif open_only:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    if kind:
        queryset = queryset.filter(kind=kind)
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    if channel:
        queryset = queryset.filter(channel=channel)
    if mine:
        queryset = queryset.filter(assigned_to=user)
    # The deadline that runs now first; complaint_open_by_running_due serves this order.
    return queryset.annotate(running_due=running_due()).order_by("running_due", "received_at", "pk")


def complaint_attachments_visible_to(*, user):
    from complaints.models import ComplaintAttachment

    return ComplaintAttachment.objects.filter(complaint__in=complaints_visible_to(user=user))


def active_complaint_categories() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(is_active=True)


def public_complaint_categories() -> QuerySet[ComplaintCategory]:
    return active_complaint_categories()


def complaint_categories_for_filters() -> tuple[ComplaintCategory, ...]:
    """Every category, retired ones too, in their order: the queue filter's options.

    Kept between requests (``policies.reference``) and shared by every caller: read-only.
    """
    return reference.kept("complaint_categories", lambda: tuple(ComplaintCategory.objects.all()))


def complaint_by_tracking_code(*, code: str) -> Complaint | None:
    if not code:
        return None
    return Complaint.objects.filter(tracking_code=code).only("pk", "status", "response", "received_at", "kind").first()


def beneficiary_complaints(*, user, beneficiary: Beneficiary) -> QuerySet[Complaint]:
    """A beneficiary's complaints for their page: full rows for the committee and managers, a
    summary (number, kind, status) of the non-sensitive ones for the desk, never one about the viewer."""
    if user_has_role(user, *READERS):
        queryset = complaints_visible_to(user=user)
    elif user_has_role(user, *SUMMARY_READERS):
        queryset = Complaint.objects.filter(category__is_sensitive=False).exclude(concerned_staff=user)
    else:
        return Complaint.objects.none()
    return queryset.filter(beneficiary=beneficiary).select_related("category").order_by("-received_at", "-pk")


def beneficiary_for_identity_number(value: str) -> Beneficiary | None:
    """The registered beneficiary with this ID (staff intake links a named complaint to the registry)."""
    number = "".join(ch for ch in (value or "") if ch.isalnum()).upper()
    if not number:
        return None
    return Beneficiary.objects.filter(identity_number=number).first()


def support_request_by_reference(reference: str):
    from requests_app.models import SupportRequest

    return SupportRequest.objects.filter(reference_number=reference.strip()).select_related("beneficiary").first()


# --- The deadline clock -----------------------------------------------------------------------


class Light:
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    PAUSED = "paused"
    DONE = "done"


@dataclass(frozen=True)
class Clock:
    deadline: str  # "acknowledge" | "resolve" | ""
    due: date | None
    working_days_left: int | None
    light: str

    @property
    def days_overdue(self) -> int:
        return -self.working_days_left if self.working_days_left and self.working_days_left < 0 else 0


def queue_calendar(complaints, *, today: date | None = None) -> WorkingCalendar:
    """One calendar covering every due date on a page: three queries whatever the page size."""
    today = today or timezone.localdate()
    dates = [today]
    for complaint in complaints:
        dates.extend((complaint.acknowledge_due, complaint.resolve_due))
    return working_calendar(start=min(dates), end=max(dates) + timedelta(days=1))


def complaint_clock(complaint: Complaint, *, calendar: WorkingCalendar, today: date | None = None) -> Clock:
    """Which deadline runs, how many working days are left, and the traffic light.

    Amber ("at risk") when one working day or less is left, red once it has passed; a clock
    waiting on the complainant is paused with the days that were left.
    """
    today = today or timezone.localdate()
    if complaint.status == ComplaintStatus.AWAITING_COMPLAINANT:
        return Clock("resolve", None, complaint.paused_working_days_left, Light.PAUSED)
    if complaint.status == ComplaintStatus.RECEIVED:
        deadline, due = "acknowledge", complaint.acknowledge_due
    elif complaint.status in (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.UNDER_INVESTIGATION):
        deadline, due = "resolve", complaint.resolve_due
    else:
        return Clock("", None, None, Light.DONE)
    left = calendar.count_working_days(today, due)
    light = Light.RED if left < 0 else Light.AMBER if left <= 1 else Light.GREEN
    return Clock(deadline, due, left, light)


def with_clocks(complaints) -> list[tuple[Complaint, Clock]]:
    complaints = list(complaints)
    if not complaints:
        return []
    today = timezone.localdate()
    calendar = queue_calendar(complaints, today=today)
    return [(complaint, complaint_clock(complaint, calendar=calendar, today=today)) for complaint in complaints]


# --- Senior management's monitoring page (R21) ------------------------------------------------


AGE_BANDS = ((0, 7), (8, 30), (31, 90), (91, None))
MONITORING_ROW_FIELDS = (
    "received_at",
    "subject",
    "status",
    "acknowledge_due",
    "resolve_due",
    "paused_working_days_left",
    "category__name",
    "category__name_en",
)


@dataclass
class Monitoring:
    open_total: int
    overdue: list
    open_by_category: list[dict]
    age_bands: list[dict]
    by_channel: list[dict]
    avg_acknowledge_hours: float | None
    avg_resolve_days: float | None
    escalations: list


def _category_label(row: dict) -> str:
    if (get_language() or "ar").startswith("en") and row["category__name_en"]:
        return row["category__name_en"]
    return row["category__name"]


def complaint_monitoring(*, user) -> Monitoring:
    visible = complaints_visible_to(user=user)
    today = timezone.localdate()
    open_complaints = visible.filter(status__in=OPEN_STATUSES)
    # The bands are counted by the database, and only complaints past a due date are loaded for
    # the overdue list: a clock is red only after its due date. Loading every open complaint with
    # its clock (873 on the bench) was most of the page's time.
    categories: dict[str, list[int]] = defaultdict(lambda: [0] * len(AGE_BANDS))
    for row in (
        open_complaints.values("category_id", "category__name", "category__name_en")
        .annotate(**age_band_counts(field="received_at", bands=AGE_BANDS, today=today))
        .order_by()
    ):
        counts = categories[_category_label(row)]
        for index in range(len(AGE_BANDS)):
            counts[index] += row[f"band{index}"]
    open_by_category = [
        {"category": name, "bands": counts, "total": sum(counts)} for name, counts in sorted(categories.items())
    ]
    age_bands = [
        {"low": low, "high": high, "count": sum(row["bands"][index] for row in open_by_category)}
        for index, (low, high) in enumerate(AGE_BANDS)
    ]
    past_due = open_complaints.filter(
        Q(status=ComplaintStatus.RECEIVED, acknowledge_due__lt=today)
        | Q(status__in=(ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.UNDER_INVESTIGATION), resolve_due__lt=today)
    )
    late_rows = past_due.select_related("category").only(*MONITORING_ROW_FIELDS).order_by("received_at")
    overdue = [(complaint, clock) for complaint, clock in with_clocks(late_rows) if clock.light == "red"]

    by_channel = list(
        visible.values("channel")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        )
        .order_by("-total", "channel")
    )
    labels = dict(Channel.choices)
    for row in by_channel:
        row["channel_label"] = labels.get(row["channel"], row["channel"])
    # Both averages in one pass over the complaints (two queries read a year's 30,000 twice).
    averages = visible.aggregate(
        acknowledge=Avg(
            ExpressionWrapper(F("acknowledged_at") - F("received_at"), output_field=DurationField()),
            filter=Q(acknowledged_at__isnull=False),
        ),
        resolve=Avg(
            ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField()),
            filter=Q(resolved_at__isnull=False),
        ),
    )
    acknowledge, resolve = averages["acknowledge"], averages["resolve"]
    escalations = list(
        ComplaintEscalation.objects.filter(complaint__in=visible)
        .select_related("complaint__category", "complaint__assigned_to")
        .order_by("-created_at", "-pk")[:50]
    )
    return Monitoring(
        open_total=sum(row["total"] for row in open_by_category),
        overdue=overdue,
        open_by_category=open_by_category,
        age_bands=age_bands,
        by_channel=by_channel,
        avg_acknowledge_hours=round(acknowledge.total_seconds() / 3600, 1) if acknowledge else None,
        avg_resolve_days=round(resolve.total_seconds() / 86400, 1) if resolve else None,
        escalations=escalations,
    )
