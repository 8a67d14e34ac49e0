"""A small, known month for the managers' dashboard: October 2026, seen on Monday 23 November 2026.

Every request goes through the real workflow at the moment written beside it, so its dates are
what the portal itself records. The expected figures are worked out by hand in EXPECTED below.

Calendar (weekend Friday and Saturday, no holiday in October or November 2026; 23 September is
National Day): Thursday 1 October 2026.

Requests (category A is the ``category`` fixture, B ``other_category``):
  R1  A  food basket  in person  received 1 Oct, complete 1 Oct, approved 1,000 on 8 Oct (5 working days,
         due 22 Oct: in time), delivered 1,000 cash on 12 Oct
  R2  A  food basket  phone      received 20 Sep, complete 21 Sep, rejected on 20 Oct (20 working days:
         Sep 22, 24, 27-30, Oct 1, 4-8, 11-15, 18-20; due 13 Oct: late)
  R3  B  rent         website    received and complete 5 Oct, under research 7 Oct, deferred 12 Oct,
         under research again 13 Oct, partly approved 600 on 15 Oct (8 working days; due 26 Oct: in time)
  R4  A  rent         in person  received and complete 11 Oct, under research from 12 Oct; due 1 Nov,
         so 16 working days overdue on 23 Nov (Nov 2-5, 8-12, 15-19, 22, 23)
  R5  A  food basket  phone      received 20 Oct, still a draft (34 days old on 23 Nov)
  R6  B  food basket  in person  received 20 Nov, still a draft (3 days old)
  R7  A  food basket  in person  received 25 Oct, withdrawn 26 Oct

Complaints:
  C1  service quality  phone    beneficiary of A, received 4 Oct 09:00, acknowledged 15:00 (6 h),
                                resolved 8 Oct 09:00 (4 days)
  C2  delay            website  anonymous, received 6 Oct 10:00, acknowledged 7 Oct 10:00 (24 h), open
  C3  service quality  phone    named, not registered, received 10 Oct 08:00, not acknowledged yet
  C4  service quality  phone    received 2 Nov (outside the period)

Contacts logged: an inbound phone call from a beneficiary of A on 14 Oct, and an outbound call (not counted).

Survey answers (rating 1-5 and recommendation 0-10), by day submitted:
  15 Sep: 3 and 0 · 10 Oct: 5 and 10 · 12 Oct: 4 and 6 · 20 Oct: 2 and 9 · 3 Nov: 5 (outside)

Policy sign-off: one version in force for the follow-up committee; of its two members one has signed.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction
from factories import (
    BeneficiaryFactory,
    CategoryFactory,
    InteractionFactory,
    ServiceTypeFactory,
    UserFactory,
    make_support_request,
)
from factories.complaints import AnonymousComplaintFactory, ComplaintFactory
from factories.complaints import category as complaint_category
from factories.policies import version_in_force
from factories.requests import Staff, advance_request

from beneficiaries.models import InteractionDirection
from complaints.models import ComplaintStatus
from policies.choices import Channel
from policies.roles import Role
from policies.services import policy_signoff_record
from requests_app.models import Decision, Recommendation, RequestStatus
from requests_app.services import research_report_write
from requests_app.workflow import support_request_transition
from surveys.models import Answer, QuestionType, Response, SurveyKind
from surveys.services.invitations import answers_save

RIYADH = ZoneInfo("Asia/Riyadh")
S = RequestStatus


def riyadh(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=RIYADH)


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


# The day the dashboard is looked at: Monday 23 November 2026, so "last month" is October.
TODAY = riyadh(11, 23, 10, 30)


# What the dashboard must show for October 2026, all categories, worked out from the table above.
EXPECTED = {
    "received": 5,  # R1, R3, R4, R5, R7
    "completed": 3,  # R1, R3, R4
    "decided": 3,  # R1, R2, R3
    "delivered": 1,  # R1
    "within": 2,  # R1, R3
    "within_percent": 66.7,  # 2 of 3
    "median": 8.0,  # of 5, 8, 20
    "p90": 17.6,  # 8 + 0.8 × (20 − 8)
}
# Category A only: R1, R2, R4, R5, R7.
EXPECTED_A = {
    "received": 4,
    "completed": 2,
    "decided": 2,
    "delivered": 1,
    "within": 1,
    "within_percent": 50.0,
    "median": 12.5,  # of 5 and 20
    "p90": 18.5,  # 5 + 0.9 × 15
}


@dataclass
class October:
    requests: dict
    food: object
    rent: object
    category_a: object
    category_b: object


def _decide(request, staff: Staff, decision: str, amount: Decimal | None):
    research_report_write(
        actor=staff[Role.SOCIAL_RESEARCHER],
        request=request,
        summary="الأسرة بحاجة إلى المساعدة",
        recommendation=Recommendation.APPROVE,
    )
    return support_request_transition(
        actor=staff[Role.COMMITTEE_SECRETARY],
        request=request,
        to_status=S.DECIDED,
        note="قرار اللجنة",
        decision=decision,
        approved_amount=amount,
    )


def build_october(*, category_a, category_b) -> October:
    staff = Staff()
    reception = staff[Role.RECEPTION]
    food = ServiceTypeFactory(name="سلة غذائية", name_en="Food basket", sort_order=1)
    rent = ServiceTypeFactory(name="مساعدة إيجار", name_en="Rent help", sort_order=2)
    a1, a2 = BeneficiaryFactory(category=category_a), BeneficiaryFactory(category=category_a)
    b1 = BeneficiaryFactory(category=category_b)

    def new(beneficiary, service, channel):
        return make_support_request(actor=reception, beneficiary=beneficiary, service_type=service, channel=channel)

    with at(riyadh(9, 20, 10)):
        r2 = new(a2, food, Channel.PHONE)
    with at(riyadh(9, 21, 10)):
        advance_request(r2, S.COMPLETE, staff=staff)

    with at(riyadh(10, 1, 9)):
        r1 = new(a1, food, Channel.IN_PERSON)
        advance_request(r1, S.COMPLETE, staff=staff)
    with at(riyadh(10, 5, 9)):
        r3 = new(b1, rent, Channel.WEBSITE)
        advance_request(r3, S.COMPLETE, staff=staff)
    with at(riyadh(10, 7, 9)):
        advance_request(r3, S.UNDER_RESEARCH, staff=staff)
    with at(riyadh(10, 8, 11)):
        advance_request(r1, S.UNDER_RESEARCH, staff=staff)
        _decide(r1, staff, Decision.APPROVED, Decimal("1000"))
        advance_request(r1, S.NOTIFIED, staff=staff)
    with at(riyadh(10, 11, 9)):
        r4 = new(a1, rent, Channel.IN_PERSON)
        advance_request(r4, S.COMPLETE, staff=staff)
    with at(riyadh(10, 12, 9)):
        advance_request(r4, S.UNDER_RESEARCH, staff=staff)
        support_request_transition(
            actor=staff[Role.COMMITTEE_SECRETARY], request=r3, to_status=S.REFERRED, note="بانتظار تقرير إضافي"
        )
    with at(riyadh(10, 12, 10)):
        advance_request(r1, S.DELIVERED, staff=staff)
    with at(riyadh(10, 13, 9)):
        advance_request(r3, S.UNDER_RESEARCH, staff=staff)
    with at(riyadh(10, 15, 12)):
        _decide(r3, staff, Decision.PARTIALLY_APPROVED, Decimal("600"))
    with at(riyadh(10, 20, 10)):
        advance_request(r2, S.UNDER_RESEARCH, staff=staff)
        _decide(r2, staff, Decision.REJECTED, None)
        r5 = new(a2, food, Channel.PHONE)
    with at(riyadh(10, 25, 9)):
        r7 = new(a2, food, Channel.IN_PERSON)
    with at(riyadh(10, 26, 9)):
        advance_request(r7, S.WITHDRAWN, staff=staff)
    with at(riyadh(11, 20, 9)):
        r6 = new(b1, food, Channel.IN_PERSON)

    quality, delay = complaint_category("service_quality"), complaint_category("delay")
    ComplaintFactory(
        category=quality,
        channel=Channel.PHONE,
        beneficiary=a1,
        received_at=riyadh(10, 4, 9),
        acknowledged_at=riyadh(10, 4, 15),
        resolved_at=riyadh(10, 8, 9),
        status=ComplaintStatus.RESOLVED,
        outcome="upheld",
        response="نعتذر عن التأخير.",
        response_channel="sms",
    )
    AnonymousComplaintFactory(
        category=delay,
        channel=Channel.WEBSITE,
        received_at=riyadh(10, 6, 10),
        acknowledged_at=riyadh(10, 7, 10),
        status=ComplaintStatus.ACKNOWLEDGED,
    )
    ComplaintFactory(category=quality, channel=Channel.PHONE, received_at=riyadh(10, 10, 8))
    ComplaintFactory(category=quality, channel=Channel.PHONE, received_at=riyadh(11, 2, 8))

    InteractionFactory(beneficiary=a1, channel=Channel.PHONE, occurred_at=riyadh(10, 14, 11), recorded_by=reception)
    InteractionFactory(
        beneficiary=a1,
        channel=Channel.PHONE,
        direction=InteractionDirection.OUTBOUND,
        occurred_at=riyadh(10, 14, 12),
        recorded_by=reception,
    )

    _survey_answers()

    version = version_in_force(applies_to_roles=[Role.COMPLAINTS_OFFICER], title="ميثاق لجنة المتابعة")
    signer = UserFactory(role=Role.COMPLAINTS_OFFICER)
    UserFactory(role=Role.COMPLAINTS_OFFICER)
    policy_signoff_record(actor=signer, version=version, read_confirmed=True, confidentiality_pledged=True)

    return October(
        requests={"R1": r1, "R2": r2, "R3": r3, "R4": r4, "R5": r5, "R6": r6, "R7": r7},
        food=food,
        rent=rent,
        category_a=category_a,
        category_b=category_b,
    )


def october_for_module(django_db_blocker):
    """Build the month once for a test module, inside a transaction rolled back after its last test.

    Each test runs in its own savepoint within it (pytest-django's ``db``), at TODAY.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        data = build_october(
            category_a=CategoryFactory(name="الأرامل (لوحة)", name_en="Widows (dashboard)"),
            category_b=CategoryFactory(name="الأيتام (لوحة)", name_en="Orphans (dashboard)"),
        )
        try:
            yield data
        finally:
            transaction.set_rollback(True)


def _survey_answers():
    from factories.surveys import QuestionFactory, SurveyFactory

    survey = SurveyFactory(kind=SurveyKind.PERIODIC)
    rating = QuestionFactory(survey=survey, type=QuestionType.RATING, order=1)
    nps = QuestionFactory(survey=survey, type=QuestionType.NPS, order=2, text="ما احتمال أن توصي بالجمعية؟")
    for day, given_rating, given_nps in (
        (date(2026, 9, 15), 3, 0),
        (date(2026, 10, 10), 5, 10),
        (date(2026, 10, 12), 4, 6),
        (date(2026, 10, 20), 2, 9),
        (date(2026, 11, 3), 5, None),
    ):
        response = Response.objects.create(survey=survey, submitted_on=day)
        answers = [Answer(question=rating, number=given_rating)]
        if given_nps is not None:
            answers.append(Answer(question=nps, number=given_nps))
        answers_save(response=response, answers=answers)
