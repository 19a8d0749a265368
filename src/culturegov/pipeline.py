"""Blocks → PolicyDocument: layout repair, each recognizer in turn, then the normalizers,
then the account of the text nobody claimed."""
from __future__ import annotations

import gc
from contextlib import contextmanager

import regex

from .errors import InputTooLargeError
from .limits import get_limits
from .models import Finding, PolicyDocument, Span, UnparsedText
from .normalize.targets import extract_targets
from .normalize.time import parse_deadline
from .blocks import Block, Paragraph
from .recognizers.citations import recognize_citations
from .recognizers.duties import recognize_duties
from .recognizers.duty_tables import recognize_duty_tables
from .layouts import repair_layout
from .recognizers.members import recognize_members
from .recognizers.metadata import recognize_metadata
from .recognizers.outline import recognize_outline
from .recognizers.region import document_region
from .recognizers.tasks import recognize_tasks
from .blocks.pieces import Piece, split_piece, split_pieces


def build_document(text: str, blocks: list[Block], *, source: str | None, fmt: str,
                   encoding: str | None) -> PolicyDocument:
    limit = get_limits().max_text_chars
    if len(text) > limit:
        raise InputTooLargeError(f"the text has {len(text):,} characters, over the limit of "
                                 f"{limit:,}; split the file or raise max_text_chars",
                                 path=source)
    with _cyclic_gc_paused():
        return _build(text, blocks, source=source, fmt=fmt, encoding=encoding)


@contextmanager
def _cyclic_gc_paused():
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
    blocks = repair_layout(text, blocks)
    pieces = split_pieces([b for b in blocks if isinstance(b, Paragraph)])
    meta = recognize_metadata(blocks, pieces, text)
    metadata = meta.metadata
    pieces = _split_known_titles(pieces, meta.known_titles)
    claimed_pieces = _claimed_units(pieces, meta.claimed, meta.known_titles)

    outline, articles, findings = recognize_outline(pieces, text, claimed_pieces, len(text))
    members, member_units = recognize_members(pieces, text, claimed_pieces)
    duties, duty_findings, duty_pieces = recognize_duties(pieces, text, claimed_pieces | member_units)
    tasks, task_findings, task_headers = recognize_tasks(blocks, text)
    table_duties, table_findings, duty_headers = recognize_duty_tables(blocks, text)
    if table_duties:  # in reading order with the duties of the running text
        duties = sorted(duties + table_duties, key=lambda d: d.span.start)
    duty_findings += table_findings
    citations, citation_spans = recognize_citations(
        text, [t for t in meta.known_titles if t])
    metadata.region, metadata.city = document_region(metadata.title, metadata.issuer, text)

    year = _reference_year(metadata)
    for task in tasks:
        raw = task.extra.pop("_deadline_raw", None)
        if raw:
            task.deadline, problem = parse_deadline(raw, year)
            if problem:
                findings.append(Finding(code="unparsed_deadline", span=task.span,
                                        message=f"deadline {raw!r} not understood: {problem}"))
        by_year = task.deadline.end.year if task.deadline and task.deadline.end else None
        task.targets = extract_targets(task.content or task.title or "", by_year)
    for duty in duties:
        duty.targets = extract_targets(duty.text)

    doc = PolicyDocument(source=source, format=fmt, encoding=encoding, metadata=metadata,
                         outline=outline, duties=duties, tasks=tasks, member_units=members,
                         articles=articles, citations=citations, text=text,
                         findings=findings + duty_findings + task_findings)
    doc.kind = _kind(doc)
    from .agencies import resolve_document_agencies

    resolve_document_agencies(doc)
    doc.findings.extend(_membership_findings(doc))
    claimed = [*meta.claimed, *citation_spans, *task_headers, *duty_headers,
               *(s.body or s.span for s in outline), *(a.span for a in articles),
               *(m.span for m in members),
               *(pieces[i] for i in claimed_pieces | member_units | duty_pieces),
               *(d.span for d in duties), *(d.agency.span for d in duties if d.agency.span),
               *(t.span for t in tasks)]
    doc.unparsed = _unclaimed(text, claimed)
    return doc


def _split_known_titles(pieces: list[Piece], titles: list[str]) -> list[Piece]:
    """A web page glues an attachment's title to what follows it (…职责分工区政府办公室):
    cut the piece after the title so the agency after it stands alone."""
    from .normalize.text import fold_width

    folded = [fold_width(t) for t in titles]
    out: list[Piece] = []
    for piece in pieces:
        for title in folded:
            if piece.text.startswith(title) and len(piece.text) > len(title):
                left, right = split_piece(piece, len(title))
                out.extend((left, right))
                break
        else:
            out.append(piece)
    return out


def _claimed_units(pieces: list[Piece], spans: list[Span], titles: list[str]) -> set[int]:
    """Units the metadata already took: inside one of its spans, or a known title."""
    from .normalize.text import fold_width

    folded = {fold_width(t) for t in titles}
    # A mask, not a test against every span: a long text can have thousands of spans.
    covered = _coverage(spans, max((s.end for s in spans), default=0))
    return {i for i, u in enumerate(pieces) if u.text in folded
            or (u.end <= len(covered) and covered.find(0, u.start, u.end) < 0)}


def _coverage(spans: list, length: int) -> bytearray:
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


_YEAR_IN_TITLE = regex.compile(r"((?:19|20)\d{2})年")


def _reference_year(metadata) -> int | None:
    """The year that 年底前 or 一季度 mean: the issue date's, else a year in the title
    (清河县2020年重点工作任务清单)."""
    for date in (metadata.issue_date, metadata.publish_date):
        if date:
            return date.year
    m = _YEAR_IN_TITLE.search(metadata.title or "")
    return int(m.group(1)) if m else None


def _kind(doc: PolicyDocument) -> str:
    title = doc.metadata.title or ""
    duties, tasks = len(doc.duties), len(doc.tasks)
    if duties >= 3 and tasks >= 3:
        return "mixed"
    if title.endswith(("工作方案", "实施方案", "工作计划", "行动计划")) or \
            (doc.articles and doc.member_units):
        return "work_plan"
    if tasks >= 3:
        return "task_table"
    if duties >= 3:
        return "duty_division"
    return "narrative"


def _membership_findings(doc: PolicyDocument) -> list[Finding]:
    if not doc.member_units or not doc.duties:
        return []
    members = {m.agency.name.replace(" ", "") for m in doc.member_units}
    with_duties = {d.agency.name.replace(" ", "") for d in doc.duties}
    out = []
    for m in doc.member_units:
        if m.agency.name.replace(" ", "") not in with_duties:
            out.append(Finding(code="member_without_duties", span=m.span,
                               message=f"member unit {m.agency.name} has no duties"))
    for name in sorted(with_duties - members):
        out.append(Finding(code="agency_not_member",
                           message=f"{name} has duties but is not among the member units"))
    return out


_NEWLINE = regex.compile("\n")
_FREE = regex.compile(b"\x00+")


def _unclaimed(text: str, claimed: list) -> list[UnparsedText]:
    """Every stretch of a line that no element claimed, so nothing is lost silently."""
    covered = _coverage(claimed, len(text))
    for m in _NEWLINE.finditer(text):  # a stretch never runs over a line break
        covered[m.start()] = 1
    out: list[UnparsedText] = []
    for m in _FREE.finditer(covered):
        piece = text[m.start():m.end()]
        if any(c.isalnum() for c in piece):
            a = m.start() + len(piece) - len(piece.lstrip())
            body = piece.strip()
            out.append(UnparsedText(text=body, span=Span(start=a, end=a + len(body))))
    return out
