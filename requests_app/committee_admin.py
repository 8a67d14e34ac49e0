"""The research committee's screens in the admin (R13): meetings, agendas, decisions, votes, minutes.

Every write goes through requests_app.services.committee; a refusal becomes an error message.
A committee member sees only the meetings of committees they sit on and only changes their own vote.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from policies.errors import DomainError
from policies.roles import user_has_role
from requests_app.committee_models import (
    AgendaItem,
    Committee,
    CommitteeMembership,
    Meeting,
    MeetingStatus,
    MemberVote,
    Recusal,
)
from requests_app.committee_selectors import OVERSEERS
from requests_app.models import ResearchReport
from requests_app.services import committee as services


def sees_every_meeting(user) -> bool:
    return user_has_role(user, *OVERSEERS)


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def error_messages(error: Exception) -> list[str]:
    if isinstance(error, DomainError):
        return [str(error.message)]
    if isinstance(error, ValidationError):
        return [str(message) for message in error.messages]
    return [str(error)]


def run_service(request, call) -> bool:
    """Call a service; show its refusal as an error message. True when it succeeded."""
    try:
        call()
    except (DomainError, ValidationError) as error:
        for message in error_messages(error):
            messages.error(request, message)
        return False
    return True


def mark_unsaved(formsets) -> None:
    """Read-only inlines save nothing; the change message still asks what they saved."""
    for formset in formsets:
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


class ServiceSaveMixin:
    """save_model calls a service; when it refuses, the user stays on the form with the message."""

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_service_refused", False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_service_refused", False):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    def _service(self, request, call) -> None:
        if not run_service(request, call):
            request._service_refused = True

    def log_addition(self, request, obj, message):
        if obj.pk is None:
            return None
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if getattr(request, "_service_refused", False):
            return None
        return super().log_change(request, obj, message)


# --- Committees (configuration) -----------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 1
    autocomplete_fields = ()


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "quorum")
    search_fields = ("name",)
    inlines = [MembershipInline]


# --- Meetings -----------------------------------------------------------------------------------


def latest_report(request_obj) -> ResearchReport | None:
    reports = list(request_obj.research_reports.all())
    return reports[0] if reports else None


class AgendaItemInline(admin.TabularInline):
    """The agenda: each request with its research report and the votes, read-only."""

    model = AgendaItem
    extra = 0
    can_delete = False
    show_change_link = True
    fields = (
        "request_link",
        "beneficiary_name",
        "service",
        "amount_requested",
        "research_report",
        "votes_summary",
        "outcome",
        "approved_amount",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("meeting__committee", "request__beneficiary", "request__service_type")
            .prefetch_related(
                Prefetch("request__research_reports", queryset=ResearchReport.objects.select_related("researcher")),
                Prefetch("votes", queryset=MemberVote.objects.select_related("member")),
            )
        )

    @admin.display(description=_("request"))
    def request_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:requests_app_agendaitem_change", args=[obj.pk]), obj.request
        )

    @admin.display(description=_("beneficiary"))
    def beneficiary_name(self, obj):
        return obj.request.beneficiary

    @admin.display(description=_("service"))
    def service(self, obj):
        return obj.request.service_type

    @admin.display(description=_("amount requested (SAR)"))
    def amount_requested(self, obj):
        return obj.request.amount_requested

    @admin.display(description=_("research report"))
    def research_report(self, obj):
        report = latest_report(obj.request)
        if report is None:
            return _("No research report yet")
        return format_html(
            "<strong>{}</strong> {}<br>{}",
            report.get_recommendation_display(),
            report.recommended_amount or "",
            report.summary,
        )

    @admin.display(description=_("votes"))
    def votes_summary(self, obj):
        return format_html_join(
            "",
            "<div>{}: {} {}</div>",
            ((person_name(vote.member), vote.get_vote_display(), vote.dissent_note) for vote in obj.votes.all()),
        )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ("committee", "date", "place", "attendees")


@admin.register(Meeting)
class MeetingAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    form = MeetingForm
    list_display = ("number", "committee", "date", "place", "status", "agenda_size", "minutes_state")
    list_filter = ("committee", "status", "date")
    search_fields = (
        "=number",
        "items__request__reference_number",
        "items__request__beneficiary__identity_number",
        "items__request__beneficiary__full_name_normalized",
    )
    list_select_related = ("committee",)
    date_hierarchy = "date"
    inlines = [AgendaItemInline]
    filter_horizontal = ("attendees",)
    actions = ["close_meetings", "approve_minutes"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).annotate(agenda_count=Count("items", distinct=True))
        if not sees_every_meeting(request.user):
            queryset = queryset.filter(committee__memberships__user=request.user).distinct()
        return queryset

    def get_search_results(self, request, queryset, search_term):
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, True

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("committee", "date", "place")
        return (
            "committee",
            "number",
            "date",
            "place",
            "attendees" if obj.is_open else "attendee_names",
            "status",
            "closed_at",
            "minutes_approved_by",
            "minutes_pdf",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = ["committee", "number", "status", "closed_at", "minutes_approved_by", "minutes_pdf"]
        if not obj.is_open:
            readonly += ["date", "place", "attendee_names"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "attendees":
            meeting_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            if meeting_id:
                kwargs["queryset"] = (
                    db_field.related_model.objects.filter(committee_memberships__committee__meetings=meeting_id)
                    .distinct()
                    .order_by("first_name", "last_name")
                )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:

            def create():
                meeting = services.meeting_create(
                    actor=request.user, committee=data["committee"], date=data["date"], place=data.get("place", "")
                )
                obj.pk, obj.number = meeting.pk, meeting.number

            self._service(request, create)
            return
        self._service(
            request,
            lambda: services.meeting_update(
                actor=request.user,
                meeting=obj,
                date=data.get("date", obj.date),
                place=data.get("place", obj.place),
                attendees=data.get("attendees"),
            ),
        )

    def save_related(self, request, form, formsets, change):
        """Attendees were saved by the service; the agenda inline is read-only."""
        mark_unsaved(formsets)

    @admin.display(description=_("agenda items"), ordering="agenda_count")
    def agenda_size(self, obj):
        return obj.agenda_count

    @admin.display(description=_("minutes"))
    def minutes_state(self, obj):
        if obj.is_open:
            return _("Meeting open")
        return _("Closed")

    @admin.display(description=_("attendees"))
    def attendee_names(self, obj):
        return "، ".join(person_name(user) for user in obj.attendees.order_by("first_name", "last_name"))

    @admin.display(description=_("minutes approved by"))
    def minutes_approved_by(self, obj):
        approvals = obj.minutes_approvals.select_related("member")
        if not approvals:
            return _("Nobody yet")
        return format_html_join(
            "",
            "<div>{} — {}</div>",
            ((person_name(a.member), timezone.localtime(a.approved_at).strftime("%Y-%m-%d %H:%M")) for a in approvals),
        )

    @admin.display(description=_("minutes (PDF)"))
    def minutes_pdf(self, obj):
        if obj.is_open:
            return _("Available once the meeting is closed")
        return format_html(
            '<a href="{}">{}</a>', reverse("reports:meeting_minutes", args=[obj.pk]), _("Download the minutes")
        )

    @admin.action(description=_("Close the selected meetings"), permissions=["change"])
    def close_meetings(self, request, queryset):
        closed = 0
        for meeting in queryset:
            if run_service(
                request, lambda meeting=meeting: services.meeting_close(actor=request.user, meeting=meeting)
            ):
                closed += 1
        if closed:
            messages.success(request, _("Meetings closed: %(count)s") % {"count": closed})

    @admin.action(description=_("Approve the minutes of the selected meetings"))
    def approve_minutes(self, request, queryset):
        approved = 0
        for meeting in queryset:
            if run_service(
                request, lambda meeting=meeting: services.minutes_approve(actor=request.user, meeting=meeting)
            ):
                approved += 1
        if approved:
            messages.success(request, _("Minutes approved: %(count)s") % {"count": approved})


# --- Agenda items and decisions -------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Past the answer date"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(request__due_date__lt=timezone.localdate(), outcome="")
        return queryset


class VoteInline(admin.TabularInline):
    model = MemberVote
    extra = 0
    can_delete = False
    fields = ("member", "vote", "dissent_note", "cast_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class DecisionForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ("outcome", "approved_amount", "aid_form", "conditions", "reasons")

    def _post_clean(self):
        """The service checks the decision; the form only parses the inputs."""


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    form = DecisionForm
    list_display = ("request", "beneficiary_name", "service", "meeting", "outcome", "approved_amount", "due_date")
    list_filter = ("meeting", "outcome", "request__service_type", OverdueFilter)
    search_fields = (
        "request__reference_number",
        "request__beneficiary__identity_number",
        "request__beneficiary__full_name_normalized",
    )
    list_select_related = ("meeting__committee", "request__beneficiary", "request__service_type")
    inlines = [VoteInline]
    decision_fields = ("outcome", "approved_amount", "aid_form", "conditions", "reasons")
    info_fields = ("meeting", "request_info", "research_report", "decided_at", "decided_by")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not sees_every_meeting(request.user):
            queryset = queryset.filter(meeting__committee__memberships__user=request.user).distinct()
        return queryset

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        return self.info_fields + self.decision_fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and (obj.outcome or not obj.meeting.is_open):
            return self.info_fields + self.decision_fields
        return self.info_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        self._service(
            request,
            lambda: services.committee_decision_record(
                actor=request.user,
                item=obj,
                outcome=data.get("outcome") or "",
                approved_amount=data.get("approved_amount"),
                aid_form=data.get("aid_form") or "",
                conditions=data.get("conditions") or "",
                reasons=data.get("reasons") or "",
            ),
        )

    def save_related(self, request, form, formsets, change):
        """Votes are read-only here."""
        mark_unsaved(formsets)

    @admin.display(description=_("beneficiary"))
    def beneficiary_name(self, obj):
        return obj.request.beneficiary

    @admin.display(description=_("service"))
    def service(self, obj):
        return obj.request.service_type

    @admin.display(description=_("answer due"), ordering="request__due_date")
    def due_date(self, obj):
        return obj.request.due_date

    @admin.display(description=_("request"))
    def request_info(self, obj):
        request_obj = obj.request
        return format_html(
            "{} — {} — {}<br>{}: {}<br>{}",
            request_obj.reference_number,
            request_obj.beneficiary,
            request_obj.service_type,
            _("amount requested (SAR)"),
            request_obj.amount_requested or "",
            request_obj.need_description,
        )

    @admin.display(description=_("research report"))
    def research_report(self, obj):
        reports = obj.request.research_reports.select_related("researcher")
        report = reports.first()
        if report is None:
            return _("No research report yet")
        return format_html(
            "<strong>{}</strong> {}<br>{}<br>{}",
            report.get_recommendation_display(),
            report.recommended_amount or "",
            report.summary,
            report.field_visit_findings,
        )


# --- Votes: each member their own --------------------------------------------------------------------


class VoteForm(forms.ModelForm):
    class Meta:
        model = MemberVote
        fields = ("item", "vote", "dissent_note")

    def _post_clean(self):
        """The service checks the vote; the form only parses the inputs."""


@admin.register(MemberVote)
class MemberVoteAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    form = VoteForm
    list_display = ("item", "member", "vote", "cast_at")
    list_filter = ("vote", "item__meeting")
    search_fields = ("item__request__reference_number",)
    list_select_related = ("item__meeting__committee", "item__request", "member")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not sees_every_meeting(request.user):
            queryset = queryset.filter(member=request.user)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        return ("item",) if obj is not None else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "item":
            kwargs["queryset"] = AgendaItem.objects.filter(
                meeting__status=MeetingStatus.OPEN, meeting__attendees=request.user, outcome=""
            ).select_related("meeting__committee", "request")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.member_id != request.user.pk:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        item = obj.item if change else data["item"]

        def cast():
            vote = services.vote_cast(
                actor=request.user, item=item, vote=data.get("vote") or "", dissent_note=data.get("dissent_note") or ""
            )
            obj.pk, obj.member_id, obj.item_id = vote.pk, vote.member_id, vote.item_id

        self._service(request, cast)


class RecusalForm(forms.ModelForm):
    class Meta:
        model = Recusal
        fields = ("member", "beneficiary", "reason")

    def _post_clean(self):
        """The service checks the recusal."""


@admin.register(Recusal)
class RecusalAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    form = RecusalForm
    list_display = ("member", "beneficiary", "declared_at")
    search_fields = ("beneficiary__identity_number", "beneficiary__full_name_normalized")
    list_select_related = ("member", "beneficiary")
    raw_id_fields = ("beneficiary",)

    def get_readonly_fields(self, request, obj=None):
        return ("member", "beneficiary", "reason") if obj is not None else ()

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        return {"member": request.user.pk}

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data

        def declare():
            recusal = services.recusal_declare(
                actor=request.user, member=data["member"], beneficiary=data["beneficiary"], reason=data["reason"]
            )
            obj.pk, obj.member_id, obj.beneficiary_id = recusal.pk, recusal.member_id, recusal.beneficiary_id

        self._service(request, declare)


def meetings_open_for_agenda():
    return Meeting.objects.filter(status=MeetingStatus.OPEN).select_related("committee")
