"""One cell per line, each opened by a pipe (`| 序号`), an empty cell a lone `|`: the header's
cells up to the first row number, then the rows, each exactly as wide as the header."""
from __future__ import annotations

import regex

from ..blocks import Block, Cell, Paragraph
from .cell_kinds import ROW_NUMBER
from .cell_lines import header_is_words, joined_header
from .lines import make_table, paragraphs_from

_CELL_LINE = regex.compile(r"^\s*\|(?P<cell>[^|]*)\|?\s*$")


def _cell(p: Paragraph) -> Cell | None:
    m = _CELL_LINE.match(p.text)
    if not m:
        return None
    raw = m.group("cell")
    lead = len(raw) - len(raw.lstrip())
    start = p.start + m.start("cell") + lead
    return Cell(text=raw.strip(), start=start, end=start + len(raw.strip()))


def pipe_cell_lines_table(text: str, blocks: list[Block], i: int):
    first = _cell(blocks[i])
    if first is None or not first.text:
        return None, i + 1
    cells: list[Cell] = []
    last = i
    for j, p in paragraphs_from(blocks, i):
        cell = _cell(p)
        if cell is None:
            break
        cells.append(cell)
        last = j
    body_at = next((k for k, c in enumerate(cells) if ROW_NUMBER.match(c.text)), None)
    if not body_at:
        return None, last + 1
    names = joined_header(cells[:body_at])
    if not header_is_words(names):
        return None, last + 1
    width, body = len(names), cells[body_at:]
    rows = [names] + [body[k:k + width] for k in range(0, len(body), width)]
    rows[-1] += [Cell() for _ in range(width - len(rows[-1]))]  # a row cut off
    return make_table(rows, "pipe_cell_lines", blocks[i], blocks[last]), last + 1
