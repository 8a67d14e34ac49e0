"""Template helpers of the printable documents (templates/reports/pdf_base.html and its children)."""

import re
import unicodedata

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_bidi

from policies.models import PageDigits

register = template.Library()

ARABIC_FIRST = '"Silah Arabic", "Silah Latin", sans-serif'
LATIN_FIRST = '"Silah Latin", "Silah Arabic", sans-serif'


@register.simple_tag
def pdf_font_stack() -> str:
    """The document's fonts: the Arabic family first in Arabic, the Latin one first in English.

    The Arabic family's files carry no Latin letters, so the other family always follows.
    """
    return mark_safe(ARABIC_FIRST if get_language_bidi() else LATIN_FIRST)  # noqa: S308 - constants


@register.simple_tag(takes_context=True)
def pdf_page_digits(context) -> str:
    """The CSS counter style of the page numbers, as the association's profile chooses.

    The choice is about Arabic typesetting: an English document keeps Western digits.
    """
    association = context.get("association")
    if get_language_bidi() and getattr(association, "page_digits", "") == PageDigits.ARABIC_INDIC:
        return mark_safe("silah-arabic-indic")
    return mark_safe("decimal")


@register.filter
def ltr(value) -> str:
    """A number, code or phone number isolated left to right, so Arabic text around it cannot reorder it."""
    if value in (None, ""):
        return ""
    return format_html('<bdi dir="ltr" class="ltr-number">{}</bdi>', value)


@register.filter
def css_string(value) -> str:
    """Text for inside a double-quoted CSS string (a page's header or footer).

    JavaScript escapes (``escapejs``) mean nothing to CSS; these are CSS's own, and ``<`` is
    escaped so no text can close the style element.
    """
    text = str(value or "")
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\A "), ("\r", ""), ("<", "\\3C "), (">", "\\3E ")):
        text = text.replace(char, escaped)
    return mark_safe(text)  # noqa: S308 - escaped above for the CSS string context


def _first_strong_direction(text: str) -> str:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@register.filter
def isolate(value) -> str:
    """Free text of either script (a file name, an English name) in its own direction.

    WeasyPrint ignores ``dir="auto"``, so the direction of the first strong letter is given.
    """
    if value in (None, ""):
        return ""
    text = str(value)
    return format_html('<bdi dir="{}">{}</bdi>', _first_strong_direction(text), text)


@register.filter
def ltr_text(value) -> str:
    """A number or code kept left to right where no markup is possible (a page's header or footer).

    Unicode's left-to-right isolate characters do what ``<bdi dir="ltr">`` does in the body.
    """
    if value in (None, ""):
        return ""
    return f"\u2066{value}\u2069"


NUMBER_RUN = re.compile(r"\d+(?:[-/]\d+)+")


@register.filter
def isolate_numbers(value) -> str:
    """Free text with its hyphenated numbers (``1448-000123``, ``14/12/2026``) kept left to right.

    After an Arabic word the bidi algorithm turns digits into Arabic numbers and would show
    ``000123-1448``; an isolate around each run keeps it as typed.
    """
    return NUMBER_RUN.sub(lambda match: f"\u2066{match.group(0)}\u2069", str(value or ""))
