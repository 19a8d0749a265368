"""Numbered tasks whose responsibility is a sentence, the usual form of a 实施方案:

    （一）推进总分馆制建设。建立…体系。由区文化和旅游局牵头，区财政局配合，2021年底前完成。
    （三）培育文化志愿服务队伍。区委宣传部牵头，团区委参与，长期坚持。

The last sentence of the item says who leads (由A牵头 / A牵头 / 由A负责), who helps (B配合 /
参与 / 协助) and maybe by when; or the item ends with its bodies in brackets (（区文旅局、
区住建局）), who then lead it. Such a run of items is rebuilt into a Table with the labelled
layout's columns, so the task-table recognizer reads it like any other.

Only shape is used: an item marker, a closing sentence made of these clauses, and bodies
whose names are agency-shaped. An item whose closing sentence is anything else ends the run.
"""
from __future__ import annotations

import regex

from ..agencies import is_agency_name, split_top_level
from ..normalize.time import parse_deadline
from ..blocks import Block, Cell, Paragraph, Table
from ..blocks.pieces import find_marker

_ITEM_STYLES = ("cn_paren", "num_dot", "num_paren", "cn_dun")
# The closing sentence, on width-folded text: 由A牵头(负责), B配合(实施), deadline.
_RESPONSIBILITY = regex.compile(
    r"由?(?P<lead>[^,;。]{2,80}?)(?:牵头(?:负责|实施|落实)?|负责(?:实施|落实)?)"
    r"(?:[,;](?P<coop>[^,;。]{2,120}?)(?:配合|参与|协助|协同)(?:实施|落实|推进)?)?"
    r"(?:[,;](?P<deadline>[^,;。]{2,30}))?[。;]?\)?$"
)
# Or the bodies alone in brackets at the end: 推进…建设。(区文化和旅游局、区住建局); a name
# may hold brackets of its own (各镇人民政府(街道办事处)).
_BRACKETED_UNITS = regex.compile(r"\((?P<lead>(?:[^()]|\([^()]*\)){2,120})\)[。;]?$")
Span = tuple[int, int]  # offsets into an item's body
HEADER = ("序号", "工作任务", "工作内容", "牵头单位", "配合单位", "完成时限")


def prose_task_table(text: str, blocks: list[Block], i: int) -> tuple[Table | None, int]:
    """The run of responsibility-closed items starting at blocks[i] as a Table, and the
    index after it; or None and the index after the first line that is no such item."""
    rows: list[list[Cell]] = []
    j = i
    while j < len(blocks) and isinstance(blocks[j], Paragraph):
        row = _item_row(blocks[j])
        if row is None:
            break
        rows.append(row)
        j += 1
    if not rows:  # one item is enough: its closing sentence or brackets are specific enough
        return None, j + 1
    table = Table(rows=[[Cell(text=h) for h in HEADER], *rows], start=blocks[i].start,
                  end=blocks[j - 1].end, page=blocks[i].page, origin="prose_responsibility")
    return table, j


def _item_row(p: Paragraph) -> list[Cell] | None:
    marker = find_marker(p.text)
    if not marker or marker.style not in _ITEM_STYLES:
        return None
    body_start = marker.end + len(p.text[marker.end:]) - len(p.text[marker.end:].lstrip())
    body = p.text[body_start:].rstrip()
    found = _responsibility(body)
    if not found:
        return None
    close_at, lead, coop, deadline = found
    at = p.start + body_start  # offset of the body in the document

    def cell(span: tuple[int, int] | None) -> Cell:
        if not span or span[0] >= span[1]:
            return Cell()
        piece = body[span[0]:span[1]]
        start = at + span[0] + len(piece) - len(piece.lstrip())
        return Cell(text=piece.strip(), start=start, end=start + len(piece.strip()))

    title_end = body.find("。", 0, close_at) + 1 or close_at
    return [Cell(text=marker.number, start=p.start, end=p.start + marker.end),
            cell((0, title_end)), cell((title_end, close_at)), cell(lead), cell(coop),
            cell(deadline)]


def _responsibility(body: str) -> tuple[int, Span, Span | None, Span | None] | None:
    """Where the statement of responsibility starts in an item's body, and the spans of its
    leading bodies, cooperating bodies and deadline; None when the item ends otherwise."""
    close_at = body.rfind("。", 0, len(body) - 1) + 1
    clause = _RESPONSIBILITY.match(body, close_at) if close_at > 0 else None
    if clause and _all_agencies(clause["lead"]) and \
            (not clause["coop"] or _all_agencies(clause["coop"])) and \
            (not clause["deadline"] or _is_deadline(clause["deadline"])):
        return (close_at, clause.span("lead"), clause["coop"] and clause.span("coop"),
                clause["deadline"] and clause.span("deadline"))
    bracket = _BRACKETED_UNITS.search(body)
    if bracket and _all_agencies(bracket["lead"]):
        return bracket.start(), bracket.span("lead"), None, None
    return None


def _all_agencies(names: str) -> bool:
    parts = split_top_level(names.replace(",", "、"), "、")
    return bool(parts) and all(is_agency_name(part) for part in parts)


def _is_deadline(text: str) -> bool:
    deadline, problem = parse_deadline(text)
    return problem is None and bool(deadline and (deadline.end or deadline.open_ended
                                                  or deadline.recurrence))
