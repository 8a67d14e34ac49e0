"""The counts kept as answers arrive are the counts of the answers (the results and the dashboard read them)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Sum
from factories import BeneficiaryFactory, CategoryFactory, ServiceTypeFactory, make_support_request
from factories.surveys import InvitationFactory, staff_survey, survey_with_questions

from policies.roles import Role
from surveys.models import ChoiceTally, InvitationTally, QuestionType, ResponseChannel, ResponseTally, SatisfactionDay
from surveys.selectors import survey_results
from surveys.services import response_submit
from surveys.services.fieldwork import response_enter
from surveys.services.tallies import survey_tallies_rebuild

RIYADH = ZoneInfo("Asia/Riyadh")
pytestmark = pytest.mark.django_db


def questions(survey) -> dict[str, int]:
    return {question.type: question.pk for question in survey.questions.all()}


def snapshot() -> dict:
    """Every tally, with rows of the same group added up (as every reader adds them)."""
    counts = ("responses", "ratings", "satisfied", "nps_answers", "promoters", "detractors")
    cells = (
        ResponseTally.objects.values("survey_id", "month", "service_type_id", "category_id", "channel")
        .annotate(**{name: Sum(name) for name in counts})
        .order_by()
    )
    choices = ChoiceTally.objects.values("question_id", "number").annotate(n=Sum("answers")).order_by()
    days = SatisfactionDay.objects.values("day").annotate(**{name: Sum(name) for name in counts[1:]}).order_by()
    invitations = InvitationTally.objects.values("survey_id", "channel").annotate(n=Sum("invitations")).order_by()
    return {
        "invitations": sorted(tuple(row.values()) for row in invitations),
        "cells": sorted(tuple(-1 if value is None else value for value in row.values()) for row in cells),
        "choices": sorted(
            (row["question_id"], row["number"] if row["number"] is not None else -1, row["n"]) for row in choices
        ),
        "days": sorted(tuple(row.values()) for row in days),
    }


@pytest.fixture
def answered(make_user, time_machine):
    """Responses of two surveys over two days, online and entered by staff, with services and categories."""
    online = survey_with_questions(required=False)
    field = staff_survey(required=False)
    q, f = questions(online), questions(field)
    widows, orphans = CategoryFactory(name="أرامل (تجربة)"), CategoryFactory(name="أيتام (تجربة)")
    food = ServiceTypeFactory(name="سلة غذائية (تجربة)")
    time_machine.move_to(datetime(2026, 10, 31, 22, 0, tzinfo=RIYADH))
    request = make_support_request(beneficiary=BeneficiaryFactory(category=widows), service_type=food)
    rows = [
        (request, "sms", 5, 10, 1, 0, [0, 2]),
        (None, "email", 2, 6, 0, 2, [1]),
        (None, "sms", 4, 9, None, 1, None),
    ]
    for support_request, channel, rating, nps, yes, single, ticked in rows:
        invitation = InvitationFactory(
            survey=online,
            channel=channel,
            support_request=support_request,
            beneficiary=support_request.beneficiary if support_request else None,
        )
        values = {
            q[QuestionType.RATING]: rating,
            q[QuestionType.NPS]: nps,
            q[QuestionType.YES_NO]: yes,
            q[QuestionType.SINGLE_CHOICE]: single,
            q[QuestionType.MULTIPLE_CHOICE]: ticked,
            q[QuestionType.FREE_TEXT]: "شكراً",
        }
        response_submit(invitation=invitation, answers=values)
    time_machine.move_to(datetime(2026, 11, 1, 10, 0, tzinfo=RIYADH))
    response_enter(
        actor=make_user(Role.CONTACT_OFFICER),
        survey=field,
        channel=ResponseChannel.FIELD_VISIT,
        beneficiary=BeneficiaryFactory(category=orphans),
        answers={f[QuestionType.RATING]: 3, f[QuestionType.NPS]: 0, f[QuestionType.MULTIPLE_CHOICE]: [0, 1, 2]},
    )
    return online, field


def test_the_counts_kept_as_answers_arrive_equal_a_recount_of_the_answers(answered):
    kept = snapshot()

    survey_tallies_rebuild()

    assert snapshot() == kept
    assert len(kept["cells"]) == 4  # food/widows/sms, sms, email, and the field visit in November
    assert [(channel, n) for _survey, channel, n in kept["invitations"]] == [("email", 1), ("sms", 2)]


def test_each_day_counts_its_own_ratings_and_nps_answers(answered):
    days = {row.day: row for row in SatisfactionDay.objects.all()}

    october, november = days[date(2026, 10, 31)], days[date(2026, 11, 1)]
    assert (october.ratings, october.satisfied, october.nps_answers, october.promoters, october.detractors) == (
        3,
        2,
        3,
        2,
        1,
    )
    assert (november.ratings, november.satisfied, november.nps_answers, november.detractors) == (1, 0, 1, 1)


def test_a_multiple_choice_question_counts_its_answers_and_each_choice_ticked(answered):
    online, _field = answered
    multiple = online.questions.get(type=QuestionType.MULTIPLE_CHOICE)

    counts = {row.number: row.answers for row in ChoiceTally.objects.filter(question=multiple)}

    assert counts == {None: 2, 0: 1, 1: 1, 2: 1}


def test_a_refused_response_leaves_no_count(make_user):
    survey = survey_with_questions(required=True)
    q = questions(survey)

    with pytest.raises(ValidationError):
        response_submit(invitation=InvitationFactory(survey=survey), answers={q[QuestionType.RATING]: 9})

    assert not ResponseTally.objects.exists() and not ChoiceTally.objects.exists()
    assert not SatisfactionDay.objects.exists()


def test_two_rows_of_the_same_group_are_added_up_in_the_results(answered):
    online, _field = answered
    # Two responses stored at the same moment may each start the group's row.
    row = ResponseTally.objects.filter(survey=online, channel="email").get()
    ResponseTally.objects.create(survey=online, month=row.month, channel="email", responses=1, ratings=1, satisfied=1)

    results = survey_results(online, full_access=True)

    by_channel = {row.label: row for row in next(b for b in results.breakdowns if b.key == "channel").rows}
    email = by_channel[str(ResponseChannel.EMAIL.label)]
    assert (email.responses, email.ratings, email.satisfaction) == (2, 2, 50.0)  # the 2, and the added 4 or 5


def test_the_rebuild_command_recounts_the_tallies_and_says_how_many_rows_it_wrote(answered, capsys):
    ResponseTally.objects.all().delete()

    call_command("rebuild_survey_tallies")

    assert "responsetally: 4 rows" in capsys.readouterr().out
    assert survey_results(answered[0], full_access=True).responses == 3
