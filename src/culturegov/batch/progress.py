"""Progress of a running batch on stderr: a rich bar on a terminal, a line every few seconds
in logs and pipes."""
from __future__ import annotations

import sys
import time


class PlainReporter:
    """A line on stderr every few seconds: for logs, pipes and CI."""

    def __init__(self, interval: float = 5.0):
        self.interval = interval
        self.started = time.monotonic()
        self.last = 0.0

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done != total and now - self.last < self.interval:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        eta = (total - done) / rate if rate else 0.0
        sys.stderr.write(f"culturegov convert: {done}/{total} files, {rate:.1f} files/s, "
                         f"ETA {_clock(eta)}\n")

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

        self.progress = Progress(
            TextColumn("converting"), BarColumn(), MofNCompleteColumn(), RateColumn(),
            TextColumn("ETA"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=False)
        self.task = None

    def update(self, done: int, total: int) -> None:
        if self.task is None:
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
