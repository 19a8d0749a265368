"""Glyphs a PDF's fonts give no Unicode for, and the finding that names their pages.

A font without a usable ToUnicode map leaves the extractor only glyph numbers: pdfminer
writes them as "(cid:1234)"; other fonts map them into the Private Use Area, to U+FFFD or to
control characters. The text is kept as read (never dropped), and the pages are named so a
user knows where to OCR. Over character records ({"text": ...}) or page text, so any
character backend can use it.
"""
from __future__ import annotations

import re

from ..models import Finding

# One glyph the extractor could not map: pdfminer's "(cid:N)", a Private Use Area code point
# (BMP or planes 15-16), the replacement character, or a control character (never drawn).
_UNMAPPED = re.compile(r"\(cid:\d+\)|[\ue000-\uf8ff\U000f0000-\U0010ffff\ufffd"
                       r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def unmapped_count(chars: list[dict]) -> int:
    """How many of a page's character records carry no Unicode text."""
    # A match inside one record is a match in all of them joined: most pages have none,
    # and one search over the page's text says so.
    if not _UNMAPPED.search("".join([c["text"] for c in chars])):
        return 0
    return sum(1 for c in chars if _UNMAPPED.search(c["text"]))


def unmapped_finding(per_page: dict[int, tuple[int, int]]) -> Finding | None:
    """A finding naming the pages with unmapped glyphs; per_page maps a page number to
    (unmapped glyphs, visible characters)."""
    hit = {page: counts for page, counts in sorted(per_page.items()) if counts[0]}
    if not hit:
        return None
    glyphs = sum(n for n, _ in hit.values())
    drawn = sum(total for _, total in hit.values())
    return Finding(
        code="unmapped_glyphs",
        message=f"{glyphs} of {drawn} characters on page(s) {page_list(hit)} come from fonts "
                "without a Unicode mapping; they are kept as read ((cid:N) or private-use "
                "characters) and the text there may be wrong: check it against the PDF, or "
                "OCR those pages (e.g. `ocrmypdf --force-ocr -l chi_sim`)")


def page_list(pages) -> str:
    """1, 3-5, 9: page numbers as a reader of the PDF would type them."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
