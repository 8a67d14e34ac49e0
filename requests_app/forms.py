"""Input checks of the staff pages; every rule lives in the services and the workflow."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.validators import normalize_digits
from policies.choice_fields import ModelChoiceField
from policies.choices import Channel
from policies.selectors import policy_parameters
from requests_app.models import (
    Decision,
    DeclarationMethod,
    DeliveryKind,
    Recommendation,
    RequestStatus,
    ServiceType,
)
from requests_app.selectors import service_types_for_filters
from requests_app.services import VERIFICATION_FACTS
from requests_app.workflow import researchers


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class BeneficiaryLookupForm(forms.Form):
    identity_number = forms.CharField(
        label=_("Identity or iqama number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )

    def clean_identity_number(self):
        return normalize_digits(self.cleaned_data["identity_number"]).strip()


def channel_choices():
    enabled = set(policy_parameters().channels or [])
    return [(value, label) for value, label in Channel.choices if value in enabled and value != Channel.WEBSITE]


class RequestIntakeForm(forms.Form):
    service_type = ModelChoiceField(label=_("Service"), queryset=ServiceType.objects.none())
    channel = forms.ChoiceField(label=_("Received through"), choices=())
    amount_requested = forms.DecimalField(
        label=_("Amount requested (SAR)"), required=False, min_value=1, max_digits=10, decimal_places=2
    )
    need_description = forms.CharField(label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason for the request"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, service_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = service_types
        self.fields["channel"].choices = channel_choices()
        self.fields["channel"].initial = Channel.IN_PERSON

    def clean(self):
        cleaned = super().clean()
        service, amount = cleaned.get("service_type"), cleaned.get("amount_requested")
        if service and amount is not None and service.max_amount is not None and amount > service.max_amount:
            self.add_error(
                "amount_requested", _("This service gives at most %(amount)s SAR.") % {"amount": service.max_amount}
            )
        return cleaned


class VerificationForm(forms.Form):
    confirmed_facts = forms.MultipleChoiceField(
        label=_("Checked against the documents"),
        choices=[(code, label) for code, label in VERIFICATION_FACTS.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class DeclarationForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How the beneficiary signs"),
        choices=DeclarationMethod.choices,
        initial=DeclarationMethod.SIGNATURE_PAD,
        widget=forms.RadioSelect,
    )
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    scanned_file = forms.FileField(
        label=_("Scanned signed declaration"),
        required=False,
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )
    confirm_read = forms.BooleanField(
        label=_("The declaration was read to the beneficiary, who agreed to it"), required=True
    )


class ResearchReportForm(forms.Form):
    summary = forms.CharField(label=_("Findings of the study"), widget=forms.Textarea(attrs={"rows": 4}))
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    recommended_amount = forms.DecimalField(
        label=_("Recommended amount (SAR)"), required=False, min_value=1, max_digits=10, decimal_places=2
    )
    field_visit_date = forms.DateField(label=_("Field visit date"), required=False, widget=DateInput())
    field_visit_findings = forms.CharField(
        label=_("Field visit findings"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TransitionForm(forms.Form):
    """The inputs one transition needs, built from the workflow table's ``fields``."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.note_required:
            self.fields["note"].required = True
            self.fields["note"].label = _("Reason")
        builders = {
            "missing_items": lambda: forms.CharField(
                label=_("Other missing items (one per line)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            ),
            "researcher": lambda: ModelChoiceField(label=_("Social researcher"), queryset=researchers()),
            "decision": lambda: forms.ChoiceField(label=_("Decision"), choices=Decision.choices),
            "approved_amount": lambda: forms.DecimalField(
                label=_("Approved amount (SAR)"), required=False, min_value=1, max_digits=10, decimal_places=2
            ),
            "kind": lambda: forms.ChoiceField(label=_("What was given"), choices=DeliveryKind.choices),
            "amount": lambda: forms.DecimalField(
                label=_("Amount (SAR)"), required=False, min_value=1, max_digits=10, decimal_places=2
            ),
            "items_description": lambda: forms.CharField(
                label=_("Items given"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            ),
            "delivered_on": lambda: forms.DateField(
                label=_("Delivered on"), initial=timezone.localdate, widget=DateInput()
            ),
            "receipt_number": lambda: forms.CharField(label=_("Receipt number"), max_length=50),
        }
        for name in transition.fields:
            self.fields[name] = builders[name]()

    def clean_missing_items(self):
        text = self.cleaned_data.get("missing_items") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.transition.fields}


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    service_type = ModelChoiceField(
        label=_("Service"),
        queryset=ServiceType.objects.all(),
        options=service_types_for_filters,
        required=False,
        empty_label=_("All services"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *RequestStatus.choices], required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False)
