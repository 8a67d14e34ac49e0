"""Arabic first, right to left; English only when the person chooses it (R34)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("login")


def test_the_login_page_is_arabic_and_right_to_left_by_default(client):
    html = client.get(LOGIN_URL).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_a_browser_asking_for_english_still_gets_arabic(client):
    html = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_the_response_declares_its_language_as_arabic(client):
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "ar"


def test_choosing_english_gives_an_english_left_to_right_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": LOGIN_URL})
    assert response.status_code == 302
    html = client.get(LOGIN_URL).content.decode()
    assert '<html lang="en" dir="ltr"' in html


def test_choosing_english_is_remembered_for_a_signed_in_staff_member(client, reception):
    client.post(reverse("set_language"), {"language": "en"})
    client.force_login(reception)
    html = client.get(reverse("beneficiaries:list")).content.decode()
    assert '<html lang="en" dir="ltr"' in html


def test_choosing_arabic_again_returns_to_right_to_left(client):
    client.post(reverse("set_language"), {"language": "en"})
    client.post(reverse("set_language"), {"language": "ar"})
    html = client.get(LOGIN_URL).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_an_unsupported_language_cookie_falls_back_to_arabic(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = client.get(LOGIN_URL).content.decode()
    assert '<html lang="ar" dir="rtl"' in html


def test_the_arabic_page_uses_the_right_to_left_stylesheet(client):
    html = client.get(LOGIN_URL).content.decode()
    assert "bootstrap.rtl.min.css" in html


def test_the_english_page_uses_the_left_to_right_stylesheet(client):
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(LOGIN_URL).content.decode()
    assert "bootstrap.rtl.min.css" not in html
    assert "bootstrap.min.css" in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_language_switch_offers_the_other_language(client, language):
    client.post(reverse("set_language"), {"language": language})
    html = client.get(LOGIN_URL).content.decode()
    other = "en" if language == "ar" else "ar"
    assert f'name="language" value="{other}"' in html
