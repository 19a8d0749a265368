"""Readers: bytes → (text, Blocks), one module per input format.

`sniff.sniff_format` names the format from the content; READERS maps that name to the
function (`module:name`) that extracts it: `(data, path) -> (text, blocks)`,
`(text, blocks, encoding)` or `(text, blocks, encoding, findings)`. Modules are imported on first use, so a text notice never loads
pdfplumber. Adding a format: a module with its function, a line here, and the test in sniff
that names it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from ..blocks import Block
from ..errors import CulturegovError
from ..models import Finding


@dataclass(slots=True)
class Extracted:
    """What a reader hands to the pipeline: the document's text (every Block's offsets point
    into it), for decoded text the encoding it was in, and what the reader noticed that a
    user should know (an encoding it had to guess)."""

    text: str
    blocks: list[Block]
    encoding: str | None = None
    findings: list[Finding] = field(default_factory=list)


READERS: dict[str, str] = {
    "text": "culturegov.readers.text:read_text",
    "docx": "culturegov.readers.docx:read_docx",
    "pdf": "culturegov.readers.pdf:read_pdf",
    "html": "culturegov.readers.html:read_html",
    "mhtml": "culturegov.readers.mhtml:read_mhtml",
    "ofd": "culturegov.readers.ofd:read_ofd",
    "doc": "culturegov.readers.legacy_office:read_legacy_office",
    "rtf": "culturegov.readers.legacy_office:read_legacy_office",
}
# The format a document reports when it is not the sniffed name: an MHTML file is a web page.
REPORTED_AS = {"mhtml": "html"}


def read(data: bytes, path: str | None = None) -> tuple[str, Extracted]:
    """(format name, what its reader extracted) for the bytes of one file."""
    from .sniff import sniff_format

    fmt = sniff_format(data, path)
    module, function = READERS[fmt].split(":")
    try:
        extracted = Extracted(*getattr(import_module(module), function)(data, path))
    except CulturegovError as exc:  # a guard deep in a reader does not know the file's name
        raise exc.with_path(path) from None
    return REPORTED_AS.get(fmt, fmt), extracted
