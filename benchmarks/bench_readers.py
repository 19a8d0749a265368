"""Word and PDF readers against the raw libraries on the same files.

    python benchmarks/bench_readers.py [--rounds 8]

PDF   pages/s of read_pdf (lines, paragraphs, page furniture, tables) against pdfplumber
      alone opening each file and calling extract_text() on every page.
docx  documents/s of read_docx (numbering, merged cells, offsets) against python-docx
      alone opening each file and reading every paragraph's and every table cell's text.

Files: every data/samples/*.pdf and *.docx, and separately the office renderings committed
under tests/fixtures/office/ (notices typeset as LibreOffice does: running headers,
mirrored pages, tables over page breaks; see tests/factories_office.py). Each measurement is the best of --rounds runs
over all files in CPU time, reader and library alternating (the best run is the one least
disturbed by the rest of the machine). The
ratio is reader rate / raw rate: 1.0 means the reader costs nothing beyond the library.
Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
OFFICE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "office"


def raw_pdf(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def raw_docx(data: bytes) -> None:
    import docx

    document = docx.Document(io.BytesIO(data))
    for paragraph in document.paragraphs:
        paragraph.text
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                cell.text


def best_times(ours, raw, files: list[bytes], rounds: int) -> tuple[float, float]:
    """Best CPU time of each over all files, the two alternating round by round so that a
    busy spell of the machine slows both alike."""
    best = {ours: float("inf"), raw: float("inf")}
    for _ in range(rounds):
        for function in (ours, raw):
            start = time.process_time()
            for data in files:
                function(data)
            best[function] = min(best[function], time.process_time() - start)
    return best[ours], best[raw]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()

    from culturegov.readers.docx import read_docx
    from culturegov.readers.pdf import read_pdf

    pdfs = [p.read_bytes() for p in sorted(SAMPLES.glob("*.pdf"))]
    docxs = [p.read_bytes() for p in sorted(SAMPLES.glob("*.docx"))]
    pages = sum(raw_pdf(data) for data in pdfs)  # also warms imports and font caches
    raw_docx(docxs[0])
    read_docx(docxs[0])
    read_pdf(pdfs[0])

    rows = []
    ours, raw = best_times(read_pdf, raw_pdf, pdfs, args.rounds)
    rows.append(("PDF", f"{len(pdfs)} files, {pages} pages", "pages/s", pages / ours, pages / raw))
    office = [p.read_bytes() for p in sorted(OFFICE.glob("*.pdf"))]
    if office:
        office_pages = sum(raw_pdf(data) for data in office)
        ours, raw = best_times(read_pdf, raw_pdf, office, args.rounds)
        rows.append(("PDF (office renderings)", f"{len(office)} files, {office_pages} pages",
                     "pages/s", office_pages / ours, office_pages / raw))
    ours, raw = best_times(read_docx, raw_docx, docxs, args.rounds)
    rows.append(("docx", f"{len(docxs)} files", "docs/s", len(docxs) / ours, len(docxs) / raw))

    print("| format | input | unit | reader | raw library | ratio |")
    print("|---|---|---|---:|---:|---:|")
    for fmt, what, unit, reader_rate, raw_rate in rows:
        print(f"| {fmt} | {what} | {unit} | {reader_rate:.1f} | {raw_rate:.1f} | "
              f"{reader_rate / raw_rate:.2f} |")


if __name__ == "__main__":
    main()
