"""Policy documents and versions: board approval first, one version in force, older versions kept (R26)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from factories.policies import PolicyDocumentFactory, PolicyVersionFactory, version_in_force

from policies import services
from policies.errors import DomainError
from policies.models import PolicyDocument, PolicyVersion, VersionStatus
from policies.signals import policy_version_published


def test_a_new_association_starts_from_a_draft_of_the_relationship_policy(db):
    document = PolicyDocument.objects.get(slug="beneficiary-relationship-policy")

    assert list(document.versions.values_list("number", "status")) == [(1, VersionStatus.DRAFT)]


@pytest.mark.parametrize(
    "heading",
    [
        "# قنوات التواصل مع المستفيدين",
        "# أدوات التواصل مع المستفيدين",
        "# التعامل مع المستفيد",
        "# واجبات المستفيد",
        "# تعويض المستفيدين",
        "# استقبال الشكاوى والخلافات وتسويتها",
        "# السرية وبناء العلاقة مع المستفيدين",
        "# قياس رضا المستفيدين",
        "# المسؤوليات",
    ],
)
def test_the_default_policy_covers_each_provision_of_the_seeds(db, heading):
    draft = PolicyVersion.objects.get(document__slug="beneficiary-relationship-policy")

    assert heading in draft.body


def test_the_tools_the_seeds_name_are_there_to_fill_in(db):
    kinds = set(PolicyDocument.objects.filter(in_tools_library=True).values_list("kind", flat=True))

    assert kinds == {
        "bylaws",
        "social_research_guide",
        "support_policy_guide",
        "aid_disbursement_policy",
        "volunteering_policy",
        "partners_policy",
        "code_of_ethics",
        "form",
    }


def test_a_draft_without_the_boards_approval_cannot_be_put_in_force(policy_document, policy_admin, frozen_today):
    draft = PolicyVersionFactory(document=policy_document)

    with pytest.raises(DomainError):
        services.policy_version_publish(actor=policy_admin, version=draft)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_an_approved_draft_is_put_in_force_with_its_effective_date(policy_document, policy_admin, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True, effective_date=date(2026, 1, 1))

    services.policy_version_publish(actor=policy_admin, version=draft)

    draft.refresh_from_db()
    assert (draft.status, draft.effective_date, draft.published_by) == (
        VersionStatus.IN_FORCE,
        date(2026, 1, 1),
        policy_admin,
    )


def test_without_an_effective_date_a_version_takes_effect_today(policy_document, policy_admin, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    services.policy_version_publish(actor=policy_admin, version=draft)

    draft.refresh_from_db()
    assert draft.effective_date == date(2026, 11, 23)


def test_a_new_version_in_force_supersedes_the_previous_one(policy_in_force, policy_admin):
    second = PolicyVersionFactory(document=policy_in_force.document, approved=True)

    services.policy_version_publish(actor=policy_admin, version=second)

    policy_in_force.refresh_from_db()
    assert (policy_in_force.status, second.number) == (VersionStatus.SUPERSEDED, 2)


def test_a_superseded_version_keeps_its_text_and_approval(policy_in_force, policy_admin):
    second = PolicyVersionFactory(document=policy_in_force.document, approved=True, body="نص جديد")
    services.policy_version_publish(actor=policy_admin, version=second)

    policy_in_force.refresh_from_db()
    assert (policy_in_force.body.startswith("# تمهيد"), policy_in_force.board_meeting_number) == (True, "4")


def test_the_database_keeps_one_version_in_force_per_document(policy_in_force):
    second = PolicyVersionFactory(document=policy_in_force.document, approved=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.filter(pk=second.pk).update(
            status=VersionStatus.IN_FORCE, effective_date=date(2026, 2, 1), published_at=policy_in_force.published_at
        )


def test_the_database_refuses_a_version_in_force_without_the_boards_approval(policy_document, frozen_today):
    draft = PolicyVersionFactory(document=policy_document)

    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyVersion.objects.filter(pk=draft.pk).update(
            status=VersionStatus.IN_FORCE, effective_date=date(2026, 2, 1), published_at=frozen_today
        )


def test_a_version_cannot_take_effect_before_the_board_meeting(policy_document, policy_admin, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    with pytest.raises(DomainError):
        services.policy_version_publish(actor=policy_admin, version=draft, effective_date=date(2025, 12, 1))


def test_an_effective_date_before_the_meeting_is_refused_on_the_draft(policy_document, policy_admin):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    with pytest.raises(ValidationError) as error:
        services.policy_version_update(actor=policy_admin, version=draft, data={"effective_date": date(2025, 1, 1)})
    assert "effective_date" in error.value.error_dict


def test_a_meeting_number_without_its_date_is_refused(policy_document, policy_admin):
    draft = PolicyVersionFactory(document=policy_document)

    with pytest.raises(ValidationError) as error:
        services.policy_version_update(actor=policy_admin, version=draft, data={"board_meeting_number": "5"})
    assert "board_meeting_date" in error.value.error_dict


def test_a_version_cannot_be_put_in_force_on_a_day_still_to_come(policy_document, policy_admin, frozen_today):
    draft = PolicyVersionFactory(document=policy_document, approved=True)

    with pytest.raises(DomainError):
        services.policy_version_publish(actor=policy_admin, version=draft, effective_date=date(2026, 12, 1))


def test_a_version_in_force_is_never_rewritten(policy_in_force, policy_admin):
    with pytest.raises(DomainError):
        services.policy_version_update(actor=policy_admin, version=policy_in_force, data={"body": "نص معدل"})


def test_new_drafts_are_numbered_after_the_last_version(policy_in_force, policy_admin):
    draft = services.policy_version_create(actor=policy_admin, document=policy_in_force.document, data={"body": "نص"})

    assert draft.number == 2


def test_putting_a_version_in_force_is_recorded_in_its_history_with_who(policy_in_force, policy_admin):
    last = policy_in_force.history.first()

    assert (last.history_user, last.status, "4" in last.history_change_reason) == (
        policy_admin,
        VersionStatus.IN_FORCE,
        True,
    )


def test_putting_a_version_in_force_tells_the_other_apps_after_commit(
    policy_document, policy_admin, frozen_today, django_capture_on_commit_callbacks
):
    received = []
    policy_version_published.connect(
        lambda sender, **kwargs: received.append(kwargs["version"]), weak=False, dispatch_uid="test_published"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            version = version_in_force(document=policy_document, actor=policy_admin)
    finally:
        policy_version_published.disconnect(dispatch_uid="test_published")
    assert received == [version]


def test_only_a_draft_can_be_deleted(policy_in_force, policy_admin):
    with pytest.raises(DomainError):
        services.policy_version_delete(actor=policy_admin, version=policy_in_force)


def test_a_document_that_had_versions_cannot_be_deleted(policy_in_force, policy_admin):
    with pytest.raises(DomainError):
        services.policy_document_delete(actor=policy_admin, document=policy_in_force.document)


def test_a_document_cannot_take_an_address_the_portal_uses(policy_admin):
    with pytest.raises(ValidationError) as error:
        services.policy_document_create(
            actor=policy_admin, data={"kind": "other", "title": "أدوات", "slug": "tools", "applies_to_roles": []}
        )
    assert "slug" in error.value.error_dict


def test_a_document_applies_only_to_roles_that_exist(policy_admin):
    with pytest.raises(ValidationError) as error:
        services.policy_document_create(
            actor=policy_admin, data={"kind": "other", "title": "دليل", "slug": "guide", "applies_to_roles": ["pilot"]}
        )
    assert "applies_to_roles" in error.value.error_dict


def test_two_documents_cannot_share_an_address(policy_admin):
    PolicyDocumentFactory(slug="guide")

    with pytest.raises(ValidationError) as error:
        services.policy_document_create(
            actor=policy_admin, data={"kind": "other", "title": "دليل", "slug": "guide", "applies_to_roles": []}
        )
    assert "slug" in error.value.error_dict
