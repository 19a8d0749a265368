"""The progress lines of `convert`, on a fake clock: no ETA until the rate has settled, then
one that follows the rate of the files after the first (not the workers' start-up)."""
from __future__ import annotations

import re

import pytest

from culturegov.batch import progress
from culturegov.batch.progress import PlainReporter, eta_seconds


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _eta(line: str) -> int | None:
    found = re.search(r"ETA (\d+):(\d\d):(\d\d)", line)
    if not found:
        return None
    h, m, s = map(int, found.groups())
    return h * 3600 + m * 60 + s


def test_first_lines_show_no_eta_then_the_settled_rate(capsys):
    clock = FakeClock()
    reporter = PlainReporter(interval=0, clock=clock)
    # the first file pays 8 s of start-up: a rate from it would promise 100 files × 8 s
    clock.now += 8.0
    reporter.update(1, 100)
    first = capsys.readouterr().err
    assert first.startswith("culturegov convert: 1/100 files, 0.1 files/s")
    assert "ETA" not in first

    clock.now += 0.2
    reporter.update(2, 100)
    assert "ETA" not in capsys.readouterr().err  # one file after the first says too little

    for done in (3, 4):  # then 0.2 s a file
        clock.now += 0.2
        reporter.update(done, 100)
    line = capsys.readouterr().err.splitlines()[-1]
    assert line.startswith("culturegov convert: 4/100 files")
    # 3 files in 0.6 s since the first: 96 left take 19.2 s, not 96 × 2.2 s
    assert _eta(line) == 19


def test_a_slow_run_gets_its_eta_after_the_settling_seconds(capsys):
    clock = FakeClock()
    reporter = PlainReporter(interval=0, clock=clock)
    clock.now += 1
    reporter.update(1, 10)
    clock.now += progress.SETTLE_SECONDS / 2
    reporter.update(2, 10)
    assert "ETA" not in capsys.readouterr().err
    clock.now += progress.SETTLE_SECONDS / 2
    reporter.update(2, 10)  # one file in SETTLE_SECONDS: 8 left at that rate
    assert _eta(capsys.readouterr().err) == pytest.approx(8 * progress.SETTLE_SECONDS, abs=1)


def test_lines_come_every_interval_and_the_last_always(capsys):
    clock = FakeClock()
    reporter = PlainReporter(interval=5, clock=clock)
    for done in range(1, 11):
        clock.now += 1
        reporter.update(done, 10)
    lines = capsys.readouterr().err.splitlines()
    # at 1 s (the first), 6 s (5 after) and the last file
    assert [line.split()[2] for line in lines] == ["1/10", "6/10", "10/10"]
    assert _eta(lines[1]) == 4 and "ETA" not in lines[2]


def test_eta_needs_progress_since_the_first_file():
    assert eta_seconds(5, 10, (0.0, 5), 100.0) is None
    assert eta_seconds(5, 10, (0.0, 1), 0.0) is None
    assert eta_seconds(1 + progress.SETTLE_FILES, 10, (0.0, 1), 2.0) == pytest.approx(
        (10 - 1 - progress.SETTLE_FILES) * 2.0 / progress.SETTLE_FILES)


def test_rich_bar_shows_no_eta_before_the_rate_settles():
    pytest.importorskip("rich")
    from culturegov.batch.progress import RichReporter

    reporter = RichReporter()
    try:
        reporter.update(1, 100)
        eta_column = reporter.progress.columns[-1]
        task = reporter.progress.tasks[0]
        assert eta_column.render(task).plain == "ETA –"
        reporter.first = (reporter.first[0] - progress.SETTLE_SECONDS, 1)  # as if 10 s ago
        reporter.update(2, 100)
        assert re.fullmatch(r"ETA (\d+:\d\d:\d\d|-:--:--)", eta_column.render(task).plain)
    finally:
        reporter.close()
