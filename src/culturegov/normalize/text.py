"""Text normalisation that keeps offsets: every function here maps one character to one
character, so a span found in the working copy is the same span in the original."""
from __future__ import annotations

import re

# Full-width ASCII (！ … ～) to half-width, and the odd spaces to a plain space. Chinese
# punctuation that has a half-width twin used the same way in these documents is folded
# too, so recognizers need one pattern, not two.
_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
               0x3001: 0x3001})
_TABLE.update({ord("，"): ord(","), ord("；"): ord(";"), ord("："): ord(":"),
               ord("（"): ord("("), ord("）"): ord(")"), ord("．"): ord("."),
               ord("［"): ord("["), ord("］"): ord("]"), ord("〔"): ord("["),
               ord("〕"): ord("]"), ord("【"): ord("["), ord("】"): ord("]"),
               ord("﹝"): ord("["), ord("﹞"): ord("]")})


# Characters that end a line as LF does (line and paragraph separators, form feed, vertical
# tab, NEL): Word, web editors and printers' text write them between lines.
LINE_BREAKS = "\u2028\u2029\x0b\x0c\x85"
# Characters that show as nothing (zero-width space, non-joiner, joiner, word joiner, a BOM
# inside the text, soft hyphen): pasted or inserted against copying, they cut names in two.
# They are taken out of a document's text (blocks/invisible.py), and out of names.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH_TABLE = dict.fromkeys(map(ord, ZERO_WIDTH))


# str.translate looks every character up in the table (~150 ns each); a regex finds the few
# characters that change about five times faster.
_FOLDED = {chr(k): chr(v) for k, v in _TABLE.items() if k != v}
# Characters outside the Basic Multilingual Plane are found too, for the digits among them
# that the regex module knows (Kawi, Nag Mundari … in newer Unicode) but int() and float()
# of this Python do not: a \d that cannot be converted would crash the number parsers.
_FOLDABLE = re.compile("[" + re.escape("".join(_FOLDED)) + "\U00010000-\U0010FFFF]")
_find_foldable = _FOLDABLE.findall
_UNCONVERTIBLE = "?"


def fold_width(text: str) -> str:
    """The working copy of `text`: same length, half-width digits, letters and punctuation."""
    # Most calls are on short strings with nothing to fold; the rest hold a few distinct
    # characters (，：（）) many times. One str.replace per distinct character is much
    # cheaper than a Python callback per occurrence, and as every mapping is one character
    # to one character that no other mapping changes again, the order does not matter.
    found = _find_foldable(text)
    if not found:
        return text
    for ch in set(found):
        folded = _FOLDED.get(ch) or _astral_fold(ch)
        if folded != ch:
            text = text.replace(ch, folded)
    return text


def _astral_fold(ch: str) -> str:
    """A digit this Python cannot read as a number becomes `?` in the working copy."""
    import regex

    return _UNCONVERTIBLE if regex.match(r"\d", ch) and not ch.isdecimal() else ch


# Is there a zero-width character at all? (str.translate looks up every character.)
_HAS_ZERO_WIDTH = re.compile("[" + ZERO_WIDTH + "]").search


def clean_name(text: str) -> str:
    """A name as a user would compare it: folded, without spaces and stray punctuation."""
    text = fold_width(text)
    if _HAS_ZERO_WIDTH(text):
        text = text.translate(_ZERO_WIDTH_TABLE)
    return text.replace(" ", "").strip(":;,.、。")
