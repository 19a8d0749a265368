"""Which legacy Chinese encoding a file is in: GB18030 (GBK, GB2312) or Big5 (Big5-HKSCS).

Both are double-byte encodings over the same byte ranges, and every Big5 byte pair is also a
valid GBK pair, so "GB18030 decodes without error" says nothing: Big5 text read as GB18030 is
garbage with no error. The evidence used instead is each encoding's own frequency levels:
GB2312 puts its 3,755 common characters (一级字) at lead bytes B0–D7, Big5 its 5,401 common
characters (常用字) at lead bytes A4–C6. Real text draws nearly all its characters from the
common level of its own encoding; the same bytes read in the other encoding land in rare
characters, kana, Greek, box drawing or the private-use area. The candidate whose text is
most "common" wins; a low or close score is reported as a guess.

UTF-16 without a byte-order mark (Notepad's "Unicode" from some editors, exports of old
office systems) is found here too. English text in UTF-16 has a NUL in every other byte;
Chinese text has almost none (一 is 00 4E, but most characters have two non-zero bytes),
and its bytes are mostly above 0x1F, so neither the NUL count nor the control-byte count
tells it from binary. What does: read in the right byte order, nearly every character is one
Chinese text is made of (CJK ideographs, CJK and full-width punctuation, ASCII); random
bytes give about a third such characters, GBK bytes read as UTF-16 under a half.
"""
from __future__ import annotations

import logging

import regex

log = logging.getLogger(__name__)

SAMPLE_CHARS = 20000
UTF16_SAMPLE_BYTES = 4096
UTF16_TEXT_SHARE = 0.9  # share of text characters above which UTF-16 is taken
# (first, last) code points of the characters Chinese text is made of.
_TEXT_RANGES = ((0x20, 0x7E), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                (0xFF00, 0xFFEF), (0x2010, 0x203B), (0x2160, 0x216B), (0x2460, 0x249B))
# One character class for the ranges: counted by the regex engine, not a Python loop per character.
_TEXT_CHARS = regex.compile("[\t\n\r" + "".join(
    f"{regex.escape(chr(first))}-{regex.escape(chr(last))}" for first, last in _TEXT_RANGES) + "]")
CONFIDENT = 0.85  # share of common characters above which a decoding is not a guess
MARGIN = 0.2  # and the lead over the other candidate


def _common_share(text: str, encoding: str) -> float:
    """Share of the sample's non-ASCII characters that are common characters of `encoding`."""
    if encoding == "gb18030":
        codec, low, high = "gb2312", 0xB0, 0xD7
    else:
        codec, low, high = "big5", 0xA4, 0xC6
    total = common = 0
    for ch in text[:SAMPLE_CHARS]:
        if ch.isascii() or ch.isspace():
            continue
        total += 1
        try:
            raw = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        # Full-width punctuation sits below the common level in both (A1xx): as common.
        if len(raw) == 2 and (low <= raw[0] <= high or raw[0] == 0xA1):
            common += 1
    return common / total if total else 0.0


def decode_chinese(data: bytes) -> tuple[str, str, bool] | None:
    """(text, encoding, guessed) for GB18030 or Big5 bytes, or None when neither decodes."""
    candidates = []
    for encoding in ("gb18030", "big5hkscs", "cp950"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        family = "gb18030" if encoding == "gb18030" else "big5"
        if family == "big5" and any(c[2] == "big5" for c in candidates):
            continue
        candidates.append((_common_share(text, family), text, family, encoding))
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0], reverse=True)
    score, text, _, encoding = candidates[0]
    runner_up = candidates[1][0] if len(candidates) > 1 else 0.0
    guessed = score < CONFIDENT or score - runner_up < MARGIN
    if guessed:
        log.info("encoding guessed with low confidence: %s (%.0f %% common characters, "
                    "next best %.0f %%)", encoding, 100 * score, 100 * runner_up)
    return text, encoding, guessed


def utf16_byte_order(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `data` (no BOM) reads as text in that byte order."""
    sample = data[:UTF16_SAMPLE_BYTES]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    best, best_share = None, 0.0
    for encoding in ("utf-16-le", "utf-16-be"):
        # A sample cut inside a surrogate pair loses its last character, nothing more.
        text = sample.decode(encoding, errors="ignore")
        # Over the sample's code units: a lone surrogate dropped by the decoder counts too.
        share = len(_TEXT_CHARS.findall(text)) / (len(sample) / 2)
        if share > best_share:
            best, best_share = encoding, share
    return best if best_share >= UTF16_TEXT_SHARE else None
