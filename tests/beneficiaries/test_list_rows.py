"""The beneficiary list's rows look exactly as its template drew them.

``{% beneficiary_list_row %}`` builds a row in Python; these tests hold it to the template markup the
list used before (kept below), compared with runs of white space taken as one space.
"""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from factories import BeneficiaryFactory, CategoryFactory, DocumentFactory, DocumentTypeFactory
from markup import page_text

from beneficiaries.models import Beneficiary, BeneficiaryKind, BeneficiaryStatus
from beneficiaries.selectors import LIST_ROW_FIELDS, mark_expired_documents, reverification_cutoff

pytestmark = pytest.mark.django_db

TEMPLATE_ROW = Template(
    """{% load i18n silah_lists %}
    <tr>
      <td><a href="{% row_url 'beneficiaries:detail' b.pk %}" class="fw-medium">{{ b.full_name }}</a>{% if b.kind == "assembly_member" %} <span class="badge text-bg-info">{{ b|choice_label:"kind" }}</span>{% endif %}</td>
      <td><span class="ltr-number">{{ b.identity_number }}</span></td>
      <td class="d-none d-sm-table-cell"><span class="ltr-number">{{ b.mobile_display }}</span></td>
      <td class="d-none d-md-table-cell">{{ b.category }}</td>
      <td class="d-none d-md-table-cell">{{ b|choice_label:"status" }}</td>
      <td>
        {% if b.has_expired_documents %}<span class="badge text-bg-danger">{% translate "Expired document" %}</span>{% endif %}
        {% if not b.last_verified_at or b.last_verified_at < reverification_cutoff %}<span class="badge text-bg-warning">{% translate "Re-verify data" %}</span>{% endif %}
      </td>
    </tr>"""  # noqa: E501
)
TAG_ROW = Template("{% load beneficiary_lists %}{% beneficiary_list_row b reverification_cutoff %}")


def rows_as_the_list_reads_them(people) -> list[Beneficiary]:
    loaded = (
        Beneficiary.objects.filter(pk__in=[person.pk for person in people])
        .select_related("category")
        .only(*LIST_ROW_FIELDS)
        .order_by("pk")
    )
    return mark_expired_documents(list(loaded))


def assert_rows_look_as_the_template_drew_them(people, language: str):
    with translation.override(language):
        rows = rows_as_the_list_reads_them(people)
        assert len(rows) == len(people)
        for person in rows:
            context = Context({"b": person, "reverification_cutoff": reverification_cutoff()})
            assert page_text(TAG_ROW.render(context)) == page_text(TEMPLATE_ROW.render(context)), person.pk


@pytest.mark.parametrize("language", ["ar", "en"])
def test_beneficiaries_and_assembly_members_of_every_status_show_as_before(language, frozen_today):
    people = [BeneficiaryFactory(status=status) for status in BeneficiaryStatus.values]
    people.append(BeneficiaryFactory(kind=BeneficiaryKind.ASSEMBLY_MEMBER))
    people.append(BeneficiaryFactory(category=CategoryFactory(name_en="")))  # no English name
    assert_rows_look_as_the_template_drew_them(people, language)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_expired_documents_and_data_to_reverify_are_flagged_as_before(language, frozen_today):
    expiring = DocumentTypeFactory(code="national_id_copy", name="صورة الهوية", has_expiry=True)
    with_expired = BeneficiaryFactory()
    DocumentFactory(
        beneficiary=with_expired, document_type=expiring, expiry_date=frozen_today.date() - timedelta(days=1)
    )
    people = [
        with_expired,
        BeneficiaryFactory(last_verified_at=None),
        BeneficiaryFactory(last_verified_at=reverification_cutoff() - timedelta(seconds=1)),
        BeneficiaryFactory(last_verified_at=reverification_cutoff() + timedelta(seconds=1)),
    ]
    DocumentFactory(beneficiary=people[1], document_type=expiring, expiry_date=frozen_today.date() - timedelta(days=3))
    rows = rows_as_the_list_reads_them(people)
    assert [person.has_expired_documents for person in rows] == [True, True, False, False]
    assert_rows_look_as_the_template_drew_them(people, language)


def test_an_anonymised_record_shows_as_before_without_the_name(frozen_today):
    person = BeneficiaryFactory(anonymised_at=timezone.now(), first_name="محمد")
    assert_rows_look_as_the_template_drew_them([person], "ar")
    with translation.override("en"):
        html = TAG_ROW.render(
            Context({"b": rows_as_the_list_reads_them([person])[0], "reverification_cutoff": reverification_cutoff()})
        )
    assert f"Anonymised record #{person.pk}" in html
    assert "محمد" not in html


def test_markup_typed_into_a_name_is_shown_as_text_not_markup(frozen_today):
    person = BeneficiaryFactory(first_name='<script>alert("x")</script>', family_name="<b>& الشمري</b>")
    assert_rows_look_as_the_template_drew_them([person], "ar")
    html = TAG_ROW.render(
        Context({"b": rows_as_the_list_reads_them([person])[0], "reverification_cutoff": reverification_cutoff()})
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;b&gt;&amp; الشمري&lt;/b&gt;" in html
