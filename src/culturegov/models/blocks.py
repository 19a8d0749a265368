"""The Block stream: what every reader produces and every recognizer consumes.

Offsets (`start`, `end`) always point into `PolicyDocument.text`, so a recognizer can
hand a span to the document without knowing which format the block came from.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Cell(BaseModel):
    """One table cell. `text` is the working (normalised) text; lines inside the cell
    (Word paragraphs, line breaks, continuation lines) are kept as '\\n'."""

    text: str = ""
    start: int = 0
    end: int = 0


class Paragraph(BaseModel):
    kind: Literal["paragraph"] = "paragraph"
    index: int = 0
    text: str
    start: int
    end: int
    page: int | None = None
    list_number: str | None = Field(
        default=None, description="number shown by Word's automatic numbering, if any"
    )


class Table(BaseModel):
    kind: Literal["table"] = "table"
    index: int = 0
    rows: list[list[Cell]]
    start: int
    end: int
    page: int | None = None
    origin: str = Field(
        default="native", description="native, or the flattened form it was rebuilt from"
    )


Block = Paragraph | Table
