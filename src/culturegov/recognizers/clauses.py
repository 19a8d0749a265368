"""Clauses of running text for the list recognizers: paragraphs cut at 。;!? into clauses
that may run on over a page marker or a page break, and clauses cut into tokens at the
separators of a list (、 , / spaces) and at colons."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..blocks import Paragraph

_CLAUSE_END = regex.compile(r"[。;!?]")
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


# A token is a run of characters that are neither a list separator (、 , / spaces) nor a
# colon or clause end; each colon or clause end is a token of its own.
_TOKEN = regex.compile(r"[^、,/\s:。;!?]+|[:。;!?]")
_STOPS = frozenset(":。;!?")


def clause_tokens(clause: list[Segment]) -> list[tuple[int, int, str]]:
    """The clause cut at separators (、 , / spaces) and colons: (start, end, text). A colon
    ends a lead-in (成员单位：A、B): a list never runs over it, so the colon is a token of
    its own, written ":", which no name run takes."""
    out = []
    for seg in clause:
        base = seg.start
        for m in _TOKEN.finditer(seg.text):
            text = m.group()
            a, b = m.span()
            out.append((base + a, base + b, ":" if text in _STOPS else text))
    return out


# The tokens that may hold a name: two characters or more, no separator, colon or end.
_WORD = regex.compile(r"[^、,/\s:。;!?]{2,}")


def clause_words(clause: list[Segment]) -> list[str]:
    """The texts of the clause's tokens of two characters or more (what a look-up of names
    can take), without their offsets: a quick first look at a clause."""
    if len(clause) == 1:
        return _WORD.findall(clause[0].text)
    return [word for seg in clause for word in _WORD.findall(seg.text)]


class ClauseText:
    """The text of a clause between two document offsets. The clause's segments are in
    text order and may have gaps between them (a page marker left out): a bisection finds
    the first segment wanted, so a look-up costs what it returns, not a pass over every
    segment of a clause that runs over many pages."""

    def __init__(self, clause: list[Segment]):
        self._starts = [seg.start for seg in clause]
        self._ends = [seg.start + len(seg.text) for seg in clause]
        self._texts = [seg.text for seg in clause]
        self._commas: list[int] | None = None  # found when first asked for

    def after_last_comma(self, at: int) -> int:
        """Where the text after the clause's last comma before `at` begins (the clause's
        start when there is none)."""
        if self._commas is None:
            self._commas = [start + k for start, text in zip(self._starts, self._texts)
                            for k in _positions(text, ",")]
        k = bisect_left(self._commas, at)
        return self._commas[k - 1] + 1 if k else self._starts[0]

    def between(self, a: int, b: int) -> str:
        parts = []
        k = bisect_right(self._ends, a)  # the first segment that ends after a
        while k < len(self._starts) and self._starts[k] < b:
            start = self._starts[k]
            lo, hi = max(a, start), min(b, self._ends[k])
            if lo < hi:
                parts.append(self._texts[k][lo - start:hi - start])
            k += 1
        return "".join(parts)


def _positions(text: str, ch: str):
    k = text.find(ch)
    while k >= 0:
        yield k
        k = text.find(ch, k + 1)


@dataclass
class LeadIn:
    refuses: bool  # holds a word that says the names are no list (…职责)
    says: bool  # holds a word that announces a list (成员单位, 由)
    text: Callable[[], str]  # the lead-in without whitespace, made when asked


class LeadIns:
    """The lead-in before each candidate list of a clause: the text after the last comma
    before the list, read without whitespace, and whether it holds a word of `refusing` or
    of `announcing`. Candidates come in text order; a lead-in that starts at the same comma
    as the one before is the one before and more, so only its new part is searched (a
    clause of a thousand names without a comma is not searched from its start a thousand
    times)."""

    def __init__(self, full: ClauseText, refusing: tuple[str, ...], announcing: tuple[str, ...]):
        self._full = full
        self._refusing, self._announcing = refusing, announcing
        # A word found in the new part may begin this many characters before it.
        self._overlap = _longest(refusing + announcing) - 1
        self._start = self._end = -1
        self._tail = ""  # the last characters read, for a word that runs into the new part
        self._refuses = self._says = False

    def at(self, end: int) -> LeadIn:
        start = self._full.after_last_comma(end)
        if start != self._start or end < self._end:
            self._start, self._end, self._tail = start, start, ""
            self._refuses = self._says = False
        look = self._tail + "".join(self._full.between(self._end, end).split())
        self._refuses = self._refuses or any(w in look for w in self._refusing)
        self._says = self._says or any(w in look for w in self._announcing)
        self._tail = look[-self._overlap:] if self._overlap > 0 else ""
        self._end = end
        return LeadIn(self._refuses, self._says,
                      lambda: "".join(self._full.between(start, end).split()))


@lru_cache(maxsize=8)
def _longest(words: tuple[str, ...]) -> int:
    return max(map(len, words), default=1)

