"""What ``{% translate %}`` and ``{% blocktranslate count %}`` give, for badges built in Python.

Callers pass literal ``gettext("…")`` / ``ngettext("…", "…", n)`` calls so that makemessages keeps
finding the messages the templates used to hold.
"""

from collections.abc import Callable

from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext


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


def paused_clock_text(*, overdue_by: int | None, days_left: int | None) -> SafeString:
    """A paused deadline clock's words, the same for requests and complaints: the working days left,
    or, paused after the deadline, how late it is, in one sentence ("paused" and "overdue" side by
    side read as two words of different genders in Arabic)."""
    if overdue_by:
        return count_text(
            lambda: ngettext(
                "paused, overdue by %(days)s working day", "paused, overdue by %(days)s working days", overdue_by
            ),
            overdue_by,
        )
    days = days_left or 0
    return count_text(
        lambda: ngettext("paused, %(days)s working day left", "paused, %(days)s working days left", days), days
    )
