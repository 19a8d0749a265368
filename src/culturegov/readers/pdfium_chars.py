"""Characters and rulings of a PDF page from PDFium (pypdfium2), in the form the PDF reader
uses: dicts of text, x0, x1, top, bottom, size, upright in pdfplumber's coordinates.

PDFium reads a page's text a dozen times faster than pdfminer interprets it in Python; the
reader takes characters from here and keeps pdfminer and pdfplumber for pages that draw
rulings (their table finder needs pdfplumber's object model) and for files PDFium refuses.
The geometry follows pdfminer's: x0 at the glyph's origin, x1 after its advance, bottom at the
baseline plus the font's descent, top one font size above; characters PDFium generates
itself (spaces and line breaks it infers) are left out, as pdfminer never draws them.
"""
from __future__ import annotations

import ctypes
import unicodedata


def open_document(data: bytes):
    """A pypdfium2 document, or None when PDFium cannot open the file (the caller then reads
    it with pdfminer alone and reports its errors)."""
    try:
        import pypdfium2 as pdfium

        return pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - any refusal means: use the fallback
        return None


def page_chars(page, height: float, origin: tuple[float, float],
               unicode_norm: str | None = None) -> tuple[list[dict], bool]:
    """(characters, whether the page draws paths) of one pypdfium2 page; `height` and
    `origin` (the mediabox's lower left) are pdfplumber's for the same page."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        chars = _chars(raw, textpage, height, origin, unicode_norm)
    finally:
        textpage.close()
    return chars, _draws_paths(raw, page)


def _chars(raw, textpage, height, origin, unicode_norm) -> list[dict]:
    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    descent = ctypes.c_float()
    matrix = raw.FS_MATRIX()
    descents: dict[tuple[int, float], float] = {}
    mb_x0, mb_y0 = origin
    chars: list[dict] = []
    count = raw.FPDFText_CountChars(handle)
    pending_space: float | None = None  # x where a space PDFium put in for a drawn one starts
    for i in range(count):
        code = raw.FPDFText_GetUnicode(handle, i)
        if raw.FPDFText_IsGenerated(handle, i) == 1:
            # PDFium replaces a drawn space between words by one of its own, of no width;
            # pdfminer keeps the drawn one. Restore it when the next glyph leaves room for it.
            if code == 32 and chars:
                pending_space = chars[-1]["x1"]
            continue
        if code in (0, 0xFFFE, 0xFFFF, 10, 13):
            pending_space = None
            continue
        text = chr(code)
        if unicode_norm is not None:
            text = unicodedata.normalize(unicode_norm, text)
        size = raw.FPDFText_GetFontSize(handle, i)
        raw.FPDFText_GetCharOrigin(handle, i, x, y)
        raw.FPDFText_GetLooseCharBox(handle, i, box)
        raw.FPDFText_GetMatrix(handle, i, matrix)
        font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(handle, i))
        key = (ctypes.cast(font, ctypes.c_void_p).value or 0, size)
        if key not in descents:
            descents[key] = descent.value if raw.FPDFFont_GetDescent(
                font, ctypes.c_float(size), descent) else 0.0
        base = y.value + descents[key]
        glyph_top = height - (base + size - mb_y0) + mb_y0
        glyph_bottom = height - (base - mb_y0) + mb_y0
        upright = abs(matrix.b) < 1e-6 and abs(matrix.c) < 1e-6
        if pending_space is not None and x.value - pending_space > 0.2 * size:
            chars.append({"text": " ", "x0": pending_space, "x1": x.value, "top": glyph_top,
                          "bottom": glyph_bottom, "size": size, "upright": upright})
        pending_space = None
        chars.append({
            "text": text, "x0": x.value, "x1": max(box.right, x.value),
            "top": glyph_top, "bottom": glyph_bottom, "size": size, "upright": upright,
        })
    return chars


def _draws_paths(raw, page) -> bool:
    """Whether the page draws any path (a line or a rectangle may be a table's ruling)."""
    for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=8):
        return True
    return False
