"""The worker: one input file parsed and written, in a pool of processes that survives a
worker killed by a bad file."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from pathlib import Path

from ..errors import CulturegovError
from .scan import InputFile, safe_output_path
from .sinks import Format


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
            write_atomic(target, to_json(doc) + "\n")
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


def write_atomic(target: Path, text: str) -> None:
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


def results(jobs: Iterable[Job], workers: int) -> Iterator[Result]:
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

