from notifications.roles import can_read_staff_tasks
from notifications.selectors import staff_header_counts


def bell(request):
    """The header's counts (templates/notifications/_bell.html): unread notices, and for reception
    and managers the letters and calls waiting to be done (None hides that link)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    unread, open_tasks = staff_header_counts(user=user, with_open_tasks=can_read_staff_tasks(user))
    return {"notification_unread_count": unread, "notification_open_tasks": open_tasks}
