"""List pages keep a fixed number of queries whatever the page size."""

import pytest
from django.urls import reverse
from factories import BeneficiaryFactory
from factories.complaints import ComplaintFactory, in_status

from complaints.models import ComplaintStatus

pytestmark = pytest.mark.django_db


def fill(count, officer):
    beneficiary = BeneficiaryFactory()
    for index in range(count):
        if index % 3 == 0:
            in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer, beneficiary=beneficiary)
        else:
            ComplaintFactory()
    return beneficiary


def queries_for(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-process caches (content types, the session) first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("user_fixture", ["officer", "manager"])
def test_the_queue_costs_the_same_for_10_and_100_rows(
    client, request, officer, django_assert_max_num_queries, user_fixture
):
    client.force_login(request.getfixturevalue(user_fixture))
    fill(10, officer)
    small = queries_for(client, django_assert_max_num_queries, reverse("complaints:queue") + "?per_page=100")
    fill(90, officer)
    large = queries_for(client, django_assert_max_num_queries, reverse("complaints:queue") + "?per_page=100")
    assert small == large


def test_the_monitoring_page_costs_the_same_for_10_and_100_complaints(client, manager, officer):
    client.force_login(manager)
    fill(10, officer)
    small = queries_for(client, None, reverse("complaints:monitoring"))
    fill(90, officer)
    large = queries_for(client, None, reverse("complaints:monitoring"))
    assert small == large


def test_the_beneficiary_pages_complaint_section_costs_the_same_for_10_and_100(client, manager, officer):
    client.force_login(manager)
    beneficiary = fill(10, officer)
    url = reverse("beneficiaries:detail", args=[beneficiary.pk])
    small = queries_for(client, None, url)
    for _index in range(30):
        in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer, beneficiary=beneficiary)
    large = queries_for(client, None, url)
    assert small == large
