"""The staff pages: role and object checks, the wizard keeping what was typed, the queues' query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from factories import BeneficiaryFactory, UserFactory
from factories.requests import make_support_request, signature_data_url

from policies.roles import Role
from requests_app.models import DeclarationMethod, RequestStatus, SupportRequest
from requests_app.services import VERIFICATION_FACTS, declaration_sign, support_request_verify

pytestmark = pytest.mark.django_db
S = RequestStatus


@pytest.fixture
def draft(staff, beneficiary, service_type):
    return make_support_request(actor=staff[Role.RECEPTION], beneficiary=beneficiary, service_type=service_type)


def _urls(req):
    return [
        reverse("requests_app:queue"),
        reverse("requests_app:detail", args=[req.pk]),
    ]


@pytest.mark.parametrize("role", [Role.COMPLAINTS_OFFICER, Role.CONTACT_OFFICER, Role.COMMITTEE_MEMBER, Role.ADMIN])
def test_roles_without_request_work_are_refused_the_request_pages(client, draft, role):
    client.force_login(UserFactory(role=role))
    for url in _urls(draft):
        assert client.get(url).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client, draft):
    response = client.get(reverse("requests_app:detail", args=[draft.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_researcher_cannot_open_a_request_not_assigned_to_them(client, request_in):
    request = request_in(S.UNDER_RESEARCH)
    client.force_login(UserFactory(role=Role.SOCIAL_RESEARCHER))
    assert client.get(reverse("requests_app:detail", args=[request.pk])).status_code == 404
    assert client.get(reverse("requests_app:research_report", args=[request.pk])).status_code == 404


def test_the_assigned_researcher_opens_the_request_and_its_report_form(client, request_in):
    request = request_in(S.UNDER_RESEARCH)
    client.force_login(request.assigned_researcher)
    assert client.get(reverse("requests_app:detail", args=[request.pk])).status_code == 200
    assert client.get(reverse("requests_app:research_report", args=[request.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SOCIAL_RESEARCHER, Role.COMMITTEE_SECRETARY])
def test_only_reception_takes_requests_in_the_wizard(client, draft, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("requests_app:intake")).status_code == 403
    assert client.get(reverse("requests_app:intake_step", args=[draft.pk, "verify"])).status_code == 403
    response = client.post(reverse("requests_app:intake_create", args=[draft.beneficiary_id]), {})
    assert response.status_code == 403


def test_the_manager_sees_the_page_but_no_intake_step(client, draft):
    client.force_login(UserFactory(role=Role.MANAGER))
    response = client.get(reverse("requests_app:detail", args=[draft.pk]))
    assert response.status_code == 200
    targets = [transition.target for transition, _form in response.context["actions"]]
    assert targets == [S.CANCELLED]


def test_a_forbidden_step_posted_by_hand_changes_nothing(client, draft):
    client.force_login(UserFactory(role=Role.MANAGER))
    response = client.post(reverse("requests_app:transition", args=[draft.pk, S.INCOMPLETE]), {"note": "x"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_the_declaration_file_is_private_to_those_who_see_the_request(client, staff, draft):
    reception = staff[Role.RECEPTION]
    support_request_verify(actor=reception, request=draft, confirmed_facts=list(VERIFICATION_FACTS))
    declaration = declaration_sign(
        actor=reception, request=draft, method=DeclarationMethod.SIGNATURE_PAD, signature_data_url=signature_data_url()
    )
    url = reverse("requests_app:declaration_file", args=[draft.pk, declaration.pk])
    client.force_login(reception)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    client.force_login(UserFactory(role=Role.SOCIAL_RESEARCHER))
    assert client.get(url).status_code == 404


def test_the_wizard_keeps_what_was_typed_when_the_amount_is_too_high(client, staff, beneficiary, service_type):
    client.force_login(staff[Role.RECEPTION])
    response = client.post(
        reverse("requests_app:intake_create", args=[beneficiary.pk]),
        {
            "service_type": service_type.pk,
            "channel": "in_person",
            "amount_requested": "999999",
            "need_description": "سداد إيجار ثلاثة أشهر",
            "reason": "فقدان العمل",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "سداد إيجار ثلاثة أشهر" in page
    assert "فقدان العمل" in page
    assert "999999" in page
    assert response.context["intake_form"].errors["amount_requested"]
    assert not SupportRequest.objects.exists()


def test_the_wizard_registers_the_request_and_goes_to_the_checklist(client, staff, beneficiary, service_type):
    client.force_login(staff[Role.RECEPTION])
    response = client.post(
        reverse("requests_app:intake_create", args=[beneficiary.pk]),
        {
            "service_type": service_type.pk,
            "channel": "in_person",
            "amount_requested": "1200",
            "need_description": "سداد إيجار",
            "reason": "فقدان العمل",
        },
    )
    request = SupportRequest.objects.get()
    assert response["Location"] == reverse("requests_app:intake_step", args=[request.pk, "checklist"])
    assert request.amount_requested == Decimal("1200")


def test_the_lookup_finds_the_beneficiary_by_id(client, staff, beneficiary, service_type):
    client.force_login(staff[Role.RECEPTION])
    response = client.get(reverse("requests_app:intake"), {"identity_number": beneficiary.identity_number})
    assert response.context["beneficiary"] == beneficiary
    assert service_type.name in response.content.decode()


def test_the_lookup_offers_registration_for_an_unknown_id(client, staff):
    client.force_login(staff[Role.RECEPTION])
    response = client.get(reverse("requests_app:intake"), {"identity_number": "1000000016"})
    assert reverse("beneficiaries:create") in response.content.decode()


def test_the_verification_step_keeps_the_ticked_facts_when_one_is_missing(client, staff, draft):
    client.force_login(staff[Role.RECEPTION])
    ticked = ["identity", "household"]
    response = client.post(reverse("requests_app:intake_step", args=[draft.pk, "verify"]), {"confirmed_facts": ticked})
    assert response.status_code == 200
    form = response.context["verification_form"]
    assert form.errors
    page = response.content.decode()
    assert page.count("checked") >= 2
    draft.refresh_from_db()
    assert draft.verified_at is None


def test_a_blank_signature_is_refused_with_a_message(client, staff, draft, page_shows):
    from factories.requests import blank_signature_data_url

    reception = staff[Role.RECEPTION]
    support_request_verify(actor=reception, request=draft, confirmed_facts=list(VERIFICATION_FACTS))
    client.force_login(reception)
    response = client.post(
        reverse("requests_app:intake_step", args=[draft.pk, "declaration"]),
        {"method": "signature_pad", "signature": blank_signature_data_url(), "confirm_read": "on"},
    )
    assert response.status_code == 200
    assert response.context["declaration_form"].errors["signature"]
    assert not draft.declarations.exists()


def test_the_signature_from_the_pad_is_stored(client, staff, draft):
    reception = staff[Role.RECEPTION]
    support_request_verify(actor=reception, request=draft, confirmed_facts=list(VERIFICATION_FACTS))
    client.force_login(reception)
    response = client.post(
        reverse("requests_app:intake_step", args=[draft.pk, "declaration"]),
        {"method": "signature_pad", "signature": signature_data_url(), "confirm_read": "on"},
    )
    assert response.status_code == 302
    declaration = draft.declarations.get()
    assert declaration.witnessed_by == reception
    assert declaration.file.read().startswith(b"\x89PNG")


def test_the_beneficiary_page_lists_their_requests(client, staff, draft):
    client.force_login(staff[Role.RECEPTION])
    response = client.get(reverse("beneficiaries:detail", args=[draft.beneficiary_id]))
    assert draft.reference_number in response.content.decode()


def _queue_rows(count, staff, service_type):
    reception = staff[Role.RECEPTION]
    for _index in range(count):
        make_support_request(actor=reception, beneficiary=BeneficiaryFactory(), service_type=service_type)


@pytest.mark.parametrize("rows", [10, 100])
def test_the_queue_keeps_a_fixed_number_of_queries(client, staff, service_type, django_assert_num_queries, rows):
    _queue_rows(rows, staff, service_type)
    client.force_login(staff[Role.RECEPTION])
    url = reverse("requests_app:queue") + f"?queue=all&per_page={rows}"
    client.get(url)  # warm the session and the reference data kept between requests
    # The session, the user with their groups, the reference data's revision (parameters,
    # holidays, closures, services, the association and the policies to sign are kept), the
    # header's counts, the queue's count and its page.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["rows"]) == rows


def test_the_receipt_link_shows_for_reception_once_the_request_is_complete(client, staff, request_in):
    request = request_in(S.COMPLETE)
    client.force_login(staff[Role.RECEPTION])
    page = client.get(reverse("requests_app:detail", args=[request.pk])).content.decode()
    assert reverse("reports:request_receipt", args=[request.pk]) in page


def test_the_receipt_link_is_not_offered_to_a_researcher(client, request_in):
    request = request_in(S.UNDER_RESEARCH)
    client.force_login(request.assigned_researcher)
    page = client.get(reverse("requests_app:detail", args=[request.pk])).content.decode()
    assert reverse("reports:request_receipt", args=[request.pk]) not in page


def test_a_refused_step_keeps_what_was_typed(client, staff, request_in):
    request = request_in(S.NOTIFIED)
    client.force_login(staff[Role.RECEPTION])
    response = client.post(
        reverse("requests_app:transition", args=[request.pk, S.DELIVERED]),
        {"kind": "cash", "amount": "999999", "delivered_on": "2026-11-20", "receipt_number": "RC-77", "note": "سلمت"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "RC-77" in page
    assert "999999" in page
    request.refresh_from_db()
    assert request.status == S.NOTIFIED


def test_the_assigned_researcher_writes_the_report_from_the_page(client, request_in):
    request = request_in(S.UNDER_RESEARCH)
    client.force_login(request.assigned_researcher)
    response = client.post(
        reverse("requests_app:research_report", args=[request.pk]),
        {"summary": "الأسرة تستحق", "recommendation": "approve", "field_visit_date": "2026-11-01"},
    )
    assert response.status_code == 302
    assert request.research_reports.get().field_visit_date.isoformat() == "2026-11-01"


def test_field_visit_findings_without_a_date_keep_what_was_typed(client, request_in):
    request = request_in(S.UNDER_RESEARCH)
    client.force_login(request.assigned_researcher)
    response = client.post(
        reverse("requests_app:research_report", args=[request.pk]),
        {"summary": "الأسرة تستحق", "recommendation": "approve", "field_visit_findings": "المنزل بحاجة لترميم"},
    )
    assert response.status_code == 200
    assert "المنزل بحاجة لترميم" in response.content.decode()
    assert response.context["form"].errors["field_visit_date"]


@pytest.mark.parametrize("queue", ["to_verify", "to_refer", "due_soon", "overdue", "all"])
def test_every_reception_queue_opens(client, staff, draft, queue):
    client.force_login(staff[Role.RECEPTION])
    assert client.get(reverse("requests_app:queue"), {"queue": queue}).status_code == 200


def test_the_researcher_queue_lists_only_their_requests(client, request_in, staff):
    mine = request_in(S.UNDER_RESEARCH)
    client.force_login(mine.assigned_researcher)
    response = client.get(reverse("requests_app:queue"), {"queue": "my_research"})
    assert [row.pk for row, _clock in response.context["rows"]] == [mine.pk]


def test_the_request_page_works_in_english(client, staff, request_in):
    request = request_in(S.REFERRED)
    client.force_login(staff[Role.RECEPTION])
    client.cookies["django_language"] = "en"
    response = client.get(reverse("requests_app:detail", args=[request.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Assign a social researcher" in response.content.decode()


def test_a_queue_above_the_count_limit_says_more_than_the_limit(client, staff, service_type, monkeypatch, page_shows):
    monkeypatch.setattr("policies.pagination.COUNT_LIMIT", 12)
    _queue_rows(15, staff, service_type)
    client.force_login(staff[Role.RECEPTION])
    response = client.get(reverse("requests_app:queue") + "?queue=all&per_page=10")
    assert page_shows(response, _("More than %(number)s requests: search or filter to narrow them."), number=12)
    assert response.context["page"].has_next()


def test_the_queue_filter_offers_all_services_first_then_each_service(client, staff, service_type):
    client.force_login(staff[Role.RECEPTION])
    form = client.get(reverse("requests_app:queue") + "?queue=to_refer").context["form"]

    labels = [label for _value, label in form.fields["service_type"].choices]

    assert labels[0] == "كل الخدمات"
    assert service_type.name in labels
