from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from surveys.models import Answer, QuestionType, Response
from surveys.views.public import EVALUATION_RIGHT


def answer_url(invitation):
    return reverse("public_surveys:answer", kwargs={"token": invitation.token})


def test_the_answer_page_opens_without_login_and_states_that_evaluation_is_a_right(client, invitation, page_shows):
    response = client.get(answer_url(invitation))

    assert response.status_code == 200
    assert page_shows(response, EVALUATION_RIGHT)
    assert 'dir="rtl"' in response.content.decode()


def test_a_beneficiary_answers_every_question_type_and_is_thanked(client, invitation, good_answers):
    response = client.post(answer_url(invitation), good_answers())

    assert response.status_code == 302
    assert response.url == reverse("public_surveys:thanks")
    stored = {a.question.type: a for a in Answer.objects.select_related("question")}
    assert stored[QuestionType.RATING].number == 5
    assert stored[QuestionType.NPS].number == 9
    assert stored[QuestionType.YES_NO].number == 1
    assert stored[QuestionType.SINGLE_CHOICE].number == 2
    assert stored[QuestionType.MULTIPLE_CHOICE].selected == [0, 2]
    assert stored[QuestionType.FREE_TEXT].text == "شكراً على حسن التعامل"


def test_an_optional_question_may_be_left_empty(client, invitation, good_answers):
    response = client.post(answer_url(invitation), good_answers(free_text=None))

    assert response.status_code == 302
    assert Response.objects.count() == 1
    assert not Answer.objects.filter(question__type=QuestionType.FREE_TEXT).exists()


@pytest.mark.parametrize(
    ("kind", "bad"),
    [
        ("rating_1_5", "6"),
        ("rating_1_5", "0"),
        ("rating_1_5", "ممتاز"),
        ("nps_0_10", "11"),
        ("nps_0_10", "-1"),
        ("yes_no", "2"),
        ("single_choice", "3"),
        ("multiple_choice", ["1", "7"]),
        ("free_text", "ن" * 2001),
    ],
)
def test_an_out_of_range_answer_is_refused_and_the_other_answers_are_kept(client, invitation, good_answers, kind, bad):
    response = client.post(answer_url(invitation), good_answers(**{kind: bad}))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="form-errors"' in page
    question = invitation.survey.questions.get(type=kind)
    assert f'id="q{question.pk}-errors"' in page
    assert 'value="9" checked' in page or kind == "nps_0_10"
    assert "شكراً على حسن التعامل" in page or kind == "free_text"
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


@pytest.mark.parametrize("kind", ["rating_1_5", "nps_0_10", "yes_no", "single_choice", "multiple_choice"])
def test_a_required_question_left_empty_is_refused(client, invitation, good_answers, page_shows, kind):
    from surveys.forms import REQUIRED_MESSAGE

    response = client.post(answer_url(invitation), good_answers(**{kind: None}))

    assert response.status_code == 200
    assert page_shows(response, REQUIRED_MESSAGE)
    assert not Response.objects.exists()


def test_a_link_used_once_shows_a_polite_page_the_second_time_and_changes_nothing(client, invitation, good_answers):
    client.post(answer_url(invitation), good_answers())

    again = client.post(answer_url(invitation), good_answers(rating_1_5="1"))

    assert again.status_code == 410
    assert 'data-reason="used"' in again.content.decode()
    assert Response.objects.count() == 1
    assert Answer.objects.get(question__type=QuestionType.RATING).number == 5


def test_an_expired_link_shows_a_polite_page_and_records_nothing(client, invitation, good_answers):
    with time_machine.travel(invitation.expires_at + timedelta(minutes=1)):
        opened = client.get(answer_url(invitation))
        sent = client.post(answer_url(invitation), good_answers())

    assert opened.status_code == sent.status_code == 410
    assert 'data-reason="expired"' in sent.content.decode()
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_link_is_still_open_just_before_it_expires(client, invitation, good_answers):
    with time_machine.travel(invitation.expires_at - timedelta(minutes=1)):
        sent = client.post(answer_url(invitation), good_answers())

    assert sent.status_code == 302


@pytest.mark.parametrize(
    "change", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:10], lambda t: "x" * 80]
)
def test_a_tampered_link_shows_a_polite_page_and_records_nothing(client, invitation, good_answers, change):
    url = reverse("public_surveys:answer", kwargs={"token": change(invitation.token)})

    response = client.post(url, good_answers())

    assert response.status_code == 404
    assert 'data-reason="unknown"' in response.content.decode()
    assert not Response.objects.exists()
