import json

import pytest
from django.urls import reverse
from factories.surveys import InvitationFactory, survey_with_questions

from policies.roles import Role
from surveys.models import Question, QuestionType, Survey


@pytest.fixture
def admin_user_(make_user):
    return make_user(Role.ADMIN, is_staff=True)


@pytest.fixture
def staff_manager(make_user):
    return make_user(Role.MANAGER, is_staff=True)


def survey_form(*questions, initial=0) -> dict:
    data = {
        "title": "استبانة ما بعد الخدمة",
        "title_en": "After-service survey",
        "kind": "after_service",
        "introduction": "",
        "introduction_en": "",
        "active_from": "2026-11-01",
        "active_until": "",
        "is_active": "on",
        "invitation_valid_days": "14",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        for key, value in question.items():
            data[f"questions-{index}-{key}"] = value
    return data


def question(order, kind, text, choices=(), group=1, **extra):
    return {
        "order": str(order),
        "group": str(group),
        "group_title": "",
        "group_title_en": "",
        "type": kind,
        "required": "on",
        "text": text,
        "text_en": "",
        "choices": json.dumps(list(choices), ensure_ascii=False),
        "choices_en": "[]",
        **extra,
    }


@pytest.mark.parametrize("builder", ["admin_user_", "staff_manager"])
def test_a_manager_or_administrator_builds_a_survey_with_its_questions_in_the_admin(db, client, request, builder):
    user = request.getfixturevalue(builder)
    client.force_login(user)

    response = client.post(
        reverse("admin:surveys_survey_add"),
        survey_form(
            question(1, "rating_1_5", "ما مدى رضاك؟"),
            question(2, "single_choice", "كيف علمت بنا؟", ["الموقع", "صديق"], group=2),
        ),
    )

    assert response.status_code == 302
    survey = Survey.objects.get()
    assert [(q.type, q.group) for q in survey.questions.order_by("order")] == [("rating_1_5", 1), ("single_choice", 2)]


def test_admin_saves_go_through_the_services_and_record_who_built_the_survey(client, staff_manager):
    client.force_login(staff_manager)

    client.post(reverse("admin:surveys_survey_add"), survey_form(question(1, "rating_1_5", "ما مدى رضاك؟")))

    survey = Survey.objects.get()
    assert survey.history.get().history_user == staff_manager
    assert survey.questions.get().history.get().history_user == staff_manager


def test_a_choice_question_with_one_choice_is_refused_in_the_admin(client, staff_manager):
    client.force_login(staff_manager)

    response = client.post(
        reverse("admin:surveys_survey_add"), survey_form(question(1, "single_choice", "كيف علمت بنا؟", ["الموقع"]))
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Survey.objects.exists()


def test_a_question_with_answers_cannot_change_its_type_in_the_admin(client, staff_manager):
    from surveys.services import response_submit

    survey = survey_with_questions(required=False)
    rating = survey.questions.get(type=QuestionType.RATING)
    response_submit(invitation=InvitationFactory(survey=survey), answers={rating.pk: 4})
    client.force_login(staff_manager)
    rows = []
    for q in survey.questions.order_by("order"):
        row = question(q.order, q.type, q.text, q.choices, required="on" if q.required else "")
        row.update({"id": str(q.pk), "survey": str(survey.pk)})
        if q.pk == rating.pk:
            row["type"] = "yes_no"
        rows.append(row)
    data = survey_form(*rows, initial=len(rows))
    data.update({"kind": survey.kind, "active_from": "2026-01-01"})

    response = client.post(reverse("admin:surveys_survey_change", args=[survey.pk]), data)

    assert response.status_code == 200
    rating.refresh_from_db()
    assert rating.type == QuestionType.RATING


def test_a_manager_may_not_delete_surveys_in_the_admin(client, staff_manager):
    survey = survey_with_questions()
    client.force_login(staff_manager)

    response = client.post(reverse("admin:surveys_survey_delete", args=[survey.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Survey.objects.filter(pk=survey.pk).exists()


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.CONTACT_OFFICER])
def test_other_staff_cannot_build_surveys_in_the_admin(client, make_user, role):
    client.force_login(make_user(role, is_staff=True))

    response = client.post(reverse("admin:surveys_survey_add"), survey_form(question(1, "rating_1_5", "؟")))

    assert response.status_code == 403
    assert not Survey.objects.exists()


def test_the_question_service_refuses_a_type_change_once_answered(db):
    from django.core.exceptions import ValidationError

    from surveys.services import question_delete, question_update, response_submit

    survey = survey_with_questions(required=False)
    rating = survey.questions.get(type=QuestionType.RATING)
    response_submit(invitation=InvitationFactory(survey=survey), answers={rating.pk: 4})

    with pytest.raises(ValidationError):
        question_update(actor=None, question=rating, data={"type": QuestionType.NPS})
    with pytest.raises(ValidationError):
        question_delete(actor=None, question=rating)
    assert Question.objects.get(pk=rating.pk).type == QuestionType.RATING


def test_the_question_service_updates_wording_of_an_answered_question(db):
    from surveys.services import question_update, response_submit

    survey = survey_with_questions(required=False)
    rating = survey.questions.get(type=QuestionType.RATING)
    response_submit(invitation=InvitationFactory(survey=survey), answers={rating.pk: 4})

    question_update(actor=None, question=rating, data={"text": "ما مدى رضاك عن الخدمة عموماً؟", "group": 2})

    rating.refresh_from_db()
    assert (rating.text, rating.group) == ("ما مدى رضاك عن الخدمة عموماً؟", 2)
