"""Checks and normal forms for what reception types in: IDs, mobiles, Arabic names, files."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from policies.malware import scan_upload

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalize_digits(value: str) -> str:
    """Arabic-Indic and Persian digits (what Arabic phone keyboards type) become ASCII digits."""
    return (value or "").translate(_DIGITS)


def luhn_is_valid(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


# identity type -> required first digit of the 10-digit number
SAUDI_ID_FIRST_DIGIT = {"national_id": "1", "iqama": "2"}


def clean_identity_number(identity_type: str, value: str) -> str:
    """Return the number in its stored form or raise a translated ValidationError."""
    number = re.sub(r"[\s-]", "", normalize_digits(value)).upper()
    if not number:
        raise ValidationError(_("Enter the identity number."), code="required")
    if identity_type in SAUDI_ID_FIRST_DIGIT:
        if not number.isdigit():
            raise ValidationError(_("The identity number must contain digits only."), code="not_digits")
        if len(number) != 10:
            raise ValidationError(
                _("The identity number must be exactly 10 digits (you entered %(count)d)."),
                code="length",
                params={"count": len(number)},
            )
        expected = SAUDI_ID_FIRST_DIGIT[identity_type]
        if number[0] != expected:
            if identity_type == "national_id":
                message = _("A Saudi national ID starts with 1.")
            else:
                message = _("An iqama number starts with 2.")
            raise ValidationError(message, code="first_digit")
        if not luhn_is_valid(number):
            raise ValidationError(
                _("This identity number is not valid: its check digit does not match. Check it against the card."),
                code="checksum",
            )
    elif identity_type == "border_number":
        if not number.isdigit() or len(number) != 10:
            raise ValidationError(_("A border number is exactly 10 digits."), code="border_number")
    elif not re.fullmatch(r"[A-Z0-9]{5,20}", number):
        raise ValidationError(_("A passport number is 5 to 20 letters and digits."), code="passport")
    return number


_MOBILE_PATTERNS = (
    re.compile(r"^(?:\+|00)?9665(\d{8})$"),
    re.compile(r"^05(\d{8})$"),
    re.compile(r"^5(\d{8})$"),
)


def normalize_mobile(value: str) -> str:
    """Saudi mobile numbers in any usual form become +9665XXXXXXXX."""
    compact = re.sub(r"[\s\-().]", "", normalize_digits(value))
    for pattern in _MOBILE_PATTERNS:
        match = pattern.match(compact)
        if match:
            return f"+9665{match.group(1)}"
    raise ValidationError(_("Enter a Saudi mobile number such as 0501234567 or +966501234567."), code="mobile")


def mobile_for_display(value: str) -> str:
    """+966501234567 -> 050 123 4567, the form people say aloud."""
    if value and value.startswith("+9665") and len(value) == 13:
        local = "0" + value[4:]
        return f"{local[:3]} {local[3:6]} {local[6:]}"
    return value or ""


_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,  # tatweel
    }
)


def normalize_arabic_name(value: str) -> str:
    """Fold the spelling variants people type for the same name, for search and duplicates.

    Alef forms, taa marbuta, alef maqsura and hamza seats fold together; diacritics and
    tatweel go; "عبد الله" and "عبدالله" become one word; Latin letters are lower-cased.
    """
    text = _ARABIC_DIACRITICS.sub("", value or "").translate(_ARABIC_FOLDS).lower()
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(^| )(عبد|ابو) (?=\S)", r"\1\2", text)


# File signatures of what we accept, by the bytes the file starts with, not its name.
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def detect_document_type(uploaded) -> str:
    """Return the MIME type of an uploaded document or raise a translated ValidationError."""
    size = uploaded.size or 0
    limit = settings.MAX_DOCUMENT_SIZE
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the largest accepted is %(limit)s MB."),
            code="too_large",
            params={"size": f"{size / 1048576:.1f}", "limit": limit // 1048576},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, mime in _SIGNATURES:
        if head.startswith(signature):
            if mime.startswith("image/"):
                _verify_image(uploaded)
            scan_upload(uploaded)
            return mime
    raise ValidationError(
        _("Only PDF, JPEG or PNG files are accepted; this file is something else, whatever its name."),
        code="file_type",
    )


def _verify_image(uploaded) -> None:
    from PIL import Image, ImageFile, UnidentifiedImageError

    # WeasyPrint switches Pillow to accepting cut-off images for the whole process as soon as it
    # is imported (the first PDF a worker prints); a check of an upload must not depend on that.
    accepting_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(uploaded) as image:
            image.verify()
        # verify() reads only the headers; a photo whose upload broke off passes it,
        # so decode the pixels too.
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("The image file is damaged and cannot be opened."), code="damaged") from error
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepting_truncated
        uploaded.seek(0)
