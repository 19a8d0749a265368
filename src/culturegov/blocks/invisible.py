"""Characters that are not what they look like, settled once for every reader's output:
line separators other than LF end a line, zero-width characters are taken out.

Readers split lines at LF. A text file or a Word run may end its lines with U+2028 / U+2029,
a form feed, a vertical tab or NEL instead; read as one line, a title swallows the list
under it. Each of them becomes LF (one character for one: no offset moves), and a paragraph
whose text is an exact slice of the document text is split into one paragraph per line,
as the text reader would have made it.

A zero-width space, joiner, word joiner, a BOM inside the text or a soft hyphen cuts an
agency name in two for every pattern (区文化<ZWSP>和旅游局 is no name), so they are removed
from the document text itself, not only from a working copy: the kept text, every block
and every span then agree with each other and with what a reader sees. What was removed is
reported in a finding, with the offsets of the kept text each character stood before, so
the original text can be rebuilt; the file's bytes are the original anyway.
"""
from __future__ import annotations

import bisect
import re

from ..models import Finding, Span
from ..normalize.text import LINE_BREAKS, ZERO_WIDTH
from . import Block, Paragraph, Table

_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_TO_LF = str.maketrans(dict.fromkeys(LINE_BREAKS, "\n"))
_HAS_BREAK = re.compile(f"[{LINE_BREAKS}]")
_LISTED = 50  # removed characters whose offsets the finding lists one by one


def settle_invisible(text: str, blocks: list[Block]
                     ) -> tuple[str, list[Block], Finding | None]:
    """(text, blocks, finding): zero-width characters removed, line separators made LF."""
    found = [(m.start(), m.group()) for m in _ZERO_WIDTH.finditer(text)]
    removed = [pos for pos, _ in found]
    if found:
        text = _ZERO_WIDTH.sub("", text)
        _drop_from_blocks(blocks, removed)
    if _HAS_BREAK.search(text):
        text = text.translate(_TO_LF)
        blocks = _split_lines(blocks)
    finding = _removed_finding(found, text) if found else None
    if removed:  # a paragraph that held nothing but invisible characters is gone
        blocks = [b for b in blocks if not isinstance(b, Paragraph) or _kept(b.text)]
    for i, block in enumerate(blocks):
        block.index = i
    return text, blocks, finding


def _kept(line: str) -> bool:
    # A tab-only line is an empty cell of a flattened table (as in readers/text.py).
    return bool(line.strip()) or "\t" in line


def _drop_from_blocks(blocks: list[Block], removed: list[int]) -> None:
    """Each block's text without the characters, its offsets moved back by those before."""
    def moved(pos: int) -> int:
        return pos - bisect.bisect_left(removed, pos)

    for block in blocks:
        if isinstance(block, Table):  # a merged cell is one Cell in several places
            for cell in {id(c): c for row in block.rows for c in row}.values():
                cell.text = _ZERO_WIDTH.sub("", cell.text)
                cell.start, cell.end = moved(cell.start), moved(cell.end)
        else:
            block.text = _ZERO_WIDTH.sub("", block.text)
        block.start, block.end = moved(block.start), moved(block.end)


def _split_lines(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Table):
            for cell in {id(c): c for row in block.rows for c in row}.values():
                cell.text = cell.text.translate(_TO_LF)  # a cell keeps its lines as LF
            out.append(block)
            continue
        block.text = block.text.translate(_TO_LF)
        if "\n" not in block.text or len(block.text) != block.end - block.start:
            out.append(block)  # not a slice of the text: its lines cannot be placed
            continue
        pos = block.start
        first = True
        for line in block.text.split("\n"):
            if _kept(line):
                out.append(Paragraph(text=line, start=pos, end=pos + len(line),
                                     page=block.page,
                                     list_number=block.list_number if first else None))
                first = False
            pos += len(line) + 1
    return out


def _removed_finding(found: list[tuple[int, str]], kept: str) -> Finding:
    """Which characters were removed, and where (the offset in the kept text each stood
    before: inserting them there in order gives the text back)."""
    counts: dict[str, int] = {}
    for _, ch in found:
        counts[ch] = counts.get(ch, 0) + 1
    what = ", ".join(f"U+{ord(ch):04X} ×{n}" for ch, n in counts.items())
    where = ", ".join(f"U+{ord(ch):04X} at {pos - i}"
                      for i, (pos, ch) in enumerate(found[:_LISTED]))
    more = f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
    first = found[0][0]  # the span: the line the first one stood in
    line_start = kept.rfind("\n", 0, first) + 1
    line_end = kept.find("\n", first)
    return Finding(
        code="invisible_characters_removed",
        message=f"{len(found)} zero-width character(s) removed from the text ({what}); "
                f"they would cut names and words in two. Where they stood in the kept "
                f"text: {where}{more}",
        span=Span(start=line_start, end=len(kept) if line_end < 0 else line_end))
