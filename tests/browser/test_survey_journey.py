"""A beneficiary opens the survey link from the message on a phone, forgets a required question,
finds the answers already given still ticked, finishes, and a manager then sees the result.

Selectors use ids and names, not button text, and are scoped to <main>.
"""

import pytest
from playwright.sync_api import expect

PASSWORD = "Silah-browser-pass-2024"


@pytest.fixture
def survey_invitation(transactional_db):
    from factories.surveys import InvitationFactory, survey_with_questions

    survey = survey_with_questions()
    return InvitationFactory(survey=survey)


@pytest.fixture
def manager_user(transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username="manager", password=PASSWORD, first_name="عبدالله", last_name="السبيعي"
    )
    group, _created = Group.objects.get_or_create(name="manager")
    user.groups.add(group)
    return user


def pick(page, question, value):
    page.locator(f"main input[name=q{question.pk}][value='{value}'] + label").click()


@pytest.mark.browser
def test_a_beneficiary_answers_a_survey_on_a_phone_and_the_manager_sees_the_result(
    live_server, phone_page, browser_page, survey_invitation, manager_user, screenshot_dir
):
    page = phone_page
    questions = {q.type: q for q in survey_invitation.survey.questions.all()}
    page.goto(f"{live_server.url}/survey/{survey_invitation.token}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("main #evaluation-right")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "survey-phone-open.png"), full_page=True)

    pick(page, questions["nps_0_10"], 9)
    pick(page, questions["yes_no"], 0)
    pick(page, questions["single_choice"], 1)
    pick(page, questions["multiple_choice"], 2)
    page.locator(f"main #id_q{questions['free_text'].pk}").fill("التعامل راقٍ والمواعيد واضحة")
    page.locator("main #submit-survey").click()

    expect(page.locator("main #form-errors")).to_be_visible()
    expect(page.locator(f"main #q{questions['rating_1_5'].pk}-errors")).to_be_visible()
    expect(page.locator(f"main input[name=q{questions['nps_0_10'].pk}][value='9']")).to_be_checked()
    expect(page.locator(f"main #id_q{questions['free_text'].pk}")).to_have_value("التعامل راقٍ والمواعيد واضحة")
    page.screenshot(path=str(screenshot_dir / "survey-phone-error.png"), full_page=True)

    pick(page, questions["rating_1_5"], 5)
    page.locator("main #submit-survey").click()
    expect(page.locator("main #survey-thanks")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "survey-phone-thanks.png"), full_page=True)

    page.goto(f"{live_server.url}/survey/{survey_invitation.token}/")
    expect(page.locator("main #survey-unavailable")).to_have_attribute("data-reason", "used")

    staff = browser_page
    staff.goto(f"{live_server.url}/accounts/login/")
    staff.locator("#id_username").fill(manager_user.username)
    staff.locator("#id_password").fill(PASSWORD)
    staff.locator("main form button[type=submit]").click()
    staff.goto(f"{live_server.url}/surveys/results/{survey_invitation.survey.pk}/")
    expect(staff.locator("main #response-rate")).to_contain_text("100")
    expect(staff.locator("main #satisfaction")).to_contain_text("100")
    expect(staff.locator("main")).to_contain_text("التعامل راقٍ والمواعيد واضحة")
    staff.screenshot(path=str(screenshot_dir / "survey-results.png"), full_page=True)
