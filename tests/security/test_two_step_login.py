"""Optional two-step login for staff: a code from an authenticator app once a device is confirmed."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from factories import UserFactory

from policies.roles import Role

pytestmark = pytest.mark.django_db
PASSWORD = "Silah-test-2026!"


@pytest.fixture
def officer(db):
    user = UserFactory(role=Role.MANAGER, username="two_step_manager")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def device(officer):
    return TOTPDevice.objects.create(user=officer, name="هاتف العمل", confirmed=True)


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in(client, user, **extra):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD, **extra})


def test_a_staff_member_without_a_device_logs_in_with_the_password_alone(client, officer):
    response = log_in(client, officer)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_with_a_device_the_password_alone_is_not_enough(client, officer, device, page_shows):
    response = log_in(client, officer)
    assert response.status_code == 200
    assert page_shows(response, _("Two-step login is on for this account: enter the code from your authenticator app."))
    assert "_auth_user_id" not in client.session


def test_with_a_device_the_right_code_logs_in_and_marks_the_session_verified(client, officer, device):
    response = log_in(client, officer, otp_token=current_code(device))
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.wsgi_request.user.is_verified()


def test_a_wrong_code_is_refused_with_a_message(client, officer, device, page_shows):
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = log_in(client, officer, otp_token=wrong)
    assert response.status_code == 200
    assert page_shows(response, _("The verification code is wrong or has expired."))
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_towards_the_login_lockout(client, officer, device, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _attempt in range(2):
        log_in(client, officer, otp_token="000000" if current_code(device) != "000000" else "111111")
    response = log_in(client, officer, otp_token=current_code(device))
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_an_unconfirmed_device_does_not_yet_ask_for_a_code(client, officer):
    TOTPDevice.objects.create(user=officer, name="لم يؤكد", confirmed=False)
    assert log_in(client, officer).status_code == 302


def test_the_admin_login_goes_through_the_same_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_login_page_offers_the_code_field(client):
    response = client.get(reverse("login"))
    assert 'name="otp_token"' in response.content.decode()
    assert get_user_model().objects.count() == 0
