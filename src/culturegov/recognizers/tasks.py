"""Task tables: Table blocks whose header names task and unit columns → Task models."""
from __future__ import annotations

import regex

from ..models import AgencyRef, Deadline, Finding, Span, Task
from ..agencies import split_concatenated
from ..blocks import Cell, Table
from ..blocks.pieces import find_marker
from ..lexicon.columns import UNIT_ROLES, column_role, label_at
from ..blocks.draft import Draft
from ..normalize.text import fold_width
from .contract import Found
from .role_marks import roles_of_units
from .table_columns import align_row, table_roles

# Unit cells list several units: one per line, or joined by 、，,；; or spaces.
_UNIT_SEPARATORS = regex.compile(r"[\n、,;；，/]+|\s+")
_OPENING, _CLOSING = "(（[【", ")）]】"
# Persons are listed with the same separators, and never split inside a name.
_PERSON_SEPARATORS = regex.compile(r"[\n、,;；，/]+")


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
        above: list[Cell] | None = None  # the row above, merged cells filled in
        header_rows = [["".join(c.text.split()) for c in r] for r in block.rows[first:h + 1]]
        for row in block.rows[h + 1:]:
            words = ["".join(c.text.split()) for c in row]
            if not any(words):
                continue
            if words in header_rows:
                continue  # a header repeated after a page break
            aligned, moved = _aligned(row, roles)
            if moved and above is not None:
                # Cells a merged cell covered were dropped from this row: they hold what the
                # row above holds. Only columns every task fills (its category, lead unit,
                # deadline, persons) are filled down; a cooperating unit or a remark is often
                # truly empty, and the number and the task's name are the row's own.
                filled = [a if not c.text.strip() and role in _FILLED_DOWN else c
                          for c, a, role in zip(aligned, above, roles)]
                task = _row_to_task(filled, roles, names, block, doc_text)
                task.span = _row_to_task(aligned, roles, names, block, doc_text).span
                aligned = filled
            else:
                task = _row_to_task(aligned, roles, names, block, doc_text)
            above = aligned
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
    texts = [["".join(c.text.split()) for c in r] for r in table.rows]  # 二级 指标 → 二级指标
    for h, names in enumerate(texts[:3]):
        roles = table_roles(names, texts[h + 1:])
        if not roles:
            continue
        if h + 1 < len(texts):
            below = texts[h + 1]
            if below != names and any(below) and all(column_role(w) for w in below if w):
                combined = [w or name for w, name in zip(below, names)]
                combined_roles = table_roles(combined, texts[h + 2:])
                if combined_roles:
                    return h, h + 1, combined, combined_roles
        return h, h, names, roles
    return None


_FILLED_DOWN = ("category", "lead", "deadline", "leaders")


def _aligned(row: list[Cell], roles: list[str | None]) -> tuple[list[Cell], bool]:
    """A row with fewer cells than the header, laid onto the columns its cells fit; and
    whether it was moved."""
    placed = align_row([c.text for c in row], roles)
    if placed is None:
        return row, False
    aligned = [Cell() for _ in roles]
    for cell, column in zip(row, placed):
        aligned[column] = cell
    return aligned, True


def _persons(text: str) -> list[str]:
    """The persons a cell lists; a two-character name padded to three (陈 亮) is one name,
    alone in its cell or in a list (周明、陈 亮). Spaces between longer words list them."""
    persons = []
    for listed in _PERSON_SEPARATORS.split(text):
        words = listed.split()
        padded = len(words) > 1 and all(len(w) == 1 for w in words)
        persons += ["".join(words)] if padded else words
    return persons


def _row_to_task(row, roles, names, table: Table, doc_text: str) -> Task:
    fields: dict[str, object] = {"lead": [], "cooperating": [], "leaders": [], "extra": {}}
    values = [c.text.strip() for c in row]
    starts = [c.start for c, value in zip(row, values) if value]
    ends = [c.end for c, value in zip(row, values) if value]
    for cell, value, role, name in zip(row, values, roles, names):
        if role in UNIT_ROLES:
            for sub_role, sub_cell in _labelled_parts(cell, role, doc_text):
                if sub_role in UNIT_ROLES:
                    refs = unit_refs(sub_cell, doc_text, table)
                    for unit_role, ref in roles_of_units(refs, sub_role):
                        fields[unit_role] = fields[unit_role] + [ref]
                elif sub_role == "leaders":
                    fields["leaders"] += _persons(sub_cell.text)
                elif sub_role == "deadline" and sub_cell.text:
                    fields.setdefault("deadline", sub_cell.text)
        elif role == "leaders":
            fields["leaders"] += _persons(value)
        elif role == "number":
            fields["number"] = value.rstrip(".、") or None
        elif role in ("title", "content", "deadline"):
            if value:
                fields[role] = _original(doc_text, cell)
        elif value:
            fields["extra"][name or f"column{len(fields['extra']) + 1}"] = _original(doc_text, cell)
    title = fields.get("title")
    # No number column: the number opens the task cell (1.完善…). Not in an indicator level
    # made the task's name (三级指标), whose numbers belong to the indicator.
    named = [column_role(n) for n, r in zip(names, roles) if r == "title"]
    if "number" not in roles and isinstance(title, str) and named == ["title"]:
        marker = find_marker(fold_width(title))
        if marker and marker.style in ("num_dot", "num_paren", "cn_paren", "cn_dun") \
                and title[marker.end:].strip():
            fields["number"] = marker.number.rstrip(".、")
            fields["title"] = title[marker.end:].strip()
    deadline = fields.pop("deadline", None)
    # As written; the normalize stage reads the dates, once the document's year is known.
    return Task(**fields, deadline=Deadline(raw=deadline) if deadline else None,
                span={"start": min(starts, default=table.start),
                      "end": max(ends, default=table.start),
                      "block": table.index, "page": table.page})


def _labelled_parts(cell, role: str, doc_text: str):
    """(role, cell) for each labelled part of a unit cell that names its roles itself
    (责任单位 | 牵头单位：A；配合单位：B；责任人：C); the whole cell in its column's role
    otherwise. A label's role comes from its head noun, as a header word's does."""
    if ":" not in cell.text:  # cell.text is width-folded
        yield role, cell
        return
    raw = doc_text[cell.start:cell.end]
    folded = fold_width(raw)
    labels = [(found, colon) for colon in range(len(folded)) if folded[colon] == ":"
              for found in [label_at(folded, colon)] if found]
    if not labels or raw[:labels[0][0][0]].strip(" (（"):
        yield role, cell
        return
    for k, ((_, label_role), colon) in enumerate(labels):
        end = labels[k + 1][0][0] if k + 1 < len(labels) else len(raw)
        part_role = role if label_role == "agency" else label_role
        value = raw[colon + 1:end].strip().rstrip(";；,，。)）").strip()
        start = cell.start + raw.index(value, colon + 1) if value else cell.start + colon + 1
        yield part_role, Cell(text=value, start=start, end=start + len(value))


def _parts(cell, doc_text: str) -> list[tuple[int, str]]:
    """The cell as written: (offset, text) of each stretch of the document it is made of.
    A cell that a layout gathered from several lines, across other columns' text (a grid
    row whose cells wrap), is made of one stretch per line. (Every cell of a row has its
    span: only a header made up by a layout has text and none.)"""
    raw = doc_text[cell.start:cell.end]
    if "\n" not in raw or "".join(fold_width(raw).split()) == "".join(cell.text.split()):
        return [(cell.start, raw)]
    parts, window, pos = [], fold_width(raw), 0
    for line in cell.text.split("\n"):
        line = line.strip()
        k = window.find(line, pos) if line else -1
        if k >= 0:
            parts.append((cell.start + k, raw[k:k + len(line)]))
            pos = k + len(line)
    return parts


def _original(doc_text: str, cell) -> str:
    """The cell as written (not width-folded), its layout line breaks removed."""
    return "".join(line.strip() for _, raw in _parts(cell, doc_text) for line in raw.split("\n"))


def _top_level_pieces(raw: str):
    """(offset, piece) of a unit cell cut at its separators, but not inside brackets:
    各县（市、区）政府 is one unit."""
    depth = [0] * (len(raw) + 1)  # bracket depth before each character
    for k, ch in enumerate(raw):
        depth[k + 1] = depth[k] + (ch in _OPENING) - (ch in _CLOSING)
    start = 0
    for m in _UNIT_SEPARATORS.finditer(raw):
        if depth[m.start()] <= 0:
            yield start, raw[start:m.start()]
            start = m.end()
    yield start, raw[start:]


def unit_refs(cell, doc_text: str, table: Table) -> list[AgencyRef]:
    """Split a unit cell into agency references, each with its own span."""
    refs: list[AgencyRef] = []
    for offset, raw in _parts(cell, doc_text):
        for idx, piece in _top_level_pieces(raw):
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
