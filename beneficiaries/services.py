"""Every write to the registry. Each function validates, saves atomically and leaves a history row."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaries.models import (
    Beneficiary,
    ChangeRequest,
    ChangeRequestStatus,
    Document,
    DocumentType,
    HouseholdMember,
    InquiryStatus,
    Interaction,
)
from beneficiaries.privacy_models import AccessAction, BeneficiaryAccessLog, Consent, ConsentPurpose, ConsentStatus
from beneficiaries.signals import consent_withdrawn
from beneficiaries.validators import (
    clean_identity_number,
    detect_document_type,
    normalize_arabic_name,
    normalize_mobile,
)
from policies.choices import Channel
from policies.errors import DomainError
from policies.roles import Role, user_has_role
from policies.selectors import contact_officer_for_category

# The social, economic and health situation (R4): after registration these change only
# through a change request that a second staff member approves.
SITUATION_FIELDS = ("marital_status", "monthly_income", "monthly_expenses", "health_status", "health_notes")

# What reception may correct directly on an existing record.
EDITABLE_FIELDS = (
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
    "mobile",
    "email",
    "city",
    "district",
    "address",
    "category",
    "kind",
    "contact_channel",
    "status",
    "contact_officer",
)
REGISTRATION_FIELDS = EDITABLE_FIELDS + SITUATION_FIELDS


def _save_with_history(instance, *, actor, reason: str = "", exclude=None) -> None:
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.full_clean(exclude=exclude)
    instance.save()


CONCURRENT_EDIT_MESSAGE = gettext_lazy(
    "Another staff member saved this record after you opened it. Your changes are not saved; "
    "they are kept below. Open the record in a new tab to see what changed, then save again "
    "to keep your version."
)


class ConcurrentEditError(DomainError):
    """Someone saved the record after this form was opened: the second save is refused."""

    def __init__(self, message, *, current_version: int):
        super().__init__(message)
        self.current_version = current_version


def _bump_version(beneficiary: Beneficiary, *, expected: int | None = None) -> None:
    """Lock the row and move the version on; refuse when the form was opened on an older version."""
    if beneficiary.pk is None:
        return
    current = Beneficiary.objects.select_for_update().values_list("version", flat=True).get(pk=beneficiary.pk)
    if expected is not None and expected != current:
        raise ConcurrentEditError(str(CONCURRENT_EDIT_MESSAGE), current_version=current)
    beneficiary.version = current + 1


def _save_beneficiary(beneficiary: Beneficiary, *, actor, reason: str) -> None:
    try:
        with transaction.atomic():
            _save_with_history(beneficiary, actor=actor, reason=reason)
    except IntegrityError as error:
        # Two desks registering the same person at the same moment: full_clean passed for
        # both, the unique constraint stops the second.
        if (
            not Beneficiary.objects.filter(identity_number=beneficiary.identity_number)
            .exclude(pk=beneficiary.pk)
            .exists()
        ):
            raise
        raise ValidationError(
            {"identity_number": _("A beneficiary with this identity number is already registered.")}
        ) from error


def _apply_normal_forms(beneficiary: Beneficiary) -> None:
    """Store identity numbers, mobiles and names in one form; fill the category's officer."""
    errors = {}
    try:
        beneficiary.identity_number = clean_identity_number(beneficiary.identity_type, beneficiary.identity_number)
    except ValidationError as error:
        errors["identity_number"] = error.messages
    try:
        beneficiary.mobile = normalize_mobile(beneficiary.mobile)
    except ValidationError as error:
        errors["mobile"] = error.messages
    if errors:
        raise ValidationError(errors)
    for part in ("first_name", "father_name", "grandfather_name", "family_name"):
        setattr(beneficiary, part, " ".join(getattr(beneficiary, part).split()))
    beneficiary.full_name_normalized = normalize_arabic_name(beneficiary.full_name)
    if beneficiary.contact_officer is None:
        beneficiary.contact_officer = contact_officer_for_category(category=beneficiary.category)


@transaction.atomic
def beneficiary_register(
    *,
    actor: AbstractBaseUser | None,
    data: Mapping[str, Any],
    consents: Iterable[str] = (),
    consent_channel: str = Channel.IN_PERSON,
) -> Beneficiary:
    """Register a person; ``actor`` None is the public online form, whose data nobody has verified yet.

    ``consents`` are the purposes (ConsentPurpose) the person agreed to when registering.
    """
    unknown = set(data) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown beneficiary fields: {sorted(unknown)}")
    beneficiary = Beneficiary(
        **data, registered_by=actor, last_verified_at=timezone.now() if actor else None, verified_by=actor
    )
    _apply_normal_forms(beneficiary)
    _save_beneficiary(beneficiary, actor=actor, reason=_("Registered"))
    for purpose in consents:
        consent_grant(actor=actor, beneficiary=beneficiary, purpose=purpose, channel=consent_channel)
    return beneficiary


@transaction.atomic
def beneficiary_update(
    *,
    actor: AbstractBaseUser,
    beneficiary: Beneficiary,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Beneficiary:
    """Correct a record. ``expected_version`` is the version the edit form was opened with."""
    situation = set(data) & set(SITUATION_FIELDS)
    if situation:
        raise DomainError(_("The social, economic and health situation changes through a change request."))
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown beneficiary fields: {sorted(unknown)}")
    _bump_version(beneficiary, expected=expected_version)
    for field, value in data.items():
        setattr(beneficiary, field, value)
    _apply_normal_forms(beneficiary)
    _save_beneficiary(beneficiary, actor=actor, reason=_("Record corrected"))
    return beneficiary


@transaction.atomic
def beneficiary_verify(*, actor: AbstractBaseUser, beneficiary: Beneficiary) -> Beneficiary:
    """Record that staff checked the record against current documents (R8, R4)."""
    _bump_version(beneficiary)
    beneficiary.last_verified_at = timezone.now()
    beneficiary.verified_by = actor
    _save_with_history(beneficiary, actor=actor, reason=_("Data re-verified"))
    return beneficiary


@transaction.atomic
def household_member_add(
    *, actor: AbstractBaseUser, beneficiary: Beneficiary, data: Mapping[str, Any]
) -> HouseholdMember:
    member = HouseholdMember(beneficiary=beneficiary, **data)
    _save_with_history(member, actor=actor, reason=_("Household member added"))
    return member


@transaction.atomic
def household_member_remove(*, actor: AbstractBaseUser, member: HouseholdMember) -> None:
    member._history_user = actor
    member._change_reason = _("Household member removed")
    member.delete()


@transaction.atomic
def document_upload(
    *,
    actor: AbstractBaseUser | None,
    beneficiary: Beneficiary,
    document_type: DocumentType,
    file: UploadedFile,
    number: str = "",
    issue_date: date | None = None,
    expiry_date: date | None = None,
) -> Document:
    try:
        content_type = detect_document_type(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    if document_type.has_expiry and expiry_date is None:
        raise ValidationError({"expiry_date": _("This document type has an expiry date; enter it.")})
    document = Document(
        beneficiary=beneficiary,
        document_type=document_type,
        number=number,
        issue_date=issue_date,
        expiry_date=expiry_date,
        original_filename=(file.name or "")[:255],
        content_type=content_type,
        size_bytes=file.size,
        uploaded_by=actor,
    )
    document.file.save(file.name or "document", file, save=False)
    try:
        # actor None: uploaded by the applicant on the public form, not by a staff member.
        _save_with_history(
            document, actor=actor, reason=_("Document uploaded"), exclude=None if actor else ["uploaded_by"]
        )
    except Exception:
        # A rejected record must not leave its file behind on disk.
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def interaction_log(
    *,
    actor: AbstractBaseUser,
    beneficiary: Beneficiary,
    direction: str,
    channel: str,
    subject: str,
    summary: str,
    is_inquiry: bool = False,
    occurred_at=None,
) -> Interaction:
    interaction = Interaction(
        beneficiary=beneficiary,
        direction=direction,
        channel=channel,
        subject=subject,
        summary=summary,
        occurred_at=occurred_at or timezone.now(),
        recorded_by=actor,
        inquiry_status=InquiryStatus.OPEN if is_inquiry else InquiryStatus.NOT_AN_INQUIRY,
    )
    _save_with_history(interaction, actor=actor, reason=_("Interaction logged"))
    return interaction


@transaction.atomic
def inquiry_refer(*, actor: AbstractBaseUser, interaction: Interaction, researcher: AbstractBaseUser) -> Interaction:
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if interaction.inquiry_status != InquiryStatus.OPEN:
        raise DomainError(_("Only an inquiry awaiting an answer can be referred."))
    if not user_has_role(researcher, Role.SOCIAL_RESEARCHER):
        raise DomainError(_("Inquiries are referred to a social researcher."))
    interaction.inquiry_status = InquiryStatus.REFERRED
    interaction.referred_to = researcher
    _save_with_history(interaction, actor=actor, reason=_("Referred to a social researcher"))
    return interaction


@transaction.atomic
def inquiry_answer(*, actor: AbstractBaseUser, interaction: Interaction, answer: str) -> Interaction:
    interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
    if interaction.inquiry_status not in (InquiryStatus.OPEN, InquiryStatus.REFERRED):
        raise DomainError(_("This inquiry has already been answered."))
    if (
        interaction.inquiry_status == InquiryStatus.REFERRED
        and interaction.referred_to_id != actor.pk
        and not user_has_role(actor, Role.RECEPTION, Role.CONTACT_OFFICER)
    ):
        raise DomainError(_("This inquiry is referred to another researcher."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer given to the beneficiary.")})
    interaction.inquiry_status = InquiryStatus.ANSWERED
    interaction.answer = answer.strip()
    interaction.answered_by = actor
    interaction.answered_at = timezone.now()
    _save_with_history(interaction, actor=actor, reason=_("Inquiry answered"))
    return interaction


def _serializable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


@transaction.atomic
def change_request_submit(
    *,
    actor: AbstractBaseUser,
    beneficiary: Beneficiary,
    description: str,
    proposed_changes: Mapping[str, Any],
    evidence: Document | None = None,
) -> ChangeRequest:
    unknown = set(proposed_changes) - set(SITUATION_FIELDS)
    if unknown:
        raise ValueError(f"Not situation fields: {sorted(unknown)}")
    # Compare the values themselves (Decimal("4100") == Decimal("4100.00")), store them as JSON.
    changes = {
        field: _serializable(value) for field, value in proposed_changes.items() if getattr(beneficiary, field) != value
    }
    if not changes:
        raise ValidationError(_("Nothing differs from the record; change at least one value."))
    if evidence is not None and evidence.beneficiary_id != beneficiary.pk:
        raise DomainError(_("The evidence must be one of this beneficiary's documents."))
    change_request = ChangeRequest(
        beneficiary=beneficiary,
        description=description,
        proposed_changes=changes,
        evidence=evidence,
        received_by=actor,
    )
    _save_with_history(change_request, actor=actor, reason=_("Change reported"))
    return change_request


def _lock_pending(change_request: ChangeRequest, actor) -> ChangeRequest:
    locked = ChangeRequest.objects.select_for_update().select_related("beneficiary").get(pk=change_request.pk)
    if locked.status != ChangeRequestStatus.PENDING:
        raise DomainError(_("This change request has already been decided."))
    if locked.received_by_id == actor.pk:
        raise DomainError(_("A second staff member must decide on a change you received yourself."))
    return locked


@transaction.atomic
def change_request_approve(*, actor: AbstractBaseUser, change_request: ChangeRequest, note: str = "") -> ChangeRequest:
    change_request = _lock_pending(change_request, actor)
    beneficiary = Beneficiary.objects.select_for_update().get(pk=change_request.beneficiary_id)
    for field, value in change_request.proposed_changes.items():
        setattr(beneficiary, field, value)
    beneficiary.version += 1
    beneficiary.last_verified_at = timezone.now()
    beneficiary.verified_by = actor
    _save_with_history(
        beneficiary, actor=actor, reason=_("Change request #%(number)s approved") % {"number": change_request.pk}
    )
    change_request.status = ChangeRequestStatus.APPROVED
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.decision_note = note
    _save_with_history(change_request, actor=actor, reason=_("Approved"))
    return change_request


@transaction.atomic
def change_request_reject(*, actor: AbstractBaseUser, change_request: ChangeRequest, note: str) -> ChangeRequest:
    change_request = _lock_pending(change_request, actor)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for rejecting the change.")})
    change_request.status = ChangeRequestStatus.REJECTED
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.decision_note = note.strip()
    _save_with_history(change_request, actor=actor, reason=_("Rejected"))
    return change_request


def access_log_record(
    *, user: AbstractBaseUser | None, beneficiary: Beneficiary, action: str, detail: str = ""
) -> BeneficiaryAccessLog:
    """Note that ``user`` opened this person's data (R30); managers read the log.

    One INSERT and nothing else, so a page that records its opening keeps a fixed query count.
    """
    if action not in AccessAction.values:
        raise ValueError(f"Unknown access action: {action!r}")
    entry = BeneficiaryAccessLog(
        user=user if getattr(user, "is_authenticated", False) else None,
        beneficiary=beneficiary,
        action=action,
        detail=detail[:200],
    )
    # The user and the beneficiary are instances the caller already holds; checking that
    # they exist would add two queries to every page that logs.
    entry.full_clean(exclude=["user", "beneficiary"])
    with transaction.atomic():
        entry.save()
    return entry


@transaction.atomic
def consent_grant(
    *,
    actor: AbstractBaseUser | None,
    beneficiary: Beneficiary,
    purpose: str,
    channel: str,
    at=None,
) -> Consent:
    """Record that the person agreed to ``purpose`` through ``channel``; agreeing again after a
    withdrawal starts a new agreement, the history keeps the old one."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"Unknown consent purpose: {purpose!r}")
    consent = Consent.objects.select_for_update().filter(beneficiary=beneficiary, purpose=purpose).first()
    if consent is not None and consent.is_granted:
        return consent
    consent = consent or Consent(beneficiary=beneficiary, purpose=purpose)
    consent.status = ConsentStatus.GRANTED
    consent.channel = channel
    consent.granted_at = at or timezone.now()
    consent.withdrawn_at = None
    consent.withdrawal_channel = ""
    consent.recorded_by = actor
    _save_with_history(consent, actor=actor, reason=_("Consent given"), exclude=["beneficiary", "recorded_by"])
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: AbstractBaseUser | None, beneficiary: Beneficiary, purpose: str, channel: str, at=None
) -> Consent:
    """Record that the person withdrew ``purpose``; from now on it is not used."""
    consent = Consent.objects.select_for_update().filter(beneficiary=beneficiary, purpose=purpose).first()
    if consent is None or not consent.is_granted:
        raise DomainError(_("The person has not agreed to this, so there is nothing to withdraw."))
    consent.status = ConsentStatus.WITHDRAWN
    consent.withdrawn_at = at or timezone.now()
    consent.withdrawal_channel = channel
    consent.recorded_by = actor
    _save_with_history(consent, actor=actor, reason=_("Consent withdrawn"), exclude=["beneficiary", "recorded_by"])
    consent_withdrawn.send(sender=Consent, beneficiary=beneficiary, purpose=purpose, actor=actor)
    return consent


@transaction.atomic
def consents_set(
    *, actor: AbstractBaseUser, beneficiary: Beneficiary, granted: Iterable[str], channel: str
) -> list[Consent]:
    """Bring the person's consents to ``granted`` (what reception ticked): grant the new ones,
    withdraw the ones no longer ticked, leave the rest untouched."""
    wanted = set(granted)
    current = {c.purpose: c for c in Consent.objects.filter(beneficiary=beneficiary)}
    changed = []
    for purpose in ConsentPurpose.values:
        consent = current.get(purpose)
        held = consent is not None and consent.is_granted
        if purpose in wanted and not held:
            changed.append(consent_grant(actor=actor, beneficiary=beneficiary, purpose=purpose, channel=channel))
        elif purpose not in wanted and held:
            changed.append(consent_withdraw(actor=actor, beneficiary=beneficiary, purpose=purpose, channel=channel))
    return changed
