"""Surveys with one question of each type, and invitations, for the surveys tests."""

import secrets
from datetime import date, timedelta

import factory
from django.utils import timezone

from surveys.models import Invitation, Question, QuestionType, Survey, SurveyKind
from surveys.services.tallies import invitation_tally_record


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    title = "استبانة رضا المستفيدين عن الخدمة"
    title_en = "Beneficiary satisfaction with the service"
    kind = SurveyKind.AFTER_SERVICE
    active_from = date(2026, 1, 1)
    is_active = True
    invitation_valid_days = 14


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    type = QuestionType.RATING
    text = "ما مدى رضاك عن الخدمة؟"
    text_en = "How satisfied are you with the service?"
    required = True


ONE_OF_EACH = [
    (QuestionType.RATING, "ما مدى رضاك عن سرعة تقديم الخدمة؟", []),
    (QuestionType.NPS, "ما احتمال أن توصي بالجمعية لغيرك؟", []),
    (QuestionType.YES_NO, "هل عوملت باحترام؟", []),
    (QuestionType.SINGLE_CHOICE, "كيف علمت بالخدمة؟", ["الموقع", "صديق", "الجمعية"]),
    (QuestionType.MULTIPLE_CHOICE, "ما الذي أعجبك؟", ["السرعة", "اللطف", "الوضوح"]),
    (QuestionType.FREE_TEXT, "ملاحظات أخرى", []),
]


def survey_with_questions(*, required: bool = True, **kwargs) -> Survey:
    """A survey with one question of each type, in the order of ONE_OF_EACH; free text optional."""
    survey = SurveyFactory(**kwargs)
    for order, (kind, text, choices) in enumerate(ONE_OF_EACH, start=1):
        QuestionFactory(
            survey=survey,
            order=order,
            type=kind,
            text=text,
            text_en="",
            choices=choices,
            required=required and kind != QuestionType.FREE_TEXT,
        )
    return survey


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    survey = factory.SubFactory(SurveyFactory)
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    created_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda i: i.created_at + timedelta(days=14))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Counted like an invitation the portal sends, so the response rates see it."""
        invitation = super()._create(model_class, *args, **kwargs)
        invitation_tally_record(invitation=invitation)
        return invitation


def periodic_survey(**kwargs) -> Survey:
    """An open periodic questionnaire with one question of each type."""
    values = {"kind": SurveyKind.PERIODIC, "title": "الاستبانة الدورية لرضا المستفيدين", **kwargs}
    return survey_with_questions(**values)


def staff_survey(kind=SurveyKind.FIELD, **kwargs) -> Survey:
    """An open field survey (or interview) whose answers staff enter."""
    return survey_with_questions(**{"kind": kind, "title": "مسح ميداني لرضا المستفيدين", **kwargs})
