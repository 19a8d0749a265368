"""Numbered tasks followed by labelled lines (牵头单位：… 完成时限：…), or with the labels
inline after the task."""
from __future__ import annotations

import regex

from ..blocks import Block, Cell, Paragraph
from ..blocks.pieces import find_marker
from ..lexicon.columns import column_role, label_at
from .lines import cell_of, make_table, paragraphs_from, slice_paragraph

_COLON = regex.compile(r"\s*:")


class _Label:
    """A label found before a colon: where it starts, where its value starts, its word."""

    def __init__(self, text: str, start: int, colon: int):
        self.label = text[start:colon].strip()
        self._start, self._end = start, colon + 1

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _name: str) -> str:
        return self.label


def _labels(text: str) -> list[_Label]:
    """Every label in a line (牵头单位：… 配合单位：… 完成时限：… 具体责任人：…): a header word
    that names units, persons or a deadline, just before a colon (text is width-folded)."""
    found = []
    for m in _COLON.finditer(text):
        label = label_at(text, m.start())
        if label:
            found.append(_Label(text, label[0], m.end() - 1))
    return found


def labelled_lines_table(text: str, blocks: list[Block], i: int):
    """`1.建设…` then `牵头单位：…` `完成时限：…` lines (or the labels inline after the task)."""
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    if ":" not in blocks[i].text and not (isinstance(following, Paragraph)
                                          and ":" in following.text):
        return None, i + 1  # every label ends in a colon, on this line or the next
    rows: list[dict[str, Cell]] = []
    labels: list[str] = []
    last = i - 1
    heading_only = False  # the last row so far is a numbered heading whose text follows
    for j, p in paragraphs_from(blocks, i):
        found = _labels(p.text)
        if not found:
            # A line without labels opens a task only when its labels follow on the next
            # line; a numbered heading also when the next line is its text, then its labels.
            heading_only = not _opens_with_label(blocks, j + 1)
            if heading_only and not (find_marker(p.text) and _labelled_after_text(blocks, j + 1)):
                break
            rows.append({"序号": cell_of([p])})
        else:
            if heading_only and found[0].start() > 0:
                # （一）heading, then its text and labels: 完成…装修。(牵头责任人:…)
                end = len(p.text[:found[0].start()].rstrip(" ("))
                rows[-1]["内容"] = cell_of([slice_paragraph(p, 0, end)])
            elif found[0].start() > len(p.text) - len(p.text.lstrip()):
                # The task, then its labels on the same line, often in brackets:
                # (一)完善…全覆盖。(牵头单位:县文旅局;配合单位:县财政局)
                end = len(p.text[:found[0].start()].rstrip(" ("))
                rows.append({"序号": cell_of([slice_paragraph(p, 0, end)])})
            elif not rows:
                return None, i + 1  # labels before any task: not this layout
            for k, m in enumerate(found):
                end = found[k + 1].start() if k + 1 < len(found) else len(p.text)
                value = slice_paragraph(p, m.end(), end, strip=" ;；。,")
                if value.text.endswith(")") and value.text.count("(") < value.text.count(")"):
                    value = slice_paragraph(value, 0, len(value.text) - 1, strip=" ;；。,")  # the bracket's end
                label = m.group("label")
                if label not in labels:
                    labels.append(label)
                rows[-1][label] = cell_of([value])
            heading_only = False
        last = j
    if len(rows) < 2 or not any(column_role(lab) in ("lead", "leaders") for lab in labels):
        # Each line was read on its own (and its successor), so a start at any later line
        # read here would give a tail of these rows and labels: no table either.
        return None, max(last, i) + 1
    _responsible_leads(rows, labels)
    header = ["序号", "工作任务", "工作内容", *labels]
    table_rows = [[Cell(text=h) for h in header]]
    for row in rows:
        number, task = _split_number(row["序号"])
        title, content = (task, row["内容"]) if "内容" in row else _split_heading(task)
        table_rows.append([number, title, content, *(row.get(lab, Cell()) for lab in labels)])
    return make_table(table_rows, "labelled_lines", blocks[i], blocks[last]), last + 1



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


def _labelled_after_text(blocks: list[Block], k: int) -> bool:
    if k >= len(blocks) or not isinstance(blocks[k], Paragraph):
        return False
    found = _labels(blocks[k].text)
    return bool(found) and found[0].start() > 0 and not find_marker(blocks[k].text)


def _opens_with_label(blocks: list[Block], k: int) -> bool:
    if k >= len(blocks) or not isinstance(blocks[k], Paragraph):
        return False
    line = blocks[k].text.lstrip()
    found = _labels(line)
    return bool(found) and found[0].start() == 0


def _split_number(cell: Cell) -> tuple[Cell, Cell]:
    marker = find_marker(cell.text)
    if not marker:
        return Cell(), cell
    body = cell.text[marker.end:]
    lead = len(body) - len(body.lstrip())
    number = Cell(text=marker.number, start=cell.start, end=cell.start + marker.end)
    start = cell.start + marker.end + lead
    return number, Cell(text=body.strip(), start=start, end=cell.end)
