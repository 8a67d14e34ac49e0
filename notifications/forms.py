from django import forms
from django.utils.translation import gettext_lazy as _

OUTCOMES = {
    "letter": [("1", _("The letter was sent or handed over")), ("0", _("Could not deliver the letter"))],
    "phone": [("1", _("The call was made")), ("0", _("Could not reach"))],
}


class StaffTaskCompleteForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=OUTCOMES["phone"],
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

    def __init__(self, *args, kind: str = "phone", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reached"].choices = OUTCOMES.get(kind, OUTCOMES["phone"])
