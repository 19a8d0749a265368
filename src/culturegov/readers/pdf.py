"""PDF → document text + Blocks, the same stream the text reader makes.

pdfplumber gives glyphs with positions and finds ruled tables. From them this reader
rebuilds the text as the author typed it: wrapped lines joined back into paragraphs (see
pdf_lines), running headers, footers and page numbers dropped, each table read once as a
grid (not again as paragraphs, see pdf_tables), a table continued over a page break joined into one with its
repeated header row dropped. Paragraph.page is the 1-based page a paragraph starts on.
"""
from __future__ import annotations

import io
import logging
import unicodedata

from ..errors import (
    CorruptFileError,
    EncryptedFileError,
    InputTooLargeError,
    NoTextLayerError,
)
from ..limits import get_limits
from ..normalize.text import fold_width
from ..blocks import Block, Paragraph
from .guards import check_pdf, close_pdf
from .pdf_lines import Line, continues, group_lines, join_text, remove_page_furniture, text_columns
from .pdf_tables import PdfTable, continue_table, inside, read_table, render_table, same_columns

log = logging.getLogger(__name__)


def read_pdf(data: bytes, path: str | None = None) -> tuple[str, list[Block]]:
    """The document text and its blocks; raises a CulturegovError the user can act on."""
    limits = get_limits()
    pdf = _open(data, path)
    try:
        check_pdf(pdf.doc, path)  # cycles and form bombs, before pdfminer builds the pages
        pages = _pages(pdf, path)
        if len(pages) > limits.max_pdf_pages:
            raise InputTooLargeError(
                f"has {len(pages)} pages, over the limit of {limits.max_pdf_pages}; split it "
                "or raise the limit with culturegov.limits.set_limits(max_pdf_pages=...)",
                path=path)
        page_lines, tables, heights, widths, rules, chars, unmapped = [], [], [], [], [], 0, 0
        for number, page in enumerate(pages, start=1):
            lines, page_tables, count, no_unicode, page_rules = _read_page(page, number, path)
            rules.append(page_rules)
            page_lines.append(lines)
            tables.append(page_tables)
            heights.append(float(page.height))
            widths.append(float(page.width))
            chars += count
            unmapped += no_unicode
    finally:
        close_pdf(pdf)  # not pdf.close(): it walks every page, and may loop on a bad tree
    if chars and unmapped > chars / 2:
        raise NoTextLayerError(
            f"has a text layer without Unicode mapping ({unmapped} of {chars} characters come "
            f"out as glyph numbers) on its {len(pages)} page(s): it needs OCR, e.g. "
            "`ocrmypdf --force-ocr -l chi_sim in.pdf out.pdf`, then parse the result", path=path)
    if chars == 0:
        raise NoTextLayerError(
            f"has no text layer: its {len(pages)} page(s) are images (a scan). It needs OCR "
            "first, e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`, then parse the result", path=path)
    page_lines = remove_page_furniture(page_lines, heights, rules)
    return _assemble(page_lines, tables, max(widths))


def _open(data: bytes, path: str | None):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedFileError(
                "is password-protected; open it with the password and save or print an "
                "unprotected copy, then parse that", path=path) from None
        raise CorruptFileError(f"is a damaged PDF ({type(cause).__name__}: {cause}); download "
                               "it again or re-export it", path=path) from None
    except Exception as exc:  # noqa: BLE001 - pdfminer has no common base for its errors
        raise CorruptFileError(f"is a damaged PDF ({type(exc).__name__}: {exc}); download it "
                               "again or re-export it", path=path) from None


def _pages(pdf, path: str | None) -> list:
    try:
        pages = pdf.pages
    except Exception as exc:  # noqa: BLE001 - a broken page tree surfaces here
        raise CorruptFileError(f"is a damaged PDF: its pages cannot be read ({exc}); "
                               "re-export it", path=path) from None
    if not pages:
        raise CorruptFileError("is a damaged PDF: no pages were found; re-export it", path=path)
    return pages


def _read_page(page, number: int, path: str | None):
    """(lines outside tables, tables, characters drawn, characters without Unicode,
    horizontal rules as (x0, x1, y))."""
    try:
        chars, ruled, rules, drawn = _page_chars(page)
        # Only a page that draws upright lines or boxes can hold a ruled table. The table
        # finder is handed the page's drawings as explicit edges: otherwise it would have
        # pdfplumber resolve every object of the page (a fifth of the time of reading it).
        if chars and ruled:
            found_tables = page.find_tables({
                "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                "explicit_vertical_lines": drawn, "explicit_horizontal_lines": drawn})
        else:
            found_tables = []
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damaged streams
        raise CorruptFileError(f"page {number} cannot be read ({type(exc).__name__}: {exc}); "
                               "the file is damaged, re-export it", path=path) from None
    count = sum(1 for c in chars if not c["text"].isspace())
    # pdfminer writes a glyph whose font has no Unicode mapping as "(cid:123)".
    unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    tables: list[PdfTable] = []
    for found in found_tables:
        table = read_table(found, chars, number)
        if table is not None:
            tables.append(table)
    if tables:
        boxes = [(t.x_edges[0], t.top, t.x_edges[-1], t.bottom) for t in tables]
        chars = [c for c in chars if not any(inside(c, box) for box in boxes)]
    return group_lines(chars, number), tables, count, unmapped, rules


def _page_chars(page) -> tuple[list[dict], bool, list[tuple[float, float, float]], list[dict]]:
    """The page's characters, read off pdfminer's layout with just the fields this reader
    uses (text, x0, x1, top, bottom, size, upright) in pdfplumber's coordinates; whether
    the page draws upright lines or boxes (a table's grid needs them); its horizontal rules
    (a running header's underline is one, and alone needs no table finder); and every line,
    box and curve drawn, as the table finder's edge sources. pdfplumber's own character
    dicts resolve some twenty attributes each (colours, fonts, matrices): a quarter of the
    time of reading a page."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
    unicode_norm = page.pdf.unicode_norm
    chars: list[dict] = []
    ruled = False
    rules: list[tuple[float, float, float]] = []
    drawn: list[dict] = []

    def walk(objects) -> None:
        nonlocal ruled
        for obj in objects:
            if isinstance(obj, LTChar):
                text = obj.get_text()
                if unicode_norm is not None:
                    text = unicodedata.normalize(unicode_norm, text)
                if text:
                    chars.append({"text": text, "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                                  "top": height - obj.y1 + mb_top,
                                  "bottom": height - obj.y0 + mb_top,
                                  "size": obj.size, "upright": obj.upright})
            elif isinstance(obj, LTContainer):  # a figure or form: its children count too
                walk(obj)
            elif isinstance(obj, LTCurve):
                kind = "line" if isinstance(obj, LTLine) else \
                    "rect" if isinstance(obj, LTRect) else "curve"
                top = height - obj.y1 + mb_top
                shape = {"object_type": kind, "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                         "top": top, "bottom": height - obj.y0 + mb_top, "doctop": top,
                         "y0": obj.y0, "y1": obj.y1, "width": obj.width, "height": obj.height,
                         "pts": [(x + mb_x0, height - y + mb_top) for x, y in obj.pts]}
                drawn.append(shape)
                if kind == "curve":
                    continue
                if obj.height <= 2.0 < obj.width:
                    rules.append((shape["x0"], shape["x1"], top))
                else:
                    ruled = True

    walk(page.layout)
    return chars, ruled, rules, drawn


def _assemble(page_lines: list[list[Line]], page_tables: list[list[PdfTable]],
              width: float = 0.0):
    """Order lines and tables, join tables across pages and lines into paragraphs, and
    write the text with the blocks' offsets."""
    items: list[Line | PdfTable] = []
    for lines, tables in zip(page_lines, page_tables):
        page_items: list[Line | PdfTable] = [*lines, *tables]
        page_items.sort(key=lambda item: item.top)
        for item in page_items:
            last = items[-1] if items else None
            if (isinstance(item, PdfTable) and isinstance(last, PdfTable)
                    and last.last_page == item.page - 1 and same_columns(last, item)
                    and item is page_items[0]):
                continue_table(last, item)
                last.last_page = item.page  # so a third page can continue it too
                continue
            items.append(item)
    columns = text_columns(page_lines, width)

    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0

    def write(text: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(text)
        pos += len(text)
        return start, pos

    paragraph: list[Line] = []

    def flush() -> None:
        if not paragraph:
            return
        text = paragraph[0].text
        wraps = []
        for above, line in zip(paragraph, paragraph[1:]):
            joined = text + " " + line.text if above.space_after else join_text(text, line.text)
            if len(joined) == len(text) + len(line.text):
                wraps.append(len(text))  # nothing drawn between the lines
            text = joined
        if parts:
            write("\n")
        start, end = write(text)
        blocks.append(Paragraph(index=len(blocks), text=fold_width(text), start=start,
                                end=end, page=paragraph[0].page,
                                wraps=tuple(start + at for at in wraps)))
        paragraph.clear()

    for item in items:
        if isinstance(item, Line):
            if paragraph and not continues(paragraph[-1], item, columns):
                flush()
            paragraph.append(item)
            continue
        flush()
        if parts:
            write("\n")
        blocks.append(render_table(item, write, len(blocks), pos))
    flush()
    return "".join(parts), blocks
