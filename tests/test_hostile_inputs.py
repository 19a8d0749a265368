"""culturegov.parse on hostile files (tests/hostile.py): each must end in a clean culturegov
error naming the file, or a correct document, quickly and in little memory. Each is parsed
in a child process bounded in time and address space, so a guard that regresses fails the
test instead of hanging or swapping the machine."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import hostile

MB = 1024 * 1024
MEMORY = 768 * MB  # a small input peaks at ~60 MB; each attack here needs gigabytes
TIMEOUT = 30  # the budget per file; each of these takes well under a second

_PARSE = """
import json, sys
if sys.platform == "linux":
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
import culturegov
from culturegov.errors import CulturegovError
try:
    doc = culturegov.parse(sys.argv[2])
    result = {"ok": True, "text": doc.text[:2000]}
except BaseException as exc:
    result = {"ok": False, "error": type(exc).__name__, "message": str(exc),
              "family": isinstance(exc, CulturegovError)}
print(json.dumps(result, ensure_ascii=False))
"""


def parse_bounded(path: Path) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-c", _PARSE, str(MEMORY), str(path)],
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{path.name}: no result within {TIMEOUT} s (the reader runs away)")
    assert proc.returncode == 0 and proc.stdout.strip(), \
        f"{path.name}: the child died (exit {proc.returncode}): {proc.stderr[-1500:]}"
    return json.loads(proc.stdout.splitlines()[-1])


def refused(tmp_path: Path, name: str, data: bytes, error: str, says: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = parse_bounded(path)
    assert not result["ok"], f"{name} must be refused, but it parsed"
    assert result["family"], f"{result['error']} is not a CulturegovError: {result['message']}"
    assert result["error"] == error, result["message"]
    assert str(path) in result["message"] and says in result["message"]


def test_pdf_contents_cycle_is_corrupt_not_a_hang(tmp_path):
    refused(tmp_path, "cycle.pdf", hostile.content_cycle_pdf(), "CorruptFileError",
            "cycle of references")


def test_pdf_nested_forms_bomb_is_refused_before_drawing(tmp_path):
    refused(tmp_path, "forms.pdf", hostile.nested_forms_pdf(10, 10), "InputTooLargeError",
            "nested forms")


def test_pdf_stream_with_deeply_nested_subtype_is_read(tmp_path):
    """The stream-size check asks each stream whether it is an image; a /Subtype that is no
    name (an array 20 000 deep) is not one, and the page beside it is read."""
    path = tmp_path / "deep.pdf"
    path.write_bytes(hostile.deep_subtype_pdf())
    result = parse_bounded(path)
    assert result["ok"], result
    assert "Hello" in result["text"]


def test_pdf_modest_nested_forms_still_read(tmp_path):
    """The draw count is a limit on multiplication, not on forms: 3 levels of 3 read fine,
    the innermost text drawn 9 times."""
    path = tmp_path / "forms.pdf"
    path.write_bytes(hostile.nested_forms_pdf(3, 3))
    result = parse_bounded(path)
    assert result["ok"], result
    assert result["text"].count("x") == 9


@pytest.mark.parametrize("shape", ["gridBefore", "gridSpan"])
def test_docx_huge_grid_is_refused_before_allocation(tmp_path, shape):
    data = (hostile.grid_docx(before=50_000_000) if shape == "gridBefore"
            else hostile.grid_docx(span=50_000_000))
    refused(tmp_path, f"{shape}.docx", data, "CorruptFileError", "50,000,000 grid columns")


def test_docx_modest_grid_span_reads_the_cell_and_the_text_after(tmp_path):
    path = tmp_path / "span.docx"
    path.write_bytes(hostile.grid_docx(before=2, span=5))
    result = parse_bounded(path)
    assert result["ok"], result
    assert "区文化局负责统筹公共文化服务" in result["text"]


def test_docx_letter_list_starting_at_two_billion_is_a_correct_document(tmp_path):
    """Word's letters stop at 780 (30 Z's); beyond, the number is written in digits instead
    of a 77-million-letter label per paragraph."""
    path = tmp_path / "letters.docx"
    path.write_bytes(hostile.letter_start_docx(2_000_000_000, paragraphs=3))
    result = parse_bounded(path)
    assert result["ok"], result
    lines = result["text"].splitlines()
    assert lines == ["2000000000.第0项职责", "2000000001.第1项职责", "2000000002.第2项职责"]


def test_docx_letters_below_the_cap_repeat_as_word_does(tmp_path):
    path = tmp_path / "letters.docx"
    path.write_bytes(hostile.letter_start_docx(27, paragraphs=2))
    result = parse_bounded(path)
    assert result["ok"], result
    assert result["text"].splitlines() == ["AA.第0项职责", "BB.第1项职责"]


def test_zip_member_that_inflates_past_its_declared_size_is_refused(tmp_path):
    """Declared 5 kB, inflates to 64 MB (the test's size; 1 GB in the issue): the streaming
    counter stops one chunk past the declared size, zipfile is never asked to inflate it."""
    refused(tmp_path, "liar.docx", hostile.liar_zip_docx(64 * MB), "CorruptFileError",
            "inflates to more")


def test_streaming_counter_never_holds_the_inflated_member():
    """The counter itself holds at most one chunk, whatever the member inflates to."""
    import io
    import tracemalloc
    import zipfile

    from culturegov.errors import CorruptFileError
    from culturegov.readers.guards import check_zip_members

    data = hostile.liar_zip_docx(64 * MB)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    tracemalloc.start()
    with pytest.raises(CorruptFileError, match="document.xml"):
        check_zip_members(data, infos, "liar.docx")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 * MB


def test_guard_errors_name_the_file_even_from_bytes():
    """A guard deep in a reader does not know the path; parse(bytes, name=) still names it."""
    import culturegov as cg
    from culturegov.errors import CorruptFileError

    with pytest.raises(CorruptFileError, match=r"^archive/span\.docx: a table row claims"):
        cg.parse(hostile.grid_docx(span=10**9), name="archive/span.docx")


@pytest.mark.parametrize("where", ["contents", "double", "form", "objstm"])
def test_pdf_stream_bomb_is_refused_by_parse(tmp_path, where):
    """A 1 MB PDF (3 kB when deflated twice) whose stream inflates to 1 GB: refused by
    culturegov.parse itself within the child's 768 MB, whether the stream is page content,
    content deflated twice, a form the page draws, or an object stream pdfminer inflates
    while opening a file with a broken cross-reference table (the raw pass)."""
    refused(tmp_path, f"bomb-{where}.pdf", hostile.stream_bomb_pdf(1024 ** 3, where),
            "InputTooLargeError", "max_pdf_stream_bytes")


def test_pdf_stream_counter_holds_one_chunk_not_the_stream():
    import io
    import tracemalloc

    import pdfplumber

    from culturegov.errors import InputTooLargeError
    from culturegov.readers.pdf_streams import check_streams

    pdf = pdfplumber.open(io.BytesIO(hostile.stream_bomb_pdf(1024 ** 3, "contents")))
    tracemalloc.start()
    with pytest.raises(InputTooLargeError):
        check_streams(pdf.doc, "bomb.pdf")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * MB  # the raw stream (1 MB) and a chunk or two, not 256 MB


@pytest.mark.parametrize("encrypted", [False, True])
def test_pdf_stream_limit_counts_ordinary_content(encrypted):
    """The limit is on what streams really decode to: a page of ordinary text (deflated,
    and in the second case encrypted with an owner password only, so the counter must
    decrypt before it inflates) is refused under a lowered limit and reads under the
    default."""
    import io

    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    import culturegov as cg
    from culturegov.errors import InputTooLargeError
    from culturegov.limits import get_limits, set_limits

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pageCompression=1, invariant=1,
                        encrypt=StandardEncryption("", "owner") if encrypted else None)
    pdf.setFont("Helvetica", 12)
    for i in range(30):
        pdf.drawString(72, 760 - 20 * i, f"Line {i} of the duty list")
    pdf.showPage()
    pdf.save()
    data = buffer.getvalue()
    assert "Line 29 of the duty list" in cg.parse(data, name="page.pdf").text
    before = get_limits()
    set_limits(max_pdf_stream_bytes=600)  # the page's content inflates to about 1.5 kB
    try:
        with pytest.raises(InputTooLargeError, match=r"^page\.pdf: .*max_pdf_stream_bytes"):
            cg.parse(data, name="page.pdf")
    finally:
        set_limits(**vars(before))


def test_raw_stream_pass_cost_grows_linearly():
    """A file of object-stream markers, each with a stream of junk: ten times the markers
    must cost about ten times the CPU (a pass that copied the rest of the file per marker
    grew a hundredfold). A ratio of CPU times, never a wall time."""
    import time

    from culturegov.readers.pdf_streams import check_raw_streams

    unit = b"<< /Type /ObjStm /Filter /FlateDecode >>\nstream\nnot zlib\nendstream\n"

    def cpu(count: int) -> float:
        data = unit * count
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            check_raw_streams(data, "markers.pdf")
            best = min(best, time.process_time() - started)
        return best

    small, large = cpu(3_000), cpu(30_000)
    assert large / max(small, 1e-4) < 30, (small, large)
