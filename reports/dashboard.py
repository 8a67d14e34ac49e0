"""The managers' figures for a period (R21, R32, R33): every aggregate is computed by the database.

Each ``*_figures`` function reads one part of the dashboard with a fixed number of queries,
whatever the number of requests, complaints or answers; ``dashboard`` gathers them all. The
only Python loops run over rows the database has already grouped (one row per status, service
type, channel, month, or pair of completion and decision days), never over requests.

Counting working days needs the association's calendar (weekend, Saudi holidays, closures),
which SQL does not know: the database groups decided requests by (completion day, decision
day) and the calendar counts the working days of each pair, weighted by how many requests share it.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beneficiaries.models import Interaction, InteractionDirection
from complaints.models import OPEN_STATUSES as COMPLAINT_OPEN_STATUSES
from complaints.models import Complaint
from policies.aggregates import age_band_counts
from policies.choices import Channel
from policies.models import BeneficiaryCategory
from policies.selectors import policy_parameters, signoff_compliance, working_calendar
from requests_app.models import (
    CLOCK_RUNNING_STATUSES,
    OPEN_STATUSES,
    Decision,
    Delivery,
    RequestStatus,
    RequestStatusChange,
    SupportRequest,
)
from requests_app.selectors import clocks_for
from surveys.models import TALLY_COUNTS, SatisfactionDay

# Calendar days since a request was received; the 15-working-day deadline is about three weeks.
REQUEST_AGE_BANDS: tuple[tuple[int, int | None], ...] = ((0, 7), (8, 21), (22, 60), (61, None))
# The satisfaction trend shows at least this many months, ending with the period's last month.
TREND_MONTHS = 6
OVERDUE_SHOWN = 100
APPROVALS = (Decision.APPROVED, Decision.PARTIALLY_APPROVED)


def _localized(name: str, name_en: str) -> str:
    return name_en if (get_language() or "ar").startswith("en") and name_en else name


CENTS = Decimal("0.01")


def _money(value) -> Decimal | None:
    """A sum in riyals to the halala, whatever the database returns (SQLite drops the zeros)."""
    return Decimal(value).quantize(CENTS) if value is not None else None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- The period and the filter ------------------------------------------------------------------


@dataclass(frozen=True)
class ReportPeriod:
    """From ``start`` to ``end`` (both days included, in Riyadh time), optionally one beneficiary category."""

    start: date
    end: date
    category: BeneficiaryCategory | None = None

    def __post_init__(self):
        if self.start > self.end:
            raise ValueError("A period cannot end before it starts.")

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The first moment after the period (its last day is included)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def moments(self, field_name: str) -> Q:
        """``field_name`` (a date-time) falls within the period."""
        return Q(**{f"{field_name}__gte": self.start_at, f"{field_name}__lt": self.end_before})

    def days_q(self, field_name: str) -> Q:
        """``field_name`` (a date) falls within the period."""
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lte": self.end})


def last_month(today: date | None = None) -> tuple[date, date]:
    """The calendar month before ``today``'s: the default period of the monthly report."""
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def _requests(period: ReportPeriod) -> QuerySet[SupportRequest]:
    queryset = SupportRequest.objects.all()
    if period.category is not None:
        queryset = queryset.filter(beneficiary__category=period.category)
    return queryset


def _deliveries(period: ReportPeriod) -> QuerySet[Delivery]:
    """Deliveries made in the period, counted from their own table (no join for the whole association)."""
    queryset = Delivery.objects.filter(period.days_q("delivered_on"))
    if period.category is not None:
        queryset = queryset.filter(request__beneficiary__category=period.category)
    return queryset


def _complaints(period: ReportPeriod) -> QuerySet[Complaint]:
    queryset = Complaint.objects.all()
    if period.category is not None:
        # Anonymous complaints name no beneficiary and so belong to no category.
        queryset = queryset.filter(beneficiary__category=period.category)
    return queryset


# --- The period's decisions, read once -----------------------------------------------------------

_SERVICE = ("service_type_id", "service_type__name", "service_type__name_en", "service_type__sort_order")


def period_decisions(*, period: ReportPeriod) -> list[dict]:
    """Requests decided in the period, grouped by service and decision: how many, how many by their
    due date, and the amount approved. The flow, the outcomes and the per-service table all add up
    these rows, so the month's decisions are read once instead of three times."""
    return list(
        _requests(period)
        .filter(period.moments("decided_at"))
        .values(*_SERVICE, "decision")
        .annotate(
            count=Count("pk"),
            within=Count("pk", filter=Q(decided_at__date__lte=F("due_date"))),
            amount=Sum("approved_amount"),
        )
        .order_by()
    )


# --- Requests: the flow and the deadline --------------------------------------------------------


@dataclass(frozen=True)
class RequestFlow:
    received: int
    completed: int
    decided: int
    delivered: int
    decided_within_deadline: int

    @property
    def within_deadline_percent(self) -> float | None:
        """Of the requests decided in the period, the share decided by their due date (R11)."""
        return _percent(self.decided_within_deadline, self.decided)


def request_flow_figures(*, period: ReportPeriod, decisions: list[dict] | None = None) -> RequestFlow:
    """Requests received, completed, decided and delivered in the period.

    Each count reads its own date's index (a month is a twelfth of the year); one query with the
    four periods OR-ed together read every request ever received instead.
    """
    requests = _requests(period)
    if decisions is None:
        decisions = period_decisions(period=period)
    return RequestFlow(
        received=requests.filter(period.moments("created_at")).count(),
        completed=requests.filter(period.moments("completed_at")).count(),
        decided=sum(row["count"] for row in decisions),
        delivered=_deliveries(period).count(),
        decided_within_deadline=sum(row["within"] for row in decisions),
    )


@dataclass(frozen=True)
class DecisionTimes:
    """Working days from completion (that day not counted) to the committee's decision."""

    decided: int
    median: float | None
    p90: float | None
    # (working days, number of requests), fewest days first: the distribution's chart.
    distribution: list[tuple[int, int]] = field(default_factory=list)


def weighted_percentile(counts: list[tuple[int, int]], fraction: float) -> float | None:
    """The ``fraction`` percentile of values given as (value, how many), interpolated between
    neighbours like PostgreSQL's ``percentile_cont``: the median of 2, 4 is 3."""
    counts = sorted((value, n) for value, n in counts if n > 0)
    total = sum(n for _value, n in counts)
    if not total:
        return None
    position = fraction * (total - 1)
    below, above = math.floor(position), math.ceil(position)

    def value_at(index: int) -> int:
        seen = 0
        for value, n in counts:
            seen += n
            if index < seen:
                return value
        return counts[-1][0]

    low, high = value_at(below), value_at(above)
    return round(low + (high - low) * (position - below), 1)


def decision_time_figures(*, period: ReportPeriod) -> DecisionTimes:
    """Median and 90th percentile of the working days to decide, for requests decided in the period.

    One grouped query (per pair of days) and the calendar's three.
    """
    pairs = list(
        _requests(period)
        .filter(period.moments("decided_at"), completed_at__isnull=False)
        .annotate(completed_on=TruncDate("completed_at"), decided_on=TruncDate("decided_at"))
        .values("completed_on", "decided_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not pairs:
        return DecisionTimes(decided=0, median=None, p90=None)
    calendar = working_calendar(
        start=min(row["completed_on"] for row in pairs), end=max(row["decided_on"] for row in pairs)
    )
    by_days: dict[int, int] = defaultdict(int)
    for row in pairs:
        by_days[calendar.count_working_days(row["completed_on"], row["decided_on"])] += row["n"]
    distribution = sorted(by_days.items())
    return DecisionTimes(
        decided=sum(by_days.values()),
        median=weighted_percentile(distribution, 0.5),
        p90=weighted_percentile(distribution, 0.9),
        distribution=distribution,
    )


# --- Requests still open --------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenRow:
    status: str
    label: str
    bands: list[int]
    total: int


@dataclass(frozen=True)
class OpenRequests:
    bands: tuple[tuple[int, int | None], ...]
    rows: list[OpenRow]
    band_totals: list[int]
    total: int


def open_request_figures(*, period: ReportPeriod, today: date | None = None) -> OpenRequests:
    """Requests not decided yet (today, whatever the period), by status and by days since receipt: one query."""
    today = today or timezone.localdate()
    band_counts = age_band_counts(field="created_at", bands=REQUEST_AGE_BANDS, today=today)
    grouped = {
        row["status"]: row
        for row in _requests(period)
        .filter(status__in=OPEN_STATUSES)
        .values("status")
        .annotate(total=Count("pk"), **band_counts)
        .order_by()
    }
    rows = []
    for status in OPEN_STATUSES:
        row = grouped.get(status)
        if row is None:
            continue
        rows.append(
            OpenRow(
                status=status,
                label=str(RequestStatus(status).label),
                bands=[row[f"band{i}"] for i in range(len(REQUEST_AGE_BANDS))],
                total=row["total"],
            )
        )
    return OpenRequests(
        bands=REQUEST_AGE_BANDS,
        rows=rows,
        band_totals=[sum(row.bands[i] for row in rows) for i in range(len(REQUEST_AGE_BANDS))],
        total=sum(row.total for row in rows),
    )


@dataclass(frozen=True)
class OverdueRequests:
    total: int
    rows: list  # (SupportRequest, Clock), the longest overdue first


def overdue_request_figures(*, period: ReportPeriod, today: date | None = None, limit: int = OVERDUE_SHOWN):
    """Requests whose clock runs past their due date today, the oldest due first: five queries."""
    today = today or timezone.localdate()
    overdue = _requests(period).filter(status__in=CLOCK_RUNNING_STATUSES, due_date__lt=today)
    total = overdue.count()
    requests = list(
        overdue.select_related("beneficiary", "service_type", "assigned_researcher").order_by("due_date", "pk")[:limit]
    )
    clocks = clocks_for(requests, today=today) if requests else {}
    return OverdueRequests(total=total, rows=[(request, clocks[request.pk]) for request in requests])


# --- Decisions and amounts --------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeRow:
    outcome: str
    label: str
    count: int
    amount: Decimal | None


def decision_outcome_figures(*, period: ReportPeriod, decisions: list[dict] | None = None) -> list[OutcomeRow]:
    """The committee's decisions in the period by outcome, with the amounts approved; deferrals
    (back to the committee's list) counted from the timeline."""
    if decisions is None:
        decisions = period_decisions(period=period)
    counts: dict[str, int] = defaultdict(int)
    amounts: dict[str, Decimal] = {}
    for row in decisions:
        counts[row["decision"]] += row["count"]
        if row["amount"] is not None:
            amounts[row["decision"]] = amounts.get(row["decision"], Decimal("0")) + row["amount"]
    changes = RequestStatusChange.objects.filter(
        period.moments("at"), from_status=RequestStatus.UNDER_RESEARCH, to_status=RequestStatus.REFERRED
    )
    if period.category is not None:
        changes = changes.filter(request__beneficiary__category=period.category)
    deferred = changes.count()
    rows = [
        OutcomeRow(
            outcome=decision,
            label=str(Decision(decision).label),
            count=counts.get(decision, 0),
            amount=_money(amounts.get(decision)),
        )
        for decision in Decision.values
    ]
    rows.append(OutcomeRow(outcome="deferred", label=_("Deferred"), count=deferred, amount=None))
    return rows


@dataclass(frozen=True)
class ServiceAmountRow:
    name: str
    decided: int
    approved: int
    approved_amount: Decimal
    delivered: int
    delivered_amount: Decimal


def service_amount_figures(*, period: ReportPeriod, decisions: list[dict] | None = None) -> list[ServiceAmountRow]:
    """Per service type: decisions and amounts approved in the period, deliveries and cash given.

    The period's decisions (read once for the whole dashboard) and one grouped query of the
    deliveries' own table.
    """
    if decisions is None:
        decisions = period_decisions(period=period)
    by_service: dict[int, dict] = {}
    for row in decisions:
        group = by_service.setdefault(
            row["service_type_id"],
            {**{key: row[key] for key in _SERVICE}, "decided": 0, "approved": 0, "approved_amount": None},
        )
        group["decided"] += row["count"]
        if row["decision"] in APPROVALS:
            group["approved"] += row["count"]
            if row["amount"] is not None:
                group["approved_amount"] = (group["approved_amount"] or Decimal("0")) + row["amount"]
    # Each delivery keeps its request's service: the month's deliveries are grouped without
    # joining them to their requests (that join was most of the dashboard's time).
    deliveries = {
        row["service_type_id"]: row
        for row in _deliveries(period)
        .values(*_SERVICE)
        .annotate(delivered=Count("pk"), delivered_amount=Sum("amount"))
        .order_by()
    }
    zero = Decimal("0.00")
    rows = []
    for service_type_id in by_service.keys() | deliveries.keys():
        decided = by_service.get(service_type_id, {})
        given = deliveries.get(service_type_id, {})
        names = decided or given
        rows.append(
            (
                (names["service_type__sort_order"], names["service_type__name"]),
                ServiceAmountRow(
                    name=_localized(names["service_type__name"], names["service_type__name_en"]),
                    decided=decided.get("decided", 0),
                    approved=decided.get("approved", 0),
                    approved_amount=_money(decided.get("approved_amount")) or zero,
                    delivered=given.get("delivered", 0),
                    delivered_amount=_money(given.get("delivered_amount")) or zero,
                ),
            )
        )
    return [row for _order, row in sorted(rows, key=lambda pair: pair[0])]


# --- Complaints ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintRow:
    label: str
    received: int
    open: int
    resolved: int
    acknowledge_hours: float | None
    resolve_days: float | None


def _duration(start: str, end: str):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def _complaint_aggregates() -> dict:
    return {
        "received": Count("pk"),
        "open": Count("pk", filter=Q(status__in=COMPLAINT_OPEN_STATUSES)),
        "resolved": Count("pk", filter=Q(resolved_at__isnull=False)),
        "acknowledge": Avg(_duration("received_at", "acknowledged_at"), filter=Q(acknowledged_at__isnull=False)),
        "resolve": Avg(_duration("received_at", "resolved_at"), filter=Q(resolved_at__isnull=False)),
    }


def _hours(value: timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 1) if value is not None else None


def _days(value: timedelta | None) -> float | None:
    return round(value.total_seconds() / 86400, 1) if value is not None else None


def _complaint_row(label: str, row: dict) -> ComplaintRow:
    return ComplaintRow(
        label=label,
        received=row["received"],
        open=row["open"],
        resolved=row["resolved"],
        acknowledge_hours=_hours(row["acknowledge"]),
        resolve_days=_days(row["resolve"]),
    )


@dataclass(frozen=True)
class ComplaintFigures:
    by_category: list[ComplaintRow]
    by_channel: list[ComplaintRow]
    total: ComplaintRow


def complaint_figures(*, period: ReportPeriod) -> ComplaintFigures:
    """Complaints, inquiries, suggestions and appeals received in the period, by category and by
    channel, with the average time to acknowledge (hours) and to resolve (days): three queries."""
    received = _complaints(period).filter(period.moments("received_at"))
    by_category = [
        _complaint_row(_localized(row["category__name"], row["category__name_en"]), row)
        for row in received.values("category_id", "category__name", "category__name_en", "category__sort_order")
        .annotate(**_complaint_aggregates())
        .order_by("category__sort_order", "category__name")
    ]
    labels = dict(Channel.choices)
    by_channel = [
        _complaint_row(str(labels.get(row["channel"], row["channel"])), row)
        for row in received.values("channel").annotate(**_complaint_aggregates()).order_by("-received", "channel")
    ]
    total = _complaint_row(_("Total"), received.aggregate(**_complaint_aggregates()))
    return ComplaintFigures(by_category=by_category, by_channel=by_channel, total=total)


# --- Satisfaction (R22, R33) --------------------------------------------------------------------------


@dataclass(frozen=True)
class SatisfactionPoint:
    month: date
    ratings: int
    satisfied: int
    nps_answers: int
    promoters: int
    detractors: int

    @property
    def satisfaction_percent(self) -> float | None:
        """The share of 4 and 5 ratings, as the survey results page counts it."""
        return _percent(self.satisfied, self.ratings)

    @property
    def nps(self) -> float | None:
        """Promoters (9–10) minus detractors (0–6), in points from −100 to 100."""
        if not self.nps_answers:
            return None
        return round(100 * (self.promoters - self.detractors) / self.nps_answers, 1)


@dataclass(frozen=True)
class Satisfaction:
    period: SatisfactionPoint
    trend: list[SatisfactionPoint]


def _satisfaction_sums() -> dict:
    return {name: Sum(name) for name in TALLY_COUNTS}


def _months(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def trend_start(period: ReportPeriod) -> date:
    """The first month of the trend: the period's, or earlier so that the trend has TREND_MONTHS months."""
    month = period.end.replace(day=1)
    for _step in range(TREND_MONTHS - 1):
        month = (month - timedelta(days=1)).replace(day=1)
    return min(month, period.start.replace(day=1))


def satisfaction_figures(*, period: ReportPeriod) -> Satisfaction:
    """Satisfaction score and NPS of the survey answers of the period, and their monthly trend: two queries.

    Read from the day's tallies that storing each response keeps (surveys.models.SatisfactionDay),
    a row a day, not from the answers. Answers are anonymous unless the beneficiary agreed
    otherwise, so they are never filtered by category: these figures are always the association's.
    """
    days = SatisfactionDay.objects.all()
    empty = dict.fromkeys(_satisfaction_sums(), 0)
    whole = days.filter(period.days_q("day")).aggregate(**_satisfaction_sums())
    first = trend_start(period)
    monthly = {
        row["month"]: row
        for row in days.filter(day__gte=first, day__lte=period.end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**_satisfaction_sums())
        .order_by()
    }
    trend = []
    for month in _months(first, period.end):
        row = monthly.get(month, empty)
        trend.append(SatisfactionPoint(month=month, **{key: row[key] or 0 for key in empty}))
    return Satisfaction(
        period=SatisfactionPoint(month=period.start.replace(day=1), **{key: whole[key] or 0 for key in empty}),
        trend=trend,
    )


# --- Policy sign-off (R27) --------------------------------------------------------------------------


@dataclass(frozen=True)
class SignoffRow:
    label: str
    signed: int
    total: int

    @property
    def percent(self) -> float | None:
        return _percent(self.signed, self.total)


@dataclass(frozen=True)
class SignoffFigures:
    rows: list[SignoffRow]
    signed: int
    total: int

    @property
    def percent(self) -> float | None:
        return _percent(self.signed, self.total)


def signoff_figures() -> SignoffFigures:
    """Who has signed each policy version in force that staff must sign, today (policies' own selector)."""
    rows = [
        SignoffRow(label=str(item.version), signed=len(item.signed), total=item.total) for item in signoff_compliance()
    ]
    return SignoffFigures(rows=rows, signed=sum(row.signed for row in rows), total=sum(row.total for row in rows))


# --- Channels (R3) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    label: str
    requests: int
    complaints: int
    interactions: int

    @property
    def total(self) -> int:
        return self.requests + self.complaints + self.interactions


def channel_figures(*, period: ReportPeriod, enabled_channels=None) -> list[ChannelRow]:
    """How beneficiaries reached the association in the period: requests received, complaints and
    inbound contacts logged, per channel (three grouped queries and the parameters')."""
    requests = dict(
        _requests(period)
        .filter(period.moments("created_at"))
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
        .order_by()
    )
    complaints = dict(
        _complaints(period)
        .filter(period.moments("received_at"))
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
        .order_by()
    )
    interactions = Interaction.objects.filter(period.moments("occurred_at"), direction=InteractionDirection.INBOUND)
    if period.category is not None:
        interactions = interactions.filter(beneficiary__category=period.category)
    contacts = dict(interactions.values("channel").annotate(n=Count("pk")).values_list("channel", "n").order_by())
    if enabled_channels is None:
        enabled_channels = policy_parameters().channels
    enabled = set(enabled_channels or ())
    rows = []
    for channel, label in Channel.choices:
        row = ChannelRow(
            channel=channel,
            label=str(label),
            requests=requests.get(channel, 0),
            complaints=complaints.get(channel, 0),
            interactions=contacts.get(channel, 0),
        )
        # A channel the association does not offer is listed only if someone used it anyway.
        if channel in enabled or row.total:
            rows.append(row)
    return rows


# --- Everything -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    period: ReportPeriod
    today: date
    flow: RequestFlow
    decision_times: DecisionTimes
    open_requests: OpenRequests
    overdue: OverdueRequests
    outcomes: list[OutcomeRow]
    service_amounts: list[ServiceAmountRow]
    complaints: ComplaintFigures
    satisfaction: Satisfaction
    signoff: SignoffFigures
    channels: list[ChannelRow]

    @property
    def service_totals(self) -> ServiceAmountRow:
        rows = self.service_amounts
        return ServiceAmountRow(
            name=_("Total"),
            decided=sum(row.decided for row in rows),
            approved=sum(row.approved for row in rows),
            approved_amount=sum((row.approved_amount for row in rows), Decimal("0.00")),
            delivered=sum(row.delivered for row in rows),
            delivered_amount=sum((row.delivered_amount for row in rows), Decimal("0.00")),
        )


def dashboard(*, period: ReportPeriod, today: date | None = None, overdue_limit: int = OVERDUE_SHOWN) -> Dashboard:
    """Every figure of the managers' dashboard and the performance report: a fixed number of queries."""
    today = today or timezone.localdate()
    decided = period_decisions(period=period)
    return Dashboard(
        period=period,
        today=today,
        flow=request_flow_figures(period=period, decisions=decided),
        decision_times=decision_time_figures(period=period),
        open_requests=open_request_figures(period=period, today=today),
        overdue=overdue_request_figures(period=period, today=today, limit=overdue_limit),
        outcomes=decision_outcome_figures(period=period, decisions=decided),
        service_amounts=service_amount_figures(period=period, decisions=decided),
        complaints=complaint_figures(period=period),
        satisfaction=satisfaction_figures(period=period),
        signoff=signoff_figures(),
        channels=channel_figures(period=period),
    )
