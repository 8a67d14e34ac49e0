"""The portal's model selects read their options with one ordinary query and keep them for the form."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from factories import CategoryFactory

from policies.choice_fields import ModelChoiceField, ModelMultipleChoiceField
from policies.models import BeneficiaryCategory

pytestmark = pytest.mark.django_db


class CategoryForm(forms.Form):
    category = ModelChoiceField(
        queryset=BeneficiaryCategory.objects.filter(name__startswith="فئة الاختبار").order_by("sort_order", "pk"),
        empty_label="— اختر —",
    )
    categories = ModelMultipleChoiceField(
        queryset=BeneficiaryCategory.objects.filter(name__startswith="فئة الاختبار").order_by("sort_order", "pk"),
        required=False,
    )


@pytest.fixture
def two_categories():
    return [
        CategoryFactory(name="فئة الاختبار الأولى", sort_order=1),
        CategoryFactory(name="فئة الاختبار الثانية", sort_order=2),
    ]


def test_a_select_lists_the_empty_label_then_the_options_in_order(two_categories):
    labels = [label for _value, label in CategoryForm().fields["category"].choices]

    assert labels == ["— اختر —", "فئة الاختبار الأولى", "فئة الاختبار الثانية"]


def test_a_select_drawn_twice_reads_its_options_once(two_categories):
    form = CategoryForm()

    with CaptureQueriesContext(connection) as queries:
        first, second = str(form["category"]), str(form["category"])

    assert len(queries) == 1
    assert first == second
    assert "فئة الاختبار الثانية" in first


def test_counting_the_options_then_drawing_them_is_one_query(two_categories):
    form = CategoryForm()

    with CaptureQueriesContext(connection) as queries:
        count = len(form.fields["categories"].choices)
        html = str(form["categories"])

    assert len(queries) == 1
    assert count == 2
    assert html.count("<option") == 2


def test_an_option_removed_after_the_page_was_drawn_is_refused_on_submit(two_categories):
    first, _second = two_categories
    chosen = first.pk
    assert f'value="{chosen}"' in str(CategoryForm()["category"])
    first.delete()

    submitted = CategoryForm(data={"category": chosen})

    assert not submitted.is_valid()
    assert "category" in submitted.errors


def test_each_form_reads_the_options_as_they_are_now(two_categories):
    str(CategoryForm()["category"])
    CategoryFactory(name="فئة الاختبار الثالثة", sort_order=3)

    assert "فئة الاختبار الثالثة" in str(CategoryForm()["category"])


def test_an_empty_optional_list_is_falsy_and_a_select_with_an_empty_label_is_not():
    form = CategoryForm()

    assert not form.fields["categories"].choices
    assert form.fields["category"].choices


def test_a_select_with_kept_options_draws_them_without_a_query(two_categories):
    kept = tuple(BeneficiaryCategory.objects.order_by("pk"))
    field = ModelChoiceField(queryset=BeneficiaryCategory.objects.all(), options=lambda: kept, empty_label="الكل")

    with CaptureQueriesContext(connection) as captured:
        labels = [label for _value, label in field.choices]

    assert labels == ["الكل", *(str(category) for category in kept)]
    assert len(captured.captured_queries) == 0


def test_a_value_the_queryset_does_not_list_is_refused_whatever_the_kept_options_say(two_categories):
    first, second = BeneficiaryCategory.objects.order_by("pk")[:2]
    field = ModelChoiceField(
        queryset=BeneficiaryCategory.objects.filter(pk=first.pk), options=lambda: (first, second), required=False
    )

    with pytest.raises(forms.ValidationError):
        field.clean(str(second.pk))
    assert field.clean(str(first.pk)) == first
