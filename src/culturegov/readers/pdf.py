"""PDF → document text + Blocks, the same stream the text reader makes.

pdfplumber gives glyphs with positions and finds ruled tables. From them this reader
rebuilds the text as the author typed it: wrapped lines joined back into paragraphs (see
_pdf_layout), running headers, footers and page numbers dropped, each table read once as a
grid (not again as paragraphs), a table continued over a page break joined into one with its
repeated header row dropped. Paragraph.page is the 1-based page a paragraph starts on.
"""
from __future__ import annotations

import io
import logging
import unicodedata
from dataclasses import dataclass, field

from ..errors import (
    CorruptFileError,
    EncryptedFileError,
    InputTooLargeError,
    NoTextLayerError,
)
from ..limits import get_limits
from ..normalize.text import fold_width
from ..blocks import Block, Cell, Paragraph, Table
from .guards import check_pdf, close_pdf
from .pdf_lines import (
    FINAL,
    Line,
    cell_lines_to_text,
    continues,
    group_lines,
    join_text,
    remove_page_furniture,
    right_margin,
)

log = logging.getLogger(__name__)

# Placeholders in a table grid for a position covered by a merged cell.
UP, LEFT = "up", "left"


@dataclass
class PdfCell:
    text: str
    room: float = 0.0  # space left after its last line
    lead: float = 0.0  # width of the first unbreakable unit of its first line
    spans_rows: bool = False
    size: float = 0.0  # font size of its first line

    def wraps_into(self, below: PdfCell) -> bool:
        """Whether `below` (the same column on the next page) continues this cell's text."""
        return (bool(self.text) and self.room < below.lead + 0.1 * (below.size or 10.0) + 0.5
                and not FINAL.search(self.text))


@dataclass
class PdfTable:
    page: int
    top: float
    bottom: float
    x_edges: list[float]
    rows: list[list[PdfCell | str]] = field(default_factory=list)
    last_page: int = 0  # the page it ends on, once continued over page breaks

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page


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
        page_lines, tables, heights, chars, unmapped = [], [], [], 0, 0
        for number, page in enumerate(pages, start=1):
            lines, page_tables, count, no_unicode = _read_page(page, number, path)
            page_lines.append(lines)
            tables.append(page_tables)
            heights.append(float(page.height))
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
    page_lines = remove_page_furniture(page_lines, heights)
    return _assemble(page_lines, tables)


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


def _read_page(page, number: int, path: str | None) -> tuple[list[Line], list[PdfTable], int, int]:
    """(lines outside tables, tables, characters drawn, characters without Unicode)."""
    try:
        chars, ruled = _page_chars(page)
        # Only a page that draws lines or rectangles can hold a ruled table. The table finder
        # needs pdfplumber's full object model, so such a page takes pdfplumber's characters.
        if chars and ruled:
            chars = [c for c in page.chars if c["text"]]
            found_tables = page.find_tables()
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
        table = _read_table(found, chars, number)
        if table is not None:
            tables.append(table)
    if tables:
        boxes = [(t.x_edges[0], t.top, t.x_edges[-1], t.bottom) for t in tables]
        chars = [c for c in chars if not any(_inside(c, box) for box in boxes)]
    return group_lines(chars, number), tables, count, unmapped


def _page_chars(page) -> tuple[list[dict], bool]:
    """The page's characters, read off pdfminer's layout with just the fields this reader
    uses (text, x0, x1, top, bottom, size, upright) in pdfplumber's coordinates, and whether
    the page draws lines or rectangles. pdfplumber's own character dicts resolve some twenty
    attributes each (colours, fonts, matrices): a quarter of the time of reading a page."""
    from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = (float(v) for v in page.mediabox[:2])
    unicode_norm = page.pdf.unicode_norm
    chars: list[dict] = []
    ruled = False

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
            elif isinstance(obj, (LTLine, LTRect)):
                ruled = True

    walk(page.layout)
    return chars, ruled


def _inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _read_table(found, chars: list[dict], page: int) -> PdfTable | None:
    rows = found.rows
    width = max((len(row.cells) for row in rows), default=0)
    if len(rows) < 2 or width < 2:
        return None  # a box around a paragraph is not a table
    x0, top, x1, bottom = found.bbox
    table_chars = [c for c in chars if _inside(c, found.bbox)]
    boxes = [cell for row in rows for cell in row.cells if cell is not None]
    by_box: dict[tuple, list[dict]] = {box: [] for box in boxes}
    for char in table_chars:
        box = _cell_of(char, rows, boxes)
        if box is not None:
            by_box[box].append(char)
    row_tops = [row.bbox[1] for row in rows]
    column_edges = sorted({round(cell[0], 1) for cell in boxes} | {round(x1, 1)})
    lines_by_box = {box: group_lines(by_box[box], page) for box in boxes}
    # Cell padding per column, from the text closest to the left rule; capped, so that a
    # column of centred text does not pass for one with a huge padding.
    padding: dict[float, float] = {}
    for box, lines in lines_by_box.items():
        for line in lines:
            cap = max(6.0, 0.5 * line.size)
            key = round(box[0], 1)
            padding[key] = min(padding.get(key, cap), max(line.x0 - box[0], 0.0))
    table = PdfTable(page=page, top=top, bottom=bottom, x_edges=column_edges)
    for r, row in enumerate(rows):
        out: list[PdfCell | str] = []
        for c, box in enumerate(row.cells):
            if box is None:
                out.append(_covered_by(found, r, c, rows))
                continue
            lines = lines_by_box[box]
            text, room = cell_lines_to_text(lines, box[2] - padding.get(round(box[0], 1), 2.0))
            spans = sum(1 for t in row_tops if box[1] - 1 < t < box[3] - 1) > 1
            out.append(PdfCell(text=text, room=room, lead=lines[0].lead if lines else 0.0,
                               spans_rows=spans, size=lines[0].size if lines else 0.0))
        out.extend(PdfCell("") for _ in range(width - len(out)))
        table.rows.append(out)
    return table


def _cell_of(char: dict, rows, boxes: list[tuple]) -> tuple | None:
    """The cell box holding the character: looked for in the row at its height first (a
    few cells instead of the whole table), then, for the lower part of a cell merged down
    over several rows, among all cells."""
    y = (char["top"] + char["bottom"]) / 2
    for row in rows:
        if row.bbox[1] <= y <= row.bbox[3]:
            for box in row.cells:
                if box is not None and _inside(char, box):
                    return box
            break
    return next((box for box in boxes if _inside(char, box)), None)


def _covered_by(found, r: int, c: int, rows) -> str:
    """A grid position without its own cell is covered by a merged cell: from above or from
    the left, whichever cell's box reaches over it."""
    row_box = rows[r].bbox
    columns = found.columns
    if c < len(columns):
        x = (columns[c].bbox[0] + columns[c].bbox[2]) / 2
        y = (row_box[1] + row_box[3]) / 2
        for cell in found.cells:
            if cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
                return UP if cell[1] < row_box[1] - 1 else LEFT
    return UP if r else LEFT


def _same_columns(a: PdfTable, b: PdfTable) -> bool:
    return (len(a.rows[0]) == len(b.rows[0])
            and abs(a.x_edges[0] - b.x_edges[0]) < 5 and abs(a.x_edges[-1] - b.x_edges[-1]) < 5)


def _texts(row: list[PdfCell | str]) -> list[str]:
    return [cell.text.replace("\n", "") if isinstance(cell, PdfCell) else "" for cell in row]


def _continue_table(previous: PdfTable, table: PdfTable) -> None:
    """Append a table continued from the previous page onto it."""
    rows = table.rows
    if rows and _texts(rows[0]) == _texts(previous.rows[0]):
        rows = rows[1:]  # the header row repeated on every page
    if rows:
        first, last = rows[0], previous.rows[-1]
        # A merged cell cut by the page break starts empty on the new page: it is still
        # the merged cell from above.
        first = [UP if isinstance(cell, PdfCell) and not cell.text and cell.spans_rows
                 else cell for cell in first]
        rows = [first] + rows[1:]
        if _is_split_row(last, first):
            merged = []
            for upper, lower in zip(last, first):
                if isinstance(lower, PdfCell) and lower.text and isinstance(upper, PdfCell):
                    glue = join_text(upper.text, lower.text) if upper.wraps_into(lower) \
                        else upper.text + "\n" + lower.text
                    upper = PdfCell(glue, lower.room, upper.lead, upper.spans_rows)
                merged.append(upper)
            previous.rows[-1] = merged
            rows = rows[1:]
    previous.rows.extend(rows)
    previous.bottom = table.bottom


def _is_split_row(last: list, first: list) -> bool:
    """A row cut by the page break: the new page's first row starts no new number, every
    cell with text continues a non-empty cell above, and at least one visibly runs on (the
    cell above has no room left for the first word below and ends no sentence)."""
    cells = [cell if isinstance(cell, PdfCell) else PdfCell("") for cell in first]
    uppers = [cell if isinstance(cell, PdfCell) else PdfCell("") for cell in last]
    if cells[0].text or not any(cell.text for cell in cells):
        return False
    if any(cell.text and not upper.text for upper, cell in zip(uppers, cells)):
        return False
    return any(cell.text and upper.wraps_into(cell) for upper, cell in zip(uppers, cells))


def _assemble(page_lines: list[list[Line]], page_tables: list[list[PdfTable]]):
    """Order lines and tables, join tables across pages and lines into paragraphs, and
    write the text with the blocks' offsets."""
    items: list[Line | PdfTable] = []
    for lines, tables in zip(page_lines, page_tables):
        page_items: list[Line | PdfTable] = [*lines, *tables]
        page_items.sort(key=lambda item: item.top)
        for item in page_items:
            last = items[-1] if items else None
            if (isinstance(item, PdfTable) and isinstance(last, PdfTable)
                    and last.last_page == item.page - 1 and _same_columns(last, item)
                    and item is page_items[0]):
                _continue_table(last, item)
                last.last_page = item.page  # so a third page can continue it too
                continue
            items.append(item)
    body_lines = [line for lines in page_lines for line in lines]
    right = right_margin(body_lines)

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
        for line in paragraph[1:]:
            text = join_text(text, line.text)
        if parts:
            write("\n")
        start, end = write(text)
        blocks.append(Paragraph(index=len(blocks), text=fold_width(text), start=start,
                                end=end, page=paragraph[0].page))
        paragraph.clear()

    for item in items:
        if isinstance(item, Line):
            if paragraph and not continues(paragraph[-1], item, right):
                flush()
            paragraph.append(item)
            continue
        flush()
        if parts:
            write("\n")
        blocks.append(_render_table(item, write, len(blocks), pos))
    flush()
    return "".join(parts), blocks


def _render_table(table: PdfTable, write, index: int, table_start: int) -> Table:
    rows: list[list[Cell]] = []
    end = table_start
    for r, raw in enumerate(table.rows):
        if r:
            _, end = write("\n")
        row: list[Cell] = []
        for c, cell in enumerate(raw):
            if c:
                _, end = write("\t")
            if isinstance(cell, PdfCell):
                start, end = write(cell.text)
                row.append(Cell(text=fold_width(cell.text), start=start, end=end))
            elif cell == UP and rows and c < len(rows[-1]):
                row.append(rows[-1][c])  # merged with the cell above: same text and offsets
            elif row:
                row.append(row[-1])
            else:
                row.append(Cell(start=end, end=end))
        rows.append(row)
    return Table(index=index, rows=rows, start=table_start, end=end, page=table.page)
