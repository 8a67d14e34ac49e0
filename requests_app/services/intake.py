"""Verification, the signed declaration, the research report and due-date upkeep (R8, R9, R11, R12)."""

import base64
import binascii
import io
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beneficiaries.validators import detect_document_type
from policies.errors import DomainError
from policies.roles import Role, user_has_role
from policies.selectors import policy_parameters, response_due_date, working_calendar, working_days_after
from requests_app.models import (
    CLOCK_STATUSES,
    Declaration,
    DeclarationMethod,
    Recommendation,
    RequestStatus,
    RequestStatusChange,
    ResearchReport,
    SupportRequest,
)
from requests_app.selectors import beneficiary_data_fingerprint, expired_at_submission

# What the staff member confirms against the documents before a request can be complete (R8).
VERIFICATION_FACTS = {
    "identity": gettext_lazy("The identity number, names and birth date match the ID document"),
    "identity_valid": gettext_lazy("The ID was valid on the day the request was submitted"),
    "household": gettext_lazy("The household members match the family register"),
    "income": gettext_lazy("Income and expenses match the supporting documents"),
    "address": gettext_lazy("The address and mobile number are current"),
}
INTAKE_STATUSES = (RequestStatus.DRAFT, RequestStatus.INCOMPLETE)
SIGNATURE_MAX_BYTES = 300 * 1024
SIGNATURE_MAX_SIDE = 2000
SIGNATURE_MIN_INK_PIXELS = 50


def _require_reception(actor) -> None:
    if not user_has_role(actor, Role.RECEPTION):
        raise DomainError(_("Only beneficiary relations staff can do this."))


def _lock(request: SupportRequest) -> SupportRequest:
    return SupportRequest.objects.select_for_update().select_related("beneficiary", "service_type").get(pk=request.pk)


def _timeline(request: SupportRequest, *, actor, note: str, now) -> None:
    """A note on the timeline that is not a status change (from and to are the same)."""
    RequestStatusChange.objects.create(
        request=request, from_status=request.status, to_status=request.status, actor=actor, at=now, note=note
    )


def support_request_verify(
    *, actor: AbstractBaseUser, request: SupportRequest, confirmed_facts: list[str]
) -> SupportRequest:
    """Record that the staff member checked each fact against the documents (R8).

    An ID or a required document that had expired on the day of submission blocks verification.
    """
    _require_reception(actor)
    with transaction.atomic():
        locked = _lock(request)
        if locked.status not in INTAKE_STATUSES:
            raise DomainError(_("Only a request still at intake can be verified."))
        expired = expired_at_submission(request=locked)
        if expired:
            raise DomainError(
                _("Verification is blocked: %(items)s had expired when the request was submitted.")
                % {"items": "، ".join(f"{item.label} ({item.expired_on.isoformat()})" for item in expired)}
            )
        unconfirmed = [code for code in VERIFICATION_FACTS if code not in set(confirmed_facts)]
        if unconfirmed:
            raise ValidationError({"confirmed_facts": _("Confirm every fact against the documents before verifying.")})
        now = timezone.now()
        locked.verified_at = now
        locked.verified_by = actor
        locked.verified_facts = sorted(VERIFICATION_FACTS)
        locked.verified_data_hash = beneficiary_data_fingerprint(beneficiary=locked.beneficiary)
        locked._history_user = actor
        locked._change_reason = _("Data verified against the documents")
        locked.full_clean()
        locked.save()
        _timeline(locked, actor=actor, note=_("Data verified against the documents"), now=now)
    request.refresh_from_db()
    return request


def _signature_png(data_url: str) -> bytes:
    """Check a PNG data URL from the signature pad and return clean PNG bytes."""
    from PIL import Image, ImageChops, UnidentifiedImageError

    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise ValidationError({"signature": _("Draw the signature on the pad.")})
    encoded = data_url[len(prefix) :]
    if len(encoded) > SIGNATURE_MAX_BYTES * 4 // 3 + 4:
        raise ValidationError({"signature": _("The signature image is too large.")})
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError({"signature": _("The signature could not be read; sign again.")}) from error
    if len(raw) > SIGNATURE_MAX_BYTES:
        raise ValidationError({"signature": _("The signature image is too large.")})
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG":
                raise ValidationError({"signature": _("The signature could not be read; sign again.")})
            if max(image.size) > SIGNATURE_MAX_SIDE:
                raise ValidationError({"signature": _("The signature image is too large.")})
            image.load()
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError({"signature": _("The signature could not be read; sign again.")}) from error
    # Ink: pixels that are visible and darker than the paper.
    visible = rgba.getchannel("A").point(lambda a: 255 if a > 64 else 0)
    dark = rgba.convert("L").point(lambda v: 255 if v < 200 else 0)
    ink = ImageChops.multiply(visible, dark).histogram()[255]
    if ink < SIGNATURE_MIN_INK_PIXELS:
        raise ValidationError({"signature": _("The pad is empty: the beneficiary must sign.")})
    output = io.BytesIO()
    rgba.save(output, format="PNG", optimize=True)
    return output.getvalue()


def declaration_sign(
    *,
    actor: AbstractBaseUser,
    request: SupportRequest,
    method: str,
    signature_data_url: str = "",
    scanned_file: UploadedFile | None = None,
) -> Declaration:
    """Store the signed declaration with the fingerprint of the verified data (R9).

    The text is the association's current declaration; the staff member is the witness.
    """
    _require_reception(actor)
    with transaction.atomic():
        locked = _lock(request)
        if locked.status not in INTAKE_STATUSES:
            raise DomainError(_("The declaration is signed at intake, before the request is complete."))
        fingerprint = beneficiary_data_fingerprint(beneficiary=locked.beneficiary)
        if locked.verified_at is None or locked.verified_data_hash != fingerprint:
            raise DomainError(_("Verify the beneficiary's data first: the declaration vouches for the verified data."))
        now = timezone.now()
        declaration = Declaration(
            request=locked,
            method=method,
            text=policy_parameters().declaration,
            data_hash=fingerprint,
            witnessed_by=actor,
            signed_at=now,
        )
        if method == DeclarationMethod.SIGNATURE_PAD:
            content = ContentFile(_signature_png(signature_data_url), name="signature.png")
            declaration.content_type = "image/png"
        elif method == DeclarationMethod.SCANNED_PAPER:
            if scanned_file is None:
                raise ValidationError({"scanned_file": _("Upload the scanned signed declaration.")})
            try:
                declaration.content_type = detect_document_type(scanned_file)
            except ValidationError as error:
                raise ValidationError({"scanned_file": error.messages}) from error
            content = scanned_file
        else:
            raise ValidationError({"method": _("Choose how the declaration was signed.")})
        declaration.size_bytes = content.size
        declaration.file.save(content.name or "declaration", content, save=False)
        try:
            declaration._history_user = actor
            declaration.full_clean()
            declaration.save()
            _timeline(
                locked,
                actor=actor,
                note=_("Declaration signed: %(method)s") % {"method": declaration.get_method_display()},
                now=now,
            )
        except Exception:
            declaration.file.delete(save=False)
            raise
    return declaration


def research_report_write(
    *,
    actor: AbstractBaseUser,
    request: SupportRequest,
    summary: str,
    recommendation: str,
    field_visit_date: date | None = None,
    field_visit_findings: str = "",
    recommended_amount: Decimal | None = None,
) -> ResearchReport:
    """The assigned social researcher's report, with an optional field visit (R12)."""
    with transaction.atomic():
        locked = _lock(request)
        if not user_has_role(actor, Role.SOCIAL_RESEARCHER) or locked.assigned_researcher_id != actor.pk:
            raise DomainError(_("Only the social researcher assigned to this request can write its report."))
        if locked.status != RequestStatus.UNDER_RESEARCH:
            raise DomainError(_("A research report is written while the request is under research."))
        if field_visit_findings.strip() and field_visit_date is None:
            raise ValidationError({"field_visit_date": _("Give the date of the field visit.")})
        if field_visit_date and field_visit_date > timezone.localdate():
            raise ValidationError({"field_visit_date": _("The field visit cannot be in the future.")})
        if recommendation not in Recommendation.values:
            raise ValidationError({"recommendation": _("Choose a recommendation.")})
        now = timezone.now()
        report = ResearchReport(
            request=locked,
            researcher=actor,
            summary=summary.strip(),
            recommendation=recommendation,
            field_visit_date=field_visit_date,
            field_visit_findings=field_visit_findings.strip(),
            recommended_amount=recommended_amount,
            written_at=now,
        )
        report._history_user = actor
        report.full_clean()
        report.save()
        _timeline(
            locked,
            actor=actor,
            note=_("Research report written: %(recommendation)s")
            % {"recommendation": report.get_recommendation_display()},
            now=now,
        )
    return report


def due_dates_recompute(*, reason: str, actor=None) -> int:
    """Recompute the due date of every request whose clock runs, after the calendar changed.

    A paused request keeps its working days left; it gets its date when it resumes. Each
    change is recorded in the request's history and timeline with ``reason``.
    """
    parameters = policy_parameters()
    today = timezone.localdate()
    changed = 0
    with transaction.atomic():
        requests = list(
            SupportRequest.objects.select_for_update()
            .filter(status__in=CLOCK_STATUSES, completed_at__isnull=False)
            .exclude(status=RequestStatus.ON_HOLD)
        )
        for request in requests:
            new_due = _due_date_now(request, parameters=parameters, today=today)
            if new_due == request.due_date:
                continue
            old_due = request.due_date
            request.due_date = new_due
            request._history_user = actor
            request._change_reason = reason[:100]
            request.save(update_fields=["due_date", "updated_at"])
            _timeline(
                request,
                actor=actor,
                note=_("Due date changed from %(old)s to %(new)s: %(reason)s")
                % {"old": old_due.isoformat(), "new": new_due.isoformat(), "reason": reason},
                now=timezone.now(),
            )
            changed += 1
    return changed


def _due_date_now(request: SupportRequest, *, parameters, today: date) -> date:
    """The due date under today's calendar, counting pauses the request went through."""
    completed_on = timezone.localdate(request.completed_at)
    resumes = list(
        request.status_changes.filter(from_status=RequestStatus.ON_HOLD, to_status=RequestStatus.UNDER_RESEARCH)
        .order_by("-at")
        .values_list("at", flat=True)[:1]
    )
    if not resumes:
        return response_due_date(completed_on=completed_on, parameters=parameters)
    # After a pause the clock restarted from the resume day with the days then left: keep that
    # count and re-lay it on the new calendar.
    resumed_on = timezone.localdate(resumes[0])
    calendar = working_calendar(
        start=min(resumed_on, request.due_date), end=max(resumed_on, request.due_date), parameters=parameters
    )
    # Counted on the new calendar this may differ; the pause's record holds the true number.
    pause = (
        request.status_changes.filter(to_status=RequestStatus.ON_HOLD).order_by("-at").values_list("at", flat=True)[:1]
    )
    left = _history_days_left(request, pause[0] if pause else None)
    if left is None:
        left = calendar.count_working_days(resumed_on, request.due_date)
    return working_days_after(start=resumed_on, days=max(left, 0), parameters=parameters)


def _history_days_left(request: SupportRequest, paused_at) -> int | None:
    if paused_at is None:
        return None
    record = (
        request.history.filter(working_days_left_at_pause__isnull=False, history_date__gte=paused_at)
        .order_by("history_date")
        .values_list("working_days_left_at_pause", flat=True)
        .first()
    )
    return record
