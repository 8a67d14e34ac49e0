"""A change in a beneficiary's situation is received by one staff member and decided by another (R4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import ChangeRequestFactory

from beneficiaries import services
from beneficiaries.models import ChangeRequest, ChangeRequestStatus
from policies.errors import DomainError


@pytest.fixture
def reported(client, reception, beneficiary):
    """Reception records, through the page, that the beneficiary is now widowed with an income of 500."""
    client.force_login(reception)
    response = client.post(
        reverse("beneficiaries:change_request_create", args=[beneficiary.pk]),
        {
            "description": "توفي الزوج وانقطع الدخل",
            "marital_status": "widowed",
            "monthly_income": "500",
            "monthly_expenses": str(beneficiary.monthly_expenses),
            "health_status": beneficiary.health_status,
            "health_notes": "",
        },
    )
    assert response.status_code == 302
    client.logout()
    return ChangeRequest.objects.get()


def decide(client, user, change_request, **data):
    client.force_login(user)
    return client.post(reverse("beneficiaries:change_request_decide", args=[change_request.pk]), data)


def test_recording_a_change_does_not_touch_the_record_yet(reported, beneficiary):
    beneficiary.refresh_from_db()
    assert beneficiary.marital_status == "married"
    assert beneficiary.monthly_income == Decimal("3000.00")
    assert reported.status == ChangeRequestStatus.PENDING


def test_only_the_values_that_differ_are_proposed(reported):
    assert reported.proposed_changes == {"marital_status": "widowed", "monthly_income": "500"}


def test_a_change_request_identical_to_the_record_is_refused(client, reception, beneficiary, page_shows):
    client.force_login(reception)
    response = client.post(
        reverse("beneficiaries:change_request_create", args=[beneficiary.pk]),
        {
            "description": "لا جديد",
            "marital_status": beneficiary.marital_status,
            "monthly_income": "3000",
            "monthly_expenses": "2500.00",
            "health_status": beneficiary.health_status,
            "health_notes": "",
        },
    )
    assert response.status_code == 200
    assert page_shows(response, _("Nothing differs from the record; change at least one value."))
    assert not ChangeRequest.objects.exists()


def test_the_staff_member_who_received_the_change_cannot_open_it_for_decision(client, reception, reported):
    client.force_login(reception)
    response = client.get(reverse("beneficiaries:change_request_decide", args=[reported.pk]))
    assert response.status_code == 404


def test_the_staff_member_who_received_the_change_cannot_approve_it(client, reception, reported, beneficiary):
    response = decide(client, reception, reported, decision="approve", note="")
    assert response.status_code == 404
    beneficiary.refresh_from_db()
    assert beneficiary.marital_status == "married"
    reported.refresh_from_db()
    assert reported.status == ChangeRequestStatus.PENDING


def test_approving_ones_own_change_is_refused_with_an_explanation(reception, reported):
    with pytest.raises(DomainError) as refused:
        services.change_request_approve(actor=reception, change_request=reported)
    assert refused.value.message == str(_("A second staff member must decide on a change you received yourself."))


def test_the_database_refuses_a_decision_by_the_receiver(reception, reported):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    reported.status = ChangeRequestStatus.APPROVED
    reported.decided_by = reception
    reported.decided_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        reported.save()


def test_the_change_does_not_wait_in_the_receivers_own_queue(client, reception, reported):
    client.force_login(reception)
    response = client.get(reverse("beneficiaries:change_requests"))
    assert reverse("beneficiaries:change_request_decide", args=[reported.pk]) not in response.content.decode()


def test_the_change_waits_in_a_colleagues_queue(client, reception_colleague, reported):
    client.force_login(reception_colleague)
    response = client.get(reverse("beneficiaries:change_requests"))
    assert reverse("beneficiaries:change_request_decide", args=[reported.pk]) in response.content.decode()


def test_a_second_staff_member_approving_updates_the_record(client, reception_colleague, reported, beneficiary):
    response = decide(client, reception_colleague, reported, decision="approve", note="")
    assert response.status_code == 302
    beneficiary.refresh_from_db()
    assert beneficiary.marital_status == "widowed"
    assert beneficiary.monthly_income == Decimal("500")


def test_an_approved_change_is_recorded_with_the_approver(client, reception_colleague, reported):
    decide(client, reception_colleague, reported, decision="approve", note="اطلعت على شهادة الوفاة")
    reported.refresh_from_db()
    assert reported.status == ChangeRequestStatus.APPROVED
    assert reported.decided_by == reception_colleague
    assert reported.decision_note == "اطلعت على شهادة الوفاة"


def test_an_approved_change_adds_a_history_row_by_the_approver(client, reception_colleague, reported, beneficiary):
    decide(client, reception_colleague, reported, decision="approve", note="")
    latest = beneficiary.history.latest()
    assert latest.history_user == reception_colleague
    assert latest.marital_status == "widowed"
    assert latest.monthly_income == Decimal("500")


def test_an_approval_counts_as_verifying_the_data(client, reception_colleague, reported, beneficiary):
    decide(client, reception_colleague, reported, decision="approve", note="")
    beneficiary.refresh_from_db()
    assert beneficiary.verified_by == reception_colleague


def test_the_record_page_shows_the_approved_change_in_the_history(client, reception_colleague, reported, beneficiary):
    decide(client, reception_colleague, reported, decision="approve", note="")
    html = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).content.decode()
    history = html[html.index('id="history"') :]
    assert "فهد الشمري" in history
    assert "<del>3000.00</del>" in history
    assert "<ins>500.00</ins>" in history


def test_a_manager_may_approve_a_change(client, manager, reported, beneficiary):
    response = decide(client, manager, reported, decision="approve", note="")
    assert response.status_code == 302
    beneficiary.refresh_from_db()
    assert beneficiary.marital_status == "widowed"


def test_a_rejection_without_a_reason_is_refused(client, reception_colleague, reported, page_shows):
    response = decide(client, reception_colleague, reported, decision="reject", note="   ")
    assert response.status_code == 200
    assert page_shows(response, _("Give the reason for rejecting the change."))
    reported.refresh_from_db()
    assert reported.status == ChangeRequestStatus.PENDING


def test_a_rejection_with_a_reason_is_recorded_and_leaves_the_record_as_it_was(
    client, reception_colleague, reported, beneficiary
):
    response = decide(client, reception_colleague, reported, decision="reject", note="لم تُقدّم شهادة الوفاة")
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == ChangeRequestStatus.REJECTED
    assert reported.decision_note == "لم تُقدّم شهادة الوفاة"
    beneficiary.refresh_from_db()
    assert beneficiary.marital_status == "married"


def test_a_decided_change_cannot_be_decided_again(reception_colleague, manager, reported):
    services.change_request_reject(actor=reception_colleague, change_request=reported, note="ناقص")
    with pytest.raises(DomainError):
        services.change_request_approve(actor=manager, change_request=reported)


def test_a_decided_change_no_longer_opens_for_decision(client, reception_colleague, manager, reported):
    services.change_request_reject(actor=reception_colleague, change_request=reported, note="ناقص")
    client.force_login(manager)
    assert client.get(reverse("beneficiaries:change_request_decide", args=[reported.pk])).status_code == 404


def test_the_evidence_must_belong_to_the_same_beneficiary(reception, beneficiary, category):
    from factories import BeneficiaryFactory, DocumentFactory

    someone_elses = DocumentFactory(beneficiary=BeneficiaryFactory(category=category))
    with pytest.raises(DomainError):
        services.change_request_submit(
            actor=reception,
            beneficiary=beneficiary,
            description="—",
            proposed_changes={"marital_status": "widowed"},
            evidence=someone_elses,
        )


def test_a_rejection_needs_a_reason_in_the_service_too(reception_colleague, beneficiary, reception):
    change = ChangeRequestFactory(beneficiary=beneficiary, received_by=reception)
    with pytest.raises(ValidationError) as refused:
        services.change_request_reject(actor=reception_colleague, change_request=change, note="")
    assert "note" in refused.value.message_dict
