"""Managers build surveys and their questions here; invitations are shown read-only, responses never one by one."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from surveys.models import Invitation, Question, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 1
    fields = (("order", "type", "required"), "text", "text_en", ("choices", "choices_en"))

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


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ("survey", "created_at", "expires_at", "is_used")
    list_filter = ("survey",)
    list_select_related = ("survey",)
    fields = ("survey", "beneficiary", "support_request", "complaint", "created_at", "expires_at", "used_at")
    readonly_fields = fields

    @admin.display(boolean=True, description=_("used"))
    def is_used(self, obj):
        return obj.used_at is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
