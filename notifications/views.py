"""Staff pages: the in-app notifications, reception's queue of letters and calls, resending a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.forms import StaffTaskCompleteForm
from notifications.models import Message, StaffTask
from notifications.roles import RESENDERS, TASK_READERS, TASK_WORKERS
from policies.pagination import list_page, query_without_page
from policies.roles import RoleRequiredMixin, role_required, user_has_role

PAGE_SIZE = 25


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return fallback


@login_required
def inbox_view(request):
    page = Paginator(selectors.staff_notifications_for(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
@login_required
def notification_open_view(request, pk):
    """Mark one notice read, then go to the work it points at."""
    notification = get_object_or_404(selectors.staff_notifications_for(user=request.user), pk=pk)
    services.staff_notification_mark_read(user=request.user, notification=notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(url)
    return redirect(_safe_next(request, "notifications:inbox"))


@require_POST
@login_required
def notifications_read_all_view(request):
    count = services.staff_notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:inbox")


@role_required(*TASK_READERS)
def staff_task_list_view(request):
    # A page at a time: after a busy month a desk had 648 letters and calls open, and drawing them
    # all took a fifth of a second (oldest first, so the first page is the work to do next).
    open_tasks = list_page(request, selectors.staff_tasks_open())
    context = {
        "open_tasks": open_tasks,
        "page": open_tasks,
        "query_string": query_without_page(request),
        "done_tasks": selectors.staff_tasks_recently_done(),
        "can_work": user_has_role(request.user, *TASK_WORKERS),
    }
    return render(request, "notifications/tasks.html", context)


class StaffTaskDetailView(RoleRequiredMixin, View):
    """The letter to print or the call to make, and the form that records it was done."""

    allowed_roles = TASK_READERS
    template_name = "notifications/task_detail.html"

    def _render(self, request, task, form):
        can_work = user_has_role(request.user, *TASK_WORKERS) and task.is_open
        return render(request, self.template_name, {"task": task, "form": form if can_work else None})

    def get(self, request, pk):
        task = get_object_or_404(StaffTask.objects.select_related("message", "completed_by"), pk=pk)
        return self._render(request, task, StaffTaskCompleteForm(kind=task.kind))

    def post(self, request, pk):
        if not user_has_role(request.user, *TASK_WORKERS):
            raise PermissionDenied
        task = get_object_or_404(StaffTask.objects.select_related("message"), pk=pk)
        form = StaffTaskCompleteForm(request.POST, kind=task.kind)
        if form.is_valid():
            try:
                services.staff_task_complete(
                    actor=request.user, task=task, reached=form.cleaned_data["reached"], note=form.cleaned_data["note"]
                )
            except services.NotificationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The task is recorded as done."))
                return redirect("notifications:tasks")
        return self._render(request, task, form)


@require_POST
@role_required(*RESENDERS)
def message_resend_view(request, pk):
    message = get_object_or_404(Message, pk=pk)
    try:
        services.message_resend(actor=request.user, message=message)
    except services.NotificationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The message will be sent again."))
    return redirect(_safe_next(request, "notifications:tasks"))
