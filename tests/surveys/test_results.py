import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from factories.surveys import InvitationFactory

from policies.roles import Role
from surveys.models import QuestionType
from surveys.selectors import survey_results
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
    assert [bar.count for bar in by_type[QuestionType.RATING].distribution] == [1, 1, 0, 2, 1]
    assert [bar.percent for bar in by_type[QuestionType.RATING].distribution] == [20.0, 20.0, 0.0, 40.0, 20.0]
    assert [bar.count for bar in by_type[QuestionType.NPS].distribution] == [1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1]
    assert [bar.count for bar in by_type[QuestionType.YES_NO].distribution] == [3, 2]
    assert [bar.count for bar in by_type[QuestionType.SINGLE_CHOICE].distribution] == [2, 1, 2]
    # Multiple choice: shares of the 5 people who answered, so they add up to more than 100.
    assert [bar.count for bar in by_type[QuestionType.MULTIPLE_CHOICE].distribution] == [2, 3, 2]
    assert [bar.percent for bar in by_type[QuestionType.MULTIPLE_CHOICE].distribution] == [40.0, 60.0, 40.0]
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


def test_a_manager_sees_the_answers_of_a_beneficiary_who_agreed_to_be_named(client, manager, beneficiary):
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    answer(survey, rating=5, comment="شكراً جزيلاً", beneficiary=beneficiary)
    client.force_login(manager)

    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()

    assert beneficiary.family_name in page
    assert "شكراً جزيلاً" in page


def test_a_named_beneficiarys_answers_are_listed_in_question_order_as_they_were_chosen(db, beneficiary):
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    answer(survey, rating=4, nps=9, yes=1, single=1, ticked=[0, 2], comment="شكراً", beneficiary=beneficiary)
    questions = list(survey.questions.order_by("group", "order", "pk"))
    chosen = {
        QuestionType.RATING: "4",
        QuestionType.NPS: "9",
        QuestionType.YES_NO: "نعم",
        QuestionType.FREE_TEXT: "شكراً",
    }

    with translation.override("ar"):
        linked = survey_results(survey, full_access=True).linked

    single = next(q for q in questions if q.type == QuestionType.SINGLE_CHOICE)
    multiple = next(q for q in questions if q.type == QuestionType.MULTIPLE_CHOICE)
    chosen[QuestionType.SINGLE_CHOICE] = single.choices[1]
    chosen[QuestionType.MULTIPLE_CHOICE] = f"{multiple.choices[0]}، {multiple.choices[2]}"
    assert [entry.response.beneficiary for entry in linked] == [beneficiary]
    assert linked[0].answers == [(question.text, chosen[question.type]) for question in questions]


def test_answers_given_without_consent_are_never_named_even_to_a_manager(client, manager, beneficiary):
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    invitation = InvitationFactory(survey=survey, beneficiary=beneficiary)
    rating = survey.questions.get(type=QuestionType.RATING)
    response_submit(invitation=invitation, answers={rating.pk: 2}, consent_to_link=False)
    client.force_login(manager)

    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    export = client.get(reverse("surveys:results_csv", args=[survey.pk])).content.decode("utf-8-sig")

    assert beneficiary.family_name not in page
    assert beneficiary.family_name not in export


def test_the_export_names_nobody_even_when_they_agreed(client, manager, beneficiary):
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    answer(survey, rating=5, comment="شكراً", beneficiary=beneficiary)
    client.force_login(manager)

    export = client.get(reverse("surveys:results_csv", args=[survey.pk])).content.decode("utf-8-sig")

    assert beneficiary.family_name not in export


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.COMPLAINTS_OFFICER, Role.CONTACT_OFFICER])
def test_other_staff_see_aggregates_only_without_names_comments_or_export(
    client, make_user, known_results, beneficiary, role
):
    answer(known_results, rating=5, comment="تعليق باسم صاحبه", beneficiary=beneficiary)
    client.force_login(make_user(role))

    response = client.get(reverse("surveys:results", args=[known_results.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"].satisfaction == 66.7  # 4 of 6 ratings
    assert beneficiary.family_name not in page
    assert "تعليق باسم صاحبه" not in page
    assert "خدمة ممتازة" not in page
    assert 'id="export-csv"' not in page
    assert client.get(reverse("surveys:results_csv", args=[known_results.pk])).status_code == 403


@pytest.mark.parametrize("role", [Role.COMMITTEE_MEMBER, Role.COMMITTEE_SECRETARY, Role.ADMIN])
def test_roles_outside_beneficiary_relations_cannot_read_results(client, make_user, known_results, role):
    client.force_login(make_user(role))

    assert client.get(reverse("surveys:results", args=[known_results.pk])).status_code == 403
    assert client.get(reverse("surveys:results_csv", args=[known_results.pk])).status_code == 403


def test_a_small_group_is_hidden_from_staff_but_shown_to_managers(client, make_user, manager, known_results):
    from factories import ServiceTypeFactory

    from surveys.models import Response
    from surveys.services.tallies import survey_tallies_rebuild

    lone = answer(known_results, rating=1)
    Response.objects.filter(pk=lone.pk).update(service_type=ServiceTypeFactory(name="خدمة نادرة"))
    survey_tallies_rebuild()  # the service was set by hand after the answers were counted
    client.force_login(make_user(Role.RECEPTION))
    staff_rows = client.get(reverse("surveys:results", args=[known_results.pk])).context["results"].breakdowns
    client.force_login(manager)
    manager_rows = client.get(reverse("surveys:results", args=[known_results.pk])).context["results"].breakdowns

    def rare(breakdowns):
        rows = {b.key: b for b in breakdowns}["service_type"].rows
        return next(row for row in rows if row.label == "خدمة نادرة")

    assert rare(staff_rows).hidden is True
    assert rare(manager_rows).hidden is False
    assert rare(manager_rows).satisfaction == 0.0


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
    client.get(reverse("surveys:results", args=[survey.pk]))  # loads the reference data kept between requests

    with django_assert_num_queries(QUERIES):
        assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200


@pytest.mark.parametrize("count", [10, 100])
def test_the_results_page_of_named_answers_keeps_a_fixed_number_of_queries(
    client, manager, count, django_assert_num_queries
):
    from factories import BeneficiaryFactory
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    for n in range(count):
        answer(survey, rating=1 + n % 5, nps=n % 11, comment=f"ملاحظة {n}", beneficiary=BeneficiaryFactory())
    client.force_login(manager)
    client.get(reverse("surveys:results", args=[survey.pk]))  # loads the reference data kept between requests

    with django_assert_num_queries(QUERIES + 1):  # the named answers (their questions are the survey's)
        page = client.get(reverse("surveys:results", args=[survey.pk]))
    assert len(page.context["results"].linked) == min(count, 50)


def test_the_survey_list_shows_each_surveys_invitations_and_responses_as_its_results_page_does(
    client, manager, known_results
):
    from factories.surveys import SurveyFactory

    untouched = SurveyFactory(title="استبيان لم يُرسل بعد")
    client.force_login(manager)

    listed = {survey.pk: survey for survey in client.get(reverse("surveys:results_index")).context["surveys"]}

    assert (listed[known_results.pk].invitation_count, listed[known_results.pk].response_count) == (8, 5)
    assert (listed[untouched.pk].invitation_count, listed[untouched.pk].response_count) == (0, 0)


def test_the_survey_list_prints_the_counts_in_the_surveys_row(client, manager, known_results):
    client.force_login(manager)

    page = client.get(reverse("surveys:results_index")).content.decode()

    row = page[page.index(f'href="{reverse("surveys:results", args=[known_results.pk])}"') :]
    row = row[: row.index("</tr>")]
    assert "<td>8</td><td>5</td>" in row


@pytest.mark.parametrize("count", [10, 100])
def test_the_survey_list_keeps_a_fixed_number_of_queries(client, manager, count, django_assert_num_queries):
    from factories.surveys import SurveyFactory

    SurveyFactory.create_batch(count)
    client.force_login(manager)
    client.get(reverse("surveys:results_index"))  # loads the reference data kept between requests

    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("surveys:results_index")).status_code == 200


QUERIES = 11  # the same for 10 and 100 responses
LIST_QUERIES = 5
STAFF_QUERIES = 9  # no comments are read for them, and their header has fewer counters


def test_the_survey_hub_shows_each_role_its_own_tools(client, make_user, manager):
    client.force_login(manager)
    page = client.get(reverse("surveys:results_index")).content.decode()
    assert all(f'id="{link}"' in page for link in ("link-sample", "link-entry", "link-visits", "link-notes"))

    client.force_login(make_user(Role.RECEPTION))
    page = client.get(reverse("surveys:results_index")).content.decode()
    assert 'id="link-entry"' in page and 'id="link-sample"' not in page and 'id="link-visits"' not in page

    client.force_login(make_user(Role.ADMIN))
    page = client.get(reverse("surveys:results_index")).content.decode()
    assert 'id="link-sample"' in page and 'id="surveys"' not in page


def test_the_survey_hub_is_closed_to_the_research_committee(client, make_user):
    client.force_login(make_user(Role.COMMITTEE_MEMBER))

    assert client.get(reverse("surveys:results_index")).status_code == 403


@pytest.mark.parametrize("count", [10, 100])
def test_the_aggregate_page_of_other_staff_keeps_a_fixed_number_of_queries(
    client, make_user, count, django_assert_num_queries
):
    from factories.surveys import survey_with_questions

    survey = survey_with_questions(required=False)
    for n in range(count):
        answer(survey, rating=1 + n % 5, nps=n % 11, yes=n % 2, single=n % 3, ticked=[n % 3], comment=f"ملاحظة {n}")
    client.force_login(make_user(Role.RECEPTION))
    client.get(reverse("surveys:results", args=[survey.pk]))  # loads the reference data kept between requests

    with django_assert_num_queries(STAFF_QUERIES):
        assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 200
