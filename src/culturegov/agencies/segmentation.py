"""Unit names written together without a separator, cut apart into names the resolver knows
(社会事务局文化站 → 社会事务局, 文化站)."""
from __future__ import annotations

from ..lexicon import vocabulary
from ..lexicon.patterns import COLLECTIVE_OPENER
from ..normalize.text import clean_name, fold_width
from ..settings import cached_per_generation
from .registry import active_registry
from .resolver import LEVEL_CHARS, ends_unlisted, known_name


def split_concatenated(name: str) -> list[str]:
    """Known unit names written together, apart: 社会事务局文化站 → [社会事务局, 文化站].

    A name that is itself known, or that cannot be cut wholly into known names of two or
    more characters, comes back as [name]: a partial cut would be a guess. The pieces are
    slices of `name` as written, so a caller can find each one in it.
    """
    return list(_split_cached(name))


@cached_per_generation(maxsize=8192)
def _split_cached(name: str) -> tuple[str, ...]:
    folded = fold_width(name)
    kept = [i for i, ch in enumerate(folded) if not ch.isspace()]
    text = "".join(folded[i] for i in kept)
    if len(text) < 4 or known_name(clean_name(name)):
        return (name,)
    n = len(text)
    endings = _name_endings()
    # best[i]: fewest known pieces covering text[:i], as the list of cut positions.
    best: list[list[int] | None] = [None] * (n + 1)
    best[0] = [0]
    for end in range(2, n + 1):
        if text[end - 1] not in endings:
            continue  # no known name ends in this character: no piece can end here
        if end < n and text[end - 1] == ")":
            continue  # a bracket qualifies what follows it: 各县(市、区)|政府 is one name
        for start in range(0, end - 1):
            if best[start] is None:
                continue
            if known_name(text[start:end]) is None:
                continue
            cuts = best[start] + [end]
            if best[end] is None or len(cuts) < len(best[end]):
                best[end] = cuts
    cuts = best[n]
    if cuts is None or len(cuts) < 3:
        return (name,)
    return tuple(name[kept[a]:kept[b - 1] + 1] for a, b in zip(cuts, cuts[1:]))


@cached_per_generation(maxsize=1)
def _name_endings() -> frozenset[str]:
    """Last characters of every name a plain look-up can know (listed names, the longer
    forms of the suffix rules, joined-word forms, branches)."""
    reg = active_registry()
    names = [*reg.index, *reg.loose_index, *(long for long, _ in reg.rules.suffix_equivalents)]
    return frozenset(name[-1] for name in names if name) | {"局"}


# Where a second name may start inside a stretch: a level prefix, or 各 opening a collective.
_RESTARTS = LEVEL_CHARS | {COLLECTIVE_OPENER}
# Words that join the last name of a list to the one before it (A、B和C, A及B).
_CONNECTORS = tuple(vocabulary("names")["runs"]["joiners"])
_MAX_RUN = 400
_MAX_NAME = 40  # characters: a longer stretch without a separator is prose, not a name run


def split_name_run(text: str) -> list[tuple[int, int]] | None:
    """A stretch of names written without separators, or joined by 和/及/与, as the
    (start, end) offsets of each name in `text`; None when it is not wholly names.

    镇党政办镇文化站和镇综治中心 → 镇党政办 | 镇文化站 | 镇综治中心. Each piece is a name the
    resolver knows or a name by its shape (is_agency_name); known pieces are preferred, and
    a piece known only by its shape may not hide a restart of its own level prefix
    (镇A所镇B站 is two names). A name that holds 和 (区文化和旅游局) stays whole because its
    halves are no names.
    """
    if not text or len(text) > _MAX_RUN or text != text.strip():
        return None
    return _run_cached(text)


@cached_per_generation(maxsize=8192)
def _run_cached(text: str) -> list[tuple[int, int]] | None:
    from .shapes import is_agency_name

    if is_known(text):
        return [(0, len(text))]
    n = len(text)
    # best[i]: (cost, cuts) of the cheapest reading of text[:i] as names (a known name costs
    # 1, a name by shape alone 3, half more when it opens unlike the first name); cuts are
    # (start, end) pairs.
    dead = _dead_ends(text)
    if dead[0][n] and dead[1][0] >= n:
        return None  # no piece can end where the text ends: the last character ends no name
    best: list[tuple[int, list[tuple[int, int]]] | None] = [None] * (n + 1)
    best[0] = (0, [])
    for start in range(n):
        if best[start] is None:
            continue
        cost0, cuts0 = best[start]
        begin = start
        if cuts0:  # a connector may stand between two names
            for word in _CONNECTORS:
                if text.startswith(word, start):
                    _relax(best, start + len(word), cost0, cuts0, text, is_agency_name, n,
                           dead, after_connector=True)
        _relax(best, begin, cost0, cuts0, text, is_agency_name, n, dead)
    if best[n] is None:
        return None
    cuts = best[n][1]
    # A cut into several names most of which nobody knows is a guess, not a reading.
    if len(cuts) > 1 and 2 * sum(is_known(text[a:b]) for a, b in cuts) < len(cuts):
        return None
    return cuts


def _dead_ends(text: str) -> tuple[list[bool], list[int]]:
    """(for each end k, whether a piece ending at k, text[k-1], surely is no name; for each
    start, where the next 各, ( or 、 stands). A piece ending in a common CJK character that
    no known name, loose name, joining word or body's name ends in is neither known nor a
    name by its shape, unless it holds 各 (a collective), a bracket or a 、: the two tests
    are not asked about it (most pieces of a run that is prose)."""
    from .resolver import name_end_chars
    from .shapes import body_end_chars

    n = len(text)
    live = name_end_chars()
    if live is None:
        return [False] * (n + 1), [0] * (n + 1)
    live = live | body_end_chars()
    dead = [False] + [("\u4e00" <= ch <= "\u9fff") and ch not in live for ch in text]
    special = [n] * (n + 1)
    for k in range(n - 1, -1, -1):
        special[k] = k if text[k] in (COLLECTIVE_OPENER, "(", "、") else special[k + 1]
    return dead, special


def _relax(best, start, cost0, cuts0, text, is_agency_name, n, dead, *,
           after_connector=False) -> None:
    # After 和/及, a name known by its shape only must open like the first name (区…和区…):
    # 由所在单位及时提出名单报…办公室 is a sentence, not two names.
    if text[start:start + 1] in ("(", ")"):  # a second name in brackets belongs to the name before
        return
    shape_ok = not after_connector or text[start:start + 1] == text[:1]
    dead_end, special = dead
    plain_from = special[start]  # the pieces from start that end before it hold no 各 ( 、
    for end in range(start + 2, min(n, start + _MAX_NAME) + 1):
        if dead_end[end] and end <= plain_from:
            continue
        piece = text[start:end]
        if is_known(piece):
            cost = 1
        elif shape_ok and is_agency_name(piece) and not _hides_restart(piece, is_agency_name):
            cost = 3
        else:
            continue
        if piece[0] != text[0]:  # names of one list mostly open alike (镇A局镇B局)
            cost += 0.5
        candidate = (cost0 + cost, [*cuts0, (start, end)])
        if best[end] is None or candidate[0] < best[end][0]:
            best[end] = candidate


@cached_per_generation(maxsize=65536)  # asked for every piece of every run tried
def is_known(piece: str) -> bool:
    """Known to the resolver; 区委统战部(区民宗局) by the name before its second name."""
    if piece.endswith(")") and piece.count("(") == 1 and piece.count(")") == 1:
        piece = piece[:piece.index("(")]
    if ends_unlisted(piece):  # most pieces a run is cut into: no need to clean them first
        return False
    return known_name(clean_name(piece)) is not None


def _hides_restart(piece: str, is_agency_name) -> bool:
    """镇财政所镇综治中心, 镇党政办镇, 镇规划办和镇综治中心, 镇财政所各村: a name, then a
    level prefix again, or the 各 that opens a collective (or a connector and another name):
    more than one name, never one name known only by its shape."""
    for k in range(2, len(piece)):
        left = piece[:k]
        word = next((w for w in _CONNECTORS if left.endswith(w)), "")
        if not (piece[k] in _RESTARTS or (word and is_agency_name(piece[k:]))):
            continue
        left = left[:len(left) - len(word)]
        if len(left) >= 2 and (is_known(left) or is_agency_name(left)):
            return True
    return False
