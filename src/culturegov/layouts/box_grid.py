"""Box-drawing grids, as a terminal or a text export draws a table:

    ┌──┬────────┬──────┐
    │序号│工作任务    │牵头单位  │
    ├──┼────────┼──────┤
    │1 │建设文化广场  │县文旅局  │
    │  │（续一行）    │      │
    └──┴────────┴──────┘

A row is the run of `│` lines between two rule lines; each of its cells is the column's
pieces of those lines, one line of the cell per line of the grid."""
from __future__ import annotations

import regex

from ..blocks import Block, Cell, Paragraph
from .lines import make_table, paragraphs_from

_RULE = regex.compile(r"^\s*[┌├└╞╘╒┝┠╟╠╔╚+][─━═┬┼┴┯┷┿╤╧╪╋╦╩╬+\-\s┤┐┘┥┨╢╣╗╝]*\s*$")
_BAR = "│┃║"
_CELL_LINE = regex.compile(r"^\s*[│┃║]")


def box_grid_table(text: str, blocks: list[Block], i: int):
    if not _RULE.match(blocks[i].text) and not _CELL_LINE.match(blocks[i].text):
        return None, i + 1
    rows: list[list[list[Cell]]] = []  # per row, per column, its pieces
    current: list[list[Cell]] | None = None
    last = i
    for j, p in paragraphs_from(blocks, i):
        if _RULE.match(p.text):
            current = None
        elif _CELL_LINE.match(p.text):
            pieces = _pieces(p)
            if current is None:
                current = [[] for _ in pieces]
                rows.append(current)
            for k, piece in enumerate(pieces):
                if k < len(current):
                    current[k].append(piece)
                elif piece.text:
                    current[-1].append(piece)  # a bar missing from this line: one cell wider
        else:
            break
        last = j
    if len(rows) < 2:
        return None, last + 1
    width = max(len(r) for r in rows)
    table_rows = [[_joined(col) for col in row] + [Cell() for _ in range(width - len(row))]
                  for row in rows]
    return make_table(table_rows, "box_grid", blocks[i], blocks[last]), last + 1


def _pieces(p: Paragraph) -> list[Cell]:
    line = p.text.rstrip()
    bars = [k for k, ch in enumerate(line) if ch in _BAR]
    if bars and bars[-1] != len(line) - 1:
        bars.append(len(line))  # an unclosed last cell
    cells = []
    for a, b in zip(bars, bars[1:]):
        raw = line[a + 1:b]
        lead = len(raw) - len(raw.lstrip())
        start = p.start + a + 1 + lead
        cells.append(Cell(text=raw.strip(), start=start, end=start + len(raw.strip())))
    return cells


def _joined(pieces: list[Cell]) -> Cell:
    filled = [c for c in pieces if c.text]
    if not filled:
        return Cell()
    if len(filled) == 1:
        return filled[0]
    return Cell(text="\n".join(c.text for c in filled), start=filled[0].start, end=filled[-1].end)
