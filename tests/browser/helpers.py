"""What several browser tests do the same way: the staff password their fixtures set, and signing in."""

import re

from playwright.sync_api import expect

STAFF_PASSWORD = "Silah-browser-pass-2024"


def sign_in(page, base: str, user, password: str = STAFF_PASSWORD) -> None:
    """Sign ``user`` in through the login form of the live server at ``base``.

    Waits until the portal has left the login page, so the next step never races the redirect
    and a wrong password fails here instead of on a later page.
    """
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
