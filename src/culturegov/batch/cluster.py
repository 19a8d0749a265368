"""`culturegov convert DIR -o OUT --scheduler ADDRESS|local:N`: the archive on a Dask cluster.

The client (this process) lists and hashes the inputs once, reads the manifest, and submits
tasks of a few dozen files each (cluster_tasks.convert_chunk); tasks carry paths and
digests, never documents, and at most a few per worker thread are in flight, so neither the
scheduler nor the client grows with the archive. Workers write the JSON outputs into OUT
themselves; the single files (manifest.json, errors.jsonl, documents.jsonl, the Parquet
tables) are written by the client with the local run's code, so both runs agree file for
file and a run started on one resumes on the other.

Failures:
- a file that fails to parse is a Result like in the local run (errors.jsonl, manifest);
- an exception in a task (a failed upload) is retried by Dask `retries` times;
- a worker that dies costs its task: Dask runs it elsewhere, up to
  distributed.scheduler.allowed-failures times; a chunk that still fails is split into
  single-file tasks, and a single file that kills workers again is recorded in errors.jsonl
  as WorkerCrashedError (retried by the next run, like a crash in the local run) instead of
  being retried for ever;
- a lost scheduler stops the run as Ctrl-C does: what is final is kept, and the next run
  converts only what is missing.

DIR must be visible to the workers under the same path (a shared mount); OUT is a shared path
or an fsspec URL (batch.place).
"""
from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import CulturegovError
from .cluster_tasks import Chunk, Registry, convert_chunk
from .convert import (ERRORS, VANISHED, BatchOutputError, BatchSummary, BatchUsageError,
                      ProgressCallback, make_output_dir)
from .cluster_setup import Connect, Locked, announce_dashboard, worker_threads
from .manifest import (load_manifest, outputs_to_remove, remove_outputs, replaced_formats,
                       save_manifest, up_to_date)
from .place import OutputPlace, single_files
from .scan import InputFile, file_sha256, scan_inputs
from .sinks import Format, Sink, outputs_present
from .workers import Result

log = logging.getLogger(__name__)

FILES_PER_TASK = 32  # small enough to bound a worker's memory, large enough to amortise a task
RETRIES = 2
TASKS_PER_THREAD = 3  # in flight: keeps every worker busy without queueing the archive


class SchedulerLostError(CulturegovError):
    """The connection to the Dask scheduler was lost in the middle of a run."""


LOST = ("the connection to the Dask scheduler was lost; what was converted is kept: run the "
        "same command again to resume")


def convert_on_cluster(directory: str | os.PathLike, out: str | os.PathLike, *, scheduler: str,
                       fmt: Format = "json", force: bool = False,
                       progress: ProgressCallback | None = None, retries: int = RETRIES,
                       files_per_task: int = FILES_PER_TASK,
                       registry: str | os.PathLike | None = None,
                       announce: Callable[[str], None] | None = None,
                       report: bool = False) -> BatchSummary:
    """Convert every document under `directory` into `out` on the Dask cluster at
    `scheduler` (an address such as tcp://host:8786, or local:N for N local worker
    processes). Same outputs, manifest and errors.jsonl as batch.convert_directory, and with
    `report` the same review pages beside them. `announce` receives one-line notices for the
    user (the dashboard address)."""
    started = time.perf_counter()
    root = Path(directory)
    if not root.is_dir():
        raise BatchUsageError("no such directory" if not root.exists() else "not a directory",
                              path=str(root))
    if files_per_task < 1 or retries < 0:
        raise BatchUsageError("files per task must be at least 1 and retries at least 0")
    if fmt == "parquet":
        from ..export.frames import _pyarrow

        _pyarrow()
    place = OutputPlace(os.fspath(out))
    try:
        make_output_dir(place.staging)
        out_real = place.staging.resolve()
        worker_out = place.url if place.remote else str(out_real)
        reg = Registry.read(registry) if registry else None
        with Locked(place), Connect(scheduler) as client:
            announce_dashboard(client, announce)
            place.fetch_previous(single_files(fmt))
            run = _Run(client, root, out_real, fmt, force, progress, report)
            if place.remote and (fmt == "json" or report):  # there, not in staging
                run.remote_outputs = place.existing_outputs()
            threads = worker_threads(client)
            run.plan(lambda files: _chunks(files, files_per_task, threads, fmt, worker_out,
                                           place.remote, reg, report))
            run.execute(retries, place)
        place.publish([*single_files(fmt), ERRORS])
        summary = run.summary
    finally:
        place.close()
    summary.seconds = time.perf_counter() - started
    return summary


def cluster_runner(args: Any, write: Callable[[str], Any]) -> Callable[..., BatchSummary]:
    """For `culturegov convert --scheduler`: a function called like convert_directory that
    runs on the cluster, with the command's --registry; notices go to `write` (the CLI's).
    -j is for a local run only."""
    def run(directory, out, *, fmt, force, progress, timeout, max_memory, report=False,
            **_local):
        if timeout is not None or max_memory is not None:
            raise BatchUsageError("--timeout and --max-memory bound the local run's children; "
                                  "on a cluster, give the workers a memory limit (docs/scale.md)")
        return convert_on_cluster(directory, out, scheduler=args.scheduler, fmt=fmt,
                                  force=force, progress=progress, registry=args.registry,
                                  announce=lambda line: write(line + "\n"), report=report)
    return run



def _chunks(files: list[tuple[InputFile, str]], size: int, threads: int, fmt: Format,
            out: str, remote: bool, registry: Registry | None,
            report: bool = False) -> Iterator[Chunk]:
    """Tasks of `size` files, smaller when the archive is small for the cluster, so that
    every worker thread gets a few tasks and none waits for a long last one."""
    size = max(1, min(size, -(-len(files) // (TASKS_PER_THREAD * threads))))
    for index, start in enumerate(range(0, len(files), size)):
        yield Chunk(index, tuple(files[start:start + size]), fmt, out, remote, registry, report)


class _Run:
    """One run's state on the client: what to do, what was done, the open outputs."""

    def __init__(self, client: Any, root: Path, out: Path, fmt: Format, force: bool,
                 progress: ProgressCallback | None, report: bool = False):
        from .._version import __version__

        self.client, self.root, self.out, self.fmt, self.progress = client, root, out, fmt, progress
        self.report = report
        self.old = load_manifest(out)
        self.same_run = (not force and self.old.get("culturegov_version") == __version__
                         and self.old.get("format") == fmt and outputs_present(fmt, out))
        self.summary = BatchSummary()
        self.manifest: dict[str, dict[str, Any]] = {}
        self.chunks: deque[Chunk] = deque()
        self.todo_files = 0
        self._failed_now = 0  # failures among this run's conversions (for progress)
        self.remote_outputs: set[str] | None = None  # outputs and pages found in a URL OUT
        self.second_chance: set[str] = set()  # files resubmitted after their task killed workers
        self.errors_tmp = out / f".{ERRORS}.partial"
        self.errors = self.errors_tmp.open("w", encoding="utf-8", newline="\n")

    # ------------------------------------------------------------ before: list, hash, plan

    def plan(self, make_chunks: Callable[[list[tuple[InputFile, str]]], Iterator[Chunk]]) -> None:
        """List and hash the inputs once (threads: hashing waits on the disk), keep what
        the manifest says is up to date, and cut the rest into chunks."""
        inputs, skipped = scan_inputs(self.root, self.out)
        self.summary.total = len(inputs) + len(skipped)
        for item in skipped:
            self.record_skip(item.rel, item.reason)
        old_files = self.old.get("files", {})
        todo: list[tuple[InputFile, str]] = []
        with ThreadPoolExecutor(max_workers=8) as pool:
            for file, digest in zip(inputs, pool.map(_sha256_or_error, inputs)):
                if isinstance(digest, FileNotFoundError):
                    self.record_skip(file.rel, VANISHED)
                    continue
                if isinstance(digest, OSError):
                    self.summary.failed += 1
                    self.record_failure(file.rel, type(digest).__name__,
                                        f"{file.rel}: cannot be read ({digest.strerror})")
                    continue
                entry = old_files.get(file.rel)
                if self.same_run and self.up_to_date(entry, digest):
                    self.manifest[file.rel] = entry
                    if entry["status"] == "failed":
                        self.summary.failed += 1
                        self.record_failure(file.rel, entry.get("error", "Error"),
                                            entry.get("message", ""))
                    else:
                        self.summary.unchanged += 1
                    continue
                todo.append((file, digest))
        self.todo_files = len(todo)
        self.chunks.extend(make_chunks(todo))

    def up_to_date(self, entry: dict[str, Any] | None, digest: str) -> bool:
        if self.remote_outputs is None or not entry or entry.get("status") != "ok":
            return up_to_date(entry, digest, self.out, self.fmt, report=self.report)
        wanted = ([entry.get("output")] if self.fmt == "json" else []) + (
            [entry.get("report")] if self.report else [])
        return entry.get("sha256") == digest and all(w in self.remote_outputs for w in wanted)

    def record_skip(self, rel: str, reason: str) -> None:
        self.summary.skipped += 1
        self.summary.skipped_files.append({"path": rel, "reason": reason})
        self.record_failure(rel, "SkippedInput", f"{rel}: {reason}", skipped=True)

    def record_failure(self, rel: str, error: str, message: str, **extra: Any) -> None:
        import json

        record = {"path": rel, "error": error, "message": message, **extra}
        self.errors.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.errors.flush()
        if len(self.summary.failures) < 1000:
            self.summary.failures.append(record)

    # ------------------------------------------------------------ during: the task stream

    def execute(self, retries: int, place: OutputPlace) -> None:
        keep = {r for r, e in self.manifest.items() if e["status"] == "ok"}
        sink = Sink(self.fmt, self.out, keep=keep)
        last_save = time.monotonic()
        try:
            for results in self._stream(retries):
                for result in results:
                    self.take(result, sink)
                if self.progress:
                    self.progress(self.summary.converted + self._failed_now, self.todo_files)
                if self.fmt == "json" and time.monotonic() - last_save > 10:
                    save_manifest(self.out, self.fmt, self.manifest)  # resume point
                    last_save = time.monotonic()
        except BaseException:  # a lost scheduler, Ctrl-C: keep what is final
            sink.abort()
            self._close_errors()
            if self.fmt == "json":
                save_manifest(self.out, self.fmt, self.manifest,
                              replaced_formats(self.old, self.fmt))
                place.publish([ERRORS])
            raise
        sink.close()
        self._close_errors()
        # with them the review pages (convert --report) of inputs that are gone
        gone = outputs_to_remove(self.old, self.manifest, self.fmt)
        if place.remote:
            place.remove_outputs(gone)
        else:
            remove_outputs(self.out, gone)
        save_manifest(self.out, self.fmt, self.manifest)
        for entry in self.manifest.values():
            if entry["status"] == "ok":
                self.summary.documents += 1
                self.summary.duties += entry.get("duties", 0)
                self.summary.tasks += entry.get("tasks", 0)

    def take(self, result: Result, sink: Sink) -> None:
        if result.fatal:  # OUT full or read-only: no later file can be written either
            raise BatchOutputError(f"cannot write into the output directory: {result.message}; "
                                   "free space (or make OUT writable) and run the same "
                                   "command again to resume", path=str(self.out))
        if result.vanished:
            self.record_skip(result.rel, VANISHED)
            self._failed_now += 1
            return
        if result.ok:
            sink.add(result)
            self.manifest[result.rel] = {"sha256": result.sha256, "status": "ok",
                                         "output": result.output, "duties": result.duties,
                                         "tasks": result.tasks}
            if result.report:
                self.manifest[result.rel]["report"] = result.report
            self.summary.converted += 1
        else:
            self.manifest[result.rel] = {"sha256": result.sha256, "status": "failed",
                                         "error": result.error, "message": result.message,
                                         "deterministic": result.deterministic}
            self.summary.failed += 1
            self._failed_now += 1
            self.record_failure(result.rel, result.error or "Error", result.message or "")

    def _close_errors(self) -> None:
        self.errors.close()
        os.replace(self.errors_tmp, self.out / ERRORS)

    def _stream(self, retries: int) -> Iterator[list[Result]]:
        """The results of every chunk, in completion order, with at most a few tasks per
        worker thread submitted at a time."""
        from distributed import wait

        in_flight: dict[Any, Chunk] = {}
        limit, asked = 4, 0.0
        while self.chunks or in_flight:
            if time.monotonic() - asked > 5 and self.client.status == "running":
                # the cluster may grow or shrink (adaptive deployments): ask now and then,
                # never while the scheduler is unreachable (the call would wait for it)
                limit = max(4, TASKS_PER_THREAD * worker_threads(self.client))
                asked = time.monotonic()
            while self.chunks and len(in_flight) < limit:
                chunk = self.chunks.popleft()
                key = f"culturegov-convert-{chunk.index}-{os.urandom(4).hex()}"
                future = self.client.submit(convert_chunk, chunk, retries=retries, pure=False,
                                            key=key)
                in_flight[future] = chunk
            try:
                done, _ = wait(list(in_flight), timeout=2, return_when="FIRST_COMPLETED")
            except TimeoutError:
                self._check_scheduler()
                continue
            except CancelledError as exc:  # wait() raises when it finds a cancelled future
                if "connection-lost" in str(exc):
                    raise SchedulerLostError(LOST) from None
                done = {f for f in in_flight if f.status == "cancelled"}  # submitted again
            for future in done:
                if future.status not in ("finished", "error", "cancelled"):
                    continue  # its result was lost with a worker since: Dask computes it again
                chunk = in_flight.pop(future)
                results = self._collect(future, chunk)
                future.release()
                if results is not None:
                    yield results

    def _collect(self, future: Any, chunk: Chunk) -> list[Result] | None:
        if future.status == "finished":
            try:
                return future.result()
            except Exception:  # noqa: BLE001 — lost between done and fetched: run it again
                self.chunks.appendleft(chunk)
                return None
        if future.status == "cancelled":
            self._check_scheduler()
            self.chunks.appendleft(chunk)  # cancelled by someone else: submit it again
            return None
        error = future.exception()
        if len(chunk.files) > 1:  # narrow it down: only the file that kills workers is failed
            log.warning("task %s failed (%s): splitting it into single files", future.key, error)
            for index, item in reversed(list(enumerate(chunk.files))):
                self.chunks.appendleft(replace(chunk, index=chunk.index * 10_000 + index,
                                               files=(item,)))
            return None
        (file, digest), = chunk.files
        if type(error).__name__ == "KilledWorker" and file.rel not in self.second_chance:
            # on a worker of several threads, the files read beside the culprit die with it:
            # a file is blamed only when it kills workers again, alone in its task
            self.second_chance.add(file.rel)
            self.chunks.append(chunk)
            return None
        return [_crashed(file, digest, error)]

    def _check_scheduler(self) -> None:
        if self.client.status not in ("running", "connecting", "newly-created"):
            raise SchedulerLostError(LOST)


def _sha256_or_error(file: InputFile) -> str | OSError:
    try:
        return file_sha256(file.path)
    except OSError as exc:
        return exc


def _crashed(file: InputFile, digest: str, error: BaseException) -> Result:
    name = type(error).__name__
    if name == "KilledWorker":
        message = (f"{file.rel}: every worker that read this file died (a crash in a reader, or "
                   "out of memory): give the workers more memory, or leave the file out")
        return Result(file.rel, digest, ok=False, error="WorkerCrashedError", message=message)
    return Result(file.rel, digest, ok=False, error=name,
                  message=f"{file.rel}: the task failed on the cluster: {error}")
