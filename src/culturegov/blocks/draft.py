"""The draft every recognizer reads: the document's text, its Blocks, the pieces of its
paragraphs, what earlier recognizers found, and one record of the text they claimed.

A recognizer may reserve pieces (the metadata's title and 文号, a member list): later
recognizers leave those pieces alone. Every claimed span counts for the unparsed account.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..models import Metadata, Span, UnparsedText
from . import Block, Paragraph
from .pieces import Piece, split_pieces


@dataclass
class Draft:
    text: str
    blocks: list[Block]
    pieces: list[Piece] = field(default_factory=list)
    metadata: Metadata = field(default_factory=Metadata)
    known_titles: list[str] = field(default_factory=list)  # the title and attachment titles
    reserved: set[int] = field(default_factory=set)  # indexes into pieces
    claims: list = field(default_factory=list)  # spans (anything with start and end)
    # Where a reader joined wrapped lines with nothing drawn between (see Paragraph.wraps).
    wraps: frozenset[int] = frozenset()

    @classmethod
    def of(cls, text: str, blocks: list[Block], is_name=None) -> Draft:
        """`is_name`: see split_pieces (the pipeline passes the agencies room's shape test)."""
        paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
        return cls(text, blocks, split_pieces(paragraphs, is_name),
                   wraps=frozenset(at for p in paragraphs for at in p.wraps))

    def claim(self, spans: list, *, reserve: bool = False) -> None:
        """Record `spans` as placed; with `reserve`, the pieces wholly inside them are taken
        out of what later recognizers read."""
        self.claims.extend(spans)
        if reserve and spans:
            # A mask, not a test against every span: a long text can have thousands of spans.
            covered = coverage(spans, max(s.end for s in spans))
            self.reserved.update(
                i for i, p in enumerate(self.pieces)
                if i not in self.reserved and p.end <= len(covered)
                and covered.find(0, p.start, p.end) < 0)

    def unclaimed(self) -> list[UnparsedText]:
        """Every stretch of a line that no recognizer claimed, so nothing is lost silently."""
        covered = coverage(self.claims, len(self.text))
        for m in _NEWLINE.finditer(self.text):  # a stretch never runs over a line break
            covered[m.start()] = 1
        out: list[UnparsedText] = []
        for m in _FREE.finditer(covered):
            stretch = self.text[m.start():m.end()]
            if any(c.isalnum() for c in stretch):
                a = m.start() + len(stretch) - len(stretch.lstrip())
                body = stretch.strip()
                out.append(UnparsedText(text=body, span=Span(start=a, end=a + len(body))))
        return out


_NEWLINE = regex.compile("\n")
_FREE = regex.compile(b"\x00+")


def coverage(spans: list, length: int) -> bytearray:
    """1 for every character some span covers, 0 elsewhere."""
    covered = bytearray(length)
    ones = memoryview(b"\x01" * length)  # slices of a view copy nothing
    for span in spans:
        a, b = span.start, span.end
        if not 0 <= a < b <= length:  # rare: clamp into the text
            a, b = max(0, a), min(max(0, b), length)
            if a >= b:
                continue
        covered[a:b] = ones[:b - a]
    return covered
