"""Daily reminders to the staff who own requests due soon or overdue (R11)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from notifications.models import Event, Message
from notifications.services import notification_send
from requests_app.models import CLOCK_RUNNING_STATUSES, SupportRequest
from requests_app.selectors import clocks_for, due_soon_limit


def deadline_requests(*, today):
    """Requests whose clock runs and whose answer is due within 3 working days or overdue."""
    return (
        SupportRequest.objects.filter(status__in=CLOCK_RUNNING_STATUSES, due_date__lte=due_soon_limit(today=today))
        .select_related("received_by", "assigned_researcher", "service_type", "beneficiary")
        .order_by("due_date", "pk")
    )


def request_owners(request: SupportRequest) -> list:
    owners = []
    for user in (request.assigned_researcher, request.received_by):
        if user is not None and user.is_active and user not in owners:
            owners.append(user)
    return owners


def deadline_reminders_send(*, now: datetime | None = None) -> int:
    """Tell each owner (researcher, receiving staff member) once per request per day; returns the new notices."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    requests = list(deadline_requests(today=today))
    clocks = clocks_for(requests, today=today)
    sent = 0
    with transaction.atomic():
        for request in requests:
            clock = clocks[request.pk]
            event = Event.DEADLINE_PASSED if clock.overdue_by else Event.DEADLINE_APPROACHING
            for owner in request_owners(request):
                key = f"{event}:request-{request.pk}:user-{owner.pk}:{today.isoformat()}"
                if Message.objects.filter(idempotency_key=key).exists():
                    continue
                notification_send(
                    event=event,
                    recipient=owner,
                    context={
                        "case_number": request.reference_number,
                        "due_date": request.due_date,
                        "days_left": clock.days_left if clock.days_left and clock.days_left > 0 else "",
                        "days_overdue": clock.overdue_by,
                    },
                    idempotency_key=key,
                )
                sent += 1
    return sent
