"""Who may do what with the outbox (DESIGN.md roles): one place for the views, the header and other apps' pages."""

from policies.roles import Role, user_has_role

# Reception's queue of letters and calls: managers read it, reception works it.
TASK_READERS = (Role.RECEPTION, Role.MANAGER)
TASK_WORKERS = (Role.RECEPTION,)
# Sending a failed message again, from a person's page or the admin.
RESENDERS = (Role.RECEPTION,)


def can_resend_messages(user) -> bool:
    """Whether a person's page should offer "Send again" to this user."""
    return bool(user is not None and user_has_role(user, *RESENDERS))


def can_read_staff_tasks(user) -> bool:
    return bool(user is not None and user_has_role(user, *TASK_READERS))
