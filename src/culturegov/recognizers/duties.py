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

import regex

from ..agencies import is_agency_name, known_name, split_top_level
from ..agencies.document import plain_copy
from ..lexicon.markers import SENTENCE_END, WORD_COUNT
from ..lexicon.patterns import COLLECTIVE_OPENER
from ..models import AgencyRef, Duty, Finding, Span
from ..normalize.text import clean_name
from ..blocks.pieces import Piece
from ..blocks.draft import Draft
from .contract import Found
from .duty_headers import (DutyRun, between_sentences, first_item, header, is_exhortation,
                           is_label_line, item_with_agency, subject_runs)
from .outline import LEVELS
from ..normalize.numerals import cn_to_int

_ITEM_STYLES = ("num_dot", "num_paren", "circled", "num_half", "paren_digit")
_BREAK_STYLES = ("attachment", "cn_dun", "cn_paren", "article")
_INLINE_SPLIT = regex.compile(r"(?<=[;。])")
# Bullets that open an unnumbered duty (◆ 负责…); they are layout, not text.
_BULLETS = "◆◇●○■□▲△★☆•·▪►➢➤✔√-—"
# 一是…；二是…: duties counted in words inside a run-on list; the count is their number.
_WORD_NUMBER = regex.compile(rf"({WORD_COUNT})[,:，：]?")


def recognize_duties(pieces: list[Piece], doc_text: str, claimed: set[int],
                     wraps: frozenset[int] = frozenset()
                     ) -> tuple[list[Duty], list[Finding], set[int], list[AgencyRef]]:
    """The duties; findings; the pieces used; the bodies announced with no duty. `wraps`:
    where a PDF's lines were joined with nothing between (Draft.wraps)."""
    runs: list[DutyRun] = []
    current: DutyRun | None = None
    used: set[int] = set()
    for i, piece in enumerate(pieces):
        if i in claimed:
            current = None if current and current.pieces else current
            continue
        if is_label_line(piece):  # 联系人:…, 主办单位:… end a list and head none
            current = None
            continue
        item = item_with_agency(piece, doc_text)
        if item:
            if current and current.collective and not current.pieces and runs[-1] is current:
                runs.pop()  # 县直部门职责 over items that name their bodies
            current = item
            runs.append(current)
            used.add(i)
            continue
        found = header(pieces, i, doc_text, claimed, started=bool(runs))
        if found:
            current = found
            runs.append(current)
            used.add(i)
            continue
        if current is None:
            clauses = subject_runs(pieces, i, doc_text, claimed, wraps)
            if clauses:
                runs.extend(clauses)
                used.add(i)
            continue
        if not _continues(current, pieces, i, claimed):
            current = None
            continue
        current.pieces.append(piece)
        used.add(i)
    runs = _without_lone_sections(runs)
    duties: list[Duty] = []
    findings: list[Finding] = []
    empty: list[AgencyRef] = []
    for run in runs:
        found = _duties_of(run, doc_text)
        if not found:
            findings.append(Finding(code="empty_duty", span=run.agency.span,
                                    message=f"{run.agency.name} is followed by no duty"))
            if run.announced:
                empty.append(run.agency)
        duties.extend(found)
    return duties, findings, used, empty


def _continues(run: DutyRun, pieces: list[Piece], i: int, claimed: set[int]) -> bool:
    """Does `pieces[i]` carry on the duties of `run`? An item in the run's numbering (any
    family, fixed by its first item), a sub-item of one, or unnumbered text; not a heading
    of the outline, a later header or an item of another family."""
    piece = pieces[i]
    if piece.text.startswith("[") and between_sentences(pieces, i, claimed):
        # A line opening with a bracketed label that names no body (a page's 【打印本页】).
        return False
    if run.layout == "item":
        # The next item names no agency, or a new sentence begins: the list has ended.
        last = run.pieces[-1].text.rstrip()
        if piece.opens_paragraph and _WORD_NUMBER.match(piece.text):
            return True  # counted on in the next line: (一)NAME:一是…; / 二是…
        return not (piece.marker or (piece.opens_paragraph and last[-1:] in SENTENCE_END))
    if run.line_only and piece.opens_paragraph and not _WORD_NUMBER.match(piece.text):
        return False  # `1.NAME duty` ends with its line, unless counted on (二是…)
    marker = piece.marker
    if marker is None:
        return not (piece.opens_paragraph and is_exhortation(piece.text))
    # An attachment label (附件1) never joins either: no first item, a break in unnumbered
    # duties, and its level is above every item's.
    if marker.style == run.header_style:
        return False
    if run.item_style is None:
        if not run.pieces:  # the first item fixes the family
            if not first_item(run.header_style, piece):
                return False
            run.item_style = marker.style
            return True
        return marker.style not in _BREAK_STYLES  # numbers inside unnumbered duties
    if marker.style == run.item_style:
        return True
    return LEVELS[marker.style] > LEVELS[run.item_style]  # a sub-item joins its item


def _without_lone_sections(runs: list[DutyRun]) -> list[DutyRun]:
    """An outline heading naming a body over plain paragraphs is a duty list only beside
    others like it: alone (二、联席会议办公室 over a description) it is a section."""
    def weak(run: DutyRun) -> bool:  # (a heading's run has no text after its name)
        return run.heading and run.item_style is None

    styles = [r.header_style for r in runs if r.heading]
    return [r for r in runs if not weak(r) or styles.count(r.header_style) > 1]


def duties_of_cell(agency: AgencyRef, pieces: list[Piece], doc_text: str) -> list[Duty]:
    """The duties in a duty table's cell: a single paragraph is cut as a run-on list (at its
    numbers, else at ；/。), several paragraphs as a block (one duty each)."""
    if not pieces:
        return []
    paragraphs = sum(1 for u in pieces if u.opens_paragraph)
    run = DutyRun(agency, "block" if paragraphs > 1 else "inline", list(pieces))
    first = pieces[0].marker
    run.item_style = first.style if first and first.style in _ITEM_STYLES else None
    return _duties_of(run, doc_text)


def _duties_of(run: DutyRun, doc_text: str) -> list[Duty]:
    """Cut the run's text into duties according to its layout."""
    pieces = run.pieces
    if run.layout == "item":
        end = run.end or max(u.end for u in pieces)
        number = pieces[0].marker.number if pieces[0].marker else None
        if run.split:
            return [_duty(run, number, a, b, u, doc_text)
                    for _, a, b, u in _split_inline(doc_text, run.head_start, end, pieces)]
        if not _has_words(doc_text[run.head_start:end]):
            return []  # `1.市财政局:` and nothing after it: reported as an empty duty
        return [_duty(run, number, run.head_start, end, pieces[0], doc_text)]
    numbered = bool(pieces) and _is_item(pieces[0], run)
    cuts: list[tuple[str | None, int, int, Piece]] = []  # number, start, end, first piece
    if run.head_text.strip():
        # Text right after `NAME:` in the header's own piece: unnumbered, split at sentences;
        # when numbered items follow, it is an introduction of its own.
        end = run.head_start + len(run.head_text) if numbered or not pieces else pieces[-1].end
        cuts.extend(_split_inline(doc_text, run.head_start, end, [_anchor(run), *pieces]))
        if not numbered:
            pieces = []
    if numbered:
        for piece in pieces:
            if _is_item(piece, run):
                cuts.append((piece.marker.number, piece.start + piece.marker.end, piece.end, piece))
            else:  # a wrapped line or a piece after a space continues the item
                cuts[-1] = (*cuts[-1][:2], piece.end, cuts[-1][3])
    elif run.layout == "block":
        # One duty per clause (a paragraph of ；-clauses under a name line is split as after
        # `NAME:`); a line that does not end a sentence runs on into the next.
        for k, piece in enumerate(pieces):
            # A piece after a space runs on in its line, unless only a bullet (● 负责…) is
            # before it: that is the line's start.
            opens = piece.opens_paragraph or k > 0 and pieces[k - 1].opens_paragraph \
                and not pieces[k - 1].text.strip(_BULLETS)
            for _, a, b, _ in _split_inline(doc_text, piece.start, piece.end, [piece]):
                previous = doc_text[cuts[-1][1]:cuts[-1][2]].rstrip() if cuts else ""
                if previous and (a == piece.start and not opens
                                 or previous[-1] not in "。;；!?！？"):
                    cuts[-1] = (*cuts[-1][:2], b, cuts[-1][3])
                else:
                    cuts.append((None, a, b, piece))
    elif pieces:
        cuts.extend(_split_inline(doc_text, pieces[0].start, pieces[-1].end, pieces))
    return [_duty(run, n, a, b, u, doc_text) for n, a, b, u in cuts
            if _has_words(doc_text[a:b])]


def _is_item(piece: Piece, run: DutyRun) -> bool:
    """An item of the run's list: in its numbering family. (A list has a family as soon as
    it has a first item: a table cell's from its first number, a header's from _continues.)"""
    return piece.marker is not None and piece.marker.style == run.item_style


def _split_inline(doc_text: str, start: int, end: int, pieces: list[Piece]):
    """(None, start, end, piece) of each duty of a run-on stretch, cut at ；/。 and counts;
    its piece (block, page) is the one of `pieces` its first word lies in."""
    pos = start
    for part in _INLINE_SPLIT.split(doc_text[start:end].replace("；", ";")):
        for cut in _counted_cuts(part):
            a, b = pos, pos + len(cut)
            pos = b
            if _has_words(doc_text[a:b]):
                yield None, a, b, _piece_at(pieces, a + len(cut) - len(cut.lstrip()))


def _piece_at(pieces: list[Piece], at: int) -> Piece:
    """The last of `pieces` (in text order) that starts at or before `at`; else the first."""
    found = pieces[0]
    for piece in pieces:
        if piece.start > at:
            break
        found = piece
    return found


def _counted_cuts(piece: str) -> list[str]:
    """A piece that opens with a count (一是…) and holds the next ones (…二是…) without the
    ；between them — an office suite's PDF may hang that ； past the margin and never draw
    it — is cut before each next count, in sequence only."""
    first = _WORD_NUMBER.match(piece.lstrip())
    if not first:
        return [piece]
    expected = cn_to_int(first[1][:-1])
    if expected is None:
        return [piece]
    cuts, at = [], 0
    for m in _WORD_NUMBER.finditer(piece, len(piece) - len(piece.lstrip()) + first.end()):
        if cn_to_int(m[1][:-1]) == expected + 1:
            cuts.append(m.start())
            expected += 1
    parts = []
    for cut in cuts:
        parts.append(piece[at:cut])
        at = cut
    return parts + [piece[at:]]


def _has_words(text: str) -> bool:
    """A stray `|` from a web table or a lone `;` is not a duty."""
    return any(ch.isalnum() for ch in text)


def _anchor(run: DutyRun) -> Piece:
    """A piece standing for the header, for a duty that starts inside the header's own piece
    (a `NAME:` header: its span has the block of its line)."""
    span = run.agency.span
    return Piece("", span.start, span.end, span.block, span.page, False, False)


def _duty(run: DutyRun, number: str | None, start: int, end: int, piece: Piece,
          doc_text: str) -> Duty:
    raw = doc_text[start:end]
    lead = len(raw) - len(raw.lstrip().lstrip(_BULLETS).lstrip())
    counted = _WORD_NUMBER.match(raw, lead) if number is None else None
    if counted and _has_words(raw[counted.end():]):  # 一是 alone is the text, not a number
        number, lead = counted[1], counted.end()
    text = raw[lead:].rstrip().rstrip(";；,，| ").strip()
    start += lead
    # Each duty its own copy of the header's reference (resolution writes into it); the span
    # as a dict, validated within the one validation of the duty.
    return Duty(agency=plain_copy(run.agency), number=number, text=text,
                span={"start": start, "end": start + len(text), "block": piece.block,
                      "page": piece.page})


def recognize(draft: Draft) -> Found:
    duties, findings, used, empty = recognize_duties(draft.pieces, draft.text, draft.reserved,
                                                     draft.wraps)
    duties = [one for duty in duties for one in _each_body(duty)]
    spans = [*(draft.pieces[i] for i in sorted(used)), *(d.span for d in duties),
             *(d.agency.span for d in duties if d.agency.span),
             *(a.span for a in empty if a.span)]
    return Found(items={"duties": duties, "agencies": empty}, spans=spans, findings=findings)


def _each_body(duty: Duty) -> list[Duty]:
    """A duty headed by several bodies (区总工会、团区委、区妇联：…) is each one's duty. Not a
    collective whose 各 covers every part (各镇人民政府、街道办事处), nor a name known whole."""
    name, span = duty.agency.name, duty.agency.span
    parts = split_top_level(name, "、") if "、" in name and not name.startswith(COLLECTIVE_OPENER) else []
    if len(parts) < 2 or known_name(clean_name(name)) or \
            not all(is_agency_name(part) for part in parts):
        return [duty]
    out, pos = [], 0
    for part in parts:
        at = name.find(part, pos)
        pos = at + len(part)
        agency = AgencyRef(name=part, span=Span(start=span.start + at, end=span.start + pos,
                                                block=span.block, page=span.page))
        out.append(duty.model_copy(update={"agency": agency}))
    return out
