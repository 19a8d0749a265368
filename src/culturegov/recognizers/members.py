"""Member-unit lists: 由A、B、C等单位组成 / 成员单位：A、B、C / one name per line."""
from __future__ import annotations

import regex

from ..settings import get_settings
from ..models import AgencyRef, MemberUnit, Span
from ..agencies import is_agency_name, split_top_level
from ..blocks.pieces import Piece
from ..blocks.draft import Draft
from .contract import Found

# Each with a word it cannot match without, checked first: most pieces hold neither.
_INLINE_LISTS = [
    ("组成", regex.compile(r"由(?P<list>[^。;由]+?)(?:等(?:\d+个)?(?:成员)?(?:单位|部门)?)?(?:共同)?组成")),
    ("成员单位", regex.compile(r"成员单位(?:(?:为|包括|有):?|:)(?P<list>[^。;]+)")),
]
_LIST_LABEL = regex.compile(r"(?:(?:成员单位|组成单位|成员)(?:名单)?(?:为|包括|如下)?"
                            r"|由(?:以下|下列|如下)(?:成员)?(?:单位|部门)组成):?$")


def recognize_members(pieces: list[Piece], doc_text: str, claimed: set[int]
                      ) -> tuple[list[MemberUnit], set[int]]:
    lists: list[list[MemberUnit]] = []
    used: set[int] = set()
    for i, piece in enumerate(pieces):
        if i in claimed:
            continue
        for word, pattern in _INLINE_LISTS:
            if word not in piece.text:
                continue
            for m in pattern.finditer(piece.text):
                found = _list_items(piece, m.start("list"), m.end("list"), doc_text)
                if found:
                    lists.append(found)
                    used.add(i)
        if piece.closes_paragraph and ("成员" in piece.text or "组成" in piece.text) \
                and _LIST_LABEL.search(piece.text):
            column = _names_per_line(pieces, i + 1, doc_text, claimed)
            if len(column) >= 2:
                lists.append(column)
                used.update(range(i, i + 1 + len(column)))
    return _first_of_each(lists), used


def _list_items(piece: Piece, a: int, b: int, doc_text: str) -> list[MemberUnit]:
    text = piece.text[a:b]
    items, pos = [], 0
    for part in split_top_level(text.replace(",", "、"), "、"):
        k = text.find(part, pos)
        pos = k + len(part)
        name = part.removesuffix("等")
        items.append((name, piece.start + a + k))
    good = [(n, s) for n, s in items if is_agency_name(n)]
    if len(good) < 2 or len(good) < get_settings().member_name_ratio * len(items):
        return []
    return [_member(doc_text, s, s + len(n), piece) for n, s in good]


def _names_per_line(pieces: list[Piece], i: int, doc_text: str, claimed: set[int]) -> list[MemberUnit]:
    """One name per line, maybe numbered (1.区委宣传部)."""
    found = []
    while i < len(pieces) and i not in claimed and pieces[i].opens_paragraph \
            and pieces[i].closes_paragraph:
        u = pieces[i]
        numbered = u.marker and u.marker.style in ("num_dot", "num_paren", "circled", "cn_paren")
        name = (u.body if numbered else u.text).rstrip(";、,。")
        if not is_agency_name(name):
            break
        start = u.start + (len(u.text) - len(u.body) if numbered else 0)
        found.append(_member(doc_text, start, start + len(name), u))
        i += 1
    return found


def _member(doc_text: str, start: int, end: int, piece: Piece) -> MemberUnit:
    span = Span(start=start, end=end, block=piece.block, page=piece.page)
    return MemberUnit(agency=AgencyRef(name=doc_text[start:end], span=span), span=span)


def _first_of_each(lists: list[list[MemberUnit]]) -> list[MemberUnit]:
    """A notice often lists its members twice (the plan and again in its rules), sometimes
    worded a little differently (区精神文明建设指导中心 / 区精神文明指导中心). A list that
    mostly repeats an earlier one is that list restated: it adds no members; its text is
    still placed. Other lists add the names not seen yet, in order."""
    seen: set[str] = set()
    out: list[MemberUnit] = []
    for members in lists:
        keys = [m.agency.name.replace(" ", "") for m in members]
        if out and sum(k in seen for k in keys) >= get_settings().member_restated_ratio * len(keys):
            continue
        for key, member in zip(keys, members):
            if key not in seen:
                seen.add(key)
                out.append(member)
    return out



def recognize(draft: Draft) -> Found:
    members, used = recognize_members(draft.pieces, draft.text, draft.reserved)
    return Found(items={"member_units": members},
                 spans=[*(m.span for m in members), *(draft.pieces[i] for i in sorted(used))])
