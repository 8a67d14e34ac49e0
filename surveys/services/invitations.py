"""Personal invitations and the answers given through them."""

import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Event
from notifications.services import notification_send
from policies.errors import DomainError
from surveys.models import Answer, Invitation, Question, QuestionType, Response, ResponseChannel, Survey, SurveyKind
from surveys.selectors import surveys_open_on
from surveys.services.consent import survey_link_consent_record
from surveys.services.tallies import invitation_tally_record, tallies_record


class InvitationUnavailable(DomainError):
    """The link cannot be used: ``reason`` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def survey_url(invitation: Invitation) -> str:
    """The personal link, absolute when SILAH_PUBLIC_URL names the public site."""
    path = reverse("public_surveys:answer", kwargs={"token": invitation.token})
    base = settings.SILAH_PUBLIC_URL
    return f"{base.rstrip('/')}{path}"


@transaction.atomic
def invitation_create(
    *,
    survey: Survey,
    recipient: models.Model,
    beneficiary=None,
    support_request=None,
    complaint=None,
    contact=None,
    sample=None,
    now=None,
) -> Invitation:
    """Create a personal invitation and send it through the recipient's agreed channel.

    Inviting twice for the same request or complaint returns the first invitation and sends nothing.
    """
    existing = Invitation.objects.filter(survey=survey)
    if support_request is not None:
        found = existing.filter(support_request=support_request).first()
    elif complaint is not None:
        found = existing.filter(complaint=complaint).first()
    else:
        found = None
    if found is not None:
        return found
    now = now or timezone.now()
    invitation = Invitation(
        survey=survey,
        beneficiary=beneficiary,
        support_request=support_request,
        complaint=complaint,
        sample=sample,
        token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + timedelta(days=survey.invitation_valid_days),
    )
    invitation.full_clean()
    invitation.save()
    message = notification_send(
        event=Event.SURVEY_INVITATION,
        recipient=recipient,
        context=invitation_context(invitation),
        contact=contact,
        idempotency_key=f"survey_invitation:invitation-{invitation.pk}",
    )
    # The results by channel need to know how the link travelled; in-app is never used for people.
    if message.channel in ResponseChannel.values:
        invitation.channel = message.channel
        invitation.save(update_fields=["channel"])
    invitation_tally_record(invitation=invitation)
    return invitation


def invitation_context(invitation: Invitation) -> dict:
    return {
        "survey_url": survey_url(invitation),
        "deadline": timezone.localdate(invitation.expires_at - timedelta(seconds=1)),
    }


def invitation_after_delivery(*, request) -> Invitation | None:
    """The after-service survey open today, for a delivered support request (None without one)."""
    survey = surveys_open_on(kind=SurveyKind.AFTER_SERVICE, day=timezone.localdate()).first()
    if survey is None:
        return None
    beneficiary = request.beneficiary
    return invitation_create(survey=survey, recipient=beneficiary, beneficiary=beneficiary, support_request=request)


def invitation_after_complaint(*, complaint) -> Invitation | None:
    """The after-complaint survey open today, for a closed complaint; anonymous complainants are not asked."""
    if complaint.is_anonymous:
        return None
    survey = surveys_open_on(kind=SurveyKind.AFTER_COMPLAINT, day=timezone.localdate()).first()
    if survey is None:
        return None
    contact = complaint.notification_contact()
    if not (contact.mobile or contact.email):
        return None
    beneficiary = complaint.beneficiary if complaint.beneficiary_id else None
    return invitation_create(
        survey=survey,
        recipient=beneficiary or complaint,
        beneficiary=beneficiary,
        complaint=complaint,
        contact=contact,
    )


def invitation_check(invitation: Invitation | None, *, now=None) -> Invitation:
    """Raise InvitationUnavailable unless the invitation can still be answered."""
    now = now or timezone.now()
    if invitation is None:
        raise InvitationUnavailable("unknown")
    if invitation.used_at is not None:
        raise InvitationUnavailable("used")
    if invitation.is_expired(now):
        raise InvitationUnavailable("expired")
    return invitation


def _answer_for(question: Question, value: Any) -> Answer | None:
    if value in (None, "", []):
        if question.required:
            raise ValidationError({f"q{question.pk}": _("This question needs an answer.")})
        return None
    answer = Answer(question=question)
    if question.type == QuestionType.MULTIPLE_CHOICE:
        answer.selected = [int(v) for v in value]
    elif question.type == QuestionType.FREE_TEXT:
        answer.text = str(value).strip()
    elif question.type == QuestionType.YES_NO and isinstance(value, bool):
        answer.number = int(value)
    else:
        answer.number = int(value)
    return answer


def answers_build(*, questions: list[Question], answers: Mapping[int, Any]) -> list[Answer]:
    """Check every answer against its question; raise one ValidationError naming each field (q<id>)."""
    built: list[Answer] = []
    errors: dict[str, list] = {}
    for question in questions:
        try:
            answer = _answer_for(question, answers.get(question.pk))
            if answer is not None:
                answer.clean()
                built.append(answer)
        except (ValidationError, TypeError, ValueError) as error:
            messages = error.messages if isinstance(error, ValidationError) else [_("This answer is not valid.")]
            errors.setdefault(f"q{question.pk}", []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return built


def answers_save(*, response: Response, answers: list[Answer]) -> None:
    for answer in answers:
        answer.response = response
        answer.full_clean()
    Answer.objects.bulk_create(answers)
    tallies_record(response=response, answers=answers)


@transaction.atomic
def response_submit(
    *, invitation: Invitation, answers: Mapping[int, Any], consent_to_link: bool = False, now=None
) -> Response:
    """Record the answers to an invitation, once.

    ``answers`` maps question ids to cleaned values (a number, a list of choice indexes, a text).
    Without consent the response keeps no link to the invitation or the beneficiary.
    """
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("survey", "beneficiary", "support_request", "complaint__beneficiary")
        .get(pk=invitation.pk)
    )
    invitation_check(invitation, now=now)
    questions = list(invitation.survey.questions.order_by("group", "order", "pk"))
    built = answers_build(questions=questions, answers=answers)
    # Marking the invitation used first: a second submission in a race finds it used and stops.
    if not Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(used_at=now):
        raise InvitationUnavailable("used")
    response = Response(
        survey=invitation.survey,
        submitted_on=timezone.localdate(now),
        consent_to_link=consent_to_link,
        invitation=invitation if consent_to_link else None,
        beneficiary=invitation.beneficiary if consent_to_link else None,
        channel=invitation.channel,
        service_type_id=invitation.support_request.service_type_id if invitation.support_request_id else None,
        category_id=_category_of(invitation),
    )
    response.full_clean()
    response.save()
    answers_save(response=response, answers=built)
    if consent_to_link and invitation.beneficiary_id:
        survey_link_consent_record(actor=None, beneficiary=invitation.beneficiary, response_channel=invitation.channel)
    return response


def _category_of(invitation: Invitation) -> int | None:
    if invitation.beneficiary_id:
        return invitation.beneficiary.category_id
    if invitation.complaint_id and invitation.complaint.beneficiary_id:
        return invitation.complaint.beneficiary.category_id
    return None
