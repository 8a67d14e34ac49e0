"""Dates shown Gregorian beside Hijri (Umm al-Qura), as people here read them (R11, R34)."""

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from policies.templatetags.silah_dates import dual_date, dual_datetime, hijri

NOV_23_2026 = date(2026, 11, 23)


def render(source: str, **context) -> str:
    return Template("{% load silah_dates %}" + source).render(Context(context))


def test_23_november_2026_is_13_jumada_al_akhirah_1448_in_arabic():
    with translation.override("ar"):
        assert "13 جمادى الآخرة 1448" in hijri(NOV_23_2026)


def test_23_november_2026_is_13_jumada_al_akhirah_1448_in_english():
    with translation.override("en"):
        assert "13 Jumada al-Akhirah 1448" in hijri(NOV_23_2026)


def test_the_first_of_ramadan_1447_falls_on_18_february_2026():
    with translation.override("ar"):
        assert "1 رمضان 1447" in hijri(date(2026, 2, 18))


def test_the_dual_date_shows_the_gregorian_and_the_hijri_date_in_arabic():
    with translation.override("ar"):
        html = render("{{ day|dual_date }}", day=NOV_23_2026)
    assert "2026" in html
    assert "13 جمادى الآخرة 1448" in html


def test_the_dual_date_shows_the_gregorian_and_the_hijri_date_in_english():
    with translation.override("en"):
        html = render("{{ day|dual_date }}", day=NOV_23_2026)
    assert "23 November 2026" in html
    assert "13 Jumada al-Akhirah 1448" in html


def test_a_moment_late_at_night_utc_is_shown_as_the_next_day_in_riyadh():
    # 22 Nov 2026 22:30 UTC is 23 Nov 01:30 in Riyadh.
    moment = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    with translation.override("ar"):
        assert "13 جمادى الآخرة 1448" in hijri(moment)


def test_a_moment_is_shown_with_its_riyadh_time():
    moment = datetime(2026, 11, 22, 22, 30, tzinfo=UTC)
    with translation.override("en"):
        html = str(dual_datetime(moment))
    assert "23 November 2026" in html
    assert "01:30" in html


@pytest.mark.parametrize("outside", [date(1900, 1, 1), date(1924, 7, 31), date(2077, 11, 17), date(2100, 1, 1)])
def test_a_date_outside_the_umm_al_qura_table_has_no_hijri_text(outside):
    with translation.override("ar"):
        assert hijri(outside) == ""


def test_a_birth_date_before_the_umm_al_qura_table_falls_back_to_gregorian_only():
    with translation.override("en"):
        html = str(dual_date(date(1920, 3, 5)))
    assert "5 March 1920" in html
    assert "·" not in html
    assert "AH" not in html


def test_a_date_after_the_umm_al_qura_table_falls_back_to_gregorian_only():
    with translation.override("en"):
        html = str(dual_date(date(2100, 1, 1)))
    assert "1 January 2100" in html
    assert "·" not in html


def test_the_first_day_of_the_table_still_has_a_hijri_date():
    with translation.override("en"):
        assert hijri(date(1924, 8, 1)) != ""


def test_an_empty_date_shows_nothing():
    assert render("{{ day|dual_date }}|{{ day|hijri }}|{{ day|dual_datetime }}", day=None) == "||"


def test_text_that_is_not_a_date_shows_nothing():
    assert hijri("2026-11-23") == ""


def test_a_date_shown_again_in_the_other_language_is_in_that_language():
    # The texts are kept per day and language: a page in English after one in Arabic must not reuse it.
    for _round in range(2):
        with translation.override("ar"):
            arabic = str(dual_date(NOV_23_2026))
            assert "13 جمادى الآخرة 1448" in arabic
            assert "13 جمادى الآخرة 1448" in hijri(NOV_23_2026)
        with translation.override("en"):
            english = str(dual_date(NOV_23_2026))
            assert "23 November 2026" in english
            assert "13 Jumada al-Akhirah 1448" in english
            assert "13 Jumada al-Akhirah 1448" in hijri(NOV_23_2026)
            assert "جمادى" not in english


def test_the_same_day_late_at_night_utc_is_still_shown_as_the_riyadh_day_after_the_date_was_shown():
    with translation.override("en"):
        assert "22 November 2026" in str(dual_date(date(2026, 11, 22)))
        assert "23 November 2026" in str(dual_date(datetime(2026, 11, 22, 22, 30, tzinfo=UTC)))
