"""Regular expressions shared by several recognizers (all on width-folded text)."""
from __future__ import annotations

import datetime as dt

import regex

from . import alternation, vocabulary

# 发文字号: 温鹿政办〔2019〕61号, 京石办发[2016]4号, 粤府(2016)12号 — brackets are folded to [].
DOC_NUMBER = regex.compile(
    r"(?P<code>\p{Han}{1,12}?)\s*[\[(](?P<year>(?:19|20)\d{2})[\])]\s*(?P<serial>\d{1,4})\s*号"
)
DATE_CN = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
DATE_ISO = regex.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
SENTENCE_PUNCT = regex.compile(r"[。;:!?,]")
# The word that opens the name of a collective, a class of bodies (各镇人民政府).
COLLECTIVE_OPENER: str = vocabulary("names")["collective"]["opener"]
# The kinds of document a title ends with (data/vocabulary/metadata.toml).
DOC_TYPE_END = regex.compile(
    r"(?:" + alternation(vocabulary("metadata")["document_types"]["endings"]) + r")"
    r"(?:\([^()]{1,20}\))?$"
)


def parse_date(text: str) -> dt.date | None:
    m = DATE_CN.search(text) or DATE_ISO.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
