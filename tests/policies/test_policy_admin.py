"""The admin screens for policy documents and versions: every write through the services, with history."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext_lazy
from factories import EXE, PDF
from factories.policies import PolicyVersionFactory

from policies.models import PolicyAttachment, PolicyDocument, PolicyVersion, VersionStatus
from policies.roles import Role


@pytest.fixture
def admin_client(client, policy_admin):
    client.force_login(policy_admin)
    return client


@pytest.fixture
def manager_client(client, staff_manager):
    client.force_login(staff_manager)
    return client


def version_form(document, **overrides) -> dict:
    return {
        "document": document.pk,
        "body": "# تمهيد\n\nنص الإصدار.",
        "body_en": "",
        "change_summary": "",
        "board_meeting_number": "",
        "board_meeting_date": "",
        "effective_date": "",
        **overrides,
    }


def test_an_admin_writes_a_new_draft_in_the_admin(admin_client, policy_document):
    admin_client.post(reverse("admin:policies_policyversion_add"), version_form(policy_document))

    assert PolicyVersion.objects.get(document=policy_document).status == VersionStatus.DRAFT


def test_a_draft_written_in_the_admin_has_a_history_row_with_who(admin_client, policy_document, policy_admin):
    admin_client.post(reverse("admin:policies_policyversion_add"), version_form(policy_document))

    assert PolicyVersion.objects.get(document=policy_document).history.get().history_user == policy_admin


def test_a_meeting_date_without_its_number_is_shown_as_an_error_in_the_admin(admin_client, policy_document):
    response = admin_client.post(
        reverse("admin:policies_policyversion_add"), version_form(policy_document, board_meeting_date="2025-12-23")
    )

    assert response.status_code == 200 and "board_meeting_number" in response.context["adminform"].form.errors


def test_an_invalid_meeting_date_is_shown_as_an_error_not_a_crash(admin_client, policy_document):
    response = admin_client.post(
        reverse("admin:policies_policyversion_add"),
        version_form(policy_document, board_meeting_number="4", board_meeting_date="2025-13-45"),
    )

    assert response.status_code == 200 and not PolicyVersion.objects.filter(document=policy_document).exists()


def test_an_admin_puts_an_approved_version_in_force_from_the_list(admin_client, policy_document, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    admin_client.post(
        reverse("admin:policies_policyversion_changelist"),
        {"action": "put_in_force", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_FORCE


def test_putting_an_unapproved_draft_in_force_explains_why_it_cannot(admin_client, policy_document, page_shows):
    draft = PolicyVersionFactory(document=policy_document)

    response = admin_client.post(reverse("admin:policies_policyversion_publish", args=[draft.pk]), follow=True)

    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert page_shows(
        response,
        gettext_lazy("Record the board's approval (meeting number and date) before putting this version in force."),
    )


def test_the_put_in_force_button_publishes_the_draft(admin_client, policy_document, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    admin_client.post(reverse("admin:policies_policyversion_publish", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_FORCE


def test_the_draft_page_offers_the_put_in_force_button(admin_client, policy_document):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    html = admin_client.get(reverse("admin:policies_policyversion_change", args=[draft.pk])).content.decode()

    assert 'id="publish-version-form"' in html


def test_a_manager_reading_a_draft_in_the_admin_is_sent_to_the_review_page(manager_client, policy_document):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    html = manager_client.get(reverse("admin:policies_policyversion_change", args=[draft.pk])).content.decode()

    assert reverse("policies:version_review", args=[draft.pk]) in html


def test_a_manager_cannot_write_versions_in_the_admin(manager_client, policy_document):
    response = manager_client.post(reverse("admin:policies_policyversion_add"), version_form(policy_document))

    assert response.status_code == 403 and not PolicyVersion.objects.filter(document=policy_document).exists()


def test_a_committee_secretary_cannot_put_a_version_in_force(client, make_user, policy_document):
    client.force_login(make_user(Role.COMMITTEE_SECRETARY, is_staff=True))
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    response = client.post(reverse("admin:policies_policyversion_publish", args=[draft.pk]))

    draft.refresh_from_db()
    assert response.status_code == 403 and draft.status == VersionStatus.DRAFT


def test_a_version_in_force_shows_read_only_in_the_admin(manager_client, policy_in_force):
    html = manager_client.get(
        reverse("admin:policies_policyversion_change", args=[policy_in_force.pk])
    ).content.decode()

    assert 'name="body"' not in html


def test_a_manager_cannot_edit_the_document_settings(manager_client, policy_document):
    response = manager_client.post(
        reverse("admin:policies_policydocument_change", args=[policy_document.pk]),
        {"kind": "other", "title": "x", "slug": "x", "sort_order": 0},
    )

    policy_document.refresh_from_db()
    assert response.status_code == 403 and policy_document.slug != "x"


def test_an_admin_chooses_the_roles_a_document_applies_to(admin_client, policy_document):
    admin_client.post(
        reverse("admin:policies_policydocument_change", args=[policy_document.pk]),
        {
            "kind": policy_document.kind,
            "title": policy_document.title,
            "title_en": policy_document.title_en,
            "slug": policy_document.slug,
            "summary": "",
            "summary_en": "",
            "sort_order": 1,
            "is_public": "on",
            "requires_signoff": "on",
            "applies_to_roles": [Role.RECEPTION, Role.CONTACT_OFFICER],
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )

    policy_document.refresh_from_db()
    assert policy_document.applies_to_roles == [Role.RECEPTION, Role.CONTACT_OFFICER]


def test_an_admin_attaches_a_form_to_a_version(admin_client, policy_in_force):
    admin_client.post(
        reverse("admin:policies_policyattachment_add"),
        {
            "version": policy_in_force.pk,
            "title": "نموذج طلب خدمة",
            "title_en": "",
            "is_public": "on",
            "file": SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert PolicyAttachment.objects.get().content_type == "application/pdf"


def test_a_program_uploaded_as_a_form_is_refused(admin_client, policy_in_force):
    admin_client.post(
        reverse("admin:policies_policyattachment_add"),
        {
            "version": policy_in_force.pk,
            "title": "نموذج",
            "is_public": "on",
            "file": SimpleUploadedFile("form.pdf", EXE, content_type="application/pdf"),
        },
    )

    assert not PolicyAttachment.objects.exists()


def test_reception_cannot_open_the_policy_admin(client, reception, db):
    reception.is_staff = True
    reception.save()
    client.force_login(reception)

    assert client.get(reverse("admin:policies_policyversion_changelist")).status_code == 403


def test_the_admin_lists_the_documents_with_their_version_in_force(admin_client, policy_in_force):
    html = admin_client.get(reverse("admin:policies_policydocument_changelist")).content.decode()

    assert policy_in_force.document.title in html


def test_the_admin_edits_the_rights_shown_to_beneficiaries(admin_client):
    from tests.policies.test_calendar_admin import parameters_form, parameters_url

    admin_client.post(parameters_url(), parameters_form(beneficiary_rights="حق الاطلاع على المعايير"))

    from policies.selectors import policy_parameters

    assert policy_parameters().rights == ["حق الاطلاع على المعايير"]


def test_empty_rights_are_refused(admin_client):
    from tests.policies.test_calendar_admin import parameters_form, parameters_url

    response = admin_client.post(parameters_url(), parameters_form(beneficiary_rights=""))

    assert "beneficiary_rights" in response.context["adminform"].form.errors


def test_documents_come_from_the_migration_with_a_history_row(db):
    document = PolicyDocument.objects.get(slug="beneficiary-relationship-policy")

    assert document.history.count() == 1
