"""What a table cell holds, judged from its text alone: a row number, a date, agency names,
person names, a sentence or a short text. Layout repair aligns short rows by it and the
task-table recognizer confirms column roles by it, so structure follows from what the cells
hold rather than from where they stand or what the header calls them."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..agencies import is_agency_name, known_name, split_concatenated
from ..lexicon import vocabulary
from ..lexicon.columns import label_at
from ..lexicon.markers import CN_NUMBER
from ..normalize.text import fold_width
from ..normalize.time import parse_deadline
from ..settings import cached_per_generation, get_settings

# units: names the registry knows; unit_shaped: names shaped like a body's that it does not
# know (a real internal section, or a phrase that happens to end in 站, 队, 处 …).
KINDS = ("empty", "number", "date", "units", "unit_shaped", "persons", "sentence", "text")
# Row numbers: 1  1.  1、 1.1  (1)  (一)  一  第3组 第二项.
ROW_NUMBER = regex.compile(
    rf"^\s*(?:\d{{1,3}}(?:\.\d{{1,3}}){{0,2}}|\(\d{{1,3}}\)|\({CN_NUMBER}{{1,3}}\)|"
    rf"{CN_NUMBER}{{1,3}}|第(?:\d|{CN_NUMBER}){{1,3}}[组项条个部类])[.、]?\s*$")
# The kind of cell each role expects; roles not listed (note, extra columns) expect any.
EXPECTED_KIND = {
    "number": "number", "lead": "units", "cooperating": "units", "agency": "units",
    "oversight": "units", "deadline": "date", "leaders": "persons",
    "title": "text", "content": "text", "category": "text", "duties": "text",
}
_SEPARATORS = regex.compile(r"[\n、,;/\s]+")
_PARENS = regex.compile(r"\([^()]*\)")
_HAN = regex.compile(r"\p{Han}")
_HAN_ONLY = regex.compile(r"\p{Han}+")


@lru_cache(maxsize=1)
def _deadline_chars() -> frozenset[str]:
    return frozenset(vocabulary("columns")["cells"]["deadline_words"])


def cell_kind(text: str) -> str:
    """One of KINDS for a cell's working text."""
    text = fold_width(text).strip()
    if not text:
        return "empty"
    if len(text) > 200:
        return "sentence"
    return _kind(text)


@cached_per_generation(maxsize=16384)
def _kind(text: str) -> str:
    if ROW_NUMBER.match(text):
        return "number"
    if is_date(text):
        return "date"
    names = unit_names(text)
    if names and all(known_name(n) for n in names):
        return "units"
    if names and all(is_agency_name(n) or known_name(n) for n in names):
        return "unit_shaped"
    if names and all(is_person_name(n) for n in names):
        return "persons"
    return "sentence" if len(text) >= get_settings().sentence_min_chars else "text"


def is_date(text: str) -> bool:
    """A deadline cell: its dates and date words with at most one other character."""
    if len(text) > 24:
        return False
    deadline, problem = parse_deadline(text)
    if problem and not problem.startswith("no year"):
        return False
    others = [ch for ch in _HAN.findall(text) if ch not in _deadline_chars()]
    return len(others) <= 1


def unit_names(text: str) -> list[str]:
    """The names a unit cell lists, without the labels inside it (牵头单位：A；配合单位：B)."""
    for colon in reversed([m.start() for m in regex.finditer(":", text)]):
        label = label_at(text, colon)
        if label:
            text = text[:label[0]] + " " + text[colon + 1:]
    names: list[str] = []
    for piece in _SEPARATORS.split(text):
        if piece:
            names.extend(split_concatenated(piece) if len(piece) > 6 else [piece])
    return names


def is_person_name(text: str) -> bool:
    core = _PARENS.sub("", text)  # 王明(副县长)
    return 2 <= len(core) <= get_settings().person_name_max_chars and \
        bool(_HAN_ONLY.fullmatch(core)) and not is_agency_name(core) and \
        not known_name(core) and not is_date(core)


def fit(kind: str, role: str | None) -> float:
    """How well a cell of `kind` fits a column of `role`: 2 for what the role expects,
    negative for a contradiction, 0 when the role expects nothing in particular."""
    want = EXPECTED_KIND.get(role) if role else None
    if want is None or kind == "empty":
        return 0.0
    if want == "text":
        if role == "category" and kind in ("text", "sentence"):
            return 0.5  # a category holds text too, but a task's text belongs to the task
        if kind == "text":
            return 2.0 if role == "title" else 1.5
        if kind == "sentence":
            return 2.0 if role == "content" else 1.5
        if kind == "unit_shaped":
            return 1.0  # 组建…总队: a phrase may end as a body's name does
        return 0.5 if kind == "persons" else -1.0  # a two-character word reads as a name too
    if want == "units" and kind == "unit_shaped":
        return 1.0
    return 2.0 if kind == want else -2.0
