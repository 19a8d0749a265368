"""`culturegov convert DIR -o OUT`: a whole archive into JSON, JSON Lines or Parquet.

- Every non-hidden .txt/.docx/.pdf or extension-less file under DIR is parsed (the format
  is sniffed from the content by culturegov.parse), in worker processes.
- --format json writes OUT/<relative path>.json, mirroring DIR; jsonl writes one
  OUT/documents.jsonl; parquet writes the six analysis tables (export.frames) to
  OUT/<table>.parquet, a row group at a time.
- A file that fails is recorded in OUT/errors.jsonl and the batch goes on; every file is
  read in a child process with a time and memory budget (batch.children).
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
from ..limits import get_limits
from .children import Budget, results
from .lock import OutputLock, OutputLockedError
from .manifest import (load_manifest, outputs_to_remove, remove_outputs, replaced_formats,
                       save_manifest, up_to_date)
from .scan import file_sha256, scan_inputs
from .sinks import Format, Sink, outputs_present
from .workers import OUTPUT_FATAL, Job

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
ERRORS = "errors.jsonl"


class BatchUsageError(CulturegovError):
    """The command cannot start: DIR missing, OUT not a directory or not writable, bad --jobs,
    another run writing into OUT."""


class BatchOutputError(CulturegovError):
    """OUT cannot be written any more (disk full, read-only): the batch stopped."""


@dataclass
class BatchSummary:
    total: int = 0  # entries seen: converted + unchanged + failed + skipped
    converted: int = 0  # parsed in this run
    unchanged: int = 0  # converted by a previous run and still up to date
    failed: int = 0  # failures, this run's and remembered ones (same bytes, same version)
    skipped: int = 0  # not read: other file types, symlinks out of DIR, loops, unreadable
    #                   folders, vanished files
    documents: int = 0  # documents in OUT after the run
    duties: int = 0
    tasks: int = 0
    seconds: float = 0.0
    failures: list[dict[str, str]] = field(default_factory=list)
    skipped_files: list[dict[str, str]] = field(default_factory=list)  # path and reason

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failed else EXIT_OK


ProgressCallback = Callable[[int, int], None]  # (done, total) of the files to convert


def make_output_dir(path: Path) -> None:
    """Create OUT (and its parents), or say why it cannot be."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise BatchUsageError("is a file, or inside one; OUT must be a directory",
                              path=str(path)) from None
    except OSError as exc:
        raise BatchUsageError(f"cannot create the output directory ({exc.strerror})",
                              path=str(path)) from None

def convert_directory(directory: str | os.PathLike, out: str | os.PathLike, *,
                      fmt: Format = "json", jobs: int | None = None, force: bool = False,
                      progress: ProgressCallback | None = None,
                      timeout: float | None = None, max_memory: int | None = None,
                      report: bool = False) -> BatchSummary:
    """Convert every document under `directory` into `out`. Raises BatchUsageError when it
    cannot start and BatchOutputError when OUT fills up; a file that fails is recorded, never
    raised. Each file is read in a child process with a budget of `timeout` seconds and
    `max_memory` bytes (defaults: culturegov.limits; 0 = unbounded). With `report`, each
    document's review page (export/review.py) is written beside its output, OUT/<rel>.html."""
    started = time.perf_counter()
    root = Path(directory)
    if not root.is_dir():
        raise BatchUsageError("no such directory" if not root.exists() else "not a directory",
                              path=str(root))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise BatchUsageError(f"--jobs must be at least 1, not {workers}")
    budget = _budget(timeout, max_memory)
    out_dir = Path(out)
    make_output_dir(out_dir)
    out_real = out_dir.resolve()
    if fmt == "parquet":
        from ..export.frames import _pyarrow

        _pyarrow()  # a missing pyarrow should stop us before, not after, an hour of parsing
    try:
        lock = OutputLock(out_real).__enter__()
    except OutputLockedError as exc:
        raise BatchUsageError(str(exc)) from None
    except OSError as exc:
        raise BatchUsageError(f"cannot write into the output directory ({exc.strerror}); "
                              "choose a writable OUT", path=str(out_dir)) from None
    try:
        return _convert(root, out_real, fmt, workers, force, progress, budget, started,
                        report)
    finally:
        lock.__exit__()


def _budget(timeout: float | None, max_memory: int | None) -> Budget:
    limits = get_limits()
    seconds = limits.max_seconds_per_file if timeout is None else timeout
    memory = limits.max_memory_per_file if max_memory is None else max_memory
    if seconds < 0 or memory < 0:
        raise BatchUsageError("--timeout and --max-memory cannot be negative (0: no limit)")
    return Budget(seconds or None, memory or None)


def _convert(root: Path, out_real: Path, fmt: Format, workers: int, force: bool,
             progress: ProgressCallback | None, budget: Budget, started: float,
             report: bool = False) -> BatchSummary:
    inputs, skipped = scan_inputs(root, out_real)
    old = load_manifest(out_real)
    old_files = old.get("files", {})
    same_run = (not force and old.get("culturegov_version") == __version__
                and old.get("format") == fmt and outputs_present(fmt, out_real))

    summary = BatchSummary(total=len(inputs) + len(skipped))
    manifest: dict[str, dict[str, Any]] = {}
    todo: list[Job] = []
    errors_tmp = out_real / f".{ERRORS}.partial"
    try:
        errors = errors_tmp.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise BatchUsageError(f"cannot write into the output directory ({exc.strerror}); "
                              "choose a writable OUT", path=str(out_real)) from None

    def record_failure(rel: str, error: str, message: str, **extra: Any) -> None:
        record = {"path": rel, "error": error, "message": message, **extra}
        errors.write(json.dumps(record, ensure_ascii=False) + "\n")
        errors.flush()  # a crash later must not lose what was already learnt
        if len(summary.failures) < 1000:
            summary.failures.append(record)

    def record_skip(rel: str, reason: str) -> None:
        summary.skipped += 1
        summary.skipped_files.append({"path": rel, "reason": reason})
        record_failure(rel, "SkippedInput", f"{rel}: {reason}", skipped=True)

    for item in skipped:
        record_skip(item.rel, item.reason)
    for file in inputs:
        try:
            digest = file_sha256(file.path)
        except FileNotFoundError:
            record_skip(file.rel, VANISHED)
            continue
        except OSError as exc:
            summary.failed += 1
            record_failure(file.rel, type(exc).__name__, f"{file.rel}: cannot be read ({exc.strerror})")
            continue
        entry = old_files.get(file.rel)
        if same_run and up_to_date(entry, digest, out_real, fmt, budget, report):
            manifest[file.rel] = entry
            if entry["status"] == "failed":
                summary.failed += 1
                record_failure(file.rel, entry.get("error", "Error"), entry.get("message", ""))
            else:
                summary.unchanged += 1
            continue
        todo.append(Job(file, digest, fmt, str(out_real), report))

    sink = Sink(fmt, out_real, keep={r for r, e in manifest.items() if e["status"] == "ok"})
    last_save = time.monotonic()
    try:
        for done, result in enumerate(results(todo, workers, budget), start=1):
            if result.fatal:
                raise _OutputFailed(result.message or "")
            if result.ok:
                sink.add(result)
                manifest[result.rel] = {"sha256": result.sha256, "status": "ok",
                                        "output": result.output, "duties": result.duties,
                                        "tasks": result.tasks}
                if result.report:
                    manifest[result.rel]["report"] = result.report
                summary.converted += 1
            elif result.vanished:
                record_skip(result.rel, VANISHED)
            else:
                entry = {"sha256": result.sha256, "status": "failed", "error": result.error,
                         "message": result.message, "deterministic": result.deterministic}
                if result.budget is not None:
                    entry["budget"] = list(result.budget)
                manifest[result.rel] = entry
                summary.failed += 1
                record_failure(result.rel, result.error or "Error", result.message or "")
            if progress:
                progress(done, len(todo))
            # json outputs are final as soon as written: save the manifest now and then so
            # an interrupted run resumes where it stopped
            if fmt == "json" and time.monotonic() - last_save > 30:
                save_manifest(out_real, fmt, manifest)
                last_save = time.monotonic()
    except BaseException as exc:  # Ctrl-C included: keep what is final, drop what is partial
        saved = _keep_what_is_final(sink, errors, errors_tmp, out_real, fmt, manifest,
                                    replaced_formats(old, fmt))
        if isinstance(exc, _OutputFailed) or (isinstance(exc, OSError)
                                              and exc.errno in OUTPUT_FATAL):
            kept = ("the manifest of the files done is saved; free space (or make OUT "
                    "writable) and run the same command again to resume" if saved else
                    "nothing of this run could be kept; free space (or make OUT writable) "
                    "and run the same command again")
            raise BatchOutputError(f"cannot write into the output directory "
                                   f"({getattr(exc, 'strerror', None) or exc}); {kept}",
                                   path=str(out_real)) from None
        raise
    sink.close()
    errors.close()
    os.replace(errors_tmp, out_real / ERRORS)

    remove_outputs(out_real, outputs_to_remove(old, manifest, fmt))
    save_manifest(out_real, fmt, manifest)
    for entry in manifest.values():
        if entry["status"] == "ok":
            summary.documents += 1
            summary.duties += entry.get("duties", 0)
            summary.tasks += entry.get("tasks", 0)
    summary.seconds = time.perf_counter() - started
    return summary


VANISHED = "vanished during the run; it is tried again next run"


class _OutputFailed(Exception):
    """A worker could not write its output (disk full, read-only OUT)."""


def _keep_what_is_final(sink: Sink, errors, errors_tmp: Path, out: Path, fmt: Format,
                        manifest: dict[str, dict[str, Any]], replaces: list[str]) -> bool:
    """After an interruption: drop the partial outputs, keep errors.jsonl and (json) the
    manifest of what is written. Returns whether the manifest was saved; never raises, as
    the disk may be full."""
    try:
        sink.abort()
    except OSError:
        pass
    try:
        errors.close()
        os.replace(errors_tmp, out / ERRORS)
    except OSError:
        pass
    if fmt != "json":
        return False
    try:
        save_manifest(out, fmt, manifest, replaces)  # the next run still removes them
    except OSError:
        return False
    return True
