"""The public policy pages (R28–R31): only what is published, for everyone, dated."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from factories import HTML, PDF, PNG
from factories.policies import PolicyDocumentFactory, PolicyVersionFactory, version_in_force

from policies import services
from policies.choices import Channel
from policies.errors import DomainError
from policies.models import PolicyAttachment


def attach(version, actor, *, content=PDF, name="form.pdf", is_public=True, title="نموذج طلب خدمة"):
    return services.policy_attachment_add(
        actor=actor,
        version=version,
        title=title,
        file=SimpleUploadedFile(name, content, content_type="application/pdf"),
        is_public=is_public,
    )


@pytest.fixture
def tool_in_force(policy_admin, frozen_today):
    return version_in_force(
        actor=policy_admin,
        kind="form",
        title="نموذج طلب خدمة",
        slug="service-form",
        in_tools_library=True,
        requires_signoff=False,
    )


# --- The index: rights, duties, channels, contact officers, data protection --------------------------


def test_anyone_can_read_the_policy_pages_without_signing_in(client, db):
    assert client.get(reverse("policies:public_index")).status_code == 200


def test_the_beneficiarys_rights_are_shown_before_applying(client, db):
    response = client.get(reverse("policies:public_index"))

    assert "المحافظة على خصوصيته وسرية بياناته ومستنداته وحفظ كرامته." in response.content.decode()


def test_the_beneficiarys_duties_are_shown_before_applying(client, db):
    response = client.get(reverse("policies:public_index"))

    assert "الموافقة على الشروط والتعهد بصحة البيانات والإقرار بتحمل المسؤولية." in response.content.decode()


def test_the_page_says_how_data_is_protected(client, db):
    response = client.get(reverse("policies:public_index"))

    assert "يُسجَّل كل تعديل على بيانات المستفيد مع اسم من أجراه ووقته." in response.content.decode()


def test_the_enabled_channels_are_listed(client, db, page_shows):
    response = client.get(reverse("policies:public_index"))

    assert page_shows(response, Channel.BRANCH_REPRESENTATIVE.label)


def test_a_channel_the_association_does_not_use_is_not_listed(client, db):
    html = client.get(reverse("policies:public_index")).content.decode()

    channels = html.split('id="channels"')[1].split("</ul>")[0]
    assert f"<li>{Channel.FAX.label}</li>" not in channels and f"<li>{Channel.PHONE.label}</li>" in channels


def test_each_categorys_contact_officer_is_named(client, contact_officer, category):
    response = client.get(reverse("policies:public_index"))

    assert f"<td>{category.name}</td>" in response.content.decode() and "ريم المطيري" in response.content.decode()


def test_the_information_shows_when_it_was_last_updated_in_both_calendars(client, policy_in_force):
    response = client.get(reverse("policies:public_index"))

    assert "1448" in response.content.decode().split('id="information-updated"')[1][:400]


def test_the_policies_in_force_show_their_board_approval(client, policy_in_force):
    html = client.get(reverse("policies:public_index")).content.decode()

    assert policy_in_force.document.title in html and "1447" in html


# --- Only published content --------------------------------------------------------------------------


def test_a_draft_is_never_shown_to_the_public(client, policy_document):
    PolicyVersionFactory(document=policy_document, body="# مسودة سرية")

    assert client.get(reverse("policies:public_document", args=[policy_document.slug])).status_code == 404


def test_the_default_draft_is_not_public_until_it_is_put_in_force(client, db):
    html = client.get(reverse("policies:public_index")).content.decode()

    assert "beneficiary-relationship-policy" not in html


def test_a_document_not_marked_public_is_not_listed(client, policy_admin, frozen_today):
    version_in_force(actor=policy_admin, title="سياسة داخلية", slug="internal", is_public=False)

    assert "سياسة داخلية" not in client.get(reverse("policies:public_index")).content.decode()


def test_a_document_not_marked_public_cannot_be_opened(client, policy_admin, frozen_today):
    version_in_force(actor=policy_admin, slug="internal", is_public=False)

    assert client.get(reverse("policies:public_document", args=["internal"])).status_code == 404


def test_the_public_sees_the_version_in_force_not_a_newer_draft(client, policy_in_force):
    PolicyVersionFactory(document=policy_in_force.document, body="# نص المسودة الجديدة")

    html = client.get(reverse("policies:public_document", args=[policy_in_force.document.slug])).content.decode()
    assert "نص المسودة الجديدة" not in html and "<h2>تمهيد</h2>" in html


def test_a_draft_number_cannot_be_opened_as_an_older_version(client, policy_in_force):
    PolicyVersionFactory(document=policy_in_force.document)

    url = reverse("policies:public_version", args=[policy_in_force.document.slug, 2])
    assert client.get(url).status_code == 404


def test_an_older_version_stays_readable_and_says_it_is_no_longer_in_force(client, policy_in_force, policy_admin):
    second = PolicyVersionFactory(document=policy_in_force.document, approved=True, body="# الإصدار الثاني")
    services.policy_version_publish(actor=policy_admin, version=second)

    response = client.get(reverse("policies:public_version", args=[policy_in_force.document.slug, 1]))
    assert (
        "<h2>تمهيد</h2>" in response.content.decode() and 'class="alert alert-secondary"' in response.content.decode()
    )


def test_a_script_in_a_policy_body_does_not_run_on_the_public_page(client, policy_document, policy_admin, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True, body="<script>alert('x')</script>")
    services.policy_version_publish(actor=policy_admin, version=draft)

    html = client.get(reverse("policies:public_document", args=[policy_document.slug])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html


# --- Tools library and files (R28) -------------------------------------------------------------------


def test_the_tools_library_offers_the_form_to_download(client, tool_in_force, policy_admin):
    attachment = attach(tool_in_force, policy_admin)

    html = client.get(reverse("policies:public_tools")).content.decode()
    assert reverse("policies:public_attachment", args=[attachment.pk]) in html


def test_anyone_can_download_a_public_form(client, tool_in_force, policy_admin):
    attachment = attach(tool_in_force, policy_admin)

    response = client.get(reverse("policies:public_attachment", args=[attachment.pk]))
    assert (response.status_code, b"".join(response.streaming_content)[:5]) == (200, b"%PDF-")


def test_a_file_not_marked_public_cannot_be_downloaded_by_the_public(client, tool_in_force, policy_admin):
    attachment = attach(tool_in_force, policy_admin, is_public=False)

    assert client.get(reverse("policies:public_attachment", args=[attachment.pk])).status_code == 404


def test_a_file_of_a_draft_cannot_be_downloaded_by_the_public(client, policy_document, policy_admin):
    attachment = attach(PolicyVersionFactory(document=policy_document), policy_admin)

    assert client.get(reverse("policies:public_attachment", args=[attachment.pk])).status_code == 404


def test_reception_cannot_download_a_file_of_a_draft(client, reception, policy_document, policy_admin):
    attachment = attach(PolicyVersionFactory(document=policy_document), policy_admin)
    client.force_login(reception)

    assert client.get(reverse("policies:staff_attachment", args=[attachment.pk])).status_code == 404


def test_a_manager_can_download_a_file_of_a_draft(client, manager, policy_document, policy_admin):
    attachment = attach(PolicyVersionFactory(document=policy_document), policy_admin)
    client.force_login(manager)

    assert client.get(reverse("policies:staff_attachment", args=[attachment.pk])).status_code == 200


def test_an_attachment_must_be_a_pdf_office_or_image_file(policy_document, policy_admin):
    with pytest.raises(ValidationError) as error:
        attach(PolicyVersionFactory(document=policy_document), policy_admin, content=HTML, name="form.pdf")
    assert "file" in error.value.error_dict


def test_an_image_is_stored_with_the_extension_of_what_it_really_is(policy_document, policy_admin):
    attachment = attach(PolicyVersionFactory(document=policy_document), policy_admin, content=PNG, name="scan.pdf")

    assert (attachment.content_type, attachment.file.name.endswith(".png")) == ("image/png", True)


def test_an_attachment_larger_than_the_limit_is_refused(policy_document, policy_admin, settings):
    settings.MAX_DOCUMENT_SIZE = 100

    with pytest.raises(ValidationError):
        attach(PolicyVersionFactory(document=policy_document), policy_admin)


def test_a_superseded_version_takes_no_new_file(policy_in_force, policy_admin):
    services.policy_version_publish(
        actor=policy_admin, version=PolicyVersionFactory(document=policy_in_force.document, approved=True)
    )

    with pytest.raises(DomainError):
        attach(policy_in_force, policy_admin)
    assert not PolicyAttachment.objects.exists()


def test_the_list_of_policies_takes_the_same_queries_for_few_or_many_documents(
    client, policy_admin, frozen_today, django_assert_num_queries
):
    def count_for(documents: int) -> int:
        for index in range(documents):
            version = version_in_force(actor=policy_admin, slug=f"doc-{documents}-{index}", in_tools_library=True)
            attach(version, policy_admin)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("policies:public_tools"))
        return len(queries)

    assert count_for(3) == count_for(12)


def test_the_effective_date_of_a_tool_is_shown(client, tool_in_force):
    html = client.get(reverse("policies:public_tools")).content.decode()

    assert date(2026, 1, 1).strftime("%Y") in html and "1447" in html


def test_a_document_with_no_version_in_force_is_not_in_the_library(client, db):
    PolicyDocumentFactory(slug="empty-tool", title="أداة فارغة", in_tools_library=True)

    assert "أداة فارغة" not in client.get(reverse("policies:public_tools")).content.decode()
