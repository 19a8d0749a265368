"""PDF → document text + Blocks, the same stream the text reader makes.

PDFium (pdfium_chars) gives each page's glyphs with positions and its drawings, pdfminer the
same records for the pages PDFium cannot read as it would; pdfplumber finds the ruled
tables. From them this reader rebuilds the text as the author typed it: wrapped lines joined
back into paragraphs (see pdf_lines), running headers, footers and page numbers dropped, each
table read once as a grid (not again as paragraphs, see pdf_tables), a table continued over
a page break joined into one with its repeated header row dropped. Paragraph.page is the 1-based page a paragraph starts on.
"""
from __future__ import annotations

import contextlib
import io
import logging
import threading
import unicodedata
from dataclasses import dataclass

from ..errors import (
    CorruptFileError,
    EncryptedFileError,
    InputTooLargeError,
    NoTextLayerError,
)
from ..limits import get_limits
from ..settings import get_settings
from ..normalize.text import fold_width
from ..blocks import Block, Paragraph
from ..models import Finding
from .guards import check_pdf, close_pdf
from .pdf_streams import check_raw_streams, check_streams
from .pdf_grid import find_tables, classify_drawings
from .pdf_glyphs import unmapped_count, unmapped_finding
from .pdf_orientation import (UPRIGHT, baseline_direction, dominant_direction, frame_size,
                              sideways_finding, turn)
from .pdf_lines import (PAGE_NUMBER, Line, continues, group_lines, join_text,
                        remove_page_furniture, text_columns)
from .pdf_tables import PdfTable, continue_table, outside, read_table, render_table, same_columns

log = logging.getLogger(__name__)
PDFIUM_LOCK = threading.Lock()


def read_pdf(data: bytes, path: str | None = None
             ) -> tuple[str, list[Block], None, list[Finding]]:
    """The document text, its blocks and what a user should know about the text layer
    (glyphs without Unicode, text left out for its direction); raises a CulturegovError
    the user can act on."""
    limits = get_limits()
    check_raw_streams(data, path)  # the index streams pdfminer inflates while opening
    pdf = _open(data, path)
    with contextlib.ExitStack() as cleanup:  # each step runs even if one before it raises
        cleanup.callback(close_pdf, pdf)  # not pdf.close(): it walks every page, and may loop
        check_streams(pdf.doc, path)  # every other stream, before any is decoded
        check_pdf(pdf.doc, path)  # cycles and form bombs, before pdfminer builds the pages
        pages = _pages(pdf, path)
        if len(pages) > limits.max_pdf_pages:
            raise InputTooLargeError(
                f"has {len(pages)} pages, over the limit of {limits.max_pdf_pages}; split it "
                "or raise the limit with culturegov.limits.set_limits(max_pdf_pages=...)",
                path=path)
        page_lines, tables, heights, widths, rules = [], [], [], [], []
        unmapped: dict[int, tuple[int, int]] = {}
        sideways: dict[int, int] = {}
        fast = None
        if get_settings().pdf_characters == "pdfium":
            cleanup.enter_context(PDFIUM_LOCK)  # PDFium is not thread-safe: one file at a time
            fast = _pdfium(data, pdf)
            if fast:
                cleanup.callback(fast[0].close)
        for number, page in enumerate(pages, start=1):
            read = _read_page(page, number, path, fast)
            rules.append(read.rules)
            page_lines.append(read.lines)
            tables.append(read.tables)
            widths.append(read.size[0])
            heights.append(read.size[1])
            unmapped[number] = (read.unmapped, read.visible)
            sideways[number] = read.sideways
    chars = sum(visible for _, visible in unmapped.values())
    no_unicode = sum(n for n, _ in unmapped.values())
    if chars and no_unicode > chars / 2:
        raise NoTextLayerError(
            f"has a text layer without Unicode mapping ({no_unicode} of {chars} characters "
            f"come out as glyph numbers or private-use characters) on its {len(pages)} "
            "page(s): it needs OCR, e.g. "
            "`ocrmypdf --force-ocr -l chi_sim in.pdf out.pdf`, then parse the result", path=path)
    if chars == 0:
        raise NoTextLayerError(
            f"has no text layer: its {len(pages)} page(s) are images (a scan). It needs OCR "
            "first, e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`, then parse the result", path=path)
    page_lines = remove_page_furniture(page_lines, heights, rules)
    text, blocks = _assemble(page_lines, tables, max(widths))
    findings = [f for f in (unmapped_finding(unmapped), sideways_finding(sideways)) if f]
    return text, blocks, None, findings


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


@dataclass(slots=True)
class _Page:
    lines: list[Line]  # outside tables
    tables: list[PdfTable]
    rules: list[tuple[float, float, float]]  # horizontal rules as (x0, x1, y)
    size: tuple[float, float]  # (width, height) as read: a sideways page turned upright
    visible: int  # characters drawn, spaces aside
    unmapped: int  # of them, glyphs without Unicode
    sideways: int  # of them, left out for reading in another direction than the page


def _pdfium(data: bytes, pdf):
    """(the file opened by PDFium, a PageReader), or None when PDFium refuses it: every
    page is then read by pdfminer, which reports what is wrong."""
    from .pdfium_chars import PageReader

    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        if len(document) != len(pdf.pages):
            document.close()
            return None  # the two disagree on the page tree: trust pdfminer's
    except Exception:  # noqa: BLE001 - any refusal means: use the fallback
        return None
    return document, PageReader(pdf.unicode_norm)


def _read_page(page, number: int, path: str | None, fast=None) -> _Page:
    """The page read off PDFium's records (`fast`: its document and page reader) when it
    can read the page as pdfminer would, else off pdfminer's."""
    try:
        from_pdfium = _pdfium_page(page, number, fast) if fast else None
        if from_pdfium:
            chars, ruled, rules, drawn = from_pdfium
            size = (float(page.width), float(page.height))  # PDFium declines turned pages
        else:
            chars, ruled, rules, drawn, size = _page_chars(page)
        # Only a page that draws upright lines or boxes can hold a ruled table. The table
        # finder is handed the page's drawings as explicit edges: otherwise it would have
        # pdfplumber resolve every object of the page (a fifth of the time of reading it).
        if chars and ruled:
            found_tables = find_tables(page, drawn)
        else:
            found_tables = []
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many types on damaged streams
        raise CorruptFileError(f"page {number} cannot be read ({type(exc).__name__}: {exc}); "
                               "the file is damaged, re-export it", path=path) from None
    visible = [c for c in chars if not c["text"].isspace()]
    # pdfminer writes a glyph without Unicode as "(cid:N)"; PDFium flags its font instead
    unmapped = unmapped_count(visible)
    if from_pdfium:
        unmapped = max(unmapped, fast[1].unmapped)
    tables: list[PdfTable] = []
    for found in found_tables:
        table = read_table(found, chars, number)
        if table is not None:
            tables.append(table)
    if tables:
        boxes = [(t.x_edges[0], t.top, t.x_edges[-1], t.bottom) for t in tables]
        chars = outside(chars, boxes)
    return _Page(group_lines(chars, number), tables, rules, size, len(visible), unmapped,
                 _sideways(visible))


def _sideways(visible: list[dict]) -> int:
    """Characters left out of the lines for their direction, unless all they say is a page
    number (an upright folio on a sheet whose table is printed sideways): furniture."""
    left_out = [c for c in visible if not c["upright"]]
    if left_out and PAGE_NUMBER.fullmatch("".join(c["text"] for c in left_out)):
        return 0
    return len(left_out)


def _pdfium_page(page, number: int, fast):
    """The page's records read by PDFium, or None: pdfminer reads it."""
    from .pdfium_chars import font_descents

    document, reader = fast
    try:
        resources = page.page_obj.resources
        # PDFium expands a page's forms as soon as it counts the page's objects, outside
        # any guard of ours (a form bomb with the draw guard raised would end the process);
        # a page with forms is pdfminer's anyway.
        if _draws_forms(resources):
            return None
        descents = font_descents(resources, reader.descents)
        if descents is None:
            return None
        pdfium_page = document[number - 1]
    except Exception:  # noqa: BLE001 - a damaged font or a page PDFium cannot load
        return None
    try:
        return reader.read(pdfium_page, float(page.height),
                           tuple(float(v) for v in page.mediabox[:2]), descents)
    except Exception:  # noqa: BLE001 - whatever PDFium trips on, pdfminer reads the page
        log.debug("page %d: PDFium failed, reading it with pdfminer", number, exc_info=True)
        return None
    finally:
        pdfium_page.close()


def _draws_forms(resources) -> bool:
    """Whether a page's (pdfminer) /Resources name a form XObject."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    objects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    for ref in (objects.values() if isinstance(objects, dict) else ()):
        spec = resolve1(ref)
        subtype = spec.get("Subtype") if hasattr(spec, "get") else None
        if subtype is not None and literal_name(subtype) == "Form":
            return True
    return False


def _page_chars(page):
    """The page's characters, read off pdfminer's layout with just the fields this reader
    uses (text, x0, x1, top, bottom, size, upright) in pdfplumber's coordinates, turned so
    that the page's text reads upright (pdf_orientation); whether the page draws upright
    lines or boxes (a table's grid needs them); its horizontal rules (a running header's
    underline is one, and alone needs no table finder); every line, box and curve drawn, as
    the table finder's edge sources; and the (width, height) of the turned page.
    pdfplumber's own character dicts resolve some twenty attributes each (colours, fonts,
    matrices): a quarter of the time of reading a page."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
    unicode_norm = page.pdf.unicode_norm
    chars: list[dict] = []
    drawn: list[dict] = []

    def walk(objects) -> None:
        for obj in objects:
            if isinstance(obj, LTChar):
                text = obj.get_text()
                if unicode_norm is not None:
                    text = unicodedata.normalize(unicode_norm, text)
                if text:
                    chars.append({"text": text, "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                                  "top": height - obj.y1 + mb_top,
                                  "bottom": height - obj.y0 + mb_top,
                                  "size": obj.size, "upright": obj.upright,
                                  "direction": baseline_direction(obj.matrix)})
            elif isinstance(obj, LTContainer):  # a figure or form: its children count too
                walk(obj)
            elif isinstance(obj, LTCurve):
                kind = "line" if isinstance(obj, LTLine) else \
                    "rect" if isinstance(obj, LTRect) else "curve"
                top = height - obj.y1 + mb_top
                drawn.append({"object_type": kind, "x0": obj.x0 + mb_x0, "x1": obj.x1 + mb_x0,
                              "top": top, "bottom": height - obj.y0 + mb_top, "doctop": top,
                              "y0": obj.y0, "y1": obj.y1, "width": obj.width,
                              "height": obj.height,
                              "pts": [(x + mb_x0, height - y + mb_top) for x, y in obj.pts]})

    walk(page.layout)
    direction = dominant_direction(chars)
    size = (float(page.width), height)
    if direction != UPRIGHT:  # a sideways or upside-down page: read it as printed
        turn(chars, direction, (mb_x0, mb_top), size)
        turn(drawn, direction, (mb_x0, mb_top), size)
        for char in chars:
            char["upright"] = char["direction"] == direction
        size = frame_size(direction, *size)
    ruled, rules = classify_drawings(drawn)
    return chars, ruled, rules, drawn, size


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
