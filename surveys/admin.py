"""Managers build surveys and their questions here, through the services; the rest is read-only.

Invitations, sample draws, visits and supervision notes are written by the staff pages (or by
signals) and shown here for reading; responses are never shown one by one.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from surveys import services
from surveys.models import Invitation, Question, SampleDraw, SupervisionNote, SupervisoryVisit, Survey
from surveys.services.building import QUESTION_FIELDS, SURVEY_FIELDS, question_update_check


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = QUESTION_FIELDS

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The same rule the service applies, shown on the form instead of failing the save.
            question_update_check(self.instance, {name: cleaned.get(name) for name in ("type", "choices")})
        return cleaned


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionAdminForm
    extra = 1
    fields = (
        ("order", "group", "type", "required"),
        ("group_title", "group_title_en"),
        "text",
        "text_en",
        ("choices", "choices_en"),
    )

    def has_delete_permission(self, request, obj=None):
        # A question that has answers stays: deleting it would lose those answers (PROTECT).
        if obj is not None and obj.responses.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ("display_title", "kind", "active_from", "active_until", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("title", "title_en")
    fields = (
        ("title", "title_en"),
        "kind",
        ("introduction", "introduction_en"),
        ("active_from", "active_until", "is_active"),
        "invitation_valid_days",
    )
    inlines = (QuestionInline,)

    @admin.display(description=_("title"))
    def display_title(self, obj):
        return obj.display_title

    def save_model(self, request, obj, form, change):
        data = {name: getattr(obj, name) for name in SURVEY_FIELDS}
        if change:
            services.survey_update(actor=request.user, survey=obj, data=data)
        else:
            created = services.survey_create(actor=request.user, data=data)
            # The inlines were bound to this unsaved object; giving it the new key attaches them.
            obj.pk = created.pk
            obj.created_at = created.created_at

    def save_formset(self, request, form, formset, change):
        if formset.model is not Question:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for question in formset.deleted_objects:
            services.question_delete(actor=request.user, question=question)
        for question, changed in formset.changed_objects:
            data = {name: getattr(question, name) for name in changed if name in QUESTION_FIELDS}
            services.question_update(actor=request.user, question=question, data=data)
        for question in formset.new_objects:
            data = {name: getattr(question, name) for name in QUESTION_FIELDS}
            services.question_create(actor=request.user, survey=form.instance, data=data)
        return None


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("survey", "channel", "created_at", "expires_at", "is_used", "reminded_at")
    list_filter = ("survey", "channel")
    list_select_related = ("survey",)
    fields = (
        "survey",
        "beneficiary",
        "support_request",
        "complaint",
        "sample",
        "channel",
        "created_at",
        "expires_at",
        "used_at",
        "reminded_at",
    )
    readonly_fields = fields

    @admin.display(boolean=True, description=_("used"))
    def is_used(self, obj):
        return obj.used_at is not None


@admin.register(SampleDraw)
class SampleDrawAdmin(ReadOnlyAdmin):
    list_display = ("survey", "drawn_at", "drawn_by", "population_size", "sample_size", "seed")
    list_select_related = ("survey", "drawn_by")
    fields = ("survey", "drawn_by", "drawn_at", "filters", "seed", "population_size", "sample_size", "chosen")
    readonly_fields = fields


@admin.register(SupervisoryVisit)
class SupervisoryVisitAdmin(ReadOnlyAdmin):
    list_display = ("office", "visit_date", "visitor", "average_score")
    list_select_related = ("visitor",)
    fields = ("office", "visit_date", "visitor", "scores", "findings", "recommendations", "recorded_by", "recorded_at")
    readonly_fields = fields


@admin.register(SupervisionNote)
class SupervisionNoteAdmin(ReadOnlyAdmin):
    list_display = ("officer", "noted_on", "topic", "written_by")
    list_select_related = ("officer", "written_by")
    fields = ("officer", "noted_on", "topic", "note", "follow_up", "written_by", "written_at")
    readonly_fields = fields
