"""OFD (GB/T 33190), China's format for official electronic documents: bytes → text, Blocks.

An OFD file is a zip of XML: OFD.xml names the document root (Doc_0/Document.xml), which
lists the pages (Pages/Page_N/Content.xml); a page's text objects carry their box on the
page (Boundary, millimetres from the top left), a font size, an optional transform (CTM)
and text codes whose glyphs start at X/Y (the baseline) and advance by DeltaX. Each glyph
is placed like a PDF character (in points), so the PDF reader's line, paragraph and
furniture logic reads the pages unchanged. Template pages (running headers drawn by a
template) are not read: they are page furniture.

Written over lxml: the OFD packages on the package index pull in PyMuPDF (AGPL).
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from ..errors import CorruptFileError, InputTooLargeError, NoTextLayerError
from ..limits import get_limits
from .guards import check_zip_members

MM_TO_PT = 72 / 25.4
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")


def read_ofd(data: bytes, path: str | None = None):
    from .pdf import _assemble  # the PDF reader's paragraph and table assembly
    from .pdf_lines import group_lines, remove_page_furniture

    archive = _open(data, path)
    pages = _page_paths(archive, path)
    limits = get_limits()
    if len(pages) > limits.max_pdf_pages:
        raise InputTooLargeError(
            f"has {len(pages)} pages, over the limit of {limits.max_pdf_pages}; split it or "
            "raise the limit with culturegov.limits.set_limits(max_pdf_pages=...)", path=path)
    page_lines, heights, count = [], [], 0
    for number, (content_path, height) in enumerate(pages, start=1):
        chars = _page_chars(_xml(archive, content_path, path), height)
        count += sum(1 for c in chars if not c["text"].isspace())
        page_lines.append(group_lines(chars, number))
        heights.append(height)
    if count == 0:
        raise NoTextLayerError(
            f"is an OFD file whose {len(pages)} page(s) hold no text objects (images only, "
            "a scan): it needs OCR first", path=path)
    page_lines = remove_page_furniture(page_lines, heights)
    return _assemble(page_lines, [[] for _ in page_lines])


def _open(data: bytes, path: str | None) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptFileError(f"is a damaged OFD file ({exc}); download it again",
                               path=path) from None
    limits = get_limits()
    inflated = sum(info.file_size for info in infos)
    packed = max(1, sum(info.compress_size for info in infos))
    if inflated > limits.max_docx_inflated_bytes or inflated > limits.max_docx_ratio * packed:
        raise InputTooLargeError(
            f"is an OFD file that inflates to {inflated:,} bytes from {packed:,}; it looks like "
            "a zip bomb. Raise max_docx_inflated_bytes / max_docx_ratio if it is genuine",
            path=path)
    check_zip_members(data, infos, path)  # the declared sizes above may lie
    return archive


def _xml(archive: zipfile.ZipFile, name: str, path: str | None):
    from lxml import etree

    try:
        raw = archive.read(name)
    except KeyError:
        raise CorruptFileError(f"is a damaged OFD file: {name} is missing; download it again",
                               path=path) from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # truncated member, bad CRC
        raise CorruptFileError(f"is a damaged OFD file: {name} cannot be unpacked ({exc})",
                               path=path) from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(raw, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(f"is a damaged OFD file: {name} is not well-formed ({exc})",
                               path=path) from None


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(element, name: str):
    return [e for e in element.iter() if _local(e) == name]


def _resolve(base_dir: str, loc: str) -> str:
    loc = loc.strip()
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, loc))


def _box_height(element, default: float) -> float:
    for box in _children(element, "PhysicalBox"):
        numbers = [float(v) for v in _NUMBER.findall(box.text or "")]
        if len(numbers) == 4:
            return numbers[3] * MM_TO_PT
    return default


def _page_paths(archive: zipfile.ZipFile, path: str | None) -> list[tuple[str, float]]:
    """(Content.xml path, page height in points) for each page, in order."""
    root = _xml(archive, "OFD.xml", path)
    doc_roots = [e.text.strip() for e in _children(root, "DocRoot") if e.text]
    if not doc_roots:
        raise CorruptFileError("is a damaged OFD file: OFD.xml names no document (DocRoot)",
                               path=path)
    document_path = _resolve("", doc_roots[0])
    document = _xml(archive, document_path, path)
    base = posixpath.dirname(document_path)
    default_height = _box_height(document, 297 * MM_TO_PT)
    pages = []
    for page in _children(document, "Page"):
        loc = page.get("BaseLoc")
        if loc:
            pages.append(_resolve(base, loc))
    if not pages:
        raise CorruptFileError("is a damaged OFD file: its document lists no pages", path=path)
    out = []
    for content_path in pages:
        out.append((content_path, default_height))
    return out


def _floats(text: str | None) -> list[float]:
    return [float(v) for v in _NUMBER.findall(text or "")]


def _deltas(text: str | None) -> list[float]:
    """DeltaX as a list of advances; "g N v" repeats v N times."""
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out.extend([float(tokens[i + 2])] * int(float(tokens[i + 1])))
            i += 3
        else:
            try:
                out.append(float(tokens[i]))
            except ValueError:
                pass
            i += 1
    return out


def _page_chars(page, height: float) -> list[dict]:
    """The page's glyphs as PDF-reader character dicts (points, top-down coordinates)."""
    chars: list[dict] = []
    for obj in _children(page, "TextObject"):
        box = _floats(obj.get("Boundary"))
        if len(box) < 2:
            continue
        bx, by = box[0], box[1]
        size = float(obj.get("Size") or 3.5)
        ctm = _floats(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1, 0, 0, 1, 0, 0)
        scale = abs(d) or 1.0
        x = y = 0.0
        for code in _children(obj, "TextCode"):
            text = "".join(code.itertext())
            if not text:
                continue
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            deltas = _deltas(code.get("DeltaX"))
            for i, ch in enumerate(text):
                advance = deltas[i] if i < len(deltas) else size * (0.5 if ch.isascii() else 1.0)
                gx, gy = a * x + c * y + e + bx, b * x + d * y + f + by
                glyph = size * scale
                chars.append({"text": ch, "x0": gx * MM_TO_PT,
                              "x1": (gx + min(advance * (abs(a) or 1.0), glyph)) * MM_TO_PT,
                              "top": (gy - 0.85 * glyph) * MM_TO_PT,
                              "bottom": (gy + 0.15 * glyph) * MM_TO_PT,
                              "size": glyph * MM_TO_PT, "upright": True})
                x += advance
    return chars
