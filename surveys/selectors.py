"""Reads for surveys: the survey an event invites to, invitations by token, and the results."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from surveys.models import Answer, Invitation, Question, QuestionType, Response, Survey

COMMENTS_SHOWN = 200


def surveys_open_on(*, kind: str, day: date) -> QuerySet[Survey]:
    """Active surveys of ``kind`` whose period includes ``day``, the most recent first."""
    return (
        Survey.objects.filter(kind=kind, is_active=True, active_from__lte=day)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=day))
        .order_by("-active_from", "-pk")
    )


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return Invitation.objects.select_related("survey").filter(token=token).first()


def surveys_with_counts() -> QuerySet[Survey]:
    return Survey.objects.annotate(
        invitation_count=Count("invitations", distinct=True), response_count=Count("responses", distinct=True)
    ).order_by("-active_from", "-pk")


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    # (label, count, percent) rows, in the question's own order.
    distribution: list[tuple[str, int, float]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    invitations: int
    responses: int
    response_rate: float | None
    satisfaction: float | None  # share of 4–5 ratings, in percent
    ratings: int
    nps: float | None  # promoters' share minus detractors' share, in points
    nps_answers: int
    questions: list[QuestionResult]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def survey_results(survey: Survey) -> SurveyResults:
    """Aggregates only: no answer is tied to a person here. A fixed number of queries."""
    questions = list(survey.questions.order_by("order", "pk"))
    invitations = Invitation.objects.filter(survey=survey).count()
    responses = Response.objects.filter(survey=survey).count()
    answers = Answer.objects.filter(question__survey=survey)
    numbers: dict[int, Counter] = {q.pk: Counter() for q in questions}
    for row in answers.filter(number__isnull=False).values("question_id", "number").annotate(n=Count("pk")):
        numbers.setdefault(row["question_id"], Counter())[row["number"]] = row["n"]
    ticked: dict[int, Counter] = {q.pk: Counter() for q in questions}
    answered_multi: Counter = Counter()
    multi_ids = [q.pk for q in questions if q.type == QuestionType.MULTIPLE_CHOICE]
    if multi_ids:
        for question_id, selected in answers.filter(question_id__in=multi_ids).values_list("question_id", "selected"):
            answered_multi[question_id] += 1
            ticked[question_id].update(selected or [])
    comments: dict[int, list[str]] = {q.pk: [] for q in questions}
    text_ids = [q.pk for q in questions if q.type == QuestionType.FREE_TEXT]
    if text_ids:
        rows = answers.filter(question_id__in=text_ids).exclude(text="").order_by("-response__submitted_on", "-pk")
        for question_id, text in rows.values_list("question_id", "text")[:COMMENTS_SHOWN]:
            comments[question_id].append(text)

    ratings = Counter()
    nps_counts = Counter()
    results = []
    for question in questions:
        result = QuestionResult(question=question)
        counts = numbers[question.pk]
        if question.type == QuestionType.RATING:
            ratings.update(counts)
            labels = [(str(value), value) for value in range(1, 6)]
        elif question.type == QuestionType.NPS:
            nps_counts.update(counts)
            labels = [(str(value), value) for value in range(11)]
        elif question.type == QuestionType.YES_NO:
            labels = [(_("Yes"), 1), (_("No"), 0)]
        elif question.type == QuestionType.SINGLE_CHOICE:
            labels = list(zip(question.display_choices, range(len(question.choices)), strict=True))
        elif question.type == QuestionType.MULTIPLE_CHOICE:
            counts = ticked[question.pk]
            labels = list(zip(question.display_choices, range(len(question.choices)), strict=True))
        else:
            labels = []
            result.comments = comments[question.pk]
            result.answered = len(result.comments)
        if labels:
            result.answered = (
                answered_multi[question.pk] if question.type == QuestionType.MULTIPLE_CHOICE else sum(counts.values())
            )
            result.distribution = [
                (label, counts[value], _percent(counts[value], result.answered) or 0.0) for label, value in labels
            ]
        results.append(result)

    rating_total = sum(ratings.values())
    satisfied = ratings[4] + ratings[5]
    nps_total = sum(nps_counts.values())
    promoters = nps_counts[9] + nps_counts[10]
    detractors = sum(nps_counts[v] for v in range(7))
    nps = round(100 * (promoters - detractors) / nps_total, 1) if nps_total else None
    return SurveyResults(
        survey=survey,
        invitations=invitations,
        responses=responses,
        response_rate=_percent(responses, invitations),
        satisfaction=_percent(satisfied, rating_total),
        ratings=rating_total,
        nps=nps,
        nps_answers=nps_total,
        questions=results,
    )
