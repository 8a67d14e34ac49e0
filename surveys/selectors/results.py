"""The numbers managers read (R33): added up from the tallies kept as answers arrive
(surveys.services.tallies), a fixed number of queries per page.

Satisfaction is the share of 1–5 ratings that are 4 or 5; NPS is the share of 9–10 answers minus the
share of 0–6 answers, in points. Everyone but managers sees aggregates only, and a group with fewer
than MIN_GROUP_SIZE responses is hidden from them so that nobody can be recognised in a small cell.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F, Sum
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from surveys.models import (
    TALLY_COUNTS,
    Answer,
    ChoiceTally,
    InvitationTally,
    Question,
    QuestionType,
    Response,
    ResponseChannel,
    ResponseTally,
    Survey,
)

COMMENTS_SHOWN = 200
LINKED_SHOWN = 50
MIN_GROUP_SIZE = 3

DIMENSIONS = {
    "service_type": gettext_lazy("By service"),
    "channel": gettext_lazy("By channel"),
    "category": gettext_lazy("By category"),
    "month": gettext_lazy("By month"),
}


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _nps(promoters: int, detractors: int, total: int) -> float | None:
    return round(100 * (promoters - detractors) / total, 1) if total else None


@dataclass
class Bar:
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    distribution: list[Bar] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class BreakdownRow:
    label: str
    responses: int
    ratings: int
    satisfaction: float | None
    nps_answers: int
    nps: float | None
    invitations: int | None = None
    response_rate: float | None = None
    hidden: bool = False


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[BreakdownRow]


@dataclass
class LinkedResponse:
    response: Response
    answers: list[tuple[str, str]]


@dataclass
class SurveyResults:
    survey: Survey
    invitations: int
    responses: int
    response_rate: float | None
    satisfaction: float | None
    ratings: int
    nps: float | None
    nps_answers: int
    questions: list[QuestionResult]
    breakdowns: list[Breakdown]
    full_access: bool
    linked: list[LinkedResponse] = field(default_factory=list)


def _localized(arabic: str | None, english: str | None) -> str:
    return english if translation.get_language() == "en" and english else (arabic or "")


# Each breakdown row is a sum of "cells": the survey's tallies (surveys.models.ResponseTally), kept
# per month, service, category and channel as answers arrive. One grouped read of the tallies fills
# the cells, and the four breakdowns are added up from them here; no answer is read.
_CELL = ("d_month", "d_service", "d_category", "d_channel")


def _cells(survey: Survey) -> dict[tuple, dict]:
    rows = (
        ResponseTally.objects.filter(survey=survey)
        .values(
            "service_type__name",
            "service_type__name_en",
            "category__name",
            "category__name_en",
            d_month=F("month"),
            d_service=F("service_type_id"),
            d_category=F("category_id"),
            d_channel=F("channel"),
        )
        .annotate(responses=Sum("responses"), **{name: Sum(name) for name in TALLY_COUNTS})
        .order_by()
    )
    return {tuple(row[key] for key in _CELL): row for row in rows}


def _label(key: str, row: dict) -> str:
    if key == "service_type":
        return _localized(row["service_type__name"], row["service_type__name_en"]) or _("Not after a service")
    if key == "category":
        return _localized(row["category__name"], row["category__name_en"]) or _("Category not known")
    if key == "channel":
        return str(ResponseChannel(row["d_channel"]).label) if row["d_channel"] else _("Channel not known")
    return formats.date_format(row["d_month"], "F Y") if row["d_month"] else "—"


# Which cell value a breakdown groups by, and what it is sorted by (no value last).
_GROUP_BY = {
    "service_type": ("d_service", "service_type__name"),
    "channel": ("d_channel", "d_channel"),
    "category": ("d_category", "category__name"),
    "month": ("d_month", "d_month"),
}


def _breakdown(cells: dict, key: str, *, full_access: bool, invitations_by_channel: Counter) -> Breakdown:
    group_field, sort_field = _GROUP_BY[key]
    groups: dict = {}
    for cell in cells.values():
        group = groups.setdefault(cell[group_field], {**cell, "responses": 0, **dict.fromkeys(TALLY_COUNTS, 0)})
        for count in ("responses", *TALLY_COUNTS):
            group[count] += cell[count]
    result = []
    for row in sorted(groups.values(), key=lambda row: (row[sort_field] is None, row[sort_field] or "")):
        item = BreakdownRow(
            label=_label(key, row),
            responses=row["responses"],
            ratings=row["ratings"],
            satisfaction=_percent(row["satisfied"], row["ratings"]),
            nps_answers=row["nps_answers"],
            nps=_nps(row["promoters"], row["detractors"], row["nps_answers"]),
            hidden=not full_access and row["responses"] < MIN_GROUP_SIZE,
        )
        if key == "channel" and row["d_channel"] in invitations_by_channel:
            item.invitations = invitations_by_channel[row["d_channel"]]
            item.response_rate = _percent(item.responses, item.invitations)
        result.append(item)
    return Breakdown(key=key, title=str(DIMENSIONS[key]), rows=result)


def value_display(question: Question, choices: list[str], *, number, selected, text: str) -> str:
    """An answer's value as a reader sees it; ``choices`` are the question's choices in this language."""
    if question.type == QuestionType.YES_NO:
        return _("Yes") if number == 1 else _("No")
    if question.type == QuestionType.SINGLE_CHOICE:
        return choices[number] if number is not None and number < len(choices) else ""
    if question.type == QuestionType.MULTIPLE_CHOICE:
        return "، ".join(choices[i] for i in selected or [] if i < len(choices))
    if question.type == QuestionType.FREE_TEXT:
        return text
    return "" if number is None else str(number)


def answer_display(answer: Answer) -> str:
    question = answer.question
    return value_display(
        question, question.display_choices, number=answer.number, selected=answer.selected, text=answer.text
    )


def _linked_responses(survey: Survey, questions: list[Question]) -> list[LinkedResponse]:
    """Responses whose beneficiary agreed to be named, with their answers (two queries).

    The answers are read as plain values and shown with the survey's questions, already loaded in
    their order: building 300 answer objects with their questions took most of the page's time.
    """
    responses = list(
        Response.objects.filter(survey=survey, consent_to_link=True, beneficiary__isnull=False)
        .select_related("beneficiary")
        .order_by("-submitted_on", "-pk")[:LINKED_SHOWN]
    )
    position = {question.pk: index for index, question in enumerate(questions)}
    shown = {question.pk: (question, question.display_text, question.display_choices) for question in questions}
    values: dict[int, list] = {response.pk: [] for response in responses}
    rows = Answer.objects.filter(response_id__in=list(values)).values_list(
        "response_id", "question_id", "number", "selected", "text"
    )
    for response_id, question_id, number, selected, text in rows:
        if question_id in shown:
            question, label, choices = shown[question_id]
            value = value_display(question, choices, number=number, selected=selected, text=text)
            values[response_id].append((position[question_id], label, value))
    return [
        LinkedResponse(response=response, answers=[(label, value) for _p, label, value in sorted(values[response.pk])])
        for response in responses
    ]


def _distributions(questions: list[Question]) -> tuple[dict, dict, Counter]:
    """How many answers gave each value, per question, from the tallies (one query)."""
    numbers: dict[int, Counter] = {q.pk: Counter() for q in questions}
    ticked: dict[int, Counter] = {q.pk: Counter() for q in questions}
    answered_multi: Counter = Counter()
    multi_ids = {q.pk for q in questions if q.type == QuestionType.MULTIPLE_CHOICE}
    tallies = (
        ChoiceTally.objects.filter(question_id__in=[q.pk for q in questions])
        .values("question_id", "number")
        .annotate(n=Sum("answers"))
        .order_by()
    )
    for row in tallies:
        question_id, number = row["question_id"], row["number"]
        if question_id not in multi_ids:
            numbers[question_id][number] += row["n"]
        elif number is None:
            answered_multi[question_id] += row["n"]
        else:
            ticked[question_id][number] += row["n"]
    return numbers, ticked, answered_multi


def _comments(questions: list[Question], answers) -> dict[int, list[str]]:
    comments: dict[int, list[str]] = {q.pk: [] for q in questions}
    text_ids = [q.pk for q in questions if q.type == QuestionType.FREE_TEXT]
    if text_ids:
        # Newest first: answers are stored as they are submitted, so the newest have the highest ids
        # (ordering by the response's date would read every comment's response).
        rows = answers.filter(question_id__in=text_ids).exclude(text="").order_by("-pk")
        for question_id, text in rows.values_list("question_id", "text")[:COMMENTS_SHOWN]:
            comments[question_id].append(text)
    return comments


def _labels(question: Question) -> list[tuple[str, int]]:
    if question.type == QuestionType.RATING:
        return [(str(value), value) for value in range(1, 6)]
    if question.type == QuestionType.NPS:
        return [(str(value), value) for value in range(11)]
    if question.type == QuestionType.YES_NO:
        return [(_("Yes"), 1), (_("No"), 0)]
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        return list(zip(question.display_choices, range(len(question.choices)), strict=True))
    return []


def survey_results(survey: Survey, *, full_access: bool = False) -> SurveyResults:
    """The results of ``survey``. ``full_access`` (managers) adds the comments, small groups and the
    answers of beneficiaries who agreed to be named; without it everything is an aggregate."""
    questions = list(survey.questions.order_by("group", "order", "pk"))
    invitations_by_channel = Counter(
        {
            row["channel"]: row["n"]
            # Kept as invitations are sent (surveys.services.tallies): counting a year's invitations
            # took 40 ms on the bench.
            for row in InvitationTally.objects.filter(survey=survey).values("channel").annotate(n=Sum("invitations"))
        }
    )
    invitations = sum(invitations_by_channel.values())
    numbers, ticked, answered_multi = _distributions(questions)
    # By the questions' ids rather than a join on the question table: an index probe per question.
    answers = Answer.objects.filter(question_id__in=[question.pk for question in questions])
    comments = _comments(questions, answers) if full_access else {}

    ratings: Counter = Counter()
    nps_counts: Counter = Counter()
    results = []
    for question in questions:
        result = QuestionResult(question=question)
        counts = ticked[question.pk] if question.type == QuestionType.MULTIPLE_CHOICE else numbers[question.pk]
        if question.type == QuestionType.RATING:
            ratings.update(counts)
        elif question.type == QuestionType.NPS:
            nps_counts.update(counts)
        labels = _labels(question)
        if labels:
            result.answered = (
                answered_multi[question.pk] if question.type == QuestionType.MULTIPLE_CHOICE else sum(counts.values())
            )
            result.distribution = [
                Bar(label, counts[value], _percent(counts[value], result.answered) or 0.0) for label, value in labels
            ]
        else:
            result.comments = comments.get(question.pk, [])
            result.answered = len(result.comments)
        results.append(result)

    rating_total = sum(ratings.values())
    nps_total = sum(nps_counts.values())
    cells = _cells(survey)
    responses = sum(cell["responses"] for cell in cells.values())
    return SurveyResults(
        survey=survey,
        invitations=invitations,
        responses=responses,
        response_rate=_percent(responses, invitations),
        satisfaction=_percent(ratings[4] + ratings[5], rating_total),
        ratings=rating_total,
        nps=_nps(nps_counts[9] + nps_counts[10], sum(nps_counts[v] for v in range(7)), nps_total),
        nps_answers=nps_total,
        questions=results,
        breakdowns=[
            _breakdown(cells, key, full_access=full_access, invitations_by_channel=invitations_by_channel)
            for key in DIMENSIONS
        ],
        full_access=full_access,
        linked=_linked_responses(survey, questions) if full_access else [],
    )
