"""A compensation file cannot be approved until the conditions of the policy hold (R20)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from factories.complaints import AnonymousComplaintFactory, in_status

from complaints import services
from complaints.models import CompensationStatus, ComplaintStatus
from policies.errors import DomainError
from policies.roles import Role

pytestmark = pytest.mark.django_db

MINUTES = {
    "harm_caused_by_association": True,
    "minutes_date": date(2026, 11, 18),
    "minutes_approved_by_members": True,
    "harm_size": "تأخر صرف إعانة شهرين",
    "harm_causes": "خطأ في إدخال رقم الحساب البنكي",
    "negotiation_notes": "اتفق مع المستفيد على تعويض يعادل قيمة الإعانة المتأخرة",
    "agreed_amount": Decimal("1500.00"),
}


@pytest.fixture
def compensation(officer, frozen_today):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, assigned_to=officer)
    return services.compensation_open(actor=officer, complaint=complaint)


def test_a_file_with_every_condition_is_approved_by_management(compensation, officer, manager):
    services.compensation_update(actor=officer, compensation=compensation, data=MINUTES)
    approved = services.compensation_approve(actor=manager, compensation=compensation)
    assert approved.status == CompensationStatus.APPROVED
    assert approved.approved_by == manager


@pytest.mark.parametrize(
    "missing",
    [
        {"harm_caused_by_association": False},
        {"minutes_approved_by_members": False},
        {"minutes_date": None},
        {"harm_size": ""},
        {"harm_causes": ""},
        {"negotiation_notes": ""},
        {"agreed_amount": None},
    ],
)
def test_a_missing_condition_blocks_the_approval(compensation, officer, manager, missing):
    services.compensation_update(actor=officer, compensation=compensation, data={**MINUTES, **missing})
    with pytest.raises(DomainError):
        services.compensation_approve(actor=manager, compensation=compensation)
    compensation.refresh_from_db()
    assert compensation.status == CompensationStatus.OPEN


def test_a_judicial_ruling_stands_in_for_the_minutes(compensation, officer, manager):
    data = {
        **MINUTES,
        "minutes_date": None,
        "minutes_approved_by_members": False,
        "ruling_reference": "4512/ق",
        "ruling_date": date(2026, 11, 1),
        "ruling_authority": "المحكمة العامة بالرياض",
    }
    services.compensation_update(actor=officer, compensation=compensation, data=data)
    assert services.compensation_approve(actor=manager, compensation=compensation).status == CompensationStatus.APPROVED


def test_the_officer_cannot_approve_a_compensation(compensation, officer):
    services.compensation_update(actor=officer, compensation=compensation, data=MINUTES)
    with pytest.raises(DomainError):
        services.compensation_approve(actor=officer, compensation=compensation)


def test_the_database_refuses_an_approval_without_its_conditions(compensation):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    compensation.status = CompensationStatus.APPROVED
    compensation.approved_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        compensation.save()


def test_payment_is_recorded_only_after_approval(compensation, officer, manager):
    with pytest.raises(DomainError):
        services.compensation_record_payment(
            actor=officer, compensation=compensation, paid_on=date(2026, 11, 22), payment_reference="TRX-1"
        )
    services.compensation_update(actor=officer, compensation=compensation, data=MINUTES)
    services.compensation_approve(actor=manager, compensation=compensation)
    paid = services.compensation_record_payment(
        actor=officer, compensation=compensation, paid_on=date(2026, 11, 22), payment_reference="TRX-1"
    )
    assert paid.status == CompensationStatus.PAID


def test_an_approved_file_cannot_be_changed(compensation, officer, manager):
    services.compensation_update(actor=officer, compensation=compensation, data=MINUTES)
    services.compensation_approve(actor=manager, compensation=compensation)
    with pytest.raises(DomainError):
        services.compensation_update(actor=officer, compensation=compensation, data={"agreed_amount": Decimal(9000)})


def test_minutes_dated_in_the_future_are_refused(compensation, officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.compensation_update(actor=officer, compensation=compensation, data={"minutes_date": date(2027, 1, 1)})
    assert "minutes_date" in error.value.message_dict


def test_an_anonymous_complainant_has_no_compensation_file(officer):
    with pytest.raises(DomainError):
        services.compensation_open(actor=officer, complaint=AnonymousComplaintFactory())


def test_the_compensation_page_lists_what_is_still_missing(client, compensation, officer, page_shows):
    from django.utils.translation import gettext_lazy as _

    client.force_login(officer)
    response = client.get(reverse("complaints:compensation", args=[compensation.complaint_id]))
    assert page_shows(response, _("Record the agreed amount."))


def test_a_bad_amount_on_the_compensation_form_is_explained_and_kept(client, compensation, officer):
    client.force_login(officer)
    response = client.post(
        reverse("complaints:compensation", args=[compensation.complaint_id]),
        {"step": "save", "agreed_amount": "-5", "harm_size": "ضرر موصوف"},
    )
    assert response.status_code == 400
    assert "ضرر موصوف" in response.content.decode()
    compensation.refresh_from_db()
    assert compensation.harm_size == ""


def test_the_compensation_page_of_a_sensitive_complaint_is_hidden_from_other_officers(
    client, make_user, sensitive_category
):
    complaint = in_status(ComplaintStatus.UNDER_INVESTIGATION, category=sensitive_category)
    client.force_login(make_user(Role.COMPLAINTS_OFFICER))
    assert client.get(reverse("complaints:compensation", args=[complaint.pk])).status_code == 404
