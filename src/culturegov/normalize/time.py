"""Deadlines as written in policy documents (完成时间, 时间节点) → `Deadline` date ranges.

The phrasings are a small closed language: a year (2019年), a month or a day in a year, a
quarter or a half-year, the end of one of those (年底, 6月底), a range of two of those
(2018年至2019年, 2018—2020年), a "by" marker (…前, 到…), a "from" marker (…起), a
recurrence (每月10日前, 每年3月5日前, 每季度) or an open-ended commitment (长期坚持).
The parser finds the date expressions in the string, reads the markers around them and
combines them; it never guesses a year it was not given.
"""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

import regex

from culturegov.models.document import Deadline
from culturegov.normalize.numerals import DIGITS, cn_to_int
from culturegov.normalize.text import fold_width

# Chinese numerals only where a date unit follows, so 十二月 → 12月 and 第二季度 → 第2季度,
# while words such as 十九大 or 两年内 keep their meaning (两年 is a duration, not a year:
# only four-character numerals before 年 are years).
# The lookbehind starts a numeral only where its run starts: a long run not followed by
# 月 is then scanned once, not from each of its positions (quadratic: 200 000 一 took minutes).
_CN_DATE_DIGITS = f"[{''.join(DIGITS)}十]"  # a month or day is at most 三十一: no 百
_CN_DATE_NUM = regex.compile(rf"(?<!{_CN_DATE_DIGITS}){_CN_DATE_DIGITS}+(?=月|日|号|季度?)")
_CN_YEAR = regex.compile(r"[零〇○一二三四五六七八九]{4}(?=年)")

_YEAR = r"(?<!\d)(?P<year>(?:19|20)\d{2})"
# Range separators: dashes of every width and the words 至/到. `~` covers the folded ～.
_SEP = r"(?:[-—–－~]+|至|到)"

# One date expression. Branches run from the most to the least specific; the `regex` module
# allows the same group name in several branches, which keeps the reading code flat.
_POINT = regex.compile(
    rf"""
      {_YEAR}年(?P<month>\d{{1,2}})月份?(?:(?P<day>\d{{1,2}})[日号]|(?P<mend>底|末|中旬|下旬))?
    | {_YEAR}[./](?P<month>\d{{1,2}})(?!\d)(?:[./](?P<day>\d{{1,2}})(?!\d))?
    | {_YEAR}-(?P<month>\d{{1,2}})(?!\d)-(?P<day>\d{{1,2}})(?!\d)
    | {_YEAR}年度?第?(?P<quarter>[1-4])季度?(?P<qend>末|底)?
    | {_YEAR}年度?(?P<half>[上下])半年
    | {_YEAR}年度?(?:年(?=底|末|终))?(?P<yend>底|末|终)?
    # a bare year is a date only as the first half of a range: 2018-2020年
    | {_YEAR}(?={_SEP}(?:19|20)\d{{2}})
    | (?<!\d)(?P<month>\d{{1,2}})月份?(?:(?P<day>\d{{1,2}})[日号]|(?P<mend>底|末|中旬|下旬))?
    | 第?(?<!\d)(?P<quarter>[1-4])季度?(?P<qend>末|底)?
    | (?P<half>[上下])半年
    # 年 after any numeral is a duration (两年内, 3年), not this year
    | (?<![\d零〇一二两三四五六七八九十几半多])年(?P<yend>底|末|终)
    | (?<![\d零〇一二两三四五六七八九十几半多])(?P<this_year>年内|年度内|当年|本年度?|今年|全年)
    | (?P<next_year>明年)
    """,
    regex.VERBOSE,
)

# What follows a date expression and changes its meaning.
_BY_SUFFIX = regex.compile(r"(?:以前|之前|前|为止|止)")
_FROM_SUFFIX = regex.compile(r"(?:起|开始|以来|以后|之后)")
# What precedes the first date expression: 到2020年, 截至2019年底 mean "by".
_BY_PREFIX = regex.compile(r"(?:到|截至|截止到?|至)$")
_SEP_ONLY = regex.compile(_SEP)

_RECURRENCE = [
    (regex.compile(r"每半年|半年一次"), "semiannual"),
    (regex.compile(r"每季度?|每个季度|按季度?"), "quarterly"),
    (regex.compile(r"每月|每个月|按月|月度"), "monthly"),
    (regex.compile(r"每周|每星期"), "weekly"),
    (regex.compile(r"每年|每一年|按年|逐年"), "yearly"),
]
# Commitments with no end date. 常态化 and 持续 are how these tables say "ongoing".
_OPEN_ENDED = regex.compile(r"长期|持续|常态化?|长效|经常性?|常年|逐步|不断|动态|日常|即日起")
# "Right away" has no calendar date; the caller is told so rather than given an empty range.
_IMMEDIATE = regex.compile(r"立即|即时|马上|立刻|及时|随时")


def _fold(raw: str) -> str:
    text = fold_width(raw)
    text = "".join(text.split())
    text = _CN_YEAR.sub(lambda m: str(cn_to_int(m.group())), text)
    return _CN_DATE_NUM.sub(lambda m: str(cn_to_int(m.group())), text)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


class _Point:
    """One date expression: the span of days it names and whether it names an end (年底)."""

    def __init__(self, match: regex.Match[str]):
        self.match = match
        g = match.groupdict()
        self.year = int(g["year"]) if g.get("year") else None
        self.month = int(g["month"]) if g.get("month") else None
        self.day = int(g["day"]) if g.get("day") else None
        self.quarter = int(g["quarter"]) if g.get("quarter") else None
        self.half = g.get("half")
        self.this_year = bool(g.get("this_year"))
        self.next_year = bool(g.get("next_year"))
        # 年底, 6月底, 三季度末: the expression names the end of a period, i.e. a "by" date.
        self.is_end = bool(g.get("yend") or g.get("mend") in ("底", "末") or g.get("qend"))
        self.late_month = g.get("mend") in ("中旬", "下旬")

    @property
    def has_date(self) -> bool:
        return any(v is not None for v in (self.year, self.month, self.quarter, self.half)) or (
            self.this_year or self.next_year or self.is_end
        )

    def resolve(self, year: int | None) -> tuple[dt.date, dt.date] | str:
        """(first day, last day) of the period, or a reason why there is none."""
        if self.year is not None:
            year = self.year
        elif self.next_year and year is not None:
            year += 1
        if year is None:
            return "no year given and no reference year"
        try:
            if self.month is not None:
                if self.day is not None:
                    day = dt.date(year, self.month, self.day)
                    return day, day
                first = dt.date(year, self.month, 1)
                if self.late_month:
                    first = first.replace(day=11 if self.match.group("mend") == "中旬" else 21)
                last = _month_end(year, self.month)
                if self.match.group("mend") == "中旬":
                    last = last.replace(day=20)
                return first, last
            if self.quarter is not None:
                return (dt.date(year, 3 * self.quarter - 2, 1),
                        _month_end(year, 3 * self.quarter))
            if self.half == "上":
                return dt.date(year, 1, 1), dt.date(year, 6, 30)
            if self.half == "下":
                return dt.date(year, 7, 1), dt.date(year, 12, 31)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        except ValueError:
            return "not a calendar date"


def _points(text: str) -> list[_Point]:
    points = []
    for match in _POINT.finditer(text):
        if match.group():
            point = _Point(match)
            if point.has_date:
                points.append(point)
    return points


def parse_deadline(raw: str, reference_year: int | None = None) -> tuple[Deadline, str | None]:
    """Read a deadline cell or phrase.

    Returns the Deadline and None, or the Deadline with start/end None and a short reason
    when the text names no date this parser can place. `reference_year` (usually the year
    the document was issued) supplies the year for 年底前, 6月底前, 一季度 and the like.
    A "by" deadline (2019年底前, 到2020年, 6月30日前) has an end and no start; a range or a
    plain period (2018年至2019年, 2019年, 2019年6月) has both.
    """
    deadline, problem = _read_deadline(raw, reference_year)
    return deadline.model_copy(), problem


# Task tables repeat the same few deadlines row after row (2019年底前).
@lru_cache(maxsize=4096)
def _read_deadline(raw: str, reference_year: int | None) -> tuple[Deadline, str | None]:
    deadline = Deadline(raw=raw)
    text = _fold(raw)
    if not text:
        return deadline, "empty"

    for pattern, name in _RECURRENCE:
        if pattern.search(text):
            deadline.recurrence = name
            break
    if _OPEN_ENDED.search(text):
        deadline.open_ended = True

    points = _points(text)
    if deadline.recurrence:
        # 每年3月5日前 names a date that repeats; only dates with their own year bound it.
        points = [p for p in points if p.year is not None]

    start: dt.date | None = None
    end: dt.date | None = None
    reason: str | None = None
    year = reference_year
    i = 0
    while i < len(points):
        point = points[i]
        nxt = points[i + 1] if i + 1 < len(points) else None
        if (point.this_year or point.next_year) and nxt is not None and nxt.year is None and (
            nxt.match.start() == point.match.end()
        ):
            # 明年6月, 今年三季度: the word only supplies the year of what follows.
            if year is not None and point.next_year:
                year += 1
            i += 1
            continue
        span = point.resolve(year)
        if isinstance(span, str):
            reason = reason or span
            i += 1
            continue
        if point.year is not None:
            # A later expression without a year (2019年3月至6月) belongs to this year.
            year = point.year
        p_start, p_end = span
        last = point
        if nxt is not None and _SEP_ONLY.fullmatch(text, point.match.end(), nxt.match.start()):
            other = nxt.resolve(year)
            if isinstance(other, str):
                reason = reason or other
            else:
                p_end = other[1]
                last = nxt
                i += 1
        after = text[last.match.end():]
        if _FROM_SUFFIX.match(after):
            deadline.open_ended = True
            p_end = None
        elif last is point and (
            point.is_end
            or _BY_SUFFIX.match(after)
            or (i == 0 and _BY_PREFIX.search(text, 0, point.match.start()))
        ):
            # A single "by" date; a range keeps its first day even when it ends with 底/前.
            p_start = None
        if start is None and end is None:
            start = p_start
        if p_end is not None and (end is None or p_end > end):
            end = p_end
        i += 1

    if start is None and end is None:
        if deadline.open_ended or deadline.recurrence:
            return deadline, None
        if reason is None:
            if _IMMEDIATE.search(text):
                reason = "immediate: no calendar date"
            else:
                reason = "no date expression recognised"
        return deadline, reason
    deadline.start = start
    deadline.end = end
    return deadline, None
