"""Layout repair: rebuild tables that a web page or a copy-paste flattened into lines.

Five flattened forms reach us as text, each turned back into a Table block whose cells keep
their offsets, so the one task-table recognizer handles them all alike:
  * tab cells: every cell line starts with a tab, a line without one continues the cell;
  * pipe rows: `a | b | c |`, empty cells `||` included;
  * one cell per line with no markers, the header row giving the column count;
  * numbered tasks followed by labelled lines (牵头单位：… 完成时限：…);
  * numbered tasks closed by a sentence of responsibility (由…牵头，…配合): prose_tasks.py.
"""
from __future__ import annotations

import regex

from .blocks import Block, Cell, Paragraph, Table
from .columns import LABEL_WORDS, column_role, duty_header_roles, header_roles
from .prose_tasks import prose_task_table
from .units import find_marker

_ROW_NUMBER = regex.compile(r"^\s*\d{1,3}\s*$")
_LABEL = regex.compile(r"(?P<label>" + "|".join(LABEL_WORDS) + r")\s*[:：]")
_OUTLINE_START = regex.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|第[一二三四五六七八九十]+[章条节])")


def repair_layout(text: str, blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    # Each rebuilder returns (table, index after it) or (None, first index where a table of
    # its form could still start): a failed attempt that read far ahead is not repeated line
    # by line (that was quadratic in a long run of tab-indented or labelled lines).
    retry_at = dict.fromkeys(_REBUILDERS, 0)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        table = None
        if isinstance(block, Paragraph):
            for rebuild in _REBUILDERS:
                if i >= retry_at[rebuild]:
                    table, after = rebuild(text, blocks, i)
                    if table:
                        break
                    retry_at[rebuild] = after
        if table:
            out.append(table)
            i = after
            continue
        if not isinstance(block, Paragraph) or block.text.strip():
            out.append(block)
        i += 1
    for n, block in enumerate(out):
        block.index = n
    return out


def _paragraphs_from(blocks: list[Block], i: int):
    while i < len(blocks) and isinstance(blocks[i], Paragraph):
        yield i, blocks[i]
        i += 1


def _blank_line_before(text: str, blocks: list[Block], i: int) -> bool:
    return i > 0 and text.find("\n", blocks[i - 1].end + 1, blocks[i].start) >= 0


def _cell(lines: list[Paragraph], strip_tab: bool = True) -> Cell:
    if len(lines) == 1:  # most cells hold one line: no joining
        raw = lines[0].text
        lead = len(raw) - len(raw.lstrip()) if strip_tab else 0
        return Cell(text=raw.strip(), start=lines[0].start + lead,
                    end=lines[0].start + len(raw.rstrip()))
    if not lines:
        return Cell()
    parts, starts, ends = [], [], []
    for p in lines:
        raw = p.text
        lead = len(raw) - len(raw.lstrip()) if strip_tab else 0
        parts.append(raw.strip())
        starts.append(p.start + lead)
        ends.append(p.start + len(raw.rstrip()))
    return Cell(text="\n".join(x for x in parts if x), start=starts[0], end=max(ends))


def _make_table(rows: list[list[Cell]], origin: str, first: Paragraph, last: Paragraph) -> Table:
    return Table(rows=rows, start=first.start, end=last.end, page=first.page, origin=origin)


# -- tab cells --------------------------------------------------------------------------

def _tab_table(text: str, blocks: list[Block], i: int):
    if not blocks[i].text.startswith("\t"):
        return None, i + 1
    header: list[Paragraph] = []
    j = i
    for j, p in _paragraphs_from(blocks, i):
        if not p.text.startswith("\t") or (header and _blank_line_before(text, blocks, j)):
            break
        header.append(p)
    else:
        j += 1
    ncols = len(header)
    if ncols < 2:
        return None, i + 1
    cells: list[list[Paragraph]] = [[p] for p in header]
    last = j - 1
    for j, p in _paragraphs_from(blocks, j):
        if p.text.startswith("\t"):
            cells.append([p])
        elif len(cells) % ncols == 0 and _blank_line_before(text, blocks, j):
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
    rows = [[_cell(c) for c in cells[k:k + ncols]] for k in range(0, len(cells), ncols)]
    rows[-1] += [Cell() for _ in range(ncols - len(rows[-1]))]
    return _make_table(rows, "tab_cells", blocks[i], blocks[last]), last + 1


# -- tab rows ---------------------------------------------------------------------------

def _tab_rows(text: str, blocks: list[Block], i: int):
    """One row per line, cells between tabs (a spreadsheet or a Word table pasted as text).
    Tabs also indent headings, so the first row must be a header of known column words."""
    first = blocks[i].text
    if "\t" not in first or first.startswith("\t") or "\t" not in first.strip():
        return None, i + 1
    header = [c.strip() for c in first.strip().split("\t")]
    if not (header_roles(header) or duty_header_roles(header)):
        return None, i + 1
    width = len(header)
    rows: list[list[Cell]] = []
    last = i
    for j, p in _paragraphs_from(blocks, i):
        if "\t" not in p.text.strip():
            break
        rows.append(_tab_cells(p, width))
        last = j
    if len(rows) < 2:
        return None, i + 1
    return _make_table(rows, "tab_rows", blocks[i], blocks[last]), last + 1


def _tab_cells(p: Paragraph, width: int) -> list[Cell]:
    cells, pos = [], 0
    for piece in p.text.split("\t"):
        lead = len(piece) - len(piece.lstrip())
        start = p.start + pos + lead
        cells.append(Cell(text=piece.strip(), start=start, end=start + len(piece.strip())))
        pos += len(piece) + 1
    return (cells + [Cell() for _ in range(width)])[:max(width, len(cells))]


# -- pipe rows --------------------------------------------------------------------------

def _pipe_cells(p: Paragraph, leading_pipe: bool) -> list[Cell] | None:
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
    return cells if sum(1 for c in cells if c.text) >= 2 else None


def _pipe_table(text: str, blocks: list[Block], i: int):
    if "|" not in blocks[i].text:
        return None, i + 1  # the first row has no cells (the test _pipe_cells starts with)
    rows, last = [], i
    # Whether rows open with a pipe is a property of the table, read off its first row; in a
    # table whose rows do not, a row opening with `|` has an empty first cell.
    leading_pipe = blocks[i].text.lstrip().startswith("|")
    for j, p in _paragraphs_from(blocks, i):
        cells = _pipe_cells(p, leading_pipe)
        if cells is None:
            break
        rows.append(cells)
        last = j
    if not rows:
        return None, i + 1
    width = max(len(r) for r in rows)
    rows = [r + [Cell() for _ in range(width - len(r))] for r in rows]
    return _make_table(rows, "pipe_rows", blocks[i], blocks[last]), last + 1


# -- one cell per line, no markers ------------------------------------------------------

def _markerless_table(text: str, blocks: list[Block], i: int):
    first = blocks[i].text
    if len(first.strip()) > 8 or column_role(first) != "number":
        # The table must open with the number column's header word (header_roles, below,
        # gives a short line the role column_role gives it): a line of prose never does.
        return None, i + 1
    header: list[Paragraph] = []
    for _, p in _paragraphs_from(blocks, i):
        if len(p.text.strip()) > 8 or column_role(p.text) is None:
            break
        header.append(p)
    roles = header_roles([p.text for p in header]) if len(header) >= 3 else None
    if not roles or roles[0] != "number":
        return None, i + 1
    ncols = len(header)
    groups: list[list[Paragraph]] = []
    last = i + ncols - 1
    for j, p in _paragraphs_from(blocks, i + ncols):
        if _ROW_NUMBER.match(p.text):
            groups.append([p])
        elif not groups or _OUTLINE_START.match(p.text) or (
                len(groups[-1]) >= ncols and _blank_line_before(text, blocks, j)):
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
    rows = [[_cell([p]) for p in header]]
    for group in groups:
        rows.extend(_markerless_rows(group, roles))
    return _make_table(rows, "cell_lines", blocks[i], blocks[last]), last + 1


def _markerless_rows(group: list[Paragraph], roles: list[str | None]) -> list[list[Cell]]:
    """Lay one numbered group of lines onto the columns.

    Empty cells leave no line behind, so a group may be short (fill from both ends: the
    number and task on the left, a deadline on the right) or hold continuation rows that
    lack the number and task (split the surplus into rows of the remaining width).
    """
    ncols = len(roles)
    lines = [_cell([p]) for p in group]
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


# -- numbered tasks with labelled lines -------------------------------------------------

def _labelled_table(text: str, blocks: list[Block], i: int):
    """`1.建设…` then `牵头单位：…` `完成时限：…` lines (or the labels inline after the task)."""
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    if ":" not in blocks[i].text and not (isinstance(following, Paragraph)
                                          and ":" in following.text):
        return None, i + 1  # every label ends in a colon, on this line or the next
    rows: list[dict[str, Cell]] = []
    labels: list[str] = []
    last = i - 1
    for j, p in _paragraphs_from(blocks, i):
        found = list(_LABEL.finditer(p.text))
        if not found:
            # A line without labels opens a task only when its labels follow on the next line.
            if not _opens_with_label(blocks, j + 1):
                break
            rows.append({"序号": _cell([p])})
        else:
            if found[0].start() > len(p.text) - len(p.text.lstrip()):
                # The task, then its labels on the same line, often in brackets:
                # (一)完善…全覆盖。(牵头单位:县文旅局;配合单位:县财政局)
                end = len(p.text[:found[0].start()].rstrip(" ("))
                rows.append({"序号": _cell([_slice(p, 0, end)])})
            elif not rows:
                return None, i + 1  # labels before any task: not this layout
            for k, m in enumerate(found):
                end = found[k + 1].start() if k + 1 < len(found) else len(p.text)
                value = _slice(p, m.end(), end, strip=" ;；。,")
                if value.text.endswith(")") and value.text.count("(") < value.text.count(")"):
                    value = _slice(value, 0, len(value.text) - 1, strip=" ;；。,")  # the bracket's end
                label = m.group("label")
                if label not in labels:
                    labels.append(label)
                rows[-1][label] = _cell([value])
        last = j
    if len(rows) < 2 or not any(column_role(lab) == "lead" for lab in labels):
        # Each line was read on its own (and its successor), so a start at any later line
        # read here would give a tail of these rows and labels: no table either.
        return None, max(last, i) + 1
    _responsible_leads(rows, labels)
    header = ["序号", "工作任务", "工作内容", *labels]
    table_rows = [[Cell(text=h) for h in header]]
    for row in rows:
        number, task = _split_number(row["序号"])
        title, content = _split_heading(task)
        table_rows.append([number, title, content, *(row.get(lab, Cell()) for lab in labels)])
    return _make_table(table_rows, "labelled_lines", blocks[i], blocks[last]), last + 1


# In this order: the first form that fits a line wins.
_REBUILDERS = (_tab_table, _tab_rows, _pipe_table, _markerless_table, _labelled_table,
               prose_task_table)


def _responsible_leads(rows: list[dict[str, Cell]], labels: list[str]) -> None:
    """责任单位 is the cooperating role only beside a 牵头单位; in a task that names no
    牵头单位 the units responsible for it lead it."""
    for row in rows:
        if any(column_role(label) == "lead" and "牵头" in label for label in row):
            continue
        for label in list(row):
            if label != "序号" and column_role(label) == "lead":
                row["牵头单位"] = row.pop(label)
                if "牵头单位" not in labels:
                    labels.insert(0, "牵头单位")
                break


def _split_heading(task: Cell) -> tuple[Cell, Cell]:
    """`完善公共文化设施网络。推进…覆盖。`: a first sentence followed by more is the task's
    heading (the title), the rest its content."""
    end = task.text.find("。") + 1
    if end <= 0 or not task.text[end:].strip():
        return task, Cell()
    rest = task.text[end:]
    lead = len(rest) - len(rest.lstrip())
    return (Cell(text=task.text[:end], start=task.start, end=task.start + end),
            Cell(text=rest.strip(), start=task.start + end + lead, end=task.end))


def _opens_with_label(blocks: list[Block], k: int) -> bool:
    return k < len(blocks) and isinstance(blocks[k], Paragraph) and \
        bool(_LABEL.match(blocks[k].text.lstrip()))


def _slice(p: Paragraph, a: int, b: int, strip: str = " ") -> Paragraph:
    piece = p.text[a:b]
    lead = len(piece) - len(piece.lstrip(strip))
    body = piece.strip(strip)
    return Paragraph(index=p.index, text=body, start=p.start + a + lead,
                     end=p.start + a + lead + len(body), page=p.page)


def _split_number(cell: Cell) -> tuple[Cell, Cell]:
    marker = find_marker(cell.text)
    if not marker:
        return Cell(), cell
    body = cell.text[marker.end:]
    lead = len(body) - len(body.lstrip())
    number = Cell(text=marker.number, start=cell.start, end=cell.start + marker.end)
    start = cell.start + marker.end + lead
    return number, Cell(text=body.strip(), start=start, end=cell.end)
