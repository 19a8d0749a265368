"""Readers: bytes → (text, Blocks), one module per input format.

`sniff.sniff_format` names the format from the content; READERS maps that name to the
module whose `read(data, path)` extracts it. Modules are imported on first use, so a text
notice never loads pdfplumber. Adding a format: a module with `read`, a line here, and the
test in sniff that names it.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from ..blocks import Block
from ..errors import CulturegovError


@dataclass(slots=True)
class Extracted:
    """What a reader hands to the pipeline: the document's text (every Block's offsets point
    into it) and, for decoded text, the encoding it was in."""

    text: str
    blocks: list[Block]
    encoding: str | None = None


READERS: dict[str, str] = {
    "text": "culturegov.readers.text",
    "docx": "culturegov.readers.docx",
    "pdf": "culturegov.readers.pdf",
}


def read(data: bytes, path: str | None = None) -> tuple[str, Extracted]:
    """(format name, what its reader extracted) for the bytes of one file."""
    from .sniff import sniff_format

    fmt = sniff_format(data, path)
    try:
        return fmt, import_module(READERS[fmt]).read(data, path)
    except CulturegovError as exc:  # a guard deep in a reader does not know the file's name
        raise exc.with_path(path) from None
