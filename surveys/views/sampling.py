"""Managers (or the administrator) draw the periodic questionnaire's random sample (R22)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from policies.models import BeneficiaryCategory
from policies.roles import Role, role_required
from policies.web import add_service_errors
from surveys import selectors, services
from surveys.forms import SampleDrawForm
from surveys.models import AgeBand, SampleDraw, SurveyKind

SAMPLERS = (Role.MANAGER, Role.ADMIN)


@role_required(*SAMPLERS)
@require_http_methods(["GET", "POST"])
def sample_draw(request):
    surveys = selectors.surveys_open_on(kind=SurveyKind.PERIODIC, day=timezone.localdate())
    form = SampleDrawForm(request.POST or None, surveys=surveys, cities=selectors.beneficiary_cities())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            draw = services.survey_sample_draw(
                actor=request.user,
                survey=data["survey"],
                sample_size=data["sample_size"],
                categories=[c.pk for c in data["categories"]],
                genders=data["genders"],
                age_bands=data["age_bands"],
                cities=data["cities"],
                seed=data["seed"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            count = draw.chosen.count()
            messages.success(
                request,
                ngettext(
                    "%(count)d beneficiary was drawn and invited.",
                    "%(count)d beneficiaries were drawn and invited.",
                    count,
                )
                % {"count": count},
            )
            return redirect("surveys:sample_detail", pk=draw.pk)
    return render(
        request,
        "surveys/sample_form.html",
        {"form": form, "draws": selectors.sample_draws()[:20], "no_survey": not surveys},
    )


@role_required(*SAMPLERS)
def sample_detail(request, pk: int):
    draw = get_object_or_404(SampleDraw.objects.select_related("survey", "drawn_by"), pk=pk)
    filters = draw.filters or {}
    categories = BeneficiaryCategory.objects.filter(pk__in=filters.get("categories", []))
    from beneficiaries.models import Gender

    described = [
        (_("Categories"), [str(c) for c in categories]),
        (_("Gender"), [str(Gender(g).label) for g in filters.get("genders", []) if g in Gender.values]),
        (_("Age bands"), [str(AgeBand(b).label) for b in filters.get("age_bands", []) if b in AgeBand.values]),
        (_("Cities"), list(filters.get("cities", []))),
    ]
    invitations = draw.invitations.select_related("beneficiary").order_by("beneficiary__first_name", "pk")
    return render(
        request, "surveys/sample_detail.html", {"draw": draw, "filters": described, "invitations": invitations}
    )
