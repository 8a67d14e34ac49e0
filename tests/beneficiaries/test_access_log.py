"""Who opened which beneficiary's record and documents is logged, and managers can read the log (R30, PDPL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from factories import BeneficiaryFactory, DocumentFactory

from beneficiaries.models import BeneficiaryAccessLog
from beneficiaries.services import access_log_record


def test_opening_a_beneficiary_record_logs_who_opened_it(client, reception, beneficiary):
    client.force_login(reception)
    client.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    entry = BeneficiaryAccessLog.objects.get()
    assert (entry.user, entry.beneficiary, entry.action) == (reception, beneficiary, "view")


def test_downloading_a_document_logs_the_document(client, manager, beneficiary):
    document = DocumentFactory(beneficiary=beneficiary)
    client.force_login(manager)
    response = client.get(reverse("beneficiaries:document_download", args=[document.pk]))
    # Read the file as a browser would; the test client then closes the response without
    # closing the test's database connection (closing an unread stream would, on PostgreSQL).
    assert b"".join(response.streaming_content)
    entry = BeneficiaryAccessLog.objects.get()
    assert (entry.user, entry.action) == (manager, "document")
    assert f"#{document.pk}" in entry.detail


def test_a_refused_opening_is_not_logged_as_an_access(client, other_contact_officer, beneficiary):
    client.force_login(other_contact_officer)
    assert client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).status_code == 404
    assert not BeneficiaryAccessLog.objects.exists()


def test_other_apps_log_exports_and_case_files_through_the_service(manager, beneficiary):
    access_log_record(user=manager, beneficiary=beneficiary, action="export", detail="JSON")
    access_log_record(user=manager, beneficiary=beneficiary, action="case_file")
    assert list(BeneficiaryAccessLog.objects.order_by("pk").values_list("action", "detail")) == [
        ("export", "JSON"),
        ("case_file", ""),
    ]


def test_an_unknown_action_is_refused(manager, beneficiary):
    with pytest.raises(ValueError):
        access_log_record(user=manager, beneficiary=beneficiary, action="peek")


def test_logging_the_opening_keeps_the_detail_page_query_count_fixed(
    client, reception, beneficiary, django_assert_max_num_queries
):
    client.force_login(reception)
    url = reverse("beneficiaries:detail", args=[beneficiary.pk])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for _ in range(5):
        DocumentFactory(beneficiary=beneficiary)
    access_log_record(user=reception, beneficiary=beneficiary, action="view")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_a_manager_sees_who_opened_a_record_on_the_access_log_page(client, manager, reception, beneficiary):
    access_log_record(user=reception, beneficiary=beneficiary, action="view")
    client.force_login(manager)
    response = client.get(reverse("beneficiaries:access_log"), {"beneficiary": beneficiary.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert reception.get_full_name() in page
    assert beneficiary.full_name in page


def test_the_access_log_filters_by_beneficiary(client, manager, reception, beneficiary, category):
    other = BeneficiaryFactory(category=category, first_name="سلمان", family_name="الغامدي")
    access_log_record(user=reception, beneficiary=other, action="view")
    client.force_login(manager)
    response = client.get(reverse("beneficiaries:access_log"), {"beneficiary": beneficiary.pk})
    assert other.full_name not in response.content.decode()


def _log_rows(reception, people, count):
    BeneficiaryAccessLog.objects.bulk_create(
        BeneficiaryAccessLog(user=reception, beneficiary=people[i % len(people)], action="view") for i in range(count)
    )


def test_the_access_log_page_runs_the_same_queries_for_10_and_100_rows(client, manager, reception, category):
    people = BeneficiaryFactory.create_batch(5, category=category)
    _log_rows(reception, people, 10)
    client.force_login(manager)
    url = reverse("beneficiaries:access_log") + "?per_page=100"
    client.get(url)
    with CaptureQueriesContext(connection) as ten:
        client.get(url)
    _log_rows(reception, people, 90)
    with CaptureQueriesContext(connection) as hundred:
        response = client.get(url)
    assert response.content.decode().count("<tr>") >= 51  # header + a full page of 50
    assert len(hundred.captured_queries) == len(ten.captured_queries)


def test_reception_cannot_open_the_access_log(client, reception):
    client.force_login(reception)
    assert client.get(reverse("beneficiaries:access_log")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in_from_the_access_log(client):
    response = client.get(reverse("beneficiaries:access_log"))
    assert response.status_code == 302
    assert "login" in response["Location"]
