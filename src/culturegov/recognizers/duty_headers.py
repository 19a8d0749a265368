"""Where a duty list starts: the headers that name a body, and the items and clauses that
open with one.

A header is decided from the line's shape (alone on its line, before a colon, between
sentence ends, after an outline number) and from what follows it (a first item of any
numbering family, a paragraph), never from a body's name. What looks like a name but is not
a body with duties is ruled out by shape and context together: a field label before a colon,
a collective saluted before the preamble, the coordinating group itself, a collective told
what it must do (各单位要…), the cells of a table row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from ..agencies import known_name
from ..agencies.shapes import (collective_in, exhorts, is_agency_name, is_collective,
                               is_coordinating, is_label, is_shared_heading, strip_duty_words)
from ..blocks.pieces import Piece
from ..lexicon import alternation, vocabulary
from ..lexicon.markers import SENTENCE_END
from ..models import AgencyRef, Span

# Numbering families that head the outline rather than list items (一、 （一） 第X条): a
# first item in one of them must read as a sentence, not as a short heading.
OUTLINE_STYLES = ("cn_dun", "cn_paren", "article")
# 【区委宣传部】负责…: a body in square brackets (【】 and 〔〕 fold to []) opening its duties.
_BRACKETED = regex.compile(r"\[([^\[\]]{2,40})\]")
_CLAUSE = regex.compile(r"[^;。]+[;。]?")


@dataclass
class DutyRun:
    """An agency header and the pieces that hold its duties."""

    agency: AgencyRef
    layout: str  # block | inline | item
    pieces: list[Piece] = field(default_factory=list)
    head_text: str = ""  # text after `NAME:` in the header piece itself
    head_start: int = 0
    split: bool = False  # an item `(一)NAME:a;b` whose text is cut like a `NAME:` list
    end: int | None = None  # a clause of a paragraph ends before its piece does
    header_style: str | None = None  # the numbering of the header line (一、NAME → cn_dun)
    item_style: str | None = None  # the numbering of its duties, from the first one
    heading: bool = False  # an outline heading over its body (一、NAME)
    collective: bool = False  # the heading names a class of bodies (县直部门职责)
    announced: bool = False  # `NAME:` or `一、NAME`: a body even with no duty under it
    line_only: bool = False  # `1.NAME duty…` in a line: the duties end with the line


@lru_cache(maxsize=1)
def _verbs() -> tuple[regex.Pattern, regex.Pattern]:
    """After a name in an item: the verb or mark that ends the name (1.区X局负责…,
    (一)区X局:…, (一)区X局。负责…); and the verbs of a subject clause (区X局负责…)."""
    subject = alternation(vocabulary("names")["subjects"]["verbs"])
    item = regex.compile(rf"{subject}|要|应当|应|做好|按照|根据|:|。(?=\S)")
    return item, regex.compile(subject)


def names_body(name: str) -> bool:
    """A name that can carry duties: shaped like a body, no field label, not the
    coordinating group the duties are divided for."""
    return is_agency_name(name) and not is_label(name) and not is_coordinating(name)


def is_label_line(piece: Piece) -> bool:
    """`联系人:…`, `主办单位:区X局`: a labelled field, which also ends a list."""
    label, colon, _ = piece.text.partition(":")
    return bool(colon) and is_label(label)


def ref(doc_text: str, start: int, end: int, piece: Piece) -> AgencyRef:
    return AgencyRef(name=doc_text[start:end].strip(),
                     span=Span(start=start, end=end, block=piece.block, page=piece.page))


def header(pieces: list[Piece], i: int, doc_text: str, claimed: set[int], started: bool
           ) -> DutyRun | None:
    """The run `pieces[i]` heads, if it is a header; `started`: a duty list was seen before."""
    piece = pieces[i]
    if piece.marker:
        return _heading_header(pieces, i, doc_text, claimed)
    bracketed = _BRACKETED.match(piece.text)
    if bracketed and names_body(bracketed[1]):
        return _lead_header(pieces, i, doc_text, claimed, bracketed.start(1), bracketed.end(1),
                            bracketed.end())
    # `NAME:`, `NAME职责:`, `NAME主要职责是:` with the duties after the colon, here or below;
    # `NAME。duties` in the same line.
    cut = _first_of(piece.text, ":。")
    if cut > 0:
        name, mark, rest = piece.text[:cut], piece.text[cut], piece.text[cut + 1:]
        bare = strip_duty_words(name)
        if names_body(bare) and (mark == ":" or _full_stop_header(pieces, i, claimed, bare, rest)):
            if _salutation(pieces, i, claimed, bare, rest, started):
                return None
            run = _lead_header(pieces, i, doc_text, claimed, 0, len(bare), cut + 1)
            if run:
                run.announced = mark == ":" and not is_collective(bare)
            return run
    if not names_body(piece.text) or _row_of_table(pieces, i, doc_text):
        return None
    following = _following(pieces, i, claimed)
    if not following or _opens_other_block(None, pieces[following[0]]) \
            or following[0] != i + 1 and not piece.closes_paragraph:
        return None  # nothing follows, or the next piece in its line was claimed (a title)
    if piece.opens_paragraph and piece.closes_paragraph:
        return DutyRun(ref(doc_text, piece.start, piece.end, piece), "block")
    if between_sentences(pieces, i, claimed) and _says_something(pieces, i):
        return DutyRun(ref(doc_text, piece.start, piece.end, piece), "inline")
    return None


# A duty says what a body does: some words in a row. What follows a name in its line with
# no such run is a value in a row of cells set off by spaces (甲县文化和旅游局 96.5 优秀,
# 甲县图书馆 王芳 0571-…): a score, a grade, a person, a number, not duties.
_PHRASE = regex.compile(r"\p{Han}{4}")


def _says_something(pieces: list[Piece], i: int) -> bool:
    """Whether what follows piece i in its line, in its next few pieces (where a duty after
    a name begins), holds a phrase a duty could be. A name ending its line has its duties
    on the lines below."""
    if pieces[i].closes_paragraph:
        return True
    for piece in pieces[i + 1:i + 7]:
        if _PHRASE.search(piece.text):
            return True
        if piece.closes_paragraph:
            return False
    return False


def _full_stop_header(pieces: list[Piece], i: int, claimed: set[int], name: str, rest: str
                      ) -> bool:
    """。 ends sentences too: `NAME。…` between sentences heads a list for a name the
    resolver knows, `NAME。` alone for one followed in its line by a first item."""
    piece = pieces[i]
    if rest.strip():
        core = regex.sub(r"\([^()]*\)", "", name)  # a second name in brackets aside
        return between_sentences(pieces, i, claimed) and known_name(core) is not None
    return not piece.closes_paragraph and first_item(None, pieces[i + 1])  # (not the last)


def _first_of(text: str, marks: str) -> int:
    found = [k for k in (text.find(m) for m in marks) if k >= 0]
    return min(found) if found else -1


def _salutation(pieces: list[Piece], i: int, claimed: set[int], name: str, rest: str,
                started: bool) -> bool:
    """`县直各有关单位:` before the preamble: a collective addressed before any duty list,
    with nothing after its colon and no numbered item under it."""
    if started or rest.strip() or not is_collective(name):
        return False
    following = _following(pieces, i, claimed)
    return not following or not first_item(None, pieces[following[0]])


def _row_of_table(pieces: list[Piece], i: int, doc_text: str) -> bool:
    """A name followed by a tab in its line is a table's first cell, not a header. (The
    last piece closes its paragraph: a piece that does not has a next one.)"""
    piece = pieces[i]
    if piece.closes_paragraph:
        return False
    return "\t" in doc_text[piece.end:pieces[i + 1].start]


def _lead_header(pieces: list[Piece], i: int, doc_text: str, claimed: set[int], name_start: int,
                 name_end: int, text_start: int) -> DutyRun | None:
    """A header that leads its duties in the same piece (`NAME:` …, `[NAME]` …): the name at
    [name_start, name_end) of the piece, its duties from text_start on or in the next pieces."""
    piece = pieces[i]
    rest = piece.text[text_start:]
    if not rest.strip() and not _following(pieces, i, claimed):
        return None
    run = DutyRun(ref(doc_text, piece.start + name_start, piece.start + name_end, piece),
                  "inline")
    run.head_text = rest
    run.head_start = piece.start + text_start
    return run


def _following(pieces: list[Piece], i: int, claimed: set[int]) -> list[int]:
    """The next two pieces' indexes, less those already claimed."""
    return [k for k in range(i + 1, min(i + 3, len(pieces))) if k not in claimed]


def _heading_header(pieces: list[Piece], i: int, doc_text: str, claimed: set[int]
                    ) -> DutyRun | None:
    """`一、区委宣传部`, `（二）区财政局职责`, `第三条 区X局工作职责:` or `1.区委宣传部`
    heading its duties: alone on its line over a first item of another numbering family or
    a paragraph; in a run-on line, with a first item right after it. `（三）共同职责` heads
    the duties of the collective the preamble names."""
    piece = pieces[i]
    style = piece.marker.style
    if style not in ("cn_dun", "cn_paren", "num_dot", "article") or i + 1 >= len(pieces) \
            or (i + 1) in claimed:
        return None
    body = piece.body.rstrip(":。")
    bare = strip_duty_words(body)
    nxt = pieces[i + 1]
    alone = piece.opens_paragraph and piece.closes_paragraph
    # In a run-on line the duties follow as a first item or as text (一、NAME 一是…); a
    # line alone is followed by a new paragraph.
    run_on = not nxt.marker and not nxt.opens_paragraph
    if _opens_other_block(style, nxt) or not alone and not run_on and not first_item(style, nxt):
        return None
    start = piece.start + len(piece.text) - len(piece.body)
    if names_body(bare):
        run = DutyRun(ref(doc_text, start, start + len(bare), piece), "block")
        run.collective = is_collective(bare)
    elif bare != body and is_shared_heading(bare):
        found = collective_in(doc_text[:piece.start])
        if not found:
            return None
        run = DutyRun(AgencyRef(name=doc_text[found[0]:found[1]],
                                span=Span(start=found[0], end=found[1])), "block")
    else:
        return None
    run.header_style, run.heading = style, True
    run.announced = not run.collective
    if run_on:
        run.layout, run.line_only = "inline", True
    return run


def first_item(header_style: str | None, nxt: Piece) -> bool:
    """Does `nxt` open a list under a header numbered `header_style`? Any numbering family
    but the header's own; a first 一、 or （一） is numbered 1 and reads as a sentence (a
    later number, or a short line without punctuation, is the next heading of the outline)."""
    marker = nxt.marker
    if not marker or marker.style in ("attachment", header_style):
        return False
    if marker.style in OUTLINE_STYLES:
        body = nxt.body
        return marker.ordinal in (1, None) and \
            (len(body) > 15 or any(ch in body for ch in SENTENCE_END + ","))
    return True


def _opens_other_block(header_style: str | None, nxt: Piece) -> bool:
    """What follows a header candidate shows it is none: another name (a list of members),
    a sibling in the header's own numbering, a heading, a label."""
    if is_label_line(nxt):
        return True
    if nxt.marker:
        return not first_item(header_style, nxt) or _name_line(nxt.body)
    return _name_line(nxt.text)


def _name_line(text: str) -> bool:
    """A line that is a name (of a list of members), not a duty: a line ending a sentence
    (查处…娱乐场所；) is a name only when the resolver knows it."""
    text = text.rstrip(":")
    if text[-1:] in SENTENCE_END:
        text = text[:-1]
        return is_agency_name(text) and known_name(text) is not None
    return is_agency_name(text)


def between_sentences(pieces: list[Piece], i: int, claimed: set[int]) -> bool:
    """In a run-on line a header sits between sentences: at the start of the line, or after
    a sentence end, a heading or an attachment label. (The first piece opens its line.)"""
    if pieces[i].opens_paragraph or (i - 1) in claimed:
        return True
    prev = pieces[i - 1]
    return bool(prev.marker and prev.marker.style == "attachment") or \
        prev.text[-1] in SENTENCE_END


def item_with_agency(piece: Piece, doc_text: str) -> DutyRun | None:
    """`1.市委宣传部负责…` / `（三）县教育局负责…`: an item that opens with its agency.
    Not `3、各单位要…` (a collective told what to do) nor `1.X领导小组:…` (the mandate of
    the coordinating group itself)."""
    if not piece.marker or piece.marker.style in ("attachment", "article"):
        return None
    body_offset = len(piece.text) - len(piece.body)
    body = piece.body
    for m in _verbs()[0].finditer(body, 0, 30):
        name = body[:m.start()]
        if len(name) < 2 or not is_agency_name(name):
            continue
        if is_coordinating(name) or is_collective(name) and exhorts(body[m.start():]):
            return None
        if m.group() in (":", "。") and not body[m.end():].strip():
            return None  # `一、NAME:` ending its piece heads the items after it
        start = piece.start + body_offset
        run = DutyRun(ref(doc_text, start, start + len(name), piece), "item")
        run.pieces.append(piece)
        # `(一)NAME:a;b` and `(一)NAME。a;b`: the text after the mark is a list.
        split = m.group() in (":", "。")
        run.head_start = start + len(name) + (1 if split else 0)
        run.split = split
        return run
    return None


def is_exhortation(text: str) -> bool:
    """`各乡镇人民政府要…`: a collective told what it must do, which ends a list."""
    return any(exhorts(text[end:]) and is_collective(text[:end]) and is_agency_name(text[:end])
               for end in range(2, min(len(text), 24)))


def _clauses(piece: Piece, wraps: frozenset[int]) -> list[tuple[int, int]]:
    """The piece's clauses as (start, end) in its text: up to each ；/。, and also where a
    new clause opens with its own body after one that has its body, verb and what it does:
    at a comma (区文旅局负责统筹实施，区财政局负责经费保障) and at a wrapped line's end
    (验收|区财政局负责…: the line breaker hung the ； past the margin and the PDF draws none)."""
    text = piece.text
    out = []
    for m in _CLAUSE.finditer(text):
        a = m.start()
        wrapped = {w - piece.start for w in wraps if m.start() < w - piece.start < m.end()}
        commas = {k + 1 for k in range(m.start(), m.end()) if text[k] == ","}
        for at in sorted(wrapped | commas):
            if _says_its_part(text, a, at) and _says_its_part(text, at, m.end()):
                out.append((a, at))
                a = at
        out.append((a, m.end()))
    return out


def _says_its_part(text: str, a: int, b: int) -> bool:
    """text[a:b] opens with a body and a verb, and says in 4 characters or more what it
    does (区财政局负责经费保障, not 区财政局配合)."""
    head = _subject(text[a:b])
    verb = _verbs()[1].match(text, a + head) if head else None
    return bool(verb) and len(text[verb.end():b].strip(",;。 ")) >= 4


def _subject(text: str) -> int:
    """The length of the body opening a clause `区X局负责…` (0 when none does)."""
    m = _verbs()[1].search(text, 0, 30)
    if not m or m.start() < 2:
        return 0
    name = text[:m.start()]
    return m.start() if names_body(name) else 0


def subject_runs(pieces: list[Piece], i: int, doc_text: str, claimed: set[int],
                 wraps: frozenset[int] = frozenset()) -> list[DutyRun]:
    """Unnumbered prose `区X局负责…；区Y局负责…；`: one run per clause that opens with its
    body (a clause without one is one more duty of the body before it). Taken only when two
    clauses in a row open with a body, in this piece or at the start of the next or of the
    line before (the last line of such a list holds one clause too)."""
    piece = pieces[i]
    if piece.marker or not piece.opens_paragraph:
        return []
    runs: list[DutyRun] = []
    for m0, m1 in _clauses(piece, wraps):
        clause = piece.text[m0:m1]
        length = _subject(clause)
        a, b = piece.start + m0, piece.start + m1
        if length:
            run = DutyRun(ref(doc_text, a, a + length, piece), "item", [piece], split=True)
            run.head_start, run.end = a + length, b
            runs.append(run)
        elif runs:
            runs[-1].end = b
        else:
            return []  # the paragraph opens with something else: a sentence, not a list
    if len(runs) == 1:
        line_before = i - 1
        while line_before > 0 and not pieces[line_before].opens_paragraph:
            line_before -= 1
        if not (_opens_clause(pieces, i + 1, claimed)
                or _opens_clause(pieces, line_before, claimed)):
            return []
    return runs


def _opens_clause(pieces: list[Piece], k: int, claimed: set[int]) -> bool:
    """Whether pieces[k] is unnumbered text opening with a body's clause (区X局负责…)."""
    return 0 <= k < len(pieces) and k not in claimed and not pieces[k].marker \
        and _subject(pieces[k].text) > 0
