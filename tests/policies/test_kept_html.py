"""Markup kept per arguments and language: drawn once, drawn again for another language, forgotten with a setting."""

from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext

from policies.kept_html import kept_per_language


def counting_badge():
    calls = []

    @kept_per_language
    def badge(days: int) -> str:
        calls.append(days)
        return f"{gettext('Answered')} {days}"

    return badge, calls


def test_the_same_badge_in_the_same_language_is_drawn_once():
    badge, calls = counting_badge()
    with translation.override("en"):
        assert [badge(3), badge(3), badge(3)] == ["Answered 3"] * 3
    assert calls == [3]


def test_other_arguments_are_drawn_apart():
    badge, calls = counting_badge()
    with translation.override("en"):
        assert (badge(3), badge(4)) == ("Answered 3", "Answered 4")
    assert calls == [3, 4]


def test_a_badge_drawn_in_arabic_is_drawn_again_in_english_and_each_keeps_its_language():
    badge, _calls = counting_badge()
    shown = []
    for language in ("ar", "en", "ar", "en"):
        with translation.override(language):
            shown.append(badge(3))
    assert shown[0] == shown[2] == f"{_in('ar', 'Answered')} 3"
    assert shown[1] == shown[3] == "Answered 3"
    assert shown[0] != shown[1]


def test_kept_markup_is_forgotten_when_a_setting_changes():
    badge, calls = counting_badge()
    with translation.override("en"):
        badge(3)
        with override_settings(USE_THOUSAND_SEPARATOR=True):
            badge(3)
    assert calls == [3, 3]


def _in(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)
