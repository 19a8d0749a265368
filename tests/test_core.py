"""Invariants every parse must keep, checked on every sample: nothing lost, exact JSON
round-trip, a light import, clear errors."""
import json
import subprocess
import sys

import pytest

import culturegov
from culturegov.errors import CulturegovError, EmptyDocumentError
from culturegov.models import PolicyDocument

from conftest import SAMPLES, sample_names


def _placed_spans(doc):
    """Every span the document says it read something from."""
    spans = [d.span for d in doc.duties] + [d.agency.span for d in doc.duties]
    spans += [t.span for t in doc.tasks] + [m.span for m in doc.member_units]
    spans += [p.span for p in doc.persons]
    spans += [s.body or s.span for s in doc.outline] + [a.span for a in doc.articles]
    spans += [c.span for c in doc.citations] + doc.metadata.spans + doc.headers
    return [s for s in spans if s is not None]


@pytest.mark.parametrize("name", sample_names())
def test_nothing_lost(name, parsed):
    """Each unparsed stretch is real text of the document, and every line is either read
    into the model (a span of it says so) or reported in `unparsed`: no exemption."""
    doc = parsed(name)
    for piece in doc.unparsed:
        assert doc.text[piece.span.start:piece.span.end] == piece.text
    reported = [(u.span.start, u.span.end) for u in doc.unparsed]
    spans = _placed_spans(doc)
    pos = 0
    for line in doc.text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not any(ch.isalnum() for ch in line):
            continue
        placed = any(s.start < end and start < s.end for s in spans)
        in_unparsed = any(a < end and start < b for a, b in reported)
        assert placed or in_unparsed, f"line lost: {line[:40]!r}"


def test_metadata_spans_hold_what_was_read(parsed):
    """The metadata's spans are where its values are: the 文号 and title lie inside them."""
    doc = parsed("001_89d3c2afdc5c18c8")
    read = "".join(doc.text[s.start:s.end] for s in doc.metadata.spans)
    assert doc.metadata.doc_number.raw in read
    assert doc.metadata.title in read


@pytest.mark.parametrize("name", sample_names())
def test_json_round_trip(name, parsed):
    doc = parsed(name)
    again = PolicyDocument.model_validate_json(doc.model_dump_json())
    assert again == doc


def test_import_is_light():
    code = ("import sys, culturegov; culturegov.parse_text; "
            "print([m for m in ('jieba', 'pdfplumber', 'pandas', 'docx') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parse_text_equals_parse_of_file():
    path = SAMPLES / "000_7f7948de658d7fdd.txt"
    from_text = culturegov.parse_text(path.read_text(encoding="utf-8"))
    from_file = culturegov.parse(path)
    assert [d.text for d in from_text.duties] == [d.text for d in from_file.duties]


def test_gbk_and_utf16_decode_to_the_same_duties():
    text = (SAMPLES / "002_f08aa27de3bb326a.txt").read_text(encoding="utf-8")
    utf8 = culturegov.parse(text.encode("utf-8"))
    for encoding in ("gbk", "utf-16", "utf-8-sig"):
        doc = culturegov.parse(text.encode(encoding, errors="ignore"))
        assert [d.text for d in doc.duties] == [d.text for d in utf8.duties], encoding


def test_empty_input_names_the_file(tmp_path):
    empty = tmp_path / "blank.txt"
    empty.write_text("  \n\n ", encoding="utf-8")
    with pytest.raises(EmptyDocumentError) as info:
        culturegov.parse(empty)
    assert "blank.txt" in str(info.value)


def test_missing_file_is_a_culturegov_error(tmp_path):
    with pytest.raises(CulturegovError) as info:
        culturegov.parse(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)


def test_cli_parse_writes_utf8_json(tmp_path):
    out = tmp_path / "out.json"
    from culturegov.cli import main

    assert main(["parse", str(SAMPLES / "001_89d3c2afdc5c18c8.txt"), "-o", str(out)]) == 0
    raw = out.read_text(encoding="utf-8")
    assert "温鹿政办〔2019〕61号" in raw  # not \u-escaped
    assert json.loads(raw)["metadata"]["index_number"] == "001008003001001/2020-36687"


def test_cli_schema(capsys):
    from culturegov.cli import main

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "duties" in schema["properties"]


def test_findings_for_repeated_section_number(parsed):
    doc = parsed("001_89d3c2afdc5c18c8")
    repeated = [f for f in doc.findings if f.code == "repeated_number"]
    assert any("三" in f.message for f in repeated)


def test_duty_text_keeps_other_agencies_inside(parsed):
    """Agencies named inside a duty (抄报温州市人民政府及…) are text, not headers."""
    doc = parsed("001_89d3c2afdc5c18c8")
    duty = next(d for d in doc.duties if "抄报" in d.text)
    assert "温州市文化广电和旅游局" in duty.text
    assert duty.agency.name == "区政府办公室(区大数据发展管理局)"


def test_input_size_limit_applies_to_every_format(tmp_path):
    from culturegov.errors import InputTooLargeError
    from culturegov.limits import get_limits, set_limits

    before = get_limits()
    big = tmp_path / "big.txt"
    big.write_text("区文广局\n" * 100, encoding="utf-8")
    set_limits(max_input_bytes=100)
    try:
        with pytest.raises(InputTooLargeError) as info:
            culturegov.parse(big)
        assert "big.txt" in str(info.value)
    finally:
        set_limits(**before.__dict__)
