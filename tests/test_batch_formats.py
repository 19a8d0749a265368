"""Switching `--format` for the same OUT: the previous format's files go, the manifest says
which format OUT holds, and an interrupted switch is finished by the next run."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from culturegov import batch
from culturegov.cli import main
from culturegov.export.frames import TABLES
from culturegov.models import PolicyDocument
from conftest import SAMPLES

NAMES = ["000_7f7948de658d7fdd.txt", "003_5a35171835c4a9ae.txt", "004_b2cb0c3ae92596bc.txt"]
PARQUET = sorted(f"{table}.parquet" for table in TABLES)


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    (root / "sub").mkdir(parents=True)
    for name in NAMES[:2]:
        shutil.copy(SAMPLES / name, root / name)
    shutil.copy(SAMPLES / NAMES[2], root / "sub" / NAMES[2])
    return root


def _manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _json_outputs(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json")
                  if p.name != "manifest.json")


def _outputs(out: Path) -> set[str]:
    """Every file in OUT but the hidden lock file."""
    return {p.relative_to(out).as_posix() for p in out.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def test_json_then_jsonl_then_parquet_then_json_leaves_only_the_last_format(archive, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "mine.json").write_text("{}", encoding="utf-8")  # not ours: stays
    (out / "extra.parquet").write_text("not a table of ours", encoding="utf-8")

    first = batch.convert_directory(archive, out, fmt="json", jobs=1)
    assert first.converted == 3
    assert _json_outputs(out) == sorted([f"{NAMES[0]}.json", f"{NAMES[1]}.json",
                                         f"sub/{NAMES[2]}.json", "notes/mine.json"])
    assert _manifest(out)["format"] == "json"

    second = batch.convert_directory(archive, out, fmt="jsonl", jobs=1)
    assert second.converted == 3 and second.unchanged == 0  # nothing of the json run reused
    assert _json_outputs(out) == ["notes/mine.json"]  # every document's .json is gone
    assert not (out / "sub").exists() or not any((out / "sub").iterdir())
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    sources = sorted(PolicyDocument.model_validate_json(line).source for line in lines)
    assert sources == sorted([NAMES[0], NAMES[1], f"sub/{NAMES[2]}"])
    assert _manifest(out)["format"] == "jsonl" and "replaces" not in _manifest(out)

    # through the command line's --format
    assert main(["convert", str(archive), "-o", str(out), "--format", "parquet",
                 "--jobs", "1"]) == 0
    assert not (out / "documents.jsonl").exists()
    assert all((out / name).is_file() for name in PARQUET)
    assert _manifest(out)["format"] == "parquet"

    assert main(["convert", str(archive), "-o", str(out), "--format", "json",
                 "--jobs", "1"]) == 0
    assert not any((out / name).exists() for name in PARQUET)
    assert (out / "extra.parquet").read_text(encoding="utf-8") == "not a table of ours"
    assert len(_json_outputs(out)) == 4
    doc = PolicyDocument.model_validate_json((out / f"{NAMES[1]}.json").read_text("utf-8"))
    assert len(doc.tasks) == second.tasks > 0
    assert _outputs(out) == {"manifest.json", "errors.jsonl", "extra.parquet",
                             "notes/mine.json", f"{NAMES[0]}.json", f"{NAMES[1]}.json",
                             f"sub/{NAMES[2]}.json"}


def test_same_format_rerun_keeps_its_outputs(archive, tmp_path):
    out = tmp_path / "out"
    batch.convert_directory(archive, out, fmt="jsonl", jobs=1)
    again = batch.convert_directory(archive, out, fmt="jsonl", jobs=1)
    assert again.unchanged == 3 and again.converted == 0
    assert len((out / "documents.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_an_interrupted_switch_is_finished_by_the_next_run(archive, tmp_path):
    out = tmp_path / "out"
    batch.convert_directory(archive, out, fmt="jsonl", jobs=1)

    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        batch.convert_directory(archive, out, fmt="json", jobs=1, progress=interrupt)
    manifest = _manifest(out)
    # the json written so far is vouched for; the jsonl is still to be removed
    assert manifest["format"] == "json" and manifest["replaces"] == ["jsonl"]
    assert len(manifest["files"]) == 1 and (out / "documents.jsonl").exists()

    resumed = batch.convert_directory(archive, out, fmt="json", jobs=1)
    assert resumed.unchanged == 1 and resumed.converted == 2
    assert not (out / "documents.jsonl").exists()
    assert "replaces" not in _manifest(out) and len(_json_outputs(out)) == 3
