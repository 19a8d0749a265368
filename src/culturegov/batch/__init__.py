"""`culturegov convert DIR -o OUT`: a whole archive into JSON, JSON Lines or Parquet.

- Every non-hidden .txt/.docx/.pdf, saved web page (.html/.htm/.shtml/.mht/.mhtml), .ofd,
  legacy Office (.doc/.wps/.rtf) or extension-less file under DIR is parsed (the format is
  sniffed from the content by culturegov.parse), in worker processes; other files are
  listed as skipped, with the reason.
- --format json writes OUT/<relative path>.json, mirroring DIR; jsonl writes one
  OUT/documents.jsonl; parquet writes the six analysis tables (export.frames) to
  OUT/<table>.parquet, a row group at a time.
- A file that fails is recorded in OUT/errors.jsonl and the batch goes on.
- OUT/manifest.json remembers the sha256 of every input and the culturegov version that
  converted it; a re-run converts only what changed (--force: everything).

`convert_directory()` is the library entry point and never prints; `run_convert_command()`
is the command and owns the terminal (progress bar, summary).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .. import __version__
from ..errors import CulturegovError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
INPUT_SUFFIXES = {".txt", ".docx", ".pdf", "", ".html", ".htm", ".shtml", ".xhtml", ".mht",
                  ".mhtml", ".ofd", ".doc", ".wps", ".rtf"}
MANIFEST, ERRORS, JSONL = "manifest.json", "errors.jsonl", "documents.jsonl"
Format = Literal["json", "jsonl", "parquet"]


class BatchUsageError(CulturegovError):
    """The command cannot start: DIR missing, OUT not a directory, bad --jobs."""


class UnsafeOutputError(CulturegovError):
    """An output path would land outside OUT (a symlink planted inside OUT)."""


# ---------------------------------------------------------------- inputs


@dataclass(frozen=True)
class InputFile:
    rel: str  # POSIX path relative to DIR: the document's id in every output
    path: str  # absolute path to read


@dataclass(frozen=True)
class Skipped:
    rel: str
    reason: str


def scan_inputs(root: Path, out: Path) -> tuple[list[InputFile], list[Skipped]]:
    """The files to convert under `root`, sorted, and the ones deliberately left out.

    Hidden files and directories are ignored, and so is OUT when it lies inside DIR.
    Symlinked directories are not followed (a link to a parent would loop); a symlinked
    file is read only when it points inside DIR, so an archive cannot smuggle in
    /etc/passwd or another user's files.
    """
    root_real, out_real = root.resolve(), out.resolve()
    files: list[InputFile] = []
    skipped: list[Skipped] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        keep = []
        for name in sorted(dirnames):
            full = here / name
            if name.startswith(".") or full.resolve() == out_real:
                continue
            if full.is_symlink():
                skipped.append(Skipped(_rel(full, root), "symlinked directory, not followed"))
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            full = here / name
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() not in INPUT_SUFFIXES:
                skipped.append(Skipped(_rel(full, root), f"{Path(name).suffix} is not a "
                                       "document form culturegov reads"))
                continue
            if full.is_symlink():
                real = full.resolve()
                if not real.is_relative_to(root_real):
                    skipped.append(Skipped(_rel(full, root), "symlink points outside DIR"))
                    continue
                if not real.is_file():
                    skipped.append(Skipped(_rel(full, root), "symlink to a missing file"))
                    continue
            elif not full.is_file():  # fifos, sockets, devices
                continue
            files.append(InputFile(_rel(full, root), str(full.absolute())))
    return files, skipped


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def safe_output_path(out_real: Path, rel: str) -> Path:
    """OUT/<rel>.json, refusing any path that resolves outside OUT."""
    target = out_real / (rel + ".json")
    if not target.resolve().is_relative_to(out_real):
        raise UnsafeOutputError("output would be written outside OUT (a symlink inside OUT?); "
                                "remove the link or choose another OUT", path=rel)
    return target


# ---------------------------------------------------------------- the worker


@dataclass(frozen=True)
class Job:
    file: InputFile
    sha256: str
    fmt: Format
    out: str  # resolved OUT


@dataclass
class Result:
    rel: str
    sha256: str
    ok: bool
    duties: int = 0
    tasks: int = 0
    output: str | None = None  # json: the file written, relative to OUT
    line: str | None = None  # jsonl: the document's line
    rows: dict[str, list[dict[str, Any]]] | None = None  # parquet: its table rows
    error: str | None = None
    message: str | None = None
    # A CulturegovError is a verdict on the bytes (corrupt, encrypted…): the same bytes
    # will fail the same way, so a re-run need not retry them. Anything else may be the
    # machine's fault (memory, a crash) and is retried.
    deterministic: bool = False


def convert_one(job: Job) -> Result:
    """Parse one file and write or return its output. Never raises: a failure is a Result."""
    from ..api import parse

    rel = job.file.rel
    try:
        doc = parse(job.file.path)
        doc.source = rel  # the archive-relative path, not this machine's absolute one
        result = Result(rel, job.sha256, ok=True, duties=len(doc.duties), tasks=len(doc.tasks))
        if job.fmt == "json":
            from ..export.json import to_json

            target = safe_output_path(Path(job.out), rel)
            _write_atomic(target, to_json(doc) + "\n")
            result.output = target.relative_to(job.out).as_posix()
        elif job.fmt == "jsonl":
            from ..export.json import to_jsonl_line

            result.line = to_jsonl_line(doc)
        else:
            from ..export.frames import document_rows

            result.rows = document_rows(doc, rel)
        return result
    except CulturegovError as exc:
        return Result(rel, job.sha256, ok=False, error=type(exc).__name__,
                      message=str(exc), deterministic=True)
    except Exception as exc:  # noqa: BLE001 — one bad file must never stop the archive
        return Result(rel, job.sha256, ok=False, error=type(exc).__name__,
                      message=str(exc) or repr(exc))


def _write_atomic(target: Path, text: str) -> None:
    """Write via a temporary file and a rename, so an interrupted run never leaves a
    half-written JSON that the manifest would later call up to date."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its files are owner-only (0600), and an archive's outputs must get the
    # permissions the user's umask gives any other file.
    tmp = target.parent / f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial"
    try:
        with open(tmp, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _crashed(job: Job) -> Result:
    return Result(job.file.rel, job.sha256, ok=False, error="WorkerCrashedError",
                  message=f"{job.file.rel}: the worker process died while reading this file "
                          "(a crash in a reader, or out of memory)")


def _results(jobs: Iterable[Job], workers: int) -> Iterator[Result]:
    """Results in completion order. --jobs 1 runs in this process.

    At most a few jobs per worker are in flight, so neither futures nor results pile up:
    memory stays flat over ten thousand files. If a worker dies (a segfault in a reader,
    the OOM killer), the pool is lost with every job in it; those jobs are retried one by
    one in a fresh process, so only the file that really kills its worker is failed.
    """
    if workers == 1:
        for job in jobs:
            yield convert_one(job)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    queue = iter(jobs)
    while True:
        suspects: list[Job] = []
        pool = ProcessPoolExecutor(max_workers=workers)
        in_flight: dict[Any, Job] = {}
        try:
            while True:
                while len(in_flight) < workers * 4 and (job := next(queue, None)) is not None:
                    in_flight[pool.submit(convert_one, job)] = job
                if not in_flight:
                    break
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    job = in_flight.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                if suspects:
                    suspects += in_flight.values()
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        if not suspects:
            return
        for job in suspects:
            with ProcessPoolExecutor(max_workers=1) as single:
                try:
                    yield single.submit(convert_one, job).result()
                except BrokenProcessPool:
                    yield _crashed(job)


# ---------------------------------------------------------------- outputs


class _Sink:
    """Where converted documents go, for one output format."""

    def __init__(self, fmt: Format, out: Path, keep: set[str]):
        self.fmt, self.out = fmt, out
        self._jsonl = None
        self._parquet = None
        if fmt == "jsonl":
            self._jsonl_tmp = out / f".{JSONL}.partial"
            self._jsonl = self._jsonl_tmp.open("w", encoding="utf-8", newline="\n")
            self._copy_jsonl(keep)
        elif fmt == "parquet":
            from ..export.frames import ParquetTables

            self._parquet = ParquetTables(out)
            self._copy_parquet(keep)

    def _copy_jsonl(self, keep: set[str]) -> None:
        """Carry over the lines of unchanged documents from the previous run."""
        old = self.out / JSONL
        if not keep or not old.exists():
            return
        decoder = json.JSONDecoder()
        with old.open(encoding="utf-8") as fh:
            for line in fh:
                # model_dump_json writes "source" first: read just that string, not 50 kB
                if line.startswith('{"source":'):
                    source, _ = decoder.raw_decode(line, len('{"source":'))
                else:
                    source = json.loads(line).get("source")
                if source in keep:
                    self._jsonl.write(line)

    def _copy_parquet(self, keep: set[str]) -> None:
        """Carry over the rows of unchanged documents, a row group at a time."""
        if not keep:
            return
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        from ..export.frames import TABLES

        wanted = pa.array(sorted(keep), pa.string())
        for table in TABLES:
            path = self._parquet.path(table)
            if not path.exists():
                continue
            old = pq.ParquetFile(path)
            for group in range(old.num_row_groups):
                rows = old.read_row_group(group)
                rows = rows.filter(pc.is_in(rows["document_id"], value_set=wanted))
                if rows.num_rows:
                    self._parquet.add_arrow(table, rows)

    def add(self, result: Result) -> None:
        if self._jsonl is not None:
            self._jsonl.write(result.line + "\n")
        elif self._parquet is not None:
            self._parquet.add_rows(result.rows)

    def close(self) -> None:
        if self._jsonl is not None:
            self._jsonl.close()
            os.replace(self._jsonl_tmp, self.out / JSONL)
        elif self._parquet is not None:
            self._parquet.close()

    def abort(self) -> None:
        if self._jsonl is not None:
            self._jsonl.close()
            self._jsonl_tmp.unlink(missing_ok=True)
        elif self._parquet is not None:
            self._parquet.abort()


def _outputs_present(fmt: Format, out: Path) -> bool:
    if fmt == "jsonl":
        return (out / JSONL).exists()
    if fmt == "parquet":
        from ..export.frames import TABLES

        return all((out / f"{t}.parquet").exists() for t in TABLES)
    return True  # json: checked file by file


# ---------------------------------------------------------------- manifest


def _load_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {}


def _save_manifest(out: Path, fmt: Format, files: dict[str, dict[str, Any]]) -> None:
    data = {"culturegov_version": __version__, "format": fmt, "files": dict(sorted(files.items()))}
    _write_atomic(out / MANIFEST, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _up_to_date(entry: dict[str, Any] | None, sha256: str, out: Path, fmt: Format) -> bool:
    if not entry or entry.get("sha256") != sha256:
        return False
    if entry.get("status") == "failed":
        return bool(entry.get("deterministic"))
    if fmt == "json":
        output = entry.get("output")
        return bool(output) and (out / output).is_file()
    return True


# ---------------------------------------------------------------- the batch


@dataclass
class BatchSummary:
    total: int = 0  # input files found
    converted: int = 0  # parsed in this run
    unchanged: int = 0  # converted by a previous run and still up to date
    failed: int = 0  # failures, this run's and remembered ones (same bytes, same version)
    skipped: int = 0  # inputs deliberately not read (symlinks out of DIR …)
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
    old = _load_manifest(out_real)
    old_files = old.get("files", {})
    same_run = (not force and old.get("culturegov_version") == __version__
                and old.get("format") == fmt and _outputs_present(fmt, out_real))

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
            digest = _sha256(file.path)
        except OSError as exc:
            summary.failed += 1
            record_failure(file.rel, type(exc).__name__, f"{file.rel}: cannot be read ({exc.strerror})")
            continue
        entry = old_files.get(file.rel)
        if same_run and _up_to_date(entry, digest, out_real, fmt):
            manifest[file.rel] = entry
            if entry["status"] == "failed":
                summary.failed += 1
                record_failure(file.rel, entry.get("error", "Error"), entry.get("message", ""))
            else:
                summary.unchanged += 1
            continue
        todo.append(Job(file, digest, fmt, str(out_real)))

    sink = _Sink(fmt, out_real, keep={r for r, e in manifest.items() if e["status"] == "ok"})
    last_save = time.monotonic()
    try:
        for done, result in enumerate(_results(todo, workers), start=1):
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
                _save_manifest(out_real, fmt, manifest)
                last_save = time.monotonic()
    except BaseException:  # Ctrl-C included: keep what is final, drop what is partial
        sink.abort()
        errors.close()
        os.replace(errors_tmp, out_real / ERRORS)
        if fmt == "json":
            _save_manifest(out_real, fmt, manifest)
        raise
    sink.close()
    errors.close()
    os.replace(errors_tmp, out_real / ERRORS)

    if fmt == "json":
        _remove_stale_outputs(out_real, old_files, manifest)
    _save_manifest(out_real, fmt, manifest)
    for entry in manifest.values():
        if entry["status"] == "ok":
            summary.documents += 1
            summary.duties += entry.get("duties", 0)
            summary.tasks += entry.get("tasks", 0)
    summary.seconds = time.perf_counter() - started
    return summary


def _remove_stale_outputs(out: Path, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Delete the JSON of inputs that are gone (or now fail), so OUT mirrors DIR; only files
    this tool wrote (listed in the old manifest) and only inside OUT."""
    for rel, entry in old.items():
        output = entry.get("output")
        if not output or new.get(rel, {}).get("output") == output:
            continue
        target = out / output
        if target.resolve().is_relative_to(out) and target.is_file():
            target.unlink()


# ---------------------------------------------------------------- the command


def add_convert_command(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "convert", help="convert a directory of documents (JSON, JSONL or Parquet)",
        description="Convert every .txt, .docx, .pdf, .html/.htm/.shtml/.mht/.mhtml, .ofd, "
                    ".doc/.wps/.rtf and extension-less file under DIR. "
                    "Failures go to OUT/errors.jsonl and the batch goes on; a re-run converts "
                    "only inputs that changed. Exit status: 0 all converted, 1 some failed, "
                    "2 usage error.")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="output directory")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: the number of CPUs; 1 runs in-process)")
    p.add_argument("--format", choices=["json", "jsonl", "parquet"], default="json",
                   help="json: one file per input, mirroring DIR (default); jsonl: "
                        "OUT/documents.jsonl; parquet: the analysis tables")
    p.add_argument("--force", action="store_true", help="convert even up-to-date inputs")
    p.set_defaults(func=run_convert_command)


def run_convert_command(args: argparse.Namespace) -> int:
    reporter = _make_reporter()
    try:
        summary = convert_directory(args.directory, args.output, fmt=args.format,
                                    jobs=args.jobs, force=args.force, progress=reporter.update)
    except BatchUsageError as exc:
        print(f"culturegov convert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CulturegovError as exc:  # e.g. pyarrow missing for --format parquet
        print(f"culturegov convert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        reporter.close()
    _print_summary(summary, Path(args.output))
    return summary.exit_code


def _print_summary(s: BatchSummary, out: Path) -> None:
    rate = s.converted / s.seconds if s.seconds else 0.0
    lines = [
        f"documents: {s.documents} ({s.converted} converted now, {s.unchanged} up to date)",
        f"duties: {s.duties}   tasks: {s.tasks}",
        f"failures: {s.failed}" + (f" (see {out / ERRORS})" if s.failed else ""),
    ]
    if s.skipped:
        lines.append(f"skipped: {s.skipped} (other file types, symlinks out of DIR …, listed "
                     f"in {out / ERRORS})")
    lines.append(f"time: {s.seconds:.1f} s ({rate:.1f} files/s)")
    sys.stderr.write("\n".join(lines) + "\n")


class _PlainReporter:
    """A line on stderr every few seconds: for logs, pipes and CI."""

    def __init__(self, interval: float = 5.0):
        self.interval = interval
        self.started = time.monotonic()
        self.last = 0.0

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - self.last < self.interval:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0.0
        sys.stderr.write(f"culturegov convert: {done}/{total} files, {rate:.1f} files/s, "
                         f"ETA {_clock(eta)}\n")

    def close(self) -> None:
        pass


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class _RichReporter:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn,
                                   TextColumn, TimeRemainingColumn)
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f} files/s" if speed else "– files/s")

        self.progress = Progress(
            TextColumn("converting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
            TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False)
        self.task = None

    def update(self, done: int, total: int) -> None:
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("convert", total=total)
        self.progress.update(self.task, completed=done)

    def close(self) -> None:
        if self.task is not None:
            self.progress.stop()


def _make_reporter() -> _PlainReporter | _RichReporter:
    if sys.stderr.isatty():
        try:
            return _RichReporter()
        except ImportError:
            pass
    return _PlainReporter()
