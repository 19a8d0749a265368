"""`culturegov convert`: the archive run on the samples plus broken files."""
from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

import culturegov as cg
from culturegov import batch
from culturegov.cli import main
from culturegov.models import PolicyDocument
from conftest import SAMPLES

CORRUPT_PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4  # a header and nothing a PDF needs


def _random_bytes() -> bytes:
    rng = random.Random(20240611)
    return bytes(rng.randrange(256) for _ in range(4096))


def _parses(path: Path) -> bool:
    try:
        cg.parse(path)
    except Exception:  # noqa: BLE001
        return False
    return True


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    """The samples in a tree, with a corrupt PDF, a random-bytes file, a hidden file and a
    file in a subdirectory."""
    root = tmp_path / "archive"
    (root / "sub" / "deeper").mkdir(parents=True)
    for sample in sorted(SAMPLES.glob("0*.*")):
        shutil.copy(sample, root / sample.name)
    shutil.copy(SAMPLES / "000_7f7948de658d7fdd.txt", root / "sub" / "deeper" / "copy_of_000")
    (root / "broken.pdf").write_bytes(CORRUPT_PDF)
    (root / "noise").write_bytes(_random_bytes())
    (root / ".hidden.txt").write_text("区文广局\n1. 不应转换。\n", encoding="utf-8")
    (root / "notes.md").write_text("# not an input\n", encoding="utf-8")
    return root


def _inputs(root: Path) -> list[str]:
    rels = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not rel.startswith(".") and path.suffix in {".txt", ".docx", ".pdf", ""}:
            rels.append(rel)
    return rels


def _culturegov_errors() -> set[str]:
    from culturegov import errors

    return {name for name, obj in vars(errors).items()
            if isinstance(obj, type) and issubclass(obj, errors.CulturegovError)}


def _errors(out: Path) -> dict[str, dict]:
    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    return {rec["path"]: rec for rec in map(json.loads, lines)}


def test_convert_writes_one_json_per_good_file_and_records_the_bad(archive, tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["convert", str(archive), "-o", str(out), "--jobs", "2"])
    assert code == 1  # the corrupt PDF failed

    rels = _inputs(archive)
    assert "sub/deeper/copy_of_000" in rels and "noise" in rels
    good = [r for r in rels if _parses(archive / r)]
    bad = set(rels) - set(good)
    # every sample .txt is a good file; the corrupt PDF is not
    assert {r for r in rels if r.endswith(".txt")} <= set(good)
    assert "broken.pdf" in bad

    for rel in good:
        doc = PolicyDocument.model_validate_json((out / f"{rel}.json").read_text(encoding="utf-8"))
        assert doc.source == rel
        assert len(doc.duties) == len(cg.parse(archive / rel).duties)
    errors = _errors(out)
    assert {rel for rel, record in errors.items() if not record.get("skipped")} == bad
    assert errors["broken.pdf"]["message"]
    # a file of another type is listed as skipped, with the reason
    assert errors["notes.md"]["skipped"] and ".md" in errors["notes.md"]["message"]
    assert not (out / ".hidden.txt.json").exists() and not (out / "notes.md.json").exists()

    # the nested copy of sample 000 is mirrored and holds its duties
    nested = json.loads((out / "sub/deeper/copy_of_000.json").read_text(encoding="utf-8"))
    assert len(nested["duties"]) == len(cg.parse(SAMPLES / "000_7f7948de658d7fdd.txt").duties) > 0
    # Chinese is written as is, not \u-escaped
    assert "区文广局" in (out / "000_7f7948de658d7fdd.txt.json").read_text(encoding="utf-8")
    # outputs get the umask's permissions like any file the user writes, not owner-only
    umask = os.umask(0)
    os.umask(umask)
    for written in (out / "000_7f7948de658d7fdd.txt.json", out / "manifest.json"):
        assert written.stat().st_mode & 0o777 == 0o666 & ~umask
    assert not list(out.rglob("*.partial"))

    summary = capsys.readouterr().err
    assert f"failures: {len(bad)}" in summary and "documents:" in summary


def test_rerun_converts_nothing_and_force_redoes_everything(archive, tmp_path):
    out = tmp_path / "out"
    first = batch.convert_directory(archive, out, jobs=1)
    assert first.converted > 0 and first.failed >= 1
    stamp = (out / "003_5a35171835c4a9ae.txt.json").stat().st_mtime_ns

    again = batch.convert_directory(archive, out, jobs=1)
    assert again.converted == 0
    assert again.unchanged == first.converted
    # failures that are a verdict on the bytes (CulturegovError) are remembered, not retried
    assert again.failed == first.failed
    assert _errors(out)["broken.pdf"]["error"] in _culturegov_errors()
    assert (again.documents, again.duties, again.tasks) == (first.documents, first.duties, first.tasks)
    assert (out / "003_5a35171835c4a9ae.txt.json").stat().st_mtime_ns == stamp
    assert "broken.pdf" in _errors(out)
    assert main(["convert", str(archive), "-o", str(out), "--jobs", "1"]) == 1

    forced = batch.convert_directory(archive, out, jobs=1, force=True)
    assert forced.converted == first.converted and forced.unchanged == 0


def test_rerun_converts_only_changed_and_drops_removed_inputs(archive, tmp_path):
    out = tmp_path / "out"
    batch.convert_directory(archive, out, jobs=1)
    (archive / "004_b2cb0c3ae92596bc.txt").write_text("区文广局\n1. 新的职责。\n", encoding="utf-8")
    (archive / "sub" / "deeper" / "copy_of_000").unlink()

    second = batch.convert_directory(archive, out, jobs=1)
    assert second.converted == 1
    doc = json.loads((out / "004_b2cb0c3ae92596bc.txt.json").read_text(encoding="utf-8"))
    assert "新的职责" in doc["text"]
    assert not (out / "sub/deeper/copy_of_000.json").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "sub/deeper/copy_of_000" not in manifest["files"]
    assert manifest["culturegov_version"] == cg.__version__


def test_parquet_tables_count_the_documents_duties_and_tasks(archive, tmp_path):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "pq"
    assert main(["convert", str(archive), "-o", str(out), "--format", "parquet", "--jobs", "2"]) == 1

    good = [r for r in _inputs(archive) if _parses(archive / r)]
    docs = [cg.parse(archive / r) for r in good]
    documents = pd.read_parquet(out / "documents.parquet")
    duties = pd.read_parquet(out / "duties.parquet")
    tasks = pd.read_parquet(out / "tasks.parquet")
    units = pd.read_parquet(out / "task_units.parquet")
    assert sorted(documents["document_id"]) == sorted(good)
    assert len(duties) == sum(len(d.duties) for d in docs) > 0
    assert len(tasks) == sum(len(d.tasks) for d in docs) > 0
    assert len(units) == sum(len(t.lead) + len(t.cooperating) for d in docs for t in d.tasks)
    per_doc = tasks.groupby("document_id").size()
    assert per_doc["003_5a35171835c4a9ae.txt"] == len(cg.parse(archive / "003_5a35171835c4a9ae.txt").tasks)

    # a re-run after one change rewrites the tables without losing the unchanged documents
    (archive / "004_b2cb0c3ae92596bc.txt").write_text("区文广局\n1. 新的职责。\n", encoding="utf-8")
    summary = batch.convert_directory(archive, out, fmt="parquet", jobs=1)
    assert summary.converted == 1
    assert len(pd.read_parquet(out / "duties.parquet")) == summary.duties
    assert sorted(pd.read_parquet(out / "documents.parquet")["document_id"]) == sorted(good)


def test_jsonl_has_one_line_per_good_file_and_survives_a_partial_rerun(archive, tmp_path):
    out = tmp_path / "jl"
    first = batch.convert_directory(archive, out, fmt="jsonl", jobs=1)
    lines = (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == first.documents == first.converted
    assert "\\u" not in lines[0]
    (archive / "004_b2cb0c3ae92596bc.txt").write_text("区文广局\n1. 新的职责。\n", encoding="utf-8")
    second = batch.convert_directory(archive, out, fmt="jsonl", jobs=1)
    assert second.converted == 1
    docs = [PolicyDocument.model_validate_json(x)
            for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(d.source for d in docs) == sorted(json.loads(x)["source"] for x in lines)
    assert sum(len(d.duties) for d in docs) == second.duties


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["convert", str(tmp_path / "missing"), "-o", str(tmp_path / "out")]) == 2
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    assert main(["convert", str(src), "-o", str(a_file)]) == 2
    assert main(["convert", str(src), "-o", str(a_file / "inside")]) == 2
    assert main(["convert", str(src), "-o", str(tmp_path / "o"), "--jobs", "0"]) == 2
    assert "OUT must be a directory" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:  # -o is required: argparse's own usage error
        main(["convert", str(src)])
    assert exc.value.code == 2


def test_empty_directory_converts_nothing_and_succeeds(tmp_path):
    (tmp_path / "src").mkdir()
    assert main(["convert", str(tmp_path / "src"), "-o", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "errors.jsonl").read_text(encoding="utf-8") == ""


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_out_of_dir_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("区文广局\n1. 机密。\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SAMPLES / "000_7f7948de658d7fdd.txt", src / "a.txt")
    (src / "link.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / "a.txt")
    (src / "loop").symlink_to(src, target_is_directory=True)
    out = tmp_path / "out"
    assert main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 0
    assert not (out / "link.txt.json").exists()
    assert (out / "inside.txt.json").exists()
    errors = _errors(out)
    assert errors["link.txt"]["skipped"] is True and "outside DIR" in errors["link.txt"]["message"]
    assert "loop" in errors


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_outputs_never_escape_out(tmp_path):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SAMPLES / "000_7f7948de658d7fdd.txt", src / "sub" / "a.txt")
    shutil.copy(SAMPLES / "000_7f7948de658d7fdd.txt", src / "b.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(elsewhere, target_is_directory=True)  # planted in OUT
    assert main(["convert", str(src), "-o", str(out), "--jobs", "1"]) == 1
    assert list(elsewhere.iterdir()) == []
    assert _errors(out)["sub/a.txt"]["error"] == "UnsafeOutputError"
    assert (out / "b.txt.json").exists()


def test_a_worker_that_dies_fails_only_its_own_file(tmp_path, monkeypatch):
    """A segfault in a reader kills its worker; the batch must go on with the other files
    and blame only the one that kills a fresh worker again."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the patched parse() reaches the workers only when they are forked")
    import culturegov.api

    real_parse = culturegov.api.parse

    def parse(data, name=None, **kw):
        if str(name).endswith("crash.txt"):
            os._exit(1)
        return real_parse(data, name=name, **kw)

    monkeypatch.setattr(culturegov.api, "parse", parse)
    src = tmp_path / "src"
    src.mkdir()
    for i in range(6):
        shutil.copy(SAMPLES / "000_7f7948de658d7fdd.txt", src / f"{i}.txt")
    (src / "crash.txt").write_text("whatever", encoding="utf-8")
    summary = batch.convert_directory(src, tmp_path / "out", jobs=2)
    assert summary.converted == 6 and summary.failed == 1
    assert _errors(tmp_path / "out")["crash.txt"]["error"] == "WorkerCrashedError"
