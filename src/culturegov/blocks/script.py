"""Traditional-script pages read through their simplified form.

Mirror sites often serve a notice in traditional characters. The recognizers and the
resolver know simplified names, so such a page is read through a working copy converted
character by character (OpenCC's t2s table, one character to one character, so every
offset stays valid); the document keeps its original text, and every string the
recognizers took from the working copy is given back as written (區財政局, resolved as
区财政局).

OpenCC comes with the `traditional` extra. Without it a traditional page is read as it is
and a finding says what to install.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel

from . import Block, Cell, Paragraph, Table
from ..lexicon import vocabulary
from ..models import Finding, PolicyDocument

log = logging.getLogger(__name__)

# Fields holding text the recognizers took from the working copy; given back as written.
_WRITTEN_FIELDS = ("name", "text", "title", "content", "heading", "issuer", "addressees",
                   "unit", "post", "raw", "short", "indicator")
_HAN_FIRST, _HAN_LAST = "\u3400", "\u9fff"


@dataclass
class ScriptView:
    """The text recognizers read: `working` is `original` in simplified characters (the
    same object when the page is not traditional)."""

    original: str
    working: str
    finding: Finding | None = None

    @classmethod
    def of(cls, text: str) -> ScriptView:
        table = _converter()
        if table is None:
            if _looks_traditional(text):
                return cls(text, text, Finding(
                    code="traditional_script_unconverted",
                    message="the text is in traditional characters and was read as written; "
                            "install culturegov[traditional] (OpenCC) to read it through its "
                            "simplified form"))
            return cls(text, text)
        mapping = _char_map(text, table)
        changed = sum(text.count(ch) for ch in mapping)
        spec = vocabulary("script")["traditional"]
        if changed < spec["min_count"]:  # a simplified page: no need to count its Han
            return cls(text, text)
        han = sum(1 for ch in text if _HAN_FIRST <= ch <= _HAN_LAST)
        if changed < spec["min_share"] * han:
            return cls(text, text)
        return cls(text, _apply(text, mapping), Finding(
            code="traditional_script",
            message="the text is in traditional characters; read through its simplified form"))

    @property
    def converted(self) -> bool:
        return self.working is not self.original

    def blocks(self, blocks: list[Block]) -> list[Block]:
        """The blocks with their (width-folded) text in simplified characters."""
        if not self.converted:
            return blocks
        mapping = _char_map(self.original, _converter())
        for block in blocks:
            if isinstance(block, Paragraph):
                block.text = _apply(block.text, mapping)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        _convert_cell(cell, mapping)
        return blocks

    def restore(self, doc: PolicyDocument) -> None:
        """Every string taken from the working copy back in its written form."""
        if not self.converted:
            return
        for name, value in doc:
            if name not in ("text", "findings"):
                self._restore(value)

    def _restore(self, value) -> None:
        if isinstance(value, list):
            for item in value:
                self._restore(item)
            return
        if not isinstance(value, BaseModel):
            return
        span = getattr(value, "span", None)
        for field in type(value).model_fields:
            current = getattr(value, field)
            if field in _WRITTEN_FIELDS and isinstance(current, str) and current:
                written = self._written(current, span)
                if written != current:
                    value.__dict__[field] = written
            elif isinstance(current, BaseModel | list):
                self._restore(current)

    def _written(self, value: str, span) -> str:
        n = len(value)
        starts = []
        if span is not None and hasattr(span, "start"):
            starts.append(span.start + self.working[span.start:span.end].find(value))
        starts.append(self.working.find(value))
        for p in starts:
            if p >= 0 and self.working[p:p + n] == value:
                return self.original[p:p + n]
        return value


def _convert_cell(cell: Cell, mapping: dict[str, str]) -> None:
    cell.text = _apply(cell.text, mapping)


def _apply(text: str, mapping: dict[str, str]) -> str:
    for ch, simple in mapping.items():
        if ch in text:
            text = text.replace(ch, simple)
    return text


# Per converter, every character asked about so far and those of them that it changes: a
# page is then one set difference and one pass over its distinct characters, not a
# look-up for each of them.
_ASKED: dict[object, tuple[set[str], dict[str, str]]] = {}


def _char_map(text: str, table) -> dict[str, str]:
    """Each Han character of `text` that t2s changes into exactly one other character."""
    if not _changing(table).search(text):
        return {}  # a simplified page: one search in C, not a set of its characters
    asked, changes = _ASKED.setdefault(table, (set(), {}))
    distinct = set(text)
    for ch in distinct - asked:
        if _HAN_FIRST <= ch <= _HAN_LAST:
            simple = _simplified(ch, table)
            if simple != ch:
                changes[ch] = simple
    asked.update(distinct)
    return {ch: changes[ch] for ch in distinct if ch in changes}


@lru_cache(maxsize=2)
def _changing(table) -> re.Pattern:
    """A pattern that finds any Han character t2s changes into exactly one other character
    (about 3,800 of the 27,000; all asked once when the first page is read)."""
    han = [chr(c) for c in range(ord(_HAN_FIRST), ord(_HAN_LAST) + 1)]
    found = "".join(ch for ch, simple in zip(han, _each_converted(han, table))
                    if simple != ch)
    return re.compile(f"[{found}]" if found else "(?!)")


def _each_converted(chars: list[str], table) -> list[str]:
    """`_one_to_one` of each character, in one call to OpenCC (a tenth of the time of one
    call per character): the characters go in one to a line, and no OpenCC phrase spans a
    line break, so each is converted on its own, as when it is asked alone."""
    lines = table.convert("\n".join(chars)).split("\n")
    if len(lines) != len(chars):  # a converter that touched the line breaks: one by one
        return [_one_to_one(ch, table) for ch in chars]
    return [simple if len(simple) == 1 else ch for ch, simple in zip(chars, lines)]


@lru_cache(maxsize=65536)
def _simplified(ch: str, table) -> str:
    return _one_to_one(ch, table)


def _one_to_one(ch: str, table) -> str:
    simple = table.convert(ch)
    return simple if len(simple) == 1 else ch  # a length change would move every offset


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:
        log.debug("OpenCC is not installed: traditional pages are read as written")
        return None
    return opencc.OpenCC("t2s")


def _looks_traditional(text: str) -> bool:
    spec = vocabulary("script")["traditional"]
    frequent = set(spec["frequent"])
    han = sum(1 for ch in text if _HAN_FIRST <= ch <= _HAN_LAST)
    hits = sum(1 for ch in text if ch in frequent)
    return hits >= spec["min_count"] and hits >= spec["min_share"] * han
