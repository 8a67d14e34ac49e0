"""What an applicant types into the public request form, and the files they attach."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from .files import PDF, TEXT, saudi_identity_number

# Not in the registry unless a test puts it there.
APPLICANT_ID = saudi_identity_number("1", 55_443_322)


def public_form_data(*, service_type, category, **overrides) -> dict:
    """A complete, valid online request as the browser posts it; ``None`` removes a field."""
    values = {
        "submission_key": str(uuid.uuid4()),
        "service_type": str(service_type.pk),
        "identity_type": "national_id",
        "identity_number": APPLICANT_ID,
        "identity_expiry_date": "2031-05-01",
        "first_name": "سارة",
        "father_name": "عبدالرحمن",
        "grandfather_name": "حمد",
        "family_name": "العنزي",
        "gender": "female",
        "birth_date": "1988-02-11",
        "nationality": "سعودية",
        "marital_status": "widowed",
        "category": str(category.pk),
        "mobile": "0551234567",
        "email": "",
        "city": "الرياض",
        "district": "السويدي",
        "need_description": "مساعدة في سداد إيجار المنزل",
        "reason": "توفي زوجي وانقطع دخل الأسرة",
        "amount_requested": "2500",
        "acknowledge_duties": "on",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def pdf_upload(name: str = "family-card.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def text_renamed_pdf() -> SimpleUploadedFile:
    """A text file renamed .pdf: the browser even claims it is a PDF."""
    return SimpleUploadedFile("statement.pdf", TEXT, content_type="application/pdf")


def oversized_pdf(limit_bytes: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("big-scan.pdf", PDF + b"0" * (limit_bytes + 1 - len(PDF)), content_type="application/pdf")
