"""Spelling variants of the same Arabic name fold to one form for search and duplicates (R1)."""

import pytest

from beneficiaries.validators import normalize_arabic_name


@pytest.mark.parametrize("variant", ["أحمد", "إحمد", "آحمد", "ٱحمد", "احمد"])
def test_every_alef_form_folds_to_a_bare_alef(variant):
    assert normalize_arabic_name(variant) == "احمد"


def test_taa_marbuta_and_haa_fold_together():
    assert normalize_arabic_name("فاطمة") == normalize_arabic_name("فاطمه")


def test_alef_maqsura_and_yaa_fold_together():
    assert normalize_arabic_name("مصطفى") == normalize_arabic_name("مصطفي")


def test_diacritics_are_removed():
    assert normalize_arabic_name("مُحَمَّد") == "محمد"


def test_tanween_and_sukun_are_removed():
    assert normalize_arabic_name("سَعْدٌ") == "سعد"


def test_tatweel_is_removed():
    assert normalize_arabic_name("محـــمد") == "محمد"


def test_abd_allah_written_as_two_words_matches_one_word():
    assert normalize_arabic_name("عبد الله") == normalize_arabic_name("عبدالله")


def test_abd_followed_by_another_name_is_joined_inside_a_full_name():
    assert normalize_arabic_name("سعد عبد الرحمن الغامدي") == "سعد عبدالرحمن الغامدي"


def test_abu_written_as_two_words_matches_one_word():
    assert normalize_arabic_name("أبو بكر") == normalize_arabic_name("ابوبكر")


def test_a_name_that_only_starts_like_abd_is_not_joined_to_the_next_word():
    # "عبده" (Abduh) is a name of its own.
    assert normalize_arabic_name("عبده سالم") == "عبده سالم"


def test_hamza_seats_fold_to_their_letters():
    assert normalize_arabic_name("مؤمن") == "مومن"
    assert normalize_arabic_name("هانئ") == "هاني"


def test_repeated_and_surrounding_spaces_collapse():
    assert normalize_arabic_name("  نورة   بنت  سعد ") == "نوره بنت سعد"


def test_latin_letters_are_lower_cased():
    assert normalize_arabic_name("Ahmad AL-Shahri") == "ahmad al-shahri"


def test_a_full_name_with_every_variant_folds_to_the_same_form():
    assert normalize_arabic_name("عبد الله أحمد إبراهيم الشهرى") == normalize_arabic_name("عبدالله احمد ابراهيم الشهري")


def test_different_names_stay_different():
    assert normalize_arabic_name("أحمد") != normalize_arabic_name("محمد")
