from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from policies.roles import Role, user_roles


@login_required
def home(request):
    """Each role lands on the work it does; the links shown follow the role table."""
    roles = user_roles(request.user)
    context = {"roles": [Role(code) for code in Role.values if code in roles], "today": timezone.localdate()}
    if roles & {Role.RECEPTION, Role.MANAGER, Role.CONTACT_OFFICER, Role.SOCIAL_RESEARCHER}:
        from beneficiaries import selectors

        context["open_inquiries"] = (
            selectors.open_inquiries(user=request.user).count()
            if roles & {Role.RECEPTION, Role.CONTACT_OFFICER}
            else None
        )
        context["referred_inquiries"] = selectors.inquiries_referred_to(user=request.user).count()
        context["pending_changes"] = (
            selectors.change_requests_awaiting(user=request.user).count()
            if roles & {Role.RECEPTION, Role.MANAGER}
            else None
        )
    return render(request, "home.html", context)
