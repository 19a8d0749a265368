"""Regular expressions shared by several recognizers (all on width-folded text)."""
from __future__ import annotations

import datetime as dt

import regex

# 发文字号: 温鹿政办〔2019〕61号, 京石办发[2016]4号, 粤府(2016)12号 — brackets are folded to [].
DOC_NUMBER = regex.compile(
    r"(?P<code>\p{Han}{1,12}?)\s*[\[(](?P<year>(?:19|20)\d{2})[\])]\s*(?P<serial>\d{1,4})\s*号"
)
DATE_CN = regex.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
DATE_ISO = regex.compile(r"(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})")
SENTENCE_PUNCT = regex.compile(r"[。;:!?,]")
# The kinds of document a title ends with.
DOC_TYPE_END = regex.compile(
    r"(?:方案|规则|办法|意见|通知|通报|决定|分工|分解表|清单|规划|计划|细则|纲要|要点|制度|"
    r"职责|报告|条例|规定|标准|目录|指南|任务表|一览表|统计表|台账|表|函|批复|公告|纪要)"
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
