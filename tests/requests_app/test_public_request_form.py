"""The public online request form (R16, R29): no login, conditions and duties first, one request per submission."""

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import BeneficiaryFactory, DocumentTypeFactory, ServiceTypeFactory, with_wrong_check_digit
from factories.public import APPLICANT_ID, oversized_pdf, pdf_upload, public_form_data, text_renamed_pdf

from beneficiaries.models import Beneficiary, BeneficiaryStatus, Document
from policies.choices import Channel
from policies.selectors import policy_parameters
from requests_app.models import RequestStatus, SupportRequest

pytestmark = pytest.mark.django_db

APPLY = reverse("public_requests:apply")
REQUIRED = _("This field is required.")


@pytest.fixture(autouse=True)
def fresh_attempt_counters():
    """The rate limits count in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def family_card(db):
    return DocumentTypeFactory()


@pytest.fixture
def rent_service(category, family_card):
    return ServiceTypeFactory(
        name="مساعدة إيجار",
        name_en="Rent assistance",
        eligibility_conditions="أن يكون المتقدم مقيماً في منطقة الرياض\nألا يملك المتقدم مسكناً",
        max_amount=Decimal("5000"),
        required_documents=[family_card],
    )


@pytest.fixture
def form_data(rent_service, category):
    def make(**overrides):
        return public_form_data(service_type=rent_service, category=category, **overrides)

    return make


def nothing_saved(stored_files) -> bool:
    return (
        not SupportRequest.objects.exists()
        and not Beneficiary.objects.filter(identity_number=APPLICANT_ID).exists()
        and not Document.objects.exists()
        and stored_files() == []
    )


def test_the_form_shows_each_services_conditions_and_documents_and_the_duties_before_applying(
    client, rent_service, family_card
):
    closed = ServiceTypeFactory(name="خدمة متوقفة", is_active=False)
    page = client.get(APPLY).content.decode()
    assert rent_service.name in page
    assert "ألا يملك المتقدم مسكناً" in page
    assert family_card.name in page
    for duty in policy_parameters().duties:
        assert duty in page
    assert closed.name not in page


def test_the_form_links_to_the_beneficiarys_rights_and_the_policies_before_applying(client, rent_service):
    page = client.get(APPLY).content.decode()
    assert f'href="{reverse("policies:public_index")}"' in page


def test_the_duties_are_shown_in_english_to_an_english_reader(client, rent_service):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(APPLY).content.decode()
    assert "Update your data with the association" in page


def test_a_new_applicant_gets_a_website_draft_and_a_tracking_code(client, form_data, stored_files):
    response = client.post(APPLY, form_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("public_requests:submitted")
    request = SupportRequest.objects.get()
    assert (request.status, request.channel, request.received_by) == (RequestStatus.DRAFT, Channel.WEBSITE, None)
    page = client.get(response["Location"]).content.decode()
    assert request.tracking_code in page


def test_a_new_applicant_is_registered_unverified_from_the_form(client, form_data):
    client.post(APPLY, form_data())
    person = Beneficiary.objects.get(identity_number=APPLICANT_ID)
    assert person.full_name == "سارة عبدالرحمن حمد العنزي"
    assert person.mobile == "+966551234567"
    assert (person.registered_by, person.verified_by, person.last_verified_at) == (None, None, None)
    assert SupportRequest.objects.get().beneficiary == person


def test_an_attached_document_is_stored_privately_on_the_applicants_record(
    client, form_data, family_card, stored_files
):
    client.post(APPLY, form_data(document_type_1=str(family_card.pk), document_file_1=pdf_upload()))
    document = Document.objects.get()
    assert document.beneficiary.identity_number == APPLICANT_ID
    assert (document.document_type, document.content_type, document.uploaded_by) == (
        family_card,
        "application/pdf",
        None,
    )
    assert stored_files() == [document.file.name]


def test_an_existing_beneficiary_gets_the_request_and_their_record_is_left_as_it_is(client, form_data, beneficiary):
    before = Beneficiary.objects.values().get(pk=beneficiary.pk)
    response = client.post(
        APPLY, form_data(identity_number=beneficiary.identity_number, first_name="منتحل", mobile="0599999999")
    )
    assert response.status_code == 302
    assert SupportRequest.objects.get().beneficiary == beneficiary
    assert Beneficiary.objects.values().get(pk=beneficiary.pk) == before
    assert Beneficiary.objects.count() == 1


def test_the_answer_never_reveals_that_an_identity_number_is_registered(client, form_data, beneficiary):
    response = client.post(APPLY, form_data(identity_number=beneficiary.identity_number), follow=True)
    page = response.content.decode()
    assert response.templates[0].name == "requests_app/public/submitted.html"
    for private in (beneficiary.first_name, beneficiary.family_name, beneficiary.mobile_display, "0501112233"):
        assert private not in page


def test_a_refusal_for_a_registered_person_is_the_same_general_message(client, form_data, beneficiary, page_shows):
    Beneficiary.objects.filter(pk=beneficiary.pk).update(status=BeneficiaryStatus.ARCHIVED)
    response = client.post(APPLY, form_data(identity_number=beneficiary.identity_number))
    assert response.status_code == 200
    assert page_shows(
        response,
        _("This request cannot be taken online. Please contact the association by phone or visit its office."),
    )
    assert beneficiary.first_name not in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_missing_fields_are_each_marked_and_nothing_is_saved(client, form_data, stored_files, page_shows):
    response = client.post(APPLY, form_data(first_name="", mobile="", need_description="", city=None))
    assert response.status_code == 200
    form = response.context["form"]
    assert {"first_name", "mobile", "need_description", "city"} <= set(form.errors)
    assert page_shows(response, REQUIRED)
    assert nothing_saved(stored_files)


def test_an_identity_number_with_a_wrong_check_digit_is_refused_and_what_was_typed_is_kept(
    client, form_data, stored_files, page_shows
):
    response = client.post(APPLY, form_data(identity_number=with_wrong_check_digit(APPLICANT_ID)))
    assert page_shows(
        response,
        _("This identity number is not valid: its check digit does not match. Check it against the card."),
    )
    page = response.content.decode()
    for typed in ('value="سارة"', 'value="العنزي"', 'value="0551234567"', "مساعدة في سداد إيجار المنزل"):
        assert typed in page
    assert with_wrong_check_digit(APPLICANT_ID) in page
    assert nothing_saved(stored_files)


def test_a_file_over_ten_megabytes_is_refused_and_nothing_is_saved(
    client, form_data, family_card, stored_files, page_shows
):
    response = client.post(
        APPLY,
        form_data(document_type_1=str(family_card.pk), document_file_1=oversized_pdf(settings.MAX_DOCUMENT_SIZE)),
    )
    assert response.status_code == 200
    assert page_shows(
        response, _("The file is %(size)s MB; the largest accepted is %(limit)s MB."), size="10.0", limit=10
    )
    assert page_shows(
        response, _("For your privacy, attached files are not kept when the form has an error: choose them again.")
    )
    assert nothing_saved(stored_files)


def test_a_text_file_renamed_pdf_is_refused_and_nothing_is_saved(
    client, form_data, family_card, stored_files, page_shows
):
    response = client.post(APPLY, form_data(document_type_1=str(family_card.pk), document_file_1=text_renamed_pdf()))
    assert page_shows(
        response, _("Only PDF, JPEG or PNG files are accepted; this file is something else, whatever its name.")
    )
    assert 'value="سارة"' in response.content.decode()
    assert nothing_saved(stored_files)


def test_a_good_file_beside_a_bad_one_is_not_kept_either(client, form_data, family_card, stored_files):
    client.post(
        APPLY,
        form_data(
            document_type_1=str(family_card.pk),
            document_file_1=pdf_upload(),
            document_type_2=str(family_card.pk),
            document_file_2=text_renamed_pdf(),
        ),
    )
    assert nothing_saved(stored_files)


def test_the_duties_must_be_acknowledged(client, form_data, stored_files, page_shows):
    response = client.post(APPLY, form_data(acknowledge_duties=None))
    assert page_shows(response, _("Confirm that you have read the duties to send the request."))
    assert nothing_saved(stored_files)


def test_an_amount_above_the_services_maximum_is_refused(client, form_data, stored_files, page_shows):
    response = client.post(APPLY, form_data(amount_requested="7000"))
    assert page_shows(response, _("This service gives at most %(amount)s SAR."), amount="5,000")
    assert nothing_saved(stored_files)


def test_a_category_the_service_does_not_serve_is_refused(
    client, form_data, rent_service, other_category, stored_files
):
    rent_service.categories.set([other_category])
    response = client.post(APPLY, form_data())
    assert "service_type" in response.context["form"].errors
    assert nothing_saved(stored_files)


def test_submitting_the_same_form_twice_creates_one_request(client, form_data, family_card, stored_files):
    data = form_data(document_type_1=str(family_card.pk))
    first = client.post(APPLY, {**data, "document_file_1": pdf_upload()})
    second = client.post(APPLY, {**data, "document_file_1": pdf_upload()})
    assert first.status_code == second.status_code == 302
    request = SupportRequest.objects.get()
    assert Beneficiary.objects.filter(identity_number=APPLICANT_ID).count() == 1
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1
    assert request.tracking_code in client.get(second["Location"]).content.decode()


def test_each_new_form_carries_a_new_submission_key(client, rent_service):
    first = client.get(APPLY).context["form"]["submission_key"].value()
    second = client.get(APPLY).context["form"]["submission_key"].value()
    assert first and second and first != second


def test_the_success_page_without_a_submission_goes_back_to_the_form(client):
    response = client.get(reverse("public_requests:submitted"))
    assert response.status_code == 302
    assert response["Location"] == APPLY


def test_too_many_submissions_from_one_address_are_refused(client, form_data, settings):
    settings.PUBLIC_APPLY_ATTEMPTS = 2
    for _attempt in range(2):
        client.post(APPLY, form_data(first_name=""))
    response = client.post(APPLY, form_data())
    assert response.status_code == 429
    assert not SupportRequest.objects.exists()


def test_the_complaint_link_shows_only_when_the_complaint_form_exists(client, rent_service):
    from django.urls import NoReverseMatch

    try:
        complaint_url = reverse("public_complaints:new")
    except NoReverseMatch:
        complaint_url = None
    page = client.get(APPLY).content.decode()
    if complaint_url:
        assert f'href="{complaint_url}"' in page
    else:
        assert "public_complaints" not in page


@pytest.mark.postgres_only
@pytest.mark.parametrize("registered", [False, True], ids=["new applicant", "registered applicant"])
def test_two_copies_of_one_post_arriving_together_make_one_request_on_postgresql(
    transactional_db, rent_service, category, family_card, stored_files, registered
):
    import threading
    import uuid

    from django.db import connection, connections

    from requests_app.services.online import OnlineAttachment, support_request_submit_online

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time; the race needs PostgreSQL")
    if registered:
        BeneficiaryFactory(identity_number=APPLICANT_ID, category=category)
    key = uuid.uuid4()
    applicant = {
        "identity_type": "national_id",
        "identity_number": APPLICANT_ID,
        "first_name": "سارة",
        "father_name": "عبدالرحمن",
        "grandfather_name": "حمد",
        "family_name": "العنزي",
        "gender": "female",
        "birth_date": date(1988, 2, 11),
        "nationality": "سعودية",
        "marital_status": "widowed",
        "mobile": "+966551234567",
        "city": "الرياض",
        "category": category,
    }
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            request = support_request_submit_online(
                applicant=applicant,
                service_type=rent_service,
                submission_key=key,
                need_description="مساعدة في سداد الإيجار",
                attachments=[OnlineAttachment(document_type=family_card, file=pdf_upload())],
            )
            results.append(request.pk)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _copy in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert SupportRequest.objects.count() == 1
    assert Beneficiary.objects.filter(identity_number=APPLICANT_ID).count() == 1
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1
