"""Cooperative budget checks for the readers: what a file's structure asks for is measured
before a library is allowed to allocate or loop on it, so `culturegov.parse` itself raises
InputTooLargeError / CorruptFileError instead of running away. Each check is called from
its reader in one line.

- check_zip_members: inflate every member of an OOXML zip with a streaming counter; the
  sizes its headers declare are never trusted (a member may say 5 kB and inflate to 1 GB).
- grid_columns: a table row's gridBefore/gridAfter/gridSpan, capped before any list of
  cells is built from it.
- close_pdf: close a PDF without pdfplumber's page walk (which loops on the same cycles).
- check_pdf: a PDF's page tree, /Contents and form XObjects walked with cycle detection and a
  count of the draws that nesting multiplies (10 forms each drawing the next 10 times).
"""
from __future__ import annotations

import re
import struct
import zlib

from ..errors import CorruptFileError, InputTooLargeError
from ..limits import get_limits

_CHUNK = 64 * 1024


# ---------------------------------------------------------------- zip (OOXML, OFD)

def check_zip_members(data: bytes, infos, path: str | None) -> None:
    """Inflate each member in chunks, counting; refuse a member that inflates to more than
    it declares (zipfile would trust the header and inflate it in one call) and a package
    whose real inflated size passes max_docx_inflated_bytes."""
    limit = get_limits().max_docx_inflated_bytes
    total = 0
    for info in infos:
        raw = _member_bytes(data, info, path)
        if info.compress_type == 0:  # stored
            size = len(raw)
        elif info.compress_type == 8:  # deflated
            size = _inflated_size(raw, max(info.file_size, 0), limit - total, info.filename, path)
        else:
            raise CorruptFileError(f"compresses {info.filename} with method "
                                   f"{info.compress_type}, which Word and OFD writers never use; "
                                   "re-save it", path=path)
        if size > info.file_size:
            raise CorruptFileError(
                f"declares {info.filename} as {info.file_size:,} bytes but it inflates to "
                "more; a damaged or crafted file, refusing to read it", path=path)
        total += size
        if total > limit:
            raise InputTooLargeError(
                f"inflates to more than {limit:,} bytes, over the limit; if the file is "
                "genuine raise it with culturegov.limits.set_limits(max_docx_inflated_bytes=...)",
                path=path)


def _member_bytes(data: bytes, info, path: str | None) -> memoryview:
    """The compressed bytes of a member, located through its local header."""
    start = info.header_offset
    header = data[start:start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise CorruptFileError(f"has a damaged part ({info.filename}); download it again or "
                               "re-save it", path=path)
    name_len, extra_len = struct.unpack("<2H", header[26:30])
    begin = start + 30 + name_len + extra_len
    return memoryview(data)[begin:begin + info.compress_size]


def _inflated_size(raw: memoryview, declared: int, room: int, name: str,
                   path: str | None) -> int:
    """How many bytes `raw` (raw deflate) inflates to, stopping just past what may be
    accepted: never more than one chunk is held."""
    stop = min(declared, room) + 1  # one byte more than allowed proves the excess
    inflater = zlib.decompressobj(-15)
    size = 0
    try:
        for offset in range(0, len(raw), _CHUNK):
            pending = raw[offset:offset + _CHUNK]
            while pending:
                size += len(inflater.decompress(pending, _CHUNK))
                if size >= stop:
                    return size
                pending = inflater.unconsumed_tail
        size += len(inflater.flush(_CHUNK))
    except zlib.error:
        raise CorruptFileError(f"has a damaged part ({name}); download it again or re-save "
                               "it", path=path) from None
    return size


# ---------------------------------------------------------------- OOXML attributes

def grid_columns(value: int, what: str = "a table row") -> int:
    """A grid-column count read from the XML (gridBefore, gridAfter, gridSpan, a row's
    width), refused above max_table_columns before cells are allocated for it."""
    limit = get_limits().max_table_columns
    if value > limit:
        raise CorruptFileError(f"{what} claims {value:,} grid columns (the limit is {limit:,}; "
                               "Word stops at 63): a damaged or crafted file, refusing to read it")
    return value


# ---------------------------------------------------------------- PDF structure

_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_MAX_FORM_BYTES = 16 * 1024 * 1024  # of one form's content read to count its draws


def check_pdf(doc, path: str | None) -> None:
    """Walk the page tree of a pdfminer PDFDocument before pdfminer builds its pages: a
    reference cycle where an object is expected is CorruptFileError, a page whose forms
    multiply into more than max_pdf_draws draws InputTooLargeError."""
    from pdfminer.pdftypes import PDFObjRef

    def resolve(value, what: str):
        seen = set()
        while isinstance(value, PDFObjRef):
            if value.objid in seen or len(seen) > 32:
                raise CorruptFileError(f"is a damaged PDF: {what} is a cycle of references "
                                       f"(object {value.objid}); re-export it", path=path)
            seen.add(value.objid)
            try:
                value = value.resolve()
            except Exception:  # noqa: BLE001 - a dangling reference: pdfminer's to report
                return None
        return value

    _check_reference_chains(doc, path)
    try:
        catalog = doc.catalog
    except Exception:  # noqa: BLE001
        return  # pdfminer reports a missing catalogue itself
    pages_limit = get_limits().max_pdf_pages
    stack, visited, pages = [catalog.get("Pages") if isinstance(catalog, dict) else None], set(), 0
    while stack and pages <= pages_limit:
        ref = stack.pop()
        if isinstance(ref, PDFObjRef):
            if ref.objid in visited:
                continue  # a page tree node listed twice (or a loop): pdfminer skips it too
            visited.add(ref.objid)
        node = resolve(ref, "the page tree")
        if not isinstance(node, dict):
            continue
        kids = resolve(node.get("Kids"), "the page tree")
        if isinstance(kids, list):
            stack.extend(reversed(kids))
            continue
        pages += 1
        _check_page(node, pages, resolve, path)


def _check_reference_chains(doc, path: str | None) -> None:
    """An object whose whole value is a reference to itself, or to another such object in a
    ring (`2 0 obj 2 0 R endobj`), loops pdfminer forever wherever it is reached (a font, a
    colour space: its resolve1 follows references until it finds a value). Every object of
    the cross-reference table is followed once; each chain is walked once (memoised)."""
    from pdfminer.pdftypes import PDFObjRef

    ended: set[int] = set()  # objects whose chain reaches a value (or a missing object)
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            chain: list[int] = []
            value: object = PDFObjRef(doc, objid)
            while isinstance(value, PDFObjRef) and value.objid not in ended:
                if value.objid in chain:
                    raise CorruptFileError(
                        f"is a damaged PDF: object {value.objid} is a cycle of references; "
                        "re-export it", path=path)
                chain.append(value.objid)
                try:
                    value = doc.getobj(value.objid)
                except Exception:  # noqa: BLE001 - missing or unparsable: pdfminer's to report
                    break
            ended.update(chain)


def _check_page(page: dict, number: int, resolve, path: str | None) -> None:
    contents = resolve(page.get("Contents"), f"page {number}'s /Contents")
    if isinstance(contents, list):
        streams = [resolve(item, f"page {number}'s /Contents") for item in contents]
    else:
        streams = [contents]
    memo: dict[int, int] = {}
    limit = get_limits().max_pdf_draws
    resources = resolve(page.get("Resources"), f"page {number}'s /Resources")
    draws = sum(_draws(stream, resources, resolve, memo, set(), limit, number, path)
                for stream in streams)
    if draws > limit:
        raise InputTooLargeError(
            f"page {number} expands to more than {limit:,} drawings through nested forms "
            "(max_pdf_draws): a crafted file, refusing to read it", path=path)


def _draws(stream, resources, resolve, memo: dict[int, int], active: set[int], limit: int,
           number: int, path: str | None) -> int:
    """Drawings that `stream` expands to: 1 + those of every form it invokes, recursively."""
    from pdfminer.pdftypes import PDFStream

    if not isinstance(stream, PDFStream):
        return 0
    key = id(stream)
    if key in memo:
        return memo[key]
    if key in active:
        raise CorruptFileError(f"is a damaged PDF: a form on page {number} draws itself; "
                               "re-export it", path=path)
    active.add(key)
    own = resolve(stream.attrs.get("Resources"), f"a form's /Resources on page {number}")
    resources = own if isinstance(own, dict) else resources  # forms may inherit (PDF 1.1)
    xobjects = resolve(resources.get("XObject"), "/XObject") if isinstance(resources, dict) else None
    total = 1
    for name in _DO.findall(_content(stream)):
        if not isinstance(xobjects, dict):
            break
        target = resolve(xobjects.get(name.decode("latin-1")), f"form /{name.decode('latin-1')}")
        total += _draws(target, resources, resolve, memo, active, limit, number, path)
        if total > limit:
            break  # enough to refuse; do not count on
    active.discard(key)
    memo[key] = total
    return total


def close_pdf(pdf) -> None:
    """Close a pdfplumber PDF without building its pages: pdfplumber's own close() reads
    them all, so on a file whose page tree loops it would hang in the `finally` that was
    meant to report the error. Never raises (it must not replace the error being raised)."""
    try:
        for page in getattr(pdf, "_pages", None) or []:
            page.close()
        if not pdf.stream_is_external:
            pdf.stream.close()
    except Exception:  # noqa: BLE001
        pass


def _content(stream) -> bytes:
    """A content stream's bytes, inflated by a bounded counter (never its whole bomb)."""
    from pdfminer.psparser import PSLiteral, literal_name

    raw = stream.rawdata if stream.rawdata is not None else stream.data
    if raw is None:
        return b""
    filters = [f for f, _ in stream.get_filters()] if hasattr(stream, "get_filters") else []
    # a filter is a name; anything else (a nested array 20 000 deep: str() of it recurses
    # past the limit) is a filter this count does not read
    if not all(isinstance(f, PSLiteral) for f in filters):
        return b""
    names = [literal_name(f) for f in filters]
    if not names:
        return bytes(raw[:_MAX_FORM_BYTES])
    if names != ["FlateDecode"]:
        return b""  # other filters: leave it to pdfminer (and the batch's time budget)
    inflater = zlib.decompressobj()
    try:
        return inflater.decompress(bytes(raw), _MAX_FORM_BYTES)
    except zlib.error:
        return b""
