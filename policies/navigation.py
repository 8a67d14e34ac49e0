"""The staff header's links: which roles see which page (DESIGN.md's role table, as the menu shows it).

Every staff page draws this menu, and it depends only on the roles, the staff flag and the
language, so it is built once per combination and process instead of on every page.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from policies.roles import Role


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: str
    roles: frozenset[str] = frozenset()  # any of these; empty means every staff member with a role
    unless_roles: frozenset[str] = frozenset()  # hidden from these (they have a fuller page)

    def shown_to(self, roles: frozenset[str]) -> bool:
        if roles & self.unless_roles:
            return False
        return bool(roles & self.roles) if self.roles else bool(roles)


def _roles(*roles: str) -> frozenset[str]:
    return frozenset(roles)


R = Role
NAV_LINKS = (
    NavLink(
        "beneficiaries:list", _("Beneficiaries"), _roles(R.RECEPTION, R.MANAGER, R.CONTACT_OFFICER, R.SOCIAL_RESEARCHER)
    ),
    NavLink("beneficiaries:create", _("Register a beneficiary"), _roles(R.RECEPTION)),
    NavLink(
        "requests_app:queue",
        _("Support requests"),
        _roles(R.RECEPTION, R.MANAGER, R.COMMITTEE_SECRETARY, R.SOCIAL_RESEARCHER),
    ),
    NavLink("beneficiaries:inquiries", _("Inquiries"), _roles(R.RECEPTION, R.CONTACT_OFFICER, R.SOCIAL_RESEARCHER)),
    NavLink("beneficiaries:change_requests", _("Data changes"), _roles(R.RECEPTION, R.MANAGER)),
    NavLink("complaints:queue", _("Complaints"), _roles(R.COMPLAINTS_OFFICER, R.MANAGER)),
    # Reception records complaints but does not read the follow-up committee's queue.
    NavLink(
        "complaints:intake",
        _("Record a complaint"),
        _roles(R.RECEPTION),
        unless_roles=_roles(R.COMPLAINTS_OFFICER, R.MANAGER),
    ),
    NavLink("reports:dashboard", _("Dashboard"), _roles(R.MANAGER)),
    NavLink(
        "surveys:results_index",
        _("Surveys"),
        _roles(R.MANAGER, R.RECEPTION, R.CONTACT_OFFICER, R.COMPLAINTS_OFFICER, R.SOCIAL_RESEARCHER, R.ADMIN),
    ),
    NavLink("beneficiaries:access_log", _("Privacy"), _roles(R.MANAGER)),
    # Those who publish policies land on the publishing page; everyone else on what they must sign.
    NavLink("policies:publishing", _("Policies"), _roles(R.MANAGER, R.ADMIN)),
    NavLink("policies:my_policies", _("Policies"), unless_roles=_roles(R.MANAGER, R.ADMIN)),
)


def staff_nav_links(*, roles: frozenset[str], is_staff: bool) -> SafeString:
    """The ``<li>`` items of the header menu for someone holding ``roles``."""
    return _nav_html(frozenset(roles), bool(is_staff), get_language(), get_urlconf(), get_script_prefix())


@lru_cache(maxsize=512)
def _nav_html(roles: frozenset[str], is_staff: bool, language: str, urlconf, script_prefix: str) -> SafeString:
    # language, urlconf and script prefix are only part of the key: reverse() and the labels read them.
    links = [(reverse("home"), _("Home"))]
    links += [(reverse(link.url_name), link.label) for link in NAV_LINKS if link.shown_to(roles)]
    if is_staff:
        links.append((reverse("admin:index"), _("Administration")))
    return format_html_join(
        "\n",
        '<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>',
        ((url, str(label)) for url, label in links),
    )
