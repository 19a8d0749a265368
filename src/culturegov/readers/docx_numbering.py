"""Word automatic numbering (numbering.xml) restored as the number a reader sees.

A paragraph that Word numbers automatically holds no "1." or "（一）" in its text; the number
exists only as a counter and a level template (lvlText "%1." with numFmt decimal, "（%1）"
with chineseCounting…). Recognizers look for the visible number, so it is rebuilt here.

Counting follows Word, not the XML's grouping: every w:num instance of one abstract list
counts on one set of counters (an office suite writes a list that starts at N, or resumes
after body text, as an instance with a startOverride followed by plain instances of the same
abstract list, and Word shows them as one list). A startOverride resets its level the first
time its instance is used, and only then. Using a level restarts the deeper ones, unless a
deeper level's lvlRestart says which levels restart it (0: never). A level with isLgl shows
every number in its text as Arabic digits (1.1, not 一.1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL = W + "val"
P_PR, P_STYLE, NUM_PR, NUM_ID, ILVL = W + "pPr", W + "pStyle", W + "numPr", W + "numId", W + "ilvl"


def first_children(element, tags: tuple[str, ...]) -> list:
    """The first child with each of `tags` (None where there is none): what
    element.find(tag) gives for each, in one pass over the children and without
    ElementPath, which costs more than the rest of a paragraph's reading."""
    found = [None] * len(tags)
    missing = len(tags)
    for child in element:
        tag = child.tag
        if tag in tags:
            i = tags.index(tag)
            if found[i] is None:
                found[i] = child
                missing -= 1
                if not missing:  # properties come first: a paragraph's runs are not visited
                    break
    return found


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    suffix: str = "tab"
    restart: int | None = None  # lvlRestart: restarted by levels 1..restart (1-based); 0 never
    legal: bool = False  # isLgl
    overrides_start: bool = False  # set on a startOverride copy: resets on first use


class Numbering:
    def __init__(self, numbering_root=None, styles_root=None, *, numbering=None, styles=None):
        """The roots of the numbering and styles parts, or functions that give them. Each is
        read on first need: the numbering when a paragraph names a list or a style, the
        styles when a list is looked up through a style. Most paragraphs need neither, and
        the styles part is the largest part of many documents."""
        self.abstract: dict[str, dict[int, Level]] = {}
        self.abstract_style_link: dict[str, str] = {}
        self.nums: dict[str, str] = {}  # numId → abstractNumId
        self.overrides: dict[str, dict[int, Level]] = {}  # numId → levels replaced/restarted
        # The numbering part is read first: while it is, no style has numbering.
        self._style_num: dict[str, tuple[str | None, int | None]] | None = {}
        self.counters: dict[str, dict[int, int]] = {}  # abstract list → level → count
        self.used: set[str] = set()  # numIds already met: their startOverrides are spent
        self._numbering = numbering or (lambda: numbering_root)
        self._styles = styles or (lambda: styles_root)
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            root = self._numbering()
            if root is not None:
                self._load_numbering(root)
            self._style_num = None  # the styles are read on first use

    @property
    def style_num(self) -> dict[str, tuple[str | None, int | None]]:
        """styleId → (numId, ilvl) of the styles that number their paragraphs."""
        if self._style_num is None:
            self._style_num = {}
            root = self._styles()
            if root is not None:
                self._load_styles(root)
        return self._style_num

    def __bool__(self) -> bool:
        self._load()
        return bool(self.nums)

    def _load_numbering(self, root) -> None:
        for abstract in root.iterfind(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            self.abstract[abstract_id] = {
                _int(lvl.get(W + "ilvl"), 0): _level(lvl) for lvl in abstract.iterfind(W + "lvl")}
            link = abstract.find(W + "numStyleLink")
            if link is not None:
                self.abstract_style_link[abstract_id] = link.get(VAL)
        for num in root.iterfind(W + "num"):
            num_id = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            self.nums[num_id] = ref.get(VAL) if ref is not None else None
            for override in num.iterfind(W + "lvlOverride"):
                ilvl = _int(override.get(W + "ilvl"), 0)
                lvl = override.find(W + "lvl")
                level = _level(lvl) if lvl is not None else None
                start = override.find(W + "startOverride")
                if start is not None:
                    level = level or _copy(self._abstract_level(num_id, ilvl))
                    level.start = _int(start.get(VAL), 1)
                    level.overrides_start = True
                if level is not None:
                    self.overrides.setdefault(num_id, {})[ilvl] = level

    def _load_styles(self, root) -> None:
        based_on: dict[str, str] = {}
        own: dict[str, tuple[str | None, int | None]] = {}
        for style in root.iterfind(W + "style"):
            style_id = style.get(W + "styleId")
            parent = style.find(W + "basedOn")
            if parent is not None:
                based_on[style_id] = parent.get(VAL)
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                own[style_id] = _num_pr(num_pr)
        for style_id in set(own) | set(based_on):
            seen, current = set(), style_id
            while current and current not in own and current not in seen:
                seen.add(current)
                current = based_on.get(current)
            if current in own:
                self._style_num[style_id] = own[current]

    def _abstract_level(self, num_id: str, ilvl: int) -> Level | None:
        abstract_id = self.nums.get(num_id)
        levels = self.abstract.get(abstract_id, {})
        if not levels and abstract_id in self.abstract_style_link:
            # The list is defined by a numbering style: follow it to the real definition.
            linked_num, _ = self.style_num.get(self.abstract_style_link[abstract_id], (None, None))
            if linked_num and linked_num != num_id:
                levels = self.abstract.get(self.nums.get(linked_num), {})
        return levels.get(ilvl)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        override = self.overrides.get(num_id, {}).get(ilvl)
        return override or self._abstract_level(num_id, ilvl)

    def number_for(self, p) -> tuple[str, str] | None:
        """(visible number, separator) for a w:p, advancing the counters; None if unnumbered."""
        p_pr, = first_children(p, (P_PR,))
        if p_pr is None:
            return None
        style, num_pr = first_children(p_pr, (P_STYLE, NUM_PR))
        if (style is None and num_pr is None) or not self:
            return None  # names neither a list nor a style, or the document has no lists
        num_id, ilvl = None, None
        if style is not None:
            num_id, ilvl = self.style_num.get(style.get(VAL), (None, None))
        if num_pr is not None:
            own_id, own_lvl = _num_pr(num_pr)
            num_id = own_id if own_id is not None else num_id
            ilvl = own_lvl if own_lvl is not None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None  # numId 0 explicitly removes a style's numbering
        ilvl = ilvl or 0
        level = self.level(num_id, ilvl)
        if level is None or level.fmt == "bullet":
            return None  # a bullet is decoration, not a number a recognizer can use
        counts = self._advance(num_id, ilvl, level)

        def placeholder(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            lvl = self.level(num_id, k) or Level()
            value = counts.get(k, lvl.start)
            # A legal level shows every number in its text as Arabic digits (1.1, not 一.1).
            return format_number(value, "decimal" if level.legal else lvl.fmt)

        label = re.sub(r"%([1-9])", placeholder, level.text)
        if not label.strip():
            return None
        return label, "" if level.suffix == "nothing" else " "

    def _list_key(self, num_id: str) -> str:
        """The counters' owner: the abstract list, followed through a numbering style."""
        abstract_id = self.nums.get(num_id)
        if abstract_id in self.abstract_style_link and not self.abstract.get(abstract_id):
            linked_num, _ = self.style_num.get(self.abstract_style_link[abstract_id], (None, None))
            if linked_num and linked_num in self.nums:
                abstract_id = self.nums[linked_num]
        return f"abstract:{abstract_id}" if abstract_id is not None else f"num:{num_id}"

    def _advance(self, num_id: str, ilvl: int, level: Level) -> dict[int, int]:
        """Count one item of level `ilvl` and return the list's counters."""
        counts = self.counters.setdefault(self._list_key(num_id), {})
        if num_id not in self.used:
            self.used.add(num_id)
            for k, override in self.overrides.get(num_id, {}).items():
                if override.overrides_start:
                    counts.pop(k, None)  # the next item of level k starts at the override
        counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else level.start
        for deeper in [k for k in counts if k > ilvl]:
            limit = (self.level(num_id, deeper) or Level()).restart
            # lvlRestart n: restarted by a use of levels 1..n (ilvl < n); absent: by any above.
            if limit is None or ilvl < limit:
                del counts[deeper]
        return counts


# The child elements of a w:lvl this reader follows: (tag, Level field, how to read w:val, the
# value when w:val is missing).
_LEVEL_FIELDS = (
    ("numFmt", "fmt", str, "decimal"),
    ("lvlText", "text", str, ""),
    ("start", "start", lambda v: _int(v, 1), None),
    ("suff", "suffix", str, "tab"),
    ("lvlRestart", "restart", lambda v: _int(v, 0), None),
    ("isLgl", "legal", lambda v: v not in ("0", "false", "off"), "true"),
)


_LEVEL_TAGS = tuple(W + field[0] for field in _LEVEL_FIELDS)


def _level(lvl) -> Level:
    level = Level()
    for element, (_, name, read, missing) in zip(first_children(lvl, _LEVEL_TAGS), _LEVEL_FIELDS):
        if element is not None:
            setattr(level, name, read(element.get(VAL, missing)))
    return level


def _copy(level: Level | None) -> Level:
    return Level(**vars(level)) if level is not None else Level()


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    num_id, ilvl = first_children(num_pr, (NUM_ID, ILVL))
    return (num_id.get(VAL) if num_id is not None else None,
            _int(ilvl.get(VAL), 0) if ilvl is not None else None)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


_DIGITS = "〇一二三四五六七八九"
_LEGAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def chinese_number(n: int, zero: str = "〇") -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百〇五 (Word's chineseCounting)."""
    if n <= 0 or n >= 10000:
        return str(n)
    out, pending_zero = "", False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // size % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += zero
            pending_zero = False
        out += _DIGITS[digit] + unit
    return out[1:] if out.startswith("一十") else out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "japaneseCounting", "taiwaneseCounting"):
        return chinese_number(n)
    if fmt == "chineseLegalSimplified":  # the financial numerals: 壹贰叁…拾
        return chinese_number(n, zero="零").translate(_LEGAL)
    if fmt == "ideographDigital":  # digit by digit: 10 → 一〇
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in ("chineseCountingThousand", "taiwaneseCountingThousand", "japaneseLegal"):
        return chinese_number(n, zero="零")
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 780:  # Word stops at 780: 30 Z's
        # Word repeats the letter: 27 → AA, 28 → BB.
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 4000:
        out, rest = "", n
        for value, numeral in _ROMAN:
            while rest >= value:
                out, rest = out + numeral, rest - value
        return out if fmt == "upperRoman" else out.lower()
    if fmt == "none":
        return ""
    return str(n)
