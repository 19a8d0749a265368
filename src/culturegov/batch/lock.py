"""One `convert` at a time per OUT: a second run into the same OUT would interleave its
outputs with the first's and leave a manifest whose hashes disagree with the data."""
from __future__ import annotations

import os
from pathlib import Path

from ..errors import CulturegovError

LOCK = ".culturegov.lock"


class OutputLockedError(CulturegovError):
    """Another `culturegov convert` is writing into the same OUT."""


class OutputLock:
    """An advisory lock (flock) on OUT/.culturegov.lock, held for the whole run and released
    by the kernel if the process dies, so a killed run never leaves OUT locked."""

    def __init__(self, out: Path):
        self.path = out / LOCK
        self.fh = None

    def __enter__(self) -> OutputLock:
        self.fh = open(self.path, "a+", encoding="utf-8")  # OSError: OUT not writable
        try:
            import fcntl
        except ImportError:  # Windows: no flock; one run at a time is then the user's care
            return self
        try:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.seek(0)
            holder = self.fh.read().strip() or "unknown"
            self.fh.close()
            raise OutputLockedError(
                f"another culturegov convert (pid {holder}) is writing into this output "
                "directory; wait for it to finish or choose another OUT",
                path=str(self.path.parent)) from None
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(str(os.getpid()))
        self.fh.flush()
        return self

    def __exit__(self, *exc) -> None:
        if self.fh is not None:
            self.fh.close()  # closing releases the flock
