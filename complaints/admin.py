from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from complaints import selectors
from complaints.models import CompensationFile, Complaint, ComplaintCategory, ComplaintEscalation


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(SimpleHistoryAdmin):
    """Admins edit the categories; deleting one that complaints use is refused (PROTECT)."""

    list_display = ("name", "name_en", "code", "is_sensitive", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")
    search_fields = ("name", "name_en", "code")


class ReadOnlyCaseAdmin(SimpleHistoryAdmin):
    """Complaints are written only through the committee's pages (workflow, privacy, deadlines);
    the admin lists, searches and shows history of what the user may see."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyCaseAdmin):
    list_display = ("number_link", "subject", "kind", "category", "status", "channel", "received_at", "resolve_due")
    list_filter = ("status", "kind", "channel", "category")
    search_fields = ("subject", "tracking_code")
    list_select_related = ("category",)
    exclude = ("submission_token",)

    def get_queryset(self, request):
        # The same privacy rules as the committee's pages: never about oneself, sensitive ones
        # only for managers and the assigned officer.
        return selectors.complaints_visible_to(user=request.user).select_related("category")

    @admin.display(description=_("number"))
    def number_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("complaints:detail", args=[obj.pk]), obj.number)


@admin.register(CompensationFile)
class CompensationFileAdmin(ReadOnlyCaseAdmin):
    list_display = ("complaint", "status", "agreed_amount", "approved_at", "paid_on")
    list_filter = ("status",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(complaint__in=selectors.complaints_visible_to(user=request.user))
            .select_related("complaint")
        )


@admin.register(ComplaintEscalation)
class ComplaintEscalationAdmin(admin.ModelAdmin):
    list_display = ("complaint", "kind", "deadline", "due_date", "created_at")
    list_filter = ("kind", "deadline")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(complaint__in=selectors.complaints_visible_to(user=request.user))
            .select_related("complaint")
        )
