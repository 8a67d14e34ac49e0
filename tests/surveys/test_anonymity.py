import pytest
from django.db import IntegrityError
from django.urls import reverse
from factories.surveys import InvitationFactory, QuestionFactory

from surveys.models import Question, Response
from surveys.services import response_submit


def test_answers_given_without_consent_keep_no_link_to_the_person(client, invitation, good_answers):
    client.post(reverse("public_surveys:answer", kwargs={"token": invitation.token}), good_answers())

    response = Response.objects.get()
    assert (response.invitation, response.beneficiary, response.consent_to_link) == (None, None, False)
    invitation.refresh_from_db()
    assert invitation.used_at is not None


def test_answers_given_with_consent_are_linked_to_the_beneficiary(client, invitation, good_answers, beneficiary):
    client.post(
        reverse("public_surveys:answer", kwargs={"token": invitation.token}),
        {**good_answers(), "consent_to_link": "on"},
    )

    response = Response.objects.get()
    assert (response.invitation, response.beneficiary) == (invitation, beneficiary)


def test_the_database_refuses_a_response_linked_to_a_person_without_consent(survey, beneficiary, db):
    with pytest.raises(IntegrityError):
        Response.objects.create(
            survey=survey, submitted_on="2026-11-23", consent_to_link=False, beneficiary=beneficiary
        )


def test_the_database_refuses_a_second_response_for_the_same_invitation(invitation):
    Response.objects.create(
        survey=invitation.survey, submitted_on="2026-11-23", consent_to_link=True, invitation=invitation
    )
    with pytest.raises(IntegrityError):
        Response.objects.create(
            survey=invitation.survey, submitted_on="2026-11-23", consent_to_link=True, invitation=invitation
        )


def test_the_database_refuses_an_unknown_question_type(survey):
    with pytest.raises(IntegrityError):
        Question.objects.create(survey=survey, order=99, type="stars", text="؟")


def test_the_service_refuses_a_second_submission_of_the_same_invitation(db):
    invitation = InvitationFactory()
    question = QuestionFactory(survey=invitation.survey)
    response_submit(invitation=invitation, answers={question.pk: 4})

    from surveys.services import InvitationUnavailable

    with pytest.raises(InvitationUnavailable):
        response_submit(invitation=invitation, answers={question.pk: 1})
    assert Response.objects.count() == 1
