"""Reference numbers stay unique when several staff save at the same moment (PostgreSQL row lock)."""

import threading

import pytest
from django.db import connection, connections
from factories import BeneficiaryFactory, ServiceTypeFactory, UserFactory

from policies.choices import Channel
from policies.roles import Role
from requests_app.models import SupportRequest
from requests_app.services import support_request_create

WRITERS = 6


@pytest.mark.postgres_only
def test_reference_numbers_are_unique_when_staff_save_at_the_same_moment_on_postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    # No role: an earlier transactional test may have emptied the groups, and taking a request needs none.
    reception = UserFactory()
    service = ServiceTypeFactory()
    beneficiaries = [BeneficiaryFactory() for _ in range(WRITERS)]
    barrier = threading.Barrier(WRITERS)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def take(beneficiary):
        try:
            barrier.wait(timeout=10)
            request = support_request_create(
                actor=reception, beneficiary=beneficiary, service_type=service, channel=Channel.IN_PERSON
            )
            numbers.append(request.reference_number)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(b,)) for b in beneficiaries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(set(numbers)) == WRITERS
    year = numbers[0].split("-")[0]
    assert sorted(numbers) == [f"{year}-{n:06d}" for n in range(1, WRITERS + 1)]
    assert SupportRequest.objects.count() == WRITERS


def test_two_requests_in_one_year_never_share_a_number(db):
    service = ServiceTypeFactory()
    reception = UserFactory(role=Role.RECEPTION)
    made = [
        support_request_create(actor=reception, beneficiary=BeneficiaryFactory(), service_type=service, channel="phone")
        for _ in range(3)
    ]
    assert len({r.reference_number for r in made}) == 3
    assert len({r.tracking_code for r in made}) == 3
