"""The policy as people meet it: public pages for everyone (R28–R31), sign-off and compliance for staff (R27).

Public views show only what is published: versions that have been put in force of documents
marked public, and files marked public. Staff views check the role, then the object.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.decorators.http import require_POST

from policies import selectors
from policies.choices import Channel
from policies.errors import DomainError
from policies.forms import PublishForm, ReminderForm, SignOffForm
from policies.models import PolicyAttachment, PolicyVersion, VersionStatus
from policies.roles import Role, RoleRequiredMixin, role_required, user_has_role, user_roles
from policies.services import policy_signoff_record, policy_version_publish, signoff_reminder_send
from policies.web import add_service_errors, private_file_response

# Every role signs the policies that apply to it; managers and admins watch compliance.
STAFF_ROLES = tuple(Role.values)
SUPERVISORS = (Role.MANAGER, Role.ADMIN)


def _public_context() -> dict:
    parameters = selectors.policy_parameters()
    labels = dict(Channel.choices)
    return {
        "parameters": parameters,
        "channels": [labels[channel] for channel in parameters.channels if channel in labels],
        "updated_at": selectors.public_information_updated_at(parameters=parameters),
    }


def public_index(request):
    """Everything a beneficiary should know before applying: policies, rights and duties, channels,
    contact officers, how data is protected, the tools library."""
    versions = list(selectors.public_versions_in_force())
    return render(
        request,
        "policies/public_index.html",
        {
            **_public_context(),
            "policies": [version for version in versions if not version.document.in_tools_library],
            "tools": [version for version in versions if version.document.in_tools_library],
            "contact_officers": list(selectors.public_contact_officers()),
        },
    )


def public_tools(request):
    """The library of communication tools with their downloadable forms (R28)."""
    return render(
        request,
        "policies/public_tools.html",
        {**_public_context(), "tools": list(selectors.public_tools_library())},
    )


def public_document(request, slug, number=None):
    """A published document: its version in force, or an older version that was once in force."""
    document = selectors.public_document(slug=slug)
    versions = list(selectors.published_versions(document=document))
    if number is None:
        version = next((item for item in versions if item.status == VersionStatus.IN_FORCE), None)
        if version is None:
            # Nothing in force any more: the newest superseded version, clearly marked as such.
            version = versions[0]
    else:
        version = next((item for item in versions if item.number == number), None)
        if version is None:
            raise Http404
    attachments = [attachment for attachment in version.attachments.all() if attachment.is_public]
    return render(
        request,
        "policies/public_document.html",
        {"document": document, "version": version, "versions": versions, "attachments": attachments},
    )


def _attachment_response(attachment: PolicyAttachment) -> FileResponse:
    # Public library files may be cached; staff-only ones are private like every other upload.
    return private_file_response(
        file=attachment.file,
        content_type=attachment.content_type,
        name=attachment.original_name,
        as_attachment=True,
        public=attachment.is_public,
    )


def public_attachment_download(request, pk):
    return _attachment_response(selectors.public_attachment(pk=pk))


@role_required(*STAFF_ROLES)
def staff_attachment_download(request, pk):
    """Staff read the files of published versions; managers and admins also those of drafts."""
    attachment = get_object_or_404(PolicyAttachment.objects.select_related("version"), pk=pk)
    if attachment.version.status == VersionStatus.DRAFT and not user_has_role(request.user, *SUPERVISORS):
        raise Http404
    return _attachment_response(attachment)


# --- Staff sign-off --------------------------------------------------------------------------------


@role_required(*STAFF_ROLES)
def my_policies(request):
    return render(request, "policies/my_policies.html", {"rows": selectors.my_policies(user=request.user)})


class SignOffView(RoleRequiredMixin, View):
    """Read the version in force and sign it, with the confidentiality pledge."""

    allowed_roles = STAFF_ROLES
    template_name = "policies/sign.html"

    def _version(self, request, pk) -> PolicyVersion:
        version = get_object_or_404(
            PolicyVersion.objects.select_related("document").prefetch_related("attachments"),
            pk=pk,
            status=VersionStatus.IN_FORCE,
            document__requires_signoff=True,
        )
        if not version.document.applies_to(user_roles(request.user)):
            raise Http404
        return version

    def _render(self, request, version, form):
        signoff = version.signoffs.filter(user=request.user).first()
        return render(
            request,
            self.template_name,
            {
                "version": version,
                "form": form,
                "signoff": signoff,
                "pledge": selectors.policy_parameters().pledge,
                "hide_signoff_banner": True,
            },
        )

    def get(self, request, pk):
        return self._render(request, self._version(request, pk), SignOffForm())

    def post(self, request, pk):
        version = self._version(request, pk)
        form = SignOffForm(request.POST)
        if form.is_valid():
            try:
                policy_signoff_record(
                    actor=request.user,
                    version=version,
                    read_confirmed=form.cleaned_data["read_confirmed"],
                    confidentiality_pledged=form.cleaned_data["confidentiality_pledged"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("policies:my_policies")
            else:
                messages.success(
                    request, _("Thank you: your signature on %(version)s is recorded.") % {"version": version}
                )
                remaining = selectors.versions_awaiting_signoff(user=request.user)
                if remaining:
                    return redirect("policies:sign", pk=remaining[0].pk)
                return redirect("policies:my_policies")
        return self._render(request, version, form)


# --- Compliance for managers -----------------------------------------------------------------------


@role_required(*SUPERVISORS)
def compliance(request):
    report = selectors.signoff_compliance()
    return render(
        request,
        "policies/compliance.html",
        {"report": report, "can_remind": user_has_role(request.user, Role.MANAGER, Role.ADMIN)},
    )


@require_POST
@role_required(*SUPERVISORS)
def remind(request, pk):
    version = get_object_or_404(
        PolicyVersion.objects.select_related("document"),
        pk=pk,
        status=VersionStatus.IN_FORCE,
        document__requires_signoff=True,
    )
    row = next((item for item in selectors.signoff_compliance() if item.version.pk == version.pk), None)
    unsigned = [user for user, _reminder in row.unsigned] if row else []
    form = ReminderForm(request.POST, unsigned=unsigned)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("policies:compliance")
    try:
        reminders = signoff_reminder_send(actor=request.user, version=version, users=form.chosen_users())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        count = len(reminders)
        messages.success(
            request,
            ngettext(
                "A reminder was sent to %(count)s staff member.",
                "A reminder was sent to %(count)s staff members.",
                count,
            )
            % {"count": count},
        )
    return redirect("policies:compliance")


# --- Putting board-approved drafts in force (senior management, R26) ------------------------------


@role_required(*SUPERVISORS)
def publishing(request):
    """The drafts waiting for the board's approval or to be put in force."""
    return render(
        request,
        "policies/publishing.html",
        {"drafts": list(selectors.drafts_awaiting_publication()), "in_force": list(selectors.versions_in_force())},
    )


class VersionReviewView(RoleRequiredMixin, View):
    """Read any version as staff will; record the board's approval of a draft and put it in force."""

    allowed_roles = SUPERVISORS
    template_name = "policies/version_review.html"

    def _version(self, pk) -> PolicyVersion:
        return get_object_or_404(
            PolicyVersion.objects.select_related("document", "published_by").prefetch_related("attachments"), pk=pk
        )

    def _render(self, request, version, form):
        return render(request, self.template_name, {"version": version, "form": form})

    def get(self, request, pk):
        version = self._version(pk)
        form = PublishForm(
            initial={
                "board_meeting_number": version.board_meeting_number,
                "board_meeting_date": version.board_meeting_date,
                "effective_date": version.effective_date,
            }
        )
        return self._render(request, version, form)

    def post(self, request, pk):
        version = self._version(pk)
        form = PublishForm(request.POST)
        if form.is_valid():
            try:
                published = policy_version_publish(actor=request.user, version=version, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("%(version)s is in force from %(date)s. Staff are asked to sign it.")
                    % {"version": published, "date": published.effective_date.isoformat()},
                )
                return redirect("policies:version_review", pk=version.pk)
        return self._render(request, version, form)
