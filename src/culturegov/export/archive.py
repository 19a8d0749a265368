"""The way back from an archive `culturegov convert` wrote: its documents, or its tables.

Whichever format the conversion used: a tree of JSON files (listed in OUT/manifest.json),
OUT/documents.jsonl, or the Parquet tables. Documents come one at a time, so an archive of
100 000 notices is read in the memory of one.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import CulturegovError
from ..models import PolicyDocument
from .frames import TABLES, read_parquet, to_frames

# The names batch/ writes (batch sits above export, so they are repeated here; a test keeps
# the two in step).
MANIFEST = "manifest.json"
JSONL = "documents.jsonl"


def archive_format(out: str | os.PathLike) -> str:
    """json, jsonl or parquet: what the manifest says, else what files are there."""
    root = Path(out)
    if not root.is_dir():
        raise CulturegovError("no such directory; give the OUT of `culturegov convert DIR -o OUT`",
                              path=str(root))
    fmt = _manifest(root).get("format")
    if fmt in ("json", "jsonl", "parquet"):
        return fmt
    if (root / JSONL).is_file():
        return "jsonl"
    if all((root / f"{t}.parquet").is_file() for t in TABLES):
        return "parquet"
    return "json"


def load_archive(out: str | os.PathLike) -> Iterator[PolicyDocument]:
    """The converted documents, one at a time, in the order of their source paths."""
    root = Path(out)
    fmt = archive_format(root)
    if fmt == "parquet":
        raise CulturegovError("holds the Parquet tables, not whole documents; read them with "
                              "culturegov.load_frames(), or convert again with --format json",
                              path=str(root))
    if fmt == "jsonl":
        return _jsonl_documents(root / JSONL)
    return _json_documents(root)


def load_frames(out: str | os.PathLike) -> dict[str, Any]:
    """The six analysis tables (documents, agencies, duties, tasks, task_units, targets) as
    pandas DataFrames, the same whichever format the archive is in."""
    root = Path(out)
    if archive_format(root) == "parquet":
        return read_parquet(root)
    return to_frames(load_archive(root))


def _manifest(root: Path) -> dict[str, Any]:
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _json_documents(root: Path) -> Iterator[PolicyDocument]:
    files = _manifest(root).get("files")
    if isinstance(files, dict):
        outputs = [root / e["output"] for _, e in sorted(files.items())
                   if isinstance(e, dict) and e.get("status") == "ok" and e.get("output")]
    else:  # no manifest: every JSON file under OUT but the bookkeeping
        outputs = sorted(p for p in root.rglob("*.json") if p.name != MANIFEST)
    for path in outputs:
        yield _read(path, path.read_bytes())


def _jsonl_documents(path: Path) -> Iterator[PolicyDocument]:
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield _read(path, line, number)


def _read(path: Path, data: bytes, line: int | None = None) -> PolicyDocument:
    try:
        return PolicyDocument.model_validate_json(data)
    except ValueError as exc:
        where = f"{path}:{line}" if line else str(path)
        raise CulturegovError(f"is not a converted document ({str(exc).splitlines()[0]}); "
                              "convert the archive again", path=where) from None
