"""Word (.docx) → document text + Blocks, the same stream the text reader makes.

docx_package finds and parses the parts read here (the main document, its numbering, its
styles when a list needs them) by python-docx's rules; the body XML is then walked directly
with lxml, because what matters here (automatic numbering, merged cells, nested tables, text
boxes) is below what python-docx's object model exposes, and walking the XML once is also
much faster.

The text is built the way the text reader would see the same document saved as text: one
line per paragraph (a line break inside a paragraph starts a new line), and a table as its
cells joined by tabs and its rows by newlines.
"""
from __future__ import annotations

import io
import logging
import zipfile
import zlib

from ..errors import (
    CorruptFileError,
    EncryptedFileError,
    InputTooLargeError,
    UnsupportedFormatError,
)
from ..limits import get_limits
from ..normalize.text import fold_width
from ..blocks import Block, Cell, Paragraph, Table
from ..blocks.writer import TextWriter
from .docx_numbering import Numbering, first_children
from .docx_package import WordPackage
from .guards import check_zip_members, grid_columns
from .sniff import ENCRYPTED_PACKAGE, OLE2_MAGIC

log = logging.getLogger(__name__)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (
    W + "p", W + "tbl", W + "tr", W + "tc", W + "sdt", W + "sdtContent", W + "customXml")
T, TAB, BR, CR, PPR, RPR = W + "t", W + "tab", W + "br", W + "cr", W + "pPr", W + "rPr"
TXBX = W + "txbxContent"
VAL = W + "val"
TR_PR, GRID_BEFORE, GRID_AFTER = W + "trPr", W + "gridBefore", W + "gridAfter"
TC_PR, GRID_SPAN, V_MERGE, H_MERGE = W + "tcPr", W + "gridSpan", W + "vMerge", W + "hMerge"
# Run content that is not visible text: deleted revisions, field codes, properties.
_SKIP = {W + "delText", W + "instrText", W + "delInstrText", W + "del", PPR, RPR,
         W + "moveFrom", W + "footnoteReference", W + "endnoteReference"}
_CONVERT = "soffice --headless --convert-to docx FILE"


def read_docx(data: bytes, path: str | None = None) -> tuple[str, list[Block]]:
    """The document text and its blocks; raises a CulturegovError the user can act on."""
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            raise EncryptedFileError(
                "is a password-protected Word document; open it in Word or WPS, remove the "
                "password (File > Info > Protect Document) and save it again", path=path)
        raise UnsupportedFormatError(
            f"is an old binary Word file (.doc/.wps); convert it with `{_CONVERT}`", path=path)
    package = WordPackage(_check_package(data, path), path)
    body = _body(package.main_element(), path)
    # The numbering and styles parts (the styles often larger than the body) are parsed
    # when a paragraph first needs them.
    numbering = Numbering(numbering=lambda: package.related_element("/numbering"),
                          styles=lambda: package.related_element("/styles"))
    builder = _Builder(numbering)
    builder.body(body)
    return builder.result()


def _body(element, path: str | None):
    """The main part's <w:body>; a main part whose root is some other element is damaged."""
    body = element.find(W + "body") if element.tag == W + "document" else None
    if body is None:
        raise CorruptFileError("is a damaged Word file (its main part holds no document "
                               "body); download it again or re-save it from Word", path=path)
    return body


def _check_package(data: bytes, path: str | None) -> zipfile.ZipFile:
    """Refuse zip bombs and XML entity tricks before anything is inflated or parsed; the
    opened archive."""
    limits = get_limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise CorruptFileError(
            "is a damaged or truncated Word file (its zip directory cannot be read); "
            "download it again or re-save it from Word", path=path) from None
    inflated = sum(info.file_size for info in infos)
    compressed = sum(info.compress_size for info in infos) or 1
    if inflated > limits.max_docx_inflated_bytes:
        raise InputTooLargeError(
            f"would inflate to {inflated:,} bytes, over the limit of "
            f"{limits.max_docx_inflated_bytes:,}; if the file is genuine raise it with "
            "culturegov.limits.set_limits(max_docx_inflated_bytes=...)", path=path)
    if inflated / compressed > limits.max_docx_ratio:
        raise InputTooLargeError(
            f"inflates {inflated / compressed:,.0f} times (limit {limits.max_docx_ratio}); "
            "this looks like a zip bomb, not a Word file", path=path)
    if any(info.flag_bits & 0x1 for info in infos):
        raise EncryptedFileError("has password-protected zip members; remove the password "
                                 "and save it again", path=path)
    check_zip_members(data, infos, path)  # the declared sizes above may lie
    # Word never writes a DOCTYPE; one in a part can only be an entity-expansion or external
    # entity attack. The declaration must precede the root element, so the head suffices.
    # (the parts are also parsed with resolve_entities=False and no network.)
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            try:
                with archive.open(info) as member:
                    head = member.read(4096)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
                raise CorruptFileError(f"has a damaged part ({info.filename}); download it "
                                       "again or re-save it from Word", path=path) from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise CorruptFileError(
                    f"declares XML entities in {info.filename}, which Word never writes; "
                    "refusing to read it. Re-save it from Word if you trust the source",
                    path=path)
    return archive


class _Builder(TextWriter):
    """Accumulates the document text and the blocks whose offsets point into it."""

    def __init__(self, numbering: Numbering):
        super().__init__()
        self.numbering = numbering

    # -- body ------------------------------------------------------------------------
    def body(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag in (SDT, SDT_CONTENT, CUSTOM_XML):
                inner = child.find(SDT_CONTENT) if tag == SDT else child
                if inner is not None:
                    self.body(inner)
            elif tag == W + "altChunk":
                log.warning("skipping an embedded foreign document (altChunk) in a .docx")

    def paragraph(self, p) -> None:
        lines, boxes, number = paragraph_lines(p, self.numbering)
        for i, line in enumerate(lines):
            self._new_line()
            start, end = self._write(line)
            if line.strip():
                self.blocks.append(Paragraph(index=len(self.blocks), text=fold_width(line),
                                             start=start, end=end,
                                             list_number=number if i == 0 else None))
        for box in boxes:  # text boxes are read after their anchor paragraph
            self.body(box)

    def table(self, tbl) -> None:
        self._new_line()
        table_start = self.pos
        raw_rows = read_table(tbl, self.numbering)
        rows: list[list[Cell]] = []
        above: list[Cell] = []
        for r, (before, cells, after) in enumerate(raw_rows):
            if r:
                self._write("\n")
            row: list[Cell] = [Cell(start=self.pos, end=self.pos) for _ in range(before)]
            for c, (text, span, v_continue, h_continue) in enumerate(cells):
                if c:
                    self._write("\t")
                start, end = self._write(text)
                own = Cell(text=fold_width(text), start=start, end=end)
                for _ in range(span):
                    column = len(row)
                    if v_continue and column < len(above):
                        row.append(above[column])  # a merged cell shows the one above it
                    elif h_continue and row:
                        row.append(row[-1])
                    else:
                        row.append(own)
            row.extend(Cell(start=self.pos, end=self.pos) for _ in range(after))
            rows.append(row)
            above = row
        width = max((len(row) for row in rows), default=0)
        for row in rows:  # ragged rows (a missing trailing cell) padded so columns align
            row.extend(Cell(start=row[-1].end if row else self.pos,
                            end=row[-1].end if row else self.pos)
                       for _ in range(width - len(row)))
        if rows:
            self.blocks.append(Table(index=len(self.blocks), rows=rows, start=table_start,
                                     end=self.pos))


def paragraph_lines(p, numbering: Numbering) -> tuple[list[str], list, str | None]:
    """(visible lines, text-box containers, list number) of one w:p."""
    pieces: list[str] = []
    boxes: list = []
    _collect_runs(p, pieces, boxes)
    text = "".join(pieces)
    number = numbering.number_for(p)
    if number is not None:
        label, suffix = number
        text = label + suffix + text
        number = label
    return text.split("\n"), boxes, number


def _collect_runs(element, out: list[str], boxes: list) -> None:
    for child in element:
        tag = child.tag
        if tag == T:
            # .text stops at a child (an XML comment or processing instruction): join all
            out.append("".join(child.itertext()) if len(child) else child.text or "")
        elif tag in _SKIP or not isinstance(tag, str):
            continue  # also comments and processing instructions (tag is not a str)
        elif tag == TAB:
            out.append("\t")
        elif tag in (BR, CR):
            # Page and column breaks are layout, not a line of text.
            if child.get(W + "type") in (None, "textWrapping"):
                out.append("\n")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        elif tag == TXBX:
            boxes.append(child)
        elif tag == MC + "AlternateContent":
            choice = child.find(MC + "Choice")  # Fallback repeats the same content
            if choice is not None:
                _collect_runs(choice, out, boxes)
        else:
            _collect_runs(child, out, boxes)


def read_table(tbl, numbering: Numbering) -> list[tuple[int, list[tuple[str, int, bool, bool]], int]]:
    """Rows of a w:tbl as (grid cells before, [(text, span, v-continued, h-continued)], after)."""
    rows = []
    for tr in _children(tbl, TR):
        before = after = 0
        tr_pr, = first_children(tr, (TR_PR,))
        if tr_pr is not None:
            grid_before, grid_after = first_children(tr_pr, (GRID_BEFORE, GRID_AFTER))
            before = grid_columns(_int_val(grid_before, 0))
            after = grid_columns(_int_val(grid_after, 0))
        cells = []
        for tc in _children(tr, TC):
            span, v_continue, h_continue = 1, False, False
            tc_pr, = first_children(tc, (TC_PR,))
            if tc_pr is not None:
                grid_span, v_merge, h_merge = first_children(tc_pr, (GRID_SPAN, V_MERGE, H_MERGE))
                span = max(1, grid_columns(_int_val(grid_span, 1)))
                # Word may omit w:val on a continuing cell; LibreOffice writes "continue".
                v_continue = v_merge is not None and v_merge.get(VAL, "continue") != "restart"
                h_continue = h_merge is not None and h_merge.get(VAL, "continue") != "restart"
            cells.append((cell_text(tc, numbering), span, v_continue, h_continue))
        grid_columns(before + sum(cell[1] for cell in cells) + after)  # the whole row too
        rows.append((before, cells, after))
    return rows


def cell_text(tc, numbering: Numbering) -> str:
    """A cell's paragraphs and line breaks as '\\n'-separated lines, blank lines dropped."""
    lines: list[str] = []
    _cell_lines(tc, numbering, lines)
    return "\n".join(line for line in lines if line.strip())


def _cell_lines(container, numbering: Numbering, lines: list[str]) -> None:
    for child in container:
        tag = child.tag
        if tag == P:
            para_lines, boxes, _ = paragraph_lines(child, numbering)
            lines.extend(para_lines)
            for box in boxes:
                _cell_lines(box, numbering, lines)
        elif tag == TBL:
            # A nested table is flattened into its cell: cells by spaces, rows by lines
            # (a tab would read as a column of the outer table).
            for _, cells, _ in read_table(child, numbering):
                texts = [text.replace("\n", " ") for text, _, v_cont, _ in cells if not v_cont]
                lines.append(" ".join(t for t in texts if t))
        elif tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            inner = child.find(SDT_CONTENT) if tag == SDT else child
            if inner is not None:
                _cell_lines(inner, numbering, lines)


def _children(element, tag: str):
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, SDT_CONTENT, CUSTOM_XML):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _children(inner, tag)


def _int_val(element, default: int) -> int:
    if element is None:
        return default
    try:
        return int(element.get(VAL, default))
    except ValueError:
        return default
