"""The public answer page (no login, by personal link) and the managers' results."""

import csv

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from policies.roles import Role, role_required
from policies.web import add_service_errors
from surveys import selectors, services
from surveys.forms import AnswerForm
from surveys.models import Survey

# R25, shown on every answer page.
EVALUATION_RIGHT = gettext_lazy(
    "Evaluating our services is your right. Your answers are used only to improve our work, never to punish"
    " anyone, and they do not affect any service you receive."
)
UNAVAILABLE_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _cell(value: str) -> str:
    """A spreadsheet must not run a comment as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def _unavailable(request, reason: str):
    return render(request, "surveys/unavailable.html", {"reason": reason}, status=UNAVAILABLE_STATUS[reason])


@never_cache
def answer(request, token: str):
    try:
        invitation = services.invitation_check(selectors.invitation_by_token(token))
    except services.InvitationUnavailable as error:
        return _unavailable(request, error.reason)
    survey = invitation.survey
    questions = list(survey.questions.order_by("order", "pk"))
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                invitation=invitation, answers=form.answers(), consent_to_link=form.cleaned_data["consent_to_link"]
            )
        except services.InvitationUnavailable as error:
            return _unavailable(request, error.reason)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("public_surveys:thanks")
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "deadline": timezone.localdate(invitation.expires_at),
            "evaluation_right": EVALUATION_RIGHT,
        },
    )


def thanks(request):
    return render(request, "surveys/thanks.html")


@role_required(Role.MANAGER)
def results_index(request):
    return render(request, "surveys/results_index.html", {"surveys": selectors.surveys_with_counts()})


@role_required(Role.MANAGER)
def results(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    return render(request, "surveys/results.html", {"results": selectors.survey_results(survey)})


@role_required(Role.MANAGER)
def results_csv(request, pk: int):
    """The aggregate numbers and the comments as CSV (UTF-8 with BOM so spreadsheets show Arabic)."""
    survey = get_object_or_404(Survey, pk=pk)
    data = selectors.survey_results(survey)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Survey"), survey.display_title])
    writer.writerow([_("Invitations"), data.invitations])
    writer.writerow([_("Responses"), data.responses])
    writer.writerow([_("Response rate"), "" if data.response_rate is None else data.response_rate])
    writer.writerow([_("Satisfaction (share of 4–5 ratings)"), "" if data.satisfaction is None else data.satisfaction])
    writer.writerow([_("NPS"), "" if data.nps is None else data.nps])
    writer.writerow([])
    writer.writerow([_("Question"), _("Answer"), _("Count"), _("Percent")])
    for item in data.questions:
        for label, count, percent in item.distribution:
            writer.writerow([item.question.display_text, label, count, percent])
        for comment in item.comments:
            writer.writerow([item.question.display_text, _cell(comment), "", ""])
    return response
