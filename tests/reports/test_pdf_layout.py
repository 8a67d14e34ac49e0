"""The layout every printed document shares: direction, fonts, header, footer and page numbers."""

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from factories import ServiceTypeFactory, UserFactory, make_support_request

from policies.models import AssociationProfile, PageDigits
from policies.roles import Role
from requests_app.models import RequestStatus, SupportRequest
from tests.reports.pdf_text import page_footers, pdf_lines, pdf_positioned_words, reads_left_to_right, shows

pytestmark = pytest.mark.django_db


def render_base(language: str, **context) -> str:
    with translation.override(language):
        return render_to_string(
            "reports/pdf_base.html",
            {"association": AssociationProfile(name="جمعية صلة"), "printed_at": timezone.now(), **context},
        )


def case_file(client, user, beneficiary, query: str = "") -> bytes:
    client.force_login(user)
    response = client.get(reverse("reports:case_file", args=[beneficiary.pk]) + query)
    assert response.status_code == 200
    return response.content


@pytest.fixture
def association(db):
    return AssociationProfile.objects.create(
        name="جمعية البر الخيرية", name_en="Al-Birr Charity", city="الرياض", phone="+966 11 456 7890"
    )


def test_an_arabic_document_is_right_to_left_and_says_it_is_arabic():
    assert '<html lang="ar" dir="rtl">' in render_base("ar")


def test_an_english_document_is_left_to_right():
    assert '<html lang="en" dir="ltr">' in render_base("en")


def test_the_font_stack_puts_the_latin_fallback_after_the_arabic_font_and_before_it_in_english():
    assert 'font-family: "Silah Arabic", "Silah Latin", sans-serif' in render_base("ar")
    assert 'font-family: "Silah Latin", "Silah Arabic", sans-serif' in render_base("en")


def test_page_numbers_are_western_digits_unless_the_association_chooses_otherwise(
    client, reception, beneficiary, association, tmp_path
):
    footers = page_footers(case_file(client, reception, beneficiary), tmp_path)
    assert footers
    assert all("1" in footer.split() for footer in footers[:1])
    assert "صفحة" in footers[0]
    assert not any(digit in "".join(footers) for digit in "١٢٣")


def test_page_numbers_are_arabic_indic_when_the_association_chooses_them(
    client, reception, beneficiary, association, tmp_path
):
    association.page_digits = PageDigits.ARABIC_INDIC
    association.save()
    footers = page_footers(case_file(client, reception, beneficiary), tmp_path)
    pages = len(footers)
    assert pages >= 1
    assert "١" in footers[0].split()
    assert "١٢٣٤٥٦٧٨٩"[pages - 1] in footers[0].split()
    assert not any(word.isascii() and word.isdigit() for word in footers[0].split())


def test_an_english_copy_reads_left_to_right_with_western_page_numbers(
    client, reception, beneficiary, association, tmp_path
):
    association.page_digits = PageDigits.ARABIC_INDIC
    association.save()
    content = case_file(client, reception, beneficiary, "?lang=en")
    lines = pdf_lines(content, tmp_path)
    assert shows(lines, "Beneficiary", "case", "file")
    assert shows(lines, "Al-Birr", "Charity")
    footer = page_footers(content, tmp_path)[0]
    assert "Page 1 of" in footer


def test_the_intake_receipt_uses_the_chosen_page_digits(client, association, tmp_path, frozen_today, reception):
    association.page_digits = PageDigits.ARABIC_INDIC
    association.save()
    request = make_support_request(actor=reception, service_type=ServiceTypeFactory())
    SupportRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.COMPLETE,
        completed_at=timezone.now(),
        due_date=timezone.localdate(),
        verified_at=timezone.now(),
        verified_by=reception,
        verified_data_hash="a" * 64,
    )
    client.force_login(reception)
    content = client.get(reverse("reports:request_receipt", args=[request.pk])).content
    assert "١" in page_footers(content, tmp_path)[0].split()


def test_the_phone_number_in_the_letterhead_keeps_its_left_to_right_order(
    client, reception, beneficiary, association, tmp_path
):
    words = pdf_positioned_words(case_file(client, reception, beneficiary), tmp_path)
    assert reads_left_to_right(words, "+966", "11", "456", "7890")


def test_quotes_and_markup_in_the_association_name_cannot_break_the_page_header(
    client, reception, beneficiary, tmp_path
):
    AssociationProfile.objects.create(name='جمعية "النور" </style><p>x')
    lines = pdf_lines(case_file(client, reception, beneficiary), tmp_path)
    header = next(line for line in lines if "جمعية" in line)
    assert any("النور" in word for word in header)
    assert shows(lines, "ملف", "المستفيد")
    assert not any("font-family" in line or "@page" in line for line in lines)


def test_numbers_are_isolated_left_to_right_by_the_ltr_filter():
    html = Template("{% load silah_pdf %}{{ value|ltr }}").render(Context({"value": "050 111 2233"}))
    assert html == '<bdi dir="ltr" class="ltr-number">050 111 2233</bdi>'


def test_free_text_takes_the_direction_of_its_first_letter():
    template = Template("{% load silah_pdf %}{{ value|isolate }}")
    assert template.render(Context({"value": "lease 2026.pdf"})) == '<bdi dir="ltr">lease 2026.pdf</bdi>'
    assert template.render(Context({"value": "عقد 2026.pdf"})) == '<bdi dir="rtl">عقد 2026.pdf</bdi>'


def test_an_administrator_chooses_the_page_digits_on_the_association_profile(client, association):
    admin = UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:policies_associationprofile_change", args=[association.pk])
    assert 'name="page_digits"' in client.get(url).content.decode()
    response = client.post(
        url, {"name": association.name, "name_en": association.name_en, "page_digits": PageDigits.ARABIC_INDIC}
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.page_digits == PageDigits.ARABIC_INDIC


def test_the_database_refuses_an_unknown_page_digit_style(association):
    with pytest.raises(IntegrityError), transaction.atomic():
        AssociationProfile.objects.filter(pk=association.pk).update(page_digits="roman")
