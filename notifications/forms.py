from django import forms
from django.utils.translation import gettext_lazy as _


class StaffTaskCompleteForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Done")), ("0", _("Could not reach"))],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the letter was handed over at the office, or the number did not answer."),
    )
