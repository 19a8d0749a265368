"""Duty lists: an agency, then its duties.

Layouts recognised, all from shape, none from names:
  * block: the agency alone on a line, then numbered or unnumbered paragraphs (one duty
    each; a line that does not end a sentence continues the duty above);
  * inline: `NAME:`, `【NAME】` or `NAME` followed by text in a run-on line; unnumbered
    text is split at ；/; and 。 (一是…；二是… numbering each piece), numbered text
    (1.… 2.…) at its numbers only;
  * outline headings: `一、NAME` alone on a line, or followed by numbered duties in a
    run-on line;
  * items that open with their agency: `1.市委宣传部负责…；` `（三）县教育局负责…`, or
    name it in a first sentence or before a colon: `（一）县委宣传部。负责…；…`.
Bullets (● ◆ …) before a duty are layout and stay out of its text.
An agency mentioned inside a sentence is never a header: a header stands alone (a line, a
colon-terminated lead, or a piece between sentence ends in a run-on line).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..models import AgencyRef, Duty, Finding, Span
from ..agencies import is_agency_name
from ..blocks.pieces import Unit

_ITEM_STYLES = ("num_dot", "num_paren", "circled")
_BREAK_STYLES = ("attachment", "cn_dun", "cn_paren", "article")
_SENTENCE_END = "。;!?"
_DUTY_VERB = regex.compile(r"负责|牵头|要|应当|应|会同|配合|协助|承担|做好|按照|根据|:|。(?=\S)")
_INLINE_SPLIT = regex.compile(r"(?<=[;。])")
# 【区委宣传部】负责…: a body in square brackets (【】 and 〔〕 fold to []) opening its duties.
_BRACKETED = regex.compile(r"\[([^\[\]]{2,40})\]")
# Bullets that open an unnumbered duty (◆ 负责…); they are layout, not text.
_BULLETS = "◆◇●○■□▲△★☆•·▪►➢➤✔√-—"
# 一是…；二是…: duties counted in words inside a run-on list; the count is their number.
_WORD_NUMBER = regex.compile(r"([一二三四五六七八九十]{1,3}是)[,:，：]?")
# 区委宣传部职责: the word after a body that announces its duties.
_DUTY_WORD = regex.compile(r"(?:的)?(?:主要|工作)?职责(?:分工)?$")


@dataclass
class _Region:
    """An agency header and the units that hold its duties."""

    agency: AgencyRef
    layout: str  # block | inline | item
    units: list[Unit] = field(default_factory=list)
    head_text: str = ""  # text after `NAME:` in the header unit itself
    head_start: int = 0
    split: bool = False  # an item `(一)NAME:a;b` whose text is cut like a `NAME:` list


def recognize_duties(units: list[Unit], doc_text: str, claimed: set[int]
                     ) -> tuple[list[Duty], list[Finding], set[int]]:
    regions: list[_Region] = []
    current: _Region | None = None
    used: set[int] = set()
    for i, unit in enumerate(units):
        if i in claimed:
            current = None if current and current.units else current
            continue
        item = _item_with_agency(unit, doc_text) if not current or current.layout == "item" else None
        if item:
            current = item
            regions.append(current)
            used.add(i)
            continue
        header = _header(units, i, doc_text, claimed)
        if header:
            current = header
            regions.append(current)
            used.add(i)
            continue
        if current is None:
            continue
        if unit.marker and unit.marker.style in _BREAK_STYLES or \
                unit.text.startswith("[") and _between_sentences(units, i, claimed):
            # A heading, or a line opening with a bracketed label that names no body (a
            # page's 【打印本页】): what follows is not the duties above.
            current = None
            continue
        if current.layout == "item":
            # The next item names no agency, or a new sentence begins: the list has ended.
            last = current.units[-1].text.rstrip()
            if unit.marker or (unit.opens_paragraph and last[-1:] in _SENTENCE_END):
                current = None
                continue
        current.units.append(unit)
        used.add(i)
    duties: list[Duty] = []
    findings: list[Finding] = []
    for region in regions:
        found = _duties_of(region, doc_text)
        if not found:
            findings.append(Finding(code="empty_duty", span=region.agency.span,
                                    message=f"{region.agency.name} is followed by no duty"))
        duties.extend(found)
    return duties, findings, used


def duties_of_cell(agency: AgencyRef, units: list[Unit], doc_text: str) -> list[Duty]:
    """The duties in a duty table's cell: a single paragraph is cut as a run-on list (at its
    numbers, else at ；/。), several paragraphs as a block (one duty each)."""
    if not units:
        return []
    paragraphs = sum(1 for u in units if u.opens_paragraph)
    region = _Region(agency, "block" if paragraphs > 1 else "inline", list(units))
    return _duties_of(region, doc_text)


def _ref(doc_text: str, start: int, end: int, unit: Unit) -> AgencyRef:
    return AgencyRef(name=doc_text[start:end].strip(),
                     span=Span(start=start, end=end, block=unit.block, page=unit.page))


def _header(units: list[Unit], i: int, doc_text: str, claimed: set[int]) -> _Region | None:
    unit = units[i]
    if unit.marker:
        return _heading_header(units, i, doc_text, claimed)
    bracketed = _BRACKETED.match(unit.text)
    if bracketed and is_agency_name(bracketed[1]):
        return _lead_header(units, i, doc_text, claimed, bracketed.start(1), bracketed.end(1),
                            bracketed.end())
    # `NAME:` (or `NAME职责:`) with the duties after the colon, in this unit or the next.
    name, colon, rest = unit.text.partition(":")
    if colon:
        bare = _DUTY_WORD.sub("", name)
        if is_agency_name(bare):
            return _lead_header(units, i, doc_text, claimed, 0, len(bare), len(name) + 1)
    if not is_agency_name(unit.text):
        return None
    following = _following(units, i, claimed)
    if not following or _opens_other_block(units[following[0]]):
        return None
    if unit.opens_paragraph and unit.closes_paragraph:
        return _Region(_ref(doc_text, unit.start, unit.end, unit), "block")
    if _between_sentences(units, i, claimed):
        return _Region(_ref(doc_text, unit.start, unit.end, unit), "inline")
    return None


def _lead_header(units: list[Unit], i: int, doc_text: str, claimed: set[int], name_start: int,
                 name_end: int, text_start: int) -> _Region | None:
    """A header that leads its duties in the same unit (`NAME:` …, `[NAME]` …): the name at
    [name_start, name_end) of the unit, its duties from text_start on or in the next units."""
    unit = units[i]
    rest = unit.text[text_start:]
    if not rest.strip() and not _following(units, i, claimed):
        return None
    region = _Region(_ref(doc_text, unit.start + name_start, unit.start + name_end, unit),
                     "inline")
    region.head_text = rest
    region.head_start = unit.start + text_start
    return region


def _following(units: list[Unit], i: int, claimed: set[int]) -> list[int]:
    """The next two units' indexes, less those already claimed."""
    return [k for k in range(i + 1, min(i + 3, len(units))) if k not in claimed]


def _heading_header(units: list[Unit], i: int, doc_text: str, claimed: set[int]
                    ) -> _Region | None:
    """`一、区委宣传部` or `（二）区财政局职责` alone on its line, its duties below it; in a
    run-on line, with numbered duties right after it (一、区委宣传部 1.负责…); `1.区委宣传部`
    alone on its line over duties numbered (1) or ①."""
    unit = units[i]
    if unit.marker.style not in ("cn_dun", "cn_paren", "num_dot"):
        return None
    bare = _DUTY_WORD.sub("", unit.body.rstrip(":"))
    if not is_agency_name(bare) or i + 1 >= len(units) or (i + 1) in claimed \
            or _opens_other_block(units[i + 1]):
        return None
    nxt = units[i + 1]
    alone = unit.opens_paragraph and unit.closes_paragraph
    if unit.marker.style == "num_dot":
        # 1.区委宣传部 over (1)… duties; over another 1./2. line it is a list of members.
        if not alone or not (nxt.marker and nxt.marker.style in ("num_paren", "circled")):
            return None
    elif not alone and not _is_item(nxt):
        return None
    start = unit.start + len(unit.text) - len(unit.body)
    return _Region(_ref(doc_text, start, start + len(bare), unit), "block")


def _opens_other_block(nxt: Unit) -> bool:
    """What follows a header candidate shows it is none: another name (a list of members)
    or a new heading."""
    if nxt.marker:
        return nxt.marker.style in _BREAK_STYLES
    return is_agency_name(nxt.text.rstrip(":"))


def _between_sentences(units: list[Unit], i: int, claimed: set[int]) -> bool:
    """In a run-on line a header sits between sentences: at the start of the line, or after
    a sentence end, a heading or an attachment label."""
    if units[i].opens_paragraph or i == 0 or (i - 1) in claimed:
        return True
    prev = units[i - 1]
    return bool(prev.marker and prev.marker.style == "attachment") or \
        prev.text[-1] in _SENTENCE_END


def _item_with_agency(unit: Unit, doc_text: str) -> _Region | None:
    """`1.市委宣传部负责…` / `（三）县教育局负责…`: an item that opens with its agency."""
    if not unit.marker or unit.marker.style == "attachment" or unit.marker.style == "article":
        return None
    body_offset = len(unit.text) - len(unit.body)
    body = unit.body
    for m in _DUTY_VERB.finditer(body, 0, 30):
        name = body[:m.start()]
        if len(name) >= 2 and is_agency_name(name):
            start = unit.start + body_offset
            region = _Region(_ref(doc_text, start, start + len(name), unit), "item")
            region.units.append(unit)
            # `(一)NAME:a;b` and `(一)NAME。a;b`: the text after the mark is a list.
            split = m.group() in (":", "。")
            region.head_start = start + len(name) + (1 if split else 0)
            region.split = split
            return region
    return None


def _duties_of(region: _Region, doc_text: str) -> list[Duty]:
    """Cut the region's text into duties according to its layout."""
    units = region.units
    if region.layout == "item":
        end = max(u.end for u in units)
        number = units[0].marker.number
        if region.split:
            return [_duty(region, number, a, b, u, doc_text)
                    for _, a, b, u in _split_inline(doc_text, region.head_start, end, units[0])]
        if not _has_words(doc_text[region.head_start:end]):
            return []  # `1.市财政局:` and nothing after it: reported as an empty duty
        return [_duty(region, number, region.head_start, end, units[0], doc_text)]
    numbered = bool(units) and _is_item(units[0])
    pieces: list[tuple[str | None, int, int, Unit]] = []  # number, start, end, first unit
    if region.head_text.strip():
        # Text right after `NAME:` in the header's own unit: unnumbered, split at sentences;
        # when numbered items follow, it is an introduction of its own.
        end = region.head_start + len(region.head_text) if numbered or not units else units[-1].end
        anchor = units[0] if units else _anchor(region)
        pieces.extend(_split_inline(doc_text, region.head_start, end, anchor))
        if not numbered:
            units = []
    if numbered:
        for unit in units:
            if _is_item(unit):
                pieces.append((unit.marker.number, unit.start + unit.marker.end, unit.end, unit))
            else:  # a wrapped line or a piece after a space continues the item
                pieces[-1] = (*pieces[-1][:2], unit.end, pieces[-1][3])
    elif region.layout == "block":
        for unit in units:
            previous = doc_text[pieces[-1][1]:pieces[-1][2]].rstrip() if pieces else ""
            if previous and (not unit.opens_paragraph or previous[-1] not in "。;；!?！？"):
                pieces[-1] = (*pieces[-1][:2], unit.end, pieces[-1][3])
            else:
                pieces.append((None, unit.start, unit.end, unit))
    elif units:
        pieces.extend(_split_inline(doc_text, units[0].start, units[-1].end, units[0]))
    return [_duty(region, n, a, b, u, doc_text) for n, a, b, u in pieces
            if _has_words(doc_text[a:b])]


def _is_item(unit: Unit) -> bool:
    return bool(unit.marker and unit.marker.style in _ITEM_STYLES)


def _split_inline(doc_text: str, start: int, end: int, unit: Unit):
    pos = start
    for piece in _INLINE_SPLIT.split(doc_text[start:end].replace("；", ";")):
        a, b = pos, pos + len(piece)
        pos = b
        if _has_words(doc_text[a:b]):
            yield None, a, b, unit


def _has_words(text: str) -> bool:
    """A stray `|` from a web table or a lone `;` is not a duty."""
    return any(ch.isalnum() for ch in text)


def _anchor(region: _Region) -> Unit:
    """A unit standing for the header, for a duty that lies inside the header's own unit."""
    span = region.agency.span
    return Unit("", span.start, span.end, span.block or 0, span.page, False, False)


def _duty(region: _Region, number: str | None, start: int, end: int, unit: Unit,
          doc_text: str) -> Duty:
    raw = doc_text[start:end]
    lead = len(raw) - len(raw.lstrip().lstrip(_BULLETS).lstrip())
    counted = _WORD_NUMBER.match(raw, lead) if number is None else None
    if counted and _has_words(raw[counted.end():]):  # 一是 alone is the text, not a number
        number, lead = counted[1], counted.end()
    text = raw[lead:].rstrip().rstrip(";；,，| ").strip()
    start += lead
    return Duty(agency=region.agency.model_copy(), number=number, text=text,
                span=Span(start=start, end=start + len(text), block=unit.block, page=unit.page))
