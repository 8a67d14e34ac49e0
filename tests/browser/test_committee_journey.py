"""The research committee in the admin: the secretary builds the agenda, members vote, the minutes PDF downloads."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from tests.browser.helpers import STAFF_PASSWORD, sign_in

pytestmark = pytest.mark.browser

SEED = importlib.import_module("notifications.migrations.0002_seed_templates_and_roles")
REFERRAL_SEED = importlib.import_module("notifications.migrations.0004_request_referred_event")
PERMISSIONS = (
    importlib.import_module("requests_app.migrations.0002_roles_permissions").grant_permissions,
    importlib.import_module("requests_app.migrations.0003_committee").grant_committee_permissions,
)


class _Editor:
    from django.db import connection


@pytest.fixture
def committee_world(transactional_db, django_user_model, beneficiary_category):
    """Roles and their admin permissions (a flush removed them), a committee and a researched request."""
    from django.contrib.auth.models import Group
    from factories.committee import make_committee, make_meeting, write_research_report
    from factories.registry import BeneficiaryFactory
    from factories.requests import ServiceTypeFactory, Staff, advance_request, make_support_request

    from policies.roles import Role
    from requests_app.models import RequestStatus

    for role in Role.values:
        Group.objects.get_or_create(name=role)
    for grant in PERMISSIONS:
        grant(django_apps, _Editor)
    SEED.seed_templates(django_apps)
    REFERRAL_SEED.forwards(django_apps, None)
    staff = Staff()
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=3, quorum=3)
    for user in (setup.secretary, *setup.voters):
        user.set_password(STAFF_PASSWORD)
        user.save()
    request = make_support_request(
        actor=staff[Role.RECEPTION],
        beneficiary=BeneficiaryFactory(category=beneficiary_category),
        service_type=ServiceTypeFactory(max_amount=Decimal("5000")),
    )
    advance_request(request, RequestStatus.UNDER_RESEARCH, staff=staff)
    write_research_report(request)
    meeting = make_meeting(setup)
    return setup, meeting, request


def sign_in_as(page, base, user):
    """Sign out whoever the browser holds, then sign ``user`` in: the journey passes one browser round."""
    page.context.clear_cookies()
    sign_in(page, base, user)


def run_action(page, action: str) -> None:
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()
    page.wait_for_load_state()


def test_the_secretary_builds_an_agenda_members_vote_and_the_minutes_download(
    live_server, browser_page, committee_world, screenshot_dir
):
    from requests_app.committee_models import MemberVote, Vote
    from requests_app.models import RequestStatus

    setup, meeting, request = committee_world
    page, base = browser_page, live_server.url

    # 1. The secretary puts the referred request on the meeting's agenda from the request list.
    sign_in_as(page, base, setup.secretary)
    page.goto(f"{base}/admin/requests_app/supportrequest/?q={request.reference_number}")
    page.locator(f"input[name=_selected_action][value='{request.pk}']").check()
    page.locator("select[name=meeting]").select_option(str(meeting.pk))
    run_action(page, "add_to_meeting")
    assert meeting.items.filter(request=request).exists()
    item = meeting.items.get()

    # 2. Each attending member casts their own vote.
    for member, vote in zip(setup.voters, (Vote.FOR, Vote.FOR, Vote.AGAINST), strict=True):
        sign_in_as(page, base, member)
        page.goto(f"{base}/admin/requests_app/membervote/add/")
        page.locator("#id_item").select_option(str(item.pk))
        page.locator("#id_vote").select_option(vote)
        if vote == Vote.AGAINST:
            page.fill("#id_dissent_note", "المبلغ أعلى من الحاجة")
        page.locator("input[name=_save]").click()
        page.wait_for_load_state()
    assert MemberVote.objects.filter(item=item).count() == 3

    # 3. The secretary records the decision and closes the meeting.
    sign_in_as(page, base, setup.secretary)
    page.goto(f"{base}/admin/requests_app/agendaitem/{item.pk}/change/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#id_outcome").select_option("approved")
    page.fill("#id_approved_amount", "2500")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED
    page.goto(f"{base}/admin/requests_app/meeting/")
    page.locator(f"input[name=_selected_action][value='{meeting.pk}']").check()
    run_action(page, "close_meetings")
    meeting.refresh_from_db()
    assert not meeting.is_open

    # 4. A member opens the meeting and downloads the minutes.
    sign_in_as(page, base, setup.chair)
    page.goto(f"{base}/admin/requests_app/meeting/{meeting.pk}/change/")
    page.screenshot(path=str(screenshot_dir / "committee-meeting.png"), full_page=True)
    with page.expect_download() as download_info:
        page.locator("a[href$='minutes.pdf']").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
