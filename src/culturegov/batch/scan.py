"""The inputs of a batch: every document file under DIR, and where its output may go."""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import CulturegovError

# Every form a reader exists for (the form itself is sniffed from the content); files with
# other suffixes are listed as skipped, with the reason.
INPUT_SUFFIXES = {".txt", ".docx", ".pdf", "", ".html", ".htm", ".shtml", ".xhtml", ".mht",
                  ".mhtml", ".ofd", ".doc", ".wps", ".rtf"}


class UnsafeOutputError(CulturegovError):
    """An output path would land outside OUT (a symlink planted inside OUT)."""


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


def file_sha256(path: str) -> str:
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

