"""Rosters: lines of person + unit + post under role labels, read as member units.

    组  长：李某某  区人民政府副区长
    副组长：张  某  区政府办公室副主任
            刘某某  区文化和旅游局局长
    成  员：王  某  区财政局副局长、党组成员
            周某某  区住房和城乡建设局总
                    工程师

The person is the 2–3-character name at the front (padded names like 张  某 joined); the unit
is the longest resolvable name before a post word (data/vocabulary/posts.toml); two posts
joined by 、 stay one entry; a post wrapped onto the next line is joined back. A convener
(组长, 召集人 …) is a person but the unit on that line is no member unit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from ..agencies import is_agency_name, is_collective, known_name
from ..blocks import Paragraph
from ..lexicon import alternation, vocabulary
from ..models import AgencyRef, MemberUnit, Person, Span
from ..normalize.text import clean_name

_VOCAB = vocabulary("posts")
_ROLES: dict[str, bool] = {role: spec.get("convener", False)
                           for role, spec in _VOCAB["roles"].items()}
_POSTS: tuple[str, ...] = tuple(sorted(set(_VOCAB["posts"]["titles"]), key=len, reverse=True))
_POST_END = regex.compile(rf"(?:{alternation(_POSTS)})$")
# A role label at the start of a line, padded with spaces: 组  长：
_ROLE_LINE = regex.compile(r"^\s*(?P<label>\p{Han}(?:\s*\p{Han}){1,5})\s*:\s*(?P<rest>.*)$")
_HAN = regex.compile(r"^\p{Han}+$")
_MAX_WRAP = 8  # characters of a post wrapped onto the next line


@dataclass
class Roster:
    persons: list[Person] = field(default_factory=list)
    members: list[MemberUnit] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def span(self) -> Span:
        return Span(start=self.start, end=self.end)


def find_rosters(paragraphs: list[Paragraph], doc_text: str) -> list[Roster]:
    rosters: list[Roster] = []
    i = 0
    while i < len(paragraphs):
        if _role_of(paragraphs[i]) is None:
            i += 1
            continue
        roster, after = _read_roster(paragraphs, i, doc_text)
        i = max(after, i + 1)  # a role line that opens no roster is passed, never read again
        if len(roster.persons) >= 2:
            rosters.append(roster)
    return rosters


def _role_of(para: Paragraph) -> tuple[str, int] | None:
    """(role label, offset of the text after the colon) when the line opens with a role."""
    m = _ROLE_LINE.match(para.text)
    if not m:
        return None
    label = "".join(m["label"].split())
    return (label, m.start("rest")) if label in _ROLES else None


def _read_roster(paragraphs: list[Paragraph], i: int, doc_text: str) -> tuple[Roster, int]:
    roster = Roster(start=paragraphs[i].start)
    role = None
    while i < len(paragraphs):
        para = paragraphs[i]
        labelled = _role_of(para)
        if labelled:
            role, at = labelled
        else:
            at = 0
        # 各村（社区）党组织书记: the holders of a post in each of a class of units, no one
        # named (read first: 各村委会主任 would pass for 各村委 + 会主任)
        holders = _post_holders(para, at) if roster.persons else None
        entry = None if holders else _person_line(para, at)
        if entry is None:
            if holders:
                _add_holders(roster, doc_text, role, *holders)
            if labelled or holders:  # (a role with nobody on its line: the people follow)
                roster.paragraphs.append(para)
                roster.end = para.end
                i += 1
                continue
            break
        name_span, unit_text, unit_span, posts = entry
        used = [para]
        if posts is None and i + 1 < len(paragraphs):  # a post wrapped onto the next line
            wrapped = _wrapped_post(unit_text, unit_span, paragraphs[i + 1])
            if wrapped:
                unit_text, unit_span, posts = wrapped
                used.append(paragraphs[i + 1])
            elif not is_agency_name(unit_text or ""):
                break
        _add(roster, doc_text, role, name_span, unit_span, posts, para, used[-1].end)
        roster.paragraphs += used
        roster.end = used[-1].end
        i += len(used)
    return roster, i


def _person_line(para: Paragraph, at: int):
    """(name span, unit-and-post text, its span, posts) for `person  unit post`."""
    text = para.text
    words = [(m.start(), m.end()) for m in regex.finditer(r"\S+", text[at:])]
    words = [(at + a, at + b) for a, b in words]
    if not words:
        return None
    a0, b0 = words[0]
    first = text[a0:b0]
    if not _HAN.match(first):
        return None
    if len(first) == 1 and len(words) >= 3 and 1 <= words[1][1] - words[1][0] <= 2 \
            and _HAN.match(text[words[1][0]:words[1][1]]):
        name_end, rest = words[1][1], words[2:]  # a padded name: 张  敏
    elif 2 <= len(first) <= 3 and len(words) >= 2:
        name_end, rest = b0, words[1:]
    elif len(first) >= 5:  # the name glued to the unit: try 3 then 2 characters
        for k in (3, 2):
            unit = _unit_and_posts(text[a0 + k:], a0 + k, para)
            if unit and unit[0]:
                return (para.start + a0, para.start + a0 + k), *unit
        return None
    else:
        return None
    tail_start = rest[0][0]
    unit = _unit_and_posts(text[tail_start:].rstrip(), tail_start, para)
    if unit is None:
        return None
    return (para.start + a0, para.start + name_end), *unit


def _unit_and_posts(text: str, start: int, para: Paragraph):
    """(unit text, unit span, posts) from `区财政局副局长、党组成员`; posts is None when the
    text ends in no post word (it may have wrapped)."""
    parts = text.split("、")
    head = parts[0]
    extra = parts[1:]
    if extra and not all(_POST_END.search(p.strip()) for p in extra):
        return None
    split = _split_post(head)
    if split is None:  # no post word: a unit alone, or a post that wrapped (checked later)
        if extra or not _HAN.match(head.strip()):
            return None
        unit = head.strip()
        a = para.start + start + head.index(unit)
        return unit, Span(start=a, end=a + len(unit), block=para.index, page=para.page), None
    unit, post = split
    posts = "、".join([post, *(p.strip() for p in extra)])
    if not unit:
        return None, None, posts
    a = para.start + start + head.index(unit)
    return unit, Span(start=a, end=a + len(unit), block=para.index, page=para.page), posts


def _split_post(head: str) -> tuple[str, str] | None:
    """区人民政府副区长 → (区人民政府, 副区长): the post words that end `head`, choosing the
    cut whose unit the resolver knows, else the longest post that leaves a name-shaped unit."""
    compact = head.strip()
    cuts = [p for p in _POSTS if compact.endswith(p)]
    if not cuts:
        return None
    for post in sorted(cuts, key=len):
        unit = compact[:-len(post)].strip()
        if unit and known_name(clean_name(unit)):
            return unit, post
    for post in cuts:  # longest first
        unit = compact[:-len(post)].strip()
        if not unit or is_agency_name(unit):
            return unit, post
    return None


def _post_holders(para: Paragraph, at: int) -> tuple[Span, str] | None:
    """(unit span, post) for a roster line naming no person but the holders of a post in
    each of a class of units (各村（社区）党组织书记, 各街道分管负责同志)."""
    text = para.text[at:].strip()
    if not text or len(text) > 30 or regex.search(r"\s", text):
        return None
    split = _split_post(text)
    if split is None or not split[0] or not is_collective(split[0]):
        return None
    unit, post = split
    a = para.start + para.text.index(unit, at)
    return Span(start=a, end=a + len(unit), block=para.index, page=para.page), post


def _add_holders(roster: Roster, doc_text: str, role: str | None, unit_span: Span,
                 post: str) -> None:
    """A member unit with no person named: whoever holds `post` there."""
    if role and _ROLES.get(role):
        return  # a convener's unit is no member
    unit_name = doc_text[unit_span.start:unit_span.end]
    roster.members.append(MemberUnit(agency=AgencyRef(name=unit_name, span=unit_span),
                                     span=unit_span, persons=[], post=post, role=role))


def _wrapped_post(unit_text: str | None, unit_span: Span | None, nxt: Paragraph):
    """周某某  区住房和城乡建设局总 / 工程师 → the line below finishes the post."""
    piece = nxt.text.strip()
    if not unit_text or unit_span is None or not _HAN.match(piece) or len(piece) > _MAX_WRAP \
            or _role_of(nxt):
        return None
    split = _split_post(unit_text + piece)
    if split is None or not split[0] or not unit_text.startswith(split[0]):
        return None
    unit, post = split
    span = Span(start=unit_span.start, end=unit_span.start + len(unit), block=unit_span.block,
                page=unit_span.page)
    return unit, span, post


def _add(roster: Roster, doc_text: str, role: str | None, name_span, unit_span, posts,
         para: Paragraph, end: int) -> None:
    name = "".join(doc_text[name_span[0]:name_span[1]].split())
    convener = bool(role and _ROLES.get(role))
    unit_name = doc_text[unit_span.start:unit_span.end] if unit_span else None
    line = Span(start=name_span[0], end=end, block=para.index, page=para.page)  # with a wrapped post
    roster.persons.append(Person(name=name, role=role, unit=unit_name, post=posts,
                                 convener=convener, span=line))
    if convener or unit_span is None:
        return
    for member in roster.members:
        if "".join(member.agency.name.split()) == "".join(unit_name.split()):
            member.persons.append(name)
            return
    roster.members.append(MemberUnit(agency=AgencyRef(name=unit_name, span=unit_span),
                                     span=unit_span, persons=[name], post=posts, role=role))
