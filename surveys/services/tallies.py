"""Keeping the results' counts as answers and invitations arrive, and recounting them (R33).

``tallies_record`` runs in the transaction that stores a response, and ``invitation_tally_record``
in the one that sends an invitation, so a row and its counts are committed together or not at all.
``survey_tallies_rebuild`` recounts every tally from the stored rows: the migrations that created
the tallies run their part of it, and so can an administrator (``manage.py rebuild_survey_tallies``)
after loading answers or invitations by other means.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db import models, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth

from surveys.models import (
    TALLY_COUNTS,
    Answer,
    ChoiceTally,
    Invitation,
    InvitationTally,
    QuestionType,
    Response,
    ResponseTally,
    SatisfactionDay,
)


def answer_counts(answers: Iterable[Answer]) -> dict[str, int]:
    """The rating and NPS counts of one response's answers (each answer's question loaded)."""
    counts = dict.fromkeys(TALLY_COUNTS, 0)
    for answer in answers:
        if answer.number is None:
            continue
        if answer.question.type == QuestionType.RATING:
            counts["ratings"] += 1
            counts["satisfied"] += answer.number >= 4
        elif answer.question.type == QuestionType.NPS:
            counts["nps_answers"] += 1
            counts["promoters"] += answer.number >= 9
            counts["detractors"] += answer.number <= 6
    return counts


def _add(model: type[models.Model], *, group: dict, counts: dict[str, int]) -> None:
    """Add ``counts`` to one row of ``group``, or start the group's row."""
    rows = model.objects.filter(**group).order_by()
    # One row only: if a race started two rows for the group, adding to both would count twice.
    added = model.objects.filter(pk__in=rows.values("pk")[:1]).update(
        **{name: F(name) + value for name, value in counts.items() if value}
    )
    if not added:
        row = model(**group, **counts)
        # The check constraints hold by construction and the database enforces them; validating
        # them here would cost a query per row on every answer.
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()


def _month(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def tallies_record(*, response: Response, answers: list[Answer]) -> None:
    """Count a newly stored response and its answers."""
    counts = answer_counts(answers)
    _add(
        ResponseTally,
        group={
            "survey_id": response.survey_id,
            "month": _month(response.submitted_on),
            "service_type_id": response.service_type_id,
            "category_id": response.category_id,
            "channel": response.channel,
        },
        counts={"responses": 1, **counts},
    )
    if counts["ratings"] or counts["nps_answers"]:
        _add(SatisfactionDay, group={"day": response.submitted_on}, counts=counts)
    values: Counter = Counter()
    for answer in answers:
        if answer.question.type == QuestionType.MULTIPLE_CHOICE:
            values[(answer.question_id, None)] += 1
            values.update((answer.question_id, index) for index in answer.selected)
        elif answer.number is not None:
            values[(answer.question_id, answer.number)] += 1
    for (question_id, number), n in values.items():
        _add(ChoiceTally, group={"question_id": question_id, "number": number}, counts={"answers": n})


def invitation_tally_record(*, invitation: Invitation) -> None:
    """Count a newly sent invitation under its survey and the channel it went through."""
    _add(
        InvitationTally,
        group={"survey_id": invitation.survey_id, "channel": invitation.channel},
        counts={"invitations": 1},
    )


# --- Recounting from the answers and invitations ------------------------------------------------------


def _answer_aggregates() -> dict:
    rating = Q(question__type=QuestionType.RATING, number__isnull=False)
    nps = Q(question__type=QuestionType.NPS, number__isnull=False)
    return {
        "ratings": Count("pk", filter=rating),
        "satisfied": Count("pk", filter=rating & Q(number__gte=4)),
        "nps_answers": Count("pk", filter=nps),
        "promoters": Count("pk", filter=nps & Q(number__gte=9)),
        "detractors": Count("pk", filter=nps & Q(number__lte=6)),
    }


_DIMENSIONS = ("survey_id", "month", "service_type_id", "category_id", "channel")


def _response_tallies() -> list[ResponseTally]:
    cells: dict[tuple, dict] = {}
    responses = (
        Response.objects.annotate(month=TruncMonth("submitted_on"))
        .values(*_DIMENSIONS)
        .annotate(responses=Count("pk"))
        .order_by()
    )
    for row in responses:
        cells[tuple(row[key] for key in _DIMENSIONS)] = {**row, **dict.fromkeys(TALLY_COUNTS, 0)}
    answers = (
        Answer.objects.filter(question__type__in=[QuestionType.RATING, QuestionType.NPS], number__isnull=False)
        .annotate(
            survey_id=F("response__survey_id"),
            month=TruncMonth("response__submitted_on"),
            service_type_id=F("response__service_type_id"),
            category_id=F("response__category_id"),
            channel=F("response__channel"),
        )
        .values(*_DIMENSIONS)
        .annotate(**_answer_aggregates())
        .order_by()
    )
    for row in answers:
        cells[tuple(row[key] for key in _DIMENSIONS)].update({key: row[key] for key in TALLY_COUNTS})
    return [ResponseTally(**cell) for cell in cells.values()]


def _choice_tallies() -> list[ChoiceTally]:
    counts: Counter = Counter()
    numbered = (
        Answer.objects.filter(number__isnull=False)
        .exclude(question__type=QuestionType.MULTIPLE_CHOICE)
        .values("question_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in numbered:
        counts[(row["question_id"], row["number"])] += row["n"]
    # A JSON list cannot be counted by element portably: the ticked lists are read in batches.
    ticked = Answer.objects.filter(question__type=QuestionType.MULTIPLE_CHOICE).values_list("question_id", "selected")
    for question_id, selected in ticked.iterator(chunk_size=5000):
        counts[(question_id, None)] += 1
        counts.update((question_id, index) for index in selected or [])
    return [ChoiceTally(question_id=q, number=number, answers=n) for (q, number), n in counts.items()]


def _satisfaction_days() -> list[SatisfactionDay]:
    days = (
        Answer.objects.filter(question__type__in=[QuestionType.RATING, QuestionType.NPS], number__isnull=False)
        .values(day=F("response__submitted_on"))
        .annotate(**_answer_aggregates())
        .order_by()
    )
    return [SatisfactionDay(**row) for row in days]


def _invitation_tallies() -> list[InvitationTally]:
    counts = Invitation.objects.values("survey_id", "channel").annotate(invitations=Count("*")).order_by()
    return [InvitationTally(**row) for row in counts]


def _replace(built: dict[type[models.Model], list]) -> dict[str, int]:
    for model, rows in built.items():
        model.objects.all().delete()
        model.objects.bulk_create(rows, batch_size=2000)
    return {model._meta.model_name: len(rows) for model, rows in built.items()}


@transaction.atomic
def answer_tallies_rebuild() -> dict[str, int]:
    """Recount the tallies of the stored answers; returns how many rows each tally has now."""
    return _replace(
        {ResponseTally: _response_tallies(), ChoiceTally: _choice_tallies(), SatisfactionDay: _satisfaction_days()}
    )


@transaction.atomic
def invitation_tallies_rebuild() -> dict[str, int]:
    """Recount the invitations of each survey and channel."""
    return _replace({InvitationTally: _invitation_tallies()})


@transaction.atomic
def survey_tallies_rebuild() -> dict[str, int]:
    """Recount every tally from the stored answers and invitations; returns each tally's rows."""
    return {**answer_tallies_rebuild(), **invitation_tallies_rebuild()}
