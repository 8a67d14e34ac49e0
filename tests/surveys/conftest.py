import pytest
from factories.surveys import InvitationFactory, survey_with_questions


@pytest.fixture
def survey(db):
    return survey_with_questions()


@pytest.fixture
def invitation(survey, beneficiary):
    return InvitationFactory(survey=survey, beneficiary=beneficiary)


@pytest.fixture
def good_answers(survey):
    """What a beneficiary ticks for every question, as the form posts it."""

    def data(**overrides) -> dict:
        q = {question.type: f"q{question.pk}" for question in survey.questions.all()}
        values = {
            q["rating_1_5"]: "5",
            q["nps_0_10"]: "9",
            q["yes_no"]: "1",
            q["single_choice"]: "2",
            q["multiple_choice"]: ["0", "2"],
            q["free_text"]: "شكراً على حسن التعامل",
        }
        for kind, value in overrides.items():
            values[q[kind]] = value
        return {key: value for key, value in values.items() if value is not None}

    return data
