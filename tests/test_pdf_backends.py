"""The PDF reader's two sources of characters and drawings: PDFium (pypdfium2, the default,
readers/pdfium_chars.py) and pdfminer (through pdfplumber, readers/pdf._page_chars, for every
page PDFium cannot read as pdfminer would, and for all pages with
set_settings(pdf_characters="pdfminer")). They must give the same records, page for page, and
so the same document; where they differ the test says which is right.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from culturegov.readers import pdf as pdf_reader
from culturegov.readers.pdf import read_pdf
from culturegov.readers.pdfium_chars import PageReader, font_descents
from culturegov.settings import get_settings, set_settings

from conftest import SAMPLES
from factories import pdf_bytes

OFFICE = Path(__file__).parent / "fixtures" / "office"
PDFS = sorted(SAMPLES.glob("*.pdf")) + sorted(OFFICE.glob("*.pdf"))
# PDFium's text page loses the text object 双派 drawn between two quotes on this page (it
# keeps the quotes: their codes, in another subset font, are 双派's); pdfminer reads it.
# PDFium reads the page again with the other text objects taken off (pdfium_chars._lost_text).
LOST_TEXT = (SAMPLES / "003_5a35171835c4a9ae.lo.pdf", 11, "“双派”")


@pytest.fixture
def backend():
    """Set the backend for one test; the previous setting comes back after it."""
    before = get_settings().pdf_characters

    def use(name: str) -> None:
        set_settings(pdf_characters=name)

    yield use
    set_settings(pdf_characters=before)


def _both(data: bytes, backend):
    backend("pdfminer")
    slow = read_pdf(data)
    backend("pdfium")
    return slow, read_pdf(data)


def _records(path: Path):
    """Per page: (pdfminer's records, PDFium's records or None where it declines)."""
    import pdfplumber
    import pypdfium2 as pdfium

    out = []
    with pdfplumber.open(path) as plumber:
        document = pdfium.PdfDocument(path.read_bytes())
        reader = PageReader()
        try:
            for number, page in enumerate(plumber.pages):
                descents = font_descents(page.page_obj.resources, reader.descents)
                fast = None
                if descents is not None:
                    fast = reader.read(document[number], float(page.height),
                                       tuple(float(v) for v in page.mediabox[:2]), descents)
                out.append((pdf_reader._page_chars(page)[:4], fast))  # size aside
        finally:
            document.close()
    return out


def _same_chars(fast: list[dict], slow: list[dict]) -> bool:
    """The same characters with the same boxes and sizes, to 0.01 pt."""
    def ordered(chars):
        return sorted(chars, key=lambda c: (c["text"], c["top"], c["x0"]))

    if len(fast) != len(slow):
        return False
    return all(a["text"] == b["text"] and a["upright"] == b["upright"]
               and all(abs(a[k] - b[k]) <= 0.01 for k in ("x0", "x1", "top", "bottom", "size"))
               for a, b in zip(ordered(fast), ordered(slow)))


def _rounded(rules: list[tuple]) -> list[tuple]:
    return sorted(tuple(round(v, 2) for v in rule) for rule in rules)


def _shapes(drawn: list[dict]) -> list[tuple]:
    return sorted((d["object_type"], round(d["x0"], 2), round(d["x1"], 2), round(d["top"], 2),
                   round(d["bottom"], 2)) for d in drawn)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_pdfium_gives_pdfminers_records(path):
    """Characters (with the spaces the PDF draws, not those PDFium infers), their boxes to
    0.01 pt, the rules and the shapes the table finder gets: the same from both."""
    pages = _records(path)
    read = 0
    for number, (slow, fast) in enumerate(pages, start=1):
        assert fast is not None, f"PDFium declined page {number}"
        read += 1
        (slow_chars, slow_ruled, slow_rules, slow_drawn), (chars, ruled, rules, drawn) = slow, fast
        assert _same_chars(chars, slow_chars), f"page {number}"
        assert ruled == slow_ruled
        assert _rounded(rules) == _rounded(slow_rules)
        assert _shapes(drawn) == _shapes(slow_drawn)
    assert read == len(pages)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_both_backends_read_the_same_document(path, backend):
    slow, fast = _both(path.read_bytes(), backend)
    assert fast[0] == slow[0]
    assert [repr(block) for block in fast[1]] == [repr(block) for block in slow[1]]


def _reads_by_pdfminer(monkeypatch) -> list:
    """The page numbers pdfminer is asked to read, as they come."""
    calls = []
    original = pdf_reader._page_chars
    monkeypatch.setattr(pdf_reader, "_page_chars", lambda page: calls.append(page.page_number)
                        or original(page))
    return calls


def test_text_pdfium_loses_is_read_again_by_pdfium(backend, monkeypatch):
    """The lost object's characters, read off a second text page, are pdfminer's to 0.01
    pt; no page goes to pdfminer."""
    path, number, text = LOST_TEXT
    slow_chars, fast = _records(path)[number - 1][0][0], _records(path)[number - 1][1]
    assert fast is not None and _same_chars(fast[0], slow_chars)
    lost = [c["text"] for c in fast[0] if c["text"] in "双派"]
    assert lost == ["双", "派"]
    calls = _reads_by_pdfminer(monkeypatch)
    backend("pdfium")
    assert text in read_pdf(path.read_bytes())[0]
    assert calls == []


def test_text_pdfium_loses_twice_goes_to_pdfminer(backend, monkeypatch):
    """When the second reading still leaves a lost object out, pdfminer reads the page."""
    path, number, text = LOST_TEXT
    calls = _reads_by_pdfminer(monkeypatch)
    monkeypatch.setattr(PageReader, "_chars", _second_reading_empty(PageReader._chars))
    backend("pdfium")
    assert text in read_pdf(path.read_bytes())[0]
    assert calls == [number]


def _second_reading_empty(chars):
    """PageReader._chars that finds no characters when the page has lost text objects
    (a text page read with only those on it)."""
    def wrapped(self, textpage, height, descents):
        found, seen = chars(self, textpage, height, descents)
        if found is not None and seen and all(c["text"] in "双派" for c in found):
            return [], set()
        return found, seen
    return wrapped


def _drawn_over_pdf(times: int) -> bytes:
    """A page whose middle line is drawn `times` times, each 0.3 pt right of the one
    before: a fake bold, as some office suites make it. PDFium's text page keeps one."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from factories import _font

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont(_font(), 14)
    pdf.drawString(72, 760, "一、区文化馆负责组织培训。")
    for k in range(times):
        pdf.drawString(72 + 0.3 * k, 730, "二、县图书馆负责借阅服务")
    pdf.drawString(72, 700, "三、其他单位配合。")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.mark.parametrize(("times", "by_pdfminer"), [(2, []), (4, []), (5, [1])])
def test_text_drawn_over_itself_reads_as_pdfminer_reads_it(times, by_pdfminer, backend,
                                                            monkeypatch):
    """pdfminer keeps every copy of a line drawn several times; PDFium's text page drops
    all but one, and they come back through further readings (up to three); a line drawn
    five times leaves one copy lost after them, and pdfminer reads the page."""
    data = _drawn_over_pdf(times)
    backend("pdfminer")
    slow = read_pdf(data)
    calls = _reads_by_pdfminer(monkeypatch)
    backend("pdfium")
    fast = read_pdf(data)
    assert calls == by_pdfminer
    assert fast[0] == slow[0]
    assert [repr(b) for b in fast[1]] == [repr(b) for b in slow[1]]
    assert fast[0].count("县") == times


def _form_pdf() -> bytes:
    """Page 1 draws its text through a form XObject, page 2 directly."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from factories import _font

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.beginForm("box")
    pdf.setFont(_font(), 12)
    pdf.drawString(72, 700, "区文化馆负责组织培训")
    pdf.endForm()
    pdf.doForm("box")
    pdf.showPage()
    pdf.setFont(_font(), 12)
    pdf.drawString(72, 700, "县图书馆负责借阅服务")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_page_with_a_form_is_read_by_pdfminer(backend, monkeypatch):
    calls = []
    original = pdf_reader._page_chars
    monkeypatch.setattr(pdf_reader, "_page_chars", lambda page: calls.append(page) or
                        original(page))
    slow, fast = _both(_form_pdf(), backend)
    assert fast[0] == slow[0] == "区文化馆负责组织培训\n县图书馆负责借阅服务"
    # pdfminer read both pages for the first run, then only the form page for PDFium's.
    assert [page.page_number for page in calls] == [1, 2, 1]


def test_pdfium_refusing_the_file_or_a_page_falls_back(backend, monkeypatch):
    data = pdf_bytes([[(72, 100, "市文旅局负责统筹协调")], [(72, 100, "区财政局负责经费保障")]])
    backend("pdfium")
    expected = read_pdf(data)

    import pypdfium2

    def refuse(*args, **kwargs):
        raise pypdfium2.PdfiumError("refused")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    assert read_pdf(data) == expected
    monkeypatch.undo()
    monkeypatch.setattr(PageReader, "read", refuse)  # any failure on a page
    assert read_pdf(data) == expected
    assert "区财政局负责经费保障" in expected[0]


def test_forced_pdfminer_never_asks_pdfium(backend, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("PDFium used")

    monkeypatch.setattr(PageReader, "read", fail)
    backend("pdfminer")
    assert "市文旅局" in read_pdf(pdf_bytes([[(72, 100, "市文旅局负责统筹")]]))[0]


def test_encrypted_cid_font_pdfium_reads_what_pdfminer_cannot(backend):
    """reportlab's STSong-Light in a file encrypted with an empty user password: pdfminer
    loses the CID font's mapping and yields glyph numbers (the reader then asks for OCR);
    PDFium maps the glyphs through the font's predefined CMap and reads the text as typed,
    which is right: the file draws 区文广局负责统筹."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    from culturegov.errors import NoTextLayerError

    data = pdf_bytes([[(72, 100, "区文广局负责统筹")]], encrypt=StandardEncryption("", "o"))
    backend("pdfium")
    assert read_pdf(data)[0] == "区文广局负责统筹"
    backend("pdfminer")
    with pytest.raises(NoTextLayerError):
        read_pdf(data)


def _hand_made_pdf(content: bytes, mediabox: bytes = b"0 0 595 842",
                   to_unicode: bytes | None = None) -> bytes:
    """One page drawing `content` with Helvetica (not embedded) as /F1, optionally with a
    /ToUnicode CMap of the given bfchar entries."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + mediabox + b"] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        font,
    ]
    if to_unicode is not None:
        cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U "
                b"def 1 begincodespacerange <00> <FF> endcodespacerange %d beginbfchar "
                % (to_unicode.count(b"<") // 2) + to_unicode
                + b" endbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
        objects[4] = font[:-2] + b"/ToUnicode 6 0 R >>"
        objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_same_records_on_a_page_whose_mediabox_does_not_start_at_zero(tmp_path):
    """pdfminer measures from the mediabox's corner and pdfplumber shifts back; PDFium
    answers in PDF space: both must land on the same coordinates, text and rulings."""
    content = (b"BT /F1 12 Tf 90 700 Td (Budget 2021 plan) Tj ET "
               b"1 w 80 600 m 400 600 l S 80 500 200 60 re S")
    path = tmp_path / "shifted.pdf"
    path.write_bytes(_hand_made_pdf(content, mediabox=b"20 30 615 872"))
    [(slow, fast)] = _records(path)
    assert fast is not None and _same_chars(fast[0], slow[0])
    assert "".join(c["text"] for c in sorted(fast[0], key=lambda c: c["x0"])) == \
        "Budget 2021 plan"
    assert fast[1] == slow[1] and _rounded(fast[2]) == _rounded(slow[2])
    assert _shapes(fast[3]) == _shapes(slow[3]) and len(fast[3]) == 2


def test_glyph_mapped_to_two_letters_is_read_by_pdfminer(tmp_path, backend):
    """A ligature: code A maps to "fi". pdfminer keeps one character "fi" with the glyph's
    box; PDFium splits it into f and i at one origin, so the page is pdfminer's (the text is
    the same either way)."""
    data = _hand_made_pdf(b"BT /F1 24 Tf 72 700 Td (BAB) Tj ET",
                          to_unicode=b"<41> <00660069> <42> <0061>")
    path = tmp_path / "ligature.pdf"
    path.write_bytes(data)
    [(slow, fast)] = _records(path)
    assert fast is None
    assert [c["text"] for c in slow[0]] == ["a", "fi", "a"]
    slow_doc, fast_doc = _both(data, backend)
    assert fast_doc[0] == slow_doc[0] == "afia"


def test_threads_read_pdfs_at_once(backend):
    """PDFium is not thread-safe: the reader lets one document at a time use it, so
    parallel threads read what one thread reads, and the lock is free afterwards (also after
    a file that fails)."""
    from concurrent.futures import ThreadPoolExecutor

    from culturegov.errors import CorruptFileError

    backend("pdfium")
    files = [path.read_bytes() for path in PDFS[:6]]
    expected = [read_pdf(data)[0] for data in files]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda data: read_pdf(data)[0], files * 3)) == expected * 3
    with pytest.raises(CorruptFileError):
        read_pdf(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                 b"trailer << /Root 1 0 R >>\n")
    assert not pdf_reader.PDFIUM_LOCK.locked()
