"""Optional two-step login for staff (django-otp, TOTP authenticator apps), on the one login page.

A staff member without a confirmed device logs in with the password alone, as before. Once an
admin has added a confirmed TOTP device for them (Admin › TOTP devices, which shows the QR code
to scan), the login also asks for the six-digit code. A wrong code counts as a failed login for
django-axes, so guessing codes locks the account like guessing passwords.
"""

from django import forms
from django.contrib.auth import user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp import match_token, user_has_device


class TwoStepAuthenticationForm(AuthenticationForm):
    otp_token = forms.CharField(
        label=_("Verification code"),
        help_text=_("Only if two-step login is on for your account: the six digits your authenticator app shows."),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.otp_device = None

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is None or not user_has_device(user, confirmed=True):
            return cleaned
        token = (cleaned.get("otp_token") or "").strip().replace(" ", "")
        if not token:
            raise ValidationError(
                _("Two-step login is on for this account: enter the code from your authenticator app."),
                code="otp_required",
            )
        device = match_token(user, token)
        if device is None:
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=self.request)
            raise ValidationError(_("The verification code is wrong or has expired."), code="otp_invalid")
        self.otp_device = device
        return cleaned


class TwoStepLoginView(LoginView):
    form_class = TwoStepAuthenticationForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.otp_device is not None:
            otp_login(self.request, form.otp_device)
        return response
