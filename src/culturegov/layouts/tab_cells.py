"""Tab cells: every cell line starts with a tab, a line without one continues the cell."""
from __future__ import annotations

from ..blocks import Block, Cell, Paragraph
from .lines import blank_line_before, cell_of, make_table, paragraphs_from


def tab_cells_table(text: str, blocks: list[Block], i: int):
    if not blocks[i].text.startswith("\t"):
        return None, i + 1
    header: list[Paragraph] = []
    j = i
    for j, p in paragraphs_from(blocks, i):
        if not p.text.startswith("\t") or (header and blank_line_before(text, blocks, j)):
            break
        header.append(p)
    else:
        j += 1
    ncols = len(header)
    if ncols < 2:
        return None, i + 1
    cells: list[list[Paragraph]] = [[p] for p in header]
    last = j - 1
    for j, p in paragraphs_from(blocks, j):
        if p.text.startswith("\t"):
            cells.append([p])
        elif len(cells) % ncols == 0 and blank_line_before(text, blocks, j):
            break  # a plain line after a complete row: the table has ended
        else:
            cells[-1].append(p)  # a cell continued on a line without a tab
        last = j
    else:
        last = j
    if len(cells) < 2 * ncols:
        # Too few cells for the header's width. The body held len(cells) - ncols cells, all
        # it holds at any width (it stopped before its first cell, or ran to its end). A start
        # lower in the header keeps the header's end and this body, with fewer columns: it
        # can succeed only with no more columns than that.
        return None, i + 2 * ncols - len(cells)
    rows = [[cell_of(c) for c in cells[k:k + ncols]] for k in range(0, len(cells), ncols)]
    rows[-1] += [Cell() for _ in range(ncols - len(rows[-1]))]
    return make_table(rows, "tab_cells", blocks[i], blocks[last]), last + 1

