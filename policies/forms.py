"""Input checks for the policy pages; the rules themselves live in policies.services."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignOffForm(forms.Form):
    """What a staff member confirms on screen before their signature is recorded (R27, R30)."""

    read_confirmed = forms.BooleanField(
        label=_("I have read this policy in full, understood it, and will abide by it in my work."),
        error_messages={"required": _("Confirm that you have read and understood the policy.")},
    )
    confidentiality_pledged = forms.BooleanField(
        label=_("I accept the confidentiality pledge above."),
        error_messages={"required": _("Confirm the confidentiality pledge.")},
    )


class ReminderForm(forms.Form):
    """The staff to remind of one version; none chosen reminds everyone who has not signed."""

    users = forms.TypedMultipleChoiceField(label=_("Staff to remind"), coerce=int, required=False)

    def __init__(self, *args, unsigned=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unsigned = list(unsigned)
        self.fields["users"].choices = [
            (user.pk, user.get_full_name() or user.get_username()) for user in self.unsigned
        ]
        self.fields["users"].error_messages["invalid_choice"] = _(
            "Choose among the staff who have not signed this version."
        )

    def chosen_users(self) -> list:
        chosen = set(self.cleaned_data.get("users") or ())
        return [user for user in self.unsigned if not chosen or user.pk in chosen]


class PublishForm(forms.Form):
    """The board's approval as senior management confirms it when putting a draft in force (R26)."""

    board_meeting_number = forms.CharField(
        label=_("Board meeting number"),
        max_length=50,
        error_messages={"required": _("Enter the number of the board meeting that approved this version.")},
    )
    board_meeting_date = forms.DateField(
        label=_("Board meeting date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date of the board meeting."), "invalid": _("Enter a valid date.")},
    )
    effective_date = forms.DateField(
        label=_("Effective date"),
        required=False,
        help_text=_("Leave empty to put it in force today."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a valid date.")},
    )
