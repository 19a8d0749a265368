"""JSON and JSON Lines: UTF-8 and readable (Chinese is written as is, not as \\u escapes)."""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from ..models import PolicyDocument


def to_json(doc: PolicyDocument, *, indent: int | None = 2) -> str:
    """One document as a JSON string. pydantic writes non-ASCII as is, which keeps the
    files half the size and greppable for 文化局."""
    return doc.model_dump_json(indent=indent)


def to_jsonl_line(doc: PolicyDocument) -> str:
    """One document as one line (no newline at the end)."""
    return doc.model_dump_json()


def to_jsonl(docs: Iterable[PolicyDocument], target: str | os.PathLike | IO[str]) -> int:
    """Write one document per line to a path or an open text file; returns the count.

    Streams: each document is dumped and written before the next one is pulled."""
    if isinstance(target, str | os.PathLike):
        with Path(target).open("w", encoding="utf-8", newline="\n") as fh:
            return to_jsonl(docs, fh)
    count = 0
    for doc in docs:
        target.write(to_jsonl_line(doc) + "\n")
        count += 1
    return count


def read_jsonl(source: str | os.PathLike) -> Iterable[PolicyDocument]:
    """The documents of a JSONL file, one at a time."""
    with Path(source).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield PolicyDocument.model_validate_json(line)


def dumps(data: object, *, indent: int | None = None) -> str:
    """json.dumps for plain data (manifests, error records) with Chinese kept readable."""
    return json.dumps(data, ensure_ascii=False, indent=indent, default=str)
