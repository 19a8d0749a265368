"""Which legacy Chinese encoding a file is in: GB18030 (GBK, GB2312) or Big5 (Big5-HKSCS).

Both are double-byte encodings over the same byte ranges, and every Big5 byte pair is also a
valid GBK pair, so "GB18030 decodes without error" says nothing: Big5 text read as GB18030 is
garbage with no error. The evidence used instead is each encoding's own frequency levels:
GB2312 puts its 3,755 common characters (一级字) at lead bytes B0–D7, Big5 its 5,401 common
characters (常用字) at lead bytes A4–C6. Real text draws nearly all its characters from the
common level of its own encoding; the same bytes read in the other encoding land in rare
characters, kana, Greek, box drawing or the private-use area. The candidate whose text is
most "common" wins; a low or close score is reported as a guess.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)

SAMPLE_CHARS = 20000
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
