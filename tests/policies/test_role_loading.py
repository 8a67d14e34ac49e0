"""A signed-in user's roles are read with the user, in one query, on every request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import UserFactory

from policies.backends import RoleLoadingBackend
from policies.roles import Role, user_roles

pytestmark = pytest.mark.django_db


def test_the_backend_gives_the_user_with_their_roles_in_one_query():
    officer = UserFactory(role=Role.RECEPTION)
    officer.groups.add(Group.objects.get_or_create(name=Role.SOCIAL_RESEARCHER)[0])

    with CaptureQueriesContext(connection) as captured:
        loaded = RoleLoadingBackend().get_user(officer.pk)
        roles = user_roles(loaded)

    assert roles == {Role.RECEPTION, Role.SOCIAL_RESEARCHER}
    assert len(captured.captured_queries) == 1


def test_a_group_that_is_not_a_role_gives_no_role():
    officer = UserFactory()
    officer.groups.add(Group.objects.create(name="football team"))

    assert user_roles(RoleLoadingBackend().get_user(officer.pk)) == frozenset()


def test_a_superuser_holds_every_role():
    assert user_roles(RoleLoadingBackend().get_user(UserFactory(is_superuser=True).pk)) == set(Role.values)


def test_a_deactivated_user_is_not_loaded():
    officer = UserFactory(role=Role.RECEPTION, is_active=False)

    assert RoleLoadingBackend().get_user(officer.pk) is None


def test_an_unknown_user_is_not_loaded():
    assert RoleLoadingBackend().get_user(987654) is None


def test_a_role_taken_away_closes_the_pages_on_the_next_request(client):
    officer = UserFactory(role=Role.RECEPTION)
    client.force_login(officer)
    assert client.get(reverse("beneficiaries:list")).status_code == 200

    officer.groups.clear()

    assert client.get(reverse("beneficiaries:list")).status_code == 403


def test_a_staff_page_does_not_query_the_groups_apart_from_the_user(client):
    client.force_login(UserFactory(role=Role.RECEPTION))
    client.get(reverse("beneficiaries:list"))

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("beneficiaries:list"))

    group_queries = [query["sql"] for query in captured.captured_queries if '"auth_group"' in query["sql"]]
    assert len(group_queries) == 1
    assert '"auth_user"."password"' in group_queries[0]


def test_the_loaded_user_has_every_field_as_the_orm_gives_it():
    officer = UserFactory(role=Role.RECEPTION, first_name="سارة", last_name="العتيبي")

    loaded = RoleLoadingBackend().get_user(officer.pk)
    expected = type(officer).objects.get(pk=officer.pk)

    for field in type(officer)._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
        assert type(getattr(loaded, field.attname)) is type(getattr(expected, field.attname)), field.name


def test_a_user_in_several_groups_is_loaded_once_with_all_their_roles():
    officer = UserFactory(role=Role.RECEPTION)
    for role in (Role.SOCIAL_RESEARCHER, Role.MANAGER):
        officer.groups.add(Group.objects.get_or_create(name=role)[0])

    loaded = RoleLoadingBackend().get_user(officer.pk)

    assert loaded == officer
    assert user_roles(loaded) == {Role.RECEPTION, Role.SOCIAL_RESEARCHER, Role.MANAGER}
