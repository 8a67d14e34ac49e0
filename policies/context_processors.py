from django.utils.functional import SimpleLazyObject

from policies.roles import Role, user_roles
from policies.selectors import association_profile, last_reminder_for, versions_awaiting_signoff


def _signoff_banner(user) -> dict:
    """The versions in force ``user`` has not signed yet, and the last reminder about them (R27)."""
    versions = versions_awaiting_signoff(user=user)
    return {
        "versions": versions,
        "count": len(versions),
        "reminder": last_reminder_for(user=user, versions=versions) if versions else None,
    }


def portal(request):
    """What the base layout needs on every page: the association, the user's roles and, for staff,
    the policies they still have to sign (evaluated only when the page shows the banner)."""
    user = getattr(request, "user", None)
    roles = user_roles(user)
    return {
        "association": association_profile(),
        "user_roles": roles,
        "Role": Role,
        "policy_signoff": SimpleLazyObject(lambda: _signoff_banner(user)) if roles else {},
    }
