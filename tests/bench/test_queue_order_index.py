"""The "to refer" queue is read from an index in its own order (issue 11).

At a large association a thousand requests can be completed, and so fall due, on the same day.
Without the id in the index PostgreSQL joined and sorted all of them to show a page of 25.
"""

import copy

import pytest
from django.db import connection
from factories import BeneficiaryFactory
from factories.requests import ServiceTypeFactory, advance_request, make_support_request

from requests_app.models import RequestStatus, SupportRequest
from requests_app.selectors import Queue, support_request_queue
from requests_app.services.numbers import tracking_code_generate

pytestmark = pytest.mark.django_db


def _copies(request, *, count, first_number):
    made = []
    for offset in range(count):
        row = copy.copy(request)
        row.pk = None
        row.reference_number = f"2026-{first_number + offset:06d}"
        row.tracking_code = tracking_code_generate()
        made.append(row)
    return made


@pytest.fixture
def a_thousand_complete_requests_due_on_one_day(reception):
    service_type = ServiceTypeFactory()
    complete = advance_request(
        make_support_request(actor=reception, beneficiary=BeneficiaryFactory(), service_type=service_type),
        RequestStatus.COMPLETE,
    )
    # Referred requests share the other queue indexes' deadline order, so only an index led by the
    # status serves this queue.
    referred = advance_request(
        make_support_request(actor=reception, beneficiary=BeneficiaryFactory(), service_type=service_type),
        RequestStatus.REFERRED,
    )
    SupportRequest.objects.bulk_create(
        _copies(complete, count=1000, first_number=500000) + _copies(referred, count=4000, first_number=600000),
        batch_size=1000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE requests_app_supportrequest")
    return complete.due_date


@pytest.mark.postgres_only
def test_on_postgresql_the_to_refer_page_is_read_in_index_order_without_a_sort(
    reception, a_thousand_complete_requests_due_on_one_day
):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    queue = support_request_queue(user=reception, queue=Queue.TO_REFER)

    plan = queue[:25].explain()

    assert "request_status_due_date" in plan
    assert "Sort" not in plan


def test_the_to_refer_queue_lists_the_requests_due_on_one_day_in_the_order_they_were_made(
    reception, a_thousand_complete_requests_due_on_one_day
):
    page = list(support_request_queue(user=reception, queue=Queue.TO_REFER)[:25])

    assert {request.due_date for request in page} == {a_thousand_complete_requests_due_on_one_day}
    assert [request.pk for request in page] == sorted(request.pk for request in page)
