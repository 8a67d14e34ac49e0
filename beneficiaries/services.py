"""Every write to the registry. Each function validates, saves atomically and leaves a history row."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
from beneficiaries.validators import (
    clean_identity_number,
    detect_document_type,
    normalize_arabic_name,
    normalize_mobile,
)
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
def beneficiary_register(*, actor: AbstractBaseUser | None, data: Mapping[str, Any]) -> Beneficiary:
    """Register a person; ``actor`` None is the public online form, whose data nobody has verified yet."""
    unknown = set(data) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown beneficiary fields: {sorted(unknown)}")
    beneficiary = Beneficiary(
        **data, registered_by=actor, last_verified_at=timezone.now() if actor else None, verified_by=actor
    )
    _apply_normal_forms(beneficiary)
    _save_beneficiary(beneficiary, actor=actor, reason=_("Registered"))
    return beneficiary


@transaction.atomic
def beneficiary_update(*, actor: AbstractBaseUser, beneficiary: Beneficiary, data: Mapping[str, Any]) -> Beneficiary:
    situation = set(data) & set(SITUATION_FIELDS)
    if situation:
        raise DomainError(_("The social, economic and health situation changes through a change request."))
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown beneficiary fields: {sorted(unknown)}")
    for field, value in data.items():
        setattr(beneficiary, field, value)
    _apply_normal_forms(beneficiary)
    _save_beneficiary(beneficiary, actor=actor, reason=_("Record corrected"))
    return beneficiary


@transaction.atomic
def beneficiary_verify(*, actor: AbstractBaseUser, beneficiary: Beneficiary) -> Beneficiary:
    """Record that staff checked the record against current documents (R8, R4)."""
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
