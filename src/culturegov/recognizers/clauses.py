"""Clauses of running text for the list recognizers: paragraphs cut at 。;!? into clauses
that may run on over a page marker or a page break, and clauses cut into tokens at the
separators of a list (、 , / spaces) and at colons."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..blocks import Paragraph

_CLAUSE_END = regex.compile(r"[。;!?]")
_SEPARATOR = regex.compile(r"[、,/\s]+")
_LIST_SEPARATOR_END = regex.compile(r"[、,]\s*$")
# A page number line a scraped or converted page leaves inside the text: — 2 —, -3-, 第4页.
PAGE_MARKER = regex.compile(r"^\s*(?:[-—–─]+\s*\d{1,3}\s*[-—–─]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?"
                             r"|\d{1,3}\s*/\s*\d{1,3})\s*$")


@dataclass
class Segment:
    """A stretch of one paragraph's working text, with its offset in the document."""
    text: str
    start: int
    para: Paragraph


def clauses(paragraphs: list[Paragraph]):
    """Clauses (between 。;!? and paragraph ends) as lists of segments. A clause that ends
    its paragraph on a list separator (、 ,), or with no closing punctuation before a page
    marker or a new page, goes on in the next paragraph."""
    carry: list[Segment] = []
    markers: list[tuple[int, int]] = []
    i = 0
    while i < len(paragraphs):
        para = paragraphs[i]
        text, pos = para.text, 0
        segments: list[Segment] = []
        for m in _CLAUSE_END.finditer(text):
            segments.append(Segment(text[pos:m.end()], para.start + pos, para))
            pos = m.end()
        tail = Segment(text[pos:], para.start + pos, para) if text[pos:].strip() else None
        if carry and segments:
            carry.append(segments.pop(0))
            yield carry, markers
            carry, markers = [], []
        elif carry and tail is None:
            yield carry, markers
            carry, markers = [], []
        for segment in segments:
            yield [segment], []
        if tail is None:
            i += 1
            continue
        carry.append(tail)
        j = i + 1
        skipped = []
        while j < len(paragraphs) and PAGE_MARKER.match(paragraphs[j].text):
            skipped.append((paragraphs[j].start, paragraphs[j].end))
            j += 1
        new_page = j < len(paragraphs) and paragraphs[j].page != para.page
        if _LIST_SEPARATOR_END.search(tail.text) or (skipped or new_page) and j < len(paragraphs):
            markers += skipped
            i = j
            continue
        yield carry, markers
        carry, markers = [], []
        i += 1
    if carry:
        yield carry, markers


def clause_tokens(clause: list[Segment]) -> list[tuple[int, int, str]]:
    """The clause cut at separators (、 , / spaces) and colons: (start, end, text)."""
    out = []
    for seg in clause:
        pos = 0
        for m in _SEPARATOR.finditer(seg.text + " "):
            for part in _split_colon(seg.text[pos:m.start()], seg.start + pos):
                out.append(part)
            pos = m.end()
    return out


def _split_colon(text: str, start: int):
    """A colon ends a lead-in (成员单位：A、B): a list never runs over it, so the colon is a
    token of its own, which no name run takes."""
    pos = 0
    for k, ch in enumerate(text):
        if ch in ":。;!?":
            if text[pos:k]:
                yield start + pos, start + k, text[pos:k]
            yield start + k, start + k + 1, ":"
            pos = k + 1
    if text[pos:]:
        yield start + pos, start + len(text), text[pos:]


def text_between(full: dict[int, str], a: int, b: int) -> str:
    parts = []
    for start, text in full.items():
        lo, hi = max(a, start), min(b, start + len(text))
        if lo < hi:
            parts.append(text[lo - start:hi - start])
    return "".join(parts)
