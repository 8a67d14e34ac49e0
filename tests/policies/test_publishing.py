"""Senior management puts board-approved drafts in force from its own pages (R26)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy
from factories.policies import PolicyVersionFactory

from policies.models import VersionStatus
from policies.roles import Role

APPROVAL = {"board_meeting_number": "4", "board_meeting_date": "2025-12-23", "effective_date": ""}


def review_url(version) -> str:
    return reverse("policies:version_review", args=[version.pk])


def test_a_manager_puts_an_approved_draft_in_force(client, manager, policy_document, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True)
    client.force_login(manager)

    client.post(review_url(draft), APPROVAL)

    draft.refresh_from_db()
    assert (draft.status, draft.published_by) == (VersionStatus.IN_FORCE, manager)


def test_a_manager_records_the_boards_approval_while_putting_a_draft_in_force(
    client, manager, policy_document, frozen_today
):
    draft = PolicyVersionFactory(document=policy_document)
    client.force_login(manager)

    client.post(review_url(draft), {**APPROVAL, "board_meeting_number": "7", "effective_date": "2026-01-05"})

    draft.refresh_from_db()
    assert (draft.status, draft.board_meeting_number, str(draft.effective_date)) == (
        VersionStatus.IN_FORCE,
        "7",
        "2026-01-05",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [("board_meeting_number", ""), ("board_meeting_date", ""), ("board_meeting_date", "2025-02-30")],
)
def test_a_missing_or_wrong_approval_is_shown_on_the_form_and_nothing_changes(
    client, manager, policy_document, frozen_today, field, value
):
    draft = PolicyVersionFactory(document=policy_document)
    client.force_login(manager)

    response = client.post(review_url(draft), {**APPROVAL, field: value})

    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT and field in response.context["form"].errors


def test_an_effective_date_before_the_meeting_is_refused_and_what_was_typed_stays(
    client, manager, policy_document, frozen_today, page_shows
):
    draft = PolicyVersionFactory(document=policy_document)
    client.force_login(manager)

    response = client.post(review_url(draft), {**APPROVAL, "effective_date": "2025-01-01"})

    draft.refresh_from_db()
    assert (draft.status, draft.board_meeting_number) == (VersionStatus.DRAFT, "")
    assert page_shows(response, gettext_lazy("A version cannot take effect before the board approved it."))
    assert 'value="2025-01-01"' in response.content.decode()


def test_a_future_effective_date_is_refused_on_the_form(client, manager, policy_document, frozen_today, page_shows):
    draft = PolicyVersionFactory(document=policy_document)
    client.force_login(manager)

    response = client.post(review_url(draft), {**APPROVAL, "effective_date": "2027-01-01"})

    assert page_shows(
        response,
        gettext_lazy("The effective date cannot be in the future: put the version in force on that day."),
    )


def test_putting_a_version_in_force_twice_is_refused_with_a_message(client, manager, policy_in_force):
    client.force_login(manager)

    response = client.post(review_url(policy_in_force), APPROVAL)

    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_the_manager_reads_the_draft_before_putting_it_in_force(client, manager, policy_document):
    draft = PolicyVersionFactory(document=policy_document, body="# نص المسودة للمراجعة")
    client.force_login(manager)

    html = client.get(review_url(draft)).content.decode()

    assert "<h2>نص المسودة للمراجعة</h2>" in html and 'id="publish-form"' in html


def test_the_list_shows_the_drafts_waiting(client, manager, policy_document):
    draft = PolicyVersionFactory(document=policy_document)
    client.force_login(manager)

    html = client.get(reverse("policies:publishing")).content.decode()

    assert review_url(draft) in html


@pytest.mark.parametrize(
    "role", [Role.RECEPTION, Role.SOCIAL_RESEARCHER, Role.COMPLAINTS_OFFICER, Role.COMMITTEE_SECRETARY]
)
def test_other_staff_cannot_put_a_version_in_force(client, make_user, role, policy_document):
    draft = PolicyVersionFactory(document=policy_document, approved=True)
    client.force_login(make_user(role))

    response = client.post(review_url(draft), APPROVAL)

    draft.refresh_from_db()
    assert response.status_code == 403 and draft.status == VersionStatus.DRAFT


@pytest.mark.parametrize("name", ["policies:publishing"])
def test_other_staff_cannot_see_the_drafts(client, reception, name):
    client.force_login(reception)

    assert client.get(reverse(name)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in_before_reading_a_draft(client, policy_document):
    draft = PolicyVersionFactory(document=policy_document)

    assert reverse("login") in client.get(review_url(draft)).url


def test_an_unknown_version_answers_not_found(client, manager, db):
    client.force_login(manager)

    assert client.get(reverse("policies:version_review", args=[999999])).status_code == 404
