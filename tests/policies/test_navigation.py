"""The staff header's menu: each role sees the pages it may open, in the page's language."""

import re

import pytest
from django.urls import reverse

from policies.roles import Role

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<ul class="navbar-nav[^"]*">(.*?)</ul>', re.S)


def menu_links(client) -> set[str]:
    html = client.get(reverse("home")).content.decode()
    return set(re.findall(r'class="nav-link" href="([^"]+)"', MENU.search(html).group(1)))


def signed_in(client, user):
    client.force_login(user)
    return client


def test_reception_sees_the_desk_pages_and_records_complaints_without_reading_the_queue(client, reception):
    links = menu_links(signed_in(client, reception))
    assert {
        reverse("beneficiaries:list"),
        reverse("beneficiaries:create"),
        reverse("requests_app:queue"),
        reverse("complaints:intake"),
        reverse("policies:my_policies"),
    } <= links
    assert reverse("complaints:queue") not in links
    assert reverse("reports:dashboard") not in links


def test_a_manager_sees_the_dashboard_the_complaints_queue_privacy_and_policy_publishing(client, manager):
    links = menu_links(signed_in(client, manager))
    assert {
        reverse("reports:dashboard"),
        reverse("complaints:queue"),
        reverse("beneficiaries:access_log"),
        reverse("policies:publishing"),
    } <= links
    assert reverse("complaints:intake") not in links
    assert reverse("policies:my_policies") not in links
    assert reverse("beneficiaries:create") not in links


def test_a_committee_member_sees_only_home_and_the_policies_to_sign(client, make_user):
    links = menu_links(signed_in(client, make_user(Role.COMMITTEE_MEMBER)))
    assert links == {reverse("home"), reverse("policies:my_policies")}


def test_a_follow_up_committee_member_reads_the_complaints_queue(client, make_user):
    links = menu_links(signed_in(client, make_user(Role.COMPLAINTS_OFFICER)))
    assert reverse("complaints:queue") in links
    assert reverse("beneficiaries:list") not in links


def test_someone_holding_reception_and_the_follow_up_committee_gets_the_queue_not_the_intake_link(client, make_user):
    user = make_user(Role.RECEPTION)
    user.groups.add(*type(user.groups.first()).objects.filter(name=Role.COMPLAINTS_OFFICER))
    links = menu_links(signed_in(client, user))
    assert reverse("complaints:queue") in links
    assert reverse("complaints:intake") not in links


def test_the_administration_link_is_shown_to_staff_accounts_only(client, make_user):
    links = menu_links(signed_in(client, make_user(Role.ADMIN, is_staff=True)))
    assert reverse("admin:index") in links
    client.logout()
    assert reverse("admin:index") not in menu_links(signed_in(client, make_user(Role.RECEPTION)))


def test_a_user_without_a_role_sees_only_home(client, make_user):
    assert menu_links(signed_in(client, make_user())) == {reverse("home")}


def test_the_menu_follows_the_chosen_language(client, reception):
    signed_in(client, reception)
    arabic = MENU.search(client.get(reverse("home")).content.decode()).group(1)
    client.post(reverse("set_language"), {"language": "en"})
    english = MENU.search(client.get(reverse("home")).content.decode()).group(1)
    assert ">Beneficiaries</a>" in english
    assert ">Beneficiaries</a>" not in arabic
    assert ">المستفيدون</a>" in arabic
