"""Every public page counts posts per address with one mechanism and answers 429 with a clear page."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories.surveys import InvitationFactory, survey_with_questions

pytestmark = pytest.mark.django_db

TOO_MANY = _("Too many attempts")


@pytest.fixture
def invitation(db):
    return InvitationFactory(survey=survey_with_questions())


def public_posts(invitation):
    return {
        "apply": (reverse("public_requests:apply"), "PUBLIC_APPLY_ATTEMPTS"),
        "track": (reverse("public_requests:track"), "PUBLIC_TRACKING_ATTEMPTS"),
        "complaint": (reverse("public_complaints:new"), "PUBLIC_COMPLAINT_ATTEMPTS"),
        "complaint_track": (reverse("public_complaints:track"), "PUBLIC_COMPLAINT_TRACKING_ATTEMPTS"),
        "survey": (reverse("public_surveys:answer", args=[invitation.token]), "PUBLIC_SURVEY_ATTEMPTS"),
    }


@pytest.mark.parametrize("page", ["apply", "track", "complaint", "complaint_track", "survey"])
def test_a_public_page_answers_429_once_an_address_spends_its_budget(client, settings, invitation, page):
    url, setting = public_posts(invitation)[page]
    setattr(settings, setting, 2)
    answers = [client.post(url, {"action": "next"}).status_code for _ in range(3)]
    assert 429 not in answers[:2]
    assert answers[2] == 429


@pytest.mark.parametrize("page", ["apply", "track", "survey"])
def test_the_limit_page_says_what_happened_in_the_visitors_language(client, settings, invitation, page, page_shows):
    url, setting = public_posts(invitation)[page]
    setattr(settings, setting, 0)
    response = client.post(url, {})
    assert response.status_code == 429
    assert page_shows(response, TOO_MANY)


def test_another_address_keeps_its_own_budget(client, settings, invitation):
    url, setting = public_posts(invitation)["complaint_track"]
    setattr(settings, setting, 1)
    client.post(url, {"code": "AAAA"}, REMOTE_ADDR="10.0.0.1")
    assert client.post(url, {"code": "AAAA"}, REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(url, {"code": "AAAA"}, REMOTE_ADDR="10.0.0.2").status_code != 429


def test_the_limits_can_be_switched_off_by_settings(client, settings, invitation):
    settings.PUBLIC_RATE_LIMITS_ENABLED = False
    url, setting = public_posts(invitation)["track"]
    setattr(settings, setting, 0)
    assert client.post(url, {}).status_code != 429
