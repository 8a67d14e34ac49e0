"""Reference numbers and tracking codes of support requests."""

import secrets
from datetime import date

from django.db import transaction

from policies.working_days import hijri_year
from requests_app.models import ReferenceSequence, SupportRequest

# No 0/O, 1/I/L: a code read over the phone is not misheard.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 10


def reference_number_allocate(*, on: date) -> str:
    """The next reference number of the Hijri year of ``on``, e.g. ``1448-000123``.

    The year's sequence row is locked (``SELECT … FOR UPDATE``) until the caller's transaction
    ends, so two staff saving at the same moment get consecutive numbers, never the same one.
    Must run inside the transaction that saves the request.
    """
    year = hijri_year(on) or on.year
    with transaction.atomic():
        ReferenceSequence.objects.get_or_create(hijri_year=year)
        sequence = ReferenceSequence.objects.select_for_update().get(hijri_year=year)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return f"{year}-{sequence.last_number:06d}"


def tracking_code_generate() -> str:
    """A random code like ``K7QM4-XTP2R`` (about 50 bits): it cannot be guessed or enumerated."""
    while True:
        raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
        code = f"{raw[:5]}-{raw[5:]}"
        if not SupportRequest.objects.filter(tracking_code=code).exists():
            return code


def normalize_tracking_code(value: str) -> str:
    """What a person typed, as stored: upper case, the dash where it belongs, spaces ignored."""
    raw = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(raw) != TRACKING_LENGTH:
        return raw
    return f"{raw[:5]}-{raw[5:]}"
