"""Saudi mobile numbers: every usual way of typing one becomes +9665XXXXXXXX (R1)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from beneficiaries.validators import mobile_for_display, normalize_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "0501234567",
        "501234567",
        "+966501234567",
        "00966501234567",
        "966501234567",
        "050 123 4567",
        "050-123-4567",
        "+966 50 123 4567",
        "(050) 123-4567",
        "٠٥٠١٢٣٤٥٦٧",
        "+٩٦٦٥٠١٢٣٤٥٦٧",
        "۰۵۰۱۲۳۴۵۶۷",
    ],
)
def test_a_saudi_mobile_typed_in_any_usual_form_becomes_the_international_form(typed):
    assert normalize_mobile(typed) == "+966501234567"


@pytest.mark.parametrize(
    "typed",
    [
        "0112345678",  # Riyadh landline
        "0138123456",  # Eastern Province landline
        "+966112345678",
        "050123456",  # one digit short
        "05012345678",  # one digit too many
        "+971501234567",  # UAE mobile
        "+201001234567",  # Egyptian mobile
        "0044501234567",
        "",
        "غير معروف",
    ],
)
def test_a_landline_short_or_foreign_number_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        normalize_mobile(typed)
    assert refused.value.code == "mobile"


def test_the_refusal_explains_the_expected_form_with_an_example():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        normalize_mobile("0112345678")
    assert "0501234567" in refused.value.messages[0]


def test_a_stored_mobile_is_shown_the_way_people_say_it():
    assert mobile_for_display("+966501234567") == "050 123 4567"
