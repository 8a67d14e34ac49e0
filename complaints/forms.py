"""Input checks for the public form, staff intake and the committee's actions; rules live in services."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import (
    DESCRIPTION_MAX_LENGTH,
    ComplaintCategory,
    ComplaintKind,
    Outcome,
    Priority,
)
from complaints.selectors import (
    active_complaint_categories,
    beneficiary_for_identity_number,
    complaint_categories_for_filters,
    support_request_by_reference,
)
from complaints.services import MAX_ATTACHMENTS
from policies.choice_fields import ModelChoiceField
from policies.choices import Channel, ContactChannel
from policies.roles import Role


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type by content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/*"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [super(MultipleFileField, self).clean(file, initial) for file in files]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(_("Attach at most %(count)d files.") % {"count": MAX_ATTACHMENTS})
        return files


PUBLIC_KINDS = [
    (ComplaintKind.COMPLAINT, ComplaintKind.COMPLAINT.label),
    (ComplaintKind.INQUIRY, ComplaintKind.INQUIRY.label),
    (ComplaintKind.SUGGESTION, ComplaintKind.SUGGESTION.label),
]
PUBLIC_CONTACT_CHANNELS = [
    (ContactChannel.SMS, ContactChannel.SMS.label),
    (ContactChannel.PHONE, ContactChannel.PHONE.label),
    (ContactChannel.EMAIL, ContactChannel.EMAIL.label),
]


class _ComplainantFields(forms.Form):
    kind = forms.ChoiceField(label=_("What would you like to send?"), choices=PUBLIC_KINDS, initial="complaint")
    category = ModelChoiceField(
        label=_("Category"),
        queryset=ComplaintCategory.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose a category.")},
    )
    subject = forms.CharField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Write a short subject.")}
    )
    description = forms.CharField(
        label=_("Details"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Describe what happened.")},
        help_text=_("At most %(count)d characters.") % {"count": DESCRIPTION_MAX_LENGTH},
    )
    is_anonymous = forms.BooleanField(
        label=_("Send anonymously (without my name or ID)"),
        required=False,
        help_text=_("You can follow an anonymous complaint only with its tracking code; we cannot reply to you."),
    )
    complainant_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    complainant_identity_number = forms.CharField(
        label=_("National ID or iqama number (optional)"), max_length=20, required=False
    )
    complainant_mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    complainant_email = forms.EmailField(label=_("Email"), required=False)
    contact_channel = forms.ChoiceField(
        label=_("Reply to me by"), choices=PUBLIC_CONTACT_CHANNELS, required=False, initial=ContactChannel.SMS
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_("Up to %(count)d files: PDF, JPEG or PNG, 10 MB each.") % {"count": MAX_ATTACHMENTS},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_complaint_categories()
        self.fields["complainant_mobile"].widget.attrs.update({"inputmode": "tel", "dir": "ltr"})
        self.fields["complainant_identity_number"].widget.attrs.update({"inputmode": "numeric", "dir": "ltr"})
        self.fields["complainant_email"].widget.attrs.update({"dir": "ltr"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_anonymous"):
            for field in (
                "complainant_name",
                "complainant_identity_number",
                "complainant_mobile",
                "complainant_email",
                "contact_channel",
            ):
                cleaned[field] = ""
        return cleaned

    def service_data(self) -> dict:
        data = {key: self.cleaned_data[key] for key in self.service_fields}
        data["description"] = data["description"].strip()
        data["subject"] = data["subject"].strip()
        return data

    service_fields = (
        "kind",
        "category",
        "subject",
        "description",
        "is_anonymous",
        "complainant_name",
        "complainant_identity_number",
        "complainant_mobile",
        "complainant_email",
        "contact_channel",
    )


class PublicComplaintForm(_ComplainantFields):
    """The public form: no login; a hidden one-time token makes a repeated post harmless."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    # A field people never see: a robot filling every input gives itself away.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class StaffIntakeForm(_ComplainantFields):
    """What a staff member records from a call, a letter, a fax or a visit."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ComplaintKind.choices, initial=ComplaintKind.COMPLAINT)
    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[("", _("Choose…")), *Channel.choices],
        error_messages={"required": _("Choose the channel it came through.")},
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty for now; a letter or fax received earlier keeps its own date."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    beneficiary_identity_number = forms.CharField(
        label=_("Registered beneficiary's ID number (if registered)"), max_length=20, required=False
    )
    concerned_staff = ModelChoiceField(
        label=_("Staff member concerned"), queryset=get_user_model().objects.none(), required=False
    )
    support_request_reference = forms.CharField(
        label=_("Support request concerned (reference number)"),
        max_length=20,
        required=False,
        help_text=_("Required for an appeal against a committee decision."),
    )
    contact_channel = forms.ChoiceField(
        label=_("Reply through"), choices=[("", _("Their agreed channel")), *ContactChannel.choices], required=False
    )

    service_fields = (*_ComplainantFields.service_fields, "channel", "priority", "concerned_staff", "received_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerned_staff"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__isnull=False).distinct().order_by("first_name")
        )
        self.fields["concerned_staff"].label_from_instance = lambda user: user.get_full_name() or user.get_username()
        self.fields["beneficiary_identity_number"].widget.attrs.update({"inputmode": "numeric", "dir": "ltr"})
        self.fields["kind"].choices = ComplaintKind.choices
        self.beneficiary = None
        self.support_request = None

    def clean_received_at(self):
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now():
            raise ValidationError(_("The time of receipt cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("beneficiary_identity_number", "")
        if number and not cleaned.get("is_anonymous"):
            self.beneficiary = beneficiary_for_identity_number(number)
            if self.beneficiary is None:
                self.add_error(
                    "beneficiary_identity_number",
                    _("No beneficiary is registered with this number; leave it empty and write the name instead."),
                )
        reference = (cleaned.get("support_request_reference") or "").strip()
        self.support_request = None
        if reference:
            self.support_request = support_request_by_reference(reference)
            if self.support_request is None:
                self.add_error("support_request_reference", _("No support request has this reference number."))
        elif cleaned.get("kind") == ComplaintKind.APPEAL:
            self.add_error(
                "support_request_reference", _("An appeal names the support request whose decision it contests.")
            )
        return cleaned

    def service_data(self) -> dict:
        data = super().service_data()
        data["beneficiary"] = None if self.cleaned_data.get("is_anonymous") else self.beneficiary
        data["support_request"] = self.support_request
        if data["beneficiary"] is None and self.support_request is not None and not data["is_anonymous"]:
            data["beneficiary"] = self.support_request.beneficiary
        return data


class AssignForm(forms.Form):
    officer = ModelChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none(), empty_label=_("Choose…"))

    def __init__(self, *args, exclude_user_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        officers = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=Role.COMPLAINTS_OFFICER)
            .distinct()
            .order_by("first_name")
        )
        if exclude_user_id:
            officers = officers.exclude(pk=exclude_user_id)
        self.fields["officer"].queryset = officers
        self.fields["officer"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class TransitionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose…")), *Outcome.choices],
        error_messages={"required": _("Choose the outcome of the investigation.")},
    )
    response = forms.CharField(
        label=_("Response to the complainant"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={"required": _("Write the response sent to the complainant.")},
        help_text=_("Sent through the chosen channel and shown on the public tracking page."),
    )
    response_channel = forms.ChoiceField(label=_("Send the response by"), choices=ContactChannel.choices)
    amicable_settlement = forms.BooleanField(label=_("Settled amicably (R19)"), required=False)
    settlement_terms = forms.CharField(
        label=_("Terms of the amicable settlement"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    note = forms.CharField(label=_("Internal note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if anonymous:
            self.fields["response_channel"].required = False
            self.fields["response_channel"].widget = forms.HiddenInput()

    def service_data(self) -> dict:
        return {
            key: self.cleaned_data.get(key)
            for key in ("outcome", "response", "response_channel", "amicable_settlement", "settlement_terms")
        }


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Investigation note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DESCRIPTION_MAX_LENGTH,
        error_messages={"required": _("Write the note.")},
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), error_messages={"required": _("Choose a file.")})


class CompensationForm(forms.Form):
    harm_caused_by_association = forms.BooleanField(label=_("The association caused the harm"), required=False)
    minutes_date = forms.DateField(
        label=_("Date of the investigation committee's minutes"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    minutes_approved_by_members = forms.BooleanField(
        label=_("The minutes are approved by the committee's members"), required=False
    )
    harm_size = forms.CharField(label=_("Size of the harm"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    harm_causes = forms.CharField(
        label=_("Causes of the harm"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    ruling_reference = forms.CharField(label=_("Judicial or final ruling reference"), required=False, max_length=100)
    ruling_date = forms.DateField(
        label=_("Ruling date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ruling_authority = forms.CharField(label=_("Issuing authority"), required=False, max_length=200)
    negotiation_notes = forms.CharField(
        label=_("Negotiation with the beneficiary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agreed_amount = forms.DecimalField(
        label=_("Agreed amount (SAR)"), required=False, max_digits=10, decimal_places=2, min_value=0.01
    )


class PaymentForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the payment date.")},
    )
    payment_reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        error_messages={"required": _("Enter the payment reference (transfer or cheque number).")},
    )


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=30,
        error_messages={"required": _("Enter the tracking code you received.")},
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX"}),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ComplaintKind.choices])
    category = ModelChoiceField(
        label=_("Category"),
        required=False,
        queryset=ComplaintCategory.objects.all(),
        options=complaint_categories_for_filters,
        empty_label=_("All categories"),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices])
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args, **kwargs):
        from complaints.models import ComplaintStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All open")), *ComplaintStatus.choices, ("all", _("Everything"))]
