"""An archive as Dask collections, for notebooks that already use Dask with pandas and Parquet.

    import culturegov as cg
    docs = cg.dask.read_archive("archive/**/*.txt")   # a dask bag of PolicyDocuments
    frames = cg.dask.to_frames(docs)                    # the six tables as dask DataFrames
    cg.dask.to_parquet(frames, "s3://bucket/tables")    # partitioned Parquet, parsed once

The frames have the columns and dtypes of cg.to_frames (export.frames.TABLES); a document's
id is its source, the path it was read from. Each partition is parsed once: compute the
tables together (to_parquet here, or dask.compute(*frames.values())) rather than one by one,
or persist() the bag first. Needs culturegov[dask].
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import MissingDependencyError

FILES_PER_PARTITION = 32


def _dask():
    try:
        import dask
        import dask.bag  # noqa: F401
        import dask.dataframe  # noqa: F401
    except ImportError:
        raise MissingDependencyError('culturegov.dask needs Dask; install it with: '
                                     'pip install "dask[dataframe]" distributed (in the '
                                     'culturegov checkout: pip install -e ".[dask]")') from None
    return dask


def archive_paths(paths_or_glob: str | os.PathLike | Iterable[str | os.PathLike]) -> list[str]:
    """The files a read_archive() argument names: a list of paths, a glob pattern (`**`
    allowed), or a directory (every input `culturegov convert` would read under it)."""
    if isinstance(paths_or_glob, (str, os.PathLike)):
        given = os.fspath(paths_or_glob)
        if os.path.isdir(given):
            return _directory_inputs(Path(given))
        if glob.has_magic(given):
            return sorted(p for p in glob.glob(given, recursive=True) if os.path.isfile(p))
        return [given]
    return [os.fspath(p) for p in paths_or_glob]


# The suffixes `culturegov convert` reads (batch.scan.INPUT_SUFFIXES; this room sits beside
# batch, not above it, so it keeps its own copy: tests/test_dask.py checks they agree).
INPUT_SUFFIXES = {".txt", ".docx", ".pdf", "", ".html", ".htm", ".shtml", ".xhtml", ".mht",
                  ".mhtml", ".ofd", ".doc", ".wps", ".rtf"}


def _directory_inputs(root: Path) -> list[str]:
    """Every non-hidden input file under `root`, sorted; symlinked folders not followed."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if (not name.startswith(".") and path.suffix.lower() in INPUT_SUFFIXES
                    and path.is_file()):
                found.append(str(path))
    return found


def read_archive(paths_or_glob: str | os.PathLike | Iterable[str | os.PathLike], *,
                 files_per_partition: int = FILES_PER_PARTITION):
    """A dask bag of the parsed documents, `files_per_partition` files a partition. A file
    that cannot be parsed raises when the bag is computed (filter the paths first, or use
    `culturegov convert`, which records failures and goes on)."""
    dask = _dask()
    paths = archive_paths(paths_or_glob)
    if not paths:
        raise FileNotFoundError(f"{paths_or_glob}: no documents found")
    return dask.bag.from_sequence(paths, partition_size=files_per_partition).map(_parse)


def _parse(path: str):
    from .api import parse

    return parse(path)


def to_frames(bag) -> dict[str, Any]:
    """The six tables of a bag of documents as dask DataFrames, one partition per bag
    partition, with exactly the columns and dtypes of cg.to_frames."""
    dask = _dask()
    from dask import delayed

    from .export.frames import TABLES, rows_to_frame

    rows = [delayed(_partition_rows)(part) for part in bag.to_delayed()]
    frames = {}
    for table in TABLES:
        parts = [delayed(rows_to_frame)(table, delayed(_pick)(r, table)) for r in rows]
        frames[table] = dask.dataframe.from_delayed(parts, meta=rows_to_frame(table, []),
                                                    verify_meta=False)
    return frames


def _partition_rows(docs: Iterable) -> dict[str, list[dict[str, Any]]]:
    """The table rows of one partition's documents (ids unique within the partition, as
    cg.to_frames makes them within its call)."""
    from .export.frames import TABLES, document_rows
    from .export.keys import DocumentIds

    ids = DocumentIds()
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc in docs:
        for name, rows in document_rows(doc, ids(doc)).items():
            collected[name] += rows
    return collected


def _pick(rows: dict[str, list[dict[str, Any]]], table: str) -> list[dict[str, Any]]:
    return rows[table]


def to_parquet(frames: dict[str, Any], path: str, **kwargs: Any) -> None:
    """Write every table as partitioned Parquet under PATH/<table>/ (a local path or an
    fsspec URL), computing the tables together so each document is parsed once."""
    dask = _dask()
    writes = [frame.to_parquet(f"{path.rstrip('/')}/{table}", compute=False, **kwargs)
              for table, frame in frames.items()]
    dask.compute(*writes)
