"""The public online request form (R16): an applicant without a login submits a draft request.

Whatever the applicant types, the outcome looks the same from outside: a tracking code. When
the identity number belongs to someone already registered, the request is attached to that
record and the record is left as it is (the public never learns that the person exists, and
an anonymous visitor never edits a registry record); otherwise the applicant is registered
from the form, unverified. Reception verifies every online draft before it can go further.
"""

import hmac
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from beneficiaries.models import Beneficiary, DocumentType
from beneficiaries.services import beneficiary_register, consent_grant, document_upload
from policies.choices import Channel
from policies.errors import DomainError
from requests_app.models import ServiceType, SupportRequest
from requests_app.services.requests import support_request_create

# What the public form may register about a new applicant.
APPLICANT_FIELDS = (
    "identity_type",
    "identity_number",
    "identity_expiry_date",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "gender",
    "birth_date",
    "nationality",
    "marital_status",
    "mobile",
    "email",
    "city",
    "district",
    "category",
)


@dataclass(frozen=True)
class OnlineAttachment:
    document_type: DocumentType
    file: UploadedFile
    expiry_date: date | None = None


def _existing_request(submission_key: uuid.UUID) -> SupportRequest | None:
    return SupportRequest.objects.filter(submission_key=submission_key).first()


def support_request_submit_online(
    *,
    applicant: Mapping[str, Any],
    service_type: ServiceType,
    submission_key: uuid.UUID,
    need_description: str,
    reason: str = "",
    amount_requested: Decimal | None = None,
    attachments: Sequence[OnlineAttachment] = (),
    consents: Sequence[str] = (),
) -> SupportRequest:
    """Register (or find) the applicant, take the request as a website draft, store the uploads.

    All of it or nothing: a refused document or request leaves no beneficiary, no request and
    no file behind. The same ``submission_key`` twice (a double click, a retried post) returns
    the first request and stores nothing more.
    """
    unknown = set(applicant) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown applicant fields: {sorted(unknown)}")
    existing = _existing_request(submission_key)
    if existing is not None:
        return existing
    stored_files = []
    try:
        with transaction.atomic():
            # Two copies of one post arriving together: the second waits here for the first to
            # commit, then finds its request instead of storing the uploads a second time.
            _lock_submission(submission_key)
            existing = _existing_request(submission_key)
            if existing is not None:
                return existing
            beneficiary = (
                Beneficiary.objects.select_for_update()
                .filter(identity_number=applicant.get("identity_number", ""))
                .first()
            )
            if beneficiary is None:
                beneficiary = beneficiary_register(actor=None, data=applicant)
            for purpose in consents:
                consent_grant(actor=None, beneficiary=beneficiary, purpose=purpose, channel=Channel.WEBSITE)
            try:
                request = support_request_create(
                    actor=None,
                    beneficiary=beneficiary,
                    service_type=service_type,
                    channel=Channel.WEBSITE,
                    amount_requested=amount_requested,
                    need_description=need_description,
                    reason=reason,
                    submission_key=submission_key,
                )
            except DomainError as error:
                # The registry's reasons (an archived record, another category) must not reach
                # the public: they would tell a stranger that this person is registered.
                raise ValidationError(
                    _(
                        "This request cannot be taken online. Please contact the association by phone "
                        "or visit its office."
                    ),
                    code="refused",
                ) from error
            for attachment in attachments:
                document = document_upload(
                    actor=None,
                    beneficiary=beneficiary,
                    document_type=attachment.document_type,
                    file=attachment.file,
                    expiry_date=attachment.expiry_date,
                )
                stored_files.append(document.file.name)
    except (IntegrityError, ValidationError):
        _delete_files(stored_files)
        # Two copies of the same post racing: the first one's request is the answer.
        existing = _existing_request(submission_key)
        if existing is not None:
            return existing
        raise
    except Exception:
        _delete_files(stored_files)
        raise
    return request


def _lock_submission(submission_key: uuid.UUID) -> None:
    """Serialise transactions that carry the same submission key, until they end.

    PostgreSQL: a transaction-scoped advisory lock on the key. SQLite already runs one writing
    transaction at a time (settings: transaction_mode IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(submission_key.bytes[:8], "big", signed=True)]
            )


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def support_request_find_for_tracking(*, tracking_code: str, id_last_digits: str) -> SupportRequest | None:
    """The request a tracking code names, only if the last four identity digits match; else None.

    A read for the public tracking page: one answer for an unknown code and for wrong digits,
    so nobody learns which codes exist.
    """
    request = (
        SupportRequest.objects.select_related("beneficiary").filter(tracking_code=tracking_code).first()
        if tracking_code
        else None
    )
    expected = request.beneficiary.identity_number[-4:].upper() if request else "----"
    matches = hmac.compare_digest(expected.encode(), (id_last_digits or "").upper().encode())
    return request if request is not None and matches else None
