"""What several browser tests do the same way: the staff password their fixtures set, and signing in."""

STAFF_PASSWORD = "Silah-browser-pass-2024"


def sign_in(page, base: str, user, password: str = STAFF_PASSWORD) -> None:
    """Sign ``user`` in through the login form of the live server at ``base``."""
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
