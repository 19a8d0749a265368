"""What runs on a Dask worker: one task converts a chunk of a few dozen files.

A task carries only paths, digests and where to write, never a document; it returns the
small per-file Results the client needs for the manifest (plus the JSON Lines line or the
table rows, which have one writer, the client). JSON outputs are written by the worker
itself, straight into OUT, or into a scratch directory and then uploaded when OUT is a URL.

This module imports neither dask nor distributed: a task is a plain function of plain data.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass

from .scan import InputFile
from .sinks import Format
from .workers import Job, Result, convert_one


@dataclass(frozen=True)
class Registry:
    """The --registry TOML, by content: every worker loads the same names, wherever it runs
    (the file itself need not be on the workers' disks)."""
    name: str
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @classmethod
    def read(cls, path: str | os.PathLike) -> Registry:
        with open(path, encoding="utf-8") as fh:
            return cls(os.path.basename(os.fspath(path)), fh.read())


@dataclass(frozen=True)
class Chunk:
    index: int
    files: tuple[tuple[InputFile, str], ...]  # (input, sha256)
    fmt: Format
    out: str  # a local/shared directory (resolved) or an fsspec URL
    remote: bool
    registry: Registry | None = None
    report: bool = False  # also write each document's review page (convert --report)


# the registry this worker process has loaded, by digest ("" = the built-in one)
_loaded_registry = ""


def use_registry(registry: Registry | None) -> None:
    """Load the run's registry into this worker once; later tasks of the run find it there."""
    global _loaded_registry
    wanted = registry.digest if registry else ""
    if wanted == _loaded_registry:
        return
    from ..agencies import load_registry

    if registry is None:
        load_registry()
    else:
        folder = tempfile.mkdtemp(prefix="culturegov-registry-")
        try:
            path = os.path.join(folder, registry.name or "registry.toml")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(registry.text)
            load_registry(extra=path)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    _loaded_registry = wanted


def convert_chunk(chunk: Chunk) -> list[Result]:
    """Convert the files of one chunk. A file that fails is a Result, never an exception; a
    file that kills the process kills the task, and the client narrows it down."""
    use_registry(chunk.registry)
    if not chunk.remote:
        return [convert_one(Job(file, digest, chunk.fmt, chunk.out, chunk.report))
                for file, digest in chunk.files]
    scratch = tempfile.mkdtemp(prefix="culturegov-chunk-")
    try:
        results = [convert_one(Job(file, digest, chunk.fmt, scratch, chunk.report))
                   for file, digest in chunk.files]
        _upload(scratch, chunk.out, [written for r in results if r.ok
                                     for written in (r.output, r.report) if written])
        return results
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _upload(scratch: str, url: str, outputs: list[str]) -> None:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    for output in outputs:
        target = f"{root}/{output}"
        fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        # put() of a whole file: object stores make it appear at once or not at all
        fs.put(os.path.join(scratch, output), target)
