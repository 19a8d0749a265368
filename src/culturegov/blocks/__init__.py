"""The Block stream: what every reader produces and every recognizer consumes.

Offsets (`start`, `end`) always point into `PolicyDocument.text`, so a recognizer can
hand a span to the document without knowing which format the block came from.

Blocks are internal to parsing (a PolicyDocument does not hold them), so they live here and
are plain slotted dataclasses, not pydantic models: a long document makes tens of thousands
of them, and validating each cost a tenth of the parsing time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(slots=True, kw_only=True)
class Cell:
    """One table cell. `text` is the working (normalised) text; lines inside the cell
    (Word paragraphs, line breaks, continuation lines) are kept as '\\n'."""

    text: str = ""
    start: int = 0
    end: int = 0


@dataclass(slots=True, kw_only=True)
class Paragraph:
    kind: Literal["paragraph"] = "paragraph"
    index: int = 0
    text: str
    start: int
    end: int
    page: int | None = None
    list_number: str | None = None  # the number Word's automatic numbering shows, if any
    # Where a reader joined a wrapped line to the next with nothing between (offsets into the
    # document text): a justified line end draws neither a space the author typed there nor
    # punctuation hung past the margin, so a boundary may hide at such a point.
    wraps: tuple[int, ...] = ()


@dataclass(slots=True, kw_only=True)
class Table:
    kind: Literal["table"] = "table"
    index: int = 0
    rows: list[list[Cell]] = field(default_factory=list)
    start: int
    end: int
    page: int | None = None
    origin: str = "native"  # or the flattened form it was rebuilt from: tab_cells, pipe_rows…


Block = Paragraph | Table
