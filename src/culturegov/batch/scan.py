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
    /etc/passwd or another user's files. A symlink loop or a folder that cannot be listed
    is recorded as skipped, never the end of the scan. A name that is not UTF-8 (GBK bytes
    from a Windows zip) gets a readable UTF-8 id; the file is still read by its real name.
    """
    root_real, out_real = root.resolve(), out.resolve()
    files: list[InputFile] = []
    skipped: list[Skipped] = []
    names = _Names()

    def unlistable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        skipped.append(Skipped(names.rel(where, root),
                               f"folder cannot be read ({exc.strerror}); its files are not converted"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable):
        here = Path(dirpath)
        keep = []
        for name in sorted(dirnames):
            full = here / name
            if name.startswith("."):
                continue
            if full.is_symlink():
                skipped.append(Skipped(names.rel(full, root), "symlinked directory, not followed"))
                continue
            if full.resolve() == out_real:
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            full = here / name
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() not in INPUT_SUFFIXES:
                skipped.append(Skipped(names.rel(full, root), f"{Path(name).suffix} is not a "
                                       "document form culturegov reads"))
                continue
            if full.is_symlink():
                try:
                    real = full.resolve(strict=True)
                except FileNotFoundError:
                    skipped.append(Skipped(names.rel(full, root), "symlink to a missing file"))
                    continue
                except (OSError, RuntimeError):  # ELOOP; RuntimeError before Python 3.13
                    skipped.append(Skipped(names.rel(full, root), "symlink loop"))
                    continue
                if not real.is_relative_to(root_real):
                    skipped.append(Skipped(names.rel(full, root), "symlink points outside DIR"))
                    continue
                if not real.is_file():
                    skipped.append(Skipped(names.rel(full, root), "symlink to a non-file"))
                    continue
            elif not full.is_file():  # fifos, sockets, devices
                continue
            files.append(InputFile(names.rel(full, root), str(full.absolute())))
    return files, skipped


class _Names:
    """Document ids: POSIX paths relative to DIR, always valid UTF-8, never two alike."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def rel(self, path: Path, root: Path) -> str:
        raw = os.fsencode(path.relative_to(root).as_posix())
        rel = readable_name(raw)
        if rel in self.seen:  # a decoded GBK name that spells an existing UTF-8 one
            rel = f"{rel}~{hashlib.sha256(raw).hexdigest()[:12]}"
        self.seen.add(rel)
        return rel


def readable_name(raw: bytes) -> str:
    """A file name's bytes as text: UTF-8, else GB18030 (the GBK names of archives unpacked
    from Windows zips), else UTF-8 with the odd bytes escaped (\\xNN)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Files OUT holds besides the mirrored outputs; an input whose output would take one of these
# names (an input called `manifest`) gets a hashed name instead.
RESERVED_OUTPUTS = frozenset({"manifest.json", "errors.jsonl", "documents.jsonl"})
# Most file systems allow 255 bytes per name; the temporary name of an atomic write adds ~30.
MAX_NAME_BYTES = 200


def output_name(rel: str) -> str:
    """OUT-relative path of <rel>.json: the last name shortened with a stable hash when it is
    too long for the file system, or renamed when it would be one of OUT's own files."""
    parent, _, name = rel.rpartition("/")
    name += ".json"
    if len(os.fsencode(name)) > MAX_NAME_BYTES or (not parent and name in RESERVED_OUTPUTS):
        stem = name[:-len(".json")]
        while len(stem.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES - 40:
            stem = stem[:-1]
        name = f"{stem}~{hashlib.sha256(rel.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}.json"
    return f"{parent}/{name}" if parent else name


def safe_output_path(out_real: Path, rel: str) -> Path:
    """OUT/<rel>.json (see output_name), refusing any path that resolves outside OUT."""
    target = out_real / output_name(rel)
    if not target.resolve().is_relative_to(out_real):
        raise UnsafeOutputError("output would be written outside OUT (a symlink inside OUT?); "
                                "remove the link or choose another OUT", path=rel)
    return target
