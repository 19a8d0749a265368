"""Duty tables: a Table whose header names a body column and a duties column
(单位 | 职责, 成员单位 | 工作职责), one body per row. Each row becomes that body's duties, cut
the way a run-on duty list is: at its numbers (1. 2. / (1)) when the cell numbers them,
else at each line of the cell and at ；/。."""
from __future__ import annotations

from ..models import AgencyRef, Duty, Finding, Span
from ..normalize.text import fold_width
from ..blocks import Paragraph, Table
from ..lexicon.columns import duty_header_roles
from .duties import duties_of_cell
from ..blocks.pieces import split_pieces
from ..blocks.draft import Draft
from .contract import Found


def recognize_duty_tables(blocks: list, doc_text: str
                          ) -> tuple[list[Duty], list[Finding], list[Span], list[Span]]:
    """Duties from every duty table, findings about them, the header rows, and the other
    spans claimed (number cells, cells read whole)."""
    duties: list[Duty] = []
    findings: list[Finding] = []
    headers: list[Span] = []
    claimed: list[Span] = []
    for table in blocks:
        if not isinstance(table, Table) or not table.rows:
            continue
        roles = duty_header_roles([c.text for c in table.rows[0]])
        if roles is None:
            continue
        header = table.rows[0]
        headers.append(Span(start=header[0].start, end=header[-1].end, block=table.index,
                            page=table.page))
        body, text = roles.index("agency"), roles.index("duties")
        numbers = [i for i, r in enumerate(roles) if r == "number"]
        for row in table.rows[1:]:
            claimed.extend(Span(start=row[i].start, end=row[i].end) for i in numbers)
            name, cell = row[body], row[text]
            if not name.text.strip():
                continue
            raw = doc_text[name.start:name.end] if name.end > name.start else name.text
            agency = AgencyRef(name="".join(raw.split()), span=Span(
                start=name.start, end=name.end, block=table.index, page=table.page))
            found = duties_of_cell(agency, _cell_pieces(cell, doc_text, table), doc_text)
            if found:  # the cell holds nothing but these duties, their numbers and separators
                claimed.append(Span(start=cell.start, end=cell.end))
            else:
                findings.append(Finding(code="empty_duty", span=agency.span,
                                        message=f"{agency.name} is followed by no duty"))
            duties.extend(found)
    return duties, findings, headers, claimed


def _cell_pieces(cell, doc_text: str, table: Table):
    """The cell's lines as paragraphs, split into pieces. Each line is found in the document
    itself, so offsets are exact whatever spacing the reader changed in the cell's text."""
    window = fold_width(doc_text[cell.start:cell.end])
    lines, pos = [], 0
    for line in cell.text.split("\n"):
        line = line.strip()
        k = window.find(line, pos) if line else -1
        if k >= 0:
            lines.append(Paragraph(index=table.index, text=line, start=cell.start + k,
                                   end=cell.start + k + len(line), page=table.page))
            pos = k + len(line)
    return split_pieces(lines)


def recognize(draft: Draft) -> Found:
    duties, findings, headers, claimed = recognize_duty_tables(draft.blocks, draft.text)
    spans = [*headers, *claimed, *(d.span for d in duties), *(d.agency.span for d in duties if d.agency.span)]
    return Found(items={"duties": duties, "headers": headers}, spans=spans, findings=findings)
