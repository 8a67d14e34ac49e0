"""The public answer page: no login, by personal link, one question group per screen.

The screens keep no server state: answers of the other screens travel as hidden fields and the
whole questionnaire is checked again when it is sent, so a tampered hidden value is refused like
any other bad answer.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from policies.ratelimit import rate_limited, too_many_attempts
from policies.web import add_service_errors
from surveys import selectors, services
from surveys.forms import AnswerForm
from surveys.models import Question, QuestionType

# R25, shown on every answer page.
EVALUATION_RIGHT = gettext_lazy(
    "Evaluating our services is your right. Your answers are used only to improve our work, never to punish"
    " anyone, and they do not affect any service you receive."
)
UNAVAILABLE_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def _unavailable(request, reason: str):
    return render(request, "surveys/unavailable.html", {"reason": reason}, status=UNAVAILABLE_STATUS[reason])


def question_groups(questions: list[Question]) -> list[list[Question]]:
    groups: dict[int, list[Question]] = {}
    for question in questions:
        groups.setdefault(question.group, []).append(question)
    return [groups[key] for key in sorted(groups)] or [[]]


def _posted(data, question: Question):
    name = AnswerForm.field_name(question)
    return data.getlist(name) if question.type == QuestionType.MULTIPLE_CHOICE else data.get(name)


def _initial(data, group: list[Question]) -> dict:
    initial = {AnswerForm.field_name(q): _posted(data, q) for q in group}
    initial["consent_to_link"] = bool(data.get("consent_to_link"))
    return initial


def _step(data, last: int) -> int:
    try:
        return min(max(int(data.get("step", 0)), 0), last)
    except (TypeError, ValueError):
        return 0


def _first_step_with_errors(form: AnswerForm, groups: list[list[Question]]) -> int:
    for index, group in enumerate(groups):
        if any(form.field_name(q) in form.errors for q in group):
            return index
    return len(groups) - 1


def _screen(request, *, survey, invitation, form, groups, step, questions):
    current = groups[step]
    shown = {q.pk for q in current}
    last = len(groups) - 1
    hidden = []
    if request.method == "POST":
        for question in questions:
            if question.pk in shown:
                continue
            values = _posted(request.POST, question)
            for value in values if isinstance(values, list) else [values]:
                if value not in (None, ""):
                    hidden.append((form.field_name(question), value))
        if step != last and request.POST.get("consent_to_link"):
            hidden.append(("consent_to_link", "on"))
    numbers = {q.pk: index for index, q in enumerate(questions, start=1)}
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "fields": [(numbers[q.pk], form[form.field_name(q)]) for q in current],
            "hidden": hidden,
            "step": step,
            "step_number": step + 1,
            "steps": len(groups),
            "is_last": step == last,
            "group_title": current[0].display_group_title if current else "",
            "deadline": timezone.localdate(invitation.expires_at),
            "evaluation_right": EVALUATION_RIGHT,
        },
    )


@never_cache
def answer(request, token: str):
    try:
        invitation = services.invitation_check(selectors.invitation_by_token(token))
    except services.InvitationUnavailable as error:
        return _unavailable(request, error.reason)
    survey = invitation.survey
    questions = list(survey.questions.order_by("group", "order", "pk"))
    groups = question_groups(questions)
    last = len(groups) - 1
    context = {"survey": survey, "invitation": invitation, "groups": groups, "questions": questions}
    if request.method != "POST":
        return _screen(request, form=AnswerForm(questions=groups[0]), step=0, **context)

    if rate_limited(request, "survey"):
        return too_many_attempts(request)
    step = _step(request.POST, last)
    action = request.POST.get("action", "send")
    if action == "back":
        step = max(step - 1, 0)
        initial = _initial(request.POST, groups[step])
        return _screen(request, form=AnswerForm(initial=initial, questions=groups[step]), step=step, **context)
    if action == "next" and step < last:
        form = AnswerForm(request.POST, questions=groups[step])
        if not form.is_valid():
            return _screen(request, form=form, step=step, **context)
        step += 1
        initial = _initial(request.POST, groups[step])
        return _screen(request, form=AnswerForm(initial=initial, questions=groups[step]), step=step, **context)

    form = AnswerForm(request.POST, questions=questions)
    if form.is_valid():
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
    return _screen(request, form=form, step=_first_step_with_errors(form, groups), **context)


def thanks(request):
    return render(request, "surveys/thanks.html")
