from policies.roles import Role, user_roles
from policies.selectors import association_profile


def portal(request):
    """What the base layout needs on every page: the association and the user's roles."""
    roles = user_roles(getattr(request, "user", None))
    return {
        "association": association_profile(),
        "user_roles": roles,
        "Role": Role,
    }
