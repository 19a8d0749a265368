"""The administrative-division gazetteer: names, GB/T 2260 codes, levels and parents.

The data is data/regions.json (built by scripts/build_regions.py), loaded on first use.
Levels and parents follow from the code itself: xx0000 is a province (or a municipality
such as 天津市), xxyy00 a prefecture, anything else county-level. Towns (镇, 乡) are not in
the gazetteer; `find_region` still recognises one at the start of a title by its shape.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..lexicon import vocabulary
from ..normalize.text import clean_name

# Suffixes a county-level or higher division name ends with, dropped for the short form
# (鹿城区 → 鹿城) that branch names use; and the words after a town named at the start of a
# title (data/vocabulary/places.toml).
_SUFFIXES = tuple(vocabulary("places")["short_form_suffixes"])
_TOWN_FOLLOWERS = tuple(vocabulary("places")["town_followers"])
# A title that opens with 关于 (关于印发镇…的通知) names no place before it.
_TOWN = re.compile(r"^(?!关于)([\u4e00-\u9fff]{2,4}?[镇乡])")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | prefecture | county

    @property
    def parent_code(self) -> str | None:
        if self.level == "province":
            return None
        if self.level == "prefecture":
            return self.code[:2] + "0000"
        return self.code[:4] + "00"


@dataclass
class _Gazetteer:
    by_code: dict[str, Region]
    by_name: dict[str, list[Region]]
    by_short: dict[str, list[Region]]
    max_len: int


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    raw = json.loads(resources.files("culturegov").joinpath("data/regions.json")
                     .read_text(encoding="utf-8"))
    by_code: dict[str, Region] = {}
    by_name: dict[str, list[Region]] = {}
    by_short: dict[str, list[Region]] = {}
    for code, name in raw["regions"]:
        if code.endswith("0000"):
            level = "province"
        elif code.endswith("00"):
            level = "prefecture"
        else:
            level = "county"
        region = Region(code, name, level)
        by_code[code] = region
        by_name.setdefault(name, []).append(region)
        short = _short_form(name)
        if short != name and len(short) >= 2:
            by_short.setdefault(short, []).append(region)
    return _Gazetteer(by_code, by_name, by_short, max(len(n) for n in by_name))


def _short_form(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def parent_of(region: Region) -> Region | None:
    """The division above; a county directly under a province (省直辖) skips the prefecture."""
    gaz = _gazetteer()
    code = region.parent_code
    while code:
        parent = gaz.by_code.get(code)
        if parent is not None:
            return parent
        code = None if code.endswith("0000") else code[:2] + "0000"
    return None


def city_of(region: Region) -> Region | None:
    """The prefecture-level city (or municipality) a region belongs to, itself included."""
    current: Region | None = region
    while current is not None:
        if current.level == "prefecture" or (current.level == "province"
                                             and current.name.endswith("市")):
            return current
        current = parent_of(current)
    return None


def candidates(name: str, *, short: bool = False) -> list[Region]:
    gaz = _gazetteer()
    found = list(gaz.by_name.get(name, ()))
    if short and not found:
        found = list(gaz.by_short.get(name, ()))
    return found


def pick(name: str, *, within: Region | None = None, short: bool = False) -> Region | None:
    """The region called `name`; when several share the name, the one inside `within`.
    An ambiguous name with no way to choose gives None rather than a guess."""
    found = candidates(name, short=short)
    if within is not None:
        inside = [r for r in found if _is_within(r, within)]
        if inside:
            found = inside
    return found[0] if len(found) == 1 else None


def _is_within(region: Region, ancestor: Region) -> bool:
    current: Region | None = region
    while current is not None:
        if current.code == ancestor.code:
            return True
        current = parent_of(current)
    return False


@lru_cache(maxsize=8192)  # region detection asks about the same words in every document
def lookup_region(name: str) -> tuple[str, str | None, str] | None:
    """(name, GB/T 2260 code, level) of a division named exactly `name`, else None.
    A name several divisions share (鼓楼区) comes back with code None: it is a real
    division, but which one is not known from the name alone."""
    name = clean_name(name)
    found = candidates(name)
    if not found:
        return None
    if len(found) > 1:
        levels = {r.level for r in found}
        return (name, None, levels.pop() if len(levels) == 1 else "county")
    return (name, found[0].code, found[0].level)


def match_prefix(text: str) -> tuple[list[Region], int]:
    """The chain of divisions written at the start of `text` (温州市鹿城区… → [温州市, 鹿城区])
    and how many characters they take. Each link must lie inside the one before, so a
    shared name (鼓楼区) is settled by the city written before it."""
    gaz = _gazetteer()
    chain: list[Region] = []
    pos = 0
    while True:
        hit: Region | None = None
        for length in range(min(gaz.max_len, len(text) - pos), 1, -1):
            piece = text[pos:pos + length]
            if piece not in gaz.by_name:
                continue
            hit = pick(piece, within=chain[-1] if chain else None)
            if hit is None and chain:
                continue
            if hit is None:  # ambiguous with nothing before it: keep the first, no code
                hit = Region("", piece, gaz.by_name[piece][0].level)
            break
        if hit is None:
            return chain, pos
        chain.append(hit)
        pos += len(hit.name)


def find_region(text: str) -> tuple[str | None, str | None]:
    """(region, city) named at the start of a title or issuer string.

    温州市鹿城区人民政府办公室 → (鹿城区, 温州市); 武清区公共文化… → (武清区, 天津市);
    中山市古镇镇… → (古镇镇, 中山市); 古镇镇创建… → (古镇镇, None).
    """
    text = clean_name(text)
    chain, pos = match_prefix(text)
    rest = text[pos:]
    town = _town_at(rest)
    if town:
        city = city_of(chain[-1]) if chain and chain[-1].code else None
        return town, (city.name if city else (chain[-1].name if chain else None))
    if not chain:
        return None, None
    last = chain[-1]
    city = city_of(last) if last.code else None
    # A city named alone is the region; repeating it as its own city adds nothing.
    return last.name, (city.name if city and city.code != last.code else None)


def _town_at(text: str) -> str | None:
    m = _TOWN.match(text)
    if not m:
        return None
    town = m.group(1)
    after = text[len(town):]
    # 镇 doubled (古镇镇) is a town name ending in 镇 plus the suffix: take the longer one.
    if after.startswith(("镇", "乡")) and town[-1] == after[0]:
        town, after = town + after[0], after[1:]
    if after.startswith(_TOWN_FOLLOWERS):
        return town
    return None


def read_place(text: str) -> tuple[str, str | None] | None:
    """(region, city) of a place a user names (`culturegov resolve --region`): a division
    (武清区), a chain (温州市鹿城区 → 鹿城区, 温州市) or a town by its ending (古镇镇);
    None for anything else, so a typo is reported rather than becoming a jurisdiction."""
    text = clean_name(text)
    if lookup_region(text) is not None:
        return text, None
    chain, pos = match_prefix(text)
    rest = text[pos:]
    if chain and not rest:
        last = chain[-1]
        city = city_of(last) if last.code else None
        return last.name, (city.name if city and city.code != last.code else None)
    if _is_town_name(rest):
        return rest, (chain[-1].name if chain else None)
    return None


def _is_town_name(name: str) -> bool:
    for suffix, level in vocabulary("places")["level_suffixes"]:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return level in ("town", "township", "subdistrict")
    return False
