"""What a beneficiary agreed to, when and through which channel, and their withdrawal (PDPL)."""

import pytest
from django.urls import reverse

from beneficiaries.models import Beneficiary, Consent, ConsentPurpose, ConsentStatus
from beneficiaries.selectors import beneficiary_has_consent
from beneficiaries.services import consent_grant, consent_withdraw
from policies.errors import DomainError


def test_registration_records_the_consents_ticked_with_the_channel(client, reception, registration_form):
    client.force_login(reception)
    data = registration_form(consents=["services", "contact"], consent_channel="phone")
    response = client.post(reverse("beneficiaries:create"), data)
    assert response.status_code == 302
    beneficiary = Beneficiary.objects.get()
    consents = {c.purpose: c for c in beneficiary.consents.all()}
    assert set(consents) == {"services", "contact"}
    assert all(c.channel == "phone" and c.recorded_by == reception for c in consents.values())
    assert all(c.granted_at is not None for c in consents.values())


def test_registration_without_ticks_records_no_consent(client, reception, registration_form):
    client.force_login(reception)
    response = client.post(reverse("beneficiaries:create"), registration_form())
    assert response.status_code == 302
    assert Beneficiary.objects.exists()
    assert not Consent.objects.exists()


def test_the_registration_form_shows_the_consent_checkboxes(client, reception, page_shows):
    client.force_login(reception)
    response = client.get(reverse("beneficiaries:create"))
    assert page_shows(response, ConsentPurpose.SURVEY_LINKED.label)


def test_the_beneficiary_page_shows_what_the_person_agreed_to(client, reception, beneficiary, page_shows):
    consent_grant(actor=reception, beneficiary=beneficiary, purpose="services", channel="in_person")
    client.force_login(reception)
    response = client.get(reverse("beneficiaries:detail", args=[beneficiary.pk]))
    assert page_shows(response, ConsentPurpose.SERVICES.label)
    assert page_shows(response, ConsentStatus.GRANTED.label)


def test_unticking_on_the_consent_page_records_a_withdrawal_with_its_channel(client, reception, beneficiary):
    consent_grant(actor=reception, beneficiary=beneficiary, purpose="survey_linked", channel="in_person")
    client.force_login(reception)
    response = client.post(reverse("beneficiaries:consent_edit", args=[beneficiary.pk]), {"channel": "phone"})
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.status == ConsentStatus.WITHDRAWN
    assert consent.withdrawal_channel == "phone"
    assert consent.withdrawn_at is not None
    assert not beneficiary_has_consent(beneficiary=beneficiary, purpose="survey_linked")


def test_the_history_keeps_the_agreement_before_the_withdrawal(reception, beneficiary):
    consent_grant(actor=reception, beneficiary=beneficiary, purpose="contact", channel="in_person")
    consent_withdraw(actor=reception, beneficiary=beneficiary, purpose="contact", channel="letter")
    statuses = list(Consent.history.order_by("history_date", "history_id").values_list("status", "history_user"))
    assert statuses == [("granted", reception.pk), ("withdrawn", reception.pk)]


def test_agreeing_again_after_a_withdrawal_counts_from_the_new_date(reception, beneficiary):
    first = consent_grant(actor=reception, beneficiary=beneficiary, purpose="contact", channel="in_person")
    first_date = first.granted_at
    consent_withdraw(actor=reception, beneficiary=beneficiary, purpose="contact", channel="phone")
    again = consent_grant(actor=reception, beneficiary=beneficiary, purpose="contact", channel="email")
    assert again.pk == first.pk
    assert again.granted_at >= first_date
    assert again.withdrawn_at is None
    assert beneficiary_has_consent(beneficiary=beneficiary, purpose="contact")


def test_withdrawing_what_was_never_given_is_refused(reception, beneficiary):
    with pytest.raises(DomainError):
        consent_withdraw(actor=reception, beneficiary=beneficiary, purpose="services", channel="phone")


def test_a_manager_cannot_change_consent(client, manager, beneficiary):
    client.force_login(manager)
    assert client.get(reverse("beneficiaries:consent_edit", args=[beneficiary.pk])).status_code == 403


def test_an_unknown_channel_on_the_consent_page_is_an_error_on_the_form(client, reception, beneficiary):
    client.force_login(reception)
    response = client.post(
        reverse("beneficiaries:consent_edit", args=[beneficiary.pk]), {"purposes": ["services"], "channel": "pigeon"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["channel"]
    assert not Consent.objects.exists()


@pytest.fixture
def online_form(category):
    from factories import DocumentTypeFactory, ServiceTypeFactory
    from factories.public import pdf_upload, public_form_data

    family_card = DocumentTypeFactory()
    service = ServiceTypeFactory(required_documents=[family_card])

    def make(**overrides):
        return public_form_data(
            service_type=service,
            category=category,
            document_type_1=str(family_card.pk),
            document_file_1=pdf_upload(),
            **overrides,
        )

    return make


def test_the_public_request_form_records_the_consents_ticked_as_given_through_the_website(client, online_form):
    from django.core.cache import cache

    cache.clear()
    response = client.post(reverse("public_requests:apply"), online_form(consents=["services", "survey_linked"]))
    assert response.status_code == 302
    consents = Consent.objects.all()
    assert {c.purpose for c in consents} == {"services", "survey_linked"}
    assert {c.channel for c in consents} == {"website"}
    assert {c.recorded_by for c in consents} == {None}
