"""The research committee's writes: meetings, agendas, votes, decisions and minutes (R13).

A decision moves the request only through ``requests_app.workflow.support_request_transition``.
Once every attendee has approved a meeting's minutes they are locked: every service here refuses
to change that meeting.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from policies.errors import DomainError
from policies.roles import Role, user_has_role
from requests_app.committee_models import (
    MAX_QUORUM,
    AgendaItem,
    Committee,
    CommitteeMembership,
    CommitteeRole,
    Meeting,
    MeetingStatus,
    MemberVote,
    MinutesApproval,
    Outcome,
    Recusal,
    Vote,
)
from requests_app.models import Decision, RequestStatus, SupportRequest

AGENDA_STATUSES = (RequestStatus.REFERRED, RequestStatus.UNDER_RESEARCH)
OUTCOME_DECISION = {
    Outcome.APPROVED: Decision.APPROVED,
    Outcome.PARTIALLY_APPROVED: Decision.PARTIALLY_APPROVED,
    Outcome.REJECTED: Decision.REJECTED,
}


def _save(instance, *, actor) -> None:
    instance._history_user = actor
    instance.full_clean()
    instance.save()


def _require_secretary(actor) -> None:
    if not user_has_role(actor, Role.COMMITTEE_SECRETARY):
        raise DomainError(_("Only the committee secretary can do this."))


# --- Committees and their members (configuration, by administrators) ----------------------------


def _require_administrator(actor) -> None:
    if not user_has_role(actor, Role.ADMIN):
        raise DomainError(_("Only a system administrator can change committees and their members."))


def committee_quorum_check(*, quorum: int | None, quorum_numerator: int | None, quorum_denominator: int | None) -> None:
    """The quorum is a number of members or a fraction of the membership: exactly one, in range.

    Raises ValidationError keyed by field; forms call it to show the message next to the input.
    """
    fraction = (quorum_numerator, quorum_denominator)
    if quorum is None and fraction == (None, None):
        raise ValidationError({"quorum": _("Give the quorum as a number of members or as a fraction.")})
    if quorum is not None and fraction != (None, None):
        raise ValidationError({"quorum": _("Give the quorum as a number or as a fraction, not both.")})
    if quorum is not None:
        if not 1 <= quorum <= MAX_QUORUM:
            raise ValidationError(
                {"quorum": _("The quorum must be between 1 and %(max)s members.") % {"max": MAX_QUORUM}}
            )
        return
    if None in fraction:
        field_name = "quorum_numerator" if quorum_numerator is None else "quorum_denominator"
        raise ValidationError({field_name: _("A fraction needs both a numerator and a denominator.")})
    if not 1 <= quorum_denominator <= MAX_QUORUM:
        raise ValidationError(
            {"quorum_denominator": _("The denominator must be between 1 and %(max)s.") % {"max": MAX_QUORUM}}
        )
    if not 1 <= quorum_numerator <= quorum_denominator:
        raise ValidationError(
            {"quorum_numerator": _("The numerator must be at least 1 and no more than the denominator.")}
        )


def committee_create(
    *,
    actor: AbstractBaseUser,
    name: str,
    quorum: int | None = None,
    quorum_numerator: int | None = None,
    quorum_denominator: int | None = None,
) -> Committee:
    _require_administrator(actor)
    committee_quorum_check(quorum=quorum, quorum_numerator=quorum_numerator, quorum_denominator=quorum_denominator)
    with transaction.atomic():
        committee = Committee(
            name=name.strip(),
            quorum=quorum,
            quorum_numerator=quorum_numerator,
            quorum_denominator=quorum_denominator,
        )
        _save(committee, actor=actor)
    return committee


def committee_update(
    *,
    actor: AbstractBaseUser,
    committee: Committee,
    name: str,
    quorum: int | None = None,
    quorum_numerator: int | None = None,
    quorum_denominator: int | None = None,
) -> Committee:
    """Rename a committee or change its quorum; meetings already decided keep their decisions."""
    _require_administrator(actor)
    committee_quorum_check(quorum=quorum, quorum_numerator=quorum_numerator, quorum_denominator=quorum_denominator)
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee.pk)
        committee.name = name.strip()
        committee.quorum = quorum
        committee.quorum_numerator = quorum_numerator
        committee.quorum_denominator = quorum_denominator
        _save(committee, actor=actor)
    return committee


def _check_member_role(*, user, role: str) -> None:
    if role not in CommitteeRole.values:
        raise ValidationError({"role": _("Choose the member's role in the committee.")})
    if not user.is_active:
        raise ValidationError({"user": _("This user account is disabled.")})
    needed = Role.COMMITTEE_SECRETARY if role == CommitteeRole.SECRETARY else Role.COMMITTEE_MEMBER
    if not user_has_role(user, needed):
        raise ValidationError(
            {
                "user": _("%(name)s does not have the role “%(role)s”.")
                % {"name": user.get_full_name() or user.get_username(), "role": Role(needed).label}
            }
        )


def _check_single_office(*, committee: Committee, role: str, exclude_pk: int | None = None) -> None:
    """A committee has one chair and one secretary; ordinary members are unlimited."""
    if role == CommitteeRole.MEMBER:
        return
    holders = committee.memberships.filter(role=role)
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    if holders.exists():
        raise ValidationError(
            {"role": _("This committee already has a %(role)s.") % {"role": CommitteeRole(role).label}}
        )


def committee_membership_add(
    *, actor: AbstractBaseUser, committee: Committee, user, role: str = CommitteeRole.MEMBER
) -> CommitteeMembership:
    _require_administrator(actor)
    _check_member_role(user=user, role=role)
    with transaction.atomic():
        committee = Committee.objects.select_for_update().get(pk=committee.pk)
        if committee.memberships.filter(user=user).exists():
            raise ValidationError({"user": _("This person is already a member of the committee.")})
        _check_single_office(committee=committee, role=role)
        membership = CommitteeMembership(committee=committee, user=user, role=role)
        _save(membership, actor=actor)
    return membership


def committee_membership_update(
    *, actor: AbstractBaseUser, membership: CommitteeMembership, role: str
) -> CommitteeMembership:
    """Change a member's role (chair, secretary, member)."""
    _require_administrator(actor)
    with transaction.atomic():
        membership = (
            CommitteeMembership.objects.select_for_update().select_related("committee", "user").get(pk=membership.pk)
        )
        _check_member_role(user=membership.user, role=role)
        Committee.objects.select_for_update().get(pk=membership.committee_id)
        _check_single_office(committee=membership.committee, role=role, exclude_pk=membership.pk)
        membership.role = role
        _save(membership, actor=actor)
    return membership


def committee_membership_remove(*, actor: AbstractBaseUser, membership: CommitteeMembership) -> None:
    """A member leaves the committee; not while they sit on one of its open meetings."""
    _require_administrator(actor)
    with transaction.atomic():
        membership = CommitteeMembership.objects.select_for_update().get(pk=membership.pk)
        sitting = Meeting.objects.filter(
            committee_id=membership.committee_id, status=MeetingStatus.OPEN, attendees=membership.user_id
        )
        if sitting.exists():
            raise DomainError(
                _("This member attends an open meeting of the committee; remove them from its attendees first.")
            )
        membership._history_user = actor
        membership.delete()


# --- Meetings --------------------------------------------------------------------------------------


def minutes_locked(meeting: Meeting) -> bool:
    """Closed minutes that every attendee approved can no longer change."""
    if meeting.status != MeetingStatus.CLOSED:
        return False
    attendee_ids = set(meeting.attendees.values_list("pk", flat=True))
    approved_ids = set(meeting.minutes_approvals.values_list("member_id", flat=True))
    return bool(attendee_ids) and attendee_ids <= approved_ids


def _require_editable(meeting: Meeting) -> None:
    if minutes_locked(meeting):
        raise DomainError(_("The minutes of this meeting are approved and locked."))


def _require_open(meeting: Meeting) -> None:
    _require_editable(meeting)
    if meeting.status != MeetingStatus.OPEN:
        raise DomainError(_("This meeting is closed."))


def is_recused(*, member, request: SupportRequest) -> bool:
    return Recusal.objects.filter(member=member, beneficiary_id=request.beneficiary_id).exists()


def meeting_create(*, actor: AbstractBaseUser, committee: Committee, date: date, place: str = "") -> Meeting:
    """A new meeting with the committee's next number."""
    _require_secretary(actor)
    with transaction.atomic():
        Committee.objects.select_for_update().get(pk=committee.pk)
        last = committee.meetings.aggregate(last=Max("number"))["last"] or 0
        meeting = Meeting(committee=committee, number=last + 1, date=date, place=place.strip())
        _save(meeting, actor=actor)
    return meeting


def meeting_update(
    *,
    actor: AbstractBaseUser,
    meeting: Meeting,
    date: date,
    place: str = "",
    attendees: Iterable | None = None,
) -> Meeting:
    """Change the date, place and attendees of an open meeting; attendees must be committee members."""
    _require_secretary(actor)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_open(meeting)
        meeting.date = date
        meeting.place = place.strip()
        _save(meeting, actor=actor)
        if attendees is not None:
            attendees = list(attendees)
            member_ids = set(meeting.committee.memberships.values_list("user_id", flat=True))
            outsiders = [user for user in attendees if user.pk not in member_ids]
            if outsiders:
                raise ValidationError(
                    {
                        "attendees": _("Not members of this committee: %(names)s")
                        % {"names": "، ".join(str(user.get_full_name() or user) for user in outsiders)}
                    }
                )
            meeting.attendees.set(attendees)
    return meeting


def meeting_add_requests(*, actor: AbstractBaseUser, meeting: Meeting, requests: Iterable[SupportRequest]) -> int:
    """Put referred or under-research requests on an open meeting's agenda; returns how many were added.

    A request already on this agenda is skipped; any other status is refused.
    """
    _require_secretary(actor)
    requests = list(requests)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_open(meeting)
        wrong = [request.reference_number for request in requests if request.status not in AGENDA_STATUSES]
        if wrong:
            raise DomainError(
                _("Only requests referred to the committee or under research can go on the agenda: %(numbers)s")
                % {"numbers": "، ".join(wrong)}
            )
        present = set(meeting.items.values_list("request_id", flat=True))
        order = meeting.items.aggregate(last=Max("order"))["last"] or 0
        added = 0
        for request in requests:
            if request.pk in present:
                continue
            order += 1
            _save(AgendaItem(meeting=meeting, request=request, order=order), actor=actor)
            present.add(request.pk)
            added += 1
    return added


def vote_cast(*, actor: AbstractBaseUser, item: AgendaItem, vote: str, dissent_note: str = "") -> MemberVote:
    """The member's own vote on an agenda item (cast again to change it while the meeting is open)."""
    if vote not in Vote.values:
        raise ValidationError({"vote": _("Choose your vote.")})
    with transaction.atomic():
        item = AgendaItem.objects.select_related("meeting", "request").get(pk=item.pk)
        meeting = item.meeting
        _require_open(meeting)
        if item.outcome:
            raise DomainError(_("The decision on this request is already recorded."))
        if not meeting.committee.memberships.filter(user=actor).exists():
            raise DomainError(_("Only members of this committee can vote."))
        if not meeting.attendees.filter(pk=actor.pk).exists():
            raise DomainError(_("Only members attending the meeting can vote."))
        if is_recused(member=actor, request=item.request):
            raise DomainError(_("You declared a conflict of interest with this beneficiary and cannot vote."))
        member_vote = MemberVote.objects.select_for_update().filter(item=item, member=actor).first()
        if member_vote is None:
            member_vote = MemberVote(item=item, member=actor)
        member_vote.vote = vote
        member_vote.dissent_note = dissent_note.strip()
        member_vote.cast_at = timezone.now()
        _save(member_vote, actor=actor)
    return member_vote


def quorum_needed(committee: Committee) -> int:
    """How many members a decision needs: the fixed number, or the fraction of the membership rounded up."""
    if committee.quorum is not None:
        return committee.quorum
    members = committee.memberships.count()
    # Integer ceiling: 2/3 of 4 members is 3, never 2.67 rounded down.
    needed = -(-members * committee.quorum_numerator // committee.quorum_denominator)
    return max(needed, 1)


def voting_members_count(item: AgendaItem) -> int:
    """Attending committee members with no declared conflict with this item's beneficiary."""
    meeting = item.meeting
    recused = Recusal.objects.filter(beneficiary_id=item.request.beneficiary_id).values("member_id")
    return (
        meeting.attendees.filter(committee_memberships__committee_id=meeting.committee_id)
        .exclude(pk__in=recused)
        .distinct()
        .count()
    )


def committee_decision_record(
    *,
    actor: AbstractBaseUser,
    item: AgendaItem,
    outcome: str,
    approved_amount: Decimal | None = None,
    aid_form: str = "",
    conditions: str = "",
    reasons: str = "",
) -> AgendaItem:
    """Record the committee's decision on an agenda item and move the request through the workflow.

    Approved, partially approved and rejected requests become decided; deferred ones and those
    needing more information go back to the committee's list (referred).
    """
    from requests_app.workflow import support_request_transition

    _require_secretary(actor)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the committee's decision.")})
    reasons = reasons.strip()
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().get(pk=item.pk)
        item = AgendaItem.objects.select_related("meeting__committee", "request__service_type").get(pk=item.pk)
        _require_open(item.meeting)
        if item.outcome:
            raise DomainError(_("The decision on this request is already recorded."))
        request = item.request
        if is_recused(member=actor, request=request):
            raise DomainError(_("You declared a conflict of interest with this beneficiary and cannot record this."))
        quorum = quorum_needed(item.meeting.committee)
        present = voting_members_count(item)
        if present < quorum:
            raise DomainError(
                _("No quorum: %(present)s attending members without a conflict, %(quorum)s needed.")
                % {"present": present, "quorum": quorum}
            )
        if outcome in (Outcome.REJECTED, Outcome.PARTIALLY_APPROVED) and not reasons:
            raise ValidationError({"reasons": _("Give the reasons for this decision.")})
        if outcome in (Outcome.APPROVED, Outcome.PARTIALLY_APPROVED):
            if approved_amount is None and outcome == Outcome.PARTIALLY_APPROVED:
                raise ValidationError({"approved_amount": _("A partial approval needs the approved amount.")})
            maximum = request.service_type.max_amount
            if approved_amount is not None and maximum is not None and approved_amount > maximum:
                raise ValidationError(
                    {"approved_amount": _("This service gives at most %(amount)s SAR.") % {"amount": maximum}}
                )
        else:
            approved_amount = None
        now = timezone.now()
        item.outcome = outcome
        item.approved_amount = approved_amount
        item.aid_form = aid_form.strip()
        item.conditions = conditions.strip()
        item.reasons = reasons
        item.decided_at = now
        item.decided_by = actor
        _save(item, actor=actor)
        label = str(Outcome(outcome).label)
        note = "\n".join(part for part in (str(item.meeting), label, item.conditions, reasons) if part)
        if outcome in OUTCOME_DECISION:
            if request.status != RequestStatus.UNDER_RESEARCH:
                raise DomainError(_("The request needs a social research report before the committee decides."))
            support_request_transition(
                actor=actor,
                request=request,
                to_status=RequestStatus.DECIDED,
                note=note,
                decision=OUTCOME_DECISION[outcome],
                approved_amount=approved_amount,
            )
        elif request.status == RequestStatus.UNDER_RESEARCH:
            support_request_transition(actor=actor, request=request, to_status=RequestStatus.REFERRED, note=note)
        # A referred request that was not researched yet simply stays on the committee's list.
    return item


def meeting_close(*, actor: AbstractBaseUser, meeting: Meeting) -> Meeting:
    """Close the meeting once every agenda item has a decision; its minutes then await approval."""
    _require_secretary(actor)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        _require_open(meeting)
        if not meeting.attendees.exists():
            raise DomainError(_("Record who attended before closing the meeting."))
        undecided = meeting.items.filter(outcome="").count()
        if undecided:
            raise DomainError(_("%(count)s requests on the agenda have no decision yet.") % {"count": undecided})
        meeting.status = MeetingStatus.CLOSED
        meeting.closed_at = timezone.now()
        _save(meeting, actor=actor)
    return meeting


def minutes_approve(*, actor: AbstractBaseUser, meeting: Meeting) -> MinutesApproval:
    """An attending member approves the closed meeting's minutes (once)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != MeetingStatus.CLOSED:
            raise DomainError(_("The minutes can be approved only after the meeting is closed."))
        if not meeting.attendees.filter(pk=actor.pk).exists():
            raise DomainError(_("Only members who attended can approve the minutes."))
        if meeting.minutes_approvals.filter(member=actor).exists():
            raise DomainError(_("You have already approved these minutes."))
        approval = MinutesApproval(meeting=meeting, member=actor, approved_at=timezone.now())
        _save(approval, actor=actor)
    return approval


def recusal_declare(*, actor: AbstractBaseUser, member, beneficiary, reason: str) -> Recusal:
    """A member declares (or the secretary records for them) a conflict of interest with a beneficiary."""
    if member.pk != actor.pk:
        _require_secretary(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    with transaction.atomic():
        recusal = Recusal(member=member, beneficiary=beneficiary, reason=reason.strip())
        _save(recusal, actor=actor)
    return recusal
