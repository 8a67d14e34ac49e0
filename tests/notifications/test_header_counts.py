"""The header's numbers: a person's unread notices and reception's open letters and calls."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from factories.notifications import StaffTaskFactory

from notifications.models import StaffTaskStatus
from notifications.selectors import staff_header_counts
from notifications.services import staff_notification_create

pytestmark = pytest.mark.django_db


def test_only_the_persons_own_unread_notices_are_counted(researcher, reception):
    staff_notification_create(user=researcher, title="أُسند إليك الطلب REQ-2026-0042")
    read = staff_notification_create(user=researcher, title="قُرئ")
    read.read_at = read.created_at
    read.save(update_fields=["read_at"])
    staff_notification_create(user=reception, title="ليس لك")

    assert staff_header_counts(user=researcher, with_open_tasks=False) == (1, None)


def test_open_letters_and_calls_are_counted_and_done_ones_are_not(reception, beneficiary):
    StaffTaskFactory(message__recipient=beneficiary)
    StaffTaskFactory(message__recipient=beneficiary)
    StaffTaskFactory(
        message__recipient=beneficiary, status=StaffTaskStatus.DONE, completed_at=timezone.now(), completed_by=reception
    )

    assert staff_header_counts(user=reception, with_open_tasks=True) == (0, 2)


def test_both_header_numbers_cost_one_query(reception):
    with CaptureQueriesContext(connection) as queries:
        staff_header_counts(user=reception, with_open_tasks=True)

    assert len(queries) == 1


def test_reception_sees_the_number_of_open_letters_and_calls_in_the_header(client, reception, beneficiary):
    for _ in range(3):
        StaffTaskFactory(message__recipient=beneficiary)
    client.force_login(reception)

    html = client.get(reverse("home")).content.decode()
    link = html[html.index('id="staff-task-link"') :]
    assert ">3<" in link[: link.index("</a>")]
