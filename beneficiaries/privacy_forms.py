from django import forms
from django.utils.translation import gettext_lazy as _

from beneficiaries.privacy import BREACH_FIELDS
from beneficiaries.privacy_models import AccessAction, DataBreach
from beneficiaries.validators import normalize_digits
from policies.choice_fields import ModelChoiceField
from policies.choices import Channel


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class AccessLogFilterForm(forms.Form):
    beneficiary = forms.IntegerField(label=_("Beneficiary number"), required=False, min_value=1)
    user = ModelChoiceField(label=_("Staff member"), queryset=None, required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["user"].queryset = get_user_model().objects.filter(is_active=True).order_by("username")
        self.fields["action"].choices = [("", _("All actions")), *AccessAction.choices]


class ErasureRequestForm(forms.Form):
    channel = forms.ChoiceField(label=_("Received through"), choices=Channel.choices, initial="in_person")
    reason = forms.CharField(label=_("What the person asked"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ErasureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("carry_out", _("Carry out: anonymise the record now")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect(),
    )
    note = forms.CharField(
        label=_("Note (the reason, when refusing)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DataBreachForm(forms.ModelForm):
    beneficiary_numbers = forms.CharField(
        label=_("Beneficiary numbers affected"),
        required=False,
        help_text=_("The record numbers, separated by commas or spaces, when the people are known."),
    )

    class Meta:
        model = DataBreach
        fields = BREACH_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "occurred_at": DateTimeInput(),
            "discovered_at": DateTimeInput(),
            "regulator_notified_at": DateTimeInput(),
            "people_notified_at": DateTimeInput(),
            "closed_at": DateTimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["beneficiary_numbers"].initial = " ".join(
                str(pk) for pk in self.instance.beneficiaries.values_list("pk", flat=True)
            )

    def clean_beneficiary_numbers(self):
        from beneficiaries.models import Beneficiary

        raw = normalize_digits(self.cleaned_data.get("beneficiary_numbers", "")).replace(",", " ").replace("،", " ")
        numbers = []
        for part in raw.split():
            if not part.isdigit():
                raise forms.ValidationError(_("“%(value)s” is not a record number.") % {"value": part})
            numbers.append(int(part))
        found = list(Beneficiary.objects.filter(pk__in=numbers))
        missing = sorted(set(numbers) - {b.pk for b in found})
        if missing:
            raise forms.ValidationError(
                _("No beneficiary has the number %(numbers)s.") % {"numbers": ", ".join(map(str, missing))}
            )
        return found

    def _post_clean(self):
        # The service sets the deadline and checks the record; the form only parses input.
        pass

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
