"""What ``{% translate %}`` and ``{% blocktranslate count %}`` give, for badges built in Python.

Callers pass literal ``gettext("…")`` / ``ngettext("…", "…", n)`` calls so that makemessages keeps
finding the messages the templates used to hold.
"""

from collections.abc import Callable

from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def translated(text: str) -> SafeString:
    """``{% translate "literal" %}``: the catalogue's text, not escaped (the tag takes literals as safe)."""
    return mark_safe(text)  # noqa: S308 - a literal of the code and its translation in the catalogue


def count_text(message: Callable[[], str], count) -> SafeString:
    """``{% blocktranslate count days=count %}``: ``message()`` (an ``ngettext`` call) with the number,
    localized and escaped; the text itself is left as the tag leaves it, and read in English, as the tag
    does, if the translation does not fit its placeholders."""
    number = conditional_escape(localize(count))
    try:
        text = message() % {"days": number}
    except (KeyError, ValueError):
        with translation.override(None):
            text = message() % {"days": number}
    return mark_safe(text)  # noqa: S308 - the number is escaped; the text is the catalogue's, as in the tag
