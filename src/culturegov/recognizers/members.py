"""Member-unit lists, found by the density of agency names rather than by a lead-in phrase.

A clause is a member list when a run of names fills it — separated by 、 , or spaces, joined
by 和/及 before the last one, or written together with no separator at all — and either
a lead-in or a trailer says so (领导小组由A、B组成 / 参加会议的单位有：A、B / …等12个部门组成)
or the names fill the whole clause. A list may run on over a page marker (— 2 —) or a page
break. A label line (成员单位如下：) may be followed by one name per line. Rosters (person +
unit + post under role labels) are read in rosters.py.
"""
from __future__ import annotations

from bisect import bisect_right

from dataclasses import dataclass, field

import regex

from ..agencies import known_name
from ..agencies.segmentation import is_known
from ..blocks import Paragraph
from ..blocks.draft import Draft
from ..lexicon import alternation, vocabulary
from ..lexicon.markers import CN_NUMBER, item_number
from ..lexicon.patterns import COLLECTIVE_OPENER
from ..models import AgencyRef, Finding, MemberUnit, Span
from ..normalize.text import clean_name
from ..settings import get_settings
from .contract import Found
from .clauses import (PAGE_MARKER, ClauseText, LeadIns, Segment, clause_tokens,
                      clause_words, clauses)
from .name_tokens import Runs, parse_token, read_token
from .rosters import find_rosters

_WORDS = vocabulary("members")
_ORDER_NOTE = regex.compile(rf"\s*[(（]\s*(?:{alternation(_WORDS['notes']['order'])})\s*[)）]\s*$")
_LEAD_WORDS = tuple(_WORDS["lead_in"]["member_words"])
_NOT_MEMBER_LABELS = tuple(_WORDS["lead_in"]["not_member_labels"])
_ABOUT_DUTIES = tuple(_WORDS["lead_in"]["about_duties"])
# An addressee salutation (各成员单位：) names a collective; it announces no list.
_COLLECTIVE = regex.compile(rf"^{regex.escape(COLLECTIVE_OPENER)}\p{{Han}}{{1,12}}:$")
_TRAILER = regex.compile(
    rf"^(?:{alternation(_WORDS['trailer']['filler'])}|\d+|{CN_NUMBER}+)*"
    rf"(?:{alternation(_WORDS['trailer']['member_words'])})")
_COPULA = regex.compile(rf"^(?:{alternation(_WORDS['trailer']['copulas'])})")
# A numbering in front of a name on its own line: 1. ① (一); 一、 heads a section instead.
_LINE_NUMBER = item_number(but=("cn_dun",))


@dataclass
class _List:
    names: list[tuple[int, int]]  # document offsets of each name
    region: tuple[int, int]  # the text the list takes, lead-in and trailer included
    extra: list[tuple[int, int]] = field(default_factory=list)  # page markers inside it
    units: list[MemberUnit] | None = None  # roster units, already built


def recognize(draft: Draft) -> Found:
    paragraphs = _free_paragraphs(draft)
    rosters = find_rosters(paragraphs, draft.text)
    roster_paras = {id(p) for r in rosters for p in r.paragraphs}
    lists: list[_List] = [_List(names=[], region=(r.start, r.end), units=r.members)
                          for r in rosters]
    rest = [p for p in paragraphs if id(p) not in roster_paras]
    lists += _inline_lists(rest) + _column_lists(rest)
    lists.sort(key=lambda item: item.region[0])

    findings: list[Finding] = []
    member_lists = [item.units if item.units is not None
                    else [_member(draft.text, a, b, _para_at(paragraphs, a)) for a, b in item.names]
                    for item in lists]
    for members in member_lists:
        findings += _duplicate_findings(members)
    spans = [*(r.span for r in rosters)]
    for item in lists:
        spans += _claimed_pieces(draft, item)
    members = _first_of_each(member_lists)
    spans += [m.span for m in members]
    return Found(items={"member_units": members,
                        "persons": [p for r in rosters for p in r.persons]},
                 spans=spans, findings=findings)


def _free_paragraphs(draft: Draft) -> list[Paragraph]:
    """Paragraphs with at least one piece no earlier recognizer reserved (the title is not a
    list)."""
    free_blocks = {p.block for i, p in enumerate(draft.pieces) if i not in draft.reserved}
    return [b for b in draft.blocks if isinstance(b, Paragraph) and b.index in free_blocks]


def _para_at(paragraphs: list[Paragraph], offset: int) -> Paragraph | None:
    """The paragraph holding `offset` (paragraphs are in text order: a bisection, not a scan
    per name, which made a long document quadratic)."""
    k = bisect_right(paragraphs, offset, key=lambda p: p.start) - 1
    return paragraphs[k] if k >= 0 and offset < paragraphs[k].end else None


# ───────────────────────────── lists inside a clause ─────────────────────────────

def _inline_lists(paragraphs: list[Paragraph]) -> list[_List]:
    found = []
    for clause, markers in clauses(paragraphs):
        found += _lists_in_clause(clause, markers)
    return found


def _lists_in_clause(clause: list[Segment], markers) -> list[_List]:
    # Most clauses hold no token that opens a run of names: they are done with at a look
    # (read_token is cached per token, and a token of one character holds no name).
    if not any(read_token(word, True, True) for word in clause_words(clause)):
        return []
    tokens = clause_tokens(clause)
    clause_start = clause[0].start
    clause_end = clause[-1].start + len(clause[-1].text.rstrip())
    full = ClauseText(clause)
    runs = Runs(tokens)
    leads = LeadIns(full, _NOT_MEMBER_LABELS, _LEAD_WORDS)
    trails: dict[int, tuple[bool, bool, bool]] = {}  # by where the trailer starts
    out: list[_List] = []
    i = 0
    while i < len(tokens):
        first = read_token(tokens[i][2], True, True)
        if not first:
            i += 1
            continue
        lead_len, names, trail_at, known = first
        a0 = tokens[i][0]
        count, last_token = len(names), i
        trail_start = a0 + trail_at if trail_at is not None else None
        more = runs.after(i + 1) if trail_at is None else None
        if more:  # the names go on in the tokens after this one
            count, known, last_token, trail_start = (count + more[0], known + more[1],
                                                     more[2], more[3])
        if trail_start is None:
            trail_start = tokens[last_token][1]
        # Cheapest first: names nobody knows, then the trailer, then the lead-in (all of
        # them must agree; the order of the questions does not change the answer).
        if known == 0 or 3 * known < count:  # mostly names nobody knows: not evidence enough
            i += 1
            continue
        if trail_start not in trails:
            trails[trail_start] = _read_trailer(full.between(trail_start, clause_end))
        if _is_member_list(leads, a0 + lead_len, trails[trail_start], count):
            run = [(a0 + a, a0 + b) for a, b in names] + runs.names(i + 1, last_token)
            out.append(_List(names=run, region=(clause_start, clause_end), extra=list(markers)))
            i = last_token + 1
        else:
            i += 1
    return out


def _is_member_list(leads: LeadIns, lead_end: int, trail: tuple[bool, bool, bool],
                    count: int) -> bool:
    """Whether `count` names, enough of them known, between the lead-in that ends at
    `lead_end` and this trailer, are a member list."""
    trail_opens_label, trailer_says, trail_blank = trail
    if trail_opens_label:
        return False
    lead = leads.at(lead_end)
    if lead.refuses:
        return False
    if count >= 2 and (lead.says or trailer_says):
        return True
    # No word says so: only names, at least three, fill the clause.
    return trail_blank and count >= 3 and not _LINE_NUMBER.sub("", lead.text()).strip()


def _read_trailer(trail: str) -> tuple[bool, bool, bool]:
    """What the text after a list says: (a colon: it is a label, not a list; it says the
    names are members; it is blank or a clause end)."""
    trail = trail.strip()
    says = bool(_TRAILER.match(trail)) or bool(
        _COPULA.match(trail) and any(word in trail for word in _LEAD_WORDS))
    return trail.startswith(":"), says, trail in ("", "。", ";")


# ───────────────────────────── one name per line ─────────────────────────────

def _column_lists(paragraphs: list[Paragraph]) -> list[_List]:
    """A label line that announces members (成员单位如下：) and then one or a few names a
    line, maybe numbered (1.区委宣传部)."""
    out = []
    for i, para in enumerate(paragraphs):
        label = "".join(para.text.split())
        if not (label.endswith((":", "如下", "组成")) and any(w in label for w in _LEAD_WORDS)):
            continue
        if any(w in label for w in (*_NOT_MEMBER_LABELS, *_ABOUT_DUTIES)) \
                or _COLLECTIVE.match(label):
            continue
        names: list[tuple[int, int]] = []
        end, previous = para.end, para.index
        for nxt in paragraphs[i + 1:]:
            if nxt.index != previous + 1:  # a block read by another recognizer between
                break
            previous = nxt.index
            if PAGE_MARKER.match(nxt.text):
                continue
            line = _line_names(nxt)
            if not line:
                break
            names += line
            end = nxt.end
        known = sum(is_known(_doc_slice(paragraphs, a, b)) for a, b in names)
        if len(names) >= 2 and 3 * known >= len(names):
            out.append(_List(names=names, region=(para.start, end)))
    return out


def _doc_slice(paragraphs: list[Paragraph], a: int, b: int) -> str:
    para = _para_at(paragraphs, a)
    return para.text[a - para.start:b - para.start] if para else ""


def _line_names(para: Paragraph) -> list[tuple[int, int]]:
    number = _LINE_NUMBER.match(para.text)
    body_at = number.end() if number else 0
    if ":" in para.text:  # another label, not a name
        return []
    found = []
    for m in regex.finditer(r"[^、,/\s;。]+", para.text[body_at:]):
        parsed = parse_token(m.group(), lead=False, trail=True)
        if not parsed or parsed[2] is not None:  # only names: no trailer on a column line
            return []
        names = parsed[1]
        base = para.start + body_at + m.start()
        found += [(base + a, base + b) for a, b in names]
    return found


# ───────────────────────────── building the result ─────────────────────────────

def _member(doc_text: str, start: int, end: int, para: Paragraph | None) -> MemberUnit:
    note = _ORDER_NOTE.search(doc_text, start, end)
    if note and note.start() > start:
        end = note.start()  # (排名不分先后) is said of the list, not of its last body
    span = Span(start=start, end=end, block=para.index if para else None,
                page=para.page if para else None)
    return MemberUnit(agency=AgencyRef(name=doc_text[start:end], span=span), span=span)


def _claimed_pieces(draft: Draft, item: _List) -> list:
    """The pieces the list takes (as before: whole pieces, so that a list is never read
    again as duties), and the page markers inside it."""
    a, b = item.region
    first = bisect_right(draft.pieces, a, key=lambda p: p.end)  # pieces are in text order
    taken = []
    for i in range(first, len(draft.pieces)):
        p = draft.pieces[i]
        if p.start >= b:
            break
        if i not in draft.reserved and p.end > a:
            taken.append(p)
    return [*taken, *(Span(start=x, end=y) for x, y in item.extra)]


def _duplicate_findings(members: list[MemberUnit]) -> list[Finding]:
    seen: set[str] = set()
    out = []
    for m in members:
        key = _key(m.agency.name)
        if key in seen:
            out.append(Finding(code="duplicate_member", span=m.span,
                               message=f"member unit {m.agency.name} is listed twice; kept as written"))
        seen.add(key)
    return out


def _key(name: str) -> str:
    return "".join(name.split())


def _first_of_each(lists: list[list[MemberUnit]]) -> list[MemberUnit]:
    """A notice often lists its members twice (the plan and again in its rules), sometimes
    worded a little differently (区精神文明建设指导中心 / 区精神文明指导中心). A list that
    mostly repeats an earlier one is that list restated: it adds no members; its text is
    still placed. Other lists add the names not seen yet, in order; a list keeps its own
    duplicates as written."""
    seen: set[str] = set()
    out: list[MemberUnit] = []
    for members in lists:
        keys = [_key(m.agency.name) for m in members]
        if out and sum(k in seen or _variant_of(k, seen) for k in keys) \
                >= get_settings().member_restated_ratio * len(keys):
            continue
        own: set[str] = set()
        for key, member in zip(keys, members):
            if key not in seen or key in own:
                out.append(member)
                own.add(key)
        seen.update(own)
    return out


def _variant_of(key: str, seen: set[str]) -> bool:
    """区精神文明指导中心 for 区精神文明建设指导中心: the same body written a little differently."""
    from rapidfuzz import fuzz

    least = get_settings().member_variant_ratio
    return any(fuzz.ratio(key, other) >= least for other in seen
               if abs(len(key) - len(other)) <= 3 and known_name(clean_name(key)) is None)
