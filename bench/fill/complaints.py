"""Complaints, inquiries, suggestions and appeals through every channel, with their timelines."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from bench.fill import names
from bench.fill.base import Context, insert, insert_history, next_id
from complaints.models import Complaint, ComplaintCategory, ComplaintStatus, ComplaintStatusChange
from complaints.services import TRACKING_ALPHABET, TRACKING_LENGTH, normalize_tracking_code
from policies.choices import Channel
from policies.roles import Role
from policies.selectors import policy_parameters

C = ComplaintStatus
COMPLAINTS = 30_000
CHUNK = 10_000
KINDS = {"complaint": 60, "inquiry": 20, "suggestion": 15, "appeal": 5}


def _life(ctx: Context, received: datetime, now: datetime) -> list[tuple[str, datetime]]:
    steps = [(C.RECEIVED, received)]
    steps.append((C.ACKNOWLEDGED, ctx.later(received, min_days=0, max_days=2)))
    steps.append((C.UNDER_INVESTIGATION, ctx.later(steps[-1][1], min_days=0, max_days=3)))
    if ctx.rng.random() < 0.1:
        steps.append((C.AWAITING_COMPLAINANT, ctx.later(steps[-1][1], min_days=1, max_days=3)))
        steps.append((C.UNDER_INVESTIGATION, ctx.later(steps[-1][1], min_days=1, max_days=6)))
    steps.append((C.RESOLVED, ctx.later(steps[-1][1], min_days=1, max_days=12)))
    steps.append((C.CLOSED, ctx.later(steps[-1][1], min_days=1, max_days=7)))
    return [step for step in steps if step[1] <= now]


def make_complaints(ctx: Context) -> None:
    rng = ctx.rng
    count = ctx.n(COMPLAINTS)
    parameters = policy_parameters()
    categories = list(ComplaintCategory.objects.filter(is_active=True))
    ordinary = [c for c in categories if not c.is_sensitive] or categories
    decided = [r for r in ctx.requests if r.decision]
    now = min(timezone.now(), datetime.combine(ctx.today, time(23, 59), tzinfo=ctx.tz))
    officers = ctx.staff[Role.COMPLAINTS_OFFICER]
    kinds, weights = zip(*KINDS.items(), strict=True)
    complaint_id, change_id = next_id(Complaint), next_id(ComplaintStatusChange)
    ctx.first_complaint_id = complaint_id
    taken = set(Complaint.objects.values_list("tracking_code", flat=True))
    days = sorted(ctx.year_start + timedelta(days=rng.randint(0, 364)) for _ in range(count))
    rows, changes = [], []
    for day in days:
        received = ctx.moment(ctx.working_day_on_or_after(day) if rng.random() < 0.8 else day)
        if received > now:
            received = now - timedelta(minutes=rng.randint(1, 600))
        lived = _life(ctx, received, now)
        reached = dict(lived)
        status, last = lived[-1]
        kind = rng.choices(kinds, weights=weights)[0]
        request = rng.choice(decided) if kind == "appeal" and decided else None
        if kind == "appeal" and request is None:
            kind = "complaint"
        anonymous = request is None and rng.random() < 0.1
        linked = request is not None or (not anonymous and rng.random() < 0.8)
        beneficiary_id = (request.beneficiary_id if request else rng.choice(ctx.beneficiaries)[0]) if linked else None
        received_on = received.astimezone(ctx.tz).date()
        acknowledge_due = ctx.add_working_days(received_on, parameters.complaint_acknowledge_working_days)
        resolve_due = max(acknowledge_due, ctx.add_working_days(received_on, parameters.complaint_resolve_working_days))
        resolved = reached.get(C.RESOLVED)
        paused = status == C.AWAITING_COMPLAINANT
        complaint = Complaint(
            pk=complaint_id,
            kind=kind,
            tracking_code=_code(rng, taken),
            channel=rng.choices(Channel.values, weights=(30, 20, 5, 3, 2, 1, 30, 5, 2, 2))[0],
            category=rng.choice(categories if rng.random() < 0.03 else ordinary),
            priority=rng.choices(("low", "normal", "high", "urgent"), weights=(15, 65, 15, 5))[0],
            subject=rng.choice(names.COMPLAINT_SUBJECTS),
            description="تفاصيل الشكوى كما وردت من المستفيد عبر القناة المذكورة",
            is_anonymous=anonymous,
            beneficiary_id=beneficiary_id,
            complainant_name="" if anonymous or linked else f"{rng.choice(names.MALE)} {rng.choice(names.FAMILIES)}",
            complainant_mobile="" if anonymous or linked else f"+9665{rng.randint(0, 99_999_999):08d}",
            contact_channel="" if anonymous else "sms",
            concerned_staff=ctx.pick(Role.RECEPTION) if rng.random() < 0.1 else None,
            support_request_id=request.pk if request else None,
            status=status,
            assigned_to=rng.choice(officers) if C.UNDER_INVESTIGATION in reached else None,
            received_at=received,
            acknowledge_due=acknowledge_due,
            resolve_due=resolve_due,
            acknowledged_at=reached.get(C.ACKNOWLEDGED),
            paused_on=last.astimezone(ctx.tz).date() if paused else None,
            paused_working_days_left=max(0, ctx.working_days_between(last.astimezone(ctx.tz).date(), resolve_due))
            if paused
            else None,
            resolved_at=resolved,
            closed_at=reached.get(C.CLOSED),
            outcome=rng.choice(("upheld", "partly_upheld", "not_upheld")) if resolved else "",
            response="تمت دراسة الشكوى واتخاذ اللازم، شاكرين تواصلكم" if resolved else "",
            response_channel="sms" if resolved else "",
            created_by=ctx.pick(Role.RECEPTION),
            created_at=received,
        )
        complaint._history_date, complaint._history_user = last, complaint.assigned_to
        rows.append(complaint)
        previous = ""
        for step, at in lived:
            actor = None if step == C.RECEIVED else (complaint.assigned_to or rng.choice(officers))
            changes.append(
                ComplaintStatusChange(
                    pk=change_id,
                    complaint_id=complaint_id,
                    from_status=previous,
                    to_status=step,
                    actor=actor,
                    changed_at=at,
                )
            )
            change_id += 1
            previous = step
        complaint_id += 1
        if len(rows) >= CHUNK:
            _flush(ctx, rows, changes)
    _flush(ctx, rows, changes)


def _flush(ctx: Context, rows: list, changes: list) -> None:
    insert(ctx, Complaint, rows)
    insert_history(ctx, Complaint, rows)
    insert(ctx, ComplaintStatusChange, changes)
    rows.clear()
    changes.clear()


def _code(rng, taken: set[str]) -> str:
    """A code in the form the public tracking page accepts (complaints.services), so the load finds it."""
    while True:
        raw = "".join(rng.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        code = normalize_tracking_code(raw)
        if code not in taken:
            taken.add(code)
            return code
