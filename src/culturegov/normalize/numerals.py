"""Chinese numerals as integers: 十二 → 12, 两 → 2, 二〇一九 → 2019."""
from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
# Characters a Chinese numeral may be written with; `万` is left out on purpose: in these
# documents it is nearly always part of a unit (万册, 万人次), not of the number.
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int | None:
    """The integer a Chinese numeral spells, or None when `text` is not one.

    Two spellings occur: positional (十二, 一百零五, 两千) and digit by digit, which is how
    years are written (二〇一九). A string without 十/百/千 and longer than one character is
    read digit by digit.
    """
    if not text or any(ch not in DIGITS and ch not in _UNITS for ch in text):
        return None
    if not any(ch in _UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + DIGITS[ch]
        return value
    total = 0
    pending = 0
    for ch in text:
        if ch in DIGITS:
            pending = DIGITS[ch]
        else:
            # A bare 十 at the start means 一十 (十五 = 15).
            total += (pending or 1) * _UNITS[ch]
            pending = 0
    return total + pending
