"""One cell per line with no markers, the header row giving the column count."""
from __future__ import annotations

import regex

from ..blocks import Block, Cell, Paragraph
from ..lexicon.columns import column_role, header_roles
from .lines import blank_line_before, cell_of, make_table, paragraphs_from

_ROW_NUMBER = regex.compile(r"^\s*\d{1,3}\s*$")
_OUTLINE_START = regex.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+[章条节])")


def cell_lines_table(text: str, blocks: list[Block], i: int):
    first = blocks[i].text
    if len(first.strip()) > 8 or column_role(first) != "number":
        # The table must open with the number column's header word (header_roles, below,
        # gives a short line the role column_role gives it): a line of prose never does.
        return None, i + 1
    header: list[Paragraph] = []
    for _, p in paragraphs_from(blocks, i):
        if len(p.text.strip()) > 8 or column_role(p.text) is None:
            break
        header.append(p)
    roles = header_roles([p.text for p in header]) if len(header) >= 3 else None
    if not roles or roles[0] != "number":
        return None, i + 1
    ncols = len(header)
    groups: list[list[Paragraph]] = []
    last = i + ncols - 1
    for j, p in paragraphs_from(blocks, i + ncols):
        if _ROW_NUMBER.match(p.text):
            groups.append([p])
        elif not groups or _OUTLINE_START.match(p.text) or (
                len(groups[-1]) >= ncols and blank_line_before(text, blocks, j)):
            break
        else:
            groups[-1].append(p)
        last = j
    if not groups:
        return None, i + 1
    if len(groups[-1]) > ncols:
        # Nothing marks where the last row ends: the lines after it are the document's
        # next text far more often than continuation rows of the last task.
        last -= len(groups[-1]) - ncols
        groups[-1] = groups[-1][:ncols]
    rows = [[cell_of([p]) for p in header]]
    for group in groups:
        rows.extend(_markerless_rows(group, roles))
    return make_table(rows, "cell_lines", blocks[i], blocks[last]), last + 1


def _markerless_rows(group: list[Paragraph], roles: list[str | None]) -> list[list[Cell]]:
    """Lay one numbered group of lines onto the columns.

    Empty cells leave no line behind, so a group may be short (fill from both ends: the
    number and task on the left, a deadline on the right) or hold continuation rows that
    lack the number and task (split the surplus into rows of the remaining width).
    """
    ncols = len(roles)
    lines = [cell_of([p]) for p in group]
    if len(lines) == ncols:
        return [lines]
    inner = ncols - 2
    if len(lines) > ncols and inner > 0 and (len(lines) - ncols) % inner == 0:
        rows = [lines[:ncols]]
        for k in range(ncols, len(lines), inner):
            rows.append([Cell(), Cell(), *lines[k:k + inner]])
        return rows
    row = [Cell() for _ in roles]
    row[0], rest = lines[0], lines[1:]
    if rest and roles[-1] == "deadline":
        row[-1], rest = rest[-1], rest[:-1]
    for k, cell in enumerate(rest[: ncols - 1]):
        row[1 + k] = cell
    return [row]

