"""Task tables: Table blocks whose header names task and unit columns → Task models."""
from __future__ import annotations

import regex

from ..models import AgencyRef, Deadline, Finding, Span, Task
from ..agencies import split_concatenated
from ..normalize.time import parse_deadline
from ..blocks import Cell, Table
from ..lexicon.columns import LABEL_WORDS, UNIT_ROLES, column_role, header_roles
from ..blocks.draft import Draft
from .contract import Found

# Unit cells list several units: one per line, or joined by 、，,；; or spaces.
_UNIT_SEPARATORS = regex.compile(r"[\n、,;；，/]+|\s+")
# Labels inside a unit cell (牵头单位：A；配合单位：B), as written: full- or half-width colon.
_UNIT_LABEL = regex.compile(
    "(?P<label>" + "|".join(w for w in LABEL_WORDS if column_role(w) in UNIT_ROLES) + r")\s*[:：]")


def recognize_tasks(blocks: list, doc_text: str) -> tuple[list[Task], list[Finding], list[Span]]:
    """Tasks from every task table, findings about them, and the header spans claimed."""
    tasks: list[Task] = []
    findings: list[Finding] = []
    claimed: list[Span] = []
    for block in blocks:
        if not isinstance(block, Table):
            continue
        found = _header(block)
        if found is None:
            continue
        first, h, names, roles = found
        cells = [c for r in block.rows[first:h + 1] for c in r if c.end > c.start]
        if cells:  # a header made up by layout repair (labelled lines) has no text to claim
            claimed.append(Span(start=min(c.start for c in cells),
                                end=max(c.end for c in cells), block=block.index, page=block.page))
        current_number: str | None = None
        current_title: str | None = None
        header_rows = [["".join(c.text.split()) for c in r] for r in block.rows[first:h + 1]]
        for row in block.rows[h + 1:]:
            words = ["".join(c.text.split()) for c in row]
            if not any(words):
                continue
            if words in header_rows:
                continue  # a header repeated after a page break
            task = _row_to_task(_merged_cells_restored(row, roles), roles, names, block,
                                doc_text)
            if task.number is None and task.title is None:
                # A merged cell in the source: this row continues the task above.
                task.number, task.title, task.continues_row = current_number, current_title, True
            elif task.number is not None and task.number == current_number:
                task.continues_row = True  # the same 序号 repeated: still the same task
                task.title = task.title or current_title
            elif task.number is None:
                task.number = current_number
            current_number, current_title = task.number, task.title
            if not (task.content or task.title):
                findings.append(Finding(code="empty_task", message="a table row with no task text",
                                        span=task.span))
            tasks.append(task)
    return tasks, findings, claimed


def _header(table: Table) -> tuple[int, int, list[str], list[str | None]] | None:
    """(first header row, last header row, column names, roles). A second header row of
    header words only (责任单位 over 牵头单位 | 配合单位) names its columns more exactly."""
    for h, row in enumerate(table.rows[:3]):
        names = ["".join(c.text.split()) for c in row]  # 二级 指标 → 二级指标
        roles = header_roles(names)
        if not roles:
            continue
        if h + 1 < len(table.rows):
            below = ["".join(c.text.split()) for c in table.rows[h + 1]]
            if below != names and all(column_role(w) for w in below if w):
                combined = [w or name for w, name in zip(below, names)]
                combined_roles = header_roles(combined)
                if combined_roles:
                    return h, h + 1, combined, combined_roles
        return h, h, names, roles
    return None


def _merged_cells_restored(row: list, roles: list[str | None]) -> list:
    """A web page that flattens a table drops the cells a merged cell covers from the rows
    below it and pads the row at its end instead (`1.2绘制… | 市文旅局 | 2022年11月 | ||||`).
    Such a row has values only at its start and a deadline where the last column should be
    empty: move its values right, so that the deadline lands in the deadline column."""
    if not roles or roles[-1] != "deadline" or row[-1].text.strip():
        return row
    filled = [i for i, cell in enumerate(row) if cell.text.strip()]
    if not filled or filled != list(range(len(filled))) or len(filled) == len(row):
        return row
    if not _looks_like_deadline(row[filled[-1]].text):
        return row
    shift = len(row) - len(filled)
    return [Cell() for _ in range(shift)] + row[:len(filled)]


def _looks_like_deadline(text: str) -> bool:
    deadline, problem = parse_deadline(text)
    return problem is None or problem.startswith("no year")


def _row_to_task(row, roles, names, table: Table, doc_text: str) -> Task:
    fields: dict[str, object] = {"lead": [], "cooperating": [], "leaders": [], "extra": {}}
    values = [c.text.strip() for c in row]
    starts = [c.start for c, value in zip(row, values) if value]
    ends = [c.end for c, value in zip(row, values) if value]
    for cell, value, role, name in zip(row, values, roles, names):
        if role in UNIT_ROLES:
            for sub_role, sub_cell in _labelled_parts(cell, role, doc_text):
                fields[sub_role] = fields[sub_role] + unit_refs(sub_cell, doc_text, table)
        elif role == "leaders":
            fields["leaders"] = [p for p in _UNIT_SEPARATORS.split(value) if p]
        elif role == "number":
            fields["number"] = value.rstrip(".、") or None
        elif role in ("title", "content", "deadline"):
            if value:
                fields[role] = _original(doc_text, cell)
        elif value:
            fields["extra"][name or f"column{len(fields['extra']) + 1}"] = _original(doc_text, cell)
    deadline = fields.pop("deadline", None)
    # As written; the normalize stage reads the dates, once the document's year is known.
    return Task(**fields, deadline=Deadline(raw=deadline) if deadline else None,
                span={"start": min(starts, default=table.start),
                      "end": max(ends, default=table.start),
                      "block": table.index, "page": table.page})


def _labelled_parts(cell, role: str, doc_text: str):
    """(role, cell) for each labelled part of a unit cell that names both roles itself
    (责任单位 | 牵头单位：A；配合单位：B); the whole cell in its column's role otherwise."""
    if cell.end <= cell.start or ":" not in cell.text:  # cell.text is width-folded
        yield role, cell
        return
    raw = doc_text[cell.start:cell.end]
    labels = list(_UNIT_LABEL.finditer(raw))
    if not labels or raw[:labels[0].start()].strip():
        yield role, cell
        return
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(raw)
        yield column_role(m["label"]), Cell(text=raw[m.end():end], start=cell.start + m.end(),
                                            end=cell.start + end)


def _original(doc_text: str, cell) -> str:
    """The cell as written (not width-folded), its layout line breaks removed."""
    raw = doc_text[cell.start:cell.end] if cell.end > cell.start else cell.text
    if "\n" not in raw:
        return raw.strip()
    return "".join(line.strip() for line in raw.split("\n"))


def unit_refs(cell, doc_text: str, table: Table) -> list[AgencyRef]:
    """Split a unit cell into agency references, each with its own span."""
    refs: list[AgencyRef] = []
    raw = doc_text[cell.start:cell.end] if cell.end > cell.start else cell.text
    offset = cell.start if cell.end > cell.start else 0
    pos = 0
    for piece in _UNIT_SEPARATORS.split(raw):
        idx = raw.find(piece, pos)
        pos = idx + len(piece)
        name = piece.strip()
        if not name:
            continue
        sub_pos = 0
        for part in split_concatenated(name):
            k = name.find(part, sub_pos)
            sub_pos = k + len(part)
            start = offset + idx + k
            # pydantic builds the Span from a dict within the one validation of the reference
            refs.append(AgencyRef(name=part, span={"start": start, "end": start + len(part),
                                                   "block": table.index, "page": table.page}))
    return refs


def recognize(draft: Draft) -> Found:
    tasks, findings, headers = recognize_tasks(draft.blocks, draft.text)
    return Found(items={"tasks": tasks, "headers": headers},
                 spans=[*headers, *(t.span for t in tasks)],
                 findings=findings)
