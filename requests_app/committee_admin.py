"""The research committee's screens in the admin (R13): meetings, agendas, decisions, votes, minutes.

Every write goes through requests_app.services.committee; a refusal becomes an error message.
A committee member sees only the meetings of committees they sit on and only changes their own vote.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from beneficiaries.models import Beneficiary, Document
from beneficiaries.validators import normalize_arabic_name, normalize_digits
from policies.aggregates import per_row
from policies.errors import DomainError
from policies.roles import Role, user_has_role
from policies.web import private_file_response
from requests_app.committee_models import (
    AgendaItem,
    Committee,
    CommitteeMembership,
    Meeting,
    MeetingStatus,
    MemberVote,
    Recusal,
)
from requests_app.committee_selectors import OVERSEERS, committees_of
from requests_app.models import ResearchReport, SupportRequest
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


class NormalizedSearchMixin:
    """Names are searched in their folded spelling (أحمد finds احمد) and Arabic-Indic digits as ASCII."""

    def get_search_results(self, request, queryset, search_term):
        term = normalize_arabic_name(normalize_digits(search_term))
        return super().get_search_results(request, queryset, term)


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


class MembershipForm(forms.ModelForm):
    class Meta:
        model = CommitteeMembership
        fields = ("user", "role")

    def _post_clean(self):
        """The membership services check the member and the role."""


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    form = MembershipForm
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Only people who can sit on a committee are offered; the service still checks the role.
            kwargs["queryset"] = (
                db_field.related_model.objects.filter(
                    is_active=True, groups__name__in=[Role.COMMITTEE_MEMBER, Role.COMMITTEE_SECRETARY]
                )
                .distinct()
                .order_by("first_name", "last_name")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ("name", "quorum", "quorum_numerator", "quorum_denominator")

    def _post_clean(self):
        """The service's quorum rule, asked here so the message sits next to the input that was typed."""
        data = self.cleaned_data
        try:
            services.committee_quorum_check(
                quorum=data.get("quorum"),
                quorum_numerator=data.get("quorum_numerator"),
                quorum_denominator=data.get("quorum_denominator"),
            )
        except ValidationError as error:
            self.add_error(None, error)
            return
        # The model's own checks (a unique name) with their usual messages.
        super()._post_clean()


@admin.register(Committee)
class CommitteeAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    """Committees are configuration: saves go through the committee and membership services."""

    form = CommitteeForm
    list_display = ("name", "quorum_rule", "member_count")
    search_fields = ("name",)
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(members_total=Count("memberships", distinct=True))

    @admin.display(description=_("quorum"))
    def quorum_rule(self, obj):
        return obj.quorum_display

    @admin.display(description=_("members"), ordering="members_total")
    def member_count(self, obj):
        return obj.members_total

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        values = {
            "name": data.get("name") or "",
            "quorum": data.get("quorum"),
            "quorum_numerator": data.get("quorum_numerator"),
            "quorum_denominator": data.get("quorum_denominator"),
        }

        def save():
            if change:
                committee = services.committee_update(actor=request.user, committee=obj, **values)
            else:
                committee = services.committee_create(actor=request.user, **values)
            obj.pk = committee.pk
            for name in values:
                setattr(obj, name, getattr(committee, name))

        self._service(request, save)

    def save_formset(self, request, form, formset, change):
        """Each added, changed or removed member goes through its service; a refusal is a message."""
        if getattr(request, "_service_refused", False) or form.instance.pk is None:
            mark_unsaved([formset])
            return
        committee = form.instance
        for inline_form in formset.forms:
            data = getattr(inline_form, "cleaned_data", None) or {}
            membership = inline_form.instance
            if not data:
                continue
            if data.get("DELETE"):
                if membership.pk is not None:
                    self._service(
                        request,
                        lambda m=membership: services.committee_membership_remove(actor=request.user, membership=m),
                    )
            elif membership.pk is None:
                if data.get("user") is not None:
                    self._service(
                        request,
                        lambda d=data: services.committee_membership_add(
                            actor=request.user, committee=committee, user=d["user"], role=d.get("role") or ""
                        ),
                    )
            elif "user" in inline_form.changed_data:
                messages.error(request, _("To replace a member, remove the row and add the new member."))
            elif inline_form.has_changed():
                self._service(
                    request,
                    lambda m=membership, d=data: services.committee_membership_update(
                        actor=request.user, membership=m, role=d.get("role") or ""
                    ),
                )
        mark_unsaved([formset])


# --- Meetings -----------------------------------------------------------------------------------


def latest_report(request_obj) -> ResearchReport | None:
    reports = list(request_obj.research_reports.all())
    return reports[0] if reports else None


def documents_prefetch() -> Prefetch:
    return Prefetch(
        "request__beneficiary__documents",
        queryset=Document.objects.select_related("document_type").order_by("document_type__name", "-uploaded_at"),
    )


def document_links(item: AgendaItem):
    """The beneficiary's documents, each opened through the checked private-file view, never a public URL."""
    documents = list(item.request.beneficiary.documents.all())
    if not documents:
        return _("No documents")
    return format_html_join(
        "",
        '<div><a href="{}" target="_blank" rel="noopener">{}</a>{}</div>',
        (
            (
                reverse("admin:requests_app_agendaitem_document", args=[item.pk, document.pk]),
                document.document_type,
                format_html(" <small>({})</small>", _("expired")) if document.is_expired else "",
            )
            for document in documents
        ),
    )


def decision_letter_link(request_obj: SupportRequest):
    if not request_obj.decision or request_obj.decided_at is None:
        return _("Available once the request is decided")
    return format_html(
        '<a href="{}">{}</a>',
        reverse("reports:decision_letter", args=[request_obj.pk]),
        _("Download the decision letter"),
    )


def beneficiary_told(request_obj: SupportRequest):
    """When and through which channel the beneficiary was told of the decision (R14)."""
    if request_obj.notified_at is None:
        return _("Not yet")
    when = timezone.localtime(request_obj.notified_at).strftime("%Y-%m-%d %H:%M")
    if not request_obj.notified_via:
        return when
    return f"{when} — {request_obj.get_notified_via_display()}"


# The meeting page shows the agenda a page at a time, as a plain read-only table: Django admin's
# inline machinery took 140 ms to draw 25 read-only items (on the bench machine), the table a tenth
# of it. The agenda's own list (linked above it) searches and filters every item.
AGENDA_PAGE_SIZE = 25
AGENDA_PAGE_PARAM = "agenda_page"


def agenda_items_for_page(meeting: Meeting):
    """A meeting's items in agenda order, with what the table shows, loaded in a fixed number of queries."""
    return (
        # In agenda order within the one meeting (the model's ordering starts with the meeting's
        # date, which would make the database sort the whole agenda first).
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("order", "pk")
        .select_related("request__beneficiary", "request__service_type")
        .prefetch_related(
            Prefetch("request__research_reports", queryset=ResearchReport.objects.select_related("researcher")),
            documents_prefetch(),
            Prefetch("votes", queryset=MemberVote.objects.select_related("member")),
        )
    )


def agenda_request_link(item: AgendaItem):
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:requests_app_agendaitem_change", args=[item.pk]), item.request
    )


def agenda_research_report(item: AgendaItem):
    report = latest_report(item.request)
    if report is None:
        return _("No research report yet")
    return format_html(
        "<strong>{}</strong> {}<br>{}",
        report.get_recommendation_display(),
        report.recommended_amount or "",
        report.summary,
    )


def agenda_votes(item: AgendaItem):
    return format_html_join(
        "",
        "<div>{}: {} {}</div>",
        ((person_name(vote.member), vote.get_vote_display(), vote.dissent_note) for vote in item.votes.all()),
    )


# The agenda table's columns: heading, then the cell of an item (escaped by the template unless safe).
AGENDA_COLUMNS = (
    (_("request"), agenda_request_link),
    (_("beneficiary"), lambda item: item.request.beneficiary),
    (_("service"), lambda item: item.request.service_type),
    (_("amount requested (SAR)"), lambda item: item.request.amount_requested),
    (_("research report"), agenda_research_report),
    (_("documents"), document_links),
    (_("votes"), agenda_votes),
    (_("outcome"), lambda item: item.get_outcome_display()),
    (_("approved amount (SAR)"), lambda item: item.approved_amount),
)


@dataclass(frozen=True)
class AgendaPage:
    """A page of a meeting's agenda, with the addresses of the pages around it (other parameters kept)."""

    meeting: Meeting
    page: Page
    query: QueryDict

    def url(self, number: int) -> str:
        query = self.query.copy()
        query[AGENDA_PAGE_PARAM] = str(number)
        return f"?{query.urlencode()}"

    def summary(self):
        """Which items the page shows, with links to the pages before and after it."""
        page = self.page
        text = _("Items %(first)s–%(last)s of %(count)s.") % {
            "first": page.start_index(),
            "last": page.end_index(),
            "count": page.paginator.count,
        }
        links = []
        if page.has_previous():
            links.append((self.url(page.previous_page_number()), _("Previous items")))
        if page.has_next():
            links.append((self.url(page.next_page_number()), _("Next items")))
        return format_html(
            '<span class="agenda-pages">{} {}</span>', text, format_html_join(" · ", '<a href="{}">{}</a>', links)
        )

    def headings(self):
        return [heading for heading, _cell in AGENDA_COLUMNS]

    def items(self) -> list[AgendaItem]:
        offset = (self.page.number - 1) * AGENDA_PAGE_SIZE
        return list(agenda_items_for_page(self.meeting)[offset : offset + AGENDA_PAGE_SIZE])

    def rows(self) -> list[list]:
        return [[cell(item) for _heading, cell in AGENDA_COLUMNS] for item in self.items()]


def agenda_page(request, meeting: Meeting) -> AgendaPage:
    """The page of the agenda asked for in the address; a missing or wrong number gives the first or last."""
    count = getattr(meeting, "agenda_count", None)
    if count is None:
        count = meeting.items.count()
    page = Paginator(range(count), AGENDA_PAGE_SIZE).get_page(request.GET.get(AGENDA_PAGE_PARAM))
    return AgendaPage(meeting=meeting, page=page, query=request.GET)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ("committee", "date", "place", "attendees")


# A longer run of digits is a reference or an identity number, never a meeting's number (and would
# not fit the database's integer).
MEETING_NUMBER_DIGITS = 6


@admin.register(Meeting)
class MeetingAdmin(ServiceSaveMixin, SimpleHistoryAdmin):
    form = MeetingForm
    list_display = ("number", "committee", "date", "place", "status", "agenda_size", "minutes_state")
    list_filter = (("committee", admin.RelatedOnlyFieldListFilter), "status", "date")
    search_fields = (
        "=number",
        "items__request__reference_number",
        "items__request__beneficiary__identity_number",
        "items__request__beneficiary__full_name_normalized",
    )
    list_select_related = ("committee",)
    date_hierarchy = "date"
    # The agenda is drawn below the form by this template (see AGENDA_PAGE_SIZE).
    change_form_template = "admin/requests_app/meeting/change_form.html"
    filter_horizontal = ("attendees",)
    actions = ["close_meetings", "approve_minutes"]

    def get_queryset(self, request):
        queryset = (
            super().get_queryset(request).annotate(agenda_count=per_row(AgendaItem.objects.all(), link="meeting"))
        )
        if not sees_every_meeting(request.user):
            queryset = queryset.filter(committee__in=committees_of(user=request.user))
        return queryset

    def get_search_results(self, request, queryset, search_term):
        """Meetings by their number, or by requests on their agenda: the start of a reference or of
        a beneficiary's identity number, or part of a beneficiary's name (folded); with several
        words, meetings that match every word.

        Each word reads an index (the references' and identity numbers' prefix indexes, the names'
        trigrams) and the meetings are read once, not in each of the list's four queries. Django's
        search over ``items__request__…`` joined every agenda item of a year to its request and
        beneficiary and tested each word on all of them (3.1 s on the bench).
        """
        words = normalize_arabic_name(normalize_digits(search_term)).split()
        if not words:
            return queryset, False
        meetings = None
        for word in words:
            people = Beneficiary.objects.filter(
                Q(identity_number__startswith=word) | Q(full_name_normalized__contains=word)
            ).values("pk")
            matching = set()
            if word.isdigit() and len(word) <= MEETING_NUMBER_DIGITS:
                matching |= set(Meeting.objects.filter(number=int(word)).values_list("pk", flat=True))
            for items in (
                AgendaItem.objects.filter(request__reference_number__startswith=word),
                AgendaItem.objects.filter(request__beneficiary__in=people),
            ):
                matching |= set(items.order_by().values_list("meeting", flat=True).distinct())
            meetings = matching if meetings is None else meetings & matching
        return queryset.filter(pk__in=meetings), False

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
            "agenda_overview",
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        readonly = [
            "committee",
            "number",
            "status",
            "closed_at",
            "minutes_approved_by",
            "minutes_pdf",
            "agenda_overview",
        ]
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
        """Attendees were saved by the service; the agenda is read-only here."""
        mark_unsaved(formsets)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            # The overview above the form (agenda_overview) names the same page as the table below it.
            obj.agenda_page = context["agenda"] = agenda_page(request, obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    @admin.display(description=_("agenda items"), ordering="agenda_count")
    def agenda_size(self, obj):
        return obj.agenda_count

    @admin.display(description=_("agenda"))
    def agenda_overview(self, obj):
        url = reverse("admin:requests_app_agendaitem_changelist") + f"?meeting__id__exact={obj.pk}"
        whole = format_html('<a href="{}">{}</a>', url, _("The whole agenda, with search and filters"))
        shown = getattr(obj, "agenda_page", None)
        if shown is None or not shown.page.has_other_pages():
            return format_html("{} {}", _("%(count)s items, listed below.") % {"count": obj.agenda_count}, whole)
        return format_html("{} · {}", shown.summary(), whole)

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


# The agenda list's meeting filter names the open meetings and this many of the latest closed ones.
# A year has a thousand meetings: listing them all made the sidebar unreadable and took most of the
# page's time. An older meeting's agenda opens from the link on its meeting page.
CLOSED_MEETINGS_LISTED = 20


class MeetingListFilter(admin.RelatedOnlyFieldListFilter):
    """The open and latest meetings the user may see (and the chosen one), named in one query."""

    def field_choices(self, field, request, model_admin):
        # Each meeting asks the agenda index whether it has a visible item, instead of the database
        # reading every agenda item for their distinct meetings (26 ms on a year of 270,000 items).
        visible = model_admin.get_queryset(request)
        if LOOKUP_SEP in self.field_path:
            # Through another table (votes, by their items' meetings): the meetings are read from
            # the rows first. Probed one meeting at a time through the join, a member's list read
            # every agenda item of a year's meetings for their ten (167 ms on the bench).
            ids = set(visible.order_by().values_list(self.field_path, flat=True).distinct())
            meetings = Meeting.objects.filter(pk__in=ids)
        else:
            meetings = Meeting.objects.filter(Exists(visible.filter(**{self.field_path: OuterRef("pk")})))
        meetings = meetings.order_by("-date", "-number", "-pk")
        latest_closed = meetings.exclude(status=MeetingStatus.OPEN).values("pk")[:CLOSED_MEETINGS_LISTED]
        chosen = [value for value in self.lookup_val or [] if value.isdigit()]
        listed = meetings.filter(
            Q(status=MeetingStatus.OPEN) | Q(pk__in=latest_closed) | Q(pk__in=chosen)
        ).select_related("committee")
        return [(meeting.pk, str(meeting)) for meeting in listed]


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
class AgendaItemAdmin(NormalizedSearchMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    form = DecisionForm
    list_display = ("request", "beneficiary_name", "service", "meeting", "outcome", "approved_amount", "due_date")
    # Related-only: a member's filter lists only the meetings they may see.
    list_filter = (("meeting", MeetingListFilter), "outcome", "request__service_type", OverdueFilter)
    search_fields = (
        "request__reference_number",
        "request__beneficiary__identity_number",
        "request__beneficiary__full_name_normalized",
    )
    list_select_related = ("meeting__committee", "request__beneficiary", "request__service_type")
    # A page the committee can read through, like the portal's lists; and no count of the whole year's
    # agenda beside the filtered count (20 ms on 270,000 items, on every page).
    list_per_page = 25
    show_full_result_count = False
    inlines = [VoteInline]
    decision_fields = ("outcome", "approved_amount", "aid_form", "conditions", "reasons")
    info_fields = (
        "meeting",
        "request_info",
        "research_report",
        "documents",
        "decided_at",
        "decided_by",
        "decision_letter",
        "beneficiary_told",
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not sees_every_meeting(request.user):
            queryset = queryset.filter(meeting__committee__in=committees_of(user=request.user))
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
        reports = list(obj.request.research_reports.select_related("researcher"))
        if not reports:
            return _("No research report yet")
        return format_html_join(
            "",
            "<div><strong>{}</strong> {}<br>{}<br><small>{} — {}</small><br>{}<br>{}</div>",
            (
                (
                    report.get_recommendation_display(),
                    report.recommended_amount or "",
                    report.summary,
                    person_name(report.researcher),
                    timezone.localtime(report.written_at).strftime("%Y-%m-%d"),
                    report.field_visit_date or "",
                    report.field_visit_findings,
                )
                for report in reports
            ),
        )

    @admin.display(description=_("documents"))
    def documents(self, obj):
        return document_links(obj)

    @admin.display(description=_("decision letter (PDF)"))
    def decision_letter(self, obj):
        return decision_letter_link(obj.request)

    @admin.display(description=_("beneficiary told"))
    def beneficiary_told(self, obj):
        return beneficiary_told(obj.request)

    def get_urls(self):
        document = path(
            "<path:object_id>/documents/<int:document_pk>/",
            self.admin_site.admin_view(self.document_view),
            name="requests_app_agendaitem_document",
        )
        return [document, *super().get_urls()]

    def document_view(self, request, object_id, document_pk):
        """A document of the beneficiary whose request is on an agenda the user may see (private file)."""
        item = self.get_queryset(request).select_related("request").filter(pk=object_id).first()
        if item is None or not self.has_view_permission(request, item):
            raise Http404
        document = get_object_or_404(Document, pk=document_pk, beneficiary_id=item.request.beneficiary_id)
        return private_file_response(
            file=document.file, content_type=document.content_type, name=f"document-{document.pk}"
        )


# --- Votes: each member their own --------------------------------------------------------------------


class VoteForm(forms.ModelForm):
    class Meta:
        model = MemberVote
        fields = ("item", "vote", "dissent_note")

    def _post_clean(self):
        """The service checks the vote; the form only parses the inputs."""


@admin.register(MemberVote)
class MemberVoteAdmin(NormalizedSearchMixin, ServiceSaveMixin, SimpleHistoryAdmin):
    form = VoteForm
    list_display = ("item", "member", "vote", "cast_at")
    list_filter = ("vote", ("item__meeting", MeetingListFilter))
    search_fields = (
        "item__request__reference_number",
        "item__request__beneficiary__identity_number",
        "item__request__beneficiary__full_name_normalized",
    )
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
class RecusalAdmin(NormalizedSearchMixin, ServiceSaveMixin, SimpleHistoryAdmin):
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
