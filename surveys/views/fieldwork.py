"""Staff pages: answers taken in the field or by interview (R23), office visits (R23), supervision (R24)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beneficiaries.selectors import beneficiaries_visible_to
from beneficiaries.validators import normalize_digits
from policies.roles import Role, role_required
from policies.web import add_service_errors
from surveys import selectors, services
from surveys.forms import StaffEntryForm, SupervisionNoteForm, SupervisoryVisitForm

ENTRY_STAFF = (Role.RECEPTION, Role.CONTACT_OFFICER, Role.MANAGER)


@role_required(*ENTRY_STAFF)
def entry_index(request):
    surveys = selectors.surveys_for_staff_entry(day=timezone.localdate())
    return render(request, "surveys/entry_index.html", {"surveys": surveys})


@role_required(*ENTRY_STAFF)
@require_http_methods(["GET", "POST"])
def entry(request, pk: int):
    survey = get_object_or_404(selectors.surveys_for_staff_entry(day=timezone.localdate()), pk=pk)
    questions = list(survey.questions.order_by("group", "order", "pk"))
    form = StaffEntryForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        beneficiary = None
        number = normalize_digits(form.cleaned_data["identity_number"]).strip()
        if number:
            # Only a person the staff member may see: a contact officer's own categories.
            beneficiary = beneficiaries_visible_to(user=request.user).filter(identity_number=number).first()
            if beneficiary is None:
                form.add_error("identity_number", _("No beneficiary you can see has this identity number."))
        if not form.errors:
            try:
                services.response_enter(
                    actor=request.user,
                    survey=survey,
                    channel=form.cleaned_data["channel"],
                    answers=form.answers(),
                    beneficiary=beneficiary,
                    consent_to_link=form.cleaned_data["consent_to_link"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The answers were recorded. Thank you."))
                return redirect("surveys:entry", pk=survey.pk)
    return render(request, "surveys/entry_form.html", {"survey": survey, "form": form})


@role_required(Role.MANAGER)
def visit_list(request):
    return render(request, "surveys/visit_list.html", {"visits": selectors.supervisory_visits()[:200]})


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def visit_create(request):
    form = SupervisoryVisitForm(request.POST or None, visitors=selectors.staff_visitors())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.supervisory_visit_record(
                actor=request.user,
                office=data["office"],
                visit_date=data["visit_date"],
                visitor=data["visitor"],
                scores=form.scores(),
                findings=data["findings"],
                recommendations=data["recommendations"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The visit was recorded."))
            return redirect("surveys:visit_detail", pk=visit.pk)
    return render(request, "surveys/visit_form.html", {"form": form})


@role_required(Role.MANAGER)
def visit_detail(request, pk: int):
    return render(
        request, "surveys/visit_detail.html", {"visit": get_object_or_404(selectors.supervisory_visits(), pk=pk)}
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def note_list(request):
    """The notes written so far, and the form for a new one on the same page."""
    form = SupervisionNoteForm(request.POST or None, officers=selectors.contact_officers())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.supervision_note_create(
                actor=request.user,
                officer=data["officer"],
                noted_on=data["noted_on"],
                topic=data["topic"],
                note=data["note"],
                follow_up=data["follow_up"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The supervision note was saved."))
            return redirect("surveys:notes")
    return render(request, "surveys/note_list.html", {"form": form, "notes": selectors.supervision_notes()[:200]})
