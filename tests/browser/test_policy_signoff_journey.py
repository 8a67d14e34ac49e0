"""A manager puts a new version of the policy in force with the board's approval; staff are asked to sign it.

In the default Arabic interface: the system administrator writes version 2 in the admin; the
manager reads it on the policy versions page, is told the board's approval is missing, records
the meeting number and date and puts it in force; the reception officer, who had signed version 1,
now sees the banner on every page, reads version 2, ticks the reading confirmation and the
confidentiality pledge, signs, and the banner is gone; the manager's compliance page shows the
signature.
"""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import STAFF_PASSWORD, sign_in


@pytest.fixture
def policy_staff(transactional_db, django_user_model):
    """An admin who writes drafts in the admin, a manager and a reception officer, in role groups
    re-created after a flush."""
    from django.contrib.auth.models import Group, Permission

    admin_group, _created = Group.objects.get_or_create(name="admin")
    admin_group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="policies",
            codename__in=["view_policyversion", "add_policyversion", "change_policyversion", "view_policydocument"],
        )
    )
    users = {}
    for username, group, first, last, is_staff in (
        ("policy_admin", admin_group, "ماجد", "الحربي", True),
        ("policy_manager", Group.objects.get_or_create(name="manager")[0], "عبدالله", "السبيعي", False),
        ("policy_reception", Group.objects.get_or_create(name="reception")[0], "نورة", "القحطاني", False),
    ):
        user = django_user_model.objects.create_user(
            username=username, password=STAFF_PASSWORD, first_name=first, last_name=last, is_staff=is_staff
        )
        user.groups.add(group)
        users[username] = user
    return users["policy_admin"], users["policy_manager"], users["policy_reception"]


@pytest.fixture
def signed_first_version(policy_staff):
    """A version of the relationship policy in force and signed by the reception officer."""
    from policies import default_texts, services
    from policies.models import PolicyDocument

    _admin, manager, reception = policy_staff
    document, _created = PolicyDocument.objects.get_or_create(
        slug=default_texts.RELATIONSHIP_POLICY_SLUG,
        defaults={
            "kind": "relationship_policy",
            "title": default_texts.RELATIONSHIP_POLICY_TITLE,
            "requires_signoff": True,
            "is_public": True,
        },
    )
    version = services.policy_version_create(
        actor=manager,
        document=document,
        data={
            "body": default_texts.RELATIONSHIP_POLICY_BODY,
            "board_meeting_number": "3",
            "board_meeting_date": date(2022, 10, 10),
            "effective_date": date(2022, 10, 10),
        },
    )
    services.policy_version_publish(actor=manager, version=version)
    services.policy_signoff_record(actor=reception, version=version, read_confirmed=True, confidentiality_pledged=True)
    return version


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_a_manager_puts_a_new_version_in_force_and_staff_are_asked_to_sign_it(
    live_server, chromium_browser, policy_staff, signed_first_version, screenshot_dir
):
    from policies.models import PolicySignOff, PolicyVersion, VersionStatus

    admin, manager, reception = policy_staff
    first_version = signed_first_version
    document = first_version.document
    base = live_server.url
    meeting_day = (date.today() - timedelta(days=3)).isoformat()  # noqa: DTZ011 - the live server's today

    def new_page():
        context = chromium_browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="ar-SA", timezone_id="Asia/Riyadh"
        )
        context.set_default_timeout(15_000)
        return context, context.new_page()

    # 1. The system administrator writes version 2 in the admin.
    admin_context, page = new_page()
    sign_in(page, base, admin)
    page.goto(f"{base}/admin/policies/policyversion/add/")
    page.locator("#id_document").select_option(str(document.pk))
    page.locator("#id_body").fill(
        "# تمهيد\n\nالإصدار الثاني من السياسة بعد اعتماد مجلس الإدارة.\n\n- بند جديد عن قنوات التواصل"
    )
    page.locator("#id_change_summary").fill("تحديث قنوات التواصل")
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    admin_context.close()
    draft = PolicyVersion.objects.filter(document=document).order_by("-number").first()
    assert draft.status == VersionStatus.DRAFT

    # 2. The manager finds it among the policy versions, reads it, records the board's approval
    #    (meeting number and date) and puts it in force.
    manager_context, page = new_page()
    sign_in(page, base, manager)
    page.goto(f"{base}/policies/staff/versions/")
    with page.expect_navigation():
        page.locator(f"#policy-drafts a[href$='/versions/{draft.pk}/']").click()
    expect(page.locator("#policy-body")).to_contain_text("الإصدار الثاني من السياسة")
    # Without the board's approval nothing is put in force, and the form says why.
    with page.expect_navigation():
        page.locator("#publish-form button[type=submit]").click()
    expect(page.locator("#publish-form .invalid-feedback").first).to_be_visible()
    form = page.locator("#publish-form")
    form.locator("#id_board_meeting_number").fill("5")
    form.locator("#id_board_meeting_date").fill(meeting_day)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("#publish-form")).to_have_count(0)
    draft.refresh_from_db()
    first_version.refresh_from_db()
    assert (draft.status, first_version.status) == (VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED)
    newest = draft

    # 3. The reception officer, who signed version 1, is asked to sign version 2 on every page.
    reception_context, staff_page = new_page()
    sign_in(staff_page, base, reception)
    banner = staff_page.locator("#policy-signoff-banner")
    expect(banner).to_be_visible()
    expect(staff_page.locator("html")).to_have_attribute("dir", "rtl")
    with staff_page.expect_navigation():
        banner.locator("a").click()
    expect(staff_page.locator("#policy-body")).to_contain_text("الإصدار الثاني من السياسة")
    expect(staff_page.locator("#confidentiality-pledge")).to_contain_text("سرية")
    staff_page.screenshot(path=str(screenshot_dir / "policy-sign-ar.png"), full_page=True)

    # 4. Signing without the pledge is refused, and the ticked box stays ticked.
    form = staff_page.locator("#signoff-form")
    form.locator("#id_read_confirmed").check()
    with staff_page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(staff_page.locator("#signoff-form .invalid-feedback, #signoff-form .is-invalid").first).to_be_visible()
    expect(staff_page.locator("#id_read_confirmed")).to_be_checked()
    assert not PolicySignOff.objects.filter(user=reception, version=newest).exists()

    # 5. With both confirmations the signature is recorded and the banner is gone.
    staff_page.locator("#id_confidentiality_pledged").check()
    with staff_page.expect_navigation():
        staff_page.locator("#signoff-form button[type=submit]").click()
    expect(staff_page.locator("#policy-signoff-banner")).to_have_count(0)
    staff_page.goto(f"{base}/")
    expect(staff_page.locator("#policy-signoff-banner")).to_have_count(0)
    assert PolicySignOff.objects.filter(user=reception, version=newest).exists()

    # 6. The manager's compliance page shows the signature.
    page.goto(f"{base}/policies/staff/compliance/")
    expect(page.locator(".signed-list")).to_contain_text("نورة القحطاني")
    page.screenshot(path=str(screenshot_dir / "policy-compliance-ar.png"), full_page=True)
    reception_context.close()
    manager_context.close()


@pytest.mark.browser
@pytest.mark.filterwarnings("ignore:No directory at:UserWarning")
def test_the_public_policy_page_reads_well_on_a_phone(
    live_server, chromium_browser, signed_first_version, screenshot_dir
):
    context = chromium_browser.new_context(viewport={"width": 390, "height": 844}, locale="ar-SA", is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/policies/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#policies-in-force")).to_contain_text(signed_first_version.document.title)
    expect(page.locator("#beneficiary-rights li").first).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(screenshot_dir / "policy-public-phone-ar.png"), full_page=True)
    with page.expect_navigation():
        page.locator("#policies-in-force a").first.click()
    expect(page.locator("#policy-body h2").first).to_be_visible()
    context.close()
