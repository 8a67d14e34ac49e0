from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.html import format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from notifications import services
from notifications.models import FailedMessage, Language, Message, MessageStatus, MessageTemplate, StaffTask
from notifications.rendering import COMMON_PLACEHOLDERS, EVENT_PLACEHOLDERS, PLACEHOLDER_HELP


class MessageTemplateForm(forms.ModelForm):
    class Meta:
        model = MessageTemplate
        fields = ("event", "language", "channel", "subject", "body")
        widgets = {
            "subject": forms.TextInput(attrs={"dir": "auto", "size": 80}),
            "body": forms.Textarea(attrs={"dir": "auto", "rows": 10, "cols": 80}),
        }
        help_texts = {"body": PLACEHOLDER_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An Arabic text reads right to left even though it starts with {{ recipient_name }}.
        language = self.instance.language if self.instance.pk else self.initial.get("language")
        if language:
            direction = "rtl" if language == Language.ARABIC else "ltr"
            # A reader (view permission only) gets the form without its fields.
            for name in ("subject", "body"):
                if name in self.fields:
                    self.fields[name].widget.attrs["dir"] = direction


@admin.register(MessageTemplate)
class MessageTemplateAdmin(SimpleHistoryAdmin):
    form = MessageTemplateForm
    list_display = ("event", "language", "channel_label", "subject", "updated_at", "updated_by")
    # updated_by may be empty, and the admin's own select_related() follows only required keys.
    list_select_related = ("updated_by",)
    list_filter = ("event", "language", "channel")
    search_fields = ("subject", "body")
    readonly_fields = ("placeholders", "updated_at", "updated_by")
    fields = ("event", "language", "channel", "placeholders", "subject", "body", "updated_at", "updated_by")

    @admin.display(description=_("channel"), ordering="channel")
    def channel_label(self, obj):
        return obj.get_channel_display() if obj.channel else _("every channel")

    @admin.display(description=_("values you can use"))
    def placeholders(self, obj):
        names = (*COMMON_PLACEHOLDERS, *EVENT_PLACEHOLDERS.get(obj.event, ())) if obj and obj.event else ()
        return (
            format_html_join(
                " ",
                '<code dir="ltr" style="white-space: nowrap">{{{{ {} }}}}</code>',
                ((name,) for name in names),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        services.message_template_save(actor=request.user, template=obj)

    def has_delete_permission(self, request, obj=None):
        # Every event keeps its general text in each language; only channel-specific texts go.
        if obj is not None and not obj.channel:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Message)
class MessageAdmin(SimpleHistoryAdmin):
    """The outbox, read-only: rows change only through delivery and the resend action."""

    list_display = (
        "created_at",
        "recipient_name",
        "event",
        "channel",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "short_error",
    )
    list_filter = ("status", "channel", "event", "language")
    search_fields = ("recipient_name", "address", "idempotency_key", "body")
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = [field.name for field in Message._meta.fields if field.name != "claim_token"]
    exclude = ("claim_token",)

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return Truncator(obj.last_error).chars(80)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The list (and its resend action) needs change permission; a single message stays read-only.
        return obj is None and super().has_change_permission(request, obj)

    @admin.action(description=_("Send the selected messages again"), permissions=["change"])
    def resend(self, request, queryset):
        resent = 0
        for message in queryset:
            try:
                services.message_resend(actor=request.user, message=message)
            except services.NotificationError as error:
                self.message_user(request, f"{message}: {error.message}", messages.WARNING)
            else:
                resent += 1
        if resent:
            self.message_user(
                request,
                ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", resent)
                % {"count": resent},
                messages.SUCCESS,
            )


@admin.register(FailedMessage)
class FailedMessageAdmin(MessageAdmin):
    list_filter = ("channel", "event", "language")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=MessageStatus.FAILED)

    def history_view(self, request, object_id, extra_context=None):
        # The history belongs to the message itself; a proxy has no history table of its own.
        return redirect("admin:notifications_message_history", object_id)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The same for one version of it (a hand-typed URL would otherwise end in a server error).
        return redirect("admin:notifications_message_simple_history", object_id, version_id)


@admin.register(StaffTask)
class StaffTaskAdmin(SimpleHistoryAdmin):
    list_display = ("created_at", "kind", "message", "status", "completed_by", "completed_at")
    list_filter = ("status", "kind")
    list_select_related = ("message", "completed_by")
    readonly_fields = ("message", "kind", "status", "note", "created_at", "completed_at", "completed_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
