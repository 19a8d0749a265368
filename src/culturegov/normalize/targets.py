"""Numeric requirements inside task and duty texts → `Target`.

人均藏书达到1.5册以上 → (人均藏书, >=, 1.5, 册). A target is a quantity (a number with a
unit of measure or count, a percentage, a fraction) that the sentence holds up as a
requirement. Numbers in these texts are mostly something else: years, dates, 文号, list
numbers, ordinals (十九大, 十三五), formula names ("1+3"). So the rules are conservative: a
quantity only counts when it has a known unit, and a count (5个, 一名) only when a comparator
word (不少于, 达到, 以上 …) says it is required. Precision over recall.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import regex

from culturegov.models.document import Target
from culturegov.normalize.numerals import CN_NUMERAL_CHARS, cn_to_int
from culturegov.lexicon import vocabulary
from culturegov.normalize.text import fold_width

_CN = f"[{CN_NUMERAL_CHARS}]+"

_WORDS = vocabulary("targets")  # units, comparator words, context words (data/vocabulary)
# Units that measure something (覆盖率100%) are a requirement with an Arabic number alone;
# the others need a comparator (25个区属委办局 is a description).
_MEASURE_UNITS = _WORDS["units"]["measure"]
_UNITS = sorted(_MEASURE_UNITS + _WORDS["units"]["other"], key=len, reverse=True)
_UNIT = "(?:[万亿])?(?:" + "|".join(regex.escape(u) for u in _UNITS) + ")"

_QUANTITY = regex.compile(
    rf"""
    # not the tail of a longer number, a code (O2O), a formula (1+3) or a range (1-2次)
    (?<![\d.A-Za-z+/\-—~])
    (?:
        百分之(?P<pct>{_CN}|\d+(?:\.\d+)?)
      | 千分之(?P<permille>{_CN}|\d+(?:\.\d+)?)
      | (?P<cn_den>{_CN})分之(?P<cn_num>{_CN})
      | (?P<num>\d+)/(?P<den>\d+)(?![\d/])
      | (?P<arabic>\d+(?:\.\d+)?)
      | (?P<cn>{_CN})
    )
    (?P<unit>{_UNIT}(?:/(?:万人|[\p{{Han}}]))?)?
    """,
    regex.VERBOSE,
)
# A match's groups are read with one groups() call, in the order they are written above: the
# regex module looks a group up by name in ~0.5 µs, and _value needs several.
#
# Every quantity starts with a digit or a Chinese numeral (百分之, 千分之 included): a text
# without one is rejected by one quick scan instead of the full pattern. (Digits that re's \d
# lacks, newer than Python's Unicode tables, are no digits in the folded text either.)
_MAY_HOLD_NUMBER = re.compile(rf"[\d{CN_NUMERAL_CHARS}]")

# Comparator words, longest first so 不低于 is not read as 低于. 达 after 下/传/送/抵/到/表 is
# part of another verb (下达资金, 到达).
_CUES = sorted(_WORDS["comparators"]["before"].items(), key=lambda cue: -len(cue[0]))
_CUE_COMPARATOR = dict(_CUES)
_CUE_AT_END = regex.compile(
    "(?:" + "|".join(regex.escape(c) if c != "达" else "(?<![下传送抵到表])达" for c, _ in _CUES)
    + ")$"
)
# 为 is a comparator only right before the number (比例为30%); with a gap it is too common.
_WEI_AT_END = regex.compile(r"(?<![作成认因以])为$")
# The characters a comparator word can end with (and "\n", before which $ matches too): a
# position after any other character needs no regex search.
_CUE_ENDINGS = {cue[-1] for cue, _ in _CUES} | {"为", "\n"}
# Words allowed between a (two-character) comparator and its number: a short verb (至少配备1名) or a
# "X的" phrase (达到广告资源总量的10%).
_SHORT_GAP = regex.compile(r"\p{Han}{1,4}")
_DE_GAP = regex.compile(r"[\p{Han}()]{1,12}的")
_MAX_GAP = 12

# Words after a quantity that make it a bound. None is the start of another: at most one
# matches, whatever the order of the tests.
_SUFFIX_COMPARATOR = _WORDS["comparators"]["after"]
# A quantity followed by these is a point in time (5天后, 3天前), not a requirement.
_TIME_AFTER = tuple(_WORDS["context"]["time_after"])

# A quantity right after these, with no comparator before it, is one item of a noun list
# (省级中心镇和5万人以上的乡镇): it qualifies a noun, it does not set a requirement.
_LIST_JOINERS = set(_WORDS["context"]["list_joiners"])

# Patterns without \d or \p{...} use `re`: the same match, with less overhead per call than
# the regex module.
#
# Where an indicator starts: after clause punctuation. 、 is not a boundary: it joins the
# parts of one indicator (镇、村两级注册文化志愿者).
_CLAUSE_BREAK = re.compile(r"[,;。:!?\n\r\t]")
_SENTENCE = re.compile(r"[^。;!?\n]+")
# Words that open a clause but are not part of what is measured.
_LEADING = regex.compile(
    r"^(?:\d{1,2}[.、]|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、"
    r"|(?:到|至|截至|截止到?|力争|争取|于|在)?\d{4}年(?:底|末)?(?:前|以前)?"
    r"|确保|保证|实现|力争|争取|推动|要求|做到|使|让|并|且|其中|同时|全部|均|都|每年|还要|要|应)+"
)
# Words that close the phrase before a comparator or number, not part of what is measured.
_TRAILING = re.compile(r"(?:达|要|应当?|须|需|必须|均|都|全部|每年|每月|的|实现|已)+$")
# A deadline year inside the sentence: 到2020年, 到2019年底, 2020年前.
_BY_YEAR = regex.compile(
    r"(?:到|至|截至|截止到?|力争|争取|于|在)(?P<y>(?:19|20)\d{2})年"
    r"|(?<!\d)(?P<y>(?:19|20)\d{2})年(?:底|末)?(?:前|以前|之前)"
)
_DECIMAL = regex.compile(r"\d+(?:\.\d+)?")
# Titles of other documents: numbers inside them belong to the title.
_TITLE = re.compile(r"《[^《》]*》")


def _number(text: str) -> float | None:
    if _DECIMAL.fullmatch(text):
        return float(text)
    value = cn_to_int(text)
    return None if value is None else float(value)


def _value(groups: tuple[str | None, ...]) -> tuple[float, str, bool] | None:
    """The number, the unit it implies and whether it is written in Arabic digits; None
    when the numeral is not a number. `groups` is a _QUANTITY match's groups()."""
    pct, permille, cn_den, cn_num, num, den, arabic, cn, unit = groups
    if pct:
        value = _number(pct)
        return None if value is None else (value, "%", True)
    if permille:
        value = _number(permille)
        return None if value is None else (value, "‰", True)
    if cn_den:
        numerator, denominator = cn_to_int(cn_num), cn_to_int(cn_den)
        return (None if not numerator or not denominator
                else (numerator / denominator, "fraction", False))
    if den:
        numerator, denominator = int(num), int(den)
        # 1/3 is a share; 12/31 or 2019/6 is a date written with slashes.
        return ((numerator / denominator, "fraction", True) if 0 < numerator < denominator <= 100
                else None)
    if not unit:
        return None
    value = _number(arabic or cn)
    return None if value is None else (value, unit, not cn)


def _cue_before(text: str, start: int, floor: int) -> tuple[int, str] | None:
    """(start of the comparator word, comparator) for a quantity starting at `start`."""
    for gap_start in range(start, max(floor, start - _MAX_GAP) - 1, -1):
        if text[gap_start - 1:gap_start] not in _CUE_ENDINGS:
            continue  # no comparator word ends here: skip the regex tests
        gap = text[gap_start:start]
        if gap and not (_SHORT_GAP.fullmatch(gap) or _DE_GAP.fullmatch(gap)):
            continue
        # Cues are at most three characters: look only at the few just before the gap.
        window = max(floor, gap_start - 4)
        cue = _CUE_AT_END.search(text, window, gap_start)
        # A one-character cue takes no gap: 达标率100% is not 达 … 100%.
        if cue and (not gap or len(cue.group()) > 1):
            return cue.start(), _CUE_COMPARATOR[cue.group()]
        if not gap and _WEI_AT_END.search(text, window, gap_start):
            return gap_start - 1, "=="
    return None


def _indicator(text: str, start: int, end: int) -> tuple[str | None, int]:
    """The phrase naming what is measured, from the clause start to `end`; and its start."""
    while start < end and text[start].isspace():
        start += 1
    phrase = text[start:end]
    lead = _LEADING.match(phrase)
    if lead:
        start += lead.end()
        phrase = phrase[lead.end():]
    phrase = _TRAILING.sub("", phrase).strip(" 、")
    return (phrase or None), start


def _by_year(text: str, sentence: tuple[int, int], position: int) -> int | None:
    """The last year named before `position` in the sentence, else the first after it."""
    before = None
    for m in _BY_YEAR.finditer(text, *sentence):
        year = int(m.group("y"))
        if m.start() >= position:
            return before or year
        before = year
    return before


def extract_targets(text: str, default_year: int | None = None) -> list[Target]:
    """The numeric requirements in `text`, in order.

    `default_year` is the target year when the sentence names none (a task row's deadline).
    """
    # Folding only turns full-width digits (already digits) into ASCII ones: test first.
    first = _MAY_HOLD_NUMBER.search(text)
    if not first:
        return []  # most duties name no number
    work = fold_width(text)
    # Blank out document titles, keeping offsets, so their numbers are never read.
    if "《" in work:
        work = _TITLE.sub(lambda m: " " * len(m.group()), work)
    # No quantity starts before the first numeral (the lookbehind still sees what is before).
    quantities = _QUANTITY.finditer(work, first.start())
    # Clauses and sentences are only needed once a quantity has a value: scanned then.
    clause_starts: list[int] | None = None
    sentences: list[tuple[int, int]] = []
    sentence_starts: list[int] = []
    targets: list[Target] = []
    floor = 0  # no indicator reaches back past the previous target
    for m in quantities:
        start = m.start()
        if work[start - 1: start] == "第":
            continue  # 第三条, 第2季度: ordinals
        parsed = _value(m.groups())
        if parsed is None:
            continue
        value, unit, is_arabic = parsed
        end = m.end()
        if work.startswith(_TIME_AFTER, end):
            continue
        suffix = next((word for word in _SUFFIX_COMPARATOR if work.startswith(word, end)), None)
        if clause_starts is None:
            # Positions just after each clause break, for a bisect instead of a rescan
            # per quantity.
            clause_starts = [b.end() for b in _CLAUSE_BREAK.finditer(work)]
            sentences = [(found.start(), found.end()) for found in _SENTENCE.finditer(work)]
            sentence_starts = [begin for begin, _ in sentences]
        k = bisect_right(clause_starts, start)
        clause_start = max(floor, clause_starts[k - 1] if k else 0)
        cue = _cue_before(work, start, clause_start)
        comparator = "=="
        if cue:
            comparator = cue[1]
        if suffix and (not cue or comparator == "=="):
            comparator = _SUFFIX_COMPARATOR[suffix]
        if suffix:
            end += len(suffix)
        # Without a comparator only an Arabic measure counts (覆盖率100%): a bare count
        # (25个) or a Chinese numeral (一名) is far more often description than requirement.
        base_unit = unit.lstrip("万亿").split("/")[0]
        is_measure = unit == "fraction" or base_unit in _MEASURE_UNITS
        if not cue and not suffix and not (is_measure and is_arabic):
            continue
        if not cue and work[start - 1: start] in _LIST_JOINERS:
            continue
        indicator, ind_start = _indicator(work, clause_start, cue[0] if cue else start)
        k = bisect_right(sentence_starts, start)
        sentence = sentences[k - 1] if k else (0, len(work))
        targets.append(Target(
            indicator=indicator,
            comparator=comparator,
            value=value,
            unit=unit,
            by_year=_by_year(work, sentence, start) or default_year,
            raw=text[ind_start:end].strip(),
        ))
        floor = end
    return targets
