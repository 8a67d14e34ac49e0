import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from factories import BeneficiaryFactory, CategoryFactory
from factories.surveys import InvitationFactory, periodic_survey

from beneficiaries.models import BeneficiaryStatus, Gender
from notifications.models import Event, Message
from policies.roles import Role
from surveys.forms import SampleDrawForm
from surveys.models import AgeBand, Invitation, SampleDraw, SurveyKind
from surveys.services import survey_sample_draw


@pytest.fixture
def survey(db):
    return periodic_survey()


@pytest.fixture
def population(frozen_today, category, other_category):
    """On 23 Nov 2026: in ``category`` three women of Jeddah aged 25, 40, 70 and a Riyadh man of 40;
    in ``other_category`` a Jeddah woman of 40; an archived Jeddah woman of 40 in ``category``."""
    woman = {"gender": Gender.FEMALE, "city": "جدة", "category": category}
    return {
        "young": BeneficiaryFactory(birth_date=date(2001, 6, 1), **woman),
        "middle": BeneficiaryFactory(birth_date=date(1986, 11, 23), **woman),
        "old": BeneficiaryFactory(birth_date=date(1956, 1, 1), **woman),
        "man": BeneficiaryFactory(birth_date=date(1986, 1, 1), gender=Gender.MALE, city="الرياض", category=category),
        "other": BeneficiaryFactory(birth_date=date(1986, 1, 1), **{**woman, "category": other_category}),
        "archived": BeneficiaryFactory(birth_date=date(1986, 1, 1), status=BeneficiaryStatus.ARCHIVED, **woman),
    }


def test_a_draw_chooses_among_the_people_matching_every_filter_and_records_itself(
    survey, population, manager, category
):
    draw = survey_sample_draw(
        actor=manager,
        survey=survey,
        sample_size=2,
        categories=[category.pk],
        genders=[Gender.FEMALE],
        age_bands=[AgeBand.FROM_18, AgeBand.FROM_30],
        cities=["جدة"],
        seed="abc123",
    )

    assert set(draw.chosen.all()) == {population["young"], population["middle"]}
    assert (draw.drawn_by, draw.seed, draw.population_size, draw.sample_size) == (manager, "abc123", 2, 2)
    assert draw.filters == {
        "categories": [category.pk],
        "genders": ["female"],
        "age_bands": ["18_29", "30_44"],
        "cities": ["جدة"],
    }
    assert draw.drawn_at is not None


def test_the_60_and_over_band_takes_only_the_elderly(survey, population, manager):
    draw = survey_sample_draw(actor=manager, survey=survey, sample_size=10, age_bands=[AgeBand.FROM_60], seed="s")

    assert list(draw.chosen.all()) == [population["old"]]


def test_the_40th_birthday_today_counts_in_the_30_to_44_band(survey, population, manager):
    draw = survey_sample_draw(
        actor=manager, survey=survey, sample_size=10, age_bands=[AgeBand.FROM_30], genders=[Gender.FEMALE], seed="s"
    )

    assert population["middle"] in draw.chosen.all()
    assert population["archived"] not in draw.chosen.all()


def test_the_same_seed_on_the_same_population_chooses_the_same_people(survey, population, manager):
    first = survey_sample_draw(actor=manager, survey=survey, sample_size=2, seed="repeatable")
    chosen = set(first.chosen.values_list("pk", flat=True))
    Invitation.objects.all().delete()

    second = survey_sample_draw(actor=manager, survey=survey, sample_size=2, seed="repeatable")

    assert set(second.chosen.values_list("pk", flat=True)) == chosen


def test_a_draw_without_a_seed_gets_one_so_it_can_be_checked_later(survey, population, manager):
    draw = survey_sample_draw(actor=manager, survey=survey, sample_size=1)

    assert len(draw.seed) >= 16


def test_each_person_drawn_is_invited_once_through_their_agreed_channel(survey, population, manager):
    population["young"].contact_channel = "email"
    population["young"].email = "young@example.org"
    population["young"].save()

    draw = survey_sample_draw(actor=manager, survey=survey, sample_size=10, cities=["جدة"], seed="x")

    invitations = Invitation.objects.filter(sample=draw)
    assert invitations.count() == draw.chosen.count() == 4
    messages = Message.objects.filter(event=Event.SURVEY_INVITATION)
    assert messages.count() == 4
    young = invitations.get(beneficiary=population["young"])
    assert young.channel == "email"
    assert messages.get(recipient_object_id=population["young"].pk).channel == "email"


def test_people_already_invited_to_the_questionnaire_are_left_out_of_the_next_draw(survey, population, manager):
    InvitationFactory(survey=survey, beneficiary=population["young"])

    draw = survey_sample_draw(actor=manager, survey=survey, sample_size=10, cities=["جدة"], seed="x")

    assert population["young"] not in draw.chosen.all()
    assert draw.population_size == 3


def test_a_sample_larger_than_the_population_takes_everyone(survey, population, manager, category):
    draw = survey_sample_draw(actor=manager, survey=survey, sample_size=50, categories=[category.pk], seed="x")

    assert draw.chosen.count() == draw.population_size == 4


@pytest.mark.parametrize("size", [0, -3, 2001])
def test_a_sample_size_out_of_range_is_refused_and_nothing_is_recorded(survey, population, manager, size):
    with pytest.raises(ValidationError) as error:
        survey_sample_draw(actor=manager, survey=survey, sample_size=size)

    assert "sample_size" in error.value.message_dict
    assert not SampleDraw.objects.exists()
    assert not Invitation.objects.exists()


def test_an_empty_population_is_refused(survey, population, manager):
    with pytest.raises(ValidationError):
        survey_sample_draw(actor=manager, survey=survey, sample_size=1, cities=["أبها"])

    assert not SampleDraw.objects.exists()


def test_unknown_genders_or_age_bands_are_refused(survey, population, manager):
    with pytest.raises(ValidationError):
        survey_sample_draw(actor=manager, survey=survey, sample_size=1, genders=["other"])
    with pytest.raises(ValidationError):
        survey_sample_draw(actor=manager, survey=survey, sample_size=1, age_bands=["90_plus"])


def test_only_an_open_periodic_questionnaire_can_be_sampled(population, manager):
    after_service = periodic_survey(kind=SurveyKind.AFTER_SERVICE)
    closed = periodic_survey(is_active=False)

    for survey in (after_service, closed):
        with pytest.raises(ValidationError):
            survey_sample_draw(actor=manager, survey=survey, sample_size=1)


# --- The staff page -------------------------------------------------------------------------


def test_a_manager_draws_a_sample_on_the_staff_page_and_sees_the_record(client, manager, survey, population):
    client.force_login(manager)

    response = client.post(
        reverse("surveys:sample_draw"),
        {"survey": survey.pk, "sample_size": "2", "cities": ["جدة"], "genders": ["female"], "seed": "page-seed"},
        follow=True,
    )

    draw = SampleDraw.objects.get()
    assert response.redirect_chain[-1][0] == reverse("surveys:sample_detail", args=[draw.pk])
    page = response.content.decode()
    assert "page-seed" in page
    assert 'id="population-size">4<' in page
    for person in draw.chosen.all():
        assert person.full_name in page


def test_the_earlier_draws_show_how_many_each_chose_and_how_many_of_them_answered(client, manager, population):
    from surveys.services import response_submit

    survey = periodic_survey(required=False)
    first = survey_sample_draw(actor=manager, survey=survey, sample_size=3, cities=["جدة"], seed="first")
    for invitation in Invitation.objects.filter(sample=first).order_by("pk")[:2]:
        response_submit(invitation=invitation, answers={}, consent_to_link=False)
    second = survey_sample_draw(actor=manager, survey=survey, sample_size=1, seed="second")
    client.force_login(manager)

    listed = {draw.pk: draw for draw in client.get(reverse("surveys:sample_draw")).context["draws"]}

    assert (listed[first.pk].chosen_count, listed[first.pk].population_size, listed[first.pk].answered_count) == (
        3,
        4,
        2,
    )
    assert (listed[second.pk].chosen_count, listed[second.pk].answered_count) == (1, 0)


def test_the_administrator_may_draw_a_sample_too(client, make_user, survey, population):
    client.force_login(make_user(Role.ADMIN))

    assert client.get(reverse("surveys:sample_draw")).status_code == 200


def test_a_bad_sample_size_on_the_page_is_explained_and_the_filters_are_kept(
    client, manager, survey, population, page_shows
):
    client.force_login(manager)

    response = client.post(
        reverse("surveys:sample_draw"), {"survey": survey.pk, "sample_size": "0", "cities": ["جدة"], "seed": "kept"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page_shows(response, SampleDrawForm.base_fields["sample_size"].error_messages["min_value"])
    assert 'value="kept"' in page
    assert re.search(r'<input[^>]*value="جدة"[^>]*checked', page)
    assert not SampleDraw.objects.exists()


def test_an_empty_population_on_the_page_is_explained(client, manager, survey, population):
    client.force_login(manager)

    response = client.post(
        reverse("surveys:sample_draw"),
        {"survey": survey.pk, "sample_size": "3", "categories": [CategoryFactory().pk]},
    )

    assert response.status_code == 200
    assert "alert" in response.content.decode()
    assert not SampleDraw.objects.exists()


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.CONTACT_OFFICER, Role.COMPLAINTS_OFFICER])
def test_other_roles_cannot_draw_samples(client, make_user, survey, population, role):
    client.force_login(make_user(role))

    assert client.get(reverse("surveys:sample_draw")).status_code == 403
    assert client.post(reverse("surveys:sample_draw"), {"survey": survey.pk, "sample_size": "1"}).status_code == 403
    assert not SampleDraw.objects.exists()


def test_the_sample_page_asks_for_login_first(client, survey):
    response = client.get(reverse("surveys:sample_draw"))

    assert response.status_code == 302
    assert "login" in response.url
