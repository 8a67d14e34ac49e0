from datetime import date, timedelta

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from policies.choices import Channel
from policies.models import (
    AssociationProfile,
    BeneficiaryCategory,
    Closure,
    ContactOfficer,
    HolidayOverride,
    PolicyParameters,
    encode_weekdays,
)
from policies.selectors import holiday_overrides, official_holidays_between
from policies.services import (
    CLOSURE_FIELDS,
    HOLIDAY_OVERRIDE_FIELDS,
    PARAMETER_FIELDS,
    closure_create,
    closure_delete,
    closure_update,
    holiday_override_create,
    holiday_override_delete,
    holiday_override_update,
    policy_parameters_update,
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
    readonly_fields = ("official_holidays",)
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
                )
            },
        ),
        (_("Communication channels"), {"fields": ("channels",)}),
        (
            _("Declaration and duties"),
            {"fields": ("declaration_text", "declaration_text_en", "beneficiary_duties", "beneficiary_duties_en")},
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
