"""The follow-up committee's pages: actions through the web, bad input kept, the beneficiary section,
and the managers' monitoring figures."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from factories import BeneficiaryFactory
from factories.complaints import ComplaintFactory, category, in_status

from complaints import services
from complaints.models import Complaint, ComplaintStatus, EscalationKind
from policies.roles import Role

pytestmark = pytest.mark.django_db


def test_the_officer_acknowledges_from_the_complaint_page(client, officer):
    complaint = ComplaintFactory()
    client.force_login(officer)
    response = client.post(reverse("complaints:transition", args=[complaint.pk, "acknowledge"]), {"note": ""})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.ACKNOWLEDGED
    assert complaint.assigned_to == officer


def test_a_manager_cannot_acknowledge_and_is_told_why(client, manager):
    complaint = ComplaintFactory()
    client.force_login(manager)
    response = client.post(reverse("complaints:transition", args=[complaint.pk, "acknowledge"]), follow=True)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    assert response.status_code == 200


def test_an_unknown_action_is_not_found(client, officer):
    complaint = ComplaintFactory()
    client.force_login(officer)
    assert client.post(reverse("complaints:transition", args=[complaint.pk, "delete"])).status_code == 404


def test_the_resolve_form_keeps_the_typed_response_when_the_outcome_is_missing(client, officer, page_shows):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer)
    client.force_login(officer)
    response = client.post(
        reverse("complaints:resolve", args=[complaint.pk]),
        {"outcome": "", "response": "رد مكتوب بعناية", "response_channel": "sms"},
    )
    assert response.status_code == 400
    assert page_shows(response, _("Choose the outcome of the investigation."))
    assert "رد مكتوب بعناية" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UNDER_INVESTIGATION


def test_the_officer_resolves_through_the_form(client, officer):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer)
    client.force_login(officer)
    response = client.post(
        reverse("complaints:resolve", args=[complaint.pk]),
        {"outcome": "upheld", "response": "تمت المعالجة.", "response_channel": "sms"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (ComplaintStatus.RESOLVED, "upheld")


def test_pausing_without_a_note_is_explained_on_the_page(client, officer, page_shows):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer)
    client.force_login(officer)
    response = client.post(reverse("complaints:transition", args=[complaint.pk, "pause"]), {"note": ""})
    assert response.status_code == 400
    assert page_shows(response, _("Write what the committee is waiting for from the complainant."))


def test_an_empty_note_is_refused_and_nothing_saved(client, officer):
    complaint = ComplaintFactory()
    client.force_login(officer)
    assert client.post(reverse("complaints:note", args=[complaint.pk]), {"text": ""}).status_code == 400
    assert not complaint.notes.exists()


def test_a_disallowed_file_attached_by_the_officer_is_refused(client, officer, stored_files, page_shows):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from factories import EXE

    complaint = ComplaintFactory()
    client.force_login(officer)
    response = client.post(
        reverse("complaints:attachment_upload", args=[complaint.pk]),
        {"file": SimpleUploadedFile("x.pdf", EXE, content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert stored_files() == []


def test_the_beneficiary_page_lists_their_complaints_for_a_manager(client, manager):
    beneficiary = BeneficiaryFactory()
    complaint = ComplaintFactory(beneficiary=beneficiary, complainant_name="", subject="تأخر الصرف")
    client.force_login(manager)
    body = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    assert complaint.number in body and "تأخر الصرف" in body


def test_reception_sees_only_the_number_and_status_of_a_beneficiarys_complaints(client, make_user):
    beneficiary = BeneficiaryFactory()
    complaint = ComplaintFactory(beneficiary=beneficiary, complainant_name="", subject="موضوع سري")
    fraud = ComplaintFactory(beneficiary=beneficiary, complainant_name="", category=category("fraud"))
    client.force_login(make_user(Role.RECEPTION))
    body = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    assert complaint.number in body
    assert "موضوع سري" not in body
    assert fraud.number not in body


def test_the_monitoring_page_averages_the_hours_to_acknowledge_and_the_days_to_resolve(client, manager, frozen_today):
    now = timezone.now()
    for hours, resolved_after in ((2, timedelta(days=3)), (4, None)):
        complaint = in_status(ComplaintStatus.RESOLVED if resolved_after else ComplaintStatus.ACKNOWLEDGED)
        Complaint.objects.filter(pk=complaint.pk).update(
            received_at=now - timedelta(days=10),
            acknowledged_at=now - timedelta(days=10) + timedelta(hours=hours),
            resolved_at=now - timedelta(days=10) + resolved_after if resolved_after else None,
        )
    ComplaintFactory()  # received only: counted in neither average
    client.force_login(manager)

    data = client.get(reverse("complaints:monitoring")).context["data"]

    assert (data.avg_acknowledge_hours, data.avg_resolve_days) == (3.0, 3.0)


def test_the_monitoring_page_sorts_the_open_complaints_by_category_and_days_since_receipt(
    client, manager, frozen_today
):
    quality, delay = category("service_quality"), category("delay")
    now = timezone.now()
    for days, kind, status in (
        (0, quality, ComplaintStatus.RECEIVED),
        (7, quality, ComplaintStatus.ACKNOWLEDGED),
        (8, quality, ComplaintStatus.UNDER_INVESTIGATION),
        (30, delay, ComplaintStatus.AWAITING_COMPLAINANT),
        (31, delay, ComplaintStatus.ACKNOWLEDGED),
        (120, delay, ComplaintStatus.UNDER_INVESTIGATION),
        (50, delay, ComplaintStatus.RESOLVED),  # closed: in no band
    ):
        complaint = in_status(status, category=kind)
        Complaint.objects.filter(pk=complaint.pk).update(received_at=now - timedelta(days=days))
    client.force_login(manager)

    data = client.get(reverse("complaints:monitoring")).context["data"]

    assert [band["count"] for band in data.age_bands] == [2, 2, 1, 1]
    assert {row["category"]: (row["bands"], row["total"]) for row in data.open_by_category} == {
        quality.name: ([2, 1, 0, 0], 3),
        delay.name: ([0, 1, 1, 1], 3),
    }
    assert data.open_total == 6


def test_the_monitoring_page_names_the_categories_in_english_for_an_english_reader(client, manager, settings):
    in_status(ComplaintStatus.RECEIVED, category=category("delay"))
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    data = client.get(reverse("complaints:monitoring")).context["data"]

    assert [row["category"] for row in data.open_by_category] == ["Delay"]


def test_the_monitoring_page_counts_open_overdue_and_escalations(client, manager, officer, frozen_today):
    in_status(
        ComplaintStatus.UNDER_INVESTIGATION,
        assigned_to=officer,
        resolve_due=date(2026, 11, 19),
        acknowledge_due=date(2026, 11, 10),
    )
    ComplaintFactory(channel="fax")
    resolved = in_status(ComplaintStatus.RESOLVED, channel="website")
    Complaint.objects.filter(pk=resolved.pk).update(
        received_at=timezone.now() - timedelta(days=4), acknowledged_at=timezone.now() - timedelta(days=3)
    )
    services.complaint_deadline_sweep()
    client.force_login(manager)
    response = client.get(reverse("complaints:monitoring"))
    data = response.context["data"]
    assert data.open_total == 2
    assert len(data.overdue) == 1
    assert [e.kind for e in data.escalations] == [EscalationKind.OVERDUE]
    assert data.avg_acknowledge_hours is not None
    assert {row["channel"] for row in data.by_channel} == {"phone", "fax", "website"}


def test_the_admin_lists_only_the_complaints_the_user_may_see(client, make_user, sensitive_category):
    manager = make_user(Role.MANAGER, is_staff=True)
    admin_user = make_user(Role.ADMIN, is_staff=True)
    about_manager = ComplaintFactory(concerned_staff=manager, subject="عن المدير")
    visible = ComplaintFactory(subject="شكوى عامة")
    client.force_login(manager)
    body = client.get(reverse("admin:complaints_complaint_changelist")).content.decode()
    assert visible.subject in body and about_manager.subject not in body
    client.force_login(admin_user)
    assert client.get(reverse("admin:complaints_complaintcategory_changelist")).status_code == 200
