"""Staff entering a beneficiary's answers, supervisory visits to offices (R23), supervision notes (R24)."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policies.roles import Role, user_has_role
from surveys.models import (
    STAFF_CHANNELS,
    STAFF_ENTERED_KINDS,
    Response,
    SupervisionNote,
    SupervisoryVisit,
    Survey,
)
from surveys.selectors import surveys_open_on
from surveys.services.consent import survey_link_consent_record
from surveys.services.invitations import answers_build, answers_save


@transaction.atomic
def response_enter(
    *,
    actor,
    survey: Survey,
    channel: str,
    answers: Mapping[int, Any],
    beneficiary=None,
    consent_to_link: bool = False,
    now=None,
) -> Response:
    """Record the answers a staff member took down in a field survey or an interview.

    Who entered them and how are always kept; the person is linked only with their consent.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if survey.kind not in STAFF_ENTERED_KINDS:
        raise ValidationError(_("Staff enter answers only for field surveys and interviews."))
    if not surveys_open_on(kind=survey.kind, day=today).filter(pk=survey.pk).exists():
        raise ValidationError(_("This survey is not open today."))
    if channel not in [c.value for c in STAFF_CHANNELS]:
        raise ValidationError({"channel": _("Choose how the answers were taken.")})
    if consent_to_link and beneficiary is None:
        raise ValidationError({"beneficiary": _("Choose the beneficiary who agreed to be named.")})
    questions = list(survey.questions.order_by("group", "order", "pk"))
    built = answers_build(questions=questions, answers=answers)
    response = Response(
        survey=survey,
        submitted_on=today,
        consent_to_link=consent_to_link,
        beneficiary=beneficiary if consent_to_link else None,
        channel=channel,
        category_id=beneficiary.category_id if beneficiary is not None else None,
        entered_by=actor,
    )
    response.full_clean()
    response.save()
    answers_save(response=response, answers=built)
    if consent_to_link:
        survey_link_consent_record(actor=actor, beneficiary=beneficiary, response_channel=channel)
    return response


def _not_in_future(day: date, field: str, today: date) -> None:
    if day > today:
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def supervisory_visit_record(
    *,
    actor,
    office: str,
    visit_date: date,
    visitor,
    scores: Mapping[str, int],
    findings: str,
    recommendations: str = "",
    now=None,
) -> SupervisoryVisit:
    now = now or timezone.now()
    _not_in_future(visit_date, "visit_date", timezone.localdate(now))
    visit = SupervisoryVisit(
        office=" ".join(office.split()),
        visit_date=visit_date,
        visitor=visitor,
        scores=dict(scores),
        findings=findings.strip(),
        recommendations=recommendations.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    visit._history_user = actor
    visit.full_clean()
    visit.save()
    return visit


@transaction.atomic
def supervision_note_create(
    *, actor, officer, noted_on: date, topic: str, note: str, follow_up: str = "", now=None
) -> SupervisionNote:
    now = now or timezone.now()
    _not_in_future(noted_on, "noted_on", timezone.localdate(now))
    if not user_has_role(officer, Role.CONTACT_OFFICER):
        raise ValidationError({"officer": _("Supervision notes are written on contact officers.")})
    if officer.pk == actor.pk:
        raise ValidationError({"officer": _("A supervision note is written on someone else's work.")})
    record = SupervisionNote(
        officer=officer,
        noted_on=noted_on,
        topic=topic.strip(),
        note=note.strip(),
        follow_up=follow_up.strip(),
        written_by=actor,
        written_at=now,
    )
    record._history_user = actor
    record.full_clean()
    record.save()
    return record
