from notifications.roles import can_read_staff_tasks
from notifications.selectors import staff_notifications_unread_count, staff_tasks_open


def bell(request):
    """The header's counts (templates/notifications/_bell.html): unread notices, and for reception
    and managers the letters and calls waiting to be done (None hides that link)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notification_unread_count": staff_notifications_unread_count(user=user),
        "notification_open_tasks": staff_tasks_open().count() if can_read_staff_tasks(user) else None,
    }
