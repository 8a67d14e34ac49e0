"""Reading a PDF back as its reader would: the words of each line, and where each word sits.

pdftotext (poppler-utils) gives the words of a right-to-left line in visual order, so lines are
compared as sets of words; the order a reader sees is checked with the words' positions.
"""

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from itertools import pairwise

import pytest

# Directional marks and isolates pdftotext may put around right-to-left runs.
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069"))
ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def _pdftotext(content: bytes, tmp_path, *args: str) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    return subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [pdftotext, *args, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_lines(content: bytes, tmp_path) -> list[set[str]]:
    """The words of each line of the PDF."""
    text = _pdftotext(content, tmp_path, "-raw")
    # Punctuation sticks to the visual start or end of a word in a right-to-left line: set it apart.
    return [
        {word.strip("،؛:.«»()") or word for word in line.translate(BIDI_MARKS).split()} for line in text.splitlines()
    ]


def pdf_words(content: bytes, tmp_path) -> set[str]:
    return set().union(*pdf_lines(content, tmp_path))


def shows(lines: list[set[str]], *words: str) -> bool:
    """Whether one line of the PDF holds all these words."""
    return any(set(words) <= line for line in lines)


def shows_near(lines: list[set[str]], *words: str) -> bool:
    """Whether these words stand on one line or two lines in a row (a table cell wraps its text)."""
    return shows(lines, *words) or any(set(words) <= first | second for first, second in pairwise(lines))


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    text: str


ARABIC_LETTER = re.compile("[\u0621-\u064a]")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>')


def pdf_positioned_words(content: bytes, tmp_path) -> list[Word]:
    """Every word with its page and the left edge and top of its box."""
    words = []
    for page_number, page in enumerate(_pdftotext(content, tmp_path, "-bbox").split("<page ")[1:], start=1):
        for x, y, text in WORD.findall(page):
            text = html.unescape(text).translate(BIDI_MARKS)
            # The boxes list an Arabic word's letters in visual (right-to-left) order.
            if ARABIC_LETTER.search(text):
                text = text[::-1]
            words.append(Word(page_number, float(x), float(y), text))
    return words


def reads_left_to_right(words: list[Word], *parts: str) -> bool:
    """Whether ``parts`` stand on one line in this left-to-right visual order (a phone number's groups)."""
    for first in (w for w in words if w.text == parts[0]):
        line = [w for w in words if w.page == first.page and abs(w.y - first.y) < 2]
        found = []
        for part in parts:
            match = [w for w in line if w.text == part]
            if not match:
                break
            found.append(match[0].x)
        if len(found) == len(parts) and found == sorted(found):
            return True
    return False


def page_footers(content: bytes, tmp_path) -> list[str]:
    """The text of the lowest line of each page (where the page number is)."""
    footers = []
    words = pdf_positioned_words(content, tmp_path)
    for page in sorted({w.page for w in words}):
        on_page = [w for w in words if w.page == page]
        bottom = max(w.y for w in on_page)
        footers.append(" ".join(w.text for w in sorted(on_page, key=lambda w: w.x) if abs(w.y - bottom) < 2))
    return footers


def embedded_fonts(content: bytes, tmp_path) -> set[str]:
    """The names of the fonts embedded in the PDF (pdffonts), without the subset prefix."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    listing = subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [pdffonts, str(path)], capture_output=True, check=True, text=True
    ).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in listing if line.strip() and " yes " in line}
