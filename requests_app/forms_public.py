"""Forms of the public pages: the online request (R16, R29) and request tracking."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beneficiaries.models import DocumentType, Gender, IdentityType, MaritalStatus
from beneficiaries.privacy_models import ConsentPurpose
from beneficiaries.validators import (
    clean_identity_number,
    detect_document_type,
    normalize_digits,
    normalize_mobile,
)
from policies.choice_fields import ModelChoiceField
from policies.models import BeneficiaryCategory
from requests_app.models import ServiceType
from requests_app.selectors import active_service_types
from requests_app.services.numbers import normalize_tracking_code
from requests_app.services.online import OnlineAttachment

ATTACHMENT_SLOTS = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ServiceChoiceField(ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class PublicRequestForm(forms.Form):
    """What an applicant types to ask for a service online, without an account."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    service_type = ServiceChoiceField(label=_("Service"), queryset=ServiceType.objects.none(), empty_label=None)

    identity_type = forms.ChoiceField(
        label=_("Identity type"),
        choices=IdentityType.choices,
        initial=IdentityType.NATIONAL_ID,
    )
    identity_number = forms.CharField(
        label=_("Identity number"),
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )
    identity_expiry_date = forms.DateField(label=_("Identity expiry date"), required=False, widget=DateInput())
    first_name = forms.CharField(label=_("First name"), max_length=50)
    father_name = forms.CharField(label=_("Father's name"), max_length=50)
    grandfather_name = forms.CharField(label=_("Grandfather's name"), max_length=50)
    family_name = forms.CharField(label=_("Family name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices])
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    nationality = forms.CharField(label=_("Nationality"), max_length=60, initial=_("Saudi"))
    marital_status = forms.ChoiceField(label=_("Marital status"), choices=[("", "—"), *MaritalStatus.choices])
    category = ModelChoiceField(label=_("Your situation"), queryset=BeneficiaryCategory.objects.none(), empty_label="—")

    mobile = forms.CharField(
        label=_("Mobile"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "placeholder": "05xxxxxxxx", "dir": "ltr", "autocomplete": "tel"}
        ),
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))
    city = forms.CharField(label=_("City"), max_length=80)
    district = forms.CharField(label=_("District (optional)"), max_length=80, required=False)

    need_description = forms.CharField(
        label=_("What do you need?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Why? (your situation, briefly)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount_requested = forms.DecimalField(
        label=_("Amount requested in SAR (if any)"),
        required=False,
        min_value=1,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "dir": "ltr", "step": "any"}),
    )

    acknowledge_duties = forms.BooleanField(
        label=_("I have read the beneficiary duties above, and I confirm that the data I give are correct."),
        error_messages={"required": _("Confirm that you have read the duties to send the request.")},
    )
    consents = forms.MultipleChoiceField(
        label=_("I agree to"),
        choices=ConsentPurpose.choices,
        widget=forms.CheckboxSelectMultiple(),
        required=False,
        help_text=_("Optional, and you may withdraw at any time by contacting the association."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = active_service_types()
        self.fields["category"].queryset = BeneficiaryCategory.objects.filter(is_active=True)
        document_types = DocumentType.objects.filter(is_active=True)
        for slot in range(1, ATTACHMENT_SLOTS + 1):
            self.fields[f"document_type_{slot}"] = ModelChoiceField(
                label=_("Document type"), queryset=document_types, required=False, empty_label="—"
            )
            self.fields[f"document_file_{slot}"] = forms.FileField(
                label=_("File"),
                required=False,
                help_text=_("PDF, JPEG or PNG, at most 10 MB."),
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
            )
            self.fields[f"document_expiry_{slot}"] = forms.DateField(
                label=_("Expiry date (if it has one)"), required=False, widget=DateInput()
            )
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    # --- single fields -------------------------------------------------------------------

    def clean_mobile(self):
        return normalize_mobile(self.cleaned_data["mobile"])

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        if birth_date > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."))
        return birth_date

    def clean_identity_expiry_date(self):
        expiry = self.cleaned_data.get("identity_expiry_date")
        if expiry and expiry < timezone.localdate():
            raise ValidationError(_("This identity document has expired; renew it before applying."))
        return expiry

    # --- across fields -------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        identity_type = cleaned.get("identity_type")
        number = normalize_digits(self.data.get(self.add_prefix("identity_number"), ""))
        if identity_type and number and "identity_number" not in self.errors:
            try:
                cleaned["identity_number"] = clean_identity_number(identity_type, number)
            except ValidationError as error:
                self.add_error("identity_number", error)
        service = cleaned.get("service_type")
        category = cleaned.get("category")
        if service and category:
            allowed = list(service.categories.all())
            if allowed and category not in allowed:
                self.add_error(
                    "service_type",
                    _("This service is for: %(categories)s.") % {"categories": "، ".join(str(c) for c in allowed)},
                )
        amount = cleaned.get("amount_requested")
        if service and amount is not None and service.max_amount is not None and amount > service.max_amount:
            self.add_error(
                "amount_requested",
                _("This service gives at most %(amount)s SAR.") % {"amount": f"{service.max_amount:,.0f}"},
            )
        cleaned["attachments"] = self._clean_attachments()
        return cleaned

    def _clean_attachments(self) -> list[OnlineAttachment]:
        attachments = []
        today = timezone.localdate()
        for slot in range(1, ATTACHMENT_SLOTS + 1):
            document_type = self.cleaned_data.get(f"document_type_{slot}")
            upload = self.cleaned_data.get(f"document_file_{slot}")
            expiry = self.cleaned_data.get(f"document_expiry_{slot}")
            if upload is None and document_type is None:
                continue
            if upload is None:
                self.add_error(f"document_file_{slot}", _("Choose the file of this document."))
                continue
            try:
                detect_document_type(upload)
            except ValidationError as error:
                self.add_error(f"document_file_{slot}", error)
                continue
            if document_type is None:
                self.add_error(f"document_type_{slot}", _("Choose what this document is."))
                continue
            if document_type.has_expiry and expiry is None:
                self.add_error(f"document_expiry_{slot}", _("This document type has an expiry date; enter it."))
                continue
            if expiry and expiry < today:
                self.add_error(f"document_expiry_{slot}", _("This document has expired; attach a valid one."))
                continue
            attachments.append(OnlineAttachment(document_type=document_type, file=upload, expiry_date=expiry))
        return attachments

    def applicant_data(self) -> dict:
        data = self.cleaned_data
        return {
            "identity_type": data["identity_type"],
            "identity_number": data["identity_number"],
            "identity_expiry_date": data.get("identity_expiry_date"),
            "first_name": data["first_name"].strip(),
            "father_name": data["father_name"].strip(),
            "grandfather_name": data["grandfather_name"].strip(),
            "family_name": data["family_name"].strip(),
            "gender": data["gender"],
            "birth_date": data["birth_date"],
            "nationality": data["nationality"].strip(),
            "marital_status": data["marital_status"],
            "mobile": data["mobile"],
            "email": data.get("email", ""),
            "city": data["city"].strip(),
            "district": data.get("district", "").strip(),
            "category": data["category"],
        }

    def attachment_rows(self):
        """The upload slots as (type, file, expiry) bound fields, for the template."""
        return [
            (self[f"document_type_{slot}"], self[f"document_file_{slot}"], self[f"document_expiry_{slot}"])
            for slot in range(1, ATTACHMENT_SLOTS + 1)
        ]


class TrackingForm(forms.Form):
    tracking_code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "dir": "ltr",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "placeholder": "XXXXX-XXXXX",
            }
        ),
    )
    id_last_digits = forms.CharField(
        label=_("Last four digits of the identity number"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"class": "form-control", "dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )

    def clean_tracking_code(self):
        return normalize_tracking_code(self.cleaned_data["tracking_code"])

    def clean_id_last_digits(self):
        digits = normalize_digits(self.cleaned_data["id_last_digits"]).strip().upper()
        if len(digits) != 4:
            raise ValidationError(_("Enter exactly four characters: the last four of the identity number."))
        return digits
