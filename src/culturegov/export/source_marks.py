"""The source text of a document as HTML, every span the parse claimed marked in its colour.

Spans may overlap (a task row holds agency names; a duty lies inside a section), so the text
is cut at every span boundary into segments; a segment carries the kinds of all the marks that
cover it (its classes) and their ids (data-m). The text of the segments carrying an id, in
order, is exactly `doc.text[span.start:span.end]` of that mark: what the review page's hover
lights up and what its browser test checks. Every character of the text is written once.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from .keys import all_agency_refs

if TYPE_CHECKING:
    from ..models import PolicyDocument, Span

# Drawn in this order: a later kind's colour wins where marks overlap (a duty inside a task
# row shows as a duty). Agencies are underlined, findings outlined, so both show through.
KINDS = ("section", "header", "task", "duty", "member", "meta", "citation", "agency", "finding",
         "unparsed")


@dataclass(frozen=True)
class Mark:
    id: str  # unique in the page: d3, t0, md1, u2 …
    kind: str  # one of KINDS
    start: int
    end: int


def collect_marks(doc: PolicyDocument) -> list[Mark]:
    """Every span worth showing, with the id the structure side refers to it by."""
    size = len(doc.text)
    marks: list[Mark] = []

    def add(prefix: str, kind: str, index: int, span: Span | None) -> None:
        if span is None:
            return
        start, end = max(0, span.start), min(size, span.end)
        if start < end:
            marks.append(Mark(f"{prefix}{index}", kind, start, end))

    for i, span in enumerate(doc.metadata.spans):
        add("md", "meta", i, span)
    for i, duty in enumerate(doc.duties):
        add("d", "duty", i, duty.span)
    for i, task in enumerate(doc.tasks):
        add("t", "task", i, task.span)
    for i, member in enumerate(doc.member_units):
        add("m", "member", i, member.span)
    for i, person in enumerate(doc.persons):
        add("p", "member", i, person.span)
    for i, section in enumerate(doc.outline):
        add("s", "section", i, section.span)
    for i, header in enumerate(doc.headers):
        add("h", "header", i, header)
    for i, citation in enumerate(doc.citations):
        add("c", "citation", i, citation.span)
    for i, (_, ref) in enumerate(all_agency_refs(doc)):
        add("a", "agency", i, ref.span)
    for i, finding in enumerate(doc.findings):
        add("f", "finding", i, finding.span)
    for i, stretch in enumerate(doc.unparsed):
        add("u", "unparsed", i, stretch.span)
    return marks


def source_html(text: str, marks: list[Mark]) -> str:
    """The text, escaped, cut at every mark boundary; marked segments are <span>s."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    starting: dict[int, list[Mark]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark)
    order = {kind: n for n, kind in enumerate(KINDS)}
    active: list[Mark] = []
    parts: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        active = [m for m in active if m.end > a] + starting.get(a, [])
        piece = escape(text[a:b])
        if not active:
            parts.append(piece)
            continue
        kinds = sorted({m.kind for m in active}, key=order.__getitem__)
        classes = " ".join(f"k-{k}" for k in kinds)
        ids = " ".join(m.id for m in active)
        parts.append(f'<span class="{classes}" data-m="{ids}">{piece}</span>')
    return "".join(parts)
