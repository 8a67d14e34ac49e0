"""A beneficiary opens the survey link from the message on a phone and answers one screen at a
time: forgets a required question, finds the answers already given still ticked, goes back and
forth, sends, and a manager then sees the result, draws a sample and records a visit.

Selectors use ids and names, not button text, and are scoped to <main>.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import STAFF_PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def survey_invitation(transactional_db):
    from factories.surveys import InvitationFactory, survey_with_questions

    from surveys.models import QuestionType

    survey = survey_with_questions()
    # Three screens: the two scales, then yes/no and one choice, then the rest.
    screens = {
        QuestionType.RATING: (1, "الخدمة"),
        QuestionType.NPS: (1, ""),
        QuestionType.YES_NO: (2, "التعامل"),
        QuestionType.SINGLE_CHOICE: (2, ""),
        QuestionType.MULTIPLE_CHOICE: (3, "ملاحظات ختامية"),
        QuestionType.FREE_TEXT: (3, ""),
    }
    for question in survey.questions.all():
        question.group, question.group_title = screens[question.type]
        question.save()
    return InvitationFactory(survey=survey)


@pytest.fixture
def manager_user(transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="manager", password=STAFF_PASSWORD, first_name="عبدالله", last_name="السبيعي"
    )
    group, _created = Group.objects.get_or_create(name="manager")
    user.groups.add(group)
    return user


def pick(page, question, value):
    page.locator(f"main input[name=q{question.pk}][value='{value}'] + label").click()


def test_a_beneficiary_answers_a_survey_on_a_phone_and_the_manager_sees_the_result(
    live_server, phone_page, browser_page, survey_invitation, manager_user, screenshot_dir
):
    page = phone_page
    questions = {q.type: q for q in survey_invitation.survey.questions.all()}
    page.goto(f"{live_server.url}/survey/{survey_invitation.token}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("main #evaluation-right")).to_be_visible()
    expect(page.locator("main #survey-steps")).to_be_visible()
    expect(page.locator(f"main input[name=q{questions['yes_no'].pk}]")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "survey-phone-open.png"), full_page=True)

    # Screen 1: the rating is forgotten; the page says so and keeps the NPS answer.
    pick(page, questions["nps_0_10"], 9)
    page.locator("main #next-step").click()
    expect(page.locator("main #form-errors")).to_be_visible()
    expect(page.locator(f"main #q{questions['rating_1_5'].pk}-errors")).to_be_visible()
    expect(page.locator(f"main input[name=q{questions['nps_0_10'].pk}][value='9']")).to_be_checked()
    page.screenshot(path=str(screenshot_dir / "survey-phone-error.png"), full_page=True)
    pick(page, questions["rating_1_5"], 5)
    page.locator("main #next-step").click()

    # Screen 2, then screen 3, back to 2 (answers still ticked) and forward again.
    expect(page.locator("main #evaluation-right")).to_be_visible()
    pick(page, questions["yes_no"], 0)
    pick(page, questions["single_choice"], 1)
    page.locator("main #next-step").click()
    pick(page, questions["multiple_choice"], 2)
    page.locator(f"main #id_q{questions['free_text'].pk}").fill("التعامل راقٍ والمواعيد واضحة")
    page.screenshot(path=str(screenshot_dir / "survey-phone-last-screen.png"), full_page=True)
    page.locator("main #previous-step").click()
    expect(page.locator(f"main input[name=q{questions['single_choice'].pk}][value='1']")).to_be_checked()
    page.locator("main #next-step").click()
    expect(page.locator(f"main input[name=q{questions['multiple_choice'].pk}][value='2']")).to_be_checked()
    expect(page.locator(f"main #id_q{questions['free_text'].pk}")).to_have_value("التعامل راقٍ والمواعيد واضحة")
    page.locator("main #submit-survey").click()
    expect(page.locator("main #survey-thanks")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "survey-phone-thanks.png"), full_page=True)

    page.goto(f"{live_server.url}/survey/{survey_invitation.token}/")
    expect(page.locator("main #survey-unavailable")).to_have_attribute("data-reason", "used")

    staff = browser_page
    sign_in(staff, live_server.url, manager_user)
    staff.goto(f"{live_server.url}/surveys/results/{survey_invitation.survey.pk}/")
    expect(staff.locator("main #response-rate")).to_contain_text("100")
    expect(staff.locator("main #satisfaction")).to_contain_text("100")
    expect(staff.locator("main")).to_contain_text("التعامل راقٍ والمواعيد واضحة")
    expect(staff.locator("main svg.survey-bar").first).to_be_visible()
    staff.screenshot(path=str(screenshot_dir / "survey-results.png"), full_page=True)


def test_a_manager_draws_a_sample_and_records_a_visit_on_a_phone(
    live_server, phone_page, manager_user, screenshot_dir, transactional_db
):
    from factories import BeneficiaryFactory
    from factories.surveys import periodic_survey

    periodic_survey()
    BeneficiaryFactory.create_batch(3, city="جدة")
    page = phone_page
    sign_in(page, live_server.url, manager_user)

    page.goto(f"{live_server.url}/surveys/samples/")
    page.locator("main #id_sample_size").fill("2")
    page.locator("main input[name=cities][value='جدة']").check()
    page.screenshot(path=str(screenshot_dir / "survey-sample-form.png"), full_page=True)
    page.locator("main #draw-sample").click()
    expect(page.locator("main #population-size")).to_have_text("3")
    expect(page.locator("main #chosen tbody tr")).to_have_count(2)
    page.screenshot(path=str(screenshot_dir / "survey-sample-record.png"), full_page=True)

    page.goto(f"{live_server.url}/surveys/visits/new/")
    page.locator("main #id_office").fill("مكتب حي النسيم")
    page.locator("main #id_visit_date").fill("2026-01-10")
    page.locator("main #id_visitor").select_option(str(manager_user.pk))
    for item in ("reception", "rights_displayed", "privacy", "waiting", "records", "complaints"):
        page.locator(f"main input[name=score_{item}][value='4'] + label").click()
    page.locator("main #id_findings").fill("صالة الانتظار مرتبة.")
    page.screenshot(path=str(screenshot_dir / "survey-visit-form.png"), full_page=True)
    page.locator("main #save-visit").click()
    expect(page.locator("main #average-score")).to_contain_text("4")
    page.screenshot(path=str(screenshot_dir / "survey-visit-record.png"), full_page=True)

    page.goto(f"{live_server.url}/surveys/results/")
    page.locator("main #surveys a").first.click()
    expect(page.locator("main #breakdown-channel")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "survey-results-phone.png"), full_page=True)
