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
from ..blocks.pieces import Piece
from ..blocks.draft import Draft
from .contract import Found

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
class _DutyRun:
    """An agency header and the pieces that hold its duties."""

    agency: AgencyRef
    layout: str  # block | inline | item
    pieces: list[Piece] = field(default_factory=list)
    head_text: str = ""  # text after `NAME:` in the header piece itself
    head_start: int = 0
    split: bool = False  # an item `(一)NAME:a;b` whose text is cut like a `NAME:` list


def recognize_duties(pieces: list[Piece], doc_text: str, claimed: set[int]
                     ) -> tuple[list[Duty], list[Finding], set[int]]:
    runs: list[_DutyRun] = []
    current: _DutyRun | None = None
    used: set[int] = set()
    for i, piece in enumerate(pieces):
        if i in claimed:
            current = None if current and current.pieces else current
            continue
        item = _item_with_agency(piece, doc_text) if not current or current.layout == "item" else None
        if item:
            current = item
            runs.append(current)
            used.add(i)
            continue
        header = _header(pieces, i, doc_text, claimed)
        if header:
            current = header
            runs.append(current)
            used.add(i)
            continue
        if current is None:
            continue
        if piece.marker and piece.marker.style in _BREAK_STYLES or \
                piece.text.startswith("[") and _between_sentences(pieces, i, claimed):
            # A heading, or a line opening with a bracketed label that names no body (a
            # page's 【打印本页】): what follows is not the duties above.
            current = None
            continue
        if current.layout == "item":
            # The next item names no agency, or a new sentence begins: the list has ended.
            last = current.pieces[-1].text.rstrip()
            if piece.marker or (piece.opens_paragraph and last[-1:] in _SENTENCE_END):
                current = None
                continue
        current.pieces.append(piece)
        used.add(i)
    duties: list[Duty] = []
    findings: list[Finding] = []
    for run in runs:
        found = _duties_of(run, doc_text)
        if not found:
            findings.append(Finding(code="empty_duty", span=run.agency.span,
                                    message=f"{run.agency.name} is followed by no duty"))
        duties.extend(found)
    return duties, findings, used


def duties_of_cell(agency: AgencyRef, pieces: list[Piece], doc_text: str) -> list[Duty]:
    """The duties in a duty table's cell: a single paragraph is cut as a run-on list (at its
    numbers, else at ；/。), several paragraphs as a block (one duty each)."""
    if not pieces:
        return []
    paragraphs = sum(1 for u in pieces if u.opens_paragraph)
    run = _DutyRun(agency, "block" if paragraphs > 1 else "inline", list(pieces))
    return _duties_of(run, doc_text)


def _ref(doc_text: str, start: int, end: int, piece: Piece) -> AgencyRef:
    return AgencyRef(name=doc_text[start:end].strip(),
                     span=Span(start=start, end=end, block=piece.block, page=piece.page))


def _header(pieces: list[Piece], i: int, doc_text: str, claimed: set[int]) -> _DutyRun | None:
    piece = pieces[i]
    if piece.marker:
        return _heading_header(pieces, i, doc_text, claimed)
    bracketed = _BRACKETED.match(piece.text)
    if bracketed and is_agency_name(bracketed[1]):
        return _lead_header(pieces, i, doc_text, claimed, bracketed.start(1), bracketed.end(1),
                            bracketed.end())
    # `NAME:` (or `NAME职责:`) with the duties after the colon, in this piece or the next.
    name, colon, rest = piece.text.partition(":")
    if colon:
        bare = _DUTY_WORD.sub("", name)
        if is_agency_name(bare):
            return _lead_header(pieces, i, doc_text, claimed, 0, len(bare), len(name) + 1)
    if not is_agency_name(piece.text):
        return None
    following = _following(pieces, i, claimed)
    if not following or _opens_other_block(pieces[following[0]]):
        return None
    if piece.opens_paragraph and piece.closes_paragraph:
        return _DutyRun(_ref(doc_text, piece.start, piece.end, piece), "block")
    if _between_sentences(pieces, i, claimed):
        return _DutyRun(_ref(doc_text, piece.start, piece.end, piece), "inline")
    return None


def _lead_header(pieces: list[Piece], i: int, doc_text: str, claimed: set[int], name_start: int,
                 name_end: int, text_start: int) -> _DutyRun | None:
    """A header that leads its duties in the same piece (`NAME:` …, `[NAME]` …): the name at
    [name_start, name_end) of the piece, its duties from text_start on or in the next pieces."""
    piece = pieces[i]
    rest = piece.text[text_start:]
    if not rest.strip() and not _following(pieces, i, claimed):
        return None
    run = _DutyRun(_ref(doc_text, piece.start + name_start, piece.start + name_end, piece),
                     "inline")
    run.head_text = rest
    run.head_start = piece.start + text_start
    return run


def _following(pieces: list[Piece], i: int, claimed: set[int]) -> list[int]:
    """The next two pieces' indexes, less those already claimed."""
    return [k for k in range(i + 1, min(i + 3, len(pieces))) if k not in claimed]


def _heading_header(pieces: list[Piece], i: int, doc_text: str, claimed: set[int]
                    ) -> _DutyRun | None:
    """`一、区委宣传部` or `（二）区财政局职责` alone on its line, its duties below it; in a
    run-on line, with numbered duties right after it (一、区委宣传部 1.负责…); `1.区委宣传部`
    alone on its line over duties numbered (1) or ①."""
    piece = pieces[i]
    if piece.marker.style not in ("cn_dun", "cn_paren", "num_dot"):
        return None
    bare = _DUTY_WORD.sub("", piece.body.rstrip(":"))
    if not is_agency_name(bare) or i + 1 >= len(pieces) or (i + 1) in claimed \
            or _opens_other_block(pieces[i + 1]):
        return None
    nxt = pieces[i + 1]
    alone = piece.opens_paragraph and piece.closes_paragraph
    if piece.marker.style == "num_dot":
        # 1.区委宣传部 over (1)… duties; over another 1./2. line it is a list of members.
        if not alone or not (nxt.marker and nxt.marker.style in ("num_paren", "circled")):
            return None
    elif not alone and not _is_item(nxt):
        return None
    start = piece.start + len(piece.text) - len(piece.body)
    return _DutyRun(_ref(doc_text, start, start + len(bare), piece), "block")


def _opens_other_block(nxt: Piece) -> bool:
    """What follows a header candidate shows it is none: another name (a list of members)
    or a new heading."""
    if nxt.marker:
        return nxt.marker.style in _BREAK_STYLES
    return is_agency_name(nxt.text.rstrip(":"))


def _between_sentences(pieces: list[Piece], i: int, claimed: set[int]) -> bool:
    """In a run-on line a header sits between sentences: at the start of the line, or after
    a sentence end, a heading or an attachment label."""
    if pieces[i].opens_paragraph or i == 0 or (i - 1) in claimed:
        return True
    prev = pieces[i - 1]
    return bool(prev.marker and prev.marker.style == "attachment") or \
        prev.text[-1] in _SENTENCE_END


def _item_with_agency(piece: Piece, doc_text: str) -> _DutyRun | None:
    """`1.市委宣传部负责…` / `（三）县教育局负责…`: an item that opens with its agency."""
    if not piece.marker or piece.marker.style == "attachment" or piece.marker.style == "article":
        return None
    body_offset = len(piece.text) - len(piece.body)
    body = piece.body
    for m in _DUTY_VERB.finditer(body, 0, 30):
        name = body[:m.start()]
        if len(name) >= 2 and is_agency_name(name):
            start = piece.start + body_offset
            run = _DutyRun(_ref(doc_text, start, start + len(name), piece), "item")
            run.pieces.append(piece)
            # `(一)NAME:a;b` and `(一)NAME。a;b`: the text after the mark is a list.
            split = m.group() in (":", "。")
            run.head_start = start + len(name) + (1 if split else 0)
            run.split = split
            return run
    return None


def _duties_of(run: _DutyRun, doc_text: str) -> list[Duty]:
    """Cut the run's text into duties according to its layout."""
    pieces = run.pieces
    if run.layout == "item":
        end = max(u.end for u in pieces)
        number = pieces[0].marker.number
        if run.split:
            return [_duty(run, number, a, b, u, doc_text)
                    for _, a, b, u in _split_inline(doc_text, run.head_start, end, pieces[0])]
        if not _has_words(doc_text[run.head_start:end]):
            return []  # `1.市财政局:` and nothing after it: reported as an empty duty
        return [_duty(run, number, run.head_start, end, pieces[0], doc_text)]
    numbered = bool(pieces) and _is_item(pieces[0])
    cuts: list[tuple[str | None, int, int, Piece]] = []  # number, start, end, first piece
    if run.head_text.strip():
        # Text right after `NAME:` in the header's own piece: unnumbered, split at sentences;
        # when numbered items follow, it is an introduction of its own.
        end = run.head_start + len(run.head_text) if numbered or not pieces else pieces[-1].end
        anchor = pieces[0] if pieces else _anchor(run)
        cuts.extend(_split_inline(doc_text, run.head_start, end, anchor))
        if not numbered:
            pieces = []
    if numbered:
        for piece in pieces:
            if _is_item(piece):
                cuts.append((piece.marker.number, piece.start + piece.marker.end, piece.end, piece))
            else:  # a wrapped line or a piece after a space continues the item
                cuts[-1] = (*cuts[-1][:2], piece.end, cuts[-1][3])
    elif run.layout == "block":
        for piece in pieces:
            previous = doc_text[cuts[-1][1]:cuts[-1][2]].rstrip() if cuts else ""
            if previous and (not piece.opens_paragraph or previous[-1] not in "。;；!?！？"):
                cuts[-1] = (*cuts[-1][:2], piece.end, cuts[-1][3])
            else:
                cuts.append((None, piece.start, piece.end, piece))
    elif pieces:
        cuts.extend(_split_inline(doc_text, pieces[0].start, pieces[-1].end, pieces[0]))
    return [_duty(run, n, a, b, u, doc_text) for n, a, b, u in cuts
            if _has_words(doc_text[a:b])]


def _is_item(piece: Piece) -> bool:
    return bool(piece.marker and piece.marker.style in _ITEM_STYLES)


def _split_inline(doc_text: str, start: int, end: int, piece: Piece):
    pos = start
    for part in _INLINE_SPLIT.split(doc_text[start:end].replace("；", ";")):
        a, b = pos, pos + len(part)
        pos = b
        if _has_words(doc_text[a:b]):
            yield None, a, b, piece


def _has_words(text: str) -> bool:
    """A stray `|` from a web table or a lone `;` is not a duty."""
    return any(ch.isalnum() for ch in text)


def _anchor(run: _DutyRun) -> Piece:
    """A piece standing for the header, for a duty that lies inside the header's own piece."""
    span = run.agency.span
    return Piece("", span.start, span.end, span.block or 0, span.page, False, False)


def _duty(run: _DutyRun, number: str | None, start: int, end: int, piece: Piece,
          doc_text: str) -> Duty:
    raw = doc_text[start:end]
    lead = len(raw) - len(raw.lstrip().lstrip(_BULLETS).lstrip())
    counted = _WORD_NUMBER.match(raw, lead) if number is None else None
    if counted and _has_words(raw[counted.end():]):  # 一是 alone is the text, not a number
        number, lead = counted[1], counted.end()
    text = raw[lead:].rstrip().rstrip(";；,，| ").strip()
    start += lead
    return Duty(agency=run.agency.model_copy(), number=number, text=text,
                span=Span(start=start, end=start + len(text), block=piece.block, page=piece.page))


def recognize(draft: Draft) -> Found:
    duties, findings, used = recognize_duties(draft.pieces, draft.text, draft.reserved)
    spans = [*(draft.pieces[i] for i in sorted(used)), *(d.span for d in duties),
             *(d.agency.span for d in duties if d.agency.span)]
    return Found(items={"duties": duties}, spans=spans, findings=findings)
