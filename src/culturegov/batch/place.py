"""Where a cluster run writes: OUT as a local (or shared) directory, or an fsspec URL.

The per-document outputs (--format json) are written by the workers straight into OUT. The
single-file outputs — manifest.json, errors.jsonl, documents.jsonl, the Parquet tables —
have one writer, the client: for a local OUT it writes them in place with the code of the
local run; for a URL (s3://bucket/out, gcs://…) it builds them in a local staging
directory, fetched from OUT at the start (so a re-run carries over what is up to date) and
uploaded at the end.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from .manifest import MANIFEST
from .sinks import format_outputs

log = logging.getLogger(__name__)


def is_url(out: str) -> bool:
    """True for an fsspec URL other than a plain local path (file:// counts as local)."""
    return "://" in out and not out.startswith("file://")


def local_path(out: str) -> Path:
    return Path(out[len("file://"):] if out.startswith("file://") else out)


class OutputPlace:
    """OUT for one run: `staging` is the local directory the client writes its files in."""

    def __init__(self, out: str):
        self.url = out
        self.remote = is_url(out)
        if not self.remote:
            self.staging = local_path(out)
            self.fs = self.root = None
            return
        from ..errors import MissingDependencyError

        try:
            import fsspec

            self.fs, self.root = fsspec.core.url_to_fs(out)
        except ImportError as exc:  # s3fs, gcsfs … not installed
            raise MissingDependencyError(
                f"{out}: writing there needs the filesystem package for this URL ({exc}); "
                "install it (pip install s3fs, gcsfs, adlfs …) or use a shared path") from None
        self.staging = Path(tempfile.mkdtemp(prefix="culturegov-out-"))

    def fetch_previous(self, names: list[str]) -> None:
        """Copy the previous run's single files (manifest, jsonl, tables) into staging."""
        if not self.remote:
            return
        for name in [MANIFEST, *names]:
            remote = f"{self.root}/{name}"
            if self.fs.exists(remote):
                self.fs.get(remote, str(self.staging / name))

    def publish(self, names: list[str]) -> None:
        """Upload the single files the client wrote (the manifest last: it vouches for the rest)."""
        if not self.remote:
            return
        for name in [*names, MANIFEST]:
            local = self.staging / name
            if local.exists():
                self.fs.put(str(local), f"{self.root}/{name}")

    def existing_outputs(self) -> set[str]:
        """The files under a URL OUT, relative to it: one listing, not a request per file."""
        prefix = self.root.rstrip("/") + "/"
        return {path[len(prefix):] for path in self.fs.find(self.root) if path.startswith(prefix)}

    def remove_outputs(self, outputs: list[str]) -> None:
        """Delete outputs of inputs that are gone, or of a replaced --format (remote OUT
        only: a local OUT is cleaned by manifest.remove_outputs)."""
        for output in outputs:
            target = f"{self.root}/{output}"
            if self.fs.exists(target):
                self.fs.rm(target)

    def close(self) -> None:
        if self.remote:
            shutil.rmtree(self.staging, ignore_errors=True)


def single_files(fmt: str) -> list[str]:
    """The files of OUT a previous run of this format wrote and a re-run carries over."""
    return format_outputs(fmt, {})  # json: none, its files are one per document
