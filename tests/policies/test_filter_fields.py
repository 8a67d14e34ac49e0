"""The list pages' filters (requests, beneficiaries, complaints) look exactly as crispy-forms drew them,
and the public tracking page's inputs as Django draws them.

``{% filter_field %}`` builds the field in Python; these tests hold it to crispy's markup, compared
with runs of white space taken as one space (the browser shows them alike).
"""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.utils import translation
from factories import CategoryFactory, ServiceTypeFactory

from beneficiaries.forms import BeneficiarySearchForm
from complaints.forms import QueueFilterForm as ComplaintFilterForm
from policies.templatetags.silah_forms import filter_field, plain_widget
from requests_app.forms import QueueFilterForm as RequestFilterForm
from requests_app.forms_public import TrackingForm

pytestmark = pytest.mark.django_db


def same_page_text(html) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def assert_every_field_drawn_alike(form_class, data, *, ours, theirs):
    """Each field of two forms bound to ``data`` draws the same page text with ``ours`` as with ``theirs``."""
    their_form, our_form = form_class(data), form_class(data)
    if data is not None:
        their_form.is_valid()
        our_form.is_valid()
    for name in their_form.fields:
        assert same_page_text(ours(our_form[name])) == same_page_text(theirs(their_form[name])), name


def assert_every_field_as_crispy_draws_it(form_class, data):
    assert_every_field_drawn_alike(form_class, data, ours=filter_field, theirs=as_crispy_field)


@pytest.fixture
def choices_with_markup_characters(db):
    ServiceTypeFactory(name='مساعدة "عاجلة" <نقداً> & عيناً', name_en="Cash <& kind>")
    return CategoryFactory(name="أسر 'محتاجة'", name_en='Families "in need"')


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "<script>'\"", "service_type": "1", "status": "draft", "channel": "phone"},
        {"q": "y" * 200, "service_type": "999", "status": "bogus", "channel": "pigeon"},
    ],
    ids=["empty", "filled", "invalid"],
)
def test_the_request_queue_filter_looks_as_before(language, data, choices_with_markup_characters):
    with translation.override(language):
        assert_every_field_as_crispy_draws_it(RequestFilterForm, data)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": "محمد", "category": "1", "status": "active", "kind": "beneficiary", "needs_reverification": "on"},
        {"category": "abc", "status": "gone", "kind": "x"},
    ],
    ids=["empty", "filled", "invalid"],
)
def test_the_beneficiary_search_filter_looks_as_before(language, data, choices_with_markup_characters):
    with translation.override(language):
        assert_every_field_as_crispy_draws_it(BeneficiarySearchForm, data)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"status": "all", "kind": "complaint", "category": "1", "channel": "phone", "mine": "on"},
        {"status": "zzz", "kind": "?", "category": "x", "channel": "?"},
    ],
    ids=["empty", "filled", "invalid"],
)
def test_the_complaint_queue_filter_looks_as_before(language, data):
    with translation.override(language):
        assert_every_field_as_crispy_draws_it(ComplaintFilterForm, data)


class FieldsOfEveryKind(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the <b>ID</b> card", initial="Sara")
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "—"), ("Family", [("widow", "Widow"), ("orphan", "Orphan")]), ("other", "Other")]
    )
    agree = forms.BooleanField(label="I agree", help_text="Required to go on")
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red")], widget=forms.RadioSelect)
    when = forms.DateField(label="When", required=False, widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize("data", [None, {"name": "", "kind": "orphan", "colour": "blue"}], ids=["empty", "invalid"])
def test_required_fields_help_texts_option_groups_and_other_widgets_look_as_crispy_draws_them(data):
    assert_every_field_as_crispy_draws_it(FieldsOfEveryKind, data)


def assert_every_widget_as_django_draws_it(form_class, data):
    assert_every_field_drawn_alike(form_class, data, ours=plain_widget, theirs=str)


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"tracking_code": "ABCDE-12345", "id_last_digits": "1234"},
        {"tracking_code": '<b>"x"', "id_last_digits": "12"},
    ],
    ids=["empty", "filled", "invalid"],
)
def test_the_tracking_page_inputs_look_as_django_draws_them(language, data):
    with translation.override(language):
        assert_every_widget_as_django_draws_it(TrackingForm, data)


@pytest.mark.parametrize("data", [None, {"name": "", "kind": "orphan", "colour": "blue"}], ids=["empty", "invalid"])
def test_inputs_with_help_texts_and_widgets_it_does_not_draw_look_as_django_draws_them(data):
    assert_every_widget_as_django_draws_it(FieldsOfEveryKind, data)
