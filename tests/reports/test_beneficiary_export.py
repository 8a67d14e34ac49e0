"""A person's data export (PDPL): everything held about one beneficiary, as PDF and JSON, logged."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from factories.complaints import in_status
from factories.surveys import QuestionFactory

from beneficiaries.models import AccessAction, Consent, ConsentPurpose, ConsentStatus
from complaints.models import ComplaintStatus
from policies.choices import Channel
from policies.roles import Role
from surveys.models import Answer, Response
from tests.reports.pdf_text import pdf_lines, pdf_words, shows, shows_near
from tests.reports.people import build_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(frozen_today, beneficiary, reception):
    person = build_person(beneficiary=beneficiary, reception=reception)
    Consent.objects.create(
        beneficiary=beneficiary,
        purpose=ConsentPurpose.CONTACT,
        status=ConsentStatus.GRANTED,
        channel=Channel.IN_PERSON,
        granted_at=timezone.now(),
    )
    question = QuestionFactory(text="ما مدى رضاك عن سرعة الخدمة؟")
    response = Response.objects.create(
        survey=question.survey, submitted_on=timezone.localdate(), consent_to_link=True, beneficiary=beneficiary
    )
    Answer.objects.create(response=response, question=question, number=4)
    return person


def export_url(beneficiary, export_format: str | None = None) -> str:
    url = reverse("reports:beneficiary_export", args=[beneficiary.pk])
    return f"{url}?format={export_format}" if export_format else url


def export(client, user, beneficiary, export_format: str | None = None):
    client.force_login(user)
    return client.get(export_url(beneficiary, export_format))


@pytest.fixture
def exported(client, manager, person) -> dict:
    response = export(client, manager, person.beneficiary, "json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_manager_downloads_the_export_as_a_private_pdf_by_default(client, manager, person):
    response = export(client, manager, person.beneficiary)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="personal-data-{person.beneficiary.pk}-20261123.pdf"'
    )


def test_the_json_export_is_a_private_json_attachment(client, manager, person):
    response = export(client, manager, person.beneficiary, "json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="personal-data-{person.beneficiary.pk}-20261123.json"'
    )


def test_the_json_export_holds_the_record_household_and_documents_list(exported):
    assert exported["beneficiary"]["identity_number"] == "1000000008"
    assert exported["beneficiary"]["full_name"] == "أحمد محمد علي الشهري"
    assert exported["beneficiary"]["mobile"] == "+966501112233"
    assert [member["full_name"] for member in exported["household"]] == ["ليلى أحمد الشهري"]
    assert [(d["document_type"], d["original_filename"], d["expiry_date"]) for d in exported["documents"]] == [
        ("عقد الإيجار", "lease-2026.pdf", "2027-06-30")
    ]


def test_the_json_export_never_gives_where_a_file_is_stored(exported, person):
    text = json.dumps(exported, ensure_ascii=False)
    assert "documents/" not in text
    assert "declarations/" not in text
    assert person.beneficiary.documents.get().file.name.rsplit("/", 1)[-1] not in text


def test_the_json_export_holds_requests_decisions_and_their_timeline(exported, person):
    reference = person.request.reference_number
    assert [r["reference_number"] for r in exported["requests"]] == [reference]
    assert exported["requests"][0]["status"] == "decided"
    assert [(d["request"], d["amount"]) for d in exported["decisions"]] == [(reference, "1000.00")]
    assert {row["to_status"] for row in exported["request_timeline"]} >= {"complete", "referred", "decided"}
    assert [r["request"] for r in exported["research_reports"]] == [reference]
    assert [d["request"] for d in exported["declarations"]] == [reference]


def test_the_json_export_holds_complaints_interactions_messages_consents_and_survey_answers(exported, person):
    assert [(c["number"], c["subject"]) for c in exported["complaints"]] == [
        (person.complaint.number, "تأخر الرد على الطلب")
    ]
    assert [i["subject"] for i in exported["interactions"]] == ["سؤال عن موعد الصرف"]
    assert exported["messages"]
    assert all(m["recipient_name"] == "أحمد محمد علي الشهري" for m in exported["messages"])
    assert any(person.request.reference_number in m["body"] for m in exported["messages"])
    assert [(c["purpose"], c["status"]) for c in exported["consents"]] == [("contact", "granted")]
    assert exported["survey_responses"][0]["answers"] == [
        {"question": "ما مدى رضاك عن سرعة الخدمة؟", "number": 4, "selected": [], "text": ""}
    ]


def test_the_json_export_holds_nothing_of_another_person(exported, person):
    text = json.dumps(exported, ensure_ascii=False)
    for trace in (
        person.other.identity_number,
        person.other.mobile,
        "سلطان",
        "الحربي",
        person.other_request.reference_number,
        "شكوى الشخص الآخر",
        "زيارة منزلية للأسرة الأخرى",
    ):
        assert trace not in text


def test_a_complaint_filed_under_the_persons_identity_number_without_the_link_is_exported(client, manager, person):
    unlinked = in_status(
        ComplaintStatus.RESOLVED,
        complainant_name="أحمد الشهري",
        complainant_identity_number=person.beneficiary.identity_number,
        subject="شكوى عبر الموقع",
    )
    data = json.loads(export(client, manager, person.beneficiary, "json").content)
    assert unlinked.number in [c["number"] for c in data["complaints"]]


def test_a_complaint_about_the_exporting_manager_is_left_to_another_manager(client, manager, person):
    about_manager = in_status(
        ComplaintStatus.RESOLVED, beneficiary=person.beneficiary, complainant_name="", concerned_staff=manager
    )
    data = json.loads(export(client, manager, person.beneficiary, "json").content)
    assert about_manager.number not in [c["number"] for c in data["complaints"]]


def test_the_pdf_export_shows_the_persons_data_in_arabic(client, manager, person, tmp_path):
    lines = pdf_lines(export(client, manager, person.beneficiary, "pdf").content, tmp_path)
    assert shows(lines, "أحمد", "محمد", "علي", "الشهري")
    assert shows(lines, "1000000008")
    assert shows(lines, person.request.reference_number)
    assert shows(lines, "الموافقات")
    assert shows_near(lines, "راجعنا", "طلبكم")
    assert shows_near(lines, "سؤال", "عن", "موعد")


def test_the_pdf_export_holds_nothing_of_another_person(client, manager, person, tmp_path):
    words = pdf_words(export(client, manager, person.beneficiary, "pdf").content, tmp_path)
    assert "سلطان" not in words
    assert person.other.identity_number not in words
    assert person.other_request.reference_number not in words


@pytest.mark.parametrize("export_format", ["pdf", "json"])
def test_every_export_is_recorded_in_the_access_log(client, manager, beneficiary, frozen_today, export_format):
    export(client, manager, beneficiary, export_format)
    entry = beneficiary.access_logs.get()
    assert (entry.user, entry.action, entry.detail) == (manager, AccessAction.EXPORT, export_format.upper())


def test_an_unknown_format_is_refused_with_a_message_and_nothing_logged(client, manager, beneficiary):
    response = export(client, manager, beneficiary, "xml")
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert "JSON" in response.content.decode()
    assert not beneficiary.access_logs.exists()


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.CONTACT_OFFICER, Role.COMPLAINTS_OFFICER, Role.SOCIAL_RESEARCHER]
)
def test_only_managers_may_export_a_persons_data(client, make_user, beneficiary, role):
    assert export(client, make_user(role), beneficiary, "json").status_code == 403
    assert not beneficiary.access_logs.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, beneficiary):
    response = client.get(export_url(beneficiary, "json"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_unknown_beneficiary_answers_not_found(client, manager, beneficiary):
    client.force_login(manager)
    url = reverse("reports:beneficiary_export", args=[beneficiary.pk + 1000])
    assert client.get(url).status_code == 404


def test_the_beneficiary_page_offers_the_export_to_managers_only(client, manager, reception, beneficiary):
    page_url = reverse("beneficiaries:detail", args=[beneficiary.pk])
    client.force_login(manager)
    assert export_url(beneficiary, "json") in client.get(page_url).content.decode()
    client.force_login(reception)
    assert export_url(beneficiary) not in client.get(page_url).content.decode()
