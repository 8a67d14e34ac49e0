"""The list pages show a row's status, kind, channel… with ``choice_label``: the same words as Django's
``get_<field>_display()``, in the page's language."""

import pytest
from django.template import Context, Template
from django.utils import translation

from complaints.models import Complaint
from requests_app.models import RequestStatus, SupportRequest


def shown(obj, field: str) -> str:
    return Template("{% load silah_lists %}{{ obj|choice_label:field }}").render(Context({"obj": obj, "field": field}))


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("status", RequestStatus.values)
def test_a_request_status_reads_as_djangos_display_in_both_languages(language, status):
    request = SupportRequest(status=status)
    with translation.override(language):
        assert shown(request, "status") == request.get_status_display()


def test_a_request_status_is_shown_translated_in_arabic():
    with translation.override("ar"):
        assert shown(SupportRequest(status=RequestStatus.DRAFT), "status") != "Draft"
    with translation.override("en"):
        assert shown(SupportRequest(status=RequestStatus.DRAFT), "status") == "Draft"


@pytest.mark.parametrize("field", ["kind", "priority", "channel", "status"])
def test_a_complaints_fields_read_as_djangos_display(field):
    complaint = Complaint()
    for value, _label in Complaint._meta.get_field(field).flatchoices:
        setattr(complaint, field, value)
        for language in ("ar", "en"):
            with translation.override(language):
                assert shown(complaint, field) == complaint._get_FIELD_display(Complaint._meta.get_field(field))


def test_a_value_outside_the_choices_is_shown_as_it_is_and_escaped():
    assert shown(SupportRequest(status="<old>"), "status") == "&lt;old&gt;"
