"""Who may open which page and which complaint: roles, the privacy rules, attachments, anonymity."""

import pytest
from django.urls import reverse
from factories import PDF
from factories.complaints import AnonymousComplaintFactory, ComplaintFactory, category, in_status

from complaints import selectors, services
from complaints.models import ComplaintAttachment, ComplaintStatus
from policies.roles import Role

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    Role.RECEPTION,
    Role.SOCIAL_RESEARCHER,
    Role.COMMITTEE_MEMBER,
    Role.COMMITTEE_SECRETARY,
    Role.CONTACT_OFFICER,
    Role.ADMIN,
]


def attachment_of(complaint):
    from django.core.files.base import ContentFile

    attachment = ComplaintAttachment(
        complaint=complaint, original_filename="إيصال.pdf", content_type="application/pdf", size_bytes=len(PDF)
    )
    attachment.file.save("receipt.pdf", ContentFile(PDF), save=False)
    attachment.save()
    return attachment


def staff_pages(complaint, attachment):
    return {
        "queue": ("get", reverse("complaints:queue")),
        "detail": ("get", reverse("complaints:detail", args=[complaint.pk])),
        "resolve": ("get", reverse("complaints:resolve", args=[complaint.pk])),
        "compensation": ("get", reverse("complaints:compensation", args=[complaint.pk])),
        "acknowledge": ("post", reverse("complaints:transition", args=[complaint.pk, "acknowledge"])),
        "assign": ("post", reverse("complaints:assign", args=[complaint.pk])),
        "note": ("post", reverse("complaints:note", args=[complaint.pk])),
        "attach": ("post", reverse("complaints:attachment_upload", args=[complaint.pk])),
        "download": ("get", reverse("complaints:attachment_download", args=[attachment.pk])),
        "monitoring": ("get", reverse("complaints:monitoring")),
    }


@pytest.fixture
def pages():
    complaint = ComplaintFactory()
    return staff_pages(complaint, attachment_of(complaint))


@pytest.mark.parametrize(
    "page",
    ["queue", "detail", "resolve", "compensation", "acknowledge", "assign", "note", "attach", "download", "monitoring"],
)
def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_page(client, pages, page):
    method, url = pages[page]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize(
    "page",
    ["queue", "detail", "resolve", "compensation", "acknowledge", "assign", "note", "attach", "download", "monitoring"],
)
def test_staff_outside_the_follow_up_committee_and_management_get_403(client, make_user, pages, role, page):
    client.force_login(make_user(role))
    method, url = pages[page]
    assert getattr(client, method)(url).status_code == 403


@pytest.mark.parametrize("page", ["queue", "detail", "compensation", "download"])
def test_the_officer_and_the_manager_open_the_committees_pages(client, officer, manager, pages, page):
    for user in (officer, manager):
        client.force_login(user)
        assert client.get(pages[page][1]).status_code == 200


def test_only_management_opens_the_monitoring_page(client, officer, manager):
    client.force_login(officer)
    assert client.get(reverse("complaints:monitoring")).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("complaints:monitoring")).status_code == 200


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.COMPLAINTS_OFFICER])
def test_reception_and_the_officer_may_record_a_complaint(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("complaints:intake")).status_code == 200


@pytest.mark.parametrize("role", [Role.SOCIAL_RESEARCHER, Role.MANAGER, Role.CONTACT_OFFICER])
def test_other_roles_may_not_record_a_complaint(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("complaints:intake")).status_code == 403


# --- The privacy rules ------------------------------------------------------------------------


def test_a_complaint_about_a_staff_member_is_hidden_from_that_staff_member(client, officer, other_officer):
    complaint = ComplaintFactory(concerned_staff=officer, category=category("staff_conduct"))
    attachment = attachment_of(complaint)
    client.force_login(officer)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    assert client.get(reverse("complaints:attachment_download", args=[attachment.pk])).status_code == 404
    assert complaint.subject not in client.get(reverse("complaints:queue")).content.decode()
    client.force_login(other_officer)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200


def test_a_complaint_about_a_manager_is_hidden_from_that_manager(manager):
    complaint = ComplaintFactory(concerned_staff=manager)
    assert not selectors.complaints_visible_to(user=manager).filter(pk=complaint.pk).exists()


def test_a_sensitive_complaint_is_seen_only_by_managers_and_its_assigned_officer(
    client, officer, other_officer, manager, sensitive_category
):
    complaint = ComplaintFactory(category=sensitive_category, subject="بلاغ احتيال في صرف المساعدات")
    for user, status in ((officer, 404), (manager, 200)):
        client.force_login(user)
        assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == status
    client.force_login(officer)
    assert "بلاغ احتيال" not in client.get(reverse("complaints:queue")).content.decode()
    services.complaint_assign(actor=manager, complaint=complaint, officer=officer)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    client.force_login(other_officer)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404


def test_a_complaint_cannot_be_assigned_to_the_staff_member_it_is_about(manager, officer):
    from django.core.exceptions import ValidationError

    complaint = ComplaintFactory(concerned_staff=officer)
    with pytest.raises(ValidationError):
        services.complaint_assign(actor=manager, complaint=complaint, officer=officer)


def test_an_anonymous_complaint_shows_no_identity_on_the_staff_pages(client, officer, manager):
    complaint = AnonymousComplaintFactory(subject="ملاحظة على الاستقبال")
    for user in (officer, manager):
        client.force_login(user)
        for url in (reverse("complaints:queue"), reverse("complaints:detail", args=[complaint.pk])):
            body = client.get(url).content.decode()
            assert "ملاحظة على الاستقبال" in body
            assert complaint.complainant_display in body


def test_the_database_refuses_an_anonymous_complaint_with_a_name():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AnonymousComplaintFactory(complainant_name="اسم")


def test_anonymity_leaves_no_name_in_the_history_either(officer):
    complaint, _created = services.complaint_submit(
        actor=officer,
        data={
            "kind": "complaint",
            "channel": "fax",
            "category": category("other"),
            "subject": "ملاحظة",
            "description": "تفاصيل",
            "is_anonymous": True,
            "complainant_name": "فاطمة صالح",
            "complainant_mobile": "0501234567",
        },
    )
    for row in complaint.history.all():
        assert row.complainant_name == "" and row.complainant_mobile == ""


def test_the_attachment_is_served_privately_to_the_officer(client, officer):
    complaint = ComplaintFactory()
    attachment = attachment_of(complaint)
    client.force_login(officer)
    response = client.get(reverse("complaints:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


def test_the_public_tracking_page_shows_status_and_the_published_response_only(client):
    complaint = in_status(
        ComplaintStatus.RESOLVED,
        complainant_name="نوال عبدالله",
        subject="موضوع داخلي",
        response="تمت معالجة ملاحظتكم.",
    )
    response = client.post(reverse("public_complaints:track"), {"code": complaint.tracking_code.lower()})
    body = response.content.decode()
    assert response.status_code == 200
    assert "تمت معالجة ملاحظتكم." in body
    assert "نوال" not in body and "موضوع داخلي" not in body and complaint.complainant_mobile not in body


def test_the_response_is_not_published_before_the_complaint_is_resolved(client):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, response="مسودة رد")
    body = client.post(reverse("public_complaints:track"), {"code": complaint.tracking_code}).content.decode()
    assert "مسودة رد" not in body


def test_an_unknown_tracking_code_finds_nothing(client):
    response = client.post(reverse("public_complaints:track"), {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 404


def test_tracking_look_ups_from_one_address_are_limited(client):
    for _index in range(20):
        client.post(reverse("public_complaints:track"), {"code": "AAAA-BBBB-CCCC"})
    assert client.post(reverse("public_complaints:track"), {"code": "AAAA-BBBB-CCCC"}).status_code == 429
