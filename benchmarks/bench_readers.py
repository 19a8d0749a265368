"""Word and PDF readers against the raw libraries on the same files.

    python benchmarks/bench_readers.py [--rounds 8] [--split]

PDF   pages/s of read_pdf (lines, paragraphs, page furniture, tables; characters from PDFium,
      pdfminer for the pages PDFium declines) against, on the same files in the same process:
      pdfplumber opening each file and calling extract_text() on every page; pdfminer's
      extract_text(); pypdfium2's get_text_range() on every page (the floor: PDFium's text
      with nothing rebuilt); and read_pdf with every page read by pdfminer (the reader before
      PDFium, set_settings(pdf_characters="pdfminer")).
docx  documents/s of read_docx (numbering, merged cells, offsets) against python-docx
      alone opening each file and reading every paragraph's and every table cell's text.

PDF sets: LibreOffice exports with embedded fonts (data/samples/*.lo.pdf and the office
renderings under tests/fixtures/office/, notices typeset as an office suite does: running
headers, mirrored pages, tables over page breaks); reportlab files whose CJK font is not
embedded (the other data/samples/*.pdf); a 50-page text and a 20-page ruled table crossing
pages, both made here with reportlab. Each measurement is the best of --rounds runs over the
set in CPU time, all contenders alternating round by round (the best run is the one least
disturbed by the rest of the machine). Ratios are read_pdf's rate over the other's.
--split also prints where read_pdf's time goes, stage by stage, on each set.
Prints Markdown tables.
"""
from __future__ import annotations

import argparse
import io
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
OFFICE = ROOT / "tests" / "fixtures" / "office"


def plumber_text(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def pdfminer_text(data: bytes) -> None:
    from pdfminer.high_level import extract_text

    extract_text(io.BytesIO(data))


def pdfium_text(data: bytes) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    for page in document:
        textpage = page.get_textpage()
        textpage.get_text_range()
        textpage.close()
        page.close()
    document.close()


def reader(data: bytes) -> None:
    from culturegov.readers.pdf import read_pdf
    from culturegov.settings import set_settings

    set_settings(pdf_characters="pdfium")
    read_pdf(data)


def reader_pdfminer(data: bytes) -> None:
    from culturegov.readers.pdf import read_pdf
    from culturegov.settings import set_settings

    set_settings(pdf_characters="pdfminer")
    read_pdf(data)


def raw_docx(data: bytes) -> None:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.text


def best_times(functions, files: list[bytes], rounds: int) -> list[float]:
    """Best CPU time of each over all files, alternating round by round so that a busy
    spell of the machine slows all alike."""
    best = [float("inf")] * len(functions)
    for _ in range(rounds):
        for i, function in enumerate(functions):
            start = time.process_time()
            for data in files:
                function(data)
            best[i] = min(best[i], time.process_time() - start)
    return best


def _cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def long_text_pdf(pages: int = 50) -> bytes:
    """A notice of `pages` pages: numbered duty paragraphs from the text samples."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = ParagraphStyle("body", fontName=_cjk_font(), fontSize=14, leading=24,
                           firstLineIndent=28, wordWrap="CJK")
    lines = [line.strip() for path in sorted(SAMPLES.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    import pypdfium2 as pdfium

    count = 20 * pages
    while True:  # paragraphs are consumed by a build: made anew for each try
        story = [Paragraph(lines[k % len(lines)], style) for k in range(count)]
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
        made = len(pdfium.PdfDocument(buffer.getvalue()))
        if made >= pages:
            return buffer.getvalue()
        count = count * pages // made + 10


def ruled_table_pdf(pages: int = 20) -> bytes:
    """A task-decomposition table of `pages` pages: ruled, its header row repeated."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    style = ParagraphStyle("cell", fontName=_cjk_font(), fontSize=10.5, leading=15,
                           wordWrap="CJK")
    agencies = ["区文化和旅游局", "区财政局", "区教育局", "各街道办事处", "区融媒体中心"]
    header = [Paragraph(t, style) for t in ("序号", "工作任务", "牵头单位", "配合单位", "完成时限")]
    rows = [header]
    for n in range(1, pages * 14):
        rows.append([Paragraph(str(n), style),
                     Paragraph(f"推进第{n}项公共文化服务设施建设，完善基层综合性文化服务中心功能，"
                               "开展群众性文化活动", style),
                     Paragraph(agencies[n % 5], style), Paragraph(agencies[(n + 2) % 5], style),
                     Paragraph(f"{2020 + n % 5}年{n % 12 + 1}月底前", style)])
    table = LongTable(rows, colWidths=[30, 220, 80, 80, 80], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build([table])
    return buffer.getvalue()


def pdf_sets() -> list[tuple[str, list[bytes]]]:
    libreoffice = sorted(SAMPLES.glob("*.lo.pdf")) + sorted(OFFICE.glob("*.pdf"))
    reportlab = [p for p in sorted(SAMPLES.glob("*.pdf")) if not p.name.endswith(".lo.pdf")]
    return [("LibreOffice, fonts embedded", [p.read_bytes() for p in libreoffice]),
            ("reportlab, CJK font not embedded", [p.read_bytes() for p in reportlab]),
            ("50-page text (reportlab)", [long_text_pdf(50)]),
            ("20-page ruled table over page breaks (reportlab)", [ruled_table_pdf(20)])]


def split(files: list[bytes], rounds: int = 3) -> list[tuple[str, float]]:
    """Share of read_pdf's time in each stage (wall time of wrapped functions, best not
    needed: shares only)."""
    import pypdfium2
    import pypdfium2.raw

    import culturegov.readers.pdf as pdf
    import culturegov.readers.pdfium_chars as chars

    spent: Counter = Counter()
    stages = [
        (pdf, "_open", "pdfplumber/pdfminer: open the file (xref, trailer)"),
        (pdf, "check_pdf", "guards: page tree, forms (readers/guards.py)"),
        (pdf, "check_streams", "guards: stream sizes (readers/pdf_streams.py)"),
        (pdf, "_pages", "pdfplumber: page objects"),
        (chars, "font_descents", "pdfminer: font descriptors (descents)"),
        (pypdfium2.PdfDocument, "__init__", "PDFium: open the file"),
        (pypdfium2.PdfDocument, "get_page", "PDFium: load a page (content parsing)"),
        (pypdfium2.raw, "FPDFText_LoadPage", "PDFium: text page"),
        (chars.PageReader, "_chars", "character records (ours, ctypes per character)"),
        (chars, "drawings", "drawing records (ours)"),
        (pdf, "_page_chars", "pdfminer: pages PDFium declines"),
        (pdf, "find_tables", "table finder on the drawn edges (pdf_grid)"),
        (pdf, "read_table", "table cells (ours)"),
        (pdf, "group_lines", "lines (ours)"),
        (pdf, "remove_page_furniture", "page furniture (ours)"),
        (pdf, "_assemble", "paragraphs and offsets (ours)"),
    ]
    originals = []
    for owner, name, label in stages:
        original = getattr(owner, name)
        originals.append((owner, name, original))

        def timed(*args, _original=original, _label=label, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] += time.perf_counter() - start

        setattr(owner, name, timed)
    try:
        start = time.perf_counter()
        for _ in range(rounds):
            for data in files:
                reader(data)
        total = time.perf_counter() - start
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    shares = [(label, spent[label] / total) for _, _, label in stages if spent[label]]
    shares.append(("rest (reader glue, closing, counting)", 1 - sum(s for _, s in shares)))
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--split", action="store_true")
    args = parser.parse_args()

    from culturegov.readers.docx import read_docx

    sets = pdf_sets()
    print("| PDF set | files | pages | read_pdf pages/s | × pdfplumber extract_text "
          "| × pdfminer extract_text | × pypdfium2 get_text_range | × read_pdf on pdfminer |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, files in sets:
        pages = sum(plumber_text(data) for data in files)  # also warms imports and caches
        for function in (reader, reader_pdfminer, pdfium_text, pdfminer_text):
            function(files[0])
        ours, plumber, miner, pdfium, before = best_times(
            [reader, plumber_text, pdfminer_text, pdfium_text, reader_pdfminer], files,
            args.rounds)
        print(f"| {name} | {len(files)} | {pages} | {pages / ours:.0f} | {plumber / ours:.2f} "
              f"| {miner / ours:.2f} | {pdfium / ours:.2f} | {before / ours:.2f} |")
    reader(sets[0][1][0])  # back to the default backend

    docxs = [p.read_bytes() for p in sorted(SAMPLES.glob("*.docx"))]
    raw_docx(docxs[0])
    read_docx(docxs[0])
    ours, raw = best_times([read_docx, raw_docx], docxs, args.rounds)
    print()
    print("| format | input | reader docs/s | raw library docs/s | ratio |")
    print("|---|---|---:|---:|---:|")
    print(f"| docx | {len(docxs)} files | {len(docxs) / ours:.1f} | {len(docxs) / raw:.1f} "
          f"| {raw / ours:.2f} |")

    if args.split:
        for name, files in sets:
            print(f"\nWhere read_pdf's time goes: {name}\n")
            print("| stage | share |")
            print("|---|---:|")
            for label, share in split(files):
                print(f"| {label} | {100 * share:.1f} % |")


if __name__ == "__main__":
    main()
