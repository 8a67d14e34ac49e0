"""Reads of the research committee's records (R13)."""

from django.db.models import Prefetch, QuerySet

from policies.roles import Role, user_has_role
from requests_app.committee_models import AgendaItem, CommitteeMembership, Meeting, MemberVote

OVERSEERS = (Role.COMMITTEE_SECRETARY, Role.MANAGER, Role.ADMIN)


def committees_of(*, user) -> QuerySet[CommitteeMembership]:
    """The ids of the committees ``user`` sits on, as a subquery.

    Filtering by it needs no join to the memberships, and so no DISTINCT: DISTINCT over every
    column of the agenda items a member may see made PostgreSQL sort all of them to show a page.
    """
    return CommitteeMembership.objects.filter(user=user).values("committee")


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    """The secretary, managers and administrators see every meeting; a member only their committees'."""
    meetings = Meeting.objects.select_related("committee")
    if user_has_role(user, *OVERSEERS):
        return meetings
    if user_has_role(user, Role.COMMITTEE_MEMBER):
        return meetings.filter(committee__in=committees_of(user=user))
    return meetings.none()


def meeting_minutes(*, meeting: Meeting) -> dict:
    """What the minutes list: the attendees and every decision with its votes, and who approved them."""
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("request__beneficiary", "request__service_type", "decided_by")
        .prefetch_related(Prefetch("votes", queryset=MemberVote.objects.select_related("member")))
        .order_by("order", "pk")
    )
    memberships = {m.user_id: m for m in meeting.committee.memberships.select_related("user")}
    attendees = [
        {"user": user, "role": memberships[user.pk].get_role_display() if user.pk in memberships else ""}
        for user in meeting.attendees.order_by("first_name", "last_name")
    ]
    approvals = {a.member_id: a for a in meeting.minutes_approvals.all()}
    for attendee in attendees:
        attendee["approval"] = approvals.get(attendee["user"].pk)
    return {"meeting": meeting, "items": list(items), "attendees": attendees}


def decision_letter(*, request) -> dict:
    """What the decision letter to the beneficiary says (R14).

    The committee's agenda item carries the form of aid, conditions and reasons; a decision recorded on
    the staff pages (no agenda item) falls back to the request's own decision and note.
    """
    from requests_app.models import Decision

    item = (
        AgendaItem.objects.filter(request=request, outcome=request.decision, decided_at__lte=request.decided_at)
        .select_related("meeting__committee")
        .order_by("-decided_at", "-pk")
        .first()
    )
    approved = request.decision in (Decision.APPROVED, Decision.PARTIALLY_APPROVED)
    return {
        "support_request": request,
        "beneficiary": request.beneficiary,
        "item": item,
        "meeting": item.meeting if item else None,
        "approved": approved,
        "rejected": request.decision == Decision.REJECTED,
        "approved_amount": request.approved_amount if approved else None,
        "aid_form": item.aid_form if item else "",
        "conditions": item.conditions if item else "",
        "reasons": item.reasons if item else request.decision_note,
    }
