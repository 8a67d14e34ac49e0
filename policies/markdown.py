"""A small, safe Markdown for policy texts.

Policy bodies are typed by admins and shown on public pages, so the renderer never lets HTML
through: every line is escaped first, and only the few tags below are ever produced. The
subset is what the seed policies use: headings, bulleted and numbered lists (Arabic-Indic
digits too), bold, paragraphs and line breaks.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*#*\s*$")
BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
# 1. / 1- / 1) / ١. / ١- with Western or Arabic-Indic digits.
NUMBERED = re.compile(r"^\s*[0-9\u0660-\u0669]+\s*[.)\-–]\s*(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")
INDENT = re.compile(r"^(\s{2,}|\t)")


def _inline(text: str) -> str:
    """Escape, then turn **bold** into <strong>; the asterisks are not HTML, so escaping keeps them."""
    return BOLD.sub(r"<strong>\1</strong>", escape(text.strip()))


def render_policy_markdown(text: str) -> SafeString:
    """Policy Markdown as HTML; anything that is not Markdown is shown as typed, never run."""
    html: list[str] = []
    paragraph: list[str] = []
    list_tag: str | None = None
    nested = False

    def close_paragraph():
        if paragraph:
            html.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag, nested
        if nested:
            html.append("</ul></li>")
            nested = False
        if list_tag:
            html.append(f"</{list_tag}>")
            list_tag = None

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            close_paragraph()
            close_list()
            continue
        heading = HEADING.match(line.strip())
        if heading:
            close_paragraph()
            close_list()
            # # is the page's section level (h2); the page title is the document's h1.
            level = min(len(heading.group(1)) + 1, 5)
            html.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
            continue
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if bullet or numbered:
            close_paragraph()
            item = _inline((bullet or numbered).group(1))
            tag = "ul" if bullet else "ol"
            if bullet and list_tag and INDENT.match(line) and html[-1].endswith("</li>"):
                # An indented bullet under an item: one nested level, as the seeds use it.
                if not nested:
                    html[-1] = html[-1][: -len("</li>")]
                    html.append("<ul>")
                    nested = True
                html.append(f"<li>{item}</li>")
                continue
            if nested:
                html.append("</ul></li>")
                nested = False
            if list_tag != tag:
                close_list()
                html.append(f"<{tag}>")
                list_tag = tag
            html.append(f"<li>{item}</li>")
            continue
        close_list()
        paragraph.append(_inline(line))
    close_paragraph()
    close_list()
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of text above went through escape()
