"""Unit names written together without a separator, cut apart into names the resolver knows
(社会事务局文化站 → 社会事务局, 文化站)."""
from __future__ import annotations

from ..normalize.text import clean_name, fold_width
from ..settings import cached_per_generation
from .registry import active_registry
from .resolver import known_name


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
