"""The periodic questionnaire's random sample (R22): drawn, recorded, then invited."""

import random
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.models import AgeBand, SampleDraw, Survey, SurveyKind
from surveys.selectors import sample_population, surveys_open_on
from surveys.services.invitations import invitation_create

MAX_SAMPLE_SIZE = 2000


def _clean_filters(*, categories, genders, age_bands, cities) -> dict[str, list]:
    from beneficiaries.models import Gender

    filters = {
        "categories": sorted({int(c) for c in categories}),
        "genders": sorted(set(genders)),
        "age_bands": sorted(set(age_bands)),
        "cities": sorted({" ".join(c.split()) for c in cities if c.strip()}),
    }
    errors = {}
    if not set(filters["genders"]) <= set(Gender.values):
        errors["genders"] = _("Choose genders from the list.")
    if not set(filters["age_bands"]) <= set(AgeBand.values):
        errors["age_bands"] = _("Choose age bands from the list.")
    if errors:
        raise ValidationError(errors)
    return filters


@transaction.atomic
def survey_sample_draw(
    *,
    actor,
    survey: Survey,
    sample_size: int,
    categories: Iterable[int] = (),
    genders: Iterable[str] = (),
    age_bands: Iterable[str] = (),
    cities: Iterable[str] = (),
    seed: str = "",
    now=None,
) -> SampleDraw:
    """Draw ``sample_size`` active beneficiaries at random among those matching the filters, record the
    draw and send each one a personal invitation through their agreed channel.

    People already invited to this survey are left out, so a second draw reaches new people. The same
    seed on the same population chooses the same people, which lets anyone check a draw afterwards.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if survey.kind != SurveyKind.PERIODIC:
        raise ValidationError({"survey": _("A sample is drawn only for a periodic questionnaire.")})
    if not surveys_open_on(kind=SurveyKind.PERIODIC, day=today).filter(pk=survey.pk).exists():
        raise ValidationError({"survey": _("This questionnaire is not open today.")})
    if not isinstance(sample_size, int) or not 1 <= sample_size <= MAX_SAMPLE_SIZE:
        raise ValidationError({"sample_size": _("Choose a sample size from 1 to %(max)d.") % {"max": MAX_SAMPLE_SIZE}})
    filters = _clean_filters(categories=categories, genders=genders, age_bands=age_bands, cities=cities)
    population = list(
        sample_population(survey=survey, day=today, **filters).order_by("pk").values_list("pk", flat=True)
    )
    if not population:
        raise ValidationError(_("No beneficiary matches these filters (or all of them were already invited)."))
    seed = (seed or "").strip() or secrets.token_hex(8)
    chosen_ids = sorted(random.Random(seed).sample(population, min(sample_size, len(population))))  # noqa: S311
    draw = SampleDraw(
        survey=survey,
        drawn_by=actor,
        drawn_at=now,
        filters=filters,
        seed=seed,
        population_size=len(population),
        sample_size=sample_size,
    )
    draw._history_user = actor
    draw.full_clean()
    draw.save()
    draw.chosen.set(chosen_ids)
    from beneficiaries.models import Beneficiary

    for beneficiary in Beneficiary.objects.filter(pk__in=chosen_ids).order_by("pk"):
        invitation_create(survey=survey, recipient=beneficiary, beneficiary=beneficiary, sample=draw, now=now)
    return draw
