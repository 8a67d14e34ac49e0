"""The staff header on a laptop: a manager's menu (the longest one) keeps each label on one line,
and the account menu stays beside the notices and the language switch.
"""

import pytest

from policies.roles import Role
from tests.browser.helpers import STAFF_PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def manager(transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="header_manager", password=STAFF_PASSWORD, first_name="عبدالله", last_name="السبيعي", is_staff=True
    )
    user.groups.add(Group.objects.get_or_create(name=Role.MANAGER)[0])
    return user


@pytest.mark.parametrize("width", [1024, 1280, 1366])
def test_a_managers_menu_labels_each_stay_on_one_line(live_server, browser_page, manager, width, screenshot_dir):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 700})
    sign_in(page, live_server.url, manager)

    heights = page.locator("#mainNav .nav-link").evaluate_all(
        "links => links.map(link => [link.textContent.trim(), link.getBoundingClientRect().height])"
    )
    page.screenshot(path=str(screenshot_dir / f"staff-header-manager-{width}.png"))
    assert len(heights) >= 10  # the manager's whole menu, Administration included
    one_line = min(height for _label, height in heights)
    assert [label for label, height in heights if height > one_line * 1.2] == []


@pytest.mark.parametrize("width", [1024, 1280])
def test_the_account_menu_stays_on_the_row_of_the_notices(live_server, browser_page, manager, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 700})
    sign_in(page, live_server.url, manager)

    account = page.locator("#mainNav .dropdown > button").bounding_box()
    language = page.locator("#mainNav form button[name=language]").bounding_box()
    assert abs((account["y"] + account["height"] / 2) - (language["y"] + language["height"] / 2)) < 4
    assert page.evaluate("document.documentElement.scrollWidth") <= width
