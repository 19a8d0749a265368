"""Tab rows: one row per line, cells between tabs (a spreadsheet or a Word table pasted as
text)."""
from __future__ import annotations

from ..blocks import Block, Cell, Paragraph
from ..lexicon.columns import duty_header_roles, looks_like_header
from .lines import make_table, paragraphs_from


def tab_rows_table(text: str, blocks: list[Block], i: int):
    """One row per line, cells between tabs (a spreadsheet or a Word table pasted as text).
    Tabs also indent headings, so the first row must be a header of known column words."""
    first = blocks[i].text
    if "\t" not in first or first.startswith("\t") or "\t" not in first.strip():
        return None, i + 1
    header = [c.strip() for c in first.strip().split("\t")]
    if not (looks_like_header(header) or duty_header_roles(header)):
        return None, i + 1
    width = len(header)
    rows: list[list[Cell]] = []
    last = i
    for j, p in paragraphs_from(blocks, i):
        if "\t" not in p.text.strip():
            break
        rows.append(_tab_cells(p, width))
        last = j
    if len(rows) < 2:
        return None, i + 1
    return make_table(rows, "tab_rows", blocks[i], blocks[last]), last + 1


def _tab_cells(p: Paragraph, width: int) -> list[Cell]:
    cells, pos = [], 0
    for piece in p.text.split("\t"):
        lead = len(piece) - len(piece.lstrip())
        start = p.start + pos + lead
        cells.append(Cell(text=piece.strip(), start=start, end=start + len(piece.strip())))
        pos += len(piece) + 1
    return (cells + [Cell() for _ in range(width)])[:max(width, len(cells))]

