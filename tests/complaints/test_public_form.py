"""The public complaint form: no login, anonymous or named, attachments, one complaint per form."""

import uuid

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import EXE, PDF, PNG
from factories.complaints import category

from complaints.models import Complaint, ComplaintAttachment, ComplaintStatus
from policies.choices import Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_form():
    def data(**overrides) -> dict:
        values = {
            "submission_token": str(uuid.uuid4()),
            "kind": "complaint",
            "category": str(category("service_quality").pk),
            "subject": "تأخر الرد على طلبي",
            "description": "قدمت طلب مساعدة منذ شهر ولم يصلني أي رد.",
            "is_anonymous": "",
            "complainant_name": "مريم ناصر الدوسري",
            "complainant_identity_number": "",
            "complainant_mobile": "0551234567",
            "complainant_email": "",
            "contact_channel": "sms",
            "website": "",
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value is not None}

    return data


def post(client, data, files=None):
    payload = dict(data)
    if files:
        payload["attachments"] = files
    return client.post(reverse("public_complaints:new"), payload)


def test_the_public_form_opens_without_logging_in(client):
    response = client.get(reverse("public_complaints:new"))
    assert response.status_code == 200
    assert 'name="submission_token"' in response.content.decode()


def test_a_named_public_complaint_is_received_and_shows_its_tracking_code(client, public_form):
    response = post(client, public_form())
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.channel == Channel.WEBSITE
    assert complaint.complainant_mobile == "+966551234567"
    assert complaint.created_by is None
    done = client.get(response["Location"])
    assert complaint.tracking_code in done.content.decode()


def test_an_anonymous_public_complaint_keeps_nothing_typed_about_the_person(client, public_form):
    response = post(client, public_form(is_anonymous="on", complainant_identity_number="1000000008"))
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.is_anonymous
    assert complaint.complainant_name == ""
    assert complaint.complainant_mobile == ""
    assert complaint.complainant_identity_number == ""
    assert complaint.contact_channel == ""


def test_a_resubmitted_form_creates_one_complaint(client, public_form):
    data = public_form()
    first = post(client, data)
    second = post(client, data)
    assert first.status_code == second.status_code == 302
    assert Complaint.objects.count() == 1


def test_tracking_codes_are_long_random_and_different(client, public_form):
    for _index in range(3):
        post(client, public_form())
    codes = list(Complaint.objects.values_list("tracking_code", flat=True))
    assert len(set(codes)) == 3
    for code in codes:
        assert len(code.replace("-", "")) == 12
    # Not derived from the row number: nothing sequential to walk through.
    assert all(code.count("-") == 2 and code.replace("-", "").isalnum() for code in codes)
    assert sorted(codes) != codes or sorted(codes, reverse=True) != codes or len(codes) < 3


def test_an_empty_form_explains_each_missing_field_and_saves_nothing(client, public_form, page_shows):
    response = post(client, public_form(subject="", description="", category="", complainant_name=""))
    assert response.status_code == 400
    assert page_shows(response, _("Write a short subject."))
    assert page_shows(response, _("Describe what happened."))
    assert page_shows(response, _("Choose a category."))
    assert Complaint.objects.count() == 0


def test_a_named_complaint_without_a_name_asks_for_one_and_keeps_the_text(client, public_form, page_shows):
    response = post(client, public_form(complainant_name="", description="نص طويل كتبته بعناية"))
    assert response.status_code == 400
    assert page_shows(response, _("Enter the complainant's name, or choose to complain anonymously."))
    assert "نص طويل كتبته بعناية" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_over_long_details_are_refused_with_the_limit(client, public_form):
    response = post(client, public_form(description="ب" * 5001))
    assert response.status_code == 400
    assert "5000" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_wrong_mobile_number_is_explained_and_nothing_is_saved(client, public_form, page_shows):
    response = post(client, public_form(complainant_mobile="12345"))
    assert response.status_code == 400
    assert page_shows(response, _("Enter a Saudi mobile number such as 0501234567 or +966501234567."))
    assert Complaint.objects.count() == 0


def test_a_disallowed_file_is_refused_and_nothing_is_half_saved(client, public_form, stored_files, page_shows):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [
        SimpleUploadedFile("receipt.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("photo.png", EXE, content_type="image/png"),
    ]
    response = post(client, public_form(subject="موضوع محفوظ"), files)
    assert response.status_code == 400
    assert page_shows(
        response, _("Only PDF, JPEG or PNG files are accepted; this file is something else, whatever its name.")
    )
    assert "موضوع محفوظ" in response.content.decode()
    assert Complaint.objects.count() == 0
    assert stored_files() == []


def test_attachments_are_stored_privately_under_random_names(client, public_form, stored_files):
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [
        SimpleUploadedFile("هوية مريم.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("صورة.png", PNG, content_type="image/png"),
    ]
    assert post(client, public_form(), files).status_code == 302
    assert ComplaintAttachment.objects.count() == 2
    assert len(stored_files()) == 2
    assert all(path.startswith("complaints/") and "مريم" not in path for path in stored_files())


def test_submissions_from_one_address_are_limited(client, public_form):
    for _index in range(10):
        assert post(client, public_form()).status_code == 302
    response = post(client, public_form())
    assert response.status_code == 429
    assert Complaint.objects.count() == 10


def test_the_hidden_robot_field_creates_nothing(client, public_form):
    response = post(client, public_form(website="http://spam.example"))
    assert response.status_code == 302
    assert Complaint.objects.count() == 0
