"""Comparing markup as a browser shows it, for the rows drawn in Python instead of a template."""

import re


def page_text(html) -> str:
    """``html`` with runs of white space taken as one space, and none between tags."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()
