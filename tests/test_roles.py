"""The role table (DESIGN.md "Roles", R36) walked URL by URL for every role, a user without one and a visitor.

The expected answers are written out here from DESIGN.md and beneficiaries/views.py, not
imported from the views, so a view that drifts from the table fails this walk:

  readers   (list, record, documents):      reception, manager, contact officer, social researcher
  editors   (register, correct, household,
             documents, changes, verify):   reception
  inquiries (log interactions, refer):      reception, contact officer
  inquiry queue and answers:                reception, contact officer, social researcher
  change decisions and their queue:         reception, manager

committee members, the committee secretary, the follow-up committee and the system admin
have no part in the reception desk's registry: 403.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from factories import (
    BeneficiaryFactory,
    ChangeRequestFactory,
    ContactOfficerFactory,
    DocumentFactory,
    HouseholdMemberFactory,
    ReferredInquiryFactory,
    UserFactory,
)

from beneficiaries import urls as beneficiary_urls
from beneficiaries.import_models import BeneficiaryImport
from beneficiaries.privacy_models import DataBreach, ErasureRequest
from policies.roles import Role

R = Role
NO_ROLE = "no_role"
ANONYMOUS = "anonymous"
PRINCIPALS = [*Role.values, NO_ROLE, ANONYMOUS]

READERS = {R.RECEPTION, R.MANAGER, R.CONTACT_OFFICER, R.SOCIAL_RESEARCHER}
EDITORS = {R.RECEPTION}
INQUIRY_HANDLERS = {R.RECEPTION, R.CONTACT_OFFICER}
INQUIRY_ANSWERERS = {R.RECEPTION, R.CONTACT_OFFICER, R.SOCIAL_RESEARCHER}
CHANGE_DECIDERS = {R.RECEPTION, R.MANAGER}
IMPORTERS = {R.RECEPTION, R.ADMIN}

# url name -> (HTTP method the page is used with, roles allowed, status an allowed role gets)
ROLE_TABLE = {
    "list": ("get", READERS, 200),
    "create": ("get", EDITORS, 200),
    "detail": ("get", READERS, 200),
    "edit": ("get", EDITORS, 200),
    "verify": ("post", EDITORS, 302),
    "household_add": ("get", EDITORS, 200),
    "household_remove": ("post", EDITORS, 302),
    "document_upload": ("get", EDITORS, 200),
    "document_download": ("get", READERS, 200),
    "interaction_create": ("get", INQUIRY_HANDLERS, 200),
    "inquiries": ("get", INQUIRY_ANSWERERS, 200),
    "inquiry_answer": ("get", INQUIRY_ANSWERERS, 200),
    "change_request_create": ("get", EDITORS, 200),
    "change_requests": ("get", CHANGE_DECIDERS, 200),
    "change_request_decide": ("get", CHANGE_DECIDERS, 200),
    "consent_edit": ("get", EDITORS, 200),
    "erasure_create": ("get", EDITORS, 200),
    "access_log": ("get", {R.MANAGER}, 200),
    "erasure_list": ("get", {R.MANAGER}, 200),
    "erasure_decide": ("get", {R.MANAGER}, 200),
    "breach_list": ("get", {R.MANAGER}, 200),
    "breach_create": ("get", {R.MANAGER}, 200),
    "breach_edit": ("get", {R.MANAGER}, 200),
    "import_start": ("get", IMPORTERS, 200),
    "import_template": ("get", IMPORTERS, 200),
    "import_detail": ("get", IMPORTERS, 200),
    "import_refused_rows": ("get", IMPORTERS, 200),
}

# Pages that show a form are also refused when a role without access posts to them.
FORM_PAGES = [
    "create",
    "edit",
    "household_add",
    "document_upload",
    "interaction_create",
    "inquiry_answer",
    "change_request_create",
    "change_request_decide",
    "consent_edit",
    "erasure_create",
    "erasure_decide",
    "breach_create",
    "breach_edit",
    "import_start",
]


@pytest.fixture
def world(category):
    """One staff member per role, and one of every object the beneficiaries URLs point at.

    The contact officer is responsible for the beneficiary's category and the social researcher
    has an inquiry about them, so every role that may read the record can reach it; the change
    request was received by a colleague, so the user deciding is a second staff member.
    """
    users = {role: UserFactory(role=role, username=f"walk_{role}") for role in Role.values}
    users[NO_ROLE] = UserFactory(username="walk_no_role")
    users[ANONYMOUS] = None
    ContactOfficerFactory(category=category, user=users[R.CONTACT_OFFICER])
    beneficiary = BeneficiaryFactory(category=category)
    objects = {
        "beneficiary": beneficiary,
        "member": HouseholdMemberFactory(beneficiary=beneficiary),
        "document": DocumentFactory(beneficiary=beneficiary),
        "inquiry": ReferredInquiryFactory(beneficiary=beneficiary, referred_to=users[R.SOCIAL_RESEARCHER]),
        "change": ChangeRequestFactory(
            beneficiary=beneficiary, received_by=UserFactory(role=R.RECEPTION, username="walk_colleague")
        ),
        "erasure": ErasureRequest.objects.create(beneficiary=beneficiary, channel="phone"),
        # Uploaded by the reception user; the admin sees every import.
        "import": BeneficiaryImport.objects.create(uploaded_by=users[R.RECEPTION], source_name="people.csv"),
        "breach": DataBreach.objects.create(
            title="t", description="d", discovered_at=timezone.now(), notify_deadline=timezone.now()
        ),
    }
    return users, objects


def url_for(name: str, objects) -> str:
    pk = objects["beneficiary"].pk
    args = {
        "detail": [pk],
        "edit": [pk],
        "verify": [pk],
        "household_add": [pk],
        "household_remove": [pk, objects["member"].pk],
        "document_upload": [pk],
        "document_download": [objects["document"].pk],
        "interaction_create": [pk],
        "inquiry_answer": [objects["inquiry"].pk],
        "change_request_create": [pk],
        "change_request_decide": [objects["change"].pk],
        "consent_edit": [pk],
        "erasure_create": [pk],
        "erasure_decide": [objects["erasure"].pk],
        "breach_edit": [objects["breach"].pk],
        "import_detail": [objects["import"].pk],
        "import_refused_rows": [objects["import"].pk],
    }.get(name, [])
    return reverse(f"beneficiaries:{name}", args=args)


def request_as(client, user, method: str, url: str):
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
        response.close()
    return response


def test_the_role_table_covers_every_beneficiaries_url():
    names = {pattern.name for pattern in beneficiary_urls.urlpatterns if isinstance(pattern, URLPattern)}
    assert names == set(ROLE_TABLE)


def test_the_roles_are_the_eight_of_the_design():
    assert set(Role.values) == {
        "reception",
        "social_researcher",
        "committee_member",
        "committee_secretary",
        "complaints_officer",
        "contact_officer",
        "manager",
        "admin",
    }


@pytest.mark.parametrize("principal", PRINCIPALS)
@pytest.mark.parametrize("url_name", list(ROLE_TABLE))
def test_each_principal_gets_the_answer_the_role_table_gives(client, world, url_name, principal):
    users, objects = world
    method, allowed, allowed_status = ROLE_TABLE[url_name]
    url = url_for(url_name, objects)
    response = request_as(client, users[principal], method, url)
    if principal == ANONYMOUS:
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
    elif principal in allowed:
        assert response.status_code == allowed_status
        if allowed_status == 302:
            assert response.url.startswith(url_for("detail", objects))
    else:
        assert response.status_code == 403


REFUSED_POSTS = [
    (url_name, principal)
    for url_name in FORM_PAGES
    for principal in (*Role.values, NO_ROLE)
    if principal not in ROLE_TABLE[url_name][1]
]


@pytest.mark.parametrize(("url_name", "principal"), REFUSED_POSTS)
def test_a_principal_without_access_cannot_post_to_a_form_page(client, world, url_name, principal):
    users, objects = world
    response = request_as(client, users[principal], "post", url_for(url_name, objects))
    assert response.status_code == 403


@pytest.mark.parametrize("url_name", FORM_PAGES)
def test_an_anonymous_post_to_a_form_page_is_sent_to_the_login_page(client, world, url_name):
    _users, objects = world
    response = request_as(client, None, "post", url_for(url_name, objects))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("url_name", ["verify", "household_remove"])
def test_a_page_that_changes_data_does_not_answer_a_get(client, world, url_name):
    users, objects = world
    response = request_as(client, users[R.RECEPTION], "get", url_for(url_name, objects))
    assert response.status_code == 405


def test_a_refused_post_changes_nothing(client, world):
    users, objects = world
    beneficiary = objects["beneficiary"]
    request_as(client, users[R.MANAGER], "post", url_for("household_remove", objects))
    assert beneficiary.household_members.filter(pk=objects["member"].pk).exists()


def test_the_refusal_page_says_the_page_is_not_part_of_the_role(client, world, page_shows):
    users, objects = world
    response = request_as(client, users[R.COMPLAINTS_OFFICER], "get", url_for("list", objects))
    assert page_shows(response, gettext_lazy("This page is not part of your role"))


# --- The groups a fresh database starts with -------------------------------------------------


def codenames(role: str) -> set[str]:
    return set(Permission.objects.filter(group__name=role).values_list("codename", flat=True))


def test_the_eight_role_groups_exist_after_migrations(db):
    assert set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True)) == set(Role.values)


def test_reception_may_add_and_change_beneficiaries(db):
    assert {"add_beneficiary", "change_beneficiary", "view_beneficiary"} <= codenames(R.RECEPTION)


def test_reception_may_add_documents_household_members_and_interactions(db):
    assert {"add_document", "add_householdmember", "add_interaction", "add_changerequest"} <= codenames(R.RECEPTION)


def test_reception_may_not_delete_case_records(db):
    assert not {code for code in codenames(R.RECEPTION) if code.startswith("delete_")}


# Issue 7: managers build satisfaction surveys in the admin (surveys migration 0004), so adding
# and changing surveys and their questions is the one exception to their read-only permissions.
MANAGER_BUILDS = {"add_survey", "change_survey", "add_question", "change_question"}


def test_a_manager_has_only_view_permissions(db):
    granted = codenames(R.MANAGER)
    assert "view_beneficiary" in granted
    assert all(code.startswith("view_") for code in granted - MANAGER_BUILDS)
    assert granted >= MANAGER_BUILDS


def test_a_contact_officer_may_view_beneficiaries_and_log_interactions_but_not_edit_records(db):
    granted = codenames(R.CONTACT_OFFICER)
    assert {"view_beneficiary", "add_interaction"} <= granted
    assert "change_beneficiary" not in granted


def test_a_social_researcher_may_answer_inquiries_but_not_touch_the_registry(db):
    granted = codenames(R.SOCIAL_RESEARCHER)
    assert "change_interaction" in granted
    assert not {code for code in granted if code.endswith("_beneficiary")}


def test_the_system_admin_configures_categories_and_users_but_cannot_read_case_files(db):
    granted = codenames(R.ADMIN)
    assert {"add_beneficiarycategory", "change_contactofficer", "add_user", "add_documenttype"} <= granted
    assert not granted & {"view_beneficiary", "view_document", "view_interaction", "view_householdmember"}


def test_a_user_in_the_reception_group_holds_the_permission(db):
    user = UserFactory(role=R.RECEPTION)
    assert user.has_perm("beneficiaries.add_beneficiary")
    assert not user.has_perm("beneficiaries.delete_beneficiary")


def test_a_user_in_the_manager_group_cannot_change_a_beneficiary_through_permissions(db):
    user = UserFactory(role=R.MANAGER)
    assert user.has_perm("beneficiaries.view_beneficiary")
    assert not user.has_perm("beneficiaries.change_beneficiary")
