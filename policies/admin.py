from datetime import date, timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from policies.choices import Channel
from policies.errors import DomainError
from policies.markdown import render_policy_markdown
from policies.models import (
    AssociationProfile,
    BeneficiaryCategory,
    Closure,
    ContactOfficer,
    HolidayOverride,
    PolicyAttachment,
    PolicyDocument,
    PolicyParameters,
    PolicySignOff,
    PolicyVersion,
    SignOffReminder,
    VersionStatus,
    encode_weekdays,
)
from policies.roles import Role, user_has_role
from policies.selectors import holiday_overrides, official_holidays_between
from policies.services import (
    ATTACHMENT_EDIT_FIELDS,
    CLOSURE_FIELDS,
    DOCUMENT_FIELDS,
    HOLIDAY_OVERRIDE_FIELDS,
    PARAMETER_FIELDS,
    VERSION_FIELDS,
    check_attachment_file,
    closure_create,
    closure_delete,
    closure_update,
    holiday_override_create,
    holiday_override_delete,
    holiday_override_update,
    policy_attachment_add,
    policy_attachment_delete,
    policy_attachment_update,
    policy_document_create,
    policy_document_delete,
    policy_document_update,
    policy_parameters_update,
    policy_version_create,
    policy_version_delete,
    policy_version_publish,
    policy_version_update,
)
from policies.templatetags.silah_dates import hijri_text
from policies.working_days import Weekday, holiday_year


@admin.register(AssociationProfile)
class AssociationProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "registration_number", "city", "phone")

    def has_add_permission(self, request):
        return not AssociationProfile.objects.exists() and super().has_add_permission(request)


@admin.register(BeneficiaryCategory)
class BeneficiaryCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    search_fields = ("name", "name_en", "code")


@admin.register(ContactOfficer)
class ContactOfficerAdmin(admin.ModelAdmin):
    list_display = ("category", "field_of_work", "user")
    list_filter = ("category", "field_of_work")
    list_select_related = ("category", "user")
    autocomplete_fields = ("user",)


# --- Policy parameters and the working-day calendar -------------------------------------------
# Every save and delete below goes through policies.services, so each change keeps its history
# row with who and why and, when it moves days off, tells the apps that keep due dates.


def _field_label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def _dates_with_hijri(first: date, last: date) -> str:
    if first == last:
        return format_html("{} <small>({})</small>", first.isoformat(), hijri_text(first))
    return format_html(
        "{} – {} <small>({} – {})</small>", first.isoformat(), last.isoformat(), hijri_text(first), hijri_text(last)
    )


class PolicyParametersForm(forms.ModelForm):
    weekend_days = forms.TypedMultipleChoiceField(
        label=_field_label(PolicyParameters, "weekend_days"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    channels = forms.MultipleChoiceField(
        label=_field_label(PolicyParameters, "channels"),
        help_text=PolicyParameters._meta.get_field("channels").help_text,
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PolicyParameters
        fields = PARAMETER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Stored as digits ("45"), shown as one checkbox per day.
        self.initial["weekend_days"] = sorted(self.instance.weekend)

    def clean_weekend_days(self) -> str:
        return encode_weekdays(self.cleaned_data["weekend_days"])


@admin.register(PolicyParameters)
class PolicyParametersAdmin(SimpleHistoryAdmin):
    form = PolicyParametersForm
    # The two names are shown to readers instead of the stored codes (get_fieldsets); listing them
    # here keeps the history view, which builds the form itself, from a FieldError for a reader.
    readonly_fields = ("official_holidays", "weekend_names", "channel_names")
    fieldsets = (
        (
            _("Deadlines and the working week"),
            {
                "fields": (
                    "response_deadline_working_days",
                    "weekend_days",
                    "complaint_acknowledge_working_days",
                    "complaint_resolve_working_days",
                    "reverification_days",
                    "retention_years",
                )
            },
        ),
        (_("Communication channels"), {"fields": ("channels",)}),
        (
            _("Declaration and duties"),
            {"fields": ("declaration_text", "declaration_text_en", "beneficiary_duties", "beneficiary_duties_en")},
        ),
        (
            _("Rights, data protection and the staff pledge"),
            {
                "fields": (
                    "beneficiary_rights",
                    "beneficiary_rights_en",
                    "privacy_statement",
                    "privacy_statement_en",
                    "confidentiality_pledge",
                    "confidentiality_pledge_en",
                )
            },
        ),
        (_("Official holidays in the coming year"), {"fields": ("official_holidays",)}),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # A reader (manager) sees day and channel names, not the stored digits and codes.
        names = {"weekend_days": "weekend_names", "channels": "channel_names"}
        return [
            (title, {**options, "fields": tuple(names.get(field, field) for field in options["fields"])})
            for title, options in fieldsets
        ]

    @admin.display(description=_field_label(PolicyParameters, "weekend_days"))
    def weekend_names(self, obj):
        labels = dict(Weekday.choices)
        return ", ".join(str(labels[day]) for day in Weekday.values if day in obj.weekend) or "—"

    @admin.display(description=_field_label(PolicyParameters, "channels"))
    def channel_names(self, obj):
        labels = dict(Channel.choices)
        return ", ".join(str(labels[channel]) for channel in obj.channels if channel in labels) or "—"

    def has_add_permission(self, request):
        return not PolicyParameters.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list would only ever show one line, so go straight to it.
        parameters = PolicyParameters.objects.first()
        if parameters is not None and self.has_view_or_change_permission(request, parameters):
            return redirect("admin:policies_policyparameters_change", parameters.pk)
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in PARAMETER_FIELDS if field in form.cleaned_data}
        saved = policy_parameters_update(actor=request.user, data=data)
        obj.pk = saved.pk

    @admin.display(description=_("official holidays"))
    def official_holidays(self, obj):
        today = timezone.localdate()
        occurrences = official_holidays_between(start=today, end=today + timedelta(days=365))
        if not occurrences:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} {}</li>",
                (
                    (
                        occurrence.name,
                        _dates_with_hijri(occurrence.first_day, occurrence.last_day),
                        _("(announced)")
                        if occurrence.announced
                        else _("(estimated by the holidays package)")
                        if occurrence.estimated
                        else "",
                    )
                    for occurrence in occurrences
                ),
            ),
        )


@admin.register(Closure)
class ClosureAdmin(SimpleHistoryAdmin):
    list_display = ("name", "dates", "length")
    search_fields = ("name", "name_en", "note")
    date_hierarchy = "start_date"
    fields = CLOSURE_FIELDS

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj):
        return _dates_with_hijri(obj.start_date, obj.end_date)

    @admin.display(description=_("days"))
    def length(self, obj):
        return (obj.end_date - obj.start_date).days + 1

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in CLOSURE_FIELDS if field in form.cleaned_data}
        if change:
            closure_update(actor=request.user, closure=obj, data=data)
        else:
            # The admin logs and redirects to ``obj``: give it the primary key of the saved row.
            obj.pk = closure_create(actor=request.user, **data).pk

    def delete_model(self, request, obj):
        closure_delete(actor=request.user, closure=obj)

    def delete_queryset(self, request, queryset):
        for closure in queryset:
            closure_delete(actor=request.user, closure=closure)


class HolidayOverrideForm(forms.ModelForm):
    class Meta:
        model = HolidayOverride
        fields = HOLIDAY_OVERRIDE_FIELDS

    def clean(self):
        cleaned_data = super().clean()
        holiday, start_date = cleaned_data.get("holiday"), cleaned_data.get("start_date")
        # The year is derived, not typed, so the form's own unique check cannot see it.
        year = holiday_year(holiday, start_date) if holiday and start_date else None
        if (
            year is not None
            and holiday_overrides().filter(holiday=holiday, year=year).exclude(pk=self.instance.pk).exists()
        ):
            constraint = next(
                item for item in HolidayOverride._meta.constraints if item.name == "one_override_per_holiday_and_year"
            )
            raise forms.ValidationError(constraint.violation_error_message)
        return cleaned_data


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(SimpleHistoryAdmin):
    form = HolidayOverrideForm
    list_display = ("holiday", "year_label", "dates", "package_dates", "announcement")
    list_filter = ("holiday",)
    readonly_fields = ("year_label", "package_dates")
    fields = (*HOLIDAY_OVERRIDE_FIELDS, "year_label", "package_dates")

    @admin.display(description=_("year"), ordering="year")
    def year_label(self, obj):
        return obj.year_label or "—"

    @admin.display(description=_("announced dates"), ordering="start_date")
    def dates(self, obj):
        return _dates_with_hijri(obj.start_date, obj.end_date)

    @admin.display(description=_("replaced dates (holidays package)"))
    def package_dates(self, obj):
        days = obj.replaced_dates() if obj.pk else ()
        if not days:
            return "—"
        return _dates_with_hijri(days[0], days[-1])

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in HOLIDAY_OVERRIDE_FIELDS if field in form.cleaned_data}
        if change:
            holiday_override_update(actor=request.user, override=obj, data=data)
        else:
            # The admin logs and redirects to ``obj``: give it the primary key of the saved row.
            obj.pk = holiday_override_create(actor=request.user, **data).pk

    def delete_model(self, request, obj):
        holiday_override_delete(actor=request.user, override=obj)

    def delete_queryset(self, request, queryset):
        for override in queryset:
            holiday_override_delete(actor=request.user, override=override)


# --- Policy documents, versions, files and sign-offs (R26–R31) ---------------------------------
# Every write goes through policies.services (history row with who and why); a version is put in
# force only with the board's approval, by the "publish" permission (admins and managers).


def _service_errors_as_messages(request, error) -> None:
    if isinstance(error, DomainError):
        messages.error(request, error.message)
    else:
        for message in error.messages:
            messages.error(request, message)


class PolicyDocumentForm(forms.ModelForm):
    applies_to_roles = forms.MultipleChoiceField(
        label=_field_label(PolicyDocument, "applies_to_roles"),
        help_text=PolicyDocument._meta.get_field("applies_to_roles").help_text,
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = PolicyDocument
        fields = DOCUMENT_FIELDS


class PolicyVersionInline(admin.TabularInline):
    model = PolicyVersion
    fields = ("version_link", "status", "board_meeting_number", "board_meeting_date", "effective_date")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("version"))
    def version_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:policies_policyversion_change", args=[obj.pk]), obj.number
        )


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(SimpleHistoryAdmin):
    form = PolicyDocumentForm
    list_display = (
        "title",
        "kind",
        "version_in_force",
        "is_public",
        "in_tools_library",
        "requires_signoff",
        "sort_order",
    )
    list_filter = ("kind", "is_public", "in_tools_library", "requires_signoff")
    search_fields = ("title", "title_en", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = (PolicyVersionInline,)
    fieldsets = (
        (None, {"fields": ("kind", "title", "title_en", "slug", "summary", "summary_en", "sort_order")}),
        (
            _("Publication and sign-off"),
            {"fields": ("is_public", "in_tools_library", "requires_signoff", "applies_to_roles")},
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "versions", queryset=PolicyVersion.objects.filter(status=VersionStatus.IN_FORCE), to_attr="in_force"
                )
            )
        )

    @admin.display(description=_("version in force"))
    def version_in_force(self, obj):
        in_force = getattr(obj, "in_force", None)
        return in_force[0].number if in_force else "—"

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in DOCUMENT_FIELDS if field in form.cleaned_data}
        if change:
            policy_document_update(actor=request.user, document=obj, data=data)
        else:
            obj.pk = policy_document_create(actor=request.user, data=data).pk

    def save_formset(self, request, form, formset, change):
        # The versions inline is read-only: nothing is saved, only the change message is built.
        formset.save(commit=False)

    def delete_model(self, request, obj):
        try:
            policy_document_delete(actor=request.user, document=obj)
        except DomainError as error:
            _service_errors_as_messages(request, error)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            self.delete_model(request, document)


class PolicyVersionForm(forms.ModelForm):
    class Meta:
        model = PolicyVersion
        fields = ("document", *VERSION_FIELDS)
        widgets = {
            "body": forms.Textarea(attrs={"rows": 24, "dir": "auto"}),
            "body_en": forms.Textarea(attrs={"rows": 12}),
        }


class PolicyAttachmentInline(admin.TabularInline):
    model = PolicyAttachment
    fields = ("attachment_link", "is_public", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def attachment_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("policies:staff_attachment", args=[obj.pk]),
            obj.title,
            reverse("admin:policies_policyattachment_change", args=[obj.pk]),
            _("edit"),
        )


@admin.register(PolicyVersion)
class PolicyVersionAdmin(SimpleHistoryAdmin):
    form = PolicyVersionForm
    list_display = ("document", "number", "status", "board_approval", "effective_date", "signed_count")
    list_filter = ("status", "document__kind", "document")
    list_select_related = ("document",)
    search_fields = ("document__title", "body", "change_summary", "board_meeting_number")
    readonly_fields = ("number", "status", "published_at", "published_by", "superseded_at", "preview")
    inlines = (PolicyAttachmentInline,)
    actions = ("put_in_force",)
    change_form_template = "admin/policies/policyversion/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signoff_total=Count("signoffs"))

    def get_inlines(self, request, obj):
        # Files are added to a saved version (policy attachments), so a new draft has none to show.
        return self.inlines if obj is not None else ()

    def save_formset(self, request, form, formset, change):
        # The files inline is read-only: nothing is saved, only the change message is built.
        formset.save(commit=False)

    def get_fieldsets(self, request, obj=None):
        approval = (
            _("Board approval"),
            {
                "fields": ("board_meeting_number", "board_meeting_date", "effective_date"),
                "description": _(
                    "A version is put in force only once the board has approved it: "
                    "enter the meeting number and date, then use “Put in force”."
                ),
            },
        )
        if obj is None:
            return ((None, {"fields": ("document", "body", "body_en", "change_summary")}), approval)
        return (
            (None, {"fields": ("document", "number", "status", "body", "body_en", "change_summary")}),
            approval,
            (_("Publication"), {"fields": ("published_at", "published_by", "superseded_at")}),
            (_("Preview"), {"fields": ("preview",), "classes": ("collapse",)}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != VersionStatus.DRAFT:
            # A version that was in force is never rewritten: write a new one instead.
            return (*self.readonly_fields, "document", *VERSION_FIELDS)
        if obj is not None:
            return (*self.readonly_fields, "document")
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("board approval"))
    def board_approval(self, obj):
        if not obj.is_approved:
            return "—"
        return format_html(
            "{} · {}", obj.board_meeting_number, _dates_with_hijri(obj.board_meeting_date, obj.board_meeting_date)
        )

    @admin.display(description=_("signed"), ordering="signoff_total")
    def signed_count(self, obj):
        return obj.signoff_total

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return render_policy_markdown(obj.display_body) if obj and obj.pk else "—"

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in VERSION_FIELDS if field in form.cleaned_data}
        if change:
            policy_version_update(actor=request.user, version=obj, data=data)
        else:
            obj.pk = policy_version_create(actor=request.user, document=form.cleaned_data["document"], data=data).pk

    def delete_model(self, request, obj):
        policy_version_delete(actor=request.user, version=obj)

    def delete_queryset(self, request, queryset):
        for version in queryset:
            policy_version_delete(actor=request.user, version=version)

    def _can_publish(self, request) -> bool:
        return request.user.has_perm("policies.publish_policyversion")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._can_publish(request):
            actions.pop("put_in_force", None)
        return actions

    @admin.action(description=_("Put in force (requires the board's approval)"))
    def put_in_force(self, request, queryset):
        for version in queryset.select_related("document"):
            self._publish(request, version)

    def _publish(self, request, version) -> bool:
        try:
            published = policy_version_publish(actor=request.user, version=version)
        except (DomainError, ValidationError) as error:
            _service_errors_as_messages(request, error)
            return False
        messages.success(
            request,
            _("%(version)s is in force from %(date)s. Staff are asked to sign it.")
            % {"version": published, "date": published.effective_date.isoformat()},
        )
        return True

    def get_urls(self):
        urls = super().get_urls()
        return [
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="policies_policyversion_publish",
            ),
            *urls,
        ]

    def publish_view(self, request, pk):
        if request.method != "POST" or not self._can_publish(request):
            raise PermissionDenied
        version = get_object_or_404(PolicyVersion, pk=pk)
        self._publish(request, version)
        return redirect("admin:policies_policyversion_change", pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_publish"] = obj is not None and obj.status == VersionStatus.DRAFT and self._can_publish(request)
        # Senior management puts drafts in force from its own page, after reading them there.
        context["can_review"] = (
            obj is not None
            and obj.status == VersionStatus.DRAFT
            and not context["can_publish"]
            and user_has_role(request.user, Role.MANAGER)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


class PolicyAttachmentForm(forms.ModelForm):
    class Meta:
        model = PolicyAttachment
        fields = ("version", "title", "title_en", "file", "is_public")

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and not self.instance.pk:
            # The same checks the service makes, shown on the form rather than after saving.
            check_attachment_file(file)
        return file


@admin.register(PolicyAttachment)
class PolicyAttachmentAdmin(SimpleHistoryAdmin):
    form = PolicyAttachmentForm
    list_display = ("title", "version", "is_public", "original_name", "size", "uploaded_at")
    list_filter = ("is_public", "version__document")
    list_select_related = ("version__document",)
    search_fields = ("title", "title_en", "original_name")

    def get_readonly_fields(self, request, obj=None):
        return ("version", "file", "original_name", "content_type", "size") if obj else ()

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("version", "title", "title_en", "file", "is_public")
        return ("version", "title", "title_en", "is_public", "original_name", "content_type", "size")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "version":
            kwargs["queryset"] = PolicyVersion.objects.exclude(status=VersionStatus.SUPERSEDED).select_related(
                "document"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            data = {field: form.cleaned_data[field] for field in ATTACHMENT_EDIT_FIELDS if field in form.cleaned_data}
            policy_attachment_update(actor=request.user, attachment=obj, data=data)
        else:
            obj.pk = policy_attachment_add(
                actor=request.user,
                version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
                title_en=form.cleaned_data.get("title_en", ""),
                file=form.cleaned_data["file"],
                is_public=form.cleaned_data.get("is_public", True),
            ).pk

    def delete_model(self, request, obj):
        policy_attachment_delete(actor=request.user, attachment=obj)

    def delete_queryset(self, request, queryset):
        for attachment in queryset:
            policy_attachment_delete(actor=request.user, attachment=attachment)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PolicyVersionListFilter(admin.RelatedFieldListFilter):
    """The versions named with their document in one query (not one query per version)."""

    def field_choices(self, field, request, model_admin):
        versions = PolicyVersion.objects.select_related("document").order_by(*PolicyVersion._meta.ordering)
        return [(version.pk, str(version)) for version in versions]


@admin.register(PolicySignOff)
class PolicySignOffAdmin(ReadOnlyAdmin):
    list_display = ("user", "version", "signed_at", "confidentiality_pledged")
    list_filter = ("version__document", ("version", PolicyVersionListFilter))
    list_select_related = ("user", "version__document")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    date_hierarchy = "signed_at"


@admin.register(SignOffReminder)
class SignOffReminderAdmin(ReadOnlyAdmin):
    list_display = ("user", "version", "sent_by", "sent_at")
    list_select_related = ("user", "sent_by", "version__document")
    date_hierarchy = "sent_at"
