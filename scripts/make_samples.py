"""Write Word and PDF versions of some text samples, for the format-invariance tests.

    python scripts/make_samples.py            # .docx (python-docx) and .pdf (reportlab)
    python scripts/make_samples.py --lo       # also <stem>.lo.pdf through LibreOffice

Outputs, next to the text sample in data/samples/:

  <stem>.docx    python-docx. 003 becomes a real Word table (header row marked to repeat,
                 vertically merged 序号/工作任务 cells, several units per cell as separate
                 paragraphs); 000 uses Word automatic numbering (a numbering definition in
                 numbering.xml, restarted for every agency) instead of typed "1. "; 002 is
                 plain paragraphs.
  <stem>.pdf     reportlab with its built-in CID font STSong-Light (no font files): wrapped
                 paragraphs, a running header, page numbers "— N —" at the foot; 003 as a
                 drawn table whose header row repeats on every page.
  <stem>.lo.pdf  `soffice --headless --convert-to pdf <stem>.docx` (LibreOffice 7.4 with
                 fonts-wqy-zenhei: `apt-get install -y libreoffice-writer fonts-wqy-zenhei`).
                 They are committed, so the tests need no LibreOffice.

The outputs are committed; rerun this script only when the samples or the layouts change.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
NUMBERED = "000_7f7948de658d7fdd"
INLINE = "002_f08aa27de3bb326a"
TASK_TABLE = "003_5a35171835c4a9ae"
TABLE_COLUMNS = 6
MERGED_COLUMNS = (0, 1)  # 序号, 工作任务: empty in a continuation row = merged with above

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# -- reading the text samples --------------------------------------------------------------

def split_task_table(text: str) -> tuple[list[str], list[list[list[str]]]]:
    """The 003 layout: (paragraphs before the table, rows of cells of lines).

    Each cell line starts with a tab; a non-blank line without a tab continues the previous
    cell (another unit name, on its own paragraph); blank lines separate nothing reliable,
    so a row is simply the next six cells.
    """
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("\t"))
    before = [line for line in lines[:first] if line.strip()]
    cells: list[list[str]] = []
    for line in lines[first:]:
        if line.startswith("\t"):
            content = line[1:].strip()
            cells.append([content] if content else [])
        elif line.strip():
            cells[-1].append(line.strip())
    if len(cells) % TABLE_COLUMNS:
        sys.exit(f"{TASK_TABLE}: {len(cells)} cells is not a whole number of rows")
    rows = [cells[i:i + TABLE_COLUMNS] for i in range(0, len(cells), TABLE_COLUMNS)]
    return before, rows


def merged_spans(rows: list[list[list[str]]]) -> dict[tuple[int, int], int]:
    """(row, column) of each merge start → number of rows it covers (only spans > 1)."""
    spans: dict[tuple[int, int], int] = {}
    for col in MERGED_COLUMNS:
        start = None
        for r in range(1, len(rows)):
            if rows[r][col]:
                start = r
            elif start is not None:
                spans[(start, col)] = spans.get((start, col), 1) + 1
    return spans


def numbered_lines(text: str) -> list[tuple[str, int | None]]:
    """The 000 layout: (text without its typed number, typed number or None) per line."""
    out = []
    for line in text.split("\n"):
        match = re.match(r"\s*(\d+)\.\s*(.*)$", line)
        if match:
            out.append((match.group(2), int(match.group(1))))
        else:
            out.append((line.strip(), None))
    return out


def inline_paragraphs(text: str) -> list[str]:
    """The 002 layout: one line, items separated by a space; one paragraph per agency or
    numbered item (a space inside an item, like 惠民 扶贫, stays)."""
    return re.split(r" (?=\d+\.|(?:市|团市)[^\s:：|]{1,10}[:：])", text.strip("\n"))


# -- Word ----------------------------------------------------------------------------------

def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _set_east_asian_font(document) -> None:
    from docx.oxml.ns import qn

    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")


def write_task_table_docx(stem: str) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    before, rows = split_task_table((SAMPLES / f"{stem}.txt").read_text("utf-8"))
    spans = merged_spans(rows)
    document = docx.Document()
    _set_east_asian_font(document)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    for line in before:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=TABLE_COLUMNS)
    table.style = "Table Grid"
    widths = [Cm(1.2), Cm(3), Cm(6), Cm(2.2), Cm(2.2), Cm(2.4)]
    # Repeat the header row on every page, as a real task table does.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    for r, row in enumerate(rows):
        for c, lines in enumerate(row):
            cell = table.cell(r, c)
            cell.width = widths[c]
            continued = r > 0 and c in MERGED_COLUMNS and not lines
            if continued or (r, c) in spans:
                v_merge = OxmlElement("w:vMerge")
                if not continued:
                    v_merge.set(qn("w:val"), "restart")
                # Word writes a continuing cell as a bare <w:vMerge/>: keep that form.
                cell._tc.get_or_add_tcPr().append(v_merge)
            for i, line in enumerate(lines):
                paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                paragraph.text = line
    return _save_docx(document, stem)


def _save_docx(document, stem: str) -> Path:
    out = SAMPLES / f"{stem}.docx"
    document.save(out)
    return out


def write_numbered_docx(stem: str) -> Path:
    """Duties numbered by Word (numPr), one restarted list instance per agency."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    _set_east_asian_font(document)
    numbering = document.part.numbering_part.element
    abstract_id = "90"
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:suff w:val="space"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="420"/></w:pPr></w:lvl></w:abstractNum>')
    # The schema wants every abstractNum before the first num.
    first_num = numbering.find(_w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    next_num_id = 100
    current_num = None
    for text, number in numbered_lines((SAMPLES / f"{stem}.txt").read_text("utf-8")):
        paragraph = document.add_paragraph(text)
        if number is None:
            continue
        if number == 1 or current_num is None:
            current_num = str(next_num_id)
            next_num_id += 1
            numbering.append(parse_xml(
                f'<w:num xmlns:w="{W_NS}" w:numId="{current_num}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                '</w:num>'))
        p_pr = paragraph._p.get_or_add_pPr()
        p_pr.append(parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="{current_num}"/>'
            '</w:numPr>'))
    return _save_docx(document, stem)


def write_plain_docx(stem: str) -> Path:
    import docx

    document = docx.Document()
    _set_east_asian_font(document)
    for text in inline_paragraphs((SAMPLES / f"{stem}.txt").read_text("utf-8")):
        document.add_paragraph(text)
    return _save_docx(document, stem)


# -- PDF (reportlab) -----------------------------------------------------------------------

def _pdf_styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20,
                          wordWrap="CJK", spaceAfter=4)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=12,
                          wordWrap="CJK")
    return body, cell


def _page_decorations(running_header: str):
    """Draws the running header (from page 2 on, as in print) and the page number."""
    def draw(canvas, doc):
        from reportlab.lib.pagesizes import A4

        width, _ = A4
        canvas.saveState()
        canvas.setFont("STSong-Light", 10)
        if doc.page > 1:
            canvas.drawCentredString(width / 2, A4[1] - 40, running_header)
        canvas.drawCentredString(width / 2, 35, f"— {doc.page} —")
        canvas.restoreState()
    return draw


def _build_pdf(out: Path, story, running_header: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=72, rightMargin=72,
                            topMargin=72, bottomMargin=72, invariant=1)
    decorate = _page_decorations(running_header)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_text_pdf(stem: str, paragraphs: list[str], running_header: str) -> Path:
    from reportlab.platypus import Paragraph

    body, _ = _pdf_styles()
    story = [Paragraph(_escape(text), body) for text in paragraphs if text.strip()]
    return _build_pdf(SAMPLES / f"{stem}.pdf", story, running_header)


def write_task_table_pdf(stem: str) -> Path:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, Paragraph

    body, cell_style = _pdf_styles()
    before, rows = split_task_table((SAMPLES / f"{stem}.txt").read_text("utf-8"))
    data = [[Paragraph("<br/>".join(_escape(line) for line in lines), cell_style)
             for lines in row] for row in rows]
    # Merged 序号/工作任务 cells are drawn as one cell each, as in the Word table: the
    # rule between the rows is left out and the text is only in the first row.
    styles = [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
              ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for (r, c), span in merged_spans(rows).items():
        styles.append(("SPAN", (c, r), (c, r + span - 1)))
    table = LongTable(data, colWidths=[26, 72, 156, 70, 70, 57], repeatRows=1,
                      style=styles, splitInRow=0)
    story = [Paragraph(_escape(line), body) for line in before] + [table]
    return _build_pdf(SAMPLES / f"{stem}.pdf", story, "古镇镇创建国家公共文化服务体系示范区任务分解表")


# -- LibreOffice ---------------------------------------------------------------------------

def convert_with_libreoffice(docx_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("soffice not found: apt-get install -y libreoffice-writer fonts-wqy-zenhei")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp,
                        str(docx_path)], check=True, capture_output=True, timeout=300)
        out = docx_path.with_suffix(".lo.pdf")
        shutil.copyfile(Path(tmp) / f"{docx_path.stem}.pdf", out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lo", action="store_true", help="also convert the .docx with LibreOffice")
    args = parser.parse_args()
    written = [write_task_table_docx(TASK_TABLE), write_numbered_docx(NUMBERED),
               write_plain_docx(INLINE)]
    numbered_text = (SAMPLES / f"{NUMBERED}.txt").read_text("utf-8")
    written.append(write_text_pdf(NUMBERED, numbered_text.split("\n"),
                                  "武清区公共文化服务体系建设协调组成员单位职责任务分工"))
    inline_text = (SAMPLES / f"{INLINE}.txt").read_text("utf-8")
    written.append(write_text_pdf(INLINE, inline_paragraphs(inline_text), "职责分工"))
    written.append(write_task_table_pdf(TASK_TABLE))
    if args.lo:
        for stem in (TASK_TABLE, NUMBERED, INLINE):
            written.append(convert_with_libreoffice(SAMPLES / f"{stem}.docx"))
    for path in written:
        print(path.relative_to(SAMPLES.parent.parent))


if __name__ == "__main__":
    main()
