"""Tokens of a clause read as agency names, for the member-list recognizer: where a token's
names stand, after a lead-in (由…, …有) and before a trailer (等…组成), and the run of
names that carries a list on from one token over the tokens after it."""
from __future__ import annotations

import regex

from ..agencies import LEVEL_CHARS, split_name_run
from ..agencies.segmentation import is_known
from ..lexicon import alternation, vocabulary
from ..settings import cached_per_generation

_WORDS = vocabulary("members")
# Where a trailer may begin inside the last item: 等…, a trailer word itself, or the people of
# the bodies (…区住建局主要负责人为成员) — filler words that no body's name holds.
_TRAILER_START = regex.compile(
    rf"等|{alternation([*_WORDS['trailer']['member_words'], *_WORDS['trailer']['copulas'], '共同'])}"
    rf"|{alternation(w for w in _WORDS['trailer']['filler'] if len(w) >= 3)}")
# Where a name may begin after a lead-in: a level prefix (区, 镇 …) or a name opener.
_LEVEL_START = LEVEL_CHARS | {word[0] for word in _WORDS["lead_in"]["name_openers"]}
_MAX_LEAD = 40
_LEAD_END = ":由有为括是"  # the last character of a lead-in: 由, 单位有, 成员为, 包括, 是


def parse_token(text: str, *, lead: bool, trail: bool):
    """(lead-in length, name offsets, trailer offset or None) when `text` holds names,
    possibly after a lead-in (由…, …有) and before a trailer (等…组成)."""
    parsed = read_token(text, lead, trail)
    return parsed[:3] if parsed else None


# A token is read the same wherever it stands (the answer depends on its text, the
# registry and the settings only), and a notice repeats its tokens: the names of its
# members, its boilerplate, and every word of prose asked about in several cuts. The
# reading also says how many of its names the resolver knows.
@cached_per_generation(maxsize=65536)
def read_token(text: str, lead: bool, trail: bool):
    if len(text) < 2:
        return None
    leads = [0]
    if lead:
        leads += [k for k in range(1, min(len(text) - 1, _MAX_LEAD))
                  if text[k] in _LEVEL_START or text[k - 1] in _LEAD_END]
    trails = [None]
    if trail:
        trails += [m.start() for m in _TRAILER_START.finditer(text) if m.start() >= 2]
    best, best_score = None, None
    for k in leads:
        for t in trails:
            stop = len(text) if t is None else t
            if stop - k < 2:
                continue
            names = split_name_run(text[k:stop])
            if not names:
                continue
            known = sum(is_known(text[k + a:k + b]) for a, b in names)
            # More names the resolver knows, fewer known by shape only, a cut after a lead-in
            # word before a level prefix (专班由|镇…), the shortest lead-in.
            strong = k > 0 and text[k - 1] in _LEAD_END and text[k] in _LEVEL_START
            score = (known, known - len(names), strong, -k, -(stop - k))
            if best_score is None or score > best_score:
                best = (k, tuple((k + a, k + b) for a, b in names), t, known)
                best_score = score
    return best


class Runs:
    """The names that carry a list on from a token: that token and the ones after it read
    as names (no lead-in), up to one with a trailer (…等单位组成). Worked out once per token,
    so a long run of names that is no list is not walked again from each of its names."""

    def __init__(self, tokens: list[tuple[int, int, str]]):
        self._tokens = tokens
        self._after: dict[int, tuple[int, int, int, int | None] | None] = {}

    def _parsed(self, j: int):
        return read_token(self._tokens[j][2], False, True)

    def after(self, j: int) -> tuple[int, int, int, int | None] | None:
        """(names, names known, last token, trailer offset or None) from token j on; None
        when token j holds no names."""
        path = []
        k = j
        while k < len(self._tokens) and k not in self._after:
            parsed = self._parsed(k)
            if not parsed:
                self._after[k] = None
                break
            path.append(k)
            if parsed[2] is not None:  # a trailer: the run ends in this token
                break
            k += 1
        for k in reversed(path):
            _, names, trail_at, known = self._parsed(k)
            own = (len(names), known, k)
            rest = self._after.get(k + 1) if trail_at is None else None
            if trail_at is not None:
                self._after[k] = (*own, self._tokens[k][0] + trail_at)
            elif rest is None:
                self._after[k] = (*own, None)
            else:
                self._after[k] = (own[0] + rest[0], own[1] + rest[1], rest[2], rest[3])
        return self._after.get(j)

    def names(self, j: int, last: int) -> list[tuple[int, int]]:
        """The document offsets of the names in tokens j to last."""
        out = []
        for k in range(j, last + 1):
            base = self._tokens[k][0]
            out += [(base + a, base + b) for a, b in self._parsed(k)[1]]
        return out
