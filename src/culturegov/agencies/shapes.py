"""Does a string have the shape of an agency name? Layout recognizers ask this to tell an
agency header from a duty sentence. It judges shape only (how the string ends, what it
contains), not membership in the registry, so it also accepts bodies nobody listed."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..lexicon import alternation, vocabulary
from ..lexicon.patterns import COLLECTIVE_OPENER
from .resolver import LEVEL_CHARS

# Collectives: 各成员单位, 各村, 各镇(街), 各乡镇人民政府 …
_COLLECTIVE = regex.compile(rf"^{regex.escape(COLLECTIVE_OPENER)}[\p{{Han}}()]{{1,14}}$")
# Words that open a sentence, never a name (推进…工作小组 is a duty, not a body).
_VERB_START = regex.compile("^(?:" + alternation(vocabulary("names")["sentences"]["openers"]) + ")")


@lru_cache(maxsize=1)
def _shapes() -> dict[str, regex.Pattern]:
    """The patterns compiled from data/vocabulary/names.toml, on first use."""
    words = vocabulary("names")
    suffixes = alternation(words["suffixes"]["body"])
    announce = alternation(words["duty_words"]["announce"])
    joiners = alternation(words["duty_words"]["joiners"])
    return {
        # How the names of bodies end: 局, 委, 办, 部, 中心, 公司, 联合会 … (a trailing
        # parenthetical is a second name or a scope note). A name that opens with 中共 needs
        # no word of its own: every name this is asked about has at most 20 characters.
        "name": regex.compile(rf"^[\p{{Han}}A-Za-z]{{1,24}}?(?:{suffixes})"
                              rf"(?:\([^()]{{1,30}}\))?$"),
        # 区X局职责, 区X局的主要职责是, 区X局工作职责如下: the words announcing the duties.
        "duty_words": regex.compile(rf"(?:{joiners})?(?:{announce})"
                                    rf"(?:{alternation(words['duty_words']['tails'])})?$"),
        "sentence": regex.compile(alternation(words["sentences"]["inner"])),
        "collective": regex.compile(alternation(words["collective"]["marks"])),
        "classes": regex.compile(rf"^(?:[{''.join(sorted(LEVEL_CHARS))}])?(?:{alternation(words['collective']['classes'])})$"),
        "coordinating": regex.compile(rf"(?:{alternation(words['suffixes']['coordinating'])})$"),
        "modal": regex.compile(alternation(words["collective"]["modals"])),
        "shared": regex.compile(alternation(words["collective"]["shared"])),
    }


@lru_cache(maxsize=1)
def _run_joiners() -> tuple[str, ...]:
    return tuple(vocabulary("names")["runs"]["joiners"])


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(vocabulary("names")["labels"]["words"])


# Punctuation, digits, spaces and the particles of a sentence (的) never stand in a name.
_FORBIDDEN = regex.compile(r"[,;:。!?“”\"《》<>\d]|\s|"
                           + alternation(vocabulary("names")["sentences"]["particles"]))


def is_agency_name(text: str) -> bool:
    """True when `text` (width-folded) is shaped like the name of one body or a collective.

    Two names joined by 、 (各镇人民政府、街道办事处) count as one collective name.
    """
    text = text.strip()
    # Without a bracket or a 、, a name is one body or a collective (各…): a text that ends
    # in no character a body's name ends in and does not open with 各 is none, whatever
    # else it holds (most texts a name run is cut into).
    if text and text[-1] not in _name_last_chars() and text[0] != COLLECTIVE_OPENER \
            and "(" not in text and "、" not in text:
        return False
    # At most three names of at most 40 characters: a longer text is a sentence, and is
    # kept out of the cache below.
    return len(text) <= 3 * 41 and _is_agency_name(text)


def body_end_chars() -> frozenset[str]:
    """Every character the name of a body can end in (a text without a bracket or a 、
    that does not open with 各 and ends otherwise is no name)."""
    return _name_last_chars()


@lru_cache(maxsize=1)
def _name_last_chars() -> frozenset[str]:
    """The last characters of the endings of bodies' names (局, 委, 心 …)."""
    return frozenset(word[-1] for word in vocabulary("names")["suffixes"]["body"] if word)


@lru_cache(maxsize=16384)  # asked again for every header candidate, in every document
def _is_agency_name(text: str) -> bool:
    if "、" in text and not _inside_parens(text, text.index("、")):
        parts = split_top_level(text, "、")
        return len(parts) <= 3 and all(_is_single_name(p) for p in parts)
    return _is_single_name(text)


_PARENTHETICAL = regex.compile(r"\([^()]*\)")


def _is_single_name(text: str) -> bool:
    if not 2 <= len(text) <= 40:
        return False
    # Parentheticals are a second name or a scope note (区科委(包括知识产权方面)), or part of
    # the name (各县(市、区)文化和旅游局): judge the shape without them.
    core = _PARENTHETICAL.sub("", text) if "(" in text else text
    if not core or _FORBIDDEN.search(core) or _VERB_START.match(core) or core in _labels():
        return False
    shapes = _shapes()
    if shapes["sentence"].search(core):  # …每半年召开一次全体会: a sentence, not a name
        return False
    if _COLLECTIVE.match(core):
        # …各村(社区)和: a collective, then the word joining the next name (A和B)
        return not core.endswith(_run_joiners())
    return bool(shapes["name"].match(core)) and len(core) <= 20


def is_label(text: str) -> bool:
    """`主办单位`, `联系人`: a field label before a colon, not a body."""
    return text.strip() in _labels()


def is_collective(name: str) -> bool:
    """A class of bodies (各成员单位, 县直各有关单位, 县直部门), not one body."""
    core = _PARENTHETICAL.sub("", name).strip()
    shapes = _shapes()
    return bool(shapes["collective"].search(core) or shapes["classes"].match(core))


def is_coordinating(name: str) -> bool:
    """The coordinating body a duty division is written for (…领导小组, …联席会议)."""
    return bool(_shapes()["coordinating"].search(name.strip()))


def exhorts(text: str) -> bool:
    """`要…`, `应当…`: what follows a collective in an exhortation, not a duty."""
    return bool(_shapes()["modal"].match(text))


def is_shared_heading(text: str) -> bool:
    """共同职责: a section of the duties every member shares; it names no body."""
    return bool(_shapes()["shared"].match(text))


def strip_duty_words(text: str) -> str:
    """区X局主要职责是 → 区X局: the words after a name that announce its duties."""
    return _shapes()["duty_words"].sub("", text)


def collective_in(text: str) -> tuple[int, int] | None:
    """Where the first collective name in `text` (a preamble) stands: 各成员单位 in
    `…领导小组各成员单位职责明确如下`."""
    for m in regex.finditer(rf"{regex.escape(COLLECTIVE_OPENER)}\p{{Han}}{{1,12}}", text):
        run = m.group()
        for end in range(len(run), 1, -1):
            if is_agency_name(run[:end]) and _shapes()["name"].match(run[:end]):
                return m.start(), m.start() + end
    return None


def _inside_parens(text: str, index: int) -> bool:
    return text[:index].count("(") > text[:index].count(")")


def split_top_level(text: str, sep: str) -> list[str]:
    """Split at `sep` outside parentheses (区政府办公室(区外事办、区大数据局) stays whole)."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]

