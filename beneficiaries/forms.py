from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import (
    Beneficiary,
    DocumentType,
    HealthStatus,
    HouseholdMember,
    IdentityType,
    InteractionDirection,
    MaritalStatus,
)
from beneficiaries.privacy_models import ConsentPurpose
from beneficiaries.services import EDITABLE_FIELDS, REGISTRATION_FIELDS, SITUATION_FIELDS
from beneficiaries.validators import clean_identity_number, normalize_digits, normalize_mobile
from policies.choice_fields import ModelChoiceField
from policies.choices import Channel
from policies.models import BeneficiaryCategory
from policies.roles import Role
from policies.selectors import categories_for_filters


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _row(*fields):
    return Div(*[Div(field, css_class="col-md") for field in fields], css_class="row g-3")


class BeneficiaryForm(forms.ModelForm):
    """Registration and correction of a record; the situation fields show only at registration."""

    confirm_not_duplicate = forms.BooleanField(
        label=_("I checked: this is a different person from the records listed above"), required=False
    )
    # The version the record had when the edit page was opened (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput(), required=False, min_value=1)
    consents = forms.MultipleChoiceField(
        label=_("The person agrees to"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple(),
        required=False,
        help_text=_("Read each item to the person; tick only what they agree to. They may withdraw at any time."),
    )
    # Not required: the desk registers in person unless they choose otherwise.
    consent_channel = forms.ChoiceField(
        label=_("Agreement given through"), choices=Channel.choices, initial="in_person", required=False
    )

    # Longer than the stored 13 characters: people type "00966 50 123 4567" and the like,
    # and clean_mobile stores the one normal form.
    mobile = forms.CharField(
        label=Beneficiary._meta.get_field("mobile").verbose_name,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "placeholder": "05xxxxxxxx", "dir": "ltr"}),
    )

    class Meta:
        model = Beneficiary
        fields = REGISTRATION_FIELDS
        widgets = {
            "birth_date": DateInput(),
            "identity_expiry_date": DateInput(),
            "health_notes": forms.Textarea(attrs={"rows": 2}),
            "identity_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"dir": "ltr"}),
            "name_en": forms.TextInput(attrs={"dir": "ltr"}),
        }

    def __init__(self, *args, registering: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.registering = registering
        if not registering:
            for field in (*SITUATION_FIELDS, "consents", "consent_channel"):
                self.fields.pop(field)
            if self.instance.pk:
                self.fields["version"].initial = self.instance.version
        else:
            self.fields.pop("status")
            self.fields.pop("version")
        self.fields["category"].queryset = BeneficiaryCategory.objects.filter(is_active=True)
        from django.contrib.auth import get_user_model

        self.fields["contact_officer"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__name=Role.CONTACT_OFFICER).distinct()
        )
        self.fields["contact_officer"].help_text = _("Leave empty to assign the category's contact officer.")
        self.fields["nationality"].initial = _("Saudi")
        self.fields["confirm_not_duplicate"].widget = forms.HiddenInput()
        self.helper = FormHelper()
        self.helper.form_tag = False
        identity = Fieldset(
            _("Identity"),
            _row("identity_type", "identity_number", "identity_expiry_date"),
            _row("first_name", "father_name", "grandfather_name", "family_name"),
            _row("name_en", "gender", "birth_date", "nationality"),
        )
        contact = Fieldset(
            _("Contact"),
            _row("mobile", "email", "contact_channel"),
            _row("city", "district", "address"),
        )
        registry = Fieldset(
            _("Registry"),
            _row("category", "kind", "contact_officer", *(() if registering else ("status",))),
        )
        parts = [identity, contact, registry]
        if registering:
            parts.append(
                Fieldset(
                    _("Social, economic and health situation"),
                    _row("marital_status", "monthly_income", "monthly_expenses", "health_status"),
                    "health_notes",
                )
            )
            parts.append(Fieldset(_("Consent to the use of personal data"), _row("consents", "consent_channel")))
        else:
            parts.append("version")
        parts.append("confirm_not_duplicate")
        self.helper.layout = Layout(*parts)

    def show_duplicate_confirmation(self) -> None:
        self.fields["confirm_not_duplicate"].widget = forms.CheckboxInput()

    def clean_mobile(self):
        return normalize_mobile(self.cleaned_data["mobile"])

    def clean(self):
        cleaned = super().clean()
        identity_type = cleaned.get("identity_type")
        number = self.data.get(self.add_prefix("identity_number"), "")
        if identity_type and number:
            try:
                cleaned["identity_number"] = clean_identity_number(identity_type, number)
            except ValidationError as error:
                self.add_error("identity_number", error)
        birth_date = cleaned.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            self.add_error("birth_date", _("The birth date cannot be in the future."))
        if not self.registering and not cleaned.get("version"):
            # A hidden field's own error would not show; say it where the user sees it.
            self.add_error(None, _("This form is out of date. Reload the page and enter your changes again."))
        return cleaned

    def _post_clean(self):
        # The identity number is checked and folded in clean(); the model's unique check runs
        # in the service, which reports it on the field. Skipping ModelForm's own
        # instance validation avoids reporting the same problem twice.
        pass

    def service_data(self) -> dict:
        allowed = REGISTRATION_FIELDS if self.registering else EDITABLE_FIELDS
        return {name: self.cleaned_data[name] for name in allowed if name in self.cleaned_data}


class BeneficiarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("ID number, mobile or part of the name"), "autofocus": True, "type": "search"}
        ),
    )
    category = ModelChoiceField(
        label=_("Category"),
        queryset=BeneficiaryCategory.objects.all(),
        options=categories_for_filters,
        required=False,
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    needs_reverification = forms.BooleanField(label=_("Needs re-verification"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from beneficiaries.models import BeneficiaryKind, BeneficiaryStatus

        self.fields["status"].choices = [("", _("All statuses")), *BeneficiaryStatus.choices]
        self.fields["kind"].choices = [("", _("All kinds")), *BeneficiaryKind.choices]


class HouseholdMemberForm(forms.ModelForm):
    class Meta:
        model = HouseholdMember
        fields = ("full_name", "relation", "gender", "identity_number", "birth_date", "monthly_income", "health_notes")
        widgets = {"birth_date": DateInput(), "health_notes": forms.Textarea(attrs={"rows": 2})}

    def clean_birth_date(self):
        birth_date = self.cleaned_data.get("birth_date")
        if birth_date and birth_date > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."))
        return birth_date

    def clean_identity_number(self):
        value = normalize_digits(self.cleaned_data.get("identity_number", "")).strip()
        if value and value[0] in "12" and len(value) == 10:
            identity_type = IdentityType.NATIONAL_ID if value[0] == "1" else IdentityType.IQAMA
            return clean_identity_number(identity_type, value)
        return value


class DocumentUploadForm(forms.Form):
    document_type = ModelChoiceField(label=_("Document type"), queryset=DocumentType.objects.filter(is_active=True))
    number = forms.CharField(label=_("Document number"), required=False, max_length=50)
    issue_date = forms.DateField(label=_("Issue date"), required=False, widget=DateInput())
    expiry_date = forms.DateField(label=_("Expiry date"), required=False, widget=DateInput())
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def clean(self):
        cleaned = super().clean()
        issue, expiry = cleaned.get("issue_date"), cleaned.get("expiry_date")
        if issue and expiry and expiry < issue:
            self.add_error("expiry_date", _("The expiry date is before the issue date."))
        return cleaned


class InteractionForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=InteractionDirection.choices)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}))
    is_inquiry = forms.BooleanField(label=_("This is an inquiry that needs an answer"), required=False)


class InquiryAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer given to the beneficiary"), widget=forms.Textarea(attrs={"rows": 4}))


class InquiryReferForm(forms.Form):
    researcher = ModelChoiceField(label=_("Social researcher"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["researcher"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__name=Role.SOCIAL_RESEARCHER).distinct()
        )


class ChangeRequestForm(forms.Form):
    description = forms.CharField(
        label=_("What changed, as the beneficiary reported it"), widget=forms.Textarea(attrs={"rows": 3})
    )
    marital_status = forms.ChoiceField(label=_("Marital status"), choices=MaritalStatus.choices)
    monthly_income = forms.DecimalField(label=_("Monthly income (SAR)"), min_value=0, max_digits=10, decimal_places=2)
    monthly_expenses = forms.DecimalField(
        label=_("Monthly expenses (SAR)"), min_value=0, max_digits=10, decimal_places=2
    )
    health_status = forms.ChoiceField(label=_("Health status"), choices=HealthStatus.choices)
    health_notes = forms.CharField(label=_("Health notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = ModelChoiceField(label=_("Evidence (an uploaded document)"), queryset=None, required=False)

    def __init__(self, *args, beneficiary: Beneficiary, **kwargs):
        initial = {field: getattr(beneficiary, field) for field in SITUATION_FIELDS}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.fields["evidence"].queryset = beneficiary.documents.select_related("document_type")

    def proposed_changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in SITUATION_FIELDS}


class ChangeRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve the change")), ("reject", _("Reject the change"))]
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConsentForm(forms.Form):
    """Reception ticks what the person agrees to now; unticking records a withdrawal."""

    purposes = forms.MultipleChoiceField(
        label=_("The person agrees to"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple(),
        required=False,
    )
    channel = forms.ChoiceField(label=_("Given or withdrawn through"), choices=Channel.choices, initial="in_person")
