"""One cell per line with no markers: the header's lines, then each row's lines, a row opening
at its number (1, 1.1, 第2组, (一)). Empty cells leave no line behind, so a row may be short:
it is padded at its end and the task recognizer lays its cells onto the columns by what they
hold. A header cell may be split over two lines (完成 / 时限): the halves are joined when
only the whole is a header word."""
from __future__ import annotations

from itertools import islice

import regex

from ..blocks import Block, Cell, Paragraph
from ..lexicon.markers import CN_NUMBER
from ..lexicon.columns import column_role, joins_header
from ..settings import get_settings
from .cell_kinds import ROW_NUMBER
from .lines import blank_line_before, cell_of, make_table, paragraphs_from

_OUTLINE_START = regex.compile(rf"^\s*(?:{CN_NUMBER}+[、.]|第{CN_NUMBER}+[章条节])")
_MAX_HEADER_LINE = 12


def cell_lines_table(text: str, blocks: list[Block], i: int):
    first = blocks[i].text
    following = blocks[i + 1].text if i + 1 < len(blocks) and isinstance(blocks[i + 1], Paragraph) else ""
    if len(first.strip()) > 8 or (column_role(first) != "number" and not (
            joins_header(first, following) and column_role(first.strip() + following.strip()) == "number")):
        # The table must open with the number column's header word: a line of prose never does.
        return None, i + 1
    header: list[Paragraph] = []
    for j, p in paragraphs_from(blocks, i):
        if len(p.text.strip()) > _MAX_HEADER_LINE or ROW_NUMBER.match(p.text) or \
                (header and blank_line_before(text, blocks, j) and column_role(p.text) is None):
            break
        header.append(p)
    header_end = i + len(header)
    names = joined_header([cell_of([p]) for p in header])
    if not header_is_words(names):
        return None, i + 1
    names = _fitted_to_first_row(names, blocks, header_end)
    ncols = len(names)
    groups: list[list[Cell]] = []
    last = header_end - 1
    for j, p in paragraphs_from(blocks, header_end):
        if ROW_NUMBER.match(p.text):
            groups.append([cell_of([p])])
        elif not groups or _OUTLINE_START.match(p.text) or (
                len(groups[-1]) >= ncols and blank_line_before(text, blocks, j)):
            break
        else:
            groups[-1].append(cell_of([p]))
        last = j
    if not groups:
        return None, i + 1
    if len(groups[-1]) > ncols:
        # Nothing marks where the last row ends: the lines after it are the document's
        # next text far more often than continuation rows of the last task.
        last -= len(groups[-1]) - ncols
        groups[-1] = groups[-1][:ncols]
    rows = [names]
    for group in groups:
        rows.extend(numbered_rows(group, ncols))
    return make_table(rows, "cell_lines", blocks[i], blocks[last]), last + 1


def _fitted_to_first_row(names: list[Cell], blocks: list[Block], at: int) -> list[Cell]:
    """More header cells than the first row has lines: join halves of split header words
    (工作 / 事项, 时间 / 节点, each a header word alone) until the counts agree."""
    numbers = list(islice((j for j, p in paragraphs_from(blocks, at) if ROW_NUMBER.match(p.text)), 2))
    if len(numbers) < 2 or numbers[0] != at:
        return names
    width = numbers[1] - numbers[0]
    names = list(names)
    k = 0
    while len(names) > width and k + 1 < len(names):
        a, b = names[k].text, names[k + 1].text
        if "number" not in (column_role(a), column_role(b)) and column_role(a + b) and \
                len(a) <= 2 and len(b) <= 2:
            names[k:k + 2] = [Cell(text=a + b, start=names[k].start, end=names[k + 1].end)]
        k += 1
    return names


def header_is_words(names: list[Cell]) -> bool:
    """Enough header cells, the first the number column's, most of them header words."""
    words = [c.text for c in names]
    known = [w for w in words if column_role(w)]
    return len(words) >= 2 and column_role(words[0]) == "number" and \
        len(known) >= get_settings().header_known_ratio * len(words)


def joined_header(cells: list[Cell]) -> list[Cell]:
    """Header cells with the halves of a split header word joined (完成 + 时限)."""
    out: list[Cell] = []
    for cell in cells:
        if out and joins_header(out[-1].text, cell.text):
            prev = out[-1]
            out[-1] = Cell(text=prev.text + cell.text, start=prev.start, end=cell.end)
        else:
            out.append(cell)
    return out


def numbered_rows(group: list[Cell], ncols: int) -> list[list[Cell]]:
    """Lay one numbered group of cells onto the columns: a full row as it is; a longer one
    whose surplus fills rows of the inner columns as continuation rows (no number, no task);
    a shorter one padded at its end (the recognizer aligns it by what its cells hold)."""
    if len(group) == ncols:
        return [group]
    inner = ncols - 2
    if len(group) > ncols and inner > 0 and (len(group) - ncols) % inner == 0:
        rows = [group[:ncols]]
        for k in range(ncols, len(group), inner):
            rows.append([Cell(), Cell(), *group[k:k + inner]])
        return rows
    if len(group) > ncols:  # more lines than cells: the last cell ran on over several lines
        tail = group[ncols - 1:]
        merged = Cell(text="\n".join(c.text for c in tail), start=tail[0].start, end=tail[-1].end)
        return [group[:ncols - 1] + [merged]]
    return [group + [Cell() for _ in range(ncols - len(group))]]
