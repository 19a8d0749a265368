"""Pipe rows: `a | b | c |`, empty cells `||` included."""
from __future__ import annotations

from ..blocks import Block, Cell, Paragraph
from .lines import make_table, paragraphs_from


def _pipe_cells(p: Paragraph, leading_pipe: bool, least: int = 2) -> list[Cell] | None:
    if "|" not in p.text:
        return None
    cells, pos = [], 0
    for piece in p.text.split("|"):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        start = p.start + pos + lead
        cells.append(Cell(text=stripped, start=start, end=start + len(stripped)))
        pos += len(piece) + 1
    if p.text.rstrip().endswith("|"):
        cells = cells[:-1]  # the closing pipe opens no cell
    if leading_pipe and p.text.lstrip().startswith("|"):
        cells = cells[1:]  # `| a | b |` style: the opening pipe opens no cell either
    return cells if len(cells) >= 2 and sum(1 for c in cells if c.text) >= least else None


def pipe_rows_table(text: str, blocks: list[Block], i: int):
    if "|" not in blocks[i].text:
        return None, i + 1  # the first row has no cells (the test _pipe_cells starts with)
    rows, last = [], i
    # Whether rows open with a pipe is a property of the table, read off its first row; in a
    # table whose rows do not, a row opening with `|` has an empty first cell.
    leading_pipe = blocks[i].text.lstrip().startswith("|")
    for j, p in paragraphs_from(blocks, i):
        # Once the table has begun, a row may hold one filled cell (the others merged above).
        cells = _pipe_cells(p, leading_pipe, least=1 if rows else 2)
        if cells is None:
            break
        rows.append(cells)
        last = j
    if not rows:
        return None, i + 1
    width = max(len(r) for r in rows)
    rows = [r + [Cell() for _ in range(width - len(r))] for r in rows]
    return make_table(rows, "pipe_rows", blocks[i], blocks[last]), last + 1

