"""The complaints section of the beneficiary page: the page includes it, beneficiaries imports nothing."""

from django import template

from complaints.selectors import READERS, SUMMARY_READERS, beneficiary_complaints
from policies.roles import user_has_role

register = template.Library()


@register.simple_tag(takes_context=True)
def beneficiary_complaints_for_page(context, beneficiary):
    user = context["request"].user
    return {
        "visible": user_has_role(user, *READERS, *SUMMARY_READERS),
        "full": user_has_role(user, *READERS),
        "items": list(beneficiary_complaints(user=user, beneficiary=beneficiary)[:50]),
    }
