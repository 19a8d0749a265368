"""OUT/manifest.json: the sha256 and culturegov version of every input converted, so a re-run
converts only what changed, and the stale outputs of inputs that are gone are removed."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import __version__
from .children import Budget
from .sinks import Format
from .workers import write_atomic

MANIFEST = "manifest.json"


def load_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {}


def save_manifest(out: Path, fmt: Format, files: dict[str, dict[str, Any]]) -> None:
    data = {"culturegov_version": __version__, "format": fmt, "files": dict(sorted(files.items()))}
    write_atomic(out / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def up_to_date(entry: dict[str, Any] | None, sha256: str, out: Path, fmt: Format,
               budget: Budget | None = None) -> bool:
    """Whether `entry` (from the last run) still stands for these bytes. A failure stands
    when it was a verdict on the bytes; one that broke the budget per file stands until the
    budget grows (a worker crash counts as such: it was already retried in a fresh child)."""
    if not entry or entry.get("sha256") != sha256:
        return False
    if entry.get("status") == "failed":
        if entry.get("budget") is not None:
            return budget is not None and budget.covers(tuple(entry["budget"]))
        return bool(entry.get("deterministic"))
    if fmt == "json":
        output = entry.get("output")
        return bool(output) and (out / output).is_file()
    return True


def remove_stale_outputs(out: Path, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Delete the JSON of inputs that are gone (or now fail), so OUT mirrors DIR; only files
    this tool wrote (listed in the old manifest) and only inside OUT."""
    for rel, entry in old.items():
        output = entry.get("output")
        if not output or new.get(rel, {}).get("output") == output:
            continue
        target = out / output
        if target.resolve().is_relative_to(out) and target.is_file():
            target.unlink()

