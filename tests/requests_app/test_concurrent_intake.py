"""Fifty reception desks completing intake at the same moment on PostgreSQL: every request gets its
own reference number and the right answer-due date (R11), nobody gets an error."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone
from factories import BeneficiaryFactory, ServiceTypeFactory, UserFactory
from factories.requests import signature_data_url

from policies.choices import Channel
from policies.roles import Role
from policies.selectors import policy_parameters, response_due_date
from requests_app.models import DeclarationMethod, RequestStatus, SupportRequest
from requests_app.services import (
    VERIFICATION_FACTS,
    declaration_sign,
    support_request_create,
    support_request_verify,
)
from requests_app.workflow import support_request_transition

DESKS = 50


def _complete_intake(actor, beneficiary, service, signature):
    request = support_request_create(
        actor=actor, beneficiary=beneficiary, service_type=service, channel=Channel.IN_PERSON
    )
    support_request_verify(actor=actor, request=request, confirmed_facts=list(VERIFICATION_FACTS))
    declaration_sign(actor=actor, request=request, method=DeclarationMethod.SIGNATURE_PAD, signature_data_url=signature)
    return support_request_transition(actor=actor, request=request, to_status=RequestStatus.COMPLETE)


@pytest.mark.postgres_only
def test_fifty_concurrent_intake_completions_get_distinct_numbers_and_correct_due_dates(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    from django.contrib.auth.models import Group

    # An earlier transactional test may have emptied the role groups.
    group, _created = Group.objects.get_or_create(name=Role.RECEPTION)
    desks = [UserFactory() for _ in range(DESKS)]
    for desk in desks:
        desk.groups.add(group)
    service = ServiceTypeFactory()
    beneficiaries = [BeneficiaryFactory() for _ in range(DESKS)]
    signature = signature_data_url()
    barrier = threading.Barrier(DESKS)
    done: list[SupportRequest] = []
    errors: list[BaseException] = []

    def desk_work(actor, beneficiary):
        try:
            barrier.wait(timeout=60)
            done.append(_complete_intake(actor, beneficiary, service, signature))
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk_work, args=pair) for pair in zip(desks, beneficiaries, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not errors, errors[:3]
    stored = list(SupportRequest.objects.all())
    assert len(stored) == DESKS
    numbers = sorted(r.reference_number for r in stored)
    assert len(set(numbers)) == DESKS
    year = numbers[0].split("-")[0]
    assert numbers == [f"{year}-{n:06d}" for n in range(1, DESKS + 1)]
    assert len({r.tracking_code for r in stored}) == DESKS
    parameters = policy_parameters()
    for request in stored:
        assert request.status == RequestStatus.COMPLETE
        completed_on = timezone.localdate(request.completed_at)
        assert request.due_date == response_due_date(completed_on=completed_on, parameters=parameters)
        assert request.due_date > completed_on + timedelta(days=parameters.response_deadline_working_days - 1)
