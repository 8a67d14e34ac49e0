"""Privacy pages: consent at the desk, erasure requests, and the managers' access log and breach register."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from beneficiaries import privacy, selectors, services
from beneficiaries.forms import ConsentForm
from beneficiaries.privacy_forms import AccessLogFilterForm, DataBreachForm, ErasureDecisionForm, ErasureRequestForm
from beneficiaries.privacy_models import DataBreach, ErasureRequest, ErasureStatus
from policies.errors import DomainError
from policies.pagination import query_without_page
from policies.roles import Role, RoleRequiredMixin, role_required
from policies.web import add_service_errors

PAGE_SIZE = 50


def _editable_beneficiary(request, pk):
    return get_object_or_404(
        selectors.beneficiaries_visible_to(user=request.user).filter(anonymised_at__isnull=True), pk=pk
    )


class ConsentEditView(RoleRequiredMixin, View):
    allowed_roles = (Role.RECEPTION,)
    template_name = "beneficiaries/simple_form.html"

    def _render(self, request, beneficiary, form):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "beneficiary": beneficiary,
                "title": _("Consent to the use of personal data"),
                "intro": _(
                    "Tick what the person agrees to now. Unticking an item records that they withdrew it, "
                    "today, through the channel you choose."
                ),
            },
        )

    def get(self, request, pk):
        beneficiary = _editable_beneficiary(request, pk)
        granted = [line.purpose for line in selectors.beneficiary_consents(beneficiary=beneficiary) if line.is_granted]
        return self._render(request, beneficiary, ConsentForm(initial={"purposes": granted}))

    def post(self, request, pk):
        beneficiary = _editable_beneficiary(request, pk)
        form = ConsentForm(request.POST)
        if form.is_valid():
            try:
                changed = services.consents_set(
                    actor=request.user,
                    beneficiary=beneficiary,
                    granted=form.cleaned_data["purposes"],
                    channel=form.cleaned_data["channel"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if changed:
                    messages.success(request, _("The consent is recorded."))
                else:
                    messages.info(request, _("Nothing changed in the consent."))
                return redirect(reverse("beneficiaries:detail", args=[pk]) + "#consent")
        return self._render(request, beneficiary, form)


@role_required(Role.MANAGER)
def access_log_view(request):
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.access_log_list(
        beneficiary_id=filters.get("beneficiary"),
        user_id=filters["user"].pk if filters.get("user") else None,
        action=filters.get("action", ""),
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "beneficiaries/privacy/access_log.html",
        {"form": form, "page": page, "query_string": query_without_page(request)},
    )


class ErasureRequestCreateView(RoleRequiredMixin, View):
    allowed_roles = (Role.RECEPTION,)
    template_name = "beneficiaries/simple_form.html"

    def _render(self, request, beneficiary, form):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "beneficiary": beneficiary,
                "title": _("Record an erasure request"),
                "intro": _(
                    "Senior management decides. Carrying it out removes the person's names, ID, contacts, "
                    "free text and files for good; the figures stay for reports."
                ),
            },
        )

    def get(self, request, pk):
        return self._render(request, _editable_beneficiary(request, pk), ErasureRequestForm())

    def post(self, request, pk):
        beneficiary = _editable_beneficiary(request, pk)
        form = ErasureRequestForm(request.POST)
        if form.is_valid():
            try:
                privacy.erasure_request_record(actor=request.user, beneficiary=beneficiary, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The erasure request is recorded and awaits senior management."))
                return redirect(reverse("beneficiaries:detail", args=[pk]) + "#consent")
        return self._render(request, beneficiary, form)


@role_required(Role.MANAGER)
def erasure_queue_view(request):
    requests = ErasureRequest.objects.select_related("beneficiary", "received_by", "decided_by").order_by(
        "status", "-received_at"
    )
    return render(
        request,
        "beneficiaries/privacy/erasure_list.html",
        {"erasure_requests": requests[:200], "ErasureStatus": ErasureStatus},
    )


class ErasureDecideView(RoleRequiredMixin, View):
    allowed_roles = (Role.MANAGER,)
    template_name = "beneficiaries/privacy/erasure_decide.html"

    def _render(self, request, erasure_request, form):
        holds = []
        if erasure_request.status == ErasureStatus.PENDING:
            holds = privacy.anonymisation_holds(beneficiary=erasure_request.beneficiary, cutoff=None)
        return render(request, self.template_name, {"erasure_request": erasure_request, "form": form, "holds": holds})

    def _get(self, pk):
        return get_object_or_404(ErasureRequest.objects.select_related("beneficiary", "received_by"), pk=pk)

    def get(self, request, pk):
        return self._render(request, self._get(pk), ErasureDecisionForm())

    def post(self, request, pk):
        erasure_request = self._get(pk)
        form = ErasureDecisionForm(request.POST)
        if form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if form.cleaned_data["decision"] == "carry_out":
                    privacy.erasure_request_carry_out(actor=request.user, erasure_request=erasure_request, note=note)
                    messages.success(request, _("The record is anonymised."))
                else:
                    privacy.erasure_request_refuse(actor=request.user, erasure_request=erasure_request, note=note)
                    messages.success(request, _("The erasure request is refused."))
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                return redirect("beneficiaries:erasure_list")
        return self._render(request, erasure_request, form)


@role_required(Role.MANAGER)
def breach_list_view(request):
    breaches = DataBreach.objects.select_related("recorded_by").order_by("-discovered_at", "-pk")
    return render(request, "beneficiaries/privacy/breach_list.html", {"breaches": breaches[:200]})


class BreachEditView(RoleRequiredMixin, View):
    allowed_roles = (Role.MANAGER,)
    template_name = "beneficiaries/privacy/breach_form.html"

    def _breach(self, pk):
        return get_object_or_404(DataBreach, pk=pk) if pk else None

    def get(self, request, pk=None):
        breach = self._breach(pk)
        return render(request, self.template_name, {"form": DataBreachForm(instance=breach), "breach": breach})

    def post(self, request, pk=None):
        breach = self._breach(pk)
        form = DataBreachForm(request.POST, instance=breach)
        if form.is_valid():
            people = form.cleaned_data["beneficiary_numbers"]
            try:
                if breach is None:
                    breach = privacy.data_breach_record(
                        actor=request.user, data=form.service_data(), beneficiaries=people
                    )
                else:
                    privacy.data_breach_update(
                        actor=request.user, breach=breach, data=form.service_data(), beneficiaries=people
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The breach register is saved."))
                return redirect("beneficiaries:breach_list")
        return render(request, self.template_name, {"form": form, "breach": breach})
