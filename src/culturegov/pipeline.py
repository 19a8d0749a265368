"""Blocks → PolicyDocument, stage by stage: layout repair, the recognizers in their order,
agency resolution, normalization, and the account of the text nobody claimed."""
from __future__ import annotations

import gc
from contextlib import contextmanager

from .agencies import is_agency_name, resolve_document_agencies
from .blocks import Block
from .blocks.draft import Draft
from .blocks.invisible import settle_invisible
from .blocks.writer import check_text_chars
from .layouts import repair_layout
from .models import PolicyDocument
from .normalize.items import normalize_items
from .blocks.script import ScriptView
from .recognizers import RECOGNIZERS
from .recognizers.consistency import membership_findings
from .recognizers.kind import document_kind


def build_document(text: str, blocks: list[Block], *, source: str | None, fmt: str,
                   encoding: str | None, findings: list | None = None) -> PolicyDocument:
    """The document of a reader's text and blocks; `findings` are the reader's own."""
    check_text_chars(len(text), source)  # the readers check as they go; parse_text here
    text, blocks, removed = settle_invisible(text, blocks)
    with cyclic_gc_paused():
        doc = _build(text, blocks, source=source, fmt=fmt, encoding=encoding)
    doc.findings[:0] = (findings or []) + ([removed] if removed else [])
    return doc


@contextmanager
def cyclic_gc_paused():
    """Parsing allocates hundreds of thousands of small objects and no reference cycles;
    the cyclic collector, triggered by the allocations alone, rescans them again and again
    (a third of the time on a 2 MB document) and finds nothing to free."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _build(text: str, blocks: list[Block], *, source: str | None, fmt: str,
           encoding: str | None) -> PolicyDocument:
    script = ScriptView.of(text)  # a traditional page is read through its simplified form
    draft = Draft.of(script.working, repair_layout(script.working, script.blocks(blocks)),
                     is_agency_name)
    items: dict[str, list] = {}
    findings = []
    for recognizer in RECOGNIZERS:
        found = recognizer.recognize(draft)
        draft.claim(found.spans, reserve=recognizer.reserves)
        findings += found.findings
        for name, values in found.items.items():
            items.setdefault(name, []).extend(values)
    # Duties of the running text and of duty tables, in reading order.
    items.get("duties", []).sort(key=lambda d: d.span.start)

    doc = PolicyDocument(source=source, format=fmt, encoding=encoding, metadata=draft.metadata,
                         text=text, findings=findings, **items)
    doc.kind = document_kind(doc)
    normalize_items(doc)
    resolve_document_agencies(doc)
    doc.findings.extend(membership_findings(doc))
    doc.unparsed = draft.unclaimed()
    if script.finding:
        doc.findings.append(script.finding)
    script.restore(doc)
    return doc
