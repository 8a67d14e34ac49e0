"""Template helpers for pages of other apps: the recipient's message list."""

from django import template

from notifications.selectors import messages_for_recipient
from notifications.views import RESENDERS
from policies.roles import user_has_role

register = template.Library()


@register.simple_tag
def recipient_messages(recipient):
    """``{% recipient_messages beneficiary as notification_messages %}``"""
    if recipient is None or getattr(recipient, "pk", None) is None:
        return []
    return messages_for_recipient(recipient_object=recipient)


@register.simple_tag(takes_context=True)
def can_resend_messages(context) -> bool:
    request = context.get("request")
    return bool(request is not None and user_has_role(request.user, *RESENDERS))
