import json

import pytest
from django.urls import reverse

from policies.roles import Role
from surveys.models import Survey


@pytest.fixture
def admin_manager(make_user):
    """The system administrator builds surveys (managers hold view permissions only)."""
    return make_user(Role.ADMIN, is_staff=True)


def survey_form(*questions) -> dict:
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
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        for key, value in question.items():
            data[f"questions-{index}-{key}"] = value
    return data


def question(order, kind, text, choices=()):
    return {
        "order": str(order),
        "type": kind,
        "required": "on",
        "text": text,
        "text_en": "",
        "choices": json.dumps(list(choices), ensure_ascii=False),
        "choices_en": "[]",
    }


def test_an_administrator_builds_a_survey_with_its_questions_in_the_admin(client, admin_manager):
    client.force_login(admin_manager)

    response = client.post(
        reverse("admin:surveys_survey_add"),
        survey_form(
            question(1, "rating_1_5", "ما مدى رضاك؟"),
            question(2, "single_choice", "كيف علمت بنا؟", ["الموقع", "صديق"]),
        ),
    )

    assert response.status_code == 302
    survey = Survey.objects.get()
    assert [q.type for q in survey.questions.order_by("order")] == ["rating_1_5", "single_choice"]


def test_a_choice_question_with_one_choice_is_refused_in_the_admin(client, admin_manager):
    client.force_login(admin_manager)

    response = client.post(
        reverse("admin:surveys_survey_add"), survey_form(question(1, "single_choice", "كيف علمت بنا؟", ["الموقع"]))
    )

    assert response.status_code == 200
    assert not Survey.objects.exists()


def test_a_manager_may_read_surveys_in_the_admin_but_not_build_them(client, make_user):
    client.force_login(make_user(Role.MANAGER, is_staff=True))

    assert client.get(reverse("admin:surveys_survey_changelist")).status_code == 200
    assert client.post(reverse("admin:surveys_survey_add"), survey_form()).status_code == 403
    assert not Survey.objects.exists()
