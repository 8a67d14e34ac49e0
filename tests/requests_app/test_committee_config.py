"""Committees and their members are configured in the admin, through the committee services (R13)."""

import pytest
from django.urls import reverse
from factories import UserFactory
from factories.committee import make_committee, make_meeting

from policies.errors import DomainError
from policies.roles import Role
from requests_app.committee_models import Committee, CommitteeMembership, CommitteeRole
from requests_app.services.committee import (
    committee_create,
    committee_membership_add,
    committee_membership_remove,
    committee_membership_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(staff):
    user = staff[Role.ADMIN]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def member(role=Role.COMMITTEE_MEMBER):
    return UserFactory(role=role, is_staff=True)


def inline(rows=(), initial=0):
    data = {
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(initial),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{index}-{key}"] = value
    return data


def test_an_administrator_adds_a_committee_with_a_two_thirds_quorum_and_its_members(client, admin_user):
    chair, other = member(), member()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:requests_app_committee_add"),
        {
            "name": "لجنة البحث",
            "quorum": "",
            "quorum_numerator": "2",
            "quorum_denominator": "3",
            **inline(
                [{"user": chair.pk, "role": CommitteeRole.CHAIR}, {"user": other.pk, "role": CommitteeRole.MEMBER}]
            ),
        },
    )
    assert response.status_code == 302
    committee = Committee.objects.get(name="لجنة البحث")
    assert (committee.quorum, committee.quorum_numerator, committee.quorum_denominator) == (None, 2, 3)
    assert dict(committee.memberships.values_list("user_id", "role")) == {
        chair.pk: CommitteeRole.CHAIR,
        other.pk: CommitteeRole.MEMBER,
    }
    assert committee.memberships.get(user=chair).history.first().history_user == admin_user


def test_a_quorum_given_both_ways_is_refused_on_the_form_and_keeps_what_was_typed(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:requests_app_committee_add"),
        {"name": "لجنة مكررة", "quorum": "3", "quorum_numerator": "2", "quorum_denominator": "3", **inline()},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "لجنة مكررة" in page
    assert response.context["adminform"].form.errors
    assert not Committee.objects.filter(name="لجنة مكررة").exists()


def test_a_second_chair_is_refused_with_a_message_and_the_first_stays(client, admin_user, staff):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=2)
    newcomer = member()
    client.force_login(admin_user)
    existing = list(setup.committee.memberships.order_by("pk"))
    rows = [{"id": m.pk, "committee": setup.committee.pk, "user": m.user_id, "role": m.role} for m in existing]
    rows.append({"committee": setup.committee.pk, "user": newcomer.pk, "role": CommitteeRole.CHAIR})
    response = client.post(
        reverse("admin:requests_app_committee_change", args=[setup.committee.pk]),
        {"name": setup.committee.name, "quorum": "2", **inline(rows, initial=len(existing))},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert list(setup.committee.memberships.filter(role=CommitteeRole.CHAIR).values_list("user", flat=True)) == [
        setup.chair.pk
    ]
    assert not setup.committee.memberships.filter(user=newcomer).exists()


def test_someone_without_a_committee_role_cannot_be_made_a_member(staff, in_english):
    committee = committee_create(actor=staff[Role.ADMIN], name="لجنة", quorum=2)
    outsider = UserFactory(role=Role.RECEPTION)
    with pytest.raises(Exception, match="does not have the role"):
        committee_membership_add(actor=staff[Role.ADMIN], committee=committee, user=outsider)


def test_the_secretary_seat_needs_the_secretary_role(staff, in_english):
    committee = committee_create(actor=staff[Role.ADMIN], name="لجنة", quorum=2)
    with pytest.raises(Exception, match="Research committee secretary"):
        committee_membership_add(
            actor=staff[Role.ADMIN], committee=committee, user=member(), role=CommitteeRole.SECRETARY
        )


def test_a_member_becomes_chair_once_the_seat_is_free(staff):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=2)
    old_chair = setup.committee.memberships.get(user=setup.chair)
    committee_membership_update(actor=staff[Role.ADMIN], membership=old_chair, role=CommitteeRole.MEMBER)
    promoted = setup.committee.memberships.get(user=setup.members[0])
    committee_membership_update(actor=staff[Role.ADMIN], membership=promoted, role=CommitteeRole.CHAIR)
    assert setup.committee.memberships.get(role=CommitteeRole.CHAIR).user == setup.members[0]


def test_a_member_sitting_on_an_open_meeting_cannot_be_removed(staff, in_english):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=2)
    make_meeting(setup)
    membership = setup.committee.memberships.get(user=setup.members[0])
    with pytest.raises(DomainError, match="open meeting"):
        committee_membership_remove(actor=staff[Role.ADMIN], membership=membership)
    assert CommitteeMembership.objects.filter(pk=membership.pk).exists()


def test_a_member_not_sitting_on_an_open_meeting_is_removed(staff):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=2)
    membership = setup.committee.memberships.get(user=setup.members[0])
    committee_membership_remove(actor=staff[Role.ADMIN], membership=membership)
    assert not CommitteeMembership.objects.filter(pk=membership.pk).exists()


def test_the_secretary_cannot_change_the_members(staff, in_english):
    setup = make_committee(secretary=staff[Role.COMMITTEE_SECRETARY], members=2)
    with pytest.raises(DomainError, match="administrator"):
        committee_membership_add(actor=setup.secretary, committee=setup.committee, user=member())


def test_a_duplicate_committee_name_is_refused_on_the_form(client, admin_user):
    committee_create(actor=admin_user, name="لجنة البحث", quorum=3)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:requests_app_committee_add"), {"name": "لجنة البحث", "quorum": "2", **inline()}
    )
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert Committee.objects.filter(name="لجنة البحث").count() == 1
