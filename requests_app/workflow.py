"""The support-request workflow of DESIGN.md in one place (R7–R15).

``TRANSITIONS`` is the table: for each (from, to) pair, the roles allowed, the checks that must
pass and what the move records. ``support_request_transition`` is the only function that changes
a request's status: it checks the role, the object and the preconditions, writes the request
(with its history row), one timeline entry, and the beneficiary's notification. Views offer only
``allowed_transitions`` and never re-check anything themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.models import Event
from notifications.services import notification_send
from policies.errors import DomainError
from policies.roles import Role, user_has_role
from policies.selectors import policy_parameters, response_due_date, working_calendar, working_days_after
from requests_app.models import (
    OPEN_STATUSES,
    Decision,
    Delivery,
    DeliveryKind,
    RequestStatus,
    RequestStatusChange,
    SupportRequest,
)
from requests_app.selectors import (
    beneficiary_data_fingerprint,
    latest_declaration,
    request_missing_items,
)
from requests_app.services.requests import request_notification_context
from requests_app.signals import support_request_delivered

S = RequestStatus


@dataclass
class Context:
    """What a transition sees and what it leaves for after the save."""

    actor: object
    request: SupportRequest
    note: str
    details: dict
    now: object
    notifications: list = field(default_factory=list)
    extra_note: str = ""


Check = Callable[[Context], None]
Apply = Callable[[Context], None]


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: tuple[str, ...]
    label: Promise
    checks: tuple[Check, ...] = ()
    apply: Apply | None = None
    # The extra inputs the form asks for (beyond the note); the view builds its form from these.
    fields: tuple[str, ...] = ()
    note_required: bool = False
    assigned_researcher_only: bool = False
    style: str = "primary"


# --- Checks ---------------------------------------------------------------------------------


def check_has_missing_items(ctx: Context) -> None:
    extra = [item.strip() for item in ctx.details.get("missing_items", []) if item and item.strip()]
    if not request_missing_items(request=ctx.request) and not extra and not ctx.note.strip():
        raise DomainError(_("Nothing is missing from this request: name what the beneficiary must still bring."))


def check_checklist_passed(ctx: Context) -> None:
    missing = request_missing_items(request=ctx.request)
    if missing:
        raise DomainError(_("The request is not complete; still missing: %(items)s.") % {"items": "، ".join(missing)})


def check_data_verified(ctx: Context) -> None:
    request = ctx.request
    if request.verified_at is None:
        raise DomainError(_("The beneficiary's data has not been verified against the documents yet."))
    if request.verified_data_hash != beneficiary_data_fingerprint(beneficiary=request.beneficiary):
        raise DomainError(_("The beneficiary's data changed after it was verified: verify it again."))


def check_declaration_signed(ctx: Context) -> None:
    declaration = latest_declaration(request=ctx.request)
    if declaration is None:
        raise DomainError(_("The beneficiary has not signed the declaration yet."))
    if declaration.data_hash != beneficiary_data_fingerprint(beneficiary=ctx.request.beneficiary):
        raise DomainError(_("The data changed after the declaration was signed; the beneficiary must sign it again."))


def check_research_report_written(ctx: Context) -> None:
    if not ctx.request.research_reports.exists():
        raise DomainError(_("The social researcher has not written a research report yet."))


def check_decision_allows_delivery(ctx: Context) -> None:
    if ctx.request.decision not in (Decision.APPROVED, Decision.PARTIALLY_APPROVED):
        raise DomainError(_("Only an approved request can be delivered."))


def check_decision_is_rejection(ctx: Context) -> None:
    if ctx.request.decision != Decision.REJECTED:
        raise DomainError(_("An approved request is closed after its delivery is recorded."))


def check_reason_given(ctx: Context) -> None:
    if not ctx.note.strip():
        raise DomainError(_("Give the reason."))


# --- What each transition records -------------------------------------------------------------


def _message(ctx: Context, event: str, **context) -> None:
    ctx.notifications.append((event, {**request_notification_context(ctx.request), **context}))


def beneficiary_language(request: SupportRequest) -> str:
    """The language the beneficiary is written to in (their own, else the association's)."""
    from notifications.recipients import contact_for

    language = (contact_for(request.beneficiary).language or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE[:2]


def apply_incomplete(ctx: Context) -> None:
    extra = [item.strip() for item in ctx.details.get("missing_items", []) if item and item.strip()]
    # The list is what the beneficiary is told, so it is written in their language.
    with translation.override(beneficiary_language(ctx.request)):
        missing = request_missing_items(request=ctx.request) + extra
    if not missing and ctx.note.strip():
        missing = [ctx.note.strip()]
    ctx.request.missing_items = missing
    ctx.extra_note = _("Missing: %(items)s") % {"items": "، ".join(missing)}
    _message(ctx, Event.REQUEST_INCOMPLETE, missing_items=missing)


def apply_back_to_draft(ctx: Context) -> None:
    ctx.request.missing_items = []


def apply_complete(ctx: Context) -> None:
    request = ctx.request
    parameters = policy_parameters()
    completed_on = timezone.localdate(ctx.now)
    request.completed_at = ctx.now
    request.due_date = response_due_date(completed_on=completed_on, parameters=parameters)
    request.missing_items = []
    ctx.extra_note = _("Answer due by %(date)s") % {"date": request.due_date.isoformat()}
    _message(
        ctx,
        Event.REQUEST_COMPLETE,
        completed_date=completed_on,
        expected_date=request.due_date,
        working_days=parameters.response_deadline_working_days,
    )


def apply_refer(ctx: Context) -> None:
    ctx.request.referred_at = ctx.now
    # R10: the beneficiary is told that the committee studies the request, and by when they hear.
    _message(
        ctx,
        Event.REQUEST_REFERRED,
        expected_date=ctx.request.due_date,
        working_days=policy_parameters().response_deadline_working_days,
    )


def apply_assign(ctx: Context) -> None:
    researcher = ctx.details.get("researcher")
    if researcher is None or not user_has_role(researcher, Role.SOCIAL_RESEARCHER):
        raise ValidationError({"researcher": _("Choose a social researcher.")})
    ctx.request.assigned_researcher = researcher
    ctx.extra_note = _("Assigned to %(name)s") % {"name": researcher.get_full_name() or researcher.get_username()}


def apply_pause(ctx: Context) -> None:
    request = ctx.request
    today = timezone.localdate(ctx.now)
    calendar = working_calendar(start=min(today, request.due_date), end=max(today, request.due_date))
    request.paused_at = ctx.now
    left = calendar.count_working_days(today, request.due_date)
    request.working_days_left_at_pause = left
    if left < 0:
        ctx.extra_note = ngettext(
            "Clock paused %(days)s working day after the answer was due",
            "Clock paused %(days)s working days after the answer was due",
            -left,
        ) % {"days": -left}
    else:
        ctx.extra_note = _("Clock paused with %(days)s working days left") % {"days": left}


def apply_resume(ctx: Context) -> None:
    request = ctx.request
    left = request.working_days_left_at_pause or 0
    if left > 0:
        request.due_date = working_days_after(start=timezone.localdate(ctx.now), days=left)
    request.paused_at = None
    request.working_days_left_at_pause = None
    ctx.extra_note = _("Clock resumed; answer due by %(date)s") % {"date": request.due_date.isoformat()}


def _amount(value, field_name: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError({field_name: _("Enter an amount.")}) from error
    if amount <= 0:
        raise ValidationError({field_name: _("The amount must be more than zero.")})
    return amount


def apply_decide(ctx: Context) -> None:
    request = ctx.request
    decision = ctx.details.get("decision")
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Choose the committee's decision.")})
    amount = _amount(ctx.details.get("approved_amount"), "approved_amount")
    if decision == Decision.PARTIALLY_APPROVED and amount is None:
        raise ValidationError({"approved_amount": _("A partial approval needs the approved amount.")})
    maximum = request.service_type.max_amount
    if amount is not None and maximum is not None and amount > maximum:
        raise ValidationError(
            {"approved_amount": _("This service gives at most %(amount)s SAR.") % {"amount": maximum}}
        )
    request.decision = decision
    request.approved_amount = amount if decision != Decision.REJECTED else None
    request.decision_note = ctx.note.strip()
    request.decided_at = ctx.now
    ctx.extra_note = str(Decision(decision).label)


def apply_defer(ctx: Context) -> None:
    ctx.extra_note = _("Deferred by the committee")


def apply_return_on_appeal(ctx: Context) -> None:
    """An upheld appeal (complaints app) sends the decision back to the committee with a fresh clock.

    The earlier decision stays in the request's history; the committee decides again.
    """
    request = ctx.request
    request.decision = ""
    request.approved_amount = None
    request.decision_note = ""
    request.decided_at = None
    request.notified_at = None
    request.notified_via = ""
    request.due_date = response_due_date(completed_on=timezone.localdate(ctx.now), parameters=policy_parameters())
    ctx.extra_note = _("Returned to the committee on appeal; answer due by %(date)s") % {
        "date": request.due_date.isoformat()
    }


def apply_notify(ctx: Context) -> None:
    """R14: the decision goes out through the beneficiary's agreed channel, and the request records
    when and through which channel. The message is written here (not after the save like the other
    moves) because the request must record the channel the outbox actually chose."""
    request = ctx.request
    message = notification_send(
        event=Event.DECISION,
        recipient=request.beneficiary,
        context={
            **request_notification_context(request),
            "decision": str(Decision(request.decision).label),
            "amount": str(request.approved_amount) if request.approved_amount else "",
            "decision_note": request.decision_note,
        },
        # One notice per decision: a decision taken again after an appeal is told again.
        idempotency_key=f"{Event.DECISION}:request-{request.pk}:decided-{request.decided_at:%Y%m%d%H%M%S%f}",
    )
    request.notified_at = ctx.now
    request.notified_via = message.channel
    ctx.extra_note = _("Told by %(channel)s") % {"channel": message.get_channel_display()}


def apply_deliver(ctx: Context) -> None:
    details = ctx.details
    kind = details.get("kind")
    if kind not in DeliveryKind.values:
        raise ValidationError({"kind": _("Choose what was given.")})
    delivered_on = details.get("delivered_on") or timezone.localdate(ctx.now)
    if isinstance(delivered_on, date) and delivered_on > timezone.localdate(ctx.now):
        raise ValidationError({"delivered_on": _("The delivery date cannot be in the future.")})
    amount = _amount(details.get("amount"), "amount")
    approved = ctx.request.approved_amount
    if kind == DeliveryKind.CASH and amount is not None and approved is not None and amount > approved:
        raise ValidationError({"amount": _("More than the approved amount (%(amount)s SAR).") % {"amount": approved}})
    delivery = Delivery(
        request=ctx.request,
        service_type_id=ctx.request.service_type_id,
        kind=kind,
        amount=amount if kind == DeliveryKind.CASH else None,
        items_description=(details.get("items_description") or "").strip(),
        delivered_on=delivered_on,
        delivered_by=details.get("delivered_by") or ctx.actor,
        receipt_number=(details.get("receipt_number") or "").strip(),
        recorded_at=ctx.now,
    )
    if kind == DeliveryKind.CASH and delivery.amount is None:
        raise ValidationError({"amount": _("Enter the amount given.")})
    if kind == DeliveryKind.IN_KIND and not delivery.items_description:
        raise ValidationError({"items_description": _("Describe what was given.")})
    delivery._history_user = ctx.actor
    delivery.full_clean()
    delivery.save()
    ctx.extra_note = _("Receipt %(number)s") % {"number": delivery.receipt_number}
    if kind == DeliveryKind.CASH:
        details_text = _("%(amount)s SAR") % {"amount": delivery.amount}
    else:
        details_text = delivery.items_description
    _message(ctx, Event.DELIVERY, delivery_date=delivery.delivered_on, delivery_details=details_text)
    request, actor = ctx.request, ctx.actor
    transaction.on_commit(
        lambda: support_request_delivered.send(sender=SupportRequest, request=request, actor=actor), robust=True
    )


def apply_close_reason(ctx: Context) -> None:
    ctx.request.closing_reason = ctx.note.strip()
    ctx.request.paused_at = None
    ctx.request.working_days_left_at_pause = None


# --- The table --------------------------------------------------------------------------------

RECEPTION = (Role.RECEPTION,)
TRANSITION_LIST: list[Transition] = [
    Transition(
        S.DRAFT,
        S.INCOMPLETE,
        RECEPTION,
        gettext_lazy("Mark incomplete"),
        checks=(check_has_missing_items,),
        apply=apply_incomplete,
        fields=("missing_items",),
        style="warning",
    ),
    Transition(S.INCOMPLETE, S.DRAFT, RECEPTION, gettext_lazy("Missing items received"), apply=apply_back_to_draft),
    Transition(
        S.DRAFT,
        S.COMPLETE,
        RECEPTION,
        gettext_lazy("Complete the request"),
        checks=(check_checklist_passed, check_data_verified, check_declaration_signed),
        apply=apply_complete,
        style="success",
    ),
    Transition(S.COMPLETE, S.REFERRED, RECEPTION, gettext_lazy("Refer to the research committee"), apply=apply_refer),
    Transition(
        S.REFERRED,
        S.UNDER_RESEARCH,
        (Role.RECEPTION, Role.COMMITTEE_SECRETARY, Role.MANAGER),
        gettext_lazy("Assign a social researcher"),
        apply=apply_assign,
        fields=("researcher",),
    ),
    Transition(
        S.UNDER_RESEARCH,
        S.ON_HOLD,
        (Role.SOCIAL_RESEARCHER, Role.RECEPTION),
        gettext_lazy("Put on hold (waiting for the beneficiary)"),
        apply=apply_pause,
        note_required=True,
        assigned_researcher_only=True,
        style="secondary",
    ),
    Transition(
        S.ON_HOLD,
        S.UNDER_RESEARCH,
        (Role.SOCIAL_RESEARCHER, Role.RECEPTION),
        gettext_lazy("Resume the research"),
        apply=apply_resume,
        assigned_researcher_only=True,
    ),
    Transition(
        S.UNDER_RESEARCH,
        S.DECIDED,
        (Role.COMMITTEE_SECRETARY,),
        gettext_lazy("Record the committee's decision"),
        checks=(check_research_report_written,),
        apply=apply_decide,
        fields=("decision", "approved_amount"),
        style="success",
    ),
    Transition(
        S.UNDER_RESEARCH,
        S.REFERRED,
        (Role.COMMITTEE_SECRETARY,),
        gettext_lazy("Defer (back to the committee's list)"),
        apply=apply_defer,
        note_required=True,
        style="secondary",
    ),
    Transition(
        S.DECIDED, S.NOTIFIED, RECEPTION, gettext_lazy("Notify the beneficiary of the decision"), apply=apply_notify
    ),
    Transition(
        S.NOTIFIED,
        S.DELIVERED,
        RECEPTION,
        gettext_lazy("Record the delivery"),
        checks=(check_decision_allows_delivery,),
        apply=apply_deliver,
        fields=("kind", "amount", "items_description", "delivered_on", "receipt_number"),
        style="success",
    ),
    Transition(
        S.NOTIFIED,
        S.CLOSED,
        (Role.RECEPTION, Role.MANAGER),
        gettext_lazy("Close the request"),
        checks=(check_decision_is_rejection,),
        style="secondary",
    ),
    Transition(
        S.DELIVERED, S.CLOSED, (Role.RECEPTION, Role.MANAGER), gettext_lazy("Close the request"), style="secondary"
    ),
]
# Appeals (complaints app): the follow-up committee upholds an appeal against a decision.
for _status in (S.DECIDED, S.NOTIFIED, S.CLOSED):
    TRANSITION_LIST.append(
        Transition(
            _status,
            S.REFERRED,
            (Role.COMPLAINTS_OFFICER,),
            gettext_lazy("Return to the committee (appeal upheld)"),
            apply=apply_return_on_appeal,
            note_required=True,
            style="warning",
        )
    )
for _status in OPEN_STATUSES:
    TRANSITION_LIST.append(
        Transition(
            _status,
            S.WITHDRAWN,
            RECEPTION,
            gettext_lazy("Withdrawn by the beneficiary"),
            checks=(check_reason_given,),
            apply=apply_close_reason,
            note_required=True,
            style="outline-danger",
        )
    )
    TRANSITION_LIST.append(
        Transition(
            _status,
            S.CANCELLED,
            (Role.RECEPTION, Role.MANAGER),
            gettext_lazy("Cancel the request"),
            checks=(check_reason_given,),
            apply=apply_close_reason,
            note_required=True,
            style="outline-danger",
        )
    )

TRANSITIONS: dict[tuple[str, str], Transition] = {(t.source, t.target): t for t in TRANSITION_LIST}


def transition_for(source: str, target: str) -> Transition | None:
    return TRANSITIONS.get((source, target))


def _object_allowed(transition: Transition, *, actor, request: SupportRequest) -> bool:
    """A social researcher acts only on a request assigned to them; reception on any."""
    if not transition.assigned_researcher_only:
        return True
    if user_has_role(actor, *[role for role in transition.roles if role != Role.SOCIAL_RESEARCHER]):
        return True
    return request.assigned_researcher_id == getattr(actor, "pk", None)


def actor_may(transition: Transition, *, actor, request: SupportRequest) -> bool:
    return user_has_role(actor, *transition.roles) and _object_allowed(transition, actor=actor, request=request)


def allowed_transitions(*, actor, request: SupportRequest) -> list[Transition]:
    """The moves this user may offer on this request now (preconditions are checked on submit)."""
    return [
        transition
        for transition in TRANSITION_LIST
        if transition.source == request.status and actor_may(transition, actor=actor, request=request)
    ]


def support_request_transition(
    *, actor, request: SupportRequest, to_status: str, note: str = "", **details
) -> SupportRequest:
    """Move ``request`` to ``to_status`` if the table, the actor's role and the checks allow it.

    Raises DomainError (a translated message) for a forbidden move or a failed precondition,
    ValidationError for a bad detail (keyed by the form field).
    """
    with transaction.atomic():
        locked = SupportRequest.objects.select_for_update().get(pk=request.pk)
        source = locked.status
        transition = transition_for(source, to_status)
        if transition is None:
            raise DomainError(
                _("A request that is “%(from)s” cannot become “%(to)s”.")
                % {"from": S(source).label, "to": S(to_status).label if to_status in S.values else to_status}
            )
        if not user_has_role(actor, *transition.roles):
            raise DomainError(_("Your role does not allow this step: %(step)s.") % {"step": transition.label})
        if not _object_allowed(transition, actor=actor, request=locked):
            raise DomainError(_("Only the social researcher assigned to this request can do this."))
        if transition.note_required and not note.strip():
            raise ValidationError({"note": _("Give the reason.")})
        now = timezone.now()
        ctx = Context(actor=actor, request=locked, note=note, details=details, now=now)
        for check in transition.checks:
            check(ctx)
        if transition.apply is not None:
            transition.apply(ctx)
        locked.status = to_status
        locked._history_user = actor
        locked._change_reason = f"{S(source).label} → {S(to_status).label}"
        locked.full_clean()
        locked.save()
        timeline_note = "\n".join(part for part in (ctx.extra_note, note.strip()) if part)
        change = RequestStatusChange.objects.create(
            request=locked, from_status=source, to_status=to_status, actor=actor, at=now, note=timeline_note
        )
        for event, context in ctx.notifications:
            notification_send(
                event=event,
                recipient=locked.beneficiary,
                context=context,
                idempotency_key=f"{event}:request-{locked.pk}:change-{change.pk}",
            )
    # The caller's object reflects the new state.
    request.refresh_from_db()
    return request


def researchers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.SOCIAL_RESEARCHER)
        .order_by("first_name", "last_name")
        .distinct()
    )
