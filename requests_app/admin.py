from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from policies.choice_fields import ModelChoiceField
from policies.roles import Role, user_has_role
from requests_app.committee_admin import (
    NormalizedSearchMixin,
    decision_letter_link,
    meetings_open_for_agenda,
    run_service,
)
from requests_app.models import RequestStatusChange, RequiredData, ServiceType, SupportRequest
from requests_app.services.committee import meeting_add_requests


class ServiceTypeForm(forms.ModelForm):
    required_data = forms.MultipleChoiceField(
        label=_("required data"), choices=RequiredData.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = ServiceType
        fields = (
            "name",
            "name_en",
            "description",
            "eligibility_conditions",
            "categories",
            "required_documents",
            "required_data",
            "max_amount",
            "is_active",
            "sort_order",
        )


@admin.register(ServiceType)
class ServiceTypeAdmin(SimpleHistoryAdmin):
    """The service catalog (R6) is configuration: administrators edit it here."""

    form = ServiceTypeForm
    list_display = ("name", "name_en", "max_amount", "is_active", "sort_order")
    list_filter = ("is_active", "categories")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "name_en", "description")
    filter_horizontal = ("categories", "required_documents")


class StatusChangeInline(admin.TabularInline):
    model = RequestStatusChange
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AddToMeetingForm(ActionForm):
    meeting = ModelChoiceField(
        label=_("meeting"), queryset=meetings_open_for_agenda(), required=False, empty_label=_("Choose a meeting")
    )


@admin.register(SupportRequest)
class SupportRequestAdmin(NormalizedSearchMixin, SimpleHistoryAdmin):
    """Requests move only through the workflow on the staff pages; the admin lists and shows them."""

    action_form = AddToMeetingForm
    actions = ["add_to_meeting"]

    list_display = (
        "reference_number",
        "beneficiary",
        "service_type",
        "status",
        "channel",
        "due_date",
        "created_at",
        "staff_page",
    )
    list_filter = ("status", "service_type", "channel", "decision")
    search_fields = ("reference_number", "beneficiary__identity_number", "beneficiary__full_name_normalized")
    list_select_related = ("beneficiary", "service_type")
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline]
    exclude = ("tracking_code", "submission_key", "verified_data_hash")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name not in self.exclude] + ["decision_letter"]

    @admin.display(description=_("decision letter (PDF)"))
    def decision_letter(self, obj):
        return decision_letter_link(obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("staff page"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("requests_app:detail", args=[obj.pk]), _("Open"))

    def has_add_to_meeting_permission(self, request):
        return user_has_role(request.user, Role.COMMITTEE_SECRETARY)

    @admin.action(description=_("Add to a committee meeting's agenda"), permissions=["add_to_meeting"])
    def add_to_meeting(self, request, queryset):
        """The committee secretary builds a meeting's agenda from referred requests (R13)."""
        if not user_has_role(request.user, Role.COMMITTEE_SECRETARY):
            messages.error(request, _("Only the committee secretary can do this."))
            return
        meeting_id = request.POST.get("meeting") or ""
        meeting = meetings_open_for_agenda().filter(pk=meeting_id).first() if meeting_id.isdigit() else None
        if meeting is None:
            messages.error(request, _("Choose the meeting to add the requests to."))
            return
        added = []
        if run_service(
            request,
            lambda: added.append(meeting_add_requests(actor=request.user, meeting=meeting, requests=list(queryset))),
        ):
            messages.success(
                request, _("%(count)s requests added to %(meeting)s.") % {"count": added[0], "meeting": meeting}
            )
