"""The work on one input file: read, parse, write its output. Never raises: every outcome is
a Result. Where it runs (a budgeted child process) is batch.children's business."""
from __future__ import annotations

import errno
import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    vanished: bool = False  # the input was gone when its turn came: not a verdict, retried
    fatal: bool = False  # OUT cannot be written (full, read-only): the batch must stop
    budget: tuple[float | None, int | None] | None = None  # the budget a BudgetExceeded broke


# Output errors that no later file escapes: a full disk, a quota, a read-only OUT.
OUTPUT_FATAL = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM}


def convert_one(job: Job) -> Result:
    """Parse one file and write or return its output. Never raises: a failure is a Result.

    The file is read once, here: the sha256 recorded is that of the bytes parsed (the file
    may change between the scan and now), and every message names the file by its path
    relative to DIR, never by this machine's absolute path."""
    from ..api import parse

    rel = job.file.rel
    try:
        with open(job.file.path, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return Result(rel, job.sha256, ok=False, error="VanishedInput", vanished=True,
                      message=f"{rel}: vanished during the run; it is tried again next run")
    except OSError as exc:
        return Result(rel, job.sha256, ok=False, error=type(exc).__name__,
                      message=f"{rel}: cannot be read ({exc.strerror})")
    digest = hashlib.sha256(data).hexdigest()
    try:
        doc = parse(data, name=rel)
        del data
        doc.source = rel  # the archive-relative path, not this machine's absolute one
        result = Result(rel, digest, ok=True, duties=len(doc.duties), tasks=len(doc.tasks))
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
        return Result(rel, digest, ok=False, error=type(exc).__name__,
                      message=str(exc), deterministic=True)
    except MemoryError:
        # Under the worker's memory budget (RLIMIT_AS) this is a verdict on the bytes too:
        # remembered, and retried only with a larger budget.
        return Result(rel, digest, ok=False, error="BudgetExceededError", deterministic=True,
                      message=f"{rel}: needed more memory than the budget per file; if the "
                              "file is genuine, raise it with --max-memory")
    except OSError as exc:
        # OUT full or read-only: no later file can be written either; the batch stops.
        fatal = exc.errno in OUTPUT_FATAL
        return Result(rel, digest, ok=False, error=type(exc).__name__, fatal=fatal,
                      message=f"{rel}: cannot be written ({exc.strerror or exc})")
    except Exception as exc:  # noqa: BLE001 — one bad file must never stop the archive
        return Result(rel, digest, ok=False, error=type(exc).__name__,
                      message=f"{rel}: {exc or repr(exc)}")


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


