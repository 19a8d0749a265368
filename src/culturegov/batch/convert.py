"""`culturegov convert DIR -o OUT`: a whole archive into JSON, JSON Lines or Parquet.

- Every non-hidden .txt/.docx/.pdf or extension-less file under DIR is parsed (the format
  is sniffed from the content by culturegov.parse), in worker processes.
- --format json writes OUT/<relative path>.json, mirroring DIR; jsonl writes one
  OUT/documents.jsonl; parquet writes the six analysis tables (export.frames) to
  OUT/<table>.parquet, a row group at a time.
- A file that fails is recorded in OUT/errors.jsonl and the batch goes on.
- OUT/manifest.json remembers the sha256 of every input and the culturegov version that
  converted it; a re-run converts only what changed (--force: everything).

`convert_directory()` never prints; the `convert` command in culturegov.cli owns the
terminal.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from typing import Any

from .._version import __version__
from ..errors import CulturegovError
from .manifest import load_manifest, remove_stale_outputs, save_manifest, up_to_date
from .scan import file_sha256, scan_inputs
from .sinks import Format, Sink, outputs_present
from .workers import Job, results

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ERRORS = "errors.jsonl"


class BatchUsageError(CulturegovError):
    """The command cannot start: DIR missing, OUT not a directory, bad --jobs."""



@dataclass
class BatchSummary:
    total: int = 0  # input files found
    converted: int = 0  # parsed in this run
    unchanged: int = 0  # converted by a previous run and still up to date
    failed: int = 0  # failures, this run's and remembered ones (same bytes, same version)
    skipped: int = 0  # inputs deliberately not read (other file types, symlinks out of DIR …)
    documents: int = 0  # documents in OUT after the run
    duties: int = 0
    tasks: int = 0
    seconds: float = 0.0
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failed else EXIT_OK


ProgressCallback = Callable[[int, int], None]  # (done, total) of the files to convert


def convert_directory(directory: str | os.PathLike, out: str | os.PathLike, *,
                      fmt: Format = "json", jobs: int | None = None, force: bool = False,
                      progress: ProgressCallback | None = None) -> BatchSummary:
    """Convert every document under `directory` into `out`. Raises BatchUsageError when it
    cannot start; a file that fails is recorded, never raised."""
    started = time.perf_counter()
    root = Path(directory)
    if not root.is_dir():
        raise BatchUsageError("no such directory" if not root.exists() else "not a directory",
                              path=str(root))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise BatchUsageError(f"--jobs must be at least 1, not {workers}")
    out_dir = Path(out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise BatchUsageError("is a file, or inside one; OUT must be a directory",
                              path=str(out_dir)) from None
    except OSError as exc:
        raise BatchUsageError(f"cannot create the output directory ({exc.strerror})",
                              path=str(out_dir)) from None
    out_real = out_dir.resolve()
    if fmt == "parquet":
        from ..export.frames import _pyarrow

        _pyarrow()  # a missing pyarrow should stop us before, not after, an hour of parsing

    inputs, skipped = scan_inputs(root, out_real)
    old = load_manifest(out_real)
    old_files = old.get("files", {})
    same_run = (not force and old.get("culturegov_version") == __version__
                and old.get("format") == fmt and outputs_present(fmt, out_real))

    summary = BatchSummary(total=len(inputs), skipped=len(skipped))
    manifest: dict[str, dict[str, Any]] = {}
    todo: list[Job] = []
    errors_tmp = out_real / f".{ERRORS}.partial"
    errors = errors_tmp.open("w", encoding="utf-8", newline="\n")

    def record_failure(rel: str, error: str, message: str, **extra: Any) -> None:
        record = {"path": rel, "error": error, "message": message, **extra}
        errors.write(json.dumps(record, ensure_ascii=False) + "\n")
        errors.flush()  # a crash later must not lose what was already learnt
        if len(summary.failures) < 1000:
            summary.failures.append(record)

    for item in skipped:
        record_failure(item.rel, "SkippedInput", f"{item.rel}: {item.reason}", skipped=True)
    for file in inputs:
        try:
            digest = file_sha256(file.path)
        except OSError as exc:
            summary.failed += 1
            record_failure(file.rel, type(exc).__name__, f"{file.rel}: cannot be read ({exc.strerror})")
            continue
        entry = old_files.get(file.rel)
        if same_run and up_to_date(entry, digest, out_real, fmt):
            manifest[file.rel] = entry
            if entry["status"] == "failed":
                summary.failed += 1
                record_failure(file.rel, entry.get("error", "Error"), entry.get("message", ""))
            else:
                summary.unchanged += 1
            continue
        todo.append(Job(file, digest, fmt, str(out_real)))

    sink = Sink(fmt, out_real, keep={r for r, e in manifest.items() if e["status"] == "ok"})
    last_save = time.monotonic()
    try:
        for done, result in enumerate(results(todo, workers), start=1):
            if result.ok:
                sink.add(result)
                manifest[result.rel] = {"sha256": result.sha256, "status": "ok",
                                        "output": result.output, "duties": result.duties,
                                        "tasks": result.tasks}
                summary.converted += 1
            else:
                manifest[result.rel] = {"sha256": result.sha256, "status": "failed",
                                        "error": result.error, "message": result.message,
                                        "deterministic": result.deterministic}
                summary.failed += 1
                record_failure(result.rel, result.error or "Error", result.message or "")
            if progress:
                progress(done, len(todo))
            # json outputs are final as soon as written: save the manifest now and then so
            # an interrupted run resumes where it stopped
            if fmt == "json" and time.monotonic() - last_save > 30:
                save_manifest(out_real, fmt, manifest)
                last_save = time.monotonic()
    except BaseException:  # Ctrl-C included: keep what is final, drop what is partial
        sink.abort()
        errors.close()
        os.replace(errors_tmp, out_real / ERRORS)
        if fmt == "json":
            save_manifest(out_real, fmt, manifest)
        raise
    sink.close()
    errors.close()
    os.replace(errors_tmp, out_real / ERRORS)

    if fmt == "json":
        remove_stale_outputs(out_real, old_files, manifest)
    save_manifest(out_real, fmt, manifest)
    for entry in manifest.values():
        if entry["status"] == "ok":
            summary.documents += 1
            summary.duties += entry.get("duties", 0)
            summary.tasks += entry.get("tasks", 0)
    summary.seconds = time.perf_counter() - started
    return summary

