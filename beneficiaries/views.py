"""The reception desk. Views check the role and the object, call one service, show the outcome."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from beneficiaries import selectors, services
from beneficiaries.forms import (
    BeneficiaryForm,
    BeneficiarySearchForm,
    ChangeRequestDecisionForm,
    ChangeRequestForm,
    DocumentUploadForm,
    HouseholdMemberForm,
    InquiryAnswerForm,
    InquiryReferForm,
    InteractionForm,
)
from beneficiaries.models import ChangeRequestStatus, InquiryStatus
from beneficiaries.privacy_models import AccessAction
from notifications.roles import can_resend_messages
from notifications.selectors import messages_for_recipient
from policies.choices import Channel
from policies.errors import DomainError
from policies.pagination import list_page, query_without_page
from policies.roles import Role, RoleRequiredMixin, role_required, user_has_role
from policies.web import add_service_errors, private_file_response

READERS = (Role.RECEPTION, Role.MANAGER, Role.CONTACT_OFFICER, Role.SOCIAL_RESEARCHER)
EDITORS = (Role.RECEPTION,)
INQUIRY_HANDLERS = (Role.RECEPTION, Role.CONTACT_OFFICER)


def _visible_beneficiary(request, pk):
    return get_object_or_404(selectors.beneficiaries_visible_to(user=request.user), pk=pk)


class BeneficiaryListView(RoleRequiredMixin, View):
    allowed_roles = READERS

    def get(self, request):
        form = BeneficiarySearchForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        queryset = selectors.beneficiary_list(
            user=request.user,
            query=filters.get("q", ""),
            category_id=filters["category"].pk if filters.get("category") else None,
            status=filters.get("status", ""),
            kind=filters.get("kind", ""),
            needs_reverification=filters.get("needs_reverification", False),
        )
        page = list_page(request, queryset)
        page.object_list = selectors.mark_expired_documents(list(page.object_list))
        return render(
            request,
            "beneficiaries/list.html",
            {
                "form": form,
                "page": page,
                "query_string": query_without_page(request),
                "reverification_cutoff": selectors.reverification_cutoff(),
                "can_register": user_has_role(request.user, *EDITORS),
            },
        )


class BeneficiaryCreateView(RoleRequiredMixin, View):
    allowed_roles = EDITORS
    template_name = "beneficiaries/form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": BeneficiaryForm(), "creating": True})

    def post(self, request):
        form = BeneficiaryForm(request.POST)
        duplicates = []
        if form.is_valid():
            data = form.service_data()
            full_name = " ".join(data[p] for p in ("first_name", "father_name", "grandfather_name", "family_name"))
            duplicates = list(
                selectors.beneficiary_possible_duplicates(full_name=full_name, birth_date=data["birth_date"])
                .filter(pk__in=selectors.beneficiaries_visible_to(user=request.user).values("pk"))
                .select_related("category")[:5]
            )
            if duplicates and not form.cleaned_data.get("confirm_not_duplicate"):
                form.show_duplicate_confirmation()
                messages.warning(
                    request, _("A record with the same name and birth date exists. Is this the same person?")
                )
            else:
                try:
                    beneficiary = services.beneficiary_register(
                        actor=request.user,
                        data=data,
                        consents=form.cleaned_data.get("consents", ()),
                        consent_channel=form.cleaned_data.get("consent_channel") or Channel.IN_PERSON,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("%(name)s is registered.") % {"name": beneficiary.full_name})
                    return redirect("beneficiaries:detail", pk=beneficiary.pk)
        return render(request, self.template_name, {"form": form, "creating": True, "duplicates": duplicates})


class BeneficiaryUpdateView(RoleRequiredMixin, View):
    allowed_roles = EDITORS
    template_name = "beneficiaries/form.html"

    def get(self, request, pk):
        beneficiary = _visible_beneficiary(request, pk)
        services.access_log_record(user=request.user, beneficiary=beneficiary, action=AccessAction.VIEW, detail="edit")
        form = BeneficiaryForm(instance=beneficiary, registering=False)
        return render(request, self.template_name, {"form": form, "beneficiary": beneficiary})

    def post(self, request, pk):
        beneficiary = _visible_beneficiary(request, pk)
        form = BeneficiaryForm(request.POST, instance=beneficiary, registering=False)
        if form.is_valid():
            try:
                services.beneficiary_update(
                    actor=request.user,
                    beneficiary=beneficiary,
                    data=form.service_data(),
                    expected_version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except services.ConcurrentEditError as error:
                # Keep what they typed; a second save, after they looked, overwrites knowingly.
                form.data = form.data.copy()
                form.data[form.add_prefix("version")] = str(error.current_version)
                form.add_error(None, error.message)
                beneficiary.refresh_from_db()
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The record is saved."))
                return redirect("beneficiaries:detail", pk=pk)
        return render(request, self.template_name, {"form": form, "beneficiary": beneficiary})


class BeneficiaryDetailView(RoleRequiredMixin, View):
    allowed_roles = READERS

    def get(self, request, pk):
        beneficiary = get_object_or_404(
            selectors.beneficiaries_visible_to(user=request.user).select_related(
                "category", "contact_officer", "registered_by", "verified_by"
            ),
            pk=pk,
        )
        services.access_log_record(user=request.user, beneficiary=beneficiary, action=AccessAction.VIEW)
        interactions = selectors.interactions_visible_to(user=request.user).filter(beneficiary=beneficiary)
        context = {
            "beneficiary": beneficiary,
            "household": beneficiary.household_members.all(),
            "documents": selectors.beneficiary_documents(beneficiary=beneficiary),
            "interactions": interactions,
            "change_requests": beneficiary.change_requests.select_related("received_by", "decided_by"),
            "history": selectors.beneficiary_history(beneficiary=beneficiary),
            "reverification_due": selectors.beneficiary_reverification_due(beneficiary=beneficiary),
            "notification_messages": messages_for_recipient(recipient_object=beneficiary),
            "can_resend_messages": can_resend_messages(request.user),
            "can_edit": user_has_role(request.user, *EDITORS),
            "consents": selectors.beneficiary_consents(beneficiary=beneficiary),
            "can_see_access_log": user_has_role(request.user, Role.MANAGER),
            "can_handle_inquiries": user_has_role(request.user, *INQUIRY_HANDLERS),
            "can_log_interaction": user_has_role(request.user, *INQUIRY_HANDLERS),
            "InquiryStatus": InquiryStatus,
            "ChangeRequestStatus": ChangeRequestStatus,
        }
        return render(request, "beneficiaries/detail.html", context)


@require_POST
@role_required(*EDITORS)
def beneficiary_verify_view(request, pk):
    beneficiary = _visible_beneficiary(request, pk)
    services.beneficiary_verify(actor=request.user, beneficiary=beneficiary)
    messages.success(request, _("The data is recorded as verified today."))
    return redirect("beneficiaries:detail", pk=pk)


class HouseholdMemberCreateView(RoleRequiredMixin, View):
    allowed_roles = EDITORS
    template_name = "beneficiaries/simple_form.html"

    def _render(self, request, beneficiary, form):
        return render(
            request,
            self.template_name,
            {"form": form, "beneficiary": beneficiary, "title": _("Add a household member")},
        )

    def get(self, request, pk):
        return self._render(request, _visible_beneficiary(request, pk), HouseholdMemberForm())

    def post(self, request, pk):
        beneficiary = _visible_beneficiary(request, pk)
        form = HouseholdMemberForm(request.POST)
        if form.is_valid():
            try:
                services.household_member_add(actor=request.user, beneficiary=beneficiary, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The household member is added."))
                return redirect(reverse("beneficiaries:detail", args=[pk]) + "#household")
        return self._render(request, beneficiary, form)


@require_POST
@role_required(*EDITORS)
def household_member_remove_view(request, pk, member_pk):
    beneficiary = _visible_beneficiary(request, pk)
    member = get_object_or_404(beneficiary.household_members, pk=member_pk)
    services.household_member_remove(actor=request.user, member=member)
    messages.success(request, _("The household member is removed."))
    return redirect(reverse("beneficiaries:detail", args=[pk]) + "#household")


class DocumentUploadView(RoleRequiredMixin, View):
    allowed_roles = EDITORS
    template_name = "beneficiaries/simple_form.html"

    def _render(self, request, beneficiary, form):
        return render(
            request,
            self.template_name,
            {"form": form, "beneficiary": beneficiary, "title": _("Upload a document"), "multipart": True},
        )

    def get(self, request, pk):
        return self._render(request, _visible_beneficiary(request, pk), DocumentUploadForm())

    def post(self, request, pk):
        beneficiary = _visible_beneficiary(request, pk)
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = services.document_upload(actor=request.user, beneficiary=beneficiary, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The document is uploaded."))
                if document.is_expired:
                    messages.warning(request, _("This document has expired; ask the beneficiary for a current one."))
                return redirect(reverse("beneficiaries:detail", args=[pk]) + "#documents")
        return self._render(request, beneficiary, form)


@role_required(*READERS)
def document_download_view(request, document_pk):
    """Documents are never public URLs: each download checks the role and the beneficiary."""
    document = get_object_or_404(selectors.documents_visible_to(user=request.user), pk=document_pk)
    services.access_log_record(
        user=request.user,
        beneficiary=document.beneficiary,
        action=AccessAction.DOCUMENT,
        detail=f"#{document.pk} {document.original_filename}",
    )
    return private_file_response(
        file=document.file,
        content_type=document.content_type,
        name=f"document-{document.pk}",
        as_attachment=request.GET.get("download") == "1",
    )


class InteractionCreateView(RoleRequiredMixin, View):
    allowed_roles = INQUIRY_HANDLERS
    template_name = "beneficiaries/simple_form.html"

    def _render(self, request, beneficiary, form):
        return render(
            request, self.template_name, {"form": form, "beneficiary": beneficiary, "title": _("Log an interaction")}
        )

    def get(self, request, pk):
        return self._render(request, _visible_beneficiary(request, pk), InteractionForm())

    def post(self, request, pk):
        beneficiary = _visible_beneficiary(request, pk)
        form = InteractionForm(request.POST)
        if form.is_valid():
            try:
                services.interaction_log(actor=request.user, beneficiary=beneficiary, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The interaction is logged."))
                return redirect(reverse("beneficiaries:detail", args=[pk]) + "#interactions")
        return self._render(request, beneficiary, form)


class InquiryAnswerView(RoleRequiredMixin, View):
    allowed_roles = (*INQUIRY_HANDLERS, Role.SOCIAL_RESEARCHER)
    template_name = "beneficiaries/inquiry_form.html"

    def _interaction(self, request, pk):
        return get_object_or_404(
            selectors.interactions_visible_to(user=request.user).exclude(inquiry_status=InquiryStatus.NOT_AN_INQUIRY),
            pk=pk,
        )

    def _render(self, request, interaction, answer_form, refer_form=None):
        can_refer = user_has_role(request.user, *INQUIRY_HANDLERS) and interaction.inquiry_status == InquiryStatus.OPEN
        return render(
            request,
            self.template_name,
            {
                "interaction": interaction,
                "answer_form": answer_form,
                "refer_form": (refer_form or InquiryReferForm()) if can_refer else None,
            },
        )

    def get(self, request, pk):
        return self._render(request, self._interaction(request, pk), InquiryAnswerForm())

    def post(self, request, pk):
        interaction = self._interaction(request, pk)
        if request.POST.get("action") == "refer":
            if not user_has_role(request.user, *INQUIRY_HANDLERS):
                raise PermissionDenied
            refer_form = InquiryReferForm(request.POST)
            if refer_form.is_valid():
                try:
                    services.inquiry_refer(
                        actor=request.user, interaction=interaction, researcher=refer_form.cleaned_data["researcher"]
                    )
                except DomainError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("The inquiry is referred to the social researcher."))
                    return redirect("beneficiaries:detail", pk=interaction.beneficiary_id)
            return self._render(request, interaction, InquiryAnswerForm(), refer_form)
        form = InquiryAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.inquiry_answer(actor=request.user, interaction=interaction, answer=form.cleaned_data["answer"])
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The answer is recorded."))
                if user_has_role(request.user, *INQUIRY_HANDLERS):
                    return redirect("beneficiaries:detail", pk=interaction.beneficiary_id)
                return redirect("beneficiaries:inquiries")
        return self._render(request, interaction, form)


@role_required(*INQUIRY_HANDLERS, Role.SOCIAL_RESEARCHER)
def inquiry_queue_view(request):
    context = {
        "referred": selectors.inquiries_referred_to(user=request.user),
        "open": selectors.open_inquiries(user=request.user) if user_has_role(request.user, *INQUIRY_HANDLERS) else [],
    }
    return render(request, "beneficiaries/inquiries.html", context)


class ChangeRequestCreateView(RoleRequiredMixin, View):
    allowed_roles = EDITORS
    template_name = "beneficiaries/simple_form.html"

    def _render(self, request, beneficiary, form):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "beneficiary": beneficiary,
                "title": _("Record a change in the beneficiary's situation"),
                "intro": _("A second staff member approves the change before the record is updated."),
            },
        )

    def get(self, request, pk):
        beneficiary = _visible_beneficiary(request, pk)
        return self._render(request, beneficiary, ChangeRequestForm(beneficiary=beneficiary))

    def post(self, request, pk):
        beneficiary = _visible_beneficiary(request, pk)
        form = ChangeRequestForm(request.POST, beneficiary=beneficiary)
        if form.is_valid():
            try:
                services.change_request_submit(
                    actor=request.user,
                    beneficiary=beneficiary,
                    description=form.cleaned_data["description"],
                    proposed_changes=form.proposed_changes(),
                    evidence=form.cleaned_data["evidence"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The change is recorded and awaits a second staff member's approval."))
                return redirect(reverse("beneficiaries:detail", args=[pk]) + "#changes")
        return self._render(request, beneficiary, form)


class ChangeRequestDecideView(RoleRequiredMixin, View):
    allowed_roles = (Role.RECEPTION, Role.MANAGER)
    template_name = "beneficiaries/change_request_decide.html"

    def _change_request(self, request, pk):
        return get_object_or_404(
            selectors.change_requests_awaiting(user=request.user).select_related("evidence__document_type"), pk=pk
        )

    def _render(self, request, change_request, form):
        proposed = selectors.change_request_proposed_display(change_request=change_request)
        return render(
            request, self.template_name, {"change_request": change_request, "form": form, "proposed": proposed}
        )

    def get(self, request, pk):
        return self._render(request, self._change_request(request, pk), ChangeRequestDecisionForm())

    def post(self, request, pk):
        change_request = self._change_request(request, pk)
        form = ChangeRequestDecisionForm(request.POST)
        if form.is_valid():
            note = form.cleaned_data["note"]
            try:
                if form.cleaned_data["decision"] == "approve":
                    services.change_request_approve(actor=request.user, change_request=change_request, note=note)
                    messages.success(request, _("The change is approved and the record updated."))
                else:
                    services.change_request_reject(actor=request.user, change_request=change_request, note=note)
                    messages.success(request, _("The change is rejected."))
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                return redirect("beneficiaries:detail", pk=change_request.beneficiary_id)
        return self._render(request, change_request, form)


@role_required(Role.RECEPTION, Role.MANAGER)
def change_request_queue_view(request):
    return render(
        request,
        "beneficiaries/change_requests.html",
        {"change_requests": selectors.change_requests_awaiting(user=request.user)},
    )
