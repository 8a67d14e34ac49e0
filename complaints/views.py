"""The follow-up committee's pages, staff intake, and the public complaint form and tracking.

Views check the role and the object, call one service and show the outcome.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from complaints import selectors, services
from complaints.forms import (
    AssignForm,
    AttachmentForm,
    CompensationForm,
    NoteForm,
    PaymentForm,
    PublicComplaintForm,
    QueueFilterForm,
    ResolveForm,
    StaffIntakeForm,
    TrackingForm,
    TransitionForm,
)
from complaints.models import CompensationFile, ComplaintStatus
from policies.errors import DomainError
from policies.pagination import list_page, query_without_page
from policies.ratelimit import rate_limited
from policies.roles import Role, RoleRequiredMixin, role_required, user_has_role
from policies.web import add_service_errors, private_file_response

READERS = selectors.READERS
INTAKE = services.INTAKE_ROLES
SESSION_CODE_KEY = "complaints_last_tracking_code"


def _visible_complaint(request, pk):
    return get_object_or_404(
        selectors.complaints_visible_to(user=request.user).select_related(
            "category", "assigned_to", "beneficiary", "concerned_staff", "created_by"
        ),
        pk=pk,
    )


# --- Public pages (no login) ------------------------------------------------------------------


def _public_form_page(request, form, status=200):
    return render(request, "complaints/public_form.html", {"form": form}, status=status)


@never_cache
def public_complaint_new(request):
    if request.method != "POST":
        return _public_form_page(request, PublicComplaintForm(initial={"submission_token": uuid.uuid4()}))
    form = PublicComplaintForm(request.POST, request.FILES)
    if rate_limited(request, "complaint"):
        form.is_valid()
        form.add_error(None, _("Too many submissions from this connection. Please try again in an hour."))
        return _public_form_page(request, form, status=429)
    if form.is_valid():
        if form.cleaned_data.get("website"):
            # Only a robot fills the hidden field; it learns nothing.
            return redirect("public_complaints:done")
        try:
            complaint, _created = services.complaint_submit(
                actor=None,
                data=form.service_data(),
                attachments=form.cleaned_data["attachments"],
                submission_token=form.cleaned_data["submission_token"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request.session[SESSION_CODE_KEY] = complaint.tracking_code
            return redirect("public_complaints:done")
    return _public_form_page(request, form, status=400)


@never_cache
def public_complaint_done(request):
    code = request.session.get(SESSION_CODE_KEY, "")
    return render(request, "complaints/public_done.html", {"tracking_code": code})


@never_cache
def public_complaint_track(request):
    """Status and the published response only: nothing about who complained or about whom."""
    form = TrackingForm(request.POST if request.method == "POST" else None)
    complaint = None
    not_found = False
    status = 200
    if request.method == "POST":
        if rate_limited(request, "complaint_track"):
            form.is_valid()
            form.add_error(None, _("Too many look-ups from this connection. Please try again in a few minutes."))
            status = 429
        elif form.is_valid():
            complaint = selectors.complaint_by_tracking_code(
                code=services.normalize_tracking_code(form.cleaned_data["code"])
            )
            not_found = complaint is None
            if not_found:
                status = 404
    published = complaint is not None and complaint.status in (ComplaintStatus.RESOLVED, ComplaintStatus.CLOSED)
    return render(
        request,
        "complaints/public_track.html",
        {"form": form, "complaint": complaint, "not_found": not_found, "show_response": published},
        status=status,
    )


# --- Staff intake -----------------------------------------------------------------------------


class ComplaintIntakeView(RoleRequiredMixin, View):
    allowed_roles = INTAKE
    template_name = "complaints/intake_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": StaffIntakeForm()})

    def post(self, request):
        form = StaffIntakeForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                complaint, _created = services.complaint_submit(
                    actor=request.user, data=form.service_data(), attachments=form.cleaned_data["attachments"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Complaint %(number)s is recorded. Tracking code: %(code)s")
                    % {"number": complaint.number, "code": complaint.tracking_code},
                )
                if selectors.complaints_visible_to(user=request.user).filter(pk=complaint.pk).exists():
                    return redirect("complaints:detail", pk=complaint.pk)
                return redirect("complaints:intake")
        return render(request, self.template_name, {"form": form}, status=400)


# --- The follow-up committee ------------------------------------------------------------------


class ComplaintQueueView(RoleRequiredMixin, View):
    allowed_roles = READERS

    def get(self, request):
        form = QueueFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        status = filters.get("status", "")
        queryset = selectors.complaint_queue(
            user=request.user,
            status="" if status == "all" else status,
            open_only=status != "all",
            kind=filters.get("kind", ""),
            category_id=filters["category"].pk if filters.get("category") else None,
            channel=filters.get("channel", ""),
            mine=filters.get("mine", False),
        )
        page = list_page(request, queryset)
        return render(
            request,
            "complaints/queue.html",
            {
                "form": form,
                "page": page,
                "rows": selectors.with_clocks(page.object_list),
                "query_string": query_without_page(request),
                "can_intake": user_has_role(request.user, *INTAKE),
            },
        )


class ComplaintDetailView(RoleRequiredMixin, View):
    allowed_roles = READERS

    def get(self, request, pk):
        complaint = _visible_complaint(request, pk)
        return render(request, "complaints/detail.html", _detail_context(request, complaint))


def _detail_context(request, complaint, **forms):
    user = request.user
    clock = selectors.with_clocks([complaint])[0][1]
    can_handle = services.can_handle(user, complaint)
    compensation = CompensationFile.objects.filter(complaint=complaint).first()
    transitions = [t for t in services.available_transitions(user=user, complaint=complaint) if t.action != "resolve"]
    return {
        "complaint": complaint,
        "clock": clock,
        "transitions": transitions,
        "can_resolve": any(
            t.action == "resolve" for t in services.available_transitions(user=user, complaint=complaint)
        ),
        "can_handle": can_handle and user_has_role(user, *services.HANDLERS),
        "can_assign": can_handle and complaint.is_open,
        "assign_form": forms.get("assign_form") or AssignForm(exclude_user_id=complaint.concerned_staff_id),
        "note_form": forms.get("note_form") or NoteForm(),
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "notes": complaint.notes.select_related("author"),
        "attachments": complaint.attachments.all(),
        "timeline": complaint.status_changes.select_related("actor"),
        "compensation": compensation,
    }


def _render_detail(request, complaint, status=400, **forms):
    return render(request, "complaints/detail.html", _detail_context(request, complaint, **forms), status=status)


@require_POST
@role_required(*READERS)
def complaint_transition_view(request, pk, action):
    complaint = _visible_complaint(request, pk)
    if action not in services.TRANSITIONS or action == "resolve":
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, complaint, transition_form=form)
    try:
        services.complaint_transition(
            actor=request.user, complaint=complaint, action=action, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        messages.error(request, " ".join(form.non_field_errors() + form.errors.get("note", [])))
        return _render_detail(request, complaint, transition_form=form)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("complaints:detail", pk=pk)
    messages.success(request, _("Done: %(action)s.") % {"action": services.TRANSITIONS[action].label})
    return redirect("complaints:detail", pk=pk)


class ComplaintResolveView(RoleRequiredMixin, View):
    allowed_roles = services.HANDLERS
    template_name = "complaints/resolve.html"

    def _complaint(self, request, pk):
        complaint = _visible_complaint(request, pk)
        if not services.can_handle(request.user, complaint):
            raise Http404
        return complaint

    def get(self, request, pk):
        complaint = self._complaint(request, pk)
        initial = {"response_channel": complaint.notification_contact().channel or "sms"}
        form = ResolveForm(initial=initial, anonymous=complaint.is_anonymous)
        return render(request, self.template_name, {"complaint": complaint, "form": form})

    def post(self, request, pk):
        complaint = self._complaint(request, pk)
        form = ResolveForm(request.POST, anonymous=complaint.is_anonymous)
        if form.is_valid():
            try:
                services.complaint_transition(
                    actor=request.user,
                    complaint=complaint,
                    action="resolve",
                    note=form.cleaned_data.get("note", ""),
                    data=form.service_data(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The complaint is resolved and the response is on its way."))
                return redirect("complaints:detail", pk=pk)
        return render(request, self.template_name, {"complaint": complaint, "form": form}, status=400)


@require_POST
@role_required(*READERS)
def complaint_assign_view(request, pk):
    complaint = _visible_complaint(request, pk)
    form = AssignForm(request.POST, exclude_user_id=complaint.concerned_staff_id)
    if form.is_valid():
        try:
            services.complaint_assign(actor=request.user, complaint=complaint, officer=form.cleaned_data["officer"])
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("complaints:detail", pk=pk)
        else:
            messages.success(request, _("The complaint is assigned."))
            if selectors.complaints_visible_to(user=request.user).filter(pk=pk).exists():
                return redirect("complaints:detail", pk=pk)
            return redirect("complaints:queue")
    return _render_detail(request, complaint, assign_form=form)


@require_POST
@role_required(*services.HANDLERS)
def complaint_note_view(request, pk):
    complaint = _visible_complaint(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_note_add(actor=request.user, complaint=complaint, text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("complaints:detail", pk=pk)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(reverse("complaints:detail", args=[pk]) + "#notes")
    return _render_detail(request, complaint, note_form=form)


@require_POST
@role_required(*services.HANDLERS)
def complaint_attachment_upload_view(request, pk):
    complaint = _visible_complaint(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.complaint_attachment_add(actor=request.user, complaint=complaint, file=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("complaints:detail", pk=pk)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(reverse("complaints:detail", args=[pk]) + "#attachments")
    return _render_detail(request, complaint, attachment_form=form)


@role_required(*READERS)
def complaint_attachment_download_view(request, attachment_pk):
    """Attachments are never public URLs: each download checks the role and the complaint."""
    attachment = get_object_or_404(selectors.complaint_attachments_visible_to(user=request.user), pk=attachment_pk)
    return private_file_response(
        file=attachment.file,
        content_type=attachment.content_type,
        name=f"complaint-attachment-{attachment.pk}",
        as_attachment=request.GET.get("download") == "1",
    )


# --- Compensation (R20) -----------------------------------------------------------------------


class CompensationView(RoleRequiredMixin, View):
    allowed_roles = READERS
    template_name = "complaints/compensation.html"

    def _context(self, request, complaint, compensation, form=None, payment_form=None):
        editable = (
            compensation is not None
            and compensation.status == "open"
            and user_has_role(request.user, *services.HANDLERS)
            and services.can_handle(request.user, complaint)
        )
        if form is None and compensation is not None:
            form = CompensationForm(initial={f: getattr(compensation, f) for f in services.COMPENSATION_FIELDS})
        return {
            "complaint": complaint,
            "compensation": compensation,
            "form": form,
            "editable": editable,
            "can_open": compensation is None
            and user_has_role(request.user, *services.HANDLERS)
            and services.can_handle(request.user, complaint),
            "can_approve": compensation is not None
            and compensation.status == "open"
            and user_has_role(request.user, Role.MANAGER)
            and services.can_handle(request.user, complaint),
            "can_pay": compensation is not None
            and compensation.status == "approved"
            and services.can_handle(request.user, complaint),
            "payment_form": payment_form or PaymentForm(),
            "unmet": compensation.unmet_conditions() if compensation else [],
        }

    def get(self, request, pk):
        complaint = _visible_complaint(request, pk)
        compensation = CompensationFile.objects.filter(complaint=complaint).first()
        return render(request, self.template_name, self._context(request, complaint, compensation))

    def post(self, request, pk):
        complaint = _visible_complaint(request, pk)
        compensation = CompensationFile.objects.filter(complaint=complaint).first()
        step = request.POST.get("step", "")
        try:
            if step == "open":
                services.compensation_open(actor=request.user, complaint=complaint)
                messages.success(request, _("The compensation file is opened."))
            elif step == "save" and compensation is not None:
                form = CompensationForm(request.POST)
                if not form.is_valid():
                    return self._invalid(request, complaint, compensation, form=form)
                try:
                    services.compensation_update(actor=request.user, compensation=compensation, data=form.cleaned_data)
                except ValidationError as error:
                    add_service_errors(form, error)
                    return self._invalid(request, complaint, compensation, form=form)
                messages.success(request, _("The compensation file is saved."))
            elif step == "approve" and compensation is not None:
                services.compensation_approve(actor=request.user, compensation=compensation)
                messages.success(request, _("The compensation is approved."))
            elif step == "pay" and compensation is not None:
                payment_form = PaymentForm(request.POST)
                if not payment_form.is_valid():
                    return self._invalid(request, complaint, compensation, payment_form=payment_form)
                try:
                    services.compensation_record_payment(
                        actor=request.user, compensation=compensation, **payment_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(payment_form, error)
                    return self._invalid(request, complaint, compensation, payment_form=payment_form)
                messages.success(request, _("The payment is recorded."))
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("complaints:compensation", pk=pk)

    def _invalid(self, request, complaint, compensation, **forms):
        return render(request, self.template_name, self._context(request, complaint, compensation, **forms), status=400)


# --- Senior management (R21) ------------------------------------------------------------------


@role_required(Role.MANAGER)
def complaint_monitoring_view(request):
    return render(
        request,
        "complaints/monitoring.html",
        {"data": selectors.complaint_monitoring(user=request.user), "age_bands": selectors.AGE_BANDS},
    )
