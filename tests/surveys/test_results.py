import csv
import io

import pytest
from django.urls import reverse
from factories.surveys import InvitationFactory

from policies.roles import Role
from surveys.models import QuestionType
from surveys.services import response_submit


def answer(survey, *, rating=None, nps=None, yes=None, single=None, ticked=None, comment="", beneficiary=None):
    """One invitation to ``survey``, answered through the service."""
    q = {question.type: question.pk for question in survey.questions.all()}
    invitation = InvitationFactory(survey=survey, beneficiary=beneficiary)
    values = {
        q[QuestionType.RATING]: rating,
        q[QuestionType.NPS]: nps,
        q[QuestionType.YES_NO]: yes,
        q[QuestionType.SINGLE_CHOICE]: single,
        q[QuestionType.MULTIPLE_CHOICE]: ticked,
        q[QuestionType.FREE_TEXT]: comment,
    }
    return response_submit(invitation=invitation, answers=values, consent_to_link=beneficiary is not None)


@pytest.fixture
def known_results(db):
    """Five answered of eight invitations: ratings 5,4,4,2,1; NPS 10,9,8,5,0."""
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    rows = [(5, 10, 1, 0, [0, 1], "خدمة ممتازة"), (4, 9, 1, 0, [0], ""), (4, 8, 1, 1, [1], "")]
    rows += [(2, 5, 0, 2, [2], "تأخر الموعد"), (1, 0, 0, 2, [1, 2], "")]
    for rating, nps, yes, single, ticked, comment in rows:
        answer(survey, rating=rating, nps=nps, yes=yes, single=single, ticked=ticked, comment=comment)
    InvitationFactory.create_batch(3, survey=survey)
    return survey


def test_a_manager_sees_the_response_rate_satisfaction_and_nps_of_a_known_data_set(client, manager, known_results):
    client.force_login(manager)

    response = client.get(reverse("surveys:results", args=[known_results.pk]))

    results = response.context["results"]
    assert (results.invitations, results.responses) == (8, 5)
    assert results.response_rate == 62.5
    assert results.satisfaction == 60.0  # 3 of 5 ratings are 4 or 5
    assert results.nps == 0.0  # 2 promoters, 2 detractors of 5
    by_type = {item.question.type: item for item in results.questions}
    assert [count for _label, count, _pct in by_type[QuestionType.RATING].distribution] == [1, 1, 0, 2, 1]
    assert [count for _label, count, _pct in by_type[QuestionType.YES_NO].distribution] == [3, 2]
    assert [count for _label, count, _pct in by_type[QuestionType.SINGLE_CHOICE].distribution] == [2, 1, 2]
    assert [count for _label, count, _pct in by_type[QuestionType.MULTIPLE_CHOICE].distribution] == [2, 3, 2]
    assert sorted(by_type[QuestionType.FREE_TEXT].comments) == sorted(["خدمة ممتازة", "تأخر الموعد"])
    assert "تأخر الموعد" in response.content.decode()


def test_the_results_export_as_csv_with_the_same_numbers(client, manager, known_results):
    client.force_login(manager)

    response = client.get(reverse("surveys:results_csv", args=[known_results.pk]))

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1:] == ["8"]
    assert rows[3][1:] == ["62.5"]
    assert rows[4][1:] == ["60.0"]
    assert ["ما مدى رضاك عن سرعة تقديم الخدمة؟", "4", "2", "40.0"] in rows


def test_a_comment_that_looks_like_a_formula_is_exported_as_text(client, manager, known_results):
    answer(known_results, rating=3, comment="=HYPERLINK(1)")
    client.force_login(manager)

    response = client.get(reverse("surveys:results_csv", args=[known_results.pk]))

    assert "'=HYPERLINK(1)" in response.content.decode("utf-8-sig")


def test_results_never_name_the_person_even_when_they_agreed(client, manager, beneficiary):
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    answer(survey, rating=5, comment="شكراً", beneficiary=beneficiary)
    client.force_login(manager)

    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    export = client.get(reverse("surveys:results_csv", args=[survey.pk])).content.decode("utf-8-sig")

    assert beneficiary.family_name not in page
    assert beneficiary.family_name not in export


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.COMPLAINTS_OFFICER, Role.CONTACT_OFFICER])
def test_only_managers_see_survey_results(client, make_user, known_results, role):
    client.force_login(make_user(role))

    assert client.get(reverse("surveys:results", args=[known_results.pk])).status_code == 403
    assert client.get(reverse("surveys:results_csv", args=[known_results.pk])).status_code == 403
    assert client.get(reverse("surveys:results_index")).status_code == 403


def test_results_ask_for_login_first(client, known_results):
    response = client.get(reverse("surveys:results", args=[known_results.pk]))

    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize("count", [10, 100])
def test_the_results_page_keeps_a_fixed_number_of_queries(client, manager, count, django_assert_num_queries):
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    for n in range(count):
        answer(survey, rating=1 + n % 5, nps=n % 11, yes=n % 2, single=n % 3, ticked=[n % 3], comment=f"ملاحظة {n}")
    client.force_login(manager)

    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200


@pytest.mark.parametrize("count", [10, 100])
def test_the_survey_list_keeps_a_fixed_number_of_queries(client, manager, count, django_assert_num_queries):
    from factories.surveys import SurveyFactory

    SurveyFactory.create_batch(count)
    client.force_login(manager)

    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("surveys:results_index")).status_code == 200


QUERIES = 14  # the same for 10 and 100 responses
LIST_QUERIES = 8
