"""Answers linked to a person follow the registry's consent record (PDPL)."""

from django.urls import reverse

from beneficiaries.privacy import beneficiary_anonymise
from beneficiaries.privacy_models import Consent, ConsentPurpose, ConsentStatus
from beneficiaries.services import consent_grant, consent_withdraw
from policies.choices import Channel
from policies.roles import Role
from surveys.models import Answer, Response


def answer_with_consent(client, invitation, good_answers):
    client.post(
        reverse("public_surveys:answer", kwargs={"token": invitation.token}),
        {**good_answers(), "consent_to_link": "on"},
    )


def test_agreeing_on_the_answer_page_is_recorded_in_the_persons_consents(client, invitation, good_answers, beneficiary):
    answer_with_consent(client, invitation, good_answers)

    consent = Consent.objects.get(beneficiary=beneficiary, purpose=ConsentPurpose.SURVEY_LINKED)
    assert consent.status == ConsentStatus.GRANTED
    assert consent.channel == Channel.WEBSITE


def test_answering_without_the_tick_records_no_consent(client, invitation, good_answers, beneficiary):
    client.post(reverse("public_surveys:answer", kwargs={"token": invitation.token}), good_answers())

    assert not Consent.objects.filter(beneficiary=beneficiary).exists()


def test_withdrawing_the_consent_unlinks_the_answers_but_keeps_them_for_the_figures(
    client, invitation, good_answers, beneficiary, reception
):
    answer_with_consent(client, invitation, good_answers)
    answers_given = Answer.objects.count()

    consent_withdraw(actor=reception, beneficiary=beneficiary, purpose=ConsentPurpose.SURVEY_LINKED, channel="phone")

    response = Response.objects.get()
    assert (response.beneficiary, response.invitation, response.consent_to_link) == (None, None, False)
    assert answers_given > 0
    assert Answer.objects.filter(response=response).count() == answers_given


def test_withdrawing_another_consent_leaves_the_answers_linked(
    client, invitation, good_answers, beneficiary, reception
):
    answer_with_consent(client, invitation, good_answers)
    consent_grant(actor=reception, beneficiary=beneficiary, purpose=ConsentPurpose.CONTACT, channel="phone")

    consent_withdraw(actor=reception, beneficiary=beneficiary, purpose=ConsentPurpose.CONTACT, channel="phone")

    assert Response.objects.get().beneficiary == beneficiary


def test_anonymising_the_record_unlinks_the_answers_and_blanks_what_the_person_wrote(
    client, invitation, good_answers, beneficiary, make_user
):
    answer_with_consent(client, invitation, good_answers)
    assert Answer.objects.exclude(text="").exists()

    beneficiary_anonymise(actor=make_user(Role.MANAGER), beneficiary=beneficiary, reason="erasure request")

    assert Response.objects.get().beneficiary is None
    assert not Answer.objects.exclude(text="").exists()
