"""Policy documents and versions (R26–R31); a version in force is made through the services, as in use."""

from datetime import date

import factory

from policies import services
from policies.models import DocumentKind, PolicyDocument, PolicyVersion, VersionStatus
from policies.roles import Role

from .users import UserFactory


class PolicyDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyDocument
        django_get_or_create = ("slug",)

    kind = DocumentKind.RELATIONSHIP_POLICY
    title = factory.Sequence(lambda n: f"سياسة اختبار {n}")
    title_en = factory.Sequence(lambda n: f"Test policy {n}")
    slug = factory.Sequence(lambda n: f"test-policy-{n}")
    is_public = True
    requires_signoff = True
    applies_to_roles = factory.LazyFunction(list)
    sort_order = 100


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    """A draft; ``approved=True`` fills in the board's approval."""

    class Meta:
        model = PolicyVersion

    class Params:
        approved = factory.Trait(board_meeting_number="4", board_meeting_date=date(2025, 12, 23))

    document = factory.SubFactory(PolicyDocumentFactory)
    number = factory.LazyAttribute(lambda version: version.document.versions.count() + 1)
    status = VersionStatus.DRAFT
    body = "# تمهيد\n\nنص السياسة.\n\n- البند الأول\n- البند الثاني"


def version_in_force(*, document=None, actor=None, effective=date(2026, 1, 1), **document_fields) -> PolicyVersion:
    """A board-approved version of ``document`` (a new one if omitted), put in force through the service."""
    document = document or PolicyDocumentFactory(**document_fields)
    actor = actor or UserFactory(role=Role.ADMIN)
    version = PolicyVersionFactory(document=document, approved=True, effective_date=effective)
    return services.policy_version_publish(actor=actor, version=version)
