"""Saudi national ID and iqama numbers: ten digits, first digit by type, Luhn check digit (R1)."""

import pytest
from django.core.exceptions import ValidationError
from factories import saudi_check_digit, saudi_identity_number, with_wrong_check_digit

from beneficiaries.validators import clean_identity_number


def refusal_code(identity_type: str, value: str) -> str:
    with pytest.raises(ValidationError) as refused:
        clean_identity_number(identity_type, value)
    return refused.value.code


def test_the_test_check_digit_agrees_with_a_published_example():
    # 1000000008 is the smallest valid national ID; the tests' generator must produce it.
    assert saudi_check_digit("100000000") == "8"


@pytest.mark.parametrize("serial", [0, 1, 12_345_678, 55_555_555, 99_999_999])
def test_a_national_id_with_a_correct_check_digit_is_accepted(serial):
    number = saudi_identity_number("1", serial)
    assert clean_identity_number("national_id", number) == number


@pytest.mark.parametrize("serial", [0, 7, 23_456_789, 80_000_001])
def test_an_iqama_number_with_a_correct_check_digit_is_accepted(serial):
    number = saudi_identity_number("2", serial)
    assert clean_identity_number("iqama", number) == number


def test_a_known_valid_national_id_is_accepted():
    assert clean_identity_number("national_id", "1000000008") == "1000000008"


def test_a_known_valid_iqama_number_is_accepted():
    assert clean_identity_number("iqama", "2000000006") == "2000000006"


@pytest.mark.parametrize("serial", [0, 12_345_678, 99_999_999])
def test_a_national_id_with_a_wrong_check_digit_is_refused(serial):
    number = with_wrong_check_digit(saudi_identity_number("1", serial))
    assert refusal_code("national_id", number) == "checksum"


def test_an_iqama_number_with_a_wrong_check_digit_is_refused():
    number = with_wrong_check_digit(saudi_identity_number("2", 31_415_926))
    assert refusal_code("iqama", number) == "checksum"


def test_two_swapped_digits_are_refused():
    # The most common typing slip at a reception desk.
    number = saudi_identity_number("1", 12_345_678)
    swapped = number[0] + number[2] + number[1] + number[3:]
    assert swapped != number
    assert refusal_code("national_id", swapped) == "checksum"


def test_a_national_id_number_starting_with_2_is_refused():
    assert refusal_code("national_id", saudi_identity_number("2", 12_345_678)) == "first_digit"


def test_an_iqama_number_starting_with_1_is_refused():
    assert refusal_code("iqama", saudi_identity_number("1", 12_345_678)) == "first_digit"


@pytest.mark.parametrize("first_digit", ["0", "3", "9"])
def test_a_national_id_starting_with_another_digit_is_refused(first_digit):
    body = f"{first_digit}12345678"
    number = body + saudi_check_digit(body)
    assert refusal_code("national_id", number) == "first_digit"


@pytest.mark.parametrize("value", ["100000000", "10000000080", "1", "12345"])
def test_a_national_id_that_is_not_ten_digits_long_is_refused(value):
    assert refusal_code("national_id", value) == "length"


def test_the_length_message_says_how_many_digits_were_typed():
    with pytest.raises(ValidationError) as refused:
        clean_identity_number("national_id", "123456789")
    assert "9" in refused.value.messages[0]


@pytest.mark.parametrize("value", ["10000O0008", "A000000008", "100000000x", "1000.00008"])
def test_an_identity_number_with_letters_or_symbols_is_refused(value):
    assert refusal_code("national_id", value) == "not_digits"


def test_an_empty_identity_number_is_refused():
    assert refusal_code("national_id", "   ") == "required"


def test_a_national_id_typed_in_arabic_indic_digits_is_accepted_and_stored_in_ascii():
    assert clean_identity_number("national_id", "١٠٠٠٠٠٠٠٠٨") == "1000000008"


def test_an_iqama_typed_in_persian_digits_is_accepted_and_stored_in_ascii():
    assert clean_identity_number("iqama", "۲۰۰۰۰۰۰۰۰۶") == "2000000006"


def test_an_arabic_indic_id_with_a_wrong_check_digit_is_still_refused():
    assert refusal_code("national_id", "١٠٠٠٠٠٠٠٠٩") == "checksum"


def test_spaces_and_dashes_inside_an_identity_number_are_removed():
    assert clean_identity_number("national_id", " 1000-000 008 ") == "1000000008"


def test_a_passport_number_is_stored_in_capitals():
    assert clean_identity_number("passport", "p1234567") == "P1234567"


@pytest.mark.parametrize("value", ["A123", "A" * 21, "P12345/6", "جواز12345"])
def test_a_passport_number_outside_five_to_twenty_letters_and_digits_is_refused(value):
    assert refusal_code("passport", value) == "passport"


def test_a_passport_number_of_five_characters_is_accepted():
    assert clean_identity_number("passport", "AB123") == "AB123"


def test_a_passport_number_of_twenty_characters_is_accepted():
    assert clean_identity_number("passport", "A" * 10 + "1" * 10) == "A" * 10 + "1" * 10


def test_a_border_number_of_ten_digits_is_accepted_without_a_check_digit():
    assert clean_identity_number("border_number", "3123456789") == "3123456789"


def test_a_border_number_in_arabic_digits_is_accepted():
    assert clean_identity_number("border_number", "٣١٢٣٤٥٦٧٨٩") == "3123456789"


@pytest.mark.parametrize("value", ["312345678", "31234567890", "31234A6789"])
def test_a_border_number_that_is_not_ten_digits_is_refused(value):
    assert refusal_code("border_number", value) == "border_number"
