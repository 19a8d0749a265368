"""Outline and list markers (附件N 第X条 一、 （一） 1. （1） ① 1） ⑴), written once: the pieces
of the text are cut at them, and every recognizer that strips or spots a number uses these.

On width-folded text (brackets are ASCII).
"""
from __future__ import annotations

import regex

# The marks a sentence or clause ends with (on width-folded text).
SENTENCE_END = "。;!?"
# The characters a Chinese ordinal is written with (一 … 十, 百, 零/〇, 两).
CN_DIGITS = "一二三四五六七八九十百零〇两"
CN_NUMBER = f"[{CN_DIGITS}]"

# Tried in order at the start of a piece; each captures its number.
MARKERS: list[tuple[str, str]] = [
    ("attachment", r"附件\s*(\d{1,2})?(?=\s|:|$|\p{Han}|\d)"),
    ("article", rf"第({CN_NUMBER}{{1,4}})条"),
    ("cn_dun", rf"({CN_NUMBER}{{1,3}})[、.]"),
    ("cn_paren", rf"\(({CN_NUMBER}{{1,3}})\)"),
    ("num_dot", r"(\d{1,3})(?:[.、](?!\d)|\s*\.\s)"),
    ("num_paren", r"\((\d{1,3})\)"),
    ("circled", r"([①-⑳])"),
    # 1) and ⑴: two more families of sub-items (a half bracket; the parenthesised digits).
    ("num_half", r"(\d{1,3})\)(?!\d)"),
    ("paren_digit", r"([⑴-⒇])"),
]


def item_number(*, but: tuple[str, ...] = ()) -> regex.Pattern:
    """The number of a list item at the start of a line, with the space after it (what to
    strip to get at the item's text): any family but 附件, 第X条 and those in `but`."""
    skip = ("attachment", "article", *but)
    return regex.compile(r"^\s*(?:" + "|".join(p for style, p in MARKERS if style not in skip)
                         + r")\s*")


ITEM_NUMBER = item_number()
# A count in words opening a clause (一是…二是…).
WORD_COUNT = rf"{CN_NUMBER}{{1,3}}是"
