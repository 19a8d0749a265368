"""Which district, city or town a document belongs to."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

from ..agencies.gazetteer import find_region, lookup_region
from ..lexicon import vocabulary


def _division_suffix() -> regex.Pattern:
    """The suffixes a division mention ends with (data/vocabulary/places.toml), longest
    first, each not before the characters that make it the start of another word."""
    words = vocabulary("places")["division_mentions"]
    not_before = words.get("not_before", {})
    return regex.compile("|".join(
        regex.escape(suffix) + (f"(?![{regex.escape(''.join(not_before[suffix]))}])"
                                if not_before.get(suffix) else "")
        for suffix in sorted(words["suffixes"], key=len, reverse=True)))


_DIVISION_SUFFIX = _division_suffix()
_HAN_TAIL = regex.compile(r"\p{Han}{1,5}$")
# Characters no name ends with: ASCII (but the newline, before which $ matches too) and the
# usual Chinese punctuation. A suffix after one of them (、市, 2区) needs no search for a name.
_NOT_NAME_END = frozenset(
    ch for ch in [*map(chr, range(0x80)), *"、，。：；（）“”‘’《》【】！？…—·　"]
    if ch != "\n" and not regex.fullmatch(r"\p{Han}", ch))


def document_region(title: str | None, issuer: str | None, text: str) -> tuple[str | None, str | None]:
    """(region, city): named at the start of the title or the issuer, else the county-level
    division the opening of the text names most often (a news piece says 石景山区 again and
    again but opens with 我区)."""
    for source in (title, issuer):
        if source:
            region, city = find_region(source)
            if region:
                return region, city or _most_named(text, "prefecture")
    region = _most_named(text, "county")
    if region:
        return region, None
    return None, None


def _most_named(text: str, level: str) -> str | None:
    counts: Counter[str] = Counter()
    # Most candidates are words like 市场 or 区域, written again and again: look each up once.
    written = Counter(_division_mentions(text[:20000]))
    for name, times in written.items():
        division = _division_named(name, level)
        if division:
            counts[division] += times
    return counts.most_common(1)[0][0] if counts else None


@lru_cache(maxsize=8192)  # the same mentions (市场, 区域, 我区) recur in every document
def _division_named(mention: str, level: str) -> str | None:
    """The division of `level` a mention names, if any."""
    # The regex may have taken a character too many on the left (在石景山区): trim.
    for k in range(len(mention) - 2, -1, -1):
        found = lookup_region(mention[k:])
        # 城区, 郊区, 矿区: districts of several cities, and words of every text
        if found and found[1] is None and len(found[0]) <= 2:
            continue
        if found and found[2] == level:
            return found[0]
    return None


def _division_mentions(text: str):
    """Up to five Chinese characters and a division suffix (…区, …自治州), the suffix found
    first: scanning for the suffix is several times faster than trying a name at every
    character. A mention never reaches back into the one before it."""
    last_end = 0
    for m in _DIVISION_SUFFIX.finditer(text):
        start = m.start()
        if text[start - 1:start] in _NOT_NAME_END:
            continue
        head = _HAN_TAIL.search(text, max(last_end, start - 5), start)
        if head:
            yield head.group() + m.group()
            last_end = m.end()
