from django import template

from policies.navigation import staff_nav_links
from policies.roles import user_roles

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_links(context):
    """The header menu's items for the signed-in user (policies.navigation)."""
    user = context["user"]
    return staff_nav_links(roles=user_roles(user), is_staff=user.is_staff)
