"""Two staff editing the same record: the second save is refused instead of silently overwriting."""

import pytest
from django.urls import reverse

from beneficiaries import services
from beneficiaries.services import CONCURRENT_EDIT_MESSAGE, ConcurrentEditError


@pytest.fixture
def opened(beneficiary, edit_form):
    """The edit form as two desks loaded it before either saved."""
    return edit_form(beneficiary)


def test_the_second_save_of_a_record_opened_at_the_same_time_is_refused(
    client, reception, reception_colleague, beneficiary, opened, page_shows
):
    client.force_login(reception)
    client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), {**opened, "city": "جدة"})
    client.force_login(reception_colleague)
    response = client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), {**opened, "city": "الدمام"})
    assert response.status_code == 200
    assert page_shows(response, CONCURRENT_EDIT_MESSAGE)
    beneficiary.refresh_from_db()
    assert beneficiary.city == "جدة"


def test_the_refused_form_keeps_what_the_second_person_typed(
    client, reception, reception_colleague, beneficiary, opened
):
    client.force_login(reception)
    client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), {**opened, "city": "جدة"})
    client.force_login(reception_colleague)
    response = client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), {**opened, "city": "الدمام"})
    assert response.context["form"]["city"].value() == "الدمام"


def test_saving_again_after_the_refusal_overwrites_knowingly(
    client, reception, reception_colleague, beneficiary, opened
):
    client.force_login(reception)
    client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), {**opened, "city": "جدة"})
    client.force_login(reception_colleague)
    refused = client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), {**opened, "city": "الدمام"})
    resubmitted = {**opened, "city": "الدمام", "version": refused.context["form"]["version"].value()}
    response = client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), resubmitted)
    assert response.status_code == 302
    beneficiary.refresh_from_db()
    assert beneficiary.city == "الدمام"


def test_a_verification_in_between_also_refuses_the_stale_form(
    client, reception, reception_colleague, beneficiary, opened
):
    client.force_login(reception)
    client.post(reverse("beneficiaries:verify", args=[beneficiary.pk]))
    client.force_login(reception_colleague)
    response = client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), {**opened, "city": "الدمام"})
    assert response.status_code == 200
    beneficiary.refresh_from_db()
    assert beneficiary.city != "الدمام"


def test_the_update_service_refuses_a_stale_version(reception, beneficiary):
    version = beneficiary.version
    services.beneficiary_update(
        actor=reception, beneficiary=beneficiary, data={"city": "جدة"}, expected_version=version
    )
    with pytest.raises(ConcurrentEditError) as refused:
        services.beneficiary_update(
            actor=reception, beneficiary=beneficiary, data={"city": "أبها"}, expected_version=version
        )
    assert refused.value.current_version == version + 1


def test_every_save_moves_the_version_on(reception, beneficiary):
    start = beneficiary.version
    services.beneficiary_update(actor=reception, beneficiary=beneficiary, data={"city": "جدة"})
    services.beneficiary_verify(actor=reception, beneficiary=beneficiary)
    beneficiary.refresh_from_db()
    assert beneficiary.version == start + 2


def test_an_edit_form_without_its_version_asks_to_reload(client, reception, beneficiary, opened):
    client.force_login(reception)
    data = {**opened, "city": "جدة"}
    data.pop("version")
    response = client.post(reverse("beneficiaries:edit", args=[beneficiary.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    beneficiary.refresh_from_db()
    assert beneficiary.city != "جدة"
