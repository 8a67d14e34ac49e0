"""The results by service, channel, category and month, on a data set worked out by hand."""

from datetime import date

import pytest
from factories import CategoryFactory, ServiceTypeFactory
from factories.surveys import InvitationFactory, survey_with_questions

from surveys.models import QuestionType, Response, ResponseChannel
from surveys.selectors import survey_results
from surveys.services import response_submit
from surveys.services.tallies import survey_tallies_rebuild


@pytest.fixture
def data_set(db):
    """Five answers, three unanswered links (two by SMS, one by email).

    | # | service | link  | category | month    | rating | NPS |
    | 1 | food    | sms   | widows   | Oct 2026 | 5      | 10  |
    | 2 | food    | sms   | widows   | Nov 2026 | 4      | 9   |
    | 3 | food    | email | orphans  | Nov 2026 | 2      | 3   |
    | 4 | rent    | email | orphans  | Nov 2026 | 5      | 8   |
    | 5 | rent    | sms   | widows   | Nov 2026 | 5      | 6   |
    """
    survey = survey_with_questions(required=False)
    q = {question.type: question.pk for question in survey.questions.all()}
    food, rent = ServiceTypeFactory(name="سلة غذائية"), ServiceTypeFactory(name="إيجار")
    widows, orphans = CategoryFactory(name="أرامل (بيانات الاختبار)"), CategoryFactory(name="أيتام (بيانات الاختبار)")
    rows = [
        (food, "sms", widows, date(2026, 10, 5), 5, 10),
        (food, "sms", widows, date(2026, 11, 2), 4, 9),
        (food, "email", orphans, date(2026, 11, 9), 2, 3),
        (rent, "email", orphans, date(2026, 11, 16), 5, 8),
        (rent, "sms", widows, date(2026, 11, 20), 5, 6),
    ]
    for service, channel, category, day, rating, nps in rows:
        invitation = InvitationFactory(survey=survey, channel=channel)
        response = response_submit(
            invitation=invitation, answers={q[QuestionType.RATING]: rating, q[QuestionType.NPS]: nps}
        )
        Response.objects.filter(pk=response.pk).update(service_type=service, category=category, submitted_on=day)
    # The facts were set by hand after the answers were counted: count again, as after any import.
    survey_tallies_rebuild()
    InvitationFactory.create_batch(2, survey=survey, channel="sms")
    InvitationFactory(survey=survey, channel="email")
    return survey


def rows(results, key):
    return {row.label: row for row in next(b for b in results.breakdowns if b.key == key).rows}


def numbers(row):
    return (row.responses, row.satisfaction, row.nps)


def test_the_overall_numbers(data_set):
    results = survey_results(data_set, full_access=True)

    assert (results.invitations, results.responses, results.response_rate) == (8, 5, 62.5)
    assert results.satisfaction == 80.0  # 4 of 5 ratings are 4 or 5
    assert results.nps == 0.0  # promoters 10, 9; detractors 3, 6


def test_by_service(data_set):
    by_service = rows(survey_results(data_set, full_access=True), "service_type")

    assert numbers(by_service["سلة غذائية"]) == (3, 66.7, 33.3)
    assert numbers(by_service["إيجار"]) == (2, 100.0, -50.0)


def test_by_channel_with_the_response_rate_of_each_channel(data_set):
    by_channel = rows(survey_results(data_set, full_access=True), "channel")

    sms, email = by_channel[str(ResponseChannel.SMS.label)], by_channel[str(ResponseChannel.EMAIL.label)]
    assert numbers(sms) == (3, 100.0, 33.3)
    assert (sms.invitations, sms.response_rate) == (5, 60.0)
    assert numbers(email) == (2, 50.0, -50.0)
    assert (email.invitations, email.response_rate) == (3, 66.7)


def test_by_category(data_set):
    by_category = rows(survey_results(data_set, full_access=True), "category")

    assert numbers(by_category["أرامل (بيانات الاختبار)"]) == (3, 100.0, 33.3)
    assert numbers(by_category["أيتام (بيانات الاختبار)"]) == (2, 50.0, -50.0)


def test_by_month_in_calendar_order(data_set):
    months = next(b for b in survey_results(data_set, full_access=True).breakdowns if b.key == "month").rows

    assert [numbers(row) for row in months] == [(1, 100.0, 100.0), (4, 75.0, -25.0)]


def test_staff_other_than_managers_do_not_see_groups_smaller_than_three(data_set):
    results = survey_results(data_set, full_access=False)

    months = next(b for b in results.breakdowns if b.key == "month").rows
    assert [row.hidden for row in months] == [True, False]
    by_service = rows(results, "service_type")
    assert (by_service["سلة غذائية"].hidden, by_service["إيجار"].hidden) == (False, True)
    assert results.linked == []
    assert all(not item.comments for item in results.questions)


def test_the_results_page_draws_the_charts_without_scripts_or_inline_styles(client, manager, data_set):
    client.force_login(manager)

    page = client.get(f"/surveys/results/{data_set.pk}/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]

    assert '<svg class="survey-bar' in main
    assert 'width="66.7"' in main
    assert "<script" not in main
    assert "style=" not in main


def test_the_export_holds_the_breakdowns(client, manager, data_set):
    import csv
    import io

    client.force_login(manager)

    export = client.get(f"/surveys/results/{data_set.pk}/csv/").content.decode("utf-8-sig")

    table = list(csv.reader(io.StringIO(export)))
    assert ["سلة غذائية", "3", "66.7", "33.3", ""] in table
    assert ["أيتام (بيانات الاختبار)", "2", "50.0", "-50.0", ""] in table
