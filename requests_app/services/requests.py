"""Creating support requests: the first step of intake (R7, R16)."""

import uuid
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries.models import Beneficiary, BeneficiaryStatus
from notifications.models import Event
from notifications.services import notification_send
from policies.errors import DomainError
from requests_app.models import RequestStatus, RequestStatusChange, ServiceType, SupportRequest
from requests_app.services.numbers import reference_number_allocate, tracking_code_generate


def _save(instance, *, actor: AbstractBaseUser | None, reason: str = "") -> None:
    if actor is not None:
        instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.full_clean()
    instance.save()


def service_type_check_eligible(*, beneficiary: Beneficiary, service_type: ServiceType) -> None:
    """Refuse a service the beneficiary's category may not ask for, or one no longer offered."""
    if not service_type.is_active:
        raise DomainError(_("This service is no longer offered."))
    if beneficiary.status != BeneficiaryStatus.ACTIVE:
        raise DomainError(_("This beneficiary's record is not active; a request cannot be taken."))
    allowed = list(service_type.categories.all())
    if allowed and beneficiary.category_id not in {category.pk for category in allowed}:
        raise DomainError(
            _("The category “%(category)s” cannot apply for “%(service)s”.")
            % {"category": beneficiary.category, "service": service_type}
        )


def request_notification_context(request: SupportRequest) -> dict:
    return {
        "request_number": request.reference_number,
        "service_name": str(request.service_type),
        "tracking_code": request.tracking_code,
    }


def support_request_create(
    *,
    actor: AbstractBaseUser | None,
    beneficiary: Beneficiary,
    service_type: ServiceType,
    channel: str,
    amount_requested: Decimal | None = None,
    need_description: str = "",
    reason: str = "",
    submission_key: uuid.UUID | None = None,
) -> SupportRequest:
    """Take a new request as a draft: reference number, tracking code, first timeline entry,
    and the beneficiary told it was received.

    ``actor`` is the receiving staff member, or None for the public form. A repeated
    ``submission_key`` (a double click, a retried post) returns the request already created.
    """
    if submission_key is not None:
        existing = SupportRequest.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    service_type_check_eligible(beneficiary=beneficiary, service_type=service_type)
    if (
        amount_requested is not None
        and service_type.max_amount is not None
        and amount_requested > service_type.max_amount
    ):
        raise ValidationError(
            {"amount_requested": _("This service gives at most %(amount)s SAR.") % {"amount": service_type.max_amount}}
        )
    try:
        with transaction.atomic():
            now = timezone.now()
            request = SupportRequest(
                reference_number=reference_number_allocate(on=timezone.localdate(now)),
                tracking_code=tracking_code_generate(),
                submission_key=submission_key,
                beneficiary=beneficiary,
                service_type=service_type,
                channel=channel,
                received_by=actor,
                amount_requested=amount_requested,
                need_description=need_description.strip(),
                reason=reason.strip(),
                status=RequestStatus.DRAFT,
                created_at=now,
            )
            _save(request, actor=actor, reason=_("Request received"))
            RequestStatusChange.objects.create(
                request=request,
                from_status="",
                to_status=RequestStatus.DRAFT,
                actor=actor,
                at=now,
                note=_("Request received through: %(channel)s") % {"channel": request.get_channel_display()},
            )
            notification_send(
                event=Event.REQUEST_RECEIVED,
                recipient=beneficiary,
                context={**request_notification_context(request), "received_date": timezone.localdate(now)},
                idempotency_key=f"request_received:{request.pk}",
            )
    except IntegrityError:
        if submission_key is not None:
            existing = SupportRequest.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing
        raise
    except ValidationError as error:
        if submission_key is not None and "submission_key" in getattr(error, "error_dict", {}):
            existing = SupportRequest.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing
        raise
    return request
