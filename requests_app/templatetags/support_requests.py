"""The requests section other pages include, such as the beneficiary page."""

from django import template

from policies.roles import Role, user_has_role
from requests_app.selectors import clocks_for, requests_of_beneficiary

register = template.Library()


@register.inclusion_tag("requests_app/_beneficiary_requests.html", takes_context=True)
def beneficiary_requests(context, beneficiary):
    user = context["request"].user
    requests = list(requests_of_beneficiary(user=user, beneficiary=beneficiary))
    clocks = clocks_for(requests) if requests else {}
    return {
        "beneficiary": beneficiary,
        "rows": [(row, clocks[row.pk]) for row in requests],
        "can_intake": user_has_role(user, Role.RECEPTION),
    }
