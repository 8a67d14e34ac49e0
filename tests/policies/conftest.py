import pytest
from factories.policies import PolicyDocumentFactory, version_in_force

from policies.roles import Role


@pytest.fixture
def policy_admin(make_user):
    return make_user(Role.ADMIN, is_staff=True, first_name="ماجد", last_name="الحربي")


@pytest.fixture
def staff_manager(make_user):
    """A manager who uses the admin, as the demo's manager does."""
    return make_user(Role.MANAGER, is_staff=True, first_name="عبدالله", last_name="السبيعي")


@pytest.fixture
def policy_document(db):
    return PolicyDocumentFactory(title="سياسة تنظيم العلاقة (اختبار)", title_en="Relationship policy (test)")


@pytest.fixture
def policy_in_force(policy_document, policy_admin, frozen_today):
    """Version 1 of the test policy, approved by the board and in force since 1 January 2026."""
    return version_in_force(document=policy_document, actor=policy_admin)
