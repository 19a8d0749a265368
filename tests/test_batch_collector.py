"""The batch child converts each file with the cyclic collector paused until the document
is dropped, then turns it back on: the output is that of a plain conversion, and the
collector is on between files, so the few cyclic objects a file leaves are still freed."""
from __future__ import annotations

import gc
import json
from pathlib import Path

from culturegov.batch import children
from culturegov.batch.scan import InputFile
from culturegov.batch.workers import Job, convert_one
from conftest import SAMPLES


def _job(path: Path, out: Path) -> Job:
    return Job(InputFile(path.name, str(path)), sha256="", fmt="json", out=str(out))


def test_a_file_converts_alike_with_the_collector_paused(tmp_path, monkeypatch):
    sample = next(p for p in sorted(SAMPLES.iterdir()) if p.suffix == ".txt")
    plain_out, paused_out = tmp_path / "plain", tmp_path / "paused"
    plain_out.mkdir(), paused_out.mkdir()
    plain = convert_one(_job(sample, plain_out))
    seen = []

    def watched(job):
        seen.append(gc.isenabled())
        return convert_one(job)

    monkeypatch.setattr(children, "convert_one", watched)
    assert gc.isenabled()
    paused = children._convert_collector_paused(_job(sample, paused_out))
    assert seen == [False]  # paused while the file was converted
    assert gc.isenabled()  # and on again after it
    assert paused.ok and plain.ok and paused.duties == plain.duties
    assert json.loads((paused_out / paused.output).read_text(encoding="utf-8")) == json.loads(
        (plain_out / plain.output).read_text(encoding="utf-8"))


def test_the_collector_stays_off_when_it_was_off(tmp_path, monkeypatch):
    monkeypatch.setattr(children, "convert_one", lambda job: None)
    gc.disable()
    try:
        children._convert_collector_paused(None)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failing_file_turns_the_collector_back_on(monkeypatch):
    def broken(job):
        raise RuntimeError("boom")

    monkeypatch.setattr(children, "convert_one", broken)
    try:
        children._convert_collector_paused(None)
    except RuntimeError:
        pass
    assert gc.isenabled()
