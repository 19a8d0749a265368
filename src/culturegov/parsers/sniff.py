"""Which format a file is, decided by its bytes, never by its name."""
from __future__ import annotations

from typing import Literal

Format = Literal["pdf", "docx", "text"]


def sniff_format(data: bytes, path: str | None = None) -> Format:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    return "text"
