"""Inquiries: logged at the desk, answered there or referred to a social researcher who answers them (R3, R18)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import InquiryFactory, ReferredInquiryFactory

from beneficiaries.models import InquiryStatus, Interaction


@pytest.fixture
def inquiry(beneficiary, reception):
    return InquiryFactory(beneficiary=beneficiary, recorded_by=reception, subject="موعد صرف المساعدة الشهرية")


@pytest.fixture
def other_researcher(make_user):
    return make_user("social_researcher", first_name="سعاد", last_name="الحارثي")


def refer(client, user, inquiry, researcher):
    client.force_login(user)
    return client.post(
        reverse("beneficiaries:inquiry_answer", args=[inquiry.pk]), {"action": "refer", "researcher": researcher.pk}
    )


def answer(client, user, inquiry, text):
    client.force_login(user)
    return client.post(reverse("beneficiaries:inquiry_answer", args=[inquiry.pk]), {"action": "answer", "answer": text})


def test_reception_logs_an_inquiry_that_then_awaits_an_answer(client, reception, beneficiary):
    client.force_login(reception)
    response = client.post(
        reverse("beneficiaries:interaction_create", args=[beneficiary.pk]),
        {
            "direction": "inbound",
            "channel": "phone",
            "subject": "سؤال عن المستندات المطلوبة",
            "summary": "سألت المستفيدة عن المستندات المطلوبة لطلب الإيجار.",
            "is_inquiry": "on",
        },
    )
    assert response.status_code == 302
    logged = Interaction.objects.get()
    assert logged.inquiry_status == InquiryStatus.OPEN
    assert logged.recorded_by == reception


def test_an_open_inquiry_waits_in_the_reception_queue(client, reception, inquiry):
    client.force_login(reception)
    assert inquiry.subject in client.get(reverse("beneficiaries:inquiries")).content.decode()


def test_reception_refers_an_inquiry_to_a_social_researcher(client, reception, inquiry, researcher):
    response = refer(client, reception, inquiry, researcher)
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.inquiry_status == InquiryStatus.REFERRED
    assert inquiry.referred_to == researcher


def test_the_contact_officer_of_the_category_may_refer_an_inquiry(client, contact_officer, inquiry, researcher):
    assert refer(client, contact_officer, inquiry, researcher).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.referred_to == researcher


def test_an_inquiry_cannot_be_referred_to_someone_who_is_not_a_researcher(
    client, reception, reception_colleague, inquiry
):
    response = refer(client, reception, inquiry, reception_colleague)
    assert response.status_code == 200
    inquiry.refresh_from_db()
    assert inquiry.inquiry_status == InquiryStatus.OPEN


def test_the_referred_inquiry_appears_in_the_researchers_queue(client, reception, inquiry, researcher):
    refer(client, reception, inquiry, researcher)
    client.force_login(researcher)
    html = client.get(reverse("beneficiaries:inquiries")).content.decode()
    assert inquiry.subject in html
    assert reverse("beneficiaries:inquiry_answer", args=[inquiry.pk]) in html


def test_the_researcher_can_open_the_referred_inquiry(client, reception, inquiry, researcher):
    refer(client, reception, inquiry, researcher)
    client.force_login(researcher)
    response = client.get(reverse("beneficiaries:inquiry_answer", args=[inquiry.pk]))
    assert response.status_code == 200
    assert inquiry.summary in response.content.decode()


def test_the_researcher_answers_and_returns_to_the_queue(client, reception, inquiry, researcher, page_shows):
    refer(client, reception, inquiry, researcher)
    response = answer(client, researcher, inquiry, "يُصرف الدعم في الأسبوع الأول من كل شهر.")
    assert response.status_code == 302
    assert response.url == reverse("beneficiaries:inquiries")
    assert page_shows(client.get(response.url), _("The answer is recorded."))


def test_the_researchers_answer_is_recorded_with_their_name(client, reception, inquiry, researcher):
    refer(client, reception, inquiry, researcher)
    answer(client, researcher, inquiry, "يُصرف الدعم في الأسبوع الأول من كل شهر.")
    inquiry.refresh_from_db()
    assert inquiry.inquiry_status == InquiryStatus.ANSWERED
    assert inquiry.answered_by == researcher
    assert inquiry.answer == "يُصرف الدعم في الأسبوع الأول من كل شهر."
    assert inquiry.answered_at is not None


def test_an_answered_inquiry_leaves_the_researchers_queue(client, reception, inquiry, researcher):
    refer(client, reception, inquiry, researcher)
    answer(client, researcher, inquiry, "أُجيب هاتفيًا.")
    html = client.get(reverse("beneficiaries:inquiries")).content.decode()
    assert inquiry.subject not in html


def test_an_empty_answer_is_refused(client, reception, inquiry, researcher):
    refer(client, reception, inquiry, researcher)
    response = answer(client, researcher, inquiry, "   ")
    assert response.status_code == 200
    inquiry.refresh_from_db()
    assert inquiry.inquiry_status == InquiryStatus.REFERRED


def test_an_answered_inquiry_cannot_be_answered_again(client, reception, inquiry, page_shows):
    answer(client, reception, inquiry, "الجواب الأول")
    response = answer(client, reception, inquiry, "جواب ثانٍ")
    assert response.status_code == 200
    assert page_shows(response, _("This inquiry has already been answered."))
    inquiry.refresh_from_db()
    assert inquiry.answer == "الجواب الأول"


def test_a_researcher_does_not_see_an_inquiry_referred_to_someone_else_in_their_queue(
    client, beneficiary, other_researcher
):
    theirs = ReferredInquiryFactory(beneficiary=beneficiary, subject="سؤال محال لغيري")
    client.force_login(other_researcher)
    assert theirs.subject not in client.get(reverse("beneficiaries:inquiries")).content.decode()


def test_a_researcher_cannot_open_an_inquiry_referred_to_someone_else(client, beneficiary, other_researcher):
    theirs = ReferredInquiryFactory(beneficiary=beneficiary)
    client.force_login(other_researcher)
    assert client.get(reverse("beneficiaries:inquiry_answer", args=[theirs.pk])).status_code == 404


def test_a_researcher_cannot_answer_an_inquiry_referred_to_someone_else(client, beneficiary, other_researcher):
    theirs = ReferredInquiryFactory(beneficiary=beneficiary)
    response = answer(client, other_researcher, theirs, "محاولة")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.inquiry_status == InquiryStatus.REFERRED


def test_a_researcher_cannot_open_the_record_of_a_beneficiary_referred_to_someone_else(
    client, beneficiary, other_researcher
):
    ReferredInquiryFactory(beneficiary=beneficiary)
    client.force_login(other_researcher)
    assert client.get(reverse("beneficiaries:detail", args=[beneficiary.pk])).status_code == 404


def test_a_researcher_cannot_refer_an_inquiry_onwards(client, reception, inquiry, researcher, other_researcher):
    refer(client, reception, inquiry, researcher)
    response = refer(client, researcher, inquiry, other_researcher)
    assert response.status_code == 403
    inquiry.refresh_from_db()
    assert inquiry.referred_to == researcher


def test_an_interaction_that_is_not_an_inquiry_has_no_answer_page(client, reception, beneficiary):
    from factories import InteractionFactory

    note = InteractionFactory(beneficiary=beneficiary)
    client.force_login(reception)
    assert client.get(reverse("beneficiaries:inquiry_answer", args=[note.pk])).status_code == 404
