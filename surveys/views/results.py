"""Survey results: aggregates for staff, with comments and named answers (by consent) for managers."""

import csv

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from policies.roles import Role, role_required, user_has_role
from surveys import selectors
from surveys.models import Survey

# Staff who read the results in aggregate; managers also read comments and named answers.
RESULT_READERS = (Role.MANAGER, Role.RECEPTION, Role.CONTACT_OFFICER, Role.COMPLAINTS_OFFICER, Role.SOCIAL_RESEARCHER)
HUB_USERS = (*RESULT_READERS, Role.ADMIN)


def _cell(value: str) -> str:
    """A spreadsheet must not run a comment as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


def _blank(value) -> str:
    return "" if value is None else value


@role_required(*HUB_USERS)
def results_index(request):
    readers = user_has_role(request.user, *RESULT_READERS)
    return render(
        request,
        "surveys/results_index.html",
        {"surveys": selectors.surveys_with_counts() if readers else None, "can_read_results": readers},
    )


@role_required(*RESULT_READERS)
def results(request, pk: int):
    survey = get_object_or_404(Survey, pk=pk)
    full_access = user_has_role(request.user, Role.MANAGER)
    data = selectors.survey_results(survey, full_access=full_access)
    return render(request, "surveys/results.html", {"results": data, "min_group": selectors.MIN_GROUP_SIZE})


@role_required(Role.MANAGER)
def results_csv(request, pk: int):
    """The numbers, breakdowns and comments as CSV (UTF-8 with BOM so spreadsheets show Arabic); no names."""
    survey = get_object_or_404(Survey, pk=pk)
    data = selectors.survey_results(survey, full_access=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Survey"), _cell(survey.display_title)])
    writer.writerow([_("Invitations"), data.invitations])
    writer.writerow([_("Responses"), data.responses])
    writer.writerow([_("Response rate"), _blank(data.response_rate)])
    writer.writerow([_("Satisfaction (share of 4–5 ratings)"), _blank(data.satisfaction)])
    writer.writerow([_("NPS"), _blank(data.nps)])
    writer.writerow([])
    writer.writerow([_("Question"), _("Answer"), _("Count"), _("Percent")])
    for item in data.questions:
        for bar in item.distribution:
            writer.writerow([_cell(item.question.display_text), _cell(bar.label), bar.count, bar.percent])
        for comment in item.comments:
            writer.writerow([_cell(item.question.display_text), _cell(comment), "", ""])
    for breakdown in data.breakdowns:
        writer.writerow([])
        writer.writerow([breakdown.title, _("Responses"), _("Satisfaction"), _("NPS"), _("Response rate")])
        for row in breakdown.rows:
            writer.writerow(
                [_cell(row.label), row.responses, _blank(row.satisfaction), _blank(row.nps), _blank(row.response_rate)]
            )
    return response
