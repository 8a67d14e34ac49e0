from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from beneficiaries.models import Beneficiary, ChangeRequest, Document, DocumentType, HouseholdMember, Interaction
from beneficiaries.privacy_models import BeneficiaryAccessLog, Consent, DataBreach, ErasureRequest


class ReadOnlyCaseAdmin(SimpleHistoryAdmin):
    """Case records are written only through the reception desk's services (validation,
    normal forms, the change-request rule); the admin lists, searches and shows history."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HouseholdMemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ("document_type", "number", "expiry_date", "download", "uploaded_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("beneficiaries:document_download", args=[obj.pk]), _("Open"))


@admin.register(Beneficiary)
class BeneficiaryAdmin(ReadOnlyCaseAdmin):
    list_display = ("full_name", "identity_number", "mobile", "category", "kind", "status", "created_at")
    list_filter = ("status", "kind", "category", "gender", "contact_channel", "city")
    search_fields = ("identity_number", "mobile", "full_name_normalized", "name_en")
    list_select_related = ("category",)
    inlines = [HouseholdMemberInline, DocumentInline]
    date_hierarchy = "created_at"


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "code", "has_expiry", "is_active")
    list_editable = ("is_active",)
    prepopulated_fields = {"code": ("name_en",)}


@admin.register(Document)
class DocumentAdmin(ReadOnlyCaseAdmin):
    list_display = ("beneficiary", "document_type", "number", "expiry_date", "uploaded_at")
    list_filter = ("document_type",)
    search_fields = ("beneficiary__identity_number", "beneficiary__full_name_normalized", "number")
    list_select_related = ("beneficiary", "document_type")
    # The file is shown as a link to the checked download view, never as a storage URL.
    exclude = ("file",)
    readonly_fields = (
        "beneficiary",
        "download",
        "original_filename",
        "content_type",
        "size_bytes",
        "uploaded_by",
        "uploaded_at",
    )

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("beneficiaries:document_download", args=[obj.pk]), _("Open"))


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyCaseAdmin):
    list_display = ("subject", "beneficiary", "channel", "direction", "inquiry_status", "occurred_at")
    list_filter = ("channel", "direction", "inquiry_status")
    search_fields = ("subject", "beneficiary__identity_number", "beneficiary__full_name_normalized")
    list_select_related = ("beneficiary",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ReadOnlyCaseAdmin):
    list_display = ("beneficiary", "status", "received_by", "received_at", "decided_by")
    list_filter = ("status",)
    list_select_related = ("beneficiary", "received_by", "decided_by")
    raw_id_fields = ("beneficiary", "evidence")


@admin.register(BeneficiaryAccessLog)
class BeneficiaryAccessLogAdmin(admin.ModelAdmin):
    """Append-only: nobody edits or deletes who opened what."""

    list_display = ("at", "user", "beneficiary", "action", "detail")
    list_filter = ("action",)
    search_fields = ("beneficiary__identity_number", "user__username")
    list_select_related = ("user", "beneficiary")
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consent)
class ConsentAdmin(ReadOnlyCaseAdmin):
    list_display = ("beneficiary", "purpose", "status", "channel", "granted_at", "withdrawn_at")
    list_filter = ("purpose", "status", "channel")
    list_select_related = ("beneficiary",)


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyCaseAdmin):
    list_display = ("beneficiary", "status", "received_at", "decided_by", "decided_at")
    list_filter = ("status",)
    list_select_related = ("beneficiary", "decided_by")


@admin.register(DataBreach)
class DataBreachAdmin(ReadOnlyCaseAdmin):
    list_display = ("title", "discovered_at", "notify_deadline", "regulator_notified_at")
    filter_horizontal = ("beneficiaries",)
