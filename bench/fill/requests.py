"""Support requests across every workflow state, with their timeline, history, declarations,
research reports, deliveries and the research committee's meetings and decisions."""

import bisect
import copy
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cache

from django.utils import timezone

from bench.fill import names
from bench.fill.base import PLACEHOLDER_PNG, Context, fingerprint, insert, insert_history, next_id
from policies.choices import Channel
from policies.roles import Role
from policies.selectors import policy_parameters
from policies.working_days import hijri_year
from requests_app.models import (
    AgendaItem,
    Committee,
    CommitteeMembership,
    Declaration,
    Delivery,
    Meeting,
    MemberVote,
    MinutesApproval,
    ReferenceSequence,
    RequestStatus,
    RequestStatusChange,
    ResearchReport,
    ServiceType,
    SupportRequest,
)

S = RequestStatus
REQUESTS = 300_000
COMMITTEES = 4
CHUNK = 20_000
VOTED_DAYS = 14  # votes are kept for the last two weeks of meetings only: enough for the agenda pages
SERVICE_TYPES = (
    ("إعانة إيجار", "Rent support", 6000),
    ("سلة غذائية", "Food basket", 800),
    ("سداد فواتير", "Utility bills", 2000),
    ("رسوم دراسية", "School fees", 5000),
    ("إعانة علاجية", "Medical support", 10000),
    ("أجهزة منزلية", "Home appliances", 3000),
)
CHANNEL_WEIGHTS = {Channel.IN_PERSON: 50, Channel.WEBSITE: 25, Channel.PHONE: 10, Channel.BRANCH_REPRESENTATIVE: 8}
ACTOR_ROLE = {
    S.INCOMPLETE: Role.RECEPTION,
    S.DRAFT: Role.RECEPTION,
    S.COMPLETE: Role.RECEPTION,
    S.REFERRED: Role.RECEPTION,
    S.UNDER_RESEARCH: Role.COMMITTEE_SECRETARY,
    S.ON_HOLD: Role.SOCIAL_RESEARCHER,
    S.DECIDED: Role.COMMITTEE_SECRETARY,
    S.NOTIFIED: Role.RECEPTION,
    S.DELIVERED: Role.RECEPTION,
    S.CLOSED: Role.RECEPTION,
    S.WITHDRAWN: Role.RECEPTION,
    S.CANCELLED: Role.MANAGER,
}


# What a request has not got yet when first saved as a draft (its first history row).
DRAFT_EMPTY = (
    "verified_at",
    "verified_by",
    "completed_at",
    "due_date",
    "paused_at",
    "working_days_left_at_pause",
    "referred_at",
    "assigned_researcher",
    "approved_amount",
    "decided_at",
    "notified_at",
)


@dataclass(frozen=True)
class Made:
    """What later parts (complaints, surveys, notifications) need to know about a request."""

    pk: int
    beneficiary_id: int
    status: str
    decision: str
    last_moment: datetime
    delivered_at: datetime | None


@cache
def _hijri(day) -> int:
    return hijri_year(day) or day.year


def service_types() -> list[ServiceType]:
    existing = list(ServiceType.objects.filter(is_active=True))
    if existing:
        return existing
    return [
        ServiceType.objects.create(name=name, name_en=name_en, max_amount=Decimal(limit), sort_order=order)
        for order, (name, name_en, limit) in enumerate(SERVICE_TYPES)
    ]


def _path(ctx: Context, created: datetime) -> tuple[list[tuple[str, datetime]], str]:
    """The whole life the request would have; the caller cuts it at now."""
    rng = ctx.rng
    steps = [(S.DRAFT, created)]
    if rng.random() < 0.15:
        steps.append((S.INCOMPLETE, ctx.later(created, min_days=0, max_days=1)))
        steps.append((S.DRAFT, ctx.later(steps[-1][1], min_days=1, max_days=6)))
    steps.append((S.COMPLETE, ctx.later(steps[-1][1], min_days=0, max_days=3)))
    steps.append((S.REFERRED, ctx.later(steps[-1][1], min_days=0, max_days=2)))
    steps.append((S.UNDER_RESEARCH, ctx.later(steps[-1][1], min_days=0, max_days=3)))
    if rng.random() < 0.1:
        steps.append((S.ON_HOLD, ctx.later(steps[-1][1], min_days=1, max_days=4)))
        steps.append((S.UNDER_RESEARCH, ctx.later(steps[-1][1], min_days=2, max_days=10)))
    # One in ten waits far too long: the overdue queue of a real association is never empty.
    slow = (20, 40) if rng.random() < 0.1 else (3, 14)
    steps.append((S.DECIDED, ctx.later(steps[-1][1], min_days=slow[0], max_days=slow[1])))
    decision = rng.choices(("approved", "partially_approved", "rejected"), weights=(60, 15, 25))[0]
    steps.append((S.NOTIFIED, ctx.later(steps[-1][1], min_days=0, max_days=2)))
    if decision != "rejected":
        steps.append((S.DELIVERED, ctx.later(steps[-1][1], min_days=1, max_days=10)))
    steps.append((S.CLOSED, ctx.later(steps[-1][1], min_days=0, max_days=5)))
    return steps, decision


def _lived(ctx: Context, created: datetime, now: datetime) -> tuple[list[tuple[str, datetime]], str]:
    steps, decision = _path(ctx, created)
    lived = [step for step in steps if step[1] <= now]
    roll = ctx.rng.random()
    open_steps = [i for i, (status, _at) in enumerate(lived) if status in (S.DRAFT, S.COMPLETE, S.REFERRED)]
    if roll < 0.09 and open_steps:
        index = ctx.rng.choice(open_steps)
        ending = S.WITHDRAWN if roll < 0.06 else S.CANCELLED
        moment = ctx.later(lived[index][1], min_days=0, max_days=5)
        if moment <= now:
            lived = [*lived[: index + 1], (ending, moment)]
    return lived, decision


def make_committees(ctx: Context) -> tuple[list[Committee], dict]:
    """The branches' committees and a meeting every working day of the year, the next one open."""
    committees = []
    members = ctx.staff[Role.COMMITTEE_MEMBER]
    secretaries = ctx.staff[Role.COMMITTEE_SECRETARY]
    # A tiny CI run keeps one committee: the meetings of every working day are a fixed cost.
    for index in range(COMMITTEES if ctx.scale >= 0.1 else 1):
        committee, _created = Committee.objects.get_or_create(
            name=f"لجنة البحث - فرع {index + 1}", defaults={"quorum": 3}
        )
        for position, user in enumerate(members[index * 3 : index * 3 + 3] or members[:3]):
            CommitteeMembership.objects.get_or_create(
                committee=committee, user=user, defaults={"role": "chair" if position == 0 else "member"}
            )
        CommitteeMembership.objects.get_or_create(
            committee=committee, user=secretaries[index % len(secretaries)], defaults={"role": "secretary"}
        )
        committees.append(committee)
    open_day = ctx.working_day_on_or_after(ctx.today)
    days = [day for day in ctx.working_days if ctx.year_start <= day < open_day]
    meetings, meeting_ids = [], {}
    meeting_id = next_id(Meeting)
    for committee in committees:
        number = (
            Meeting.objects.filter(committee=committee).order_by("-number").values_list("number", flat=True).first()
            or 0
        )
        for day in [*days, open_day]:
            number += 1
            is_open = day == open_day
            created = datetime.combine(day, time(8), tzinfo=ctx.tz) - timedelta(days=2)
            meeting = Meeting(
                pk=meeting_id,
                committee=committee,
                number=number,
                date=day,
                place="قاعة الاجتماعات",
                status="open" if is_open else "closed",
                closed_at=None if is_open else datetime.combine(day, time(13), tzinfo=ctx.tz),
                created_at=created,
            )
            meeting._history_date = created
            meetings.append(meeting)
            meeting_ids[(committee.pk, day)] = meeting_id
            meeting_id += 1
    insert(ctx, Meeting, meetings)
    insert_history(ctx, Meeting, meetings)
    attendees, approvals = [], []
    through = Meeting.attendees.through
    approval_id = next_id(MinutesApproval)
    committee_members = {
        c.pk: list(
            CommitteeMembership.objects.filter(committee=c, role__in=("chair", "member")).values_list(
                "user_id", flat=True
            )
        )
        for c in committees
    }
    for meeting in meetings:
        for user_id in committee_members[meeting.committee_id]:
            attendees.append(through(meeting_id=meeting.pk, user_id=user_id))
            if meeting.status == "closed":
                approvals.append(
                    MinutesApproval(
                        pk=approval_id, meeting_id=meeting.pk, member_id=user_id, approved_at=meeting.closed_at
                    )
                )
                approval_id += 1
    insert(ctx, through, attendees, label="requests_app.Meeting_attendees")
    insert(ctx, MinutesApproval, approvals)
    return committees, {"ids": meeting_ids, "open_day": open_day, "members": committee_members}


def make_requests(ctx: Context) -> None:
    rng = ctx.rng
    count = ctx.n(REQUESTS)
    services = service_types()
    deadline = policy_parameters().response_deadline_working_days
    committees, meetings = make_committees(ctx)
    now = min(timezone.now(), datetime.combine(ctx.today, time(23, 59), tzinfo=ctx.tz))
    registered_days = [moment.date() for _pk, moment in ctx.beneficiaries]
    channels, weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    sequence = {row.hijri_year: row.last_number for row in ReferenceSequence.objects.all()}
    days = sorted(ctx.year_start + timedelta(days=rng.randint(0, 364)) for _ in range(count))
    ids = {
        model: next_id(model)
        for model in (
            SupportRequest,
            RequestStatusChange,
            Declaration,
            ResearchReport,
            Delivery,
            AgendaItem,
            MemberVote,
        )
    }
    tracking_codes: set[str] = set(SupportRequest.objects.values_list("tracking_code", flat=True))
    vote_from = ctx.today - timedelta(days=VOTED_DAYS)
    batch = _Batch()
    for day in days:
        created = ctx.moment(day)
        pk = ids[SupportRequest]
        ids[SupportRequest] += 1
        known = max(1, bisect.bisect_right(registered_days, day))
        beneficiary_id = ctx.beneficiaries[rng.randrange(known)][0]
        service = rng.choice(services)
        lived, decision = _lived(ctx, created, now)
        reached = dict(lived)
        status, last_moment = lived[-1]
        year = _hijri(day)
        sequence[year] = sequence.get(year, 0) + 1
        code = _tracking_code(rng, tracking_codes)
        limit = service.max_amount or Decimal(5000)
        requested = Decimal(rng.randint(2, int(limit) // 100) * 100) if rng.random() < 0.9 else None
        reception = ctx.pick(Role.RECEPTION)
        researcher = ctx.pick(Role.SOCIAL_RESEARCHER) if S.UNDER_RESEARCH in reached else None
        completed = reached.get(S.COMPLETE)
        due = ctx.add_working_days(completed.astimezone(ctx.tz).date(), deadline) if completed else None
        data_hash = fingerprint("request", pk) if completed else ""
        decided = reached.get(S.DECIDED)
        approved = None
        if decided and decision != "rejected":
            base = requested or limit
            approved = base if decision == "approved" else (base / 2).quantize(Decimal("1"))
        request = SupportRequest(
            pk=pk,
            reference_number=f"{year}-{sequence[year]:06d}",
            tracking_code=code,
            beneficiary_id=beneficiary_id,
            service_type=service,
            channel=rng.choices(channels, weights=weights)[0],
            received_by=reception,
            amount_requested=requested,
            need_description=rng.choice(names.NEEDS),
            status=status,
            missing_items=["صورة الهوية الوطنية"] if status == S.INCOMPLETE else [],
            verified_at=completed - timedelta(minutes=10) if completed else None,
            verified_by=reception if completed else None,
            verified_data_hash=data_hash,
            completed_at=completed,
            due_date=due,
            paused_at=last_moment if status == S.ON_HOLD else None,
            working_days_left_at_pause=(
                max(0, ctx.working_days_between(last_moment.astimezone(ctx.tz).date(), due))
                if status == S.ON_HOLD
                else None
            ),
            referred_at=reached.get(S.REFERRED),
            assigned_researcher=researcher,
            decision=decision if decided else "",
            decision_note="قرار اللجنة بناء على البحث الاجتماعي" if decided else "",
            approved_amount=approved,
            decided_at=decided,
            notified_at=reached.get(S.NOTIFIED),
            closing_reason="طلب المستفيد إلغاء الطلب" if status in (S.WITHDRAWN, S.CANCELLED) else "",
            created_at=created,
            updated_at=last_moment,
        )
        batch.add_request(ctx, request, lived, reception)
        if completed:
            batch.declarations.append(
                Declaration(
                    pk=_take(ids, Declaration),
                    request_id=pk,
                    method="signature_pad",
                    text="أقر بأن جميع البيانات المقدمة صحيحة وأتحمل مسؤوليتها",
                    file=PLACEHOLDER_PNG,
                    content_type="image/png",
                    size_bytes=2_048,
                    data_hash=data_hash,
                    witnessed_by=reception,
                    signed_at=completed - timedelta(minutes=5),
                )
            )
        if researcher and (decided or rng.random() < 0.5):
            written = decided - timedelta(hours=2) if decided else reached[S.UNDER_RESEARCH] + timedelta(hours=3)
            batch.reports.append(
                ResearchReport(
                    pk=_take(ids, ResearchReport),
                    request_id=pk,
                    researcher=researcher,
                    summary="أجريت دراسة الحالة ومطابقة البيانات مع المستندات",
                    recommendation={"approved": "approve", "partially_approved": "approve_partially"}.get(
                        decision, "reject"
                    ),
                    recommended_amount=approved,
                    written_at=written,
                )
            )
        if S.DELIVERED in reached:
            batch.deliveries.append(
                Delivery(
                    pk=_take(ids, Delivery),
                    request_id=pk,
                    service_type=service,
                    kind="cash",
                    amount=approved,
                    delivered_on=reached[S.DELIVERED].astimezone(ctx.tz).date(),
                    delivered_by=reception,
                    receipt_number=f"BR-{pk:08d}",
                    recorded_at=reached[S.DELIVERED],
                )
            )
        committee = committees[pk % len(committees)]
        meeting_day = None
        if decided:
            meeting_day = ctx.working_day_on_or_after(decided.astimezone(ctx.tz).date())
        elif status in (S.REFERRED, S.UNDER_RESEARCH, S.ON_HOLD):
            meeting_day = meetings["open_day"]
        meeting_id = meetings["ids"].get((committee.pk, meeting_day))
        if meeting_id:
            item = AgendaItem(
                pk=_take(ids, AgendaItem),
                meeting_id=meeting_id,
                request_id=pk,
                order=pk % 1000,
                outcome=decision if decided else "",
                approved_amount=approved,
                reasons="" if decision == "approved" or not decided else "بحسب نتيجة البحث الاجتماعي والموارد المتاحة",
                decided_at=decided,
                decided_by=ctx.pick(Role.COMMITTEE_SECRETARY) if decided else None,
            )
            batch.items.append(item)
            if decided and meeting_day >= vote_from:
                for member_id in meetings["members"][committee.pk]:
                    batch.votes.append(
                        MemberVote(
                            pk=_take(ids, MemberVote), item_id=item.pk, member_id=member_id, vote="for", cast_at=decided
                        )
                    )
        ctx.requests.append(
            Made(pk, beneficiary_id, status, decision if decided else "", last_moment, reached.get(S.DELIVERED))
        )
        if len(batch.requests) >= CHUNK:
            batch.flush(ctx)
    batch.flush(ctx)
    for year, last in sequence.items():
        ReferenceSequence.objects.update_or_create(hijri_year=year, defaults={"last_number": last})


def _take(ids: dict, model) -> int:
    value = ids[model]
    ids[model] += 1
    return value


def _tracking_code(rng, taken: set[str]) -> str:
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    while True:
        raw = "".join(rng.choice(alphabet) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        if code not in taken:
            taken.add(code)
            return code


class _Batch:
    def __init__(self):
        self.requests, self.created, self.changed, self.changes = [], [], [], []
        self.declarations, self.reports, self.deliveries, self.items, self.votes = [], [], [], [], []
        self.change_id = None

    def add_request(self, ctx: Context, request: SupportRequest, lived, reception) -> None:
        if self.change_id is None:
            self.change_id = next_id(RequestStatusChange)
        previous = ""
        for status, at in lived:
            role = ACTOR_ROLE[status]
            actor = reception if role == Role.RECEPTION else ctx.pick(role)
            self.changes.append(
                RequestStatusChange(
                    pk=self.change_id, request_id=request.pk, from_status=previous, to_status=status, actor=actor, at=at
                )
            )
            self.change_id += 1
            previous = status
        # History: the draft as first saved, then the record as it stands after its last change.
        first = copy.copy(request)
        first.status, first._history_date, first._history_user = S.DRAFT, lived[0][1], reception
        for name in DRAFT_EMPTY:
            setattr(first, name, None)
        first.decision = first.decision_note = first.verified_data_hash = first.closing_reason = ""
        first.updated_at = lived[0][1]
        self.created.append(first)
        request._history_date, request._history_user = lived[-1][1], reception
        self.requests.append(request)
        if len(lived) > 1:
            self.changed.append(request)

    def flush(self, ctx: Context) -> None:
        insert(ctx, SupportRequest, self.requests)
        insert_history(ctx, SupportRequest, self.created)
        insert_history(ctx, SupportRequest, self.changed, update=True)
        insert(ctx, RequestStatusChange, self.changes)
        insert(ctx, Declaration, self.declarations)
        insert_history(ctx, Declaration, self.declarations)
        insert(ctx, ResearchReport, self.reports)
        insert_history(ctx, ResearchReport, self.reports)
        insert(ctx, Delivery, self.deliveries)
        insert_history(ctx, Delivery, self.deliveries)
        insert(ctx, AgendaItem, self.items)
        insert_history(ctx, AgendaItem, self.items)
        insert(ctx, MemberVote, self.votes)
        for rows in (
            self.requests,
            self.created,
            self.changed,
            self.changes,
            self.declarations,
            self.reports,
            self.deliveries,
            self.items,
            self.votes,
        ):
            rows.clear()
