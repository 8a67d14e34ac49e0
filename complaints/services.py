"""Every write to complaints and compensation files.

The workflow is one table (``TRANSITIONS``) and one function (``complaint_transition``) that
checks the role, the object (privacy rules) and the preconditions, applies the change, writes a
status-change row and a history row, and queues the complainant's notification.
"""

import secrets
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaries.validators import clean_identity_number, detect_document_type, normalize_mobile
from complaints.models import (
    DESCRIPTION_MAX_LENGTH,
    CompensationFile,
    CompensationStatus,
    Complaint,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintEscalation,
    ComplaintKind,
    ComplaintNote,
    ComplaintStatus,
    ComplaintStatusChange,
    EscalationKind,
    Outcome,
)
from complaints.signals import complaint_closed
from notifications.models import Event
from notifications.services import notification_send
from policies.choices import Channel, ContactChannel
from policies.errors import DomainError
from policies.roles import Role, user_has_role
from policies.selectors import policy_parameters, working_calendar, working_days_after

MAX_ATTACHMENTS = 3
# A resolved complaint may be reopened for this many calendar days after its resolution.
REOPEN_WINDOW_DAYS = getattr(settings, "COMPLAINT_REOPEN_DAYS", 30)
# Letters that cannot be mistaken for each other when read aloud or typed from paper.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 12  # 31^12 ≈ 7.9 × 10^17 codes: not guessable, not enumerable.

HANDLERS = (Role.COMPLAINTS_OFFICER,)
SUPERVISORS = (Role.COMPLAINTS_OFFICER, Role.MANAGER)
INTAKE_ROLES = (Role.RECEPTION, Role.COMPLAINTS_OFFICER)


# --- Small helpers ----------------------------------------------------------------------------


def _save(instance, *, actor, reason: str = "") -> None:
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.full_clean()
    instance.save()


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _index in range(TRACKING_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, TRACKING_LENGTH, 4))


def normalize_tracking_code(value: str) -> str:
    """What a person types (lower case, spaces, no dashes) -> the stored form; '' if it cannot be one."""
    compact = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(compact) != TRACKING_LENGTH or any(ch not in TRACKING_ALPHABET for ch in compact):
        return ""
    return "-".join(compact[i : i + 4] for i in range(0, TRACKING_LENGTH, 4))


def complaint_due_dates(*, received_on: date, parameters=None) -> tuple[date, date]:
    """Acknowledgement and resolution due dates, in working days after the day of receipt."""
    parameters = parameters or policy_parameters()
    acknowledge = working_days_after(
        start=received_on, days=parameters.complaint_acknowledge_working_days, parameters=parameters
    )
    resolve = working_days_after(
        start=received_on, days=parameters.complaint_resolve_working_days, parameters=parameters
    )
    return acknowledge, resolve


def can_handle(user, complaint: Complaint) -> bool:
    """The object rule behind every action: never on a complaint about oneself; a sensitive
    complaint only by senior management or the officer assigned to it."""
    if not user_has_role(user, *SUPERVISORS):
        return False
    if complaint.concerned_staff_id and complaint.concerned_staff_id == user.pk:
        return False
    if complaint.category.is_sensitive:
        return user_has_role(user, Role.MANAGER) or complaint.assigned_to_id == user.pk
    return True


def _require_handler(actor, complaint: Complaint, roles: Iterable[str]) -> None:
    if not user_has_role(actor, *roles) or not can_handle(actor, complaint):
        raise DomainError(_("You may not act on this complaint."))


def _identity_type_of(number: str) -> str:
    return "iqama" if number.startswith("2") else "national_id"


# --- Intake -----------------------------------------------------------------------------------


INTAKE_FIELDS = (
    "kind",
    "channel",
    "category",
    "priority",
    "subject",
    "description",
    "is_anonymous",
    "beneficiary",
    "complainant_name",
    "complainant_identity_number",
    "complainant_mobile",
    "complainant_email",
    "contact_channel",
    "concerned_staff",
    "support_request",
    "received_at",
)


def _check_attachments(files: Iterable[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    files = [file for file in files if file]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS}})
    checked = []
    for file in files:
        try:
            checked.append((file, detect_document_type(file)))
        except ValidationError as error:
            raise ValidationError({"attachments": [f"{file.name}: {message}" for message in error.messages]}) from error
    return checked


def _normalize_complainant(complaint: Complaint) -> None:
    errors: dict[str, list[str]] = {}
    if complaint.is_anonymous:
        # Whatever was typed before ticking "anonymous" is dropped, never stored.
        complaint.beneficiary = None
        complaint.complainant_name = ""
        complaint.complainant_identity_number = ""
        complaint.complainant_mobile = ""
        complaint.complainant_email = ""
        complaint.contact_channel = ""
        return
    complaint.complainant_name = " ".join((complaint.complainant_name or "").split())
    if complaint.beneficiary_id is None and not complaint.complainant_name:
        errors["complainant_name"] = [_("Enter the complainant's name, or choose to complain anonymously.")]
    if complaint.complainant_identity_number:
        number = complaint.complainant_identity_number
        try:
            complaint.complainant_identity_number = clean_identity_number(_identity_type_of(number.strip()), number)
        except ValidationError as error:
            errors["complainant_identity_number"] = error.messages
    if complaint.complainant_mobile:
        try:
            complaint.complainant_mobile = normalize_mobile(complaint.complainant_mobile)
        except ValidationError as error:
            errors["complainant_mobile"] = error.messages
    if complaint.beneficiary_id is None:
        if complaint.contact_channel in (ContactChannel.SMS, ContactChannel.PHONE) and not complaint.complainant_mobile:
            errors.setdefault("complainant_mobile", []).append(_("Enter a mobile number to be answered by it."))
        if complaint.contact_channel == ContactChannel.EMAIL and not complaint.complainant_email:
            errors.setdefault("complainant_email", []).append(_("Enter an email address to be answered by it."))
        if complaint.contact_channel == ContactChannel.LETTER:
            errors.setdefault("contact_channel", []).append(
                _("A letter needs a postal address; choose a text message, call or email.")
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def complaint_submit(
    *,
    actor: AbstractBaseUser | None,
    data: Mapping[str, Any],
    attachments: Iterable[UploadedFile] = (),
    submission_token: uuid.UUID | None = None,
) -> tuple[Complaint, bool]:
    """Record a complaint, inquiry, suggestion or appeal; returns (complaint, created).

    ``actor`` is None for the public form (channel: website). A repeated ``submission_token``
    (double click, retried post) returns the complaint it already created.
    """
    unknown = set(data) - set(INTAKE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown complaint fields: {sorted(unknown)}")
    if submission_token is not None:
        existing = Complaint.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing, False
    if actor is not None and not user_has_role(actor, *INTAKE_ROLES):
        raise DomainError(_("You may not record complaints."))

    values = dict(data)
    if actor is None:
        values["channel"] = Channel.WEBSITE
        values.pop("concerned_staff", None)
        values.pop("priority", None)
        values.pop("received_at", None)
    description = values.get("description") or ""
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {"description": _("Write at most %(limit)d characters.") % {"limit": DESCRIPTION_MAX_LENGTH}}
        )
    received_at = values.pop("received_at", None) or timezone.now()
    if received_at > timezone.now():
        raise ValidationError({"received_at": _("The time of receipt cannot be in the future.")})
    category = values.get("category")
    if isinstance(category, ComplaintCategory) and not category.is_active:
        raise ValidationError({"category": _("This category is no longer in use; choose another.")})
    if values.get("kind") == ComplaintKind.APPEAL and not values.get("support_request"):
        raise ValidationError({"support_request": _("An appeal names the support request whose decision it contests.")})

    complaint = Complaint(**values, received_at=received_at, created_by=actor, submission_token=submission_token)
    received_on = timezone.localdate(received_at)
    complaint.acknowledge_due, complaint.resolve_due = complaint_due_dates(received_on=received_on)
    complaint.tracking_code = new_tracking_code()
    _normalize_complainant(complaint)
    checked = _check_attachments(attachments)

    stored: list[ComplaintAttachment] = []
    try:
        with transaction.atomic():
            _save(complaint, actor=actor, reason=_("Received"))
            ComplaintStatusChange.objects.create(
                complaint=complaint, from_status="", to_status=ComplaintStatus.RECEIVED, actor=actor
            )
            for file, content_type in checked:
                attachment = ComplaintAttachment(
                    complaint=complaint,
                    original_filename=(file.name or "")[:255],
                    content_type=content_type,
                    size_bytes=file.size,
                    uploaded_by=actor,
                )
                attachment.file.save(file.name or "attachment", file, save=False)
                stored.append(attachment)
                _save(attachment, actor=actor, reason=_("Attachment received"))
    except IntegrityError:
        for attachment in stored:
            attachment.file.delete(save=False)
        if submission_token is not None:
            existing = Complaint.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing, False
        raise
    except Exception:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
    return complaint, True


# --- The workflow -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    label: Promise


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "acknowledge",
            (ComplaintStatus.RECEIVED,),
            ComplaintStatus.ACKNOWLEDGED,
            HANDLERS,
            gettext_lazy("Acknowledge"),
        ),
        Transition(
            "investigate",
            (ComplaintStatus.ACKNOWLEDGED,),
            ComplaintStatus.UNDER_INVESTIGATION,
            HANDLERS,
            gettext_lazy("Start the investigation"),
        ),
        Transition(
            "pause",
            (ComplaintStatus.UNDER_INVESTIGATION,),
            ComplaintStatus.AWAITING_COMPLAINANT,
            HANDLERS,
            gettext_lazy("Wait for the complainant"),
        ),
        Transition(
            "resume",
            (ComplaintStatus.AWAITING_COMPLAINANT,),
            ComplaintStatus.UNDER_INVESTIGATION,
            HANDLERS,
            gettext_lazy("Resume the investigation"),
        ),
        Transition(
            "resolve",
            (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.UNDER_INVESTIGATION),
            ComplaintStatus.RESOLVED,
            HANDLERS,
            gettext_lazy("Resolve and answer"),
        ),
        Transition("close", (ComplaintStatus.RESOLVED,), ComplaintStatus.CLOSED, SUPERVISORS, gettext_lazy("Close")),
        Transition(
            "reopen",
            (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED),
            ComplaintStatus.UNDER_INVESTIGATION,
            SUPERVISORS,
            gettext_lazy("Reopen"),
        ),
    )
}


def available_transitions(*, user, complaint: Complaint) -> list[Transition]:
    """The actions this user may take on this complaint now (preconditions aside from input)."""
    if not can_handle(user, complaint):
        return []
    result = []
    for transition in TRANSITIONS.values():
        if complaint.status not in transition.sources or not user_has_role(user, *transition.roles):
            continue
        if transition.action == "reopen" and not _within_reopen_window(complaint):
            continue
        result.append(transition)
    return result


def _within_reopen_window(complaint: Complaint) -> bool:
    return bool(complaint.resolved_at) and timezone.now() - complaint.resolved_at <= timedelta(days=REOPEN_WINDOW_DAYS)


def _notify_complainant(complaint: Complaint, *, event: str, context: Mapping[str, Any], key: str, channel=""):
    """Tell a named complainant through their channel; an anonymous one follows by tracking code."""
    if complaint.is_anonymous:
        return None
    contact = complaint.notification_contact()
    chosen = channel or contact.channel or ContactChannel.SMS
    recipient = complaint.beneficiary if complaint.beneficiary_id else complaint
    return notification_send(
        event=event, recipient=recipient, context=context, channel=chosen, contact=contact, idempotency_key=key
    )


RESOLVE_FIELDS = ("outcome", "response", "response_channel", "amicable_settlement", "settlement_terms")


@transaction.atomic
def complaint_transition(
    *,
    actor: AbstractBaseUser,
    complaint: Complaint,
    action: str,
    note: str = "",
    data: Mapping[str, Any] | None = None,
) -> Complaint:
    """Move a complaint along the workflow; raises DomainError (refused) or ValidationError (input)."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise ValueError(f"Unknown complaint action: {action!r}")
    complaint = Complaint.objects.select_for_update().select_related("category").get(pk=complaint.pk)
    _require_handler(actor, complaint, transition.roles)
    if complaint.status not in transition.sources:
        raise DomainError(
            _("This complaint is %(status)s; “%(action)s” is not possible now.")
            % {"status": complaint.get_status_display(), "action": transition.label}
        )
    data = dict(data or {})
    note = (note or "").strip()
    now = timezone.now()
    today = timezone.localdate()
    source = complaint.status
    parameters = policy_parameters()

    if action == "acknowledge":
        complaint.acknowledged_at = now
        if complaint.assigned_to_id is None:
            complaint.assigned_to = actor
    elif action == "investigate":
        if complaint.assigned_to_id is None:
            complaint.assigned_to = actor
    elif action == "pause":
        if not note:
            raise ValidationError({"note": _("Write what the committee is waiting for from the complainant.")})
        calendar = working_calendar(start=min(today, complaint.resolve_due), end=max(today, complaint.resolve_due))
        complaint.paused_on = today
        complaint.paused_working_days_left = calendar.count_working_days(today, complaint.resolve_due)
    elif action == "resume":
        left = max(complaint.paused_working_days_left or 0, 0)
        complaint.resolve_due = working_days_after(start=today, days=left, parameters=parameters)
        complaint.acknowledge_due = min(complaint.acknowledge_due, complaint.resolve_due)
        complaint.paused_on = None
        complaint.paused_working_days_left = None
    elif action == "resolve":
        _apply_resolution(complaint, data)
        complaint.resolved_at = now
        if complaint.assigned_to_id is None:
            complaint.assigned_to = actor
    elif action == "close":
        complaint.closed_at = now
        transaction.on_commit(
            lambda: complaint_closed.send(sender=Complaint, complaint=complaint, actor=actor), robust=True
        )
    elif action == "reopen":
        if not _within_reopen_window(complaint):
            raise DomainError(
                _("A complaint can be reopened within %(days)d days of its resolution.") % {"days": REOPEN_WINDOW_DAYS}
            )
        if not note:
            raise ValidationError({"note": _("Write why the complaint is reopened.")})
        complaint.resolved_at = None
        complaint.closed_at = None
        complaint.outcome = ""
        complaint.reopen_count += 1
        complaint.resolve_due = working_days_after(
            start=today, days=parameters.complaint_resolve_working_days, parameters=parameters
        )
        complaint.acknowledge_due = min(complaint.acknowledge_due, complaint.resolve_due)
        if complaint.assigned_to_id is None:
            complaint.assigned_to = actor

    complaint.status = transition.target
    _save(complaint, actor=actor, reason=str(transition.label))
    ComplaintStatusChange.objects.create(
        complaint=complaint, from_status=source, to_status=transition.target, actor=actor, note=note
    )

    if action == "acknowledge":
        _notify_complainant(
            complaint,
            event=Event.COMPLAINT_ACKNOWLEDGED,
            key=f"complaint_acknowledged:complaint-{complaint.pk}",
            context={
                "complaint_number": complaint.number,
                "received_date": timezone.localdate(complaint.received_at),
                "expected_date": complaint.resolve_due,
                "tracking_code": complaint.tracking_code,
            },
        )
    elif action == "resolve":
        _notify_complainant(
            complaint,
            event=Event.COMPLAINT_ANSWERED,
            key=f"complaint_answered:complaint-{complaint.pk}:{complaint.reopen_count}",
            context={"complaint_number": complaint.number, "answer": complaint.response},
            channel=complaint.response_channel,
        )
        if complaint.kind == ComplaintKind.APPEAL and complaint.outcome in (Outcome.UPHELD, Outcome.PARTLY_UPHELD):
            _return_request_to_committee(actor=actor, complaint=complaint)
    return complaint


def _apply_resolution(complaint: Complaint, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(RESOLVE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown resolution fields: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    outcome = data.get("outcome") or ""
    response = (data.get("response") or "").strip()
    settled = bool(data.get("amicable_settlement"))
    terms = (data.get("settlement_terms") or "").strip()
    channel = data.get("response_channel") or ""
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose the outcome of the investigation.")]
    if not response:
        errors["response"] = [_("Write the response sent to the complainant.")]
    if settled and not terms:
        errors["settlement_terms"] = [_("Write what was agreed in the amicable settlement.")]
    if complaint.is_anonymous:
        # Nobody to send it to: the response is published on the tracking page only.
        channel = channel or ContactChannel.LETTER
    elif not channel:
        channel = complaint.notification_contact().channel
    if channel not in ContactChannel.values:
        errors["response_channel"] = [_("Choose how the response is sent to the complainant.")]
    elif not complaint.is_anonymous and not complaint.notification_contact().address_for(channel):
        errors["response_channel"] = [_("The complainant left no address for this channel; choose another.")]
    if errors:
        raise ValidationError(errors)
    complaint.outcome = outcome
    complaint.response = response
    complaint.response_channel = channel
    complaint.amicable_settlement = settled
    complaint.settlement_terms = terms if settled else ""


def _return_request_to_committee(*, actor, complaint: Complaint) -> None:
    """An upheld appeal sends its support request back to the research committee (R13), through
    the requests workflow; when that workflow refuses (no such step for this request or role),
    the appeal stays resolved and its timeline says the request must be referred by hand."""
    request = complaint.support_request
    if request is None:
        return
    from requests_app.models import RequestStatus
    from requests_app.workflow import support_request_transition

    note = _("Appeal %(number)s upheld by the follow-up committee") % {"number": complaint.number}
    try:
        with transaction.atomic():
            support_request_transition(actor=actor, request=request, to_status=RequestStatus.REFERRED, note=note)
    except (DomainError, ValidationError) as error:
        message = error.message if isinstance(error, DomainError) else "; ".join(error.messages)
        ComplaintStatusChange.objects.create(
            complaint=complaint,
            from_status=complaint.status,
            to_status=complaint.status,
            actor=actor,
            note=_(
                "The support request could not be returned to the committee automatically (%(reason)s); "
                "refer it by hand."
            )
            % {"reason": message},
        )


# --- Assignment, notes, classification --------------------------------------------------------


@transaction.atomic
def complaint_assign(*, actor: AbstractBaseUser, complaint: Complaint, officer: AbstractBaseUser) -> Complaint:
    complaint = Complaint.objects.select_for_update().select_related("category").get(pk=complaint.pk)
    _require_handler(actor, complaint, SUPERVISORS)
    if not complaint.is_open:
        raise DomainError(_("Only an open complaint can be assigned."))
    if not user_has_role(officer, Role.COMPLAINTS_OFFICER) or not officer.is_active:
        raise ValidationError({"officer": _("Assign the complaint to a member of the follow-up committee.")})
    if complaint.concerned_staff_id == officer.pk:
        raise ValidationError({"officer": _("A complaint cannot be assigned to the staff member it concerns.")})
    complaint.assigned_to = officer
    _save(
        complaint,
        actor=actor,
        reason=_("Assigned to %(name)s") % {"name": officer.get_full_name() or officer.get_username()},
    )
    return complaint


@transaction.atomic
def complaint_note_add(*, actor: AbstractBaseUser, complaint: Complaint, text: str) -> ComplaintNote:
    complaint = Complaint.objects.select_related("category").get(pk=complaint.pk)
    _require_handler(actor, complaint, HANDLERS)
    note = ComplaintNote(complaint=complaint, author=actor, text=(text or "").strip())
    if not note.text:
        raise ValidationError({"text": _("Write the note.")})
    _save(note, actor=actor, reason=_("Investigation note"))
    return note


@transaction.atomic
def complaint_attachment_add(
    *, actor: AbstractBaseUser, complaint: Complaint, file: UploadedFile
) -> ComplaintAttachment:
    complaint = Complaint.objects.select_related("category").get(pk=complaint.pk)
    _require_handler(actor, complaint, HANDLERS)
    if complaint.attachments.count() >= MAX_ATTACHMENTS * 3:
        raise ValidationError({"file": _("This complaint has the most attachments it may hold.")})
    try:
        content_type = detect_document_type(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    attachment = ComplaintAttachment(
        complaint=complaint,
        original_filename=(file.name or "")[:255],
        content_type=content_type,
        size_bytes=file.size,
        uploaded_by=actor,
    )
    attachment.file.save(file.name or "attachment", file, save=False)
    try:
        _save(attachment, actor=actor, reason=_("Attachment added"))
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


# --- Deadlines: at-risk warnings and escalation to senior management --------------------------


def _deadline_of(complaint: Complaint) -> tuple[str, date] | None:
    if complaint.status == ComplaintStatus.RECEIVED:
        return "acknowledge", complaint.acknowledge_due
    if complaint.status in (ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.UNDER_INVESTIGATION):
        return "resolve", complaint.resolve_due
    return None


def _managers(*, excluding_id: int | None):
    users = get_user_model().objects.filter(groups__name=Role.MANAGER, is_active=True).distinct()
    return users.exclude(pk=excluding_id) if excluding_id else users


def complaint_deadline_sweep(*, now=None) -> int:
    """Warn the officer one working day before a deadline; escalate to managers once it passes.

    Safe to run twice a day: escalation rows and messages carry the day in their keys.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    complaints = list(
        Complaint.objects.filter(
            status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.UNDER_INVESTIGATION)
        ).select_related("category", "assigned_to")
    )
    if not complaints:
        return 0
    first = min(min(c.acknowledge_due, c.resolve_due) for c in complaints)
    last = max(c.resolve_due for c in complaints)
    calendar = working_calendar(start=min(first, today), end=max(last, today) + timedelta(days=1))
    notices = 0
    for complaint in complaints:
        deadline, due = _deadline_of(complaint)
        left = calendar.count_working_days(today, due)
        kind = EscalationKind.OVERDUE if left < 0 else EscalationKind.AT_RISK if left <= 1 else None
        if kind is None:
            continue
        with transaction.atomic():
            _escalation, created = ComplaintEscalation.objects.get_or_create(
                complaint=complaint, kind=kind, deadline=deadline, due_date=due
            )
            if not created:
                continue
            context = {
                "case_label": str(_("Complaint")),
                "case_number": complaint.number,
                "due_date": due,
                "url": f"/complaints/{complaint.pk}/",
            }
            if kind == EscalationKind.OVERDUE:
                recipients = list(_managers(excluding_id=complaint.concerned_staff_id))
                event = Event.DEADLINE_PASSED
                context["days_overdue"] = -left
            else:
                recipients = [complaint.assigned_to] if complaint.assigned_to_id else []
                event = Event.DEADLINE_APPROACHING
                context["days_left"] = left
            for user in recipients:
                notification_send(
                    event=event,
                    recipient=user,
                    context=context,
                    idempotency_key=f"complaint-{kind}:{complaint.pk}:{deadline}:{due.isoformat()}:user-{user.pk}",
                )
                notices += 1
    return notices


# --- Compensation (R20) -----------------------------------------------------------------------


COMPENSATION_FIELDS = (
    "harm_caused_by_association",
    "minutes_date",
    "minutes_approved_by_members",
    "harm_size",
    "harm_causes",
    "ruling_reference",
    "ruling_date",
    "ruling_authority",
    "negotiation_notes",
    "agreed_amount",
)


@transaction.atomic
def compensation_open(*, actor: AbstractBaseUser, complaint: Complaint) -> CompensationFile:
    complaint = Complaint.objects.select_for_update().select_related("category").get(pk=complaint.pk)
    _require_handler(actor, complaint, HANDLERS)
    if complaint.kind not in (ComplaintKind.COMPLAINT, ComplaintKind.APPEAL):
        raise DomainError(_("A compensation file belongs to a complaint."))
    if complaint.is_anonymous:
        raise DomainError(_("An anonymous complainant cannot be compensated: nobody is named to receive it."))
    if CompensationFile.objects.filter(complaint=complaint).exists():
        raise DomainError(_("This complaint already has a compensation file."))
    file = CompensationFile(complaint=complaint)
    _save(file, actor=actor, reason=_("Compensation file opened"))
    return file


@transaction.atomic
def compensation_update(
    *, actor: AbstractBaseUser, compensation: CompensationFile, data: Mapping[str, Any]
) -> CompensationFile:
    unknown = set(data) - set(COMPENSATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown compensation fields: {sorted(unknown)}")
    compensation = (
        CompensationFile.objects.select_for_update().select_related("complaint__category").get(pk=compensation.pk)
    )
    _require_handler(actor, compensation.complaint, HANDLERS)
    if compensation.status != CompensationStatus.OPEN:
        raise DomainError(_("An approved compensation file cannot be changed."))
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(compensation, field, value)
    if compensation.minutes_date and compensation.minutes_date > timezone.localdate():
        raise ValidationError({"minutes_date": _("The minutes cannot be dated in the future.")})
    if compensation.ruling_date and compensation.ruling_date > timezone.localdate():
        raise ValidationError({"ruling_date": _("The ruling cannot be dated in the future.")})
    if compensation.agreed_amount is not None and compensation.agreed_amount <= Decimal(0):
        raise ValidationError({"agreed_amount": _("The agreed amount must be more than zero.")})
    _save(compensation, actor=actor, reason=_("Compensation file updated"))
    return compensation


@transaction.atomic
def compensation_approve(*, actor: AbstractBaseUser, compensation: CompensationFile) -> CompensationFile:
    """Senior management approves a compensation only once every condition of R20 holds."""
    compensation = (
        CompensationFile.objects.select_for_update().select_related("complaint__category").get(pk=compensation.pk)
    )
    _require_handler(actor, compensation.complaint, (Role.MANAGER,))
    if compensation.status != CompensationStatus.OPEN:
        raise DomainError(_("This compensation file is already approved."))
    missing = compensation.unmet_conditions()
    if missing:
        raise DomainError(" ".join(missing))
    compensation.status = CompensationStatus.APPROVED
    compensation.approved_by = actor
    compensation.approved_at = timezone.now()
    _save(compensation, actor=actor, reason=_("Compensation approved"))
    return compensation


@transaction.atomic
def compensation_record_payment(
    *, actor: AbstractBaseUser, compensation: CompensationFile, paid_on: date, payment_reference: str
) -> CompensationFile:
    compensation = (
        CompensationFile.objects.select_for_update().select_related("complaint__category").get(pk=compensation.pk)
    )
    _require_handler(actor, compensation.complaint, SUPERVISORS)
    if compensation.status != CompensationStatus.APPROVED:
        raise DomainError(_("Only an approved compensation can be paid."))
    errors = {}
    if not paid_on:
        errors["paid_on"] = _("Enter the payment date.")
    elif paid_on > timezone.localdate():
        errors["paid_on"] = _("The payment date cannot be in the future.")
    if not (payment_reference or "").strip():
        errors["payment_reference"] = _("Enter the payment reference (transfer or cheque number).")
    if errors:
        raise ValidationError(errors)
    compensation.status = CompensationStatus.PAID
    compensation.paid_on = paid_on
    compensation.payment_reference = payment_reference.strip()
    _save(compensation, actor=actor, reason=_("Compensation paid"))
    return compensation


# --- Calendar changes -------------------------------------------------------------------------


CLOCK_PARAMETERS = frozenset({"weekend_days", "complaint_acknowledge_working_days", "complaint_resolve_working_days"})


@transaction.atomic
def complaint_deadlines_recompute(*, actor, reason: str) -> int:
    """Recompute the due dates of open complaints after a holiday, closure or parameter change.

    Only complaints whose dates still come from the day of receipt are recomputed; a clock that
    was paused or reopened keeps the dates those events gave it. Returns how many moved.
    """
    parameters = policy_parameters()
    moved = 0
    candidates = (
        Complaint.objects.select_for_update()
        .filter(
            status__in=(ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.UNDER_INVESTIGATION),
            reopen_count=0,
        )
        .exclude(status_changes__to_status=ComplaintStatus.AWAITING_COMPLAINANT)
    )
    for complaint in candidates:
        acknowledge, resolve = complaint_due_dates(
            received_on=timezone.localdate(complaint.received_at), parameters=parameters
        )
        if (acknowledge, resolve) == (complaint.acknowledge_due, complaint.resolve_due):
            continue
        complaint.acknowledge_due, complaint.resolve_due = acknowledge, resolve
        _save(complaint, actor=actor, reason=reason)
        moved += 1
    return moved
