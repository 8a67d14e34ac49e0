"""Security headers on every answer, cookies, staff session expiry, CSRF, and templates without inline code."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["public_requests:apply", "public_complaints:new", "public_requests:track", "policies:public_index"]


def csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split(maxsplit=1)[1] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_a_public_page_forbids_inline_scripts_and_styles(client, page):
    policy = csp(client.get(reverse(page)))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in " ".join(policy.values())


def test_a_staff_page_carries_the_same_policy(client, reception):
    client.force_login(reception)
    policy = csp(client.get(reverse("beneficiaries:list")))
    assert policy["script-src"] == "'self'"


def test_pages_cannot_be_framed_and_send_a_strict_referrer(client):
    response = client.get(reverse("public_requests:apply"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_over_https_the_browser_is_told_to_stay_on_https(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_SSL_REDIRECT = False
    response = Client().get(reverse("public_requests:apply"), secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def production_settings(*names: str, **environment: str) -> list[str]:
    """The values production gets for ``names``: the settings loaded by a process that is not a test run."""
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DATABASE_URL")}
    env.update({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "silah.example.org", **environment})
    code = "from django.conf import settings; print(" + ", ".join(f"settings.{name}" for name in names) + ")"
    result = subprocess.run(  # noqa: S603 - our own settings, fixed arguments
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=django_settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def test_production_cookies_are_secure_and_hidden_from_scripts():
    values = production_settings(
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY"
    )

    assert values == ["True", "True", "True", "True"]


def test_only_an_explicit_setting_sends_cookies_over_plain_http_as_the_bench_does():
    values = production_settings(
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0"
    )

    assert values == ["False", "False"]


def test_a_staff_session_ends_with_the_working_day_and_the_browser(client, reception):
    assert django_settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert django_settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client.force_login(reception)
    client.get(reverse("home"))
    assert client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_the_session_cookie_is_not_kept_after_the_browser_closes(reception):
    client = Client()
    response = client.post(reverse("login"), {"username": reception.username, "password": "wrong"})
    assert response.status_code == 200
    cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    assert cookie is None or not cookie["expires"]


@pytest.mark.parametrize(
    "page",
    ["public_requests:apply", "public_complaints:new", "public_requests:track", "public_complaints:track", "login"],
)
def test_a_public_form_posted_without_its_csrf_token_is_refused(page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse(page), {})
    assert response.status_code == 403


def test_no_template_carries_inline_script_style_or_event_handler():
    roots = [Path(django_settings.BASE_DIR) / "templates", *Path(django_settings.BASE_DIR).glob("*/templates")]
    offending = []
    for root in roots:
        for template in root.rglob("*.html"):
            # PDFs are drawn by WeasyPrint on the server: no browser applies the policy to them.
            if template.name.startswith("pdf_") or "/reports/" in str(template):
                continue
            text = template.read_text(encoding="utf-8")
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"<style\b", text):
                offending.append(f"{template}: inline <script> or <style>")
            if re.search(r"\sstyle=\"", text) or re.search(r"\son[a-z]+=\"", text):
                offending.append(f"{template}: style= or on…= attribute")
    assert offending == []


def test_check_deploy_settings_are_in_place_for_production():
    assert django_settings.X_FRAME_OPTIONS == "DENY"
    assert django_settings.SECURE_CONTENT_TYPE_NOSNIFF
    assert "csp.middleware.CSPMiddleware" in django_settings.MIDDLEWARE
    assert "django.middleware.csrf.CsrfViewMiddleware" in django_settings.MIDDLEWARE
