"""The agency resolver: a name as written → the canonical kind of body it is.

Order of attempts, first hit wins:
  exact / alias  the name, or the name without its level and place prefix (区文广局 → 文广局),
                 is listed in the registry (data/registry.toml)
  rule           a shape rule finds a listed name: 团区委 → youth league, a 分局 branch of a
                 listed bureau, the 委/局/办公室 written another way, joining words dropped
  fuzzy          a character-level ratio against the listed names, only among names that end
                 in the same character (局 stays 局, 站 never becomes 馆)
  unresolved     kept as written, never guessed

Registry and gazetteer load on the first call, not at import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import gazetteer as gaz
from ..settings import cached_per_generation, get_settings
from .registry import Registry, active_registry, loosen
from ..lexicon import vocabulary
from ..lexicon.patterns import COLLECTIVE_OPENER
from ..models import AgencyMatch
from ..normalize.text import clean_name

_SCORES = {"exact": 1.0, "alias": 1.0, "rule": 0.9}

# Level words before a body (区文广局) and at the end of a division's name (鹿城区), in the
# order they are tried (data/vocabulary/places.toml).
_LEVEL_PREFIXES = tuple(map(tuple, vocabulary("places")["level_prefixes"]))
LEVEL_CHARS = frozenset(prefix[0] for prefix, _ in _LEVEL_PREFIXES)  # 区, 市, 自 …
_LEVEL_SUFFIXES = tuple(map(tuple, vocabulary("places")["level_suffixes"]))
_PARTY_MARKERS = ("中国共产党", "中共")
_YOUTH_MARKERS = ("共青团", "团")
_YOUTH_CORES = ("委", "委员会")  # what follows the place in 团区委, 共青团…委员会
_BRANCH_SUFFIX = "分局"
_TOWN_PREFIX = re.compile(r"^([\u4e00-\u9fff]{2,4}[镇乡])")
_BRANCH_WITH_PLACE = re.compile(rf"^(.+?[局委厅])(.{{1,6}}?){_BRANCH_SUFFIX}$")
_BRANCH = re.compile(rf"^(.+?){_BRANCH_SUFFIX}$")

# ───────────────────────────── name shapes ─────────────────────────────

@dataclass(frozen=True)
class _Parse:
    """One way to read the front of a name: what it says about level and place, and the
    rest (the core) to look up."""

    core: str
    level: str | None = None
    region: gaz.Region | None = None
    town: str | None = None
    youth: bool = False


@dataclass(frozen=True)
class _Hit:
    canonical_id: str
    method: str
    score: float
    place: gaz.Region | None = None  # a branch's own jurisdiction (鹿城分局 → 鹿城区)


def _level_of(name: str) -> str | None:
    for suffix, level in _LEVEL_SUFFIXES:
        if name.endswith(suffix):
            return level
    return None


def _parses(text: str) -> list[_Parse]:
    """Readings of `text`, the most prefix taken off first. The caller keeps the first
    reading whose core is a known name, so a wrong split (市场监管局 → 市 + 场监管局) loses
    to the reading that makes sense."""
    for marker in _PARTY_MARKERS:
        if text.startswith(marker) and len(text) > len(marker):
            text = text[len(marker):]
            break
    else:
        for marker in _YOUTH_MARKERS:
            rest = text[len(marker):]
            # 团区委, 共青团温州市鹿城区委员会: the youth league, whatever the place.
            if text.startswith(marker) and rest.endswith(_YOUTH_CORES):
                youth_parse = _parses(rest)
                youth_parse = [p for p in youth_parse if p.core in _YOUTH_CORES]
                if youth_parse:
                    p = youth_parse[0]
                    return [_Parse("委", p.level, p.region, p.town, youth=True)]

    readings: list[_Parse] = []
    chain, pos = gaz.match_prefix(text)
    if chain and pos < len(text):
        region = chain[-1]
        rest = text[pos:]
        readings.append(_Parse(rest, _level_of(region.name), region if region.code else None))
        if not region.code:  # a name several divisions share: keep the place, no code
            readings[-1] = _Parse(rest, _level_of(region.name), None, town=region.name)
        town = _town_prefix(rest)
        if town:
            readings.insert(0, _Parse(rest[len(town):], _level_of(town), None, town=town))
    for prefix, level in _LEVEL_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            readings.append(_Parse(text[len(prefix):], level))
            break
    readings.append(_Parse(text))
    # A town read off the front by its shape alone (古镇镇文化站) is the weakest reading:
    # 市住房城乡建设局 must stay 市 + 住房城乡建设局, not the "town" 市住房城乡.
    town = None if chain else _town_prefix(text)
    if town:
        readings.append(_Parse(text[len(town):], _level_of(town), None, town=town))
    return readings


def _town_prefix(text: str) -> str | None:
    """A town written before the body (古镇镇文化站 → 古镇镇). Only a name of three or more
    characters counts, so 乡镇 and 城乡 in 乡镇文化站, 城乡建设局 are left alone."""
    m = _TOWN_PREFIX.match(text)
    if not m or text[0] == COLLECTIVE_OPENER or text[0] in LEVEL_CHARS:
        return None
    town = m.group(1)
    if text[len(town):len(town) + 1] == town[-1]:  # 古镇镇: the name itself ends in 镇
        town += town[-1]
    return town if len(town) >= 3 and len(text) > len(town) else None


def _split_bracket(text: str) -> tuple[str, str | None]:
    """区委统战部(区民宗局) → (区委统战部, 区民宗局). Only a bracket at the end counts; one
    left open (区科委(包括…) runs to the end."""
    if text.endswith(")") and "(" in text:
        depth = 0
        for i in range(len(text) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(text[i], 0)
            if depth == 0:
                return (text[:i], text[i + 1:-1]) if i > 0 else (text, None)
        return text, None
    if "(" in text and ")" not in text[text.index("("):]:
        i = text.index("(")
        return (text[:i], text[i + 1:]) if i > 0 else (text, None)
    return text, None


# ───────────────────────────── lookups ─────────────────────────────

def _lookup(core: str, reg: Registry, *, branches: bool = True) -> _Hit | None:
    """Exact, alias and rule look-ups of a core with no prefix; no fuzzy guessing."""
    hit = reg.index.get(core)
    if hit:
        return _Hit(hit[0], hit[1], _SCORES[hit[1]])
    # 委宣传部, 委编办: a body of the party committee written after its 区委/市委.
    if core.startswith("委") and len(core) > 1:
        inner = _lookup(core[1:], reg, branches=False)
        if inner:
            return inner
    for long, short in reg.rules.suffix_equivalents:
        if core.endswith(long) and len(core) > len(long):
            hit = reg.index.get(core[: -len(long)] + short)
            if hit:
                return _Hit(hit[0], "rule", _SCORES["rule"])
    # 文化旅游局 for 文化和旅游局: a connector dropped between words, never one that ends or
    # opens the text (各村和 is 各村 and the word joining the next name).
    joined = tuple(reg.rules.connectors)
    loose = None if core.endswith(joined) or core.startswith(joined) else \
        reg.loose_index.get(loosen(core, reg.rules.connectors))
    if loose:
        return _Hit(loose, "rule", _SCORES["rule"])
    if branches and core.endswith(_BRANCH_SUFFIX):
        return _branch(core, reg)
    return None


def _branch(core: str, reg: Registry) -> _Hit | None:
    """市自然资源和规划局鹿城分局 → the bureau, serving 鹿城区; 规划分局 → 规划局."""
    m = _BRANCH_WITH_PLACE.match(core)
    if m:
        parent = _lookup(m.group(1), reg, branches=False)
        if parent:
            place = gaz.pick(m.group(2)) or gaz.pick(m.group(2), short=True)
            return _Hit(parent.canonical_id, "rule", _SCORES["rule"], place)
    m = _BRANCH.match(core)
    if m:
        parent = _lookup(m.group(1) + "局", reg, branches=False)
        if parent:
            return _Hit(parent.canonical_id, "rule", _SCORES["rule"])
    return None


@cached_per_generation(maxsize=1)
def _fuzzy_groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name in active_registry().index:
        if len(name) >= get_settings().fuzzy_min_chars:
            groups.setdefault(name[-1], []).append(name)
    return groups


def _fuzzy(core: str, reg: Registry) -> _Hit | None:
    from rapidfuzz import fuzz, process

    best: _Hit | None = None
    for candidate in (core, core[1:] if core.startswith("委") else None):
        if not candidate or len(candidate) < get_settings().fuzzy_min_chars:
            continue
        choices = _fuzzy_groups().get(candidate[-1], ())
        by_id: dict[str, float] = {}
        for key, score, _ in process.extract(candidate, choices, scorer=fuzz.ratio, limit=12):
            cid = reg.index[key][0]
            by_id[cid] = max(by_id.get(cid, 0.0), score)
        ranked = sorted(by_id.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < get_settings().fuzzy_threshold:
            continue
        # Two bodies almost equally close (科学技术协会委员会: 科学技术委员会 88, 科学技术协会
        # 80) is exactly the case where a guess would mix up bodies: leave it unresolved.
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < get_settings().fuzzy_margin:
            continue
        cid, score = ranked[0]
        if best is None or score / 100 > best.score:
            best = _Hit(cid, "fuzzy", round(score / 100, 3))
    return best


def _resolve_plain(text: str, reg: Registry) -> tuple[_Parse, _Hit] | None:
    """The first reading of `text` whose core is a known name (no fuzzy)."""
    listed = reg.index.get(text)
    if listed:  # listed as written (团委, 各镇(街)): no prefix to read
        return _Parse(text), _Hit(listed[0], listed[1], _SCORES[listed[1]])
    for parse in _parses(text):
        if parse.youth:
            hit = reg.index.get("共青团委员会")
            return (parse, _Hit(hit[0], "rule", _SCORES["rule"])) if hit else None
        hit = _lookup(parse.core, reg)
        if hit:
            return parse, hit
    return None


@cached_per_generation(maxsize=65536)
def known_name(text: str) -> tuple[_Parse, _Hit] | None:
    """_resolve_plain against the active registry, cached: splitting a unit cell asks
    about every substring, and the same substrings recur cell after cell."""
    if not _may_be_listed(text):
        return None
    return _resolve_plain(text, active_registry())


def _may_be_listed(text: str) -> bool:
    """False only when no plain look-up can know `text`, told by its last character: every
    core _resolve_plain looks up is a tail of `text` (prefixes are taken off the front), so
    a hit ends as a listed name, a longer suffix form, 分局 (a branch) or 委/委员会 (the
    youth league) end; a hit through the joining words dropped (loose) ends as a loose name
    ends, once the joining words at the end are dropped too. Most substrings a name run is
    cut into end in a character no name ends in: this answers them without the look-up."""
    if not text:
        return True
    ends, loose_ends, joiners = _name_ends()
    if text[-1] in ends:
        return True
    if loose_ends is None:  # joining words of more than one character: no shortcut
        return True
    rest = text.rstrip(joiners)  # a tail of joining words alone loosens to ""
    return bool(rest) and rest[-1] in loose_ends or "" in active_registry().loose_index


def ends_unlisted(piece: str) -> bool:
    """True when `piece`, once cleaned (clean_name), is surely unknown to known_name: it ends
    in a common CJK character, which cleaning leaves in place, that no name ends in and that
    is no joining word. The question _may_be_listed asks, without cleaning the piece first."""
    ch = piece[-1:]
    if not "\u4e00" <= ch <= "\u9fff":
        return False
    ends, loose_ends, joiners = _name_ends()
    return (ch not in ends and loose_ends is not None and ch not in loose_ends
            and ch not in joiners and "" not in active_registry().loose_index)


def name_end_chars() -> frozenset[str] | None:
    """Every character a string known_name knows can end in, joining characters included;
    None when that cannot be told by the last character (see _may_be_listed)."""
    ends, loose_ends, joiners = _name_ends()
    if loose_ends is None or "" in active_registry().loose_index:
        return None
    return ends | loose_ends | frozenset(joiners)


@cached_per_generation(maxsize=1)
def _name_ends() -> tuple[frozenset[str], frozenset[str] | None, str]:
    """(last characters of listed names, of suffix forms and of the shape rules' names; last
    characters of loose names, or None when a joining word is longer than one character; the
    joining characters)."""
    reg = active_registry()
    ends = {name[-1] for name in reg.index if name}
    ends |= {long[-1] for long, _ in reg.rules.suffix_equivalents if long}
    # what the shape rules find: 分局 branches, 团…委 and 共青团…委员会 (the youth league)
    ends |= {_BRANCH_SUFFIX[-1], *(core[-1] for core in _YOUTH_CORES)}
    joiners = reg.rules.connectors
    if any(len(word) != 1 for word in joiners):
        return frozenset(ends), None, ""
    return frozenset(ends), frozenset(name[-1] for name in reg.loose_index if name), "".join(joiners)


# ───────────────────────────── jurisdiction ─────────────────────────────

def _default_chain(region: str | None, city: str | None) -> list[tuple[str, gaz.Region | None]]:
    """The document's place and every division above it, most specific first."""
    chain: list[tuple[str, gaz.Region | None]] = []

    def climb(start: gaz.Region | None) -> None:
        while start is not None:
            chain.append((start.name, start))
            start = gaz.parent_of(start)

    base = gaz.pick(clean_name(city)) if city else None
    if region:
        region = clean_name(region)
        found = gaz.pick(region, within=base)
        if found:
            climb(found)
            return chain
        chain.append((region, None))  # a town, not in the gazetteer
    climb(base)
    return chain


def _place(parse: _Parse, hit: _Hit, region: str | None, city: str | None, *,
           collective: bool = False) -> tuple[str | None, str | None, str | None]:
    """(level, jurisdiction, code) of a resolved name."""
    chain = _default_chain(region, city)
    if hit.place is not None:
        return _level_of(hit.place.name), hit.place.name, hit.place.code
    if parse.region is not None:
        return parse.level, parse.region.name, parse.region.code
    if parse.town:
        return parse.level, parse.town, None
    # Only provinces have 厅 (教育厅, 文化和旅游厅); cities and counties have 局.
    level = parse.level or ("province" if parse.core.endswith("厅") else None)
    if level:
        # 区文广局 in a 武清区 document is 武清区's; 市… in the same document is 天津市's.
        for name, found in chain:
            if _level_of(name) == level:
                return level, name, found.code if found else None
        return level, None, None
    if chain:
        # A name that says nothing of its level belongs to the document's place; its level
        # is that place's, except for a collective (各镇…), whose members sit below it.
        name, found = chain[0]
        level = None if collective else _level_of(name)
        return level, name, found.code if found else None
    return None, None, None


# ───────────────────────────── public API ─────────────────────────────

def resolve_agency(name: str, region: str | None = None, *, city: str | None = None
                   ) -> AgencyMatch:
    """Resolve one agency name. `region` (and `city`) is the document's place, used for a
    name that says only 区/市 or nothing about where it is."""
    return resolve_cached(name, region, city).model_copy()


@cached_per_generation(maxsize=8192)
def resolve_cached(name: str, region: str | None, city: str | None) -> AgencyMatch:
    reg = active_registry()
    text = clean_name(name)
    result = AgencyMatch(name=name)
    if not text:
        return result

    found = known_name(text)
    if found is None:
        main, inner = _split_bracket(text)
        if inner is not None:
            found = _resolve_plain(main, reg)
            inner_found = _resolve_plain(inner, reg)
            is_scope = any(m in inner for m in reg.rules.scope_markers)
            if inner_found and not is_scope:
                result.second_name = inner
                found = found or inner_found
            else:
                result.scope_note = inner
            text = main
    if found is None:
        readings = _parses(text)
        for parse in readings:
            hit = _fuzzy(parse.core, reg)
            if hit:
                found = (parse, hit)
                break
    if found is None:
        return result

    parse, hit = found
    entry = reg.entry(hit.canonical_id)
    level, jurisdiction, code = _place(parse, hit, region, city,
                                       collective=entry.category == "collective")
    result.canonical_id = entry.canonical_id
    result.canonical_name = entry.name
    result.category = entry.category
    result.level, result.jurisdiction, result.jurisdiction_code = level, jurisdiction, code
    result.score = hit.score
    result.method = hit.method  # type: ignore[assignment]
    return result
