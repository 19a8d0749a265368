"""Progress of a running batch on stderr: a rich bar on a terminal, a line every few seconds
in logs and pipes."""
from __future__ import annotations

import sys
import time
from collections.abc import Callable

# The first files of a run also pay for starting the workers (spawning, imports): a rate
# taken from them promises minutes for a run of seconds. The ETA waits for this many files
# after the first, or this many seconds with at least one, and shows nothing before.
SETTLE_FILES = 3
SETTLE_SECONDS = 10.0


def eta_seconds(done: int, total: int, first: tuple[float, int], now: float) -> float | None:
    """Seconds left, from the rate since the first file was done (`first`: its time and
    count), or None while that rate says too little yet."""
    first_time, first_done = first
    since, elapsed = done - first_done, now - first_time
    if since <= 0 or elapsed <= 0 or (since < SETTLE_FILES and elapsed < SETTLE_SECONDS):
        return None
    return (total - done) * elapsed / since


class PlainReporter:
    """A line on stderr every few seconds: for logs, pipes and CI."""

    def __init__(self, interval: float = 5.0, clock: Callable[[], float] = time.monotonic):
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.last: float | None = None
        self.first: tuple[float, int] | None = None  # (time, done) of the first update

    def update(self, done: int, total: int) -> None:
        now = self.clock()
        if self.first is None:
            self.first = (now, done)
        if done != total and self.last is not None and now - self.last < self.interval:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        line = f"culturegov convert: {done}/{total} files, {done / elapsed:.1f} files/s"
        eta = eta_seconds(done, total, self.first, now) if done < total else None
        if eta is not None:
            line += f", ETA {_clock(eta)}"
        sys.stderr.write(line + "\n")

    def close(self) -> None:
        pass


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class RichReporter:
    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn,
                                   TextColumn, TimeRemainingColumn)
        from rich.text import Text

        class RateColumn(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.1f} files/s" if speed else "– files/s")

        reporter = self

        class EtaColumn(TimeRemainingColumn):
            """rich's estimate, once the rate has settled (see eta_seconds)."""

            def render(self, task) -> Text:
                first = reporter.first
                if first is None or eta_seconds(int(task.completed), int(task.total or 0),
                                                first, time.monotonic()) is None:
                    return Text("ETA –")
                return Text("ETA ") + super().render(task)

        self.first: tuple[float, int] | None = None
        self.progress = Progress(
            TextColumn("converting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
            EtaColumn(),
            console=Console(stderr=True), transient=False)
        self.task = None

    def update(self, done: int, total: int) -> None:
        if self.task is None:
            self.first = (time.monotonic(), done)
            self.progress.start()
            self.task = self.progress.add_task("convert", total=total)
        self.progress.update(self.task, completed=done)

    def close(self) -> None:
        if self.task is not None:
            self.progress.stop()


def make_reporter() -> PlainReporter | RichReporter:
    if sys.stderr.isatty():
        try:
            return RichReporter()
        except ImportError:
            pass
    return PlainReporter()
