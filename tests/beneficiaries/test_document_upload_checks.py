"""Uploaded documents are checked by their content, size and expiry, and refused files leave nothing behind (R2)."""

from datetime import date

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import DAMAGED_PNG, EXE, HTML, JPEG, PDF, PNG, TEXT, DocumentTypeFactory, noisy_jpeg_bytes

from beneficiaries import services
from beneficiaries.models import Document
from beneficiaries.validators import detect_document_type

TEN_MB = 10 * 1024 * 1024


@pytest.fixture
def desk(client, reception):
    client.force_login(reception)
    return client


@pytest.fixture
def family_card(db):
    return DocumentTypeFactory(code="family_card")


@pytest.fixture
def id_copy(db):
    """Migrated as having an expiry date."""
    return DocumentTypeFactory(code="national_id", has_expiry=True)


@pytest.fixture
def upload(desk, beneficiary, family_card):
    def post(content: bytes, name: str = "scan.pdf", content_type: str = "application/pdf", **fields):
        data = {"document_type": str(family_card.pk), "number": "", "issue_date": "", "expiry_date": ""}
        data.update(fields)
        data["file"] = SimpleUploadedFile(name, content, content_type=content_type)
        return desk.post(reverse("beneficiaries:document_upload", args=[beneficiary.pk]), data)

    return post


def file_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


ONLY_PDF_JPEG_PNG = _("Only PDF, JPEG or PNG files are accepted; this file is something else, whatever its name.")


@pytest.mark.parametrize("content", [TEXT, HTML, EXE], ids=["text", "html", "exe"])
def test_a_file_renamed_to_pdf_is_refused_by_its_content(upload, page_shows, content):
    response = upload(content, name="certificate.pdf")
    assert response.status_code == 200
    assert page_shows(response, ONLY_PDF_JPEG_PNG)
    assert not Document.objects.exists()


@pytest.mark.parametrize("content", [TEXT, HTML, EXE], ids=["text", "html", "exe"])
def test_a_file_refused_by_its_content_leaves_nothing_on_disk(upload, stored_files, content):
    upload(content, name="certificate.pdf")
    assert stored_files() == []


def test_a_file_over_10_mb_is_refused(upload, page_shows):
    response = upload(PDF + b"\n%" + b"0" * TEN_MB, name="big.pdf")
    assert response.status_code == 200
    assert file_errors(response)
    assert page_shows(
        response, _("The file is %(size)s MB; the largest accepted is %(limit)s MB."), size="10.0", limit=10
    )
    assert not Document.objects.exists()


def test_a_file_over_10_mb_leaves_nothing_on_disk(upload, stored_files):
    upload(PDF + b"\n%" + b"0" * TEN_MB, name="big.pdf")
    assert stored_files() == []


def test_a_file_of_exactly_10_mb_is_within_the_limit():
    content = PDF + b"0" * (TEN_MB - len(PDF))
    assert detect_document_type(SimpleUploadedFile("exact.pdf", content)) == "application/pdf"


def test_the_size_limit_follows_the_setting(settings):
    settings.MAX_DOCUMENT_SIZE = 1024
    with pytest.raises(ValidationError) as refused:
        detect_document_type(SimpleUploadedFile("small.pdf", PDF + b"0" * 1024))
    assert refused.value.code == "too_large"


def test_an_empty_file_is_refused(upload):
    response = upload(b"", name="empty.pdf")
    assert response.status_code == 200
    assert file_errors(response)
    assert not Document.objects.exists()


def test_an_empty_file_is_refused_by_the_document_check_too():
    with pytest.raises(ValidationError) as refused:
        detect_document_type(SimpleUploadedFile("empty.pdf", b""))
    assert refused.value.code == "empty"


def test_a_damaged_png_is_refused(upload, page_shows):
    response = upload(DAMAGED_PNG, name="photo.png", content_type="image/png")
    assert response.status_code == 200
    assert page_shows(response, _("The image file is damaged and cannot be opened."))
    assert not Document.objects.exists()


def test_a_damaged_png_leaves_nothing_on_disk(upload, stored_files):
    upload(DAMAGED_PNG, name="photo.png", content_type="image/png")
    assert stored_files() == []


def test_a_jpeg_cut_off_in_the_middle_of_its_image_data_is_refused(upload):
    # A photo whose upload broke off: the headers are intact, the picture is not.
    photo = noisy_jpeg_bytes()
    response = upload(photo[: len(photo) * 6 // 10], name="photo.jpg", content_type="image/jpeg")
    assert response.status_code == 200
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "declared", "detected"),
    [
        (PDF, "family-card.pdf", "application/pdf", "application/pdf"),
        (JPEG, "family-card.jpg", "image/jpeg", "image/jpeg"),
        (PNG, "family-card.png", "image/png", "image/png"),
    ],
    ids=["pdf", "jpeg", "png"],
)
def test_a_valid_pdf_jpeg_or_png_is_accepted(upload, beneficiary, content, name, declared, detected):
    response = upload(content, name=name, content_type=declared)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.beneficiary == beneficiary
    assert document.content_type == detected
    assert document.size_bytes == len(content)
    with document.file.open("rb") as stored:
        assert stored.read() == content


def test_the_content_type_comes_from_the_bytes_not_from_the_browser(upload):
    upload(PNG, name="scan.pdf", content_type="application/pdf")
    document = Document.objects.get()
    assert document.content_type == "image/png"
    assert document.file.name.endswith(".png")


def test_an_accepted_file_is_stored_under_the_private_media_root(upload, private_media, stored_files):
    upload(PDF)
    document = Document.objects.get()
    assert stored_files() == [document.file.name]
    assert document.file.path.startswith(str(private_media))


def test_the_stored_file_name_reveals_neither_the_identity_number_nor_the_original_name(upload, beneficiary):
    upload(PDF, name=f"{beneficiary.identity_number}-ahmad.pdf")
    document = Document.objects.get()
    assert document.original_filename == f"{beneficiary.identity_number}-ahmad.pdf"
    assert beneficiary.identity_number not in document.file.name
    assert "ahmad" not in document.file.name


def test_the_uploader_is_recorded(upload, reception):
    upload(PDF)
    assert Document.objects.get().uploaded_by == reception


def test_a_document_type_with_an_expiry_needs_the_expiry_date(upload, id_copy, page_shows, stored_files):
    response = upload(PDF, document_type=str(id_copy.pk))
    assert response.status_code == 200
    assert page_shows(response, _("This document type has an expiry date; enter it."))
    assert not Document.objects.exists()
    assert stored_files() == []


def test_an_expiry_date_before_the_issue_date_is_refused(upload, page_shows):
    response = upload(PDF, issue_date="2026-01-10", expiry_date="2025-01-10")
    assert response.status_code == 200
    assert page_shows(response, _("The expiry date is before the issue date."))
    assert not Document.objects.exists()


def test_an_expired_document_is_still_saved_and_marked_expired(frozen_today, upload, id_copy):
    response = upload(PDF, document_type=str(id_copy.pk), expiry_date="2026-11-22")
    assert response.status_code == 302
    assert Document.objects.get().is_expired


def test_uploading_an_expired_document_shows_the_expiry_warning(frozen_today, desk, beneficiary, id_copy, page_shows):
    response = desk.post(
        reverse("beneficiaries:document_upload", args=[beneficiary.pk]),
        {
            "document_type": str(id_copy.pk),
            "expiry_date": "2026-11-22",
            "file": SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    assert page_shows(response, _("This document has expired; ask the beneficiary for a current one."))


def test_a_document_expiring_today_is_not_yet_expired(frozen_today, desk, beneficiary, id_copy, page_shows):
    response = desk.post(
        reverse("beneficiaries:document_upload", args=[beneficiary.pk]),
        {
            "document_type": str(id_copy.pk),
            "expiry_date": "2026-11-23",
            "file": SimpleUploadedFile("id.pdf", PDF, content_type="application/pdf"),
        },
        follow=True,
    )
    assert page_shows(response, _("The document is uploaded."))
    assert not page_shows(response, _("This document has expired; ask the beneficiary for a current one."))


def test_a_record_refused_by_the_database_rules_leaves_no_file_behind(
    beneficiary, family_card, reception, stored_files
):
    # The form checks the dates; the service's own check (the model constraint) must clean up too.
    with pytest.raises(ValidationError):
        services.document_upload(
            actor=reception,
            beneficiary=beneficiary,
            document_type=family_card,
            file=SimpleUploadedFile("scan.pdf", PDF),
            issue_date=date(2026, 1, 10),
            expiry_date=date(2025, 1, 10),
        )
    assert not Document.objects.exists()
    assert stored_files() == []


def test_the_upload_limit_matches_what_the_form_tells_people():
    assert settings.MAX_DOCUMENT_SIZE == TEN_MB


def test_a_cut_off_jpeg_is_refused_even_after_the_process_has_printed_a_pdf(upload):
    import weasyprint  # noqa: F401 - importing it turns on Pillow's LOAD_TRUNCATED_IMAGES for the process
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    photo = noisy_jpeg_bytes()
    response = upload(photo[: len(photo) * 6 // 10], name="photo.jpg", content_type="image/jpeg")
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # printed documents keep WeasyPrint's setting
