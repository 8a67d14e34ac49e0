"""PDPL duties of the registry: anonymising closed records, erasure requests, the breach register.

Anonymising removes what identifies a person (names, ID, contacts, free text, files) and keeps
the figures reports count (category, kind, gender, birth year, city, income, dates). Later apps
scrub their own records through ``beneficiary_anonymised``, and keep a person's data while they
have something open by answering ``beneficiary_retention_holds``.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import (
    Beneficiary,
    BeneficiaryStatus,
    ChangeRequest,
    ChangeRequestStatus,
    Document,
    HouseholdMember,
    IdentityType,
    InquiryStatus,
    Interaction,
)
from beneficiaries.privacy_models import (
    BREACH_NOTIFICATION_HOURS,
    BeneficiaryAccessLog,
    DataBreach,
    ErasureRequest,
    ErasureStatus,
)
from beneficiaries.signals import beneficiary_anonymised, beneficiary_retention_holds
from policies.errors import DomainError
from policies.roles import Role, user_has_role
from policies.selectors import policy_parameters

REDACTED = "—"

# --- Retention --------------------------------------------------------------------------------


def redact_texts(model, filter_kwargs: dict, fields: tuple[str, ...]) -> None:
    """Replace each non-empty text with a dash, in the rows and their history: a text the
    constraints require stays present, and nothing of what it said remains.

    Later apps call it from their ``beneficiary_anonymised`` receivers for their own models.
    """
    for manager in (model.objects, model.history):
        for field in fields:
            manager.filter(**filter_kwargs).exclude(**{field: ""}).update(**{field: REDACTED})


def retention_cutoff(*, now: datetime | None = None) -> datetime:
    """Closed records with nothing newer than this moment are past the retention period."""
    now = now or timezone.now()
    years = policy_parameters().retention_years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def _own_holds(beneficiary: Beneficiary, cutoff: datetime | None) -> list[str]:
    holds = []
    if Interaction.objects.filter(
        beneficiary=beneficiary, inquiry_status__in=[InquiryStatus.OPEN, InquiryStatus.REFERRED]
    ).exists():
        holds.append(_("an inquiry awaits an answer"))
    if ChangeRequest.objects.filter(beneficiary=beneficiary, status=ChangeRequestStatus.PENDING).exists():
        holds.append(_("a data change awaits approval"))
    if cutoff is not None:
        if beneficiary.status != BeneficiaryStatus.ARCHIVED:
            holds.append(_("the record is not archived"))
        recent = (
            beneficiary.updated_at > cutoff
            or beneficiary.interactions.filter(occurred_at__gt=cutoff).exists()
            or beneficiary.documents.filter(uploaded_at__gt=cutoff).exists()
            or beneficiary.change_requests.filter(received_at__gt=cutoff).exists()
        )
        if recent:
            holds.append(_("the registry has activity within the retention period"))
    return holds


def anonymisation_holds(*, beneficiary: Beneficiary, cutoff: datetime | None) -> list[str]:
    """Why this person's data must be kept now; empty when it may be anonymised.

    ``cutoff`` None is an erasure request: only open matters hold it, not the retention period.
    """
    holds = _own_holds(beneficiary, cutoff)
    for _receiver, response in beneficiary_retention_holds.send(
        sender=Beneficiary, beneficiary=beneficiary, cutoff=cutoff
    ):
        holds.extend(str(reason) for reason in response or ())
    return holds


def retention_candidates(*, now: datetime | None = None) -> QuerySet[Beneficiary]:
    """Archived, not yet anonymised, untouched since the cutoff: what the command examines."""
    cutoff = retention_cutoff(now=now)
    return (
        Beneficiary.objects.filter(anonymised_at__isnull=True, status=BeneficiaryStatus.ARCHIVED, updated_at__lt=cutoff)
        .exclude(interactions__occurred_at__gt=cutoff)
        .exclude(documents__uploaded_at__gt=cutoff)
        .select_related("category")
        .order_by("pk")
    )


# --- Anonymisation ----------------------------------------------------------------------------


def _anonymous_values(beneficiary: Beneficiary) -> dict[str, Any]:
    birth = beneficiary.birth_date
    return {
        "identity_type": IdentityType.PASSPORT,
        "identity_number": f"ANON-{beneficiary.pk}",
        "identity_expiry_date": None,
        "first_name": REDACTED,
        "father_name": REDACTED,
        "grandfather_name": REDACTED,
        "family_name": REDACTED,
        "full_name_normalized": "",
        "name_en": "",
        # The year stays for age figures; the day and month would help identify the person.
        "birth_date": birth.replace(month=1, day=1) if birth else birth,
        "mobile": "",
        "email": "",
        "district": "",
        "address": "",
        "health_notes": "",
    }


HOUSEHOLD_VALUES = {"full_name": REDACTED, "identity_number": "", "health_notes": ""}
INTERACTION_VALUES = {"subject": REDACTED, "summary": REDACTED}
CHANGE_REQUEST_VALUES = {"description": REDACTED, "proposed_changes": {}, "decision_note": ""}
DOCUMENT_HISTORY_VALUES = {"number": "", "original_filename": "", "file": ""}


def _scrub_registry(beneficiary: Beneficiary, actor) -> None:
    members = HouseholdMember.objects.filter(beneficiary=beneficiary)
    members.update(**HOUSEHOLD_VALUES)
    for member in members:
        if member.birth_date:
            HouseholdMember.objects.filter(pk=member.pk).update(birth_date=member.birth_date.replace(month=1, day=1))
    HouseholdMember.history.filter(beneficiary_id=beneficiary.pk).update(**HOUSEHOLD_VALUES, birth_date=None)

    interactions = Interaction.objects.filter(beneficiary=beneficiary)
    interactions.update(**INTERACTION_VALUES)
    interactions.exclude(answer="").update(answer=REDACTED)
    Interaction.history.filter(beneficiary_id=beneficiary.pk).update(**INTERACTION_VALUES, answer="")

    ChangeRequest.objects.filter(beneficiary=beneficiary).update(**CHANGE_REQUEST_VALUES)
    ChangeRequest.history.filter(beneficiary_id=beneficiary.pk).update(**CHANGE_REQUEST_VALUES)

    # Who opened the record and when stays; a document's file name could name the person.
    BeneficiaryAccessLog.objects.filter(beneficiary=beneficiary).update(detail="")
    ErasureRequest.objects.filter(beneficiary=beneficiary).update(reason="")
    ErasureRequest.history.filter(beneficiary_id=beneficiary.pk).update(reason="")

    # Files go once the transaction commits: a rollback must not leave records without files.
    names = [name for name in Document.objects.filter(beneficiary=beneficiary).values_list("file", flat=True) if name]
    for document in Document.objects.filter(beneficiary=beneficiary):
        document._history_user = actor
        document._change_reason = _("Removed: the record is anonymised")
        document.delete()
    Document.history.filter(beneficiary_id=beneficiary.pk).update(**DOCUMENT_HISTORY_VALUES)
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    _scrub_messages(beneficiary)


def _scrub_messages(beneficiary: Beneficiary) -> None:
    """The outbox copies of what was sent to the person carry their name, number and text."""
    from django.contrib.contenttypes.models import ContentType

    from notifications.models import Message

    values = {"recipient_name": "", "address": "", "subject": REDACTED, "body": REDACTED, "context": {}}
    addressed = {
        "recipient_content_type": ContentType.objects.get_for_model(Beneficiary),
        "recipient_object_id": beneficiary.pk,
    }
    Message.objects.filter(**addressed).update(**values)
    Message.history.filter(**addressed).update(**values)


@transaction.atomic
def beneficiary_anonymise(
    *, actor: AbstractBaseUser | None, beneficiary: Beneficiary, reason: str, cutoff: datetime | None = None
) -> Beneficiary:
    """Remove what identifies the person, here and (through the signal) in every later app.

    Refused while ``anonymisation_holds`` gives a reason. Irreversible.
    """
    beneficiary = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if beneficiary.anonymised_at:
        raise DomainError(_("This record is already anonymised."))
    holds = anonymisation_holds(beneficiary=beneficiary, cutoff=cutoff)
    if holds:
        raise DomainError(_("The record cannot be anonymised yet: %(holds)s.") % {"holds": "، ".join(holds)})
    values = _anonymous_values(beneficiary)
    for field, value in values.items():
        setattr(beneficiary, field, value)
    beneficiary.anonymised_at = timezone.now()
    beneficiary.version += 1
    beneficiary._history_user = actor
    beneficiary._change_reason = reason
    # Blank mobile and folded name are allowed once anonymised (the mobile constraint says so).
    beneficiary.full_clean(exclude=["mobile", "full_name_normalized"])
    beneficiary.save()
    # Every earlier version of the record too: the old ID or name must not be found in the history.
    beneficiary.history.all().update(**values, anonymised_at=beneficiary.anonymised_at)
    _scrub_registry(beneficiary, actor)
    beneficiary_anonymised.send(sender=Beneficiary, beneficiary=beneficiary, actor=actor)
    return beneficiary


def anonymise_expired_records(*, dry_run: bool, now: datetime | None = None) -> list[tuple[Beneficiary, list[str]]]:
    """Examine every retention candidate; anonymise those with no hold unless ``dry_run``.

    Returns each candidate with its holds (empty: anonymised, or would be in a dry run).
    """
    cutoff = retention_cutoff(now=now)
    outcome = []
    for beneficiary in retention_candidates(now=now):
        holds = anonymisation_holds(beneficiary=beneficiary, cutoff=cutoff)
        if not holds and not dry_run:
            beneficiary_anonymise(
                actor=None, beneficiary=beneficiary, reason=_("Retention period ended"), cutoff=cutoff
            )
        outcome.append((beneficiary, holds))
    return outcome


# --- Erasure requests -------------------------------------------------------------------------


@transaction.atomic
def erasure_request_record(
    *, actor: AbstractBaseUser, beneficiary: Beneficiary, channel: str, reason: str = ""
) -> ErasureRequest:
    if beneficiary.anonymised_at:
        raise DomainError(_("This record is already anonymised."))
    if ErasureRequest.objects.filter(beneficiary=beneficiary, status=ErasureStatus.PENDING).exists():
        raise DomainError(_("An erasure request for this person already awaits a manager."))
    request = ErasureRequest(beneficiary=beneficiary, channel=channel, reason=reason.strip(), received_by=actor)
    request._history_user = actor
    request._change_reason = _("Erasure requested")
    request.full_clean(exclude=["beneficiary", "received_by"])
    request.save()
    return request


def _lock_pending_erasure(erasure_request: ErasureRequest, actor) -> ErasureRequest:
    if not user_has_role(actor, Role.MANAGER):
        raise DomainError(_("Only senior management decides on erasure requests."))
    locked = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
    if locked.status != ErasureStatus.PENDING:
        raise DomainError(_("This erasure request has already been decided."))
    return locked


@transaction.atomic
def erasure_request_carry_out(
    *, actor: AbstractBaseUser, erasure_request: ErasureRequest, note: str = ""
) -> ErasureRequest:
    """Anonymise the person now (the retention period does not apply; open matters still hold)."""
    erasure_request = _lock_pending_erasure(erasure_request, actor)
    beneficiary_anonymise(actor=actor, beneficiary=erasure_request.beneficiary, reason=_("Erasure request carried out"))
    erasure_request.refresh_from_db()
    erasure_request.status = ErasureStatus.CARRIED_OUT
    erasure_request.decided_by = actor
    erasure_request.decided_at = timezone.now()
    erasure_request.decision_note = note.strip()
    erasure_request._history_user = actor
    erasure_request._change_reason = _("Carried out")
    erasure_request.full_clean(exclude=["beneficiary", "received_by", "decided_by"])
    erasure_request.save()
    return erasure_request


@transaction.atomic
def erasure_request_refuse(*, actor: AbstractBaseUser, erasure_request: ErasureRequest, note: str) -> ErasureRequest:
    erasure_request = _lock_pending_erasure(erasure_request, actor)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for refusing; the person is told it.")})
    erasure_request.status = ErasureStatus.REFUSED
    erasure_request.decided_by = actor
    erasure_request.decided_at = timezone.now()
    erasure_request.decision_note = note.strip()
    erasure_request._history_user = actor
    erasure_request._change_reason = _("Refused")
    erasure_request.full_clean(exclude=["beneficiary", "received_by", "decided_by"])
    erasure_request.save()
    return erasure_request


# --- Data breaches ----------------------------------------------------------------------------

BREACH_FIELDS = (
    "title",
    "description",
    "data_affected",
    "occurred_at",
    "discovered_at",
    "affected_count",
    "measures",
    "regulator_notified_at",
    "people_notified_at",
    "closed_at",
)


def _require_manager(actor) -> None:
    if not user_has_role(actor, Role.MANAGER):
        raise DomainError(_("Only senior management keeps the data-breach register."))


def _save_breach(breach: DataBreach, *, actor, data: Mapping[str, Any], beneficiaries, reason: str) -> DataBreach:
    unknown = set(data) - set(BREACH_FIELDS)
    if unknown:
        raise ValueError(f"Unknown breach fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(breach, field, value)
    if breach.discovered_at:
        breach.notify_deadline = breach.discovered_at + timedelta(hours=BREACH_NOTIFICATION_HOURS)
    if breach.occurred_at and breach.discovered_at and breach.occurred_at > breach.discovered_at:
        raise ValidationError({"occurred_at": _("It cannot have happened after it was found.")})
    if breach.regulator_notified_at and breach.discovered_at and breach.regulator_notified_at < breach.discovered_at:
        raise ValidationError({"regulator_notified_at": _("The regulator cannot be told before the breach was found.")})
    now = timezone.now()
    for field in ("discovered_at", "regulator_notified_at", "people_notified_at", "closed_at"):
        value = getattr(breach, field)
        if value and value > now + timedelta(minutes=5):
            raise ValidationError({field: _("This time is in the future.")})
    breach._history_user = actor
    breach._change_reason = reason
    breach.full_clean(exclude=["recorded_by", "notify_deadline"])
    breach.save()
    if beneficiaries is not None:
        breach.beneficiaries.set(beneficiaries)
    return breach


@transaction.atomic
def data_breach_record(
    *, actor: AbstractBaseUser, data: Mapping[str, Any], beneficiaries: Iterable[Beneficiary] | None = None
) -> DataBreach:
    """Enter a breach in the register; the regulator's deadline is 72 hours after it was found."""
    _require_manager(actor)
    return _save_breach(
        DataBreach(recorded_by=actor), actor=actor, data=data, beneficiaries=beneficiaries, reason=_("Recorded")
    )


@transaction.atomic
def data_breach_update(
    *,
    actor: AbstractBaseUser,
    breach: DataBreach,
    data: Mapping[str, Any],
    beneficiaries: Iterable[Beneficiary] | None = None,
) -> DataBreach:
    _require_manager(actor)
    breach = DataBreach.objects.select_for_update().get(pk=breach.pk)
    return _save_breach(breach, actor=actor, data=data, beneficiaries=beneficiaries, reason=_("Updated"))


# Managers are reminded from this long before the deadline until the regulator is told.
BREACH_REMINDER_LEAD = timedelta(hours=24)


def data_breach_reminders_send(*, now: datetime) -> int:
    """Tell every manager, once a day, about each breach whose regulator deadline is near or past."""
    from notifications.models import Event, Message
    from notifications.services import notification_send

    breaches = DataBreach.objects.filter(
        regulator_notified_at__isnull=True, closed_at__isnull=True, notify_deadline__lte=now + BREACH_REMINDER_LEAD
    ).order_by("pk")
    managers = list(
        get_user_model().objects.filter(is_active=True).filter(Q(groups__name=Role.MANAGER)).distinct().order_by("pk")
    )
    sent = 0
    day = timezone.localdate(now).isoformat()
    for breach in breaches:
        passed = breach.notify_deadline <= now
        hours_left = max(int((breach.notify_deadline - now).total_seconds() // 3600), 0)
        for manager in managers:
            key = f"breach:{breach.pk}:{manager.pk}:{'passed' if passed else 'near'}:{day}"
            if Message.objects.filter(idempotency_key=key).exists():
                continue
            with transaction.atomic():
                notification_send(
                    event=Event.DEADLINE_PASSED if passed else Event.DEADLINE_APPROACHING,
                    recipient=manager,
                    context={
                        "case_label": _("notice of a data breach to the regulator"),
                        "case_number": breach.pk,
                        "due_date": timezone.localtime(breach.notify_deadline),
                        "days_left": 0 if passed else max(hours_left // 24, 0),
                        "days_overdue": 0,
                        "url": reverse("beneficiaries:breach_edit", args=[breach.pk]),
                    },
                    idempotency_key=key,
                )
            sent += 1
    return sent
