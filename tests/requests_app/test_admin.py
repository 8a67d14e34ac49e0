"""The admin lists the service catalog and the requests; requests are read-only there."""

import pytest
from django.urls import reverse
from factories import UserFactory

from policies.roles import Role
from requests_app.models import RequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_in_admin(db):
    return UserFactory(role=Role.MANAGER, is_staff=True)


def test_the_manager_searches_requests_in_the_admin(client, manager_in_admin, request_in):
    request = request_in(RequestStatus.REFERRED)
    client.force_login(manager_in_admin)
    response = client.get(reverse("admin:requests_app_supportrequest_changelist"), {"q": request.reference_number})
    assert response.status_code == 200
    assert request.reference_number in response.content.decode()


def test_a_request_cannot_be_edited_in_the_admin(client, request_in):
    request = request_in(RequestStatus.DRAFT)
    admin_user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    url = reverse("admin:requests_app_supportrequest_change", args=[request.pk])
    response = client.post(url, {"status": RequestStatus.COMPLETE})
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT
    assert response.status_code in (200, 403)


def test_the_administrator_edits_the_service_catalog(client, service_type):
    admin_user = UserFactory(role=Role.ADMIN, is_staff=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:requests_app_servicetype_change", args=[service_type.pk]))
    assert response.status_code == 200
    assert 'name="required_data"' in response.content.decode()
