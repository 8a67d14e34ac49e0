"""Staff pages of support requests: thin views that check the role and the object and call one service."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from beneficiaries.selectors import beneficiaries_visible_to
from policies.errors import DomainError
from policies.pagination import list_page, query_without_page
from policies.roles import Role, RoleRequiredMixin, role_required, user_has_role
from policies.selectors import policy_parameters
from policies.web import add_service_errors, private_file_response
from requests_app import selectors, services
from requests_app.forms import (
    BeneficiaryLookupForm,
    DeclarationForm,
    QueueFilterForm,
    RequestIntakeForm,
    ResearchReportForm,
    TransitionForm,
    VerificationForm,
)
from requests_app.models import RequestStatus
from requests_app.selectors import REQUEST_READERS, Queue
from requests_app.workflow import TRANSITIONS, actor_may, allowed_transitions, support_request_transition

INTAKE = (Role.RECEPTION,)
QUEUE_LABELS = {
    Queue.TO_VERIFY: gettext_lazy("To verify"),
    Queue.TO_REFER: gettext_lazy("To refer"),
    Queue.MY_RESEARCH: gettext_lazy("My research"),
    Queue.DUE_SOON: gettext_lazy("Due within 3 working days"),
    Queue.OVERDUE: gettext_lazy("Overdue"),
    Queue.ALL: gettext_lazy("All requests"),
}
INTAKE_STEPS = (
    ("checklist", gettext_lazy("Checklist")),
    ("verify", gettext_lazy("Verification")),
    ("declaration", gettext_lazy("Declaration")),
    ("complete", gettext_lazy("Completion")),
)


def _visible_request(request, pk):
    return get_object_or_404(selectors.request_detail_queryset(user=request.user), pk=pk)


# --- Work queues ------------------------------------------------------------------------------


class QueueView(RoleRequiredMixin, View):
    allowed_roles = REQUEST_READERS

    def get(self, request):
        queues = selectors.queues_for(user=request.user)
        if not queues:
            raise PermissionDenied
        queue = request.GET.get("queue") or queues[0]
        if queue not in queues:
            queue = queues[0]
        form = QueueFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        today = timezone.localdate()
        queryset = selectors.support_request_queue(
            user=request.user,
            queue=queue,
            today=today,
            query=filters.get("q", ""),
            service_type_id=filters["service_type"].pk if filters.get("service_type") else None,
            status=filters.get("status", ""),
            channel=filters.get("channel", ""),
        )
        page = list_page(request, queryset)
        rows = list(page.object_list)
        clocks = selectors.clocks_for(rows, today=today)
        return render(
            request,
            "requests_app/queue.html",
            {
                "queue": queue,
                "queue_label": QUEUE_LABELS[queue],
                "queues": [(name, QUEUE_LABELS[name]) for name in queues],
                "form": form,
                "page": page,
                "rows": [(row, clocks[row.pk]) for row in rows],
                "query_string": query_without_page(request),
                "can_intake": user_has_role(request.user, *INTAKE),
            },
        )


# --- The request page -------------------------------------------------------------------------


def _request_page_context(request, support_request, *, forms=None):
    clock = selectors.clocks_for([support_request])[support_request.pk]
    fingerprint = selectors.beneficiary_data_fingerprint(beneficiary=support_request.beneficiary)
    declaration = selectors.latest_declaration(request=support_request)
    actions = []
    for transition in allowed_transitions(actor=request.user, request=support_request):
        form = (forms or {}).get(transition.target) or TransitionForm(
            transition=transition, auto_id=f"id_{transition.target}_%s"
        )
        actions.append((transition, form))
    return {
        "req": support_request,
        "beneficiary": support_request.beneficiary,
        "clock": clock,
        "timeline": selectors.request_timeline(request=support_request),
        "checklist": selectors.request_checklist(request=support_request),
        "declaration": declaration,
        "declaration_matches": bool(declaration and declaration.data_hash == fingerprint),
        "verification_matches": bool(support_request.verified_at and support_request.verified_data_hash == fingerprint),
        "research_reports": support_request.research_reports.all(),
        "delivery": getattr(support_request, "delivery", None),
        "actions": actions,
        "at_intake": support_request.status in (RequestStatus.DRAFT, RequestStatus.INCOMPLETE),
        "can_intake": user_has_role(request.user, *INTAKE),
        "can_print_receipt": user_has_role(request.user, Role.RECEPTION, Role.MANAGER),
        "can_print_decision_letter": user_has_role(
            request.user, Role.RECEPTION, Role.COMMITTEE_SECRETARY, Role.MANAGER
        ),
        "can_write_report": (
            support_request.status == RequestStatus.UNDER_RESEARCH
            and support_request.assigned_researcher_id == request.user.pk
            and user_has_role(request.user, Role.SOCIAL_RESEARCHER)
        ),
        "can_see_beneficiary": beneficiaries_visible_to(user=request.user)
        .filter(pk=support_request.beneficiary_id)
        .exists(),
        "parameters": policy_parameters(),
    }


class RequestDetailView(RoleRequiredMixin, View):
    allowed_roles = REQUEST_READERS

    def get(self, request, pk):
        support_request = _visible_request(request, pk)
        return render(request, "requests_app/detail.html", _request_page_context(request, support_request))


class TransitionView(RoleRequiredMixin, View):
    """One move of the workflow; the table decides whether it is allowed, not this view."""

    allowed_roles = REQUEST_READERS

    def post(self, request, pk, to_status):
        support_request = _visible_request(request, pk)
        transition = TRANSITIONS.get((support_request.status, to_status))
        if transition is None or not actor_may(transition, actor=request.user, request=support_request):
            messages.error(request, _("This step is not possible for this request now."))
            return redirect("requests_app:detail", pk=pk)
        form = TransitionForm(request.POST, transition=transition, auto_id=f"id_{to_status}_%s")
        if form.is_valid():
            try:
                support_request_transition(
                    actor=request.user,
                    request=support_request,
                    to_status=to_status,
                    note=form.cleaned_data.get("note") or "",
                    **form.details(),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The request is now: %(status)s.") % {"status": RequestStatus(to_status).label}
                )
                return redirect("requests_app:detail", pk=pk)
        messages.error(request, _("The step was not taken; see the form below."))
        context = _request_page_context(request, support_request, forms={to_status: form})
        context["open_action"] = to_status
        return render(request, "requests_app/detail.html", context, status=200)


@role_required(*REQUEST_READERS)
def declaration_file_view(request, pk, declaration_pk):
    """The signature or scan: a private file, shown only to those who may see the request."""
    support_request = _visible_request(request, pk)
    declaration = get_object_or_404(support_request.declarations, pk=declaration_pk)
    return private_file_response(
        file=declaration.file, content_type=declaration.content_type, name=f"declaration-{declaration.pk}"
    )


class ResearchReportView(RoleRequiredMixin, View):
    allowed_roles = (Role.SOCIAL_RESEARCHER,)
    template_name = "requests_app/research_form.html"

    def _get(self, request, pk):
        support_request = _visible_request(request, pk)
        if support_request.assigned_researcher_id != request.user.pk:
            raise PermissionDenied
        return support_request

    def get(self, request, pk):
        support_request = self._get(request, pk)
        return render(request, self.template_name, {"req": support_request, "form": ResearchReportForm()})

    def post(self, request, pk):
        support_request = self._get(request, pk)
        form = ResearchReportForm(request.POST)
        if form.is_valid():
            try:
                services.research_report_write(actor=request.user, request=support_request, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The research report is saved."))
                return redirect("requests_app:detail", pk=pk)
        return render(request, self.template_name, {"req": support_request, "form": form})


# --- The intake wizard ------------------------------------------------------------------------


class IntakeStartView(RoleRequiredMixin, View):
    """Step 1: find the beneficiary by ID (or register them), then the service and the need."""

    allowed_roles = INTAKE
    template_name = "requests_app/intake_start.html"

    def get(self, request):
        form = BeneficiaryLookupForm(request.GET or None)
        context = {"form": form, "steps": INTAKE_STEPS, "step": "start"}
        if form.is_bound and form.is_valid():
            beneficiary = (
                beneficiaries_visible_to(user=request.user)
                .filter(identity_number=form.cleaned_data["identity_number"])
                .select_related("category")
                .first()
            )
            context["searched"] = True
            context["beneficiary"] = beneficiary
            if beneficiary is not None:
                context["intake_form"] = RequestIntakeForm(
                    service_types=selectors.service_types_for_beneficiary(beneficiary=beneficiary)
                )
                context["open_requests"] = selectors.requests_of_beneficiary(
                    user=request.user, beneficiary=beneficiary
                ).filter(status__in=[RequestStatus.DRAFT, RequestStatus.INCOMPLETE])
        return render(request, self.template_name, context)


class IntakeCreateView(RoleRequiredMixin, View):
    allowed_roles = INTAKE
    template_name = "requests_app/intake_start.html"

    def post(self, request, beneficiary_pk):
        beneficiary = get_object_or_404(beneficiaries_visible_to(user=request.user), pk=beneficiary_pk)
        form = RequestIntakeForm(
            request.POST, service_types=selectors.service_types_for_beneficiary(beneficiary=beneficiary)
        )
        if form.is_valid():
            try:
                support_request = services.support_request_create(
                    actor=request.user, beneficiary=beneficiary, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Request %(number)s is registered as a draft.") % {"number": support_request.reference_number},
                )
                return redirect("requests_app:intake_step", pk=support_request.pk, step="checklist")
        return render(
            request,
            self.template_name,
            {
                "form": BeneficiaryLookupForm(initial={"identity_number": beneficiary.identity_number}),
                "beneficiary": beneficiary,
                "searched": True,
                "intake_form": form,
                "steps": INTAKE_STEPS,
                "step": "start",
            },
        )


class IntakeStepView(RoleRequiredMixin, View):
    """Steps 2–5 on a draft request: checklist, verification, declaration, completion."""

    allowed_roles = INTAKE
    template_name = "requests_app/intake_step.html"

    def _request(self, request, pk):
        support_request = _visible_request(request, pk)
        if support_request.status not in (RequestStatus.DRAFT, RequestStatus.INCOMPLETE):
            return support_request, False
        return support_request, True

    def _render(self, request, support_request, step, **extra):
        context = _request_page_context(request, support_request)
        context.update(
            {"step": step, "steps": INTAKE_STEPS, "expired": selectors.expired_at_submission(request=support_request)}
        )
        context.setdefault(
            "verification_form", VerificationForm(initial={"confirmed_facts": support_request.verified_facts})
        )
        context.setdefault("declaration_form", DeclarationForm())
        context.update(extra)
        return render(request, self.template_name, context)

    def get(self, request, pk, step):
        if step not in dict(INTAKE_STEPS):
            raise Http404
        support_request, at_intake = self._request(request, pk)
        if not at_intake:
            return redirect("requests_app:detail", pk=pk)
        return self._render(request, support_request, step)

    def post(self, request, pk, step):
        if step not in dict(INTAKE_STEPS):
            raise Http404
        support_request, at_intake = self._request(request, pk)
        if not at_intake:
            messages.error(request, _("This request is past intake."))
            return redirect("requests_app:detail", pk=pk)
        if step == "verify":
            form = VerificationForm(request.POST)
            if form.is_valid():
                try:
                    services.support_request_verify(
                        actor=request.user,
                        request=support_request,
                        confirmed_facts=form.cleaned_data["confirmed_facts"],
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The data is verified."))
                    return redirect("requests_app:intake_step", pk=pk, step="declaration")
            return self._render(request, support_request, step, verification_form=form)
        if step == "declaration":
            form = DeclarationForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    services.declaration_sign(
                        actor=request.user,
                        request=support_request,
                        method=form.cleaned_data["method"],
                        signature_data_url=form.cleaned_data.get("signature") or "",
                        scanned_file=form.cleaned_data.get("scanned_file"),
                    )
                except DomainError as error:
                    form.add_error(None, error.message)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The signed declaration is saved."))
                    return redirect("requests_app:intake_step", pk=pk, step="complete")
            return self._render(request, support_request, step, declaration_form=form)
        raise Http404
