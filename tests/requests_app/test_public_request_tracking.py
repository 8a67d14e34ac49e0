"""Public tracking (R16): a code and four identity digits show the status, never who the person is."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from factories import make_support_request

from requests_app.models import RequestStatus, SupportRequest

pytestmark = pytest.mark.django_db

TRACK = reverse("public_requests:track")
NO_MATCH = _("No request matches this tracking code and these digits. Check both and try again.")


@pytest.fixture(autouse=True)
def fresh_attempt_counters():
    cache.clear()


@pytest.fixture
def draft(frozen_today, beneficiary):
    return make_support_request(beneficiary=beneficiary)


@pytest.fixture
def completed(draft, reception):
    SupportRequest.objects.filter(pk=draft.pk).update(
        status=RequestStatus.COMPLETE,
        completed_at=timezone.now(),
        due_date=date(2026, 12, 14),
        verified_at=timezone.now(),
        verified_by=reception,
        verified_data_hash="b" * 64,
    )
    draft.refresh_from_db()
    return draft


def track(client, code, digits, **extra):
    return client.post(TRACK, {"tracking_code": code, "id_last_digits": digits}, **extra)


def test_the_right_code_and_digits_show_the_translated_status_and_the_reference(client, draft, page_shows):
    response = track(client, draft.tracking_code, draft.beneficiary.identity_number[-4:])
    assert response.status_code == 200
    assert page_shows(response, RequestStatus.DRAFT.label)
    assert draft.reference_number in response.content.decode()


def test_a_completed_request_shows_its_expected_date_in_gregorian_and_hijri(client, completed):
    page = track(client, completed.tracking_code, completed.beneficiary.identity_number[-4:]).content.decode()
    assert "2026" in page
    assert "رجب 1448" in page


def test_the_code_may_be_typed_in_lower_case_without_the_dash(client, draft):
    typed = draft.tracking_code.replace("-", "").lower()
    response = track(client, typed, draft.beneficiary.identity_number[-4:])
    assert response.context["support_request"] == draft


def test_arabic_digits_are_understood(client, draft):
    digits = draft.beneficiary.identity_number[-4:].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert track(client, draft.tracking_code, digits).context["support_request"] == draft


def test_the_tracking_page_never_shows_personal_data(client, draft):
    draft.amount_requested = 1500
    page = track(client, draft.tracking_code, draft.beneficiary.identity_number[-4:]).content.decode()
    person = draft.beneficiary
    for private in (
        person.first_name,
        person.family_name,
        person.identity_number,
        person.mobile,
        person.mobile_display,
        "1,500",
        "1500",
        draft.need_description,
    ):
        assert private not in page


def test_wrong_digits_and_an_unknown_code_get_the_same_answer(client, draft, page_shows):
    last_four = draft.beneficiary.identity_number[-4:]
    wrong_digits = track(client, draft.tracking_code, "0000" if last_four != "0000" else "1111")
    unknown_code = track(client, "ZZZZZ-ZZZZZ", draft.beneficiary.identity_number[-4:])
    for response in (wrong_digits, unknown_code):
        assert response.status_code == 200
        assert response.context["support_request"] is None
        assert page_shows(response, NO_MATCH)
        assert draft.reference_number not in response.content.decode()
    # Apart from what was typed back into the form (and the CSRF token), the two pages are identical.
    pages = [re.sub(r'value="[^"]*"', 'value=""', r.content.decode()) for r in (wrong_digits, unknown_code)]
    assert pages[0] == pages[1]


def test_fewer_than_four_digits_are_asked_for_again(client, draft, page_shows):
    response = track(client, draft.tracking_code, "12")
    assert page_shows(response, _("Enter exactly four characters: the last four of the identity number."))
    assert response.context["support_request"] is None


def test_the_eleventh_attempt_in_ten_minutes_is_refused(client, draft, page_shows):
    for _attempt in range(10):
        assert track(client, "AAAAA-AAAAA", "1234").status_code == 200
    response = track(client, draft.tracking_code, draft.beneficiary.identity_number[-4:])
    assert response.status_code == 429
    assert page_shows(response, _("Too many attempts"))
    assert draft.reference_number not in response.content.decode()


def test_the_limit_counts_each_address_separately(client, draft):
    for _attempt in range(11):
        track(client, "AAAAA-AAAAA", "1234", REMOTE_ADDR="10.0.0.1")
    response = track(client, draft.tracking_code, draft.beneficiary.identity_number[-4:], REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 200
    assert response.context["support_request"] == draft


def test_attempts_are_allowed_again_after_the_window(client, draft, settings):
    import time_machine

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _attempt in range(11):
            track(client, "AAAAA-AAAAA", "1234")
        assert track(client, "AAAAA-AAAAA", "1234").status_code == 429
        traveller.shift(settings.PUBLIC_TRACKING_WINDOW_SECONDS + 1)
        response = track(client, draft.tracking_code, draft.beneficiary.identity_number[-4:])
    assert response.status_code == 200


def test_the_limit_page_is_translated_to_english(client, draft, settings, page_shows):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.PUBLIC_TRACKING_ATTEMPTS = 0
    response = track(client, draft.tracking_code, "1234")
    assert response.status_code == 429
    assert response.headers["Content-Language"] == "en"
    assert page_shows(response, _("Too many attempts"))


def test_behind_the_proxy_each_visitor_is_counted_by_the_forwarded_address(client, draft, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for _attempt in range(11):
        track(client, "AAAAA-AAAAA", "1234", HTTP_X_FORWARDED_FOR="198.51.100.7", REMOTE_ADDR="127.0.0.1")
    # A second visitor through the same proxy, who also wrote a made-up address first.
    response = track(
        client,
        draft.tracking_code,
        draft.beneficiary.identity_number[-4:],
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.20",
        REMOTE_ADDR="127.0.0.1",
    )
    assert response.status_code == 200
    assert response.context["support_request"] == draft
