"""Managers build surveys and their questions (the admin calls these, never model saves)."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from surveys.models import Question, Survey

SURVEY_FIELDS = (
    "title",
    "title_en",
    "kind",
    "introduction",
    "introduction_en",
    "active_from",
    "active_until",
    "is_active",
    "invitation_valid_days",
)
QUESTION_FIELDS = (
    "order",
    "group",
    "group_title",
    "group_title_en",
    "type",
    "text",
    "text_en",
    "required",
    "choices",
    "choices_en",
)


def _only(data: Mapping[str, Any], allowed: tuple[str, ...], what: str) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown {what} fields: {sorted(unknown)}")
    return dict(data)


def _save(instance, *, actor) -> None:
    instance._history_user = actor
    instance.full_clean()
    instance.save()


@transaction.atomic
def survey_create(*, actor, data: Mapping[str, Any]) -> Survey:
    survey = Survey(**_only(data, SURVEY_FIELDS, "survey"))
    _save(survey, actor=actor)
    return survey


@transaction.atomic
def survey_update(*, actor, survey: Survey, data: Mapping[str, Any]) -> Survey:
    for name, value in _only(data, SURVEY_FIELDS, "survey").items():
        setattr(survey, name, value)
    _save(survey, actor=actor)
    return survey


def question_update_check(question: Question, data: Mapping[str, Any]) -> None:
    """Raise ValidationError if ``data`` would change what stored answers mean (forms call it too)."""
    # Answers already stored were checked against the old type and choices; changing them would
    # misread those answers in the results.
    if question.pk is None or not question.answers.exists():
        return
    stored = Question.objects.get(pk=question.pk)
    changed = [name for name in ("type", "choices") if name in data and data[name] != getattr(stored, name)]
    if changed:
        raise ValidationError(
            {
                name: _("This question already has answers; its type and choices can no longer change.")
                for name in changed
            }
        )


@transaction.atomic
def question_create(*, actor, survey: Survey, data: Mapping[str, Any]) -> Question:
    question = Question(survey=survey, **_only(data, QUESTION_FIELDS, "question"))
    _save(question, actor=actor)
    return question


@transaction.atomic
def question_update(*, actor, question: Question, data: Mapping[str, Any]) -> Question:
    data = _only(data, QUESTION_FIELDS, "question")
    question_update_check(question, data)
    for name, value in data.items():
        setattr(question, name, value)
    _save(question, actor=actor)
    return question


@transaction.atomic
def question_delete(*, actor, question: Question) -> None:
    if question.answers.exists():
        raise ValidationError(_("This question already has answers and cannot be deleted; make it optional instead."))
    question._history_user = actor
    question.delete()
