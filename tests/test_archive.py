"""The way back from `culturegov convert`: cg.load_archive and cg.load_frames, every format."""
import shutil
from collections.abc import Iterator

import pytest

import culturegov as cg
from culturegov.batch import manifest, sinks
from culturegov.cli import main
from culturegov.errors import CulturegovError
from culturegov.export import archive as archive_module

from conftest import SAMPLES

NAMES = ["001_89d3c2afdc5c18c8.txt", "003_5a35171835c4a9ae.txt", "101_numbered_items_with_agency.txt"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """The same three samples converted once per format."""
    root = tmp_path_factory.mktemp("archive")
    src = root / "src"
    (src / "sub").mkdir(parents=True)
    for i, name in enumerate(NAMES):
        shutil.copy(SAMPLES / name, src / ("sub" if i == 2 else "") / name)
    outs = {}
    for fmt in ("json", "jsonl", "parquet"):
        outs[fmt] = root / fmt
        assert main(["convert", str(src), "-o", str(outs[fmt]), "--format", fmt, "--jobs", "1"]) == 0
    return src, outs


def test_names_match_what_batch_writes():
    assert archive_module.MANIFEST == manifest.MANIFEST and archive_module.JSONL == sinks.JSONL


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_load_archive_gives_back_the_documents_lazily(converted, fmt):
    src, outs = converted
    docs = cg.load_archive(outs[fmt])
    assert isinstance(docs, Iterator)
    first = next(docs)
    back = {d.source: d for d in [first, *docs]}
    assert sorted(back) == ["001_89d3c2afdc5c18c8.txt", "003_5a35171835c4a9ae.txt",
                            "sub/101_numbered_items_with_agency.txt"]
    for rel, doc in back.items():
        fresh = cg.parse(src / rel)
        assert doc.model_dump(exclude={"source"}) == fresh.model_dump(exclude={"source"})


def test_load_frames_is_the_same_whichever_format(converted):
    pytest.importorskip("pyarrow")
    _, outs = converted
    frames = {fmt: cg.load_frames(out) for fmt, out in outs.items()}
    for table, parquet in frames["parquet"].items():
        want = parquet.sort_values(list(parquet.columns[:2])).reset_index(drop=True)
        for fmt in ("json", "jsonl"):
            got = frames[fmt][table].sort_values(list(parquet.columns[:2])).reset_index(drop=True)
            assert got.equals(want), (fmt, table)
    docs = frames["json"]["documents"]
    assert docs.set_index("document_id").loc["003_5a35171835c4a9ae.txt", "n_tasks"] == 65


def test_parquet_archive_has_no_documents_to_give(converted):
    _, outs = converted
    with pytest.raises(CulturegovError, match="load_frames"):
        cg.load_archive(outs["parquet"])


def test_missing_archive_names_the_path(tmp_path):
    with pytest.raises(CulturegovError, match="nowhere"):
        cg.load_frames(tmp_path / "nowhere")


def test_damaged_line_names_file_and_line(tmp_path):
    (tmp_path / "documents.jsonl").write_text('{"kind": "work_plan"}\nnot json\n', encoding="utf-8")
    docs = cg.load_archive(tmp_path)
    assert next(docs).kind == "work_plan"
    with pytest.raises(CulturegovError, match=r"documents\.jsonl:2"):
        next(docs)
