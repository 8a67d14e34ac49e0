"""The public page shows one question group per screen and keeps every answer across screens."""

import re

import pytest
from django.urls import reverse
from factories.surveys import InvitationFactory, QuestionFactory, SurveyFactory

from surveys.forms import REQUIRED_MESSAGE
from surveys.models import Answer, QuestionType, Response
from surveys.views.public import EVALUATION_RIGHT


@pytest.fixture
def grouped(db):
    """Screen 1: a rating; screen 2: yes/no and a text; screen 3: a multiple choice."""
    survey = SurveyFactory()
    questions = {
        "rating": QuestionFactory(survey=survey, order=1, group=1, group_title="الخدمة", type=QuestionType.RATING),
        "yes": QuestionFactory(survey=survey, order=2, group=2, group_title="التعامل", type=QuestionType.YES_NO),
        "text": QuestionFactory(
            survey=survey, order=3, group=2, type=QuestionType.FREE_TEXT, text="ملاحظاتك", required=False
        ),
        "multi": QuestionFactory(
            survey=survey, order=4, group=3, type=QuestionType.MULTIPLE_CHOICE, choices=["أ", "ب", "ج"]
        ),
    }
    return InvitationFactory(survey=survey), {key: f"q{q.pk}" for key, q in questions.items()}


def url(invitation):
    return reverse("public_surveys:answer", kwargs={"token": invitation.token})


def hidden(page, name):
    return re.findall(rf'<input type="hidden" name="{name}" value="([^"]*)">', page)


def test_the_first_screen_shows_only_the_first_group_and_the_right_to_evaluate(client, grouped, page_shows):
    invitation, q = grouped

    response = client.get(url(invitation))

    page = response.content.decode()
    assert f'name="{q["rating"]}"' in page
    assert f'name="{q["yes"]}"' not in page
    assert 'id="next-step"' in page
    assert 'id="submit-survey"' not in page
    assert page_shows(response, EVALUATION_RIGHT)
    assert "الخدمة" in page


def test_next_without_a_required_answer_stays_on_the_screen_with_a_message(client, grouped, page_shows):
    invitation, q = grouped

    response = client.post(url(invitation), {"step": "0", "action": "next"})

    assert page_shows(response, REQUIRED_MESSAGE)
    assert f'name="{q["rating"]}"' in response.content.decode()
    assert f'name="{q["yes"]}"' not in response.content.decode()


def test_next_carries_the_answers_given_so_far_to_the_next_screen(client, grouped):
    invitation, q = grouped

    response = client.post(url(invitation), {"step": "0", "action": "next", q["rating"]: "4"})

    page = response.content.decode()
    assert f'name="{q["yes"]}"' in page
    assert hidden(page, q["rating"]) == ["4"]
    assert hidden(page, "step") == ["1"]
    assert 'id="previous-step"' in page


def test_back_returns_to_the_previous_screen_with_its_answer_ticked_and_keeps_the_later_ones(client, grouped):
    invitation, q = grouped

    response = client.post(
        url(invitation), {"step": "1", "action": "back", q["rating"]: "4", q["yes"]: "0", q["text"]: "جيد"}
    )

    page = response.content.decode()
    assert re.search(rf'name="{q["rating"]}"[^>]*value="4" checked', page)
    assert hidden(page, q["yes"]) == ["0"]
    assert hidden(page, q["text"]) == ["جيد"]


def test_the_last_screen_sends_every_answer_once(client, grouped):
    invitation, q = grouped

    response = client.post(
        url(invitation),
        {"step": "2", "action": "send", q["rating"]: "4", q["yes"]: "1", q["text"]: "جيد", q["multi"]: ["0", "2"]},
    )

    assert response.status_code == 302
    stored = {a.question.type: a for a in Answer.objects.select_related("question")}
    assert stored[QuestionType.RATING].number == 4
    assert stored[QuestionType.MULTIPLE_CHOICE].selected == [0, 2]
    assert stored[QuestionType.FREE_TEXT].text == "جيد"


def test_a_tampered_answer_from_an_earlier_screen_is_refused_and_that_screen_is_shown_again(client, grouped):
    invitation, q = grouped

    response = client.post(
        url(invitation), {"step": "2", "action": "send", q["rating"]: "9", q["yes"]: "1", q["multi"]: ["1"]}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="{q["rating"]}-errors"' in page
    assert f'name="{q["yes"]}"' not in page or hidden(page, q["yes"]) == ["1"]
    assert hidden(page, q["multi"]) == ["1"]
    assert hidden(page, "step") == ["0"]
    assert not Response.objects.exists()


def test_consent_ticked_on_the_last_screen_survives_a_failed_send(client, grouped):
    invitation, q = grouped

    response = client.post(
        url(invitation),
        {"step": "2", "action": "send", q["rating"]: "", q["yes"]: "1", q["multi"]: ["1"], "consent_to_link": "on"},
    )

    assert hidden(response.content.decode(), "consent_to_link") == ["on"]


@pytest.mark.parametrize("step", ["-4", "99", "abc"])
def test_a_tampered_step_number_is_harmless(client, grouped, step):
    invitation, q = grouped

    response = client.post(url(invitation), {"step": step, "action": "next", q["rating"]: "3"})

    assert response.status_code == 200
    assert not Response.objects.exists()


def test_consent_ticked_then_going_back_and_forth_stays_ticked(client, grouped):
    invitation, q = grouped
    answers = {q["rating"]: "4", q["yes"]: "1", q["multi"]: ["1"], "consent_to_link": "on"}

    back = client.post(url(invitation), {"step": "2", "action": "back", **answers})
    forward = client.post(url(invitation), {"step": "1", "action": "next", **answers})

    assert hidden(back.content.decode(), "consent_to_link") == ["on"]
    assert re.search(r'id="id_consent_to_link" checked', forward.content.decode())
