"""`culturegov convert` against an unlucky archive and a hostile one (issue 17): a budget per
file enforced in a child process, and an account of every input."""
from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from culturegov import batch
from culturegov.batch.lock import OutputLock
from culturegov.cli import main
from conftest import SAMPLES

import hostile

SEED = SAMPLES / "000_7f7948de658d7fdd.txt"
PHRASE = "协调制定公共文化服务体系建设重大规划法规政策"

needs_fork = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="the patched code reaches the workers only when they are forked")
linux = pytest.mark.skipif(sys.platform != "linux", reason="Linux process facilities")


def _errors(out: Path) -> dict[str, dict]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {rec["path"]: rec for rec in map(json.loads, lines)}


def _manifest(out: Path) -> dict[str, dict]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]


def _adds_up(s: batch.BatchSummary, seen: int) -> None:
    assert s.total == seen == s.converted + s.unchanged + s.failed + s.skipped, s


def _src(tmp_path: Path, *names: str) -> Path:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(SEED, src / name)
    return src


# ---------------------------------------------------------------- the budget per file

@pytest.fixture()
def watchdog():
    """A budget that fails to stop a runaway file must fail the test, not hang the suite."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):
        raise TimeoutError("the batch did not stop the runaway file within 60 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@needs_fork
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pdf_that_loops_forever_is_stopped_and_remembered(tmp_path, monkeypatch, jobs,
                                                            watchdog):
    """The content-cycle PDF with the reader's cycle guard switched off: only the worker's
    time budget stands between it and a batch that never ends. --jobs 1 too."""
    import culturegov.readers.guards as guards

    monkeypatch.setattr(guards, "check_pdf", lambda doc, path: None)
    import culturegov.readers.pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "check_pdf", lambda doc, path: None)
    src = _src(tmp_path, "a.txt", "b.txt")
    (src / "cycle.pdf").write_bytes(hostile.content_cycle_pdf())
    out = tmp_path / "out"
    started = time.monotonic()
    summary = batch.convert_directory(src, out, jobs=jobs, timeout=2)
    assert time.monotonic() - started < 20
    assert summary.converted == 2 and summary.failed == 1
    _adds_up(summary, 3)
    record = _errors(out)["cycle.pdf"]
    assert record["error"] == "BudgetExceededError" and "2 s" in record["message"]
    assert record["message"].startswith("cycle.pdf:")

    # remembered by sha256 + version + budget: not retried with the same budget ...
    again = batch.convert_directory(src, out, jobs=jobs, timeout=2)
    assert (again.converted, again.unchanged, again.failed) == (0, 2, 1)
    assert time.monotonic() - started < 30
    # ... but retried when the budget grows (here it fails again, after 3 s)
    more = batch.convert_directory(src, out, jobs=jobs, timeout=3)
    assert more.failed == 1 and "3 s" in _errors(out)["cycle.pdf"]["message"]
    assert _manifest(out)["cycle.pdf"]["budget"][0] == 3


@needs_fork
@linux
def test_a_pdf_of_nested_forms_is_stopped_when_the_draw_guard_is_off(tmp_path, watchdog):
    """The 10 x 10 form bomb with max_pdf_draws out of the way: the worker runs away and the
    budget (here 3 s, 1 GiB) stops it; the good file beside it is converted."""
    from culturegov.limits import get_limits, set_limits

    before = get_limits()
    set_limits(max_pdf_draws=10**12)
    try:
        src = _src(tmp_path, "good.txt")
        (src / "forms.pdf").write_bytes(hostile.nested_forms_pdf(10, 10))
        summary = batch.convert_directory(src, tmp_path / "out", jobs=1, timeout=3,
                                          max_memory=1024 * 2**20)
    finally:
        set_limits(**vars(before))
    assert summary.converted == 1 and summary.failed == 1
    assert _errors(tmp_path / "out")["forms.pdf"]["error"] == "BudgetExceededError"


@needs_fork
@linux
def test_memory_budget_turns_a_runaway_allocation_into_a_recorded_failure(tmp_path, monkeypatch,
                                                                         watchdog):
    import culturegov.api

    real_parse = culturegov.api.parse

    def parse(data, name=None, **kw):
        if name == "greedy.txt":
            hog = bytearray(8 * 2**30)  # far over the 256 MB budget below
            return hog
        return real_parse(data, name=name, **kw)

    monkeypatch.setattr(culturegov.api, "parse", parse)
    src = _src(tmp_path, "a.txt", "b.txt", "greedy.txt")
    summary = batch.convert_directory(src, tmp_path / "out", jobs=1, max_memory=256 * 2**20)
    assert summary.converted == 2 and summary.failed == 1
    record = _errors(tmp_path / "out")["greedy.txt"]
    assert record["error"] == "BudgetExceededError" and "--max-memory" in record["message"]
    assert _manifest(tmp_path / "out")["greedy.txt"]["deterministic"] is True


@linux
def test_workers_die_with_their_parent(tmp_path):
    """kill -9 of `convert` leaves no worker reading on: they get SIGKILL with it."""
    src = _src(tmp_path)
    (src / "slow.txt").write_text("x", encoding="utf-8")
    script = f"""
import time, culturegov.api
culturegov.api.parse = lambda data, name=None: time.sleep(600)
from culturegov import batch
batch.convert_directory({str(src)!r}, {str(tmp_path / 'out')!r}, jobs=1, timeout=0)
"""
    parent = subprocess.Popen([sys.executable, "-c", script], env={**os.environ})
    try:
        children: list[int] = []
        deadline = time.monotonic() + 30
        while not children and time.monotonic() < deadline:
            time.sleep(0.2)
            path = Path(f"/proc/{parent.pid}/task/{parent.pid}/children")
            children = [int(pid) for pid in path.read_text().split()] if path.exists() else []
        assert children, "the worker never started"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in children), "a worker outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (OSError, IndexError):
        return False
    return state != "Z"


# ---------------------------------------------------------------- accounting for every input

@pytest.mark.skipif(sys.platform != "linux", reason="needs byte file names (Linux)")
def test_names_that_are_not_utf8_are_read_and_written_as_utf8(tmp_path):
    src = _src(tmp_path)
    gbk = "公共文化.txt".encode("gbk")
    nonsense = b"\xff\xfe\x80.txt"  # neither UTF-8 nor GB18030
    for raw in (gbk, nonsense):
        shutil.copy(SEED, os.path.join(os.fsencode(src), raw))
    out = tmp_path / "out"
    summary = batch.convert_directory(src, out, jobs=1)
    assert summary.converted == 2 and summary.failed == 0
    files = _manifest(out)
    assert set(files) == {"公共文化.txt", "\\xff\\xfe\\x80.txt"}
    doc = json.loads((out / "公共文化.txt.json").read_text(encoding="utf-8"))
    assert doc["source"] == "公共文化.txt" and PHRASE in doc["text"]
    assert (out / "\\xff\\xfe\\x80.txt.json").is_file()
    # every name OUT holds is valid UTF-8
    for path in out.rglob("*"):
        os.fsencode(path.name).decode("utf-8")
    assert batch.convert_directory(src, out, jobs=1).unchanged == 2


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_is_recorded_and_the_scan_goes_on(tmp_path, capsys):
    src = _src(tmp_path, "good.txt")
    (src / "a.txt").symlink_to(src / "b.txt")
    (src / "b.txt").symlink_to(src / "a.txt")
    out = tmp_path / "out"
    assert main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 0
    errors = _errors(out)
    assert errors["a.txt"]["skipped"] and "symlink loop" in errors["a.txt"]["message"]
    assert "b.txt" in errors and (out / "good.txt.json").is_file()
    summary = capsys.readouterr().err
    assert "skipped: 2" in summary and "  a.txt: symlink loop" in summary


def test_unreadable_folder_is_recorded_and_the_scan_goes_on(tmp_path, monkeypatch):
    src = _src(tmp_path, "good.txt")
    (src / "locked").mkdir()
    shutil.copy(SEED, src / "locked" / "hidden_from_us.txt")
    real_scandir = os.scandir

    def scandir(path="."):  # what os.walk meets in a folder without read permission
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    summary = batch.convert_directory(src, tmp_path / "out", jobs=1)
    assert summary.converted == 1 and summary.skipped == 1
    _adds_up(summary, 2)
    assert summary.skipped_files == [{"path": "locked", "reason": "folder cannot be read "
                                      "(Permission denied); its files are not converted"}]


def test_a_second_run_into_the_same_out_refuses(tmp_path, capsys):
    src = _src(tmp_path, "a.txt")
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out):
        assert main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 2
        assert "another culturegov convert" in capsys.readouterr().err
        assert not (out / "a.txt.json").exists()
    assert main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 0  # released
    assert (out / "a.txt.json").is_file()


def test_manifest_records_the_bytes_parsed_and_a_vanished_input_is_retried(tmp_path):
    """With --jobs 1 the next file is handed out only after the progress callback: the
    callback edits b.txt and deletes c.txt between the scan and their turn."""
    src = _src(tmp_path, "a.txt", "b.txt", "c.txt")
    edited = "区文广局\n1. 负责新增的图书馆总分馆建设。\n"

    def meddle(done: int, total: int) -> None:
        if done == 1:
            (src / "b.txt").write_text(edited, encoding="utf-8")
            (src / "c.txt").unlink()

    out = tmp_path / "out"
    first = batch.convert_directory(src, out, jobs=1, progress=meddle)
    _adds_up(first, 3)
    assert (first.converted, first.skipped) == (2, 1)
    assert "vanished" in _errors(out)["c.txt"]["message"]
    files = _manifest(out)
    assert files["b.txt"]["sha256"] == hashlib.sha256(edited.encode()).hexdigest()
    assert "图书馆总分馆" in (out / "b.txt.json").read_text(encoding="utf-8")
    assert "c.txt" not in files  # not a verdict on anything: tried next run

    shutil.copy(SEED, src / "c.txt")
    second = batch.convert_directory(src, out, jobs=1)
    assert (second.converted, second.unchanged, second.skipped) == (1, 2, 0)


def test_long_names_are_shortened_with_a_stable_hash(tmp_path):
    name = "关于印发公共文化服务体系建设成员单位职责分工的通知" * 3 + ".txt"  # 229 bytes
    assert 200 < len(name.encode()) < 255
    src = _src(tmp_path, name)
    out = tmp_path / "out"
    first = batch.convert_directory(src, out, jobs=1)
    assert first.converted == 1 and first.failed == 0
    written = _manifest(out)[name]["output"]
    assert len(written.encode()) <= 200 and "~" in written
    assert json.loads((out / written).read_text(encoding="utf-8"))["source"] == name
    again = batch.convert_directory(src, out, jobs=1, force=True)
    assert again.converted == 1 and _manifest(out)[name]["output"] == written
    assert [p.name for p in out.glob("*.json") if p.name != "manifest.json"] == [written]


def test_an_input_named_manifest_does_not_overwrite_the_manifest(tmp_path):
    src = _src(tmp_path, "manifest", "a.txt")
    out = tmp_path / "out"
    first = batch.convert_directory(src, out, jobs=1)
    assert first.converted == 2
    files = _manifest(out)  # still the manifest, and it lists the input called manifest
    written = files["manifest"]["output"]
    assert written.startswith("manifest~") and written.endswith(".json")
    assert PHRASE in (out / written).read_text(encoding="utf-8")
    assert batch.convert_directory(src, out, jobs=1).unchanged == 2


@needs_fork
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_full_or_read_only_out_stops_with_a_clear_error_and_saves_the_manifest(
        tmp_path, monkeypatch, capsys, code):
    import culturegov.batch.workers as workers

    real_write = workers.write_atomic

    def write_atomic(target, text):
        if target.name.startswith("c"):
            raise OSError(code, os.strerror(code))
        return real_write(target, text)

    monkeypatch.setattr(workers, "write_atomic", write_atomic)
    src = _src(tmp_path, "a.txt", "b.txt", "c.txt", "d.txt")
    out = tmp_path / "out"
    assert main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 2
    message = capsys.readouterr().err
    assert os.strerror(code) in message and "run the same command again" in message
    assert "Traceback" not in message
    assert set(_manifest(out)) == {"a.txt", "b.txt"}  # what was written, saved
    monkeypatch.setattr(workers, "write_atomic", real_write)
    resumed = batch.convert_directory(src, out, jobs=1)
    assert (resumed.converted, resumed.unchanged) == (2, 2)


def test_error_paths_are_relative_to_dir_and_counts_add_up(tmp_path):
    src = _src(tmp_path, "a.txt")
    (src / "sub").mkdir()
    (src / "sub" / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (src / "sub" / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    summary = batch.convert_directory(src, out, jobs=2)
    _adds_up(summary, 3)
    errors = _errors(out)
    assert set(errors) == {"sub/broken.pdf", "sub/empty.txt"}
    for record in errors.values():
        assert record["message"].startswith(record["path"] + ":")
        assert str(tmp_path) not in record["message"]
