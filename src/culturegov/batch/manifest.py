"""OUT/manifest.json: the sha256 and culturegov version of every input converted, so a re-run
converts only what changed, and the stale outputs of inputs that are gone are removed."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._version import __version__
from .children import Budget
from .sinks import FORMATS, Format, format_outputs
from .workers import write_atomic

MANIFEST = "manifest.json"


def load_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {}


def save_manifest(out: Path, fmt: Format, files: dict[str, dict[str, Any]],
                  replaces: list[str] | None = None) -> None:
    """`replaces`: formats an interrupted run was replacing and had not yet removed, so the
    next run still removes them."""
    data: dict[str, Any] = {"culturegov_version": __version__, "format": fmt}
    if replaces:
        data["replaces"] = replaces
    data["files"] = dict(sorted(files.items()))
    write_atomic(out / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def up_to_date(entry: dict[str, Any] | None, sha256: str, out: Path, fmt: Format,
               budget: Budget | None = None, report: bool = False) -> bool:
    """Whether `entry` (from the last run) still stands for these bytes. A failure stands
    when it was a verdict on the bytes; one that broke the budget per file stands until the
    budget grows (a worker crash counts as such: it was already retried in a fresh child)."""
    if not entry or entry.get("sha256") != sha256:
        return False
    if entry.get("status") == "failed":
        if entry.get("budget") is not None:
            return budget is not None and budget.covers(tuple(entry["budget"]))
        return bool(entry.get("deterministic"))
    if report and not (entry.get("report") and (out / entry["report"]).is_file()):
        return False  # --report asks for a page this entry has not written
    if fmt == "json":
        output = entry.get("output")
        return bool(output) and (out / output).is_file()
    return True


def outputs_to_remove(old_manifest: dict[str, Any], new: dict[str, Any], fmt: Format) -> list[str]:
    """The files, relative to OUT, that a finished run in `fmt` deletes so that OUT mirrors
    DIR: those of inputs that are gone (or now fail) and those of a replaced --format."""
    return (_stale_outputs(old_manifest.get("files", {}), new, fmt)
            + replaced_outputs(old_manifest, fmt))


def _stale_outputs(old: dict[str, Any], new: dict[str, Any], fmt: Format) -> list[str]:
    """The files of inputs listed in the old manifest and not the new: their JSON (a json
    run's own) and their review page (convert --report, written in any format)."""
    keys = ("output", "report") if fmt == "json" else ("report",)
    return [e[key] for rel, e in old.items() for key in keys
            if e.get(key) and new.get(rel, {}).get(key) != e[key]]


def replaced_formats(old_manifest: dict[str, Any], fmt: Format) -> list[str]:
    """The formats whose outputs an earlier run left in OUT and a run in `fmt` replaces: the
    old manifest's format, and those an interrupted switch had not removed yet."""
    earlier = {old_manifest.get("format"), *old_manifest.get("replaces", ())}
    return [f for f in FORMATS if f in earlier and f != fmt]


def replaced_outputs(old_manifest: dict[str, Any], fmt: Format) -> list[str]:
    """The files of those formats, relative to OUT: switching --format for the same OUT must
    not leave the previous format's files behind, as if they were still current."""
    files = old_manifest.get("files", {})
    return [output for earlier in replaced_formats(old_manifest, fmt)
            for output in format_outputs(earlier, files)]


def remove_outputs(out: Path, outputs: list[str]) -> None:
    """Delete outputs this tool wrote (the callers list them from a manifest), only inside OUT."""
    for output in outputs:
        target = out / output
        if target.resolve().is_relative_to(out) and target.is_file():
            target.unlink()
