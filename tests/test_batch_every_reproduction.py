"""Issue 17's "done when": one `convert` over a directory holding the reproductions at once
finishes, converts every good file and lists every other one with its reason; the counts
add up and no message holds this machine's paths. (Each reproduction also has its own
test: test_hostile_inputs, test_batch_hardening, test_text_hardening, test_bad_inputs.)"""
from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES
from factories import renamed_main_part
from make_bad_inputs import zero_width_in_names
from test_pdf_text_honesty import DUTY_TWO, _draw_notice, _pdf

import hostile
from culturegov import batch

SEED = SAMPLES / "000_7f7948de658d7fdd.txt"
PHRASE = "协调制定公共文化服务体系建设重大规划法规政策"
SEED_DUTIES = 74
LONG_NAME = "关于印发公共文化服务体系建设成员单位职责分工的通知" * 3 + ".txt"


def _good(seed: str) -> dict[str, tuple[bytes, int]]:
    """name → (bytes, duties at least): files that must convert."""
    docx = (SAMPLES / "000_7f7948de658d7fdd.docx").read_bytes()
    return {
        "seed.txt": (seed.encode("utf-8"), SEED_DUTIES),
        "utf16le_no_bom.txt": (seed.encode("utf-16-le"), SEED_DUTIES),
        "utf16be_no_bom.txt": (seed.encode("utf-16-be"), SEED_DUTIES),
        "line_separators.txt": (seed.replace("\n", "\u2028").encode("utf-8"), SEED_DUTIES),
        "form_feeds.txt": (seed.replace("\n", "\f").encode("utf-8"), SEED_DUTIES),
        "zero_width.txt": (zero_width_in_names(seed).encode("utf-8"), SEED_DUTIES),
        "renamed_main_part.docx": (renamed_main_part(docx), SEED_DUTIES),
        "letters_from_two_billion.docx": (hostile.letter_start_docx(), 0),
        "heading_lines.txt": (b"1.\n" * 50_000, 0),  # was quadratic: 6.9 s for 150 kB
        "manifest": (seed.encode("utf-8"), SEED_DUTIES),  # OUT's own name
        LONG_NAME: (seed.encode("utf-8"), SEED_DUTIES),  # over the length OUT can hold
    }


# name → (bytes, text it must hold, finding it must carry): PDFs read with a word to the user.
_PDF = {
    "rotated_270.pdf": (lambda: _pdf([(_draw_notice, 0, 0), (_draw_notice, 270, 0)]),
                        DUTY_TWO, None),
    "no_unicode_map.pdf": (lambda: hostile.unmapped_glyphs_pdf(
        [[("text", b"The first duty is read in full.")],
         [("text", b"The second duty."), ("cid", b"\x00\x05\x00\x06")]]),
        "The first duty is read in full.", "unmapped_glyphs"),
}


# name → (bytes, error class): files that must be listed with their reason.
_BAD = {
    "cycle.pdf": (hostile.content_cycle_pdf, "CorruptFileError"),
    "nested_forms.pdf": (lambda: hostile.nested_forms_pdf(10, 10), "InputTooLargeError"),
    "grid_before.docx": (lambda: hostile.grid_docx(before=50_000_000), "CorruptFileError"),
    "grid_span.docx": (lambda: hostile.grid_docx(span=50_000_000), "CorruptFileError"),
    "declares_5kb.docx": (hostile.liar_zip_docx, "CorruptFileError"),
    "random.txt": (lambda: random.Random(17).randbytes(8192), "UnsupportedFormatError"),
    "stream_bomb.pdf": (hostile.stream_bomb_pdf, "InputTooLargeError"),
}


@pytest.mark.skipif(sys.platform != "linux", reason="byte file names and symlinks (Linux)")
def test_one_batch_over_every_reproduction(tmp_path):
    seed = SEED.read_text(encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    good = _good(seed)
    for name, (data, _) in good.items():
        (src / name).write_bytes(data)
    gbk_name = "公共文化.txt"  # written under its GBK bytes, as a Windows zip leaves it
    with open(os.path.join(os.fsencode(src), gbk_name.encode("gbk")), "wb") as handle:
        handle.write(seed.encode("gbk"))
    good[gbk_name] = (b"", SEED_DUTIES)
    for name, (make, _, _) in _PDF.items():
        (src / name).write_bytes(make())
    (src / "bad").mkdir()
    for name, (make, _) in _BAD.items():
        (src / "bad" / name).write_bytes(make())
    (src / "loop_a.txt").symlink_to(src / "loop_b.txt")
    (src / "loop_b.txt").symlink_to(src / "loop_a.txt")

    out = tmp_path / "out"
    summary = batch.convert_directory(src, out, jobs=2, timeout=60)

    seen = len(good) + len(_PDF) + len(_BAD) + 2
    assert summary.total == seen == summary.converted + summary.failed + summary.skipped
    assert (summary.converted, summary.failed, summary.skipped) == \
        (len(good) + len(_PDF), len(_BAD), 2)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    for name, (_, duties) in good.items():
        entry = manifest[name]
        doc = json.loads((out / entry["output"]).read_text(encoding="utf-8"))
        assert len(doc["duties"]) >= duties, name
        if duties:
            assert PHRASE in doc["text"], name
    for name, (_, text, finding) in _PDF.items():
        doc = json.loads((out / manifest[name]["output"]).read_text(encoding="utf-8"))
        assert text in doc["text"], name
        assert [f["code"] for f in doc["findings"] if f["code"] == finding] == \
            ([finding] if finding else []), name
    errors = {r["path"]: r for r in map(json.loads, (out / "errors.jsonl")
                                        .read_text(encoding="utf-8").splitlines())}
    assert set(errors) == {f"bad/{name}" for name in _BAD} | {"loop_a.txt", "loop_b.txt"}
    for name, (_, error) in _BAD.items():
        record = errors[f"bad/{name}"]
        assert record["error"] == error, record
        assert record["message"].startswith(f"bad/{name}:")
    assert all(errors[n]["skipped"] for n in ("loop_a.txt", "loop_b.txt"))
    assert str(tmp_path) not in (out / "errors.jsonl").read_text(encoding="utf-8")
    again = batch.convert_directory(src, out, jobs=2, timeout=60)
    assert again.unchanged == len(good) + len(_PDF) and again.converted == 0
