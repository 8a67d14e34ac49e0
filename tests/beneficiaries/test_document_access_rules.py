"""Beneficiary documents are private: a view checks the role and the record on every download (R2, R30)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from factories import PDF, DocumentFactory, ReferredInquiryFactory

from policies.roles import Role


@pytest.fixture
def document(beneficiary):
    return DocumentFactory(beneficiary=beneficiary)


def download(client, user, document):
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("beneficiaries:document_download", args=[document.pk]))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    response.close()
    return response, body


def test_reception_receives_the_file(client, reception, document):
    response, body = download(client, reception, document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body == PDF


def test_a_manager_receives_the_file(client, manager, document):
    response, body = download(client, manager, document)
    assert response.status_code == 200
    assert body == PDF


def test_the_contact_officer_of_the_category_receives_the_file(client, contact_officer, document):
    response, body = download(client, contact_officer, document)
    assert response.status_code == 200
    assert body == PDF


def test_a_contact_officer_of_another_category_gets_not_found(client, other_contact_officer, document):
    response, _body = download(client, other_contact_officer, document)
    assert response.status_code == 404


def test_a_social_researcher_with_an_inquiry_of_this_beneficiary_receives_the_file(
    client, researcher, beneficiary, document
):
    ReferredInquiryFactory(beneficiary=beneficiary, referred_to=researcher)
    response, body = download(client, researcher, document)
    assert response.status_code == 200
    assert body == PDF


def test_a_social_researcher_with_nothing_referred_about_this_beneficiary_gets_not_found(client, researcher, document):
    response, _body = download(client, researcher, document)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "role",
    [Role.COMMITTEE_MEMBER, Role.COMMITTEE_SECRETARY, Role.COMPLAINTS_OFFICER, Role.ADMIN, None],
    ids=["committee_member", "committee_secretary", "complaints_officer", "admin", "no_role"],
)
def test_a_role_without_access_to_documents_is_refused(client, make_user, document, role):
    response, body = download(client, make_user(role), document)
    assert response.status_code == 403
    assert body == b""


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, document):
    response, _body = download(client, None, document)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_the_file_is_not_cached_by_browsers_or_proxies(client, reception, document):
    response, _body = download(client, reception, document)
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_download_name_does_not_reveal_the_stored_path(client, reception, document):
    response, _body = download(client, reception, document)
    assert f"document-{document.pk}.pdf" in response["Content-Disposition"]
    assert Path(document.file.name).name not in response["Content-Disposition"]


def test_a_document_whose_file_is_missing_gives_not_found_rather_than_an_error(client, reception, document):
    Path(document.file.path).unlink()
    response, _body = download(client, reception, document)
    assert response.status_code == 404


def test_the_stored_file_lies_outside_every_static_folder(document, private_media):
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(private_media.resolve())
    static_roots = [Path(settings.STATIC_ROOT)] + [
        Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]
    for root in static_roots:
        assert not stored.is_relative_to(root.resolve())


def test_the_configured_private_root_is_outside_the_static_root():
    # Read from the settings module itself: the autouse fixture moves it for the tests.
    from config import settings as configured

    private = Path(configured.PRIVATE_MEDIA_ROOT).resolve()
    assert not private.is_relative_to(Path(configured.STATIC_ROOT).resolve())
    assert not private.is_relative_to((Path(configured.BASE_DIR) / "static").resolve())


def test_the_stored_name_is_not_a_static_url(document):
    assert not document.file.name.startswith(settings.STATIC_URL.lstrip("/"))


@pytest.mark.parametrize("prefix", ["/media/", "/", "/static/", "/private-media/"])
def test_the_storage_name_cannot_be_fetched_by_url_even_when_signed_in(client, reception, document, prefix):
    client.force_login(reception)
    response = client.get(prefix + document.file.name)
    assert response.status_code == 404


def test_no_url_pattern_serves_files_from_disk():
    from django.urls import URLResolver, get_resolver
    from django.views.static import serve

    def callbacks(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from callbacks(pattern.url_patterns)
            else:
                yield pattern.callback

    assert serve not in set(callbacks(get_resolver().url_patterns))
