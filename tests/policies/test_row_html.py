"""The list pages draw each row with ``row_html``: the markup ``format_html`` draws, for less."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from policies.templatetags.silah_lists import row_html

ROW = '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td></tr>'

ARGUMENTS = [
    ("/beneficiaries/7/", "هيا", 3, Decimal("2.50")),
    ('/x/?a=1&b="2"', '<script>alert("x")</script>', "it's", "a > b & c"),
    ("/x/", mark_safe('<span class="badge">تم</span>'), "", date(2026, 12, 7)),
    ("/x/", format_html("<b>{}</b>", "<i>"), None, "&amp;"),
]


@pytest.mark.parametrize("arguments", ARGUMENTS)
def test_a_row_reads_as_format_html_draws_it(arguments):
    assert row_html(ROW, *arguments) == format_html(ROW, *arguments)


def test_text_is_escaped_and_markup_is_kept():
    drawn = row_html("<td>{}</td><td>{}</td>", "<b>&</b>", mark_safe("<b>&amp;</b>"))
    assert drawn == "<td>&lt;b&gt;&amp;&lt;/b&gt;</td><td><b>&amp;</b></td>"
    assert isinstance(drawn, SafeString)


@pytest.mark.parametrize(("language", "shown"), [("ar", "مجهول الهوية"), ("en", "Anonymous")])
def test_a_lazy_translation_is_drawn_in_the_active_language(language, shown):
    with translation.override(language):
        assert row_html("<td>{}</td>", gettext_lazy("Anonymous")) == f"<td>{shown}</td>"
