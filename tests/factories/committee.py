"""The research committee: a committee with its members, meetings and agendas, built through the services."""

import itertools
from dataclasses import dataclass, field

import factory
from django.utils import timezone

from policies.roles import Role
from requests_app.committee_models import Committee, CommitteeMembership, CommitteeRole
from requests_app.models import Recommendation
from requests_app.services import research_report_write
from requests_app.services.committee import meeting_add_requests, meeting_create, meeting_update

from .users import UserFactory


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"لجنة البحث {n}")
    quorum = 3


@dataclass
class CommitteeSetup:
    committee: Committee
    secretary: object
    chair: object
    members: list = field(default_factory=list)

    @property
    def voters(self) -> list:
        return [self.chair, *self.members]


def make_committee(
    *, secretary, members: int = 3, quorum: int | None = 3, fraction: tuple[int, int] | None = None
) -> CommitteeSetup:
    """A committee: the given secretary, a chair and ``members - 1`` ordinary members (all staff users).

    The quorum is ``quorum`` members, or ``fraction`` (numerator, denominator) of the membership.
    """
    if fraction is not None:
        committee = CommitteeFactory(quorum=None, quorum_numerator=fraction[0], quorum_denominator=fraction[1])
    else:
        committee = CommitteeFactory(quorum=quorum)
    if not secretary.is_staff:
        secretary.is_staff = True
        secretary.save(update_fields=["is_staff"])
    CommitteeMembership.objects.create(committee=committee, user=secretary, role=CommitteeRole.SECRETARY)
    chair = UserFactory(role=Role.COMMITTEE_MEMBER, is_staff=True)
    CommitteeMembership.objects.create(committee=committee, user=chair, role=CommitteeRole.CHAIR)
    others = [UserFactory(role=Role.COMMITTEE_MEMBER, is_staff=True) for _ in range(members - 1)]
    for member in others:
        CommitteeMembership.objects.create(committee=committee, user=member, role=CommitteeRole.MEMBER)
    return CommitteeSetup(committee=committee, secretary=secretary, chair=chair, members=others)


def make_meeting(setup: CommitteeSetup, *, requests=(), attendees=None):
    """An open meeting attended by the chair and members (or ``attendees``), with ``requests`` on its agenda."""
    meeting = meeting_create(
        actor=setup.secretary, committee=setup.committee, date=timezone.localdate(), place="مقر الجمعية"
    )
    meeting_update(
        actor=setup.secretary,
        meeting=meeting,
        date=meeting.date,
        place=meeting.place,
        attendees=setup.voters if attendees is None else attendees,
    )
    if requests:
        meeting_add_requests(actor=setup.secretary, meeting=meeting, requests=list(requests))
    return meeting


def write_research_report(request, *, recommendation=Recommendation.APPROVE):
    return research_report_write(
        actor=request.assigned_researcher,
        request=request,
        summary="الأسرة بحاجة إلى المساعدة بعد انقطاع الدخل",
        recommendation=recommendation,
    )


_clone_numbers = itertools.count(1)


def clone_requests(request, count: int) -> list:
    """``count`` copies of a researched request (with its research report), made in bulk for list-size tests."""
    from requests_app.models import ResearchReport, SupportRequest

    report = request.research_reports.first()
    copies = []
    for _ in range(count):
        index = next(_clone_numbers)
        copy = SupportRequest.objects.get(pk=request.pk)
        copy.pk = None
        copy.reference_number = f"1400-{900000 + index:06d}"
        copy.tracking_code = f"CLONE{index:06d}"
        copy.submission_key = None
        copies.append(copy)
    copies = SupportRequest.objects.bulk_create(copies)
    if report is not None:
        ResearchReport.objects.bulk_create(
            [
                ResearchReport(
                    request=copy,
                    researcher_id=report.researcher_id,
                    summary=report.summary,
                    recommendation=report.recommendation,
                )
                for copy in copies
            ]
        )
    return copies
