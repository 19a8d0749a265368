"""Characters and drawings of a PDF page read by PDFium (pypdfium2), in exactly the records
the pdfminer path of the PDF reader makes (pdf._page_chars): characters as dicts of text,
x0, x1, top, bottom, size, upright in pdfplumber's coordinates, horizontal rules, and the
lines, boxes and curves drawn, for the table finder.

PDFium interprets a page in C++; pdfminer does it in Python, ten times slower. The geometry
follows pdfminer's: x0 at the glyph's origin, x1 after its advance, bottom at the baseline
plus the descent the font descriptor declares (pdfminer trusts the descriptor, PDFium
replaces a zero one by the font program's; hence `descents`, read off pdfminer's font
dictionaries, which costs no interpretation), top one font size above. Characters PDFium
generates itself (spaces and line breaks it infers) are left out, as pdfminer never draws
them; a text object that draws only spaces, which PDFium's text page drops, is put back as
one space (pdf_lines needs a space drawn at a line's end).

A page this module cannot read as pdfminer would (form XObjects, Type 3 or vertical fonts,
a font it cannot match to its descriptor) returns None: the reader then reads that page
with pdfminer.
"""
from __future__ import annotations

import ctypes
import re
import unicodedata

from .pdf_grid import classify_drawings

_SUBSET = re.compile(r"^[A-Z]{6}\+")


def font_descents(resources, cache: dict | None = None) -> dict[str, float] | None:
    """Each font's descent per 1 pt of size as pdfminer computes it, by base font name
    without its subset tag, from a page's (pdfminer) /Resources; None when a font needs
    pdfminer (Type 3, vertical writing) or two fonts of one name disagree. `cache` keeps
    each font object's answer for the next pages."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    cache = {} if cache is None else cache
    out: dict[str, float] = {}
    fonts = resolve1(resources.get("Font")) if isinstance(resources, dict) else None
    for ref in (fonts.values() if isinstance(fonts, dict) else ()):
        key = ref.objid if isinstance(ref, PDFObjRef) else None
        names = cache.get(key) if key is not None else None
        if names is None:
            names = _names_and_descent(resolve1(ref))
            if key is not None:
                cache[key] = names
        if not names:
            return None
        for name, descent in names:
            if out.setdefault(name, descent) != descent:
                return None
    return out


def _names_and_descent(spec) -> list[tuple[str, float]]:
    """[(base font name without subset tag, descent per pt)] of one font dictionary, one
    entry per name it goes by; [] when pdfminer's geometry for it differs from PDFium's."""
    from pdfminer.pdffont import FontMetricsDB
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import literal_name

    def name(value) -> str:
        return _SUBSET.sub("", literal_name(value)) if value is not None else ""

    if not isinstance(spec, dict):
        return []
    subtype = literal_name(spec.get("Subtype"))
    if subtype == "Type0":
        encoding = resolve1(spec.get("Encoding"))
        if not hasattr(encoding, "name") or str(encoding.name).endswith("-V"):
            return []  # vertical writing, or an embedded CMap: pdfminer's
        descendants = resolve1(spec.get("DescendantFonts"))
        cid = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else None
        if not isinstance(cid, dict):
            return []
        descent = _descent(resolve1(cid.get("FontDescriptor")) or {})
        return [(name(spec.get("BaseFont")), descent), (name(cid.get("BaseFont")), descent)]
    if subtype in ("Type1", "MMType1", "TrueType"):
        base = spec.get("BaseFont")
        try:  # pdfminer prefers its own metrics of the standard 14 fonts
            descriptor = FontMetricsDB.get_metrics(literal_name(base))[0]
        except (KeyError, TypeError):
            descriptor = resolve1(spec.get("FontDescriptor")) or {}
        return [(name(base), _descent(descriptor))]
    return []  # Type 3 and the like: pdfminer's geometry differs


def _descent(descriptor) -> float:
    from pdfminer.pdftypes import resolve1

    value = resolve1(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0
    value = float(value) if isinstance(value, int | float) else 0.0
    return -abs(value) * 0.001


class PageReader:
    """Reads pages of one pypdfium2 document; caches what PDFium's fonts answer."""

    def __init__(self, unicode_norm: str | None = None) -> None:
        import pypdfium2.raw as raw

        self.raw = raw
        self.unicode_norm = unicode_norm
        # The per-character calls with plain addresses for handles: pypdfium2's typed
        # pointers cost a ctypes.cast each to compare (a third of the time of a page).
        def plain(function, restype, *argtypes):
            address = ctypes.cast(function, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        self.get_object = plain(raw.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_void_p,
                                ctypes.c_int)
        self.get_origin = plain(raw.FPDFText_GetCharOrigin, ctypes.c_int, ctypes.c_void_p,
                                ctypes.c_int, ctypes.POINTER(ctypes.c_double),
                                ctypes.POINTER(ctypes.c_double))
        self.is_generated = plain(raw.FPDFText_IsGenerated, ctypes.c_int, ctypes.c_void_p,
                                  ctypes.c_int)
        self.get_font = plain(raw.FPDFTextObj_GetFont, ctypes.c_void_p, ctypes.c_void_p)
        self.font_size = plain(raw.FPDFText_GetFontSize, ctypes.c_double, ctypes.c_void_p,
                               ctypes.c_int)
        self.char_matrix = plain(raw.FPDFText_GetMatrix, ctypes.c_int, ctypes.c_void_p,
                                 ctypes.c_int, ctypes.POINTER(raw.FS_MATRIX))
        self.map_error = plain(raw.FPDFText_HasUnicodeMapError, ctypes.c_int, ctypes.c_void_p,
                               ctypes.c_int)
        self.get_object_at = plain(raw.FPDFPage_GetObject, ctypes.c_void_p, ctypes.c_void_p,
                                   ctypes.c_int)
        self.object_type = plain(raw.FPDFPageObj_GetType, ctypes.c_int, ctypes.c_void_p)
        self.font_names: dict[int, str] = {}
        self.advances: dict[tuple[int, float], _Advances] = {}
        self.descents: dict = {}  # font object number → its names and descent
        self.unmapped = 0

    def read(self, page, height: float, origin: tuple[float, float],
             descents: dict[str, float]):
        """(chars, ruled, rules, drawn) as pdf._page_chars gives them, or None;
        `self.unmapped` then counts the characters of fonts without a Unicode map."""
        raw = self.raw
        self.unmapped = 0
        handle = page.raw
        plain_page = ctypes.cast(handle, ctypes.c_void_p).value
        get_object_at, object_type = self.get_object_at, self.object_type
        objects = [get_object_at(plain_page, i)
                   for i in range(raw.FPDFPage_CountObjects(handle))]
        kinds = [object_type(obj) for obj in objects]
        if raw.FPDF_PAGEOBJ_FORM in kinds or raw.FPDFPage_GetRotation(handle):
            return None  # forms nest their own resources and matrices: pdfminer's
        textpage = raw.FPDFText_LoadPage(handle)
        if not textpage:
            return None
        try:
            chars, seen = self._chars(textpage, height, descents)
            if chars is None:
                return None
            spaces = self._space_objects(objects, kinds, seen, height, descents)
            if spaces is None:
                return None
            chars.extend(spaces)
        finally:
            raw.FPDFText_ClosePage(textpage)
        ruled, rules, drawn = self._drawings(objects, kinds, height, origin)
        return chars, ruled, rules, drawn

    def _descent(self, font: int, descents) -> float | None:
        """The descent per pt of a PDFium font handle, None if it has no descriptor."""
        name = self.font_names.get(font)
        if name is None:
            buffer = ctypes.create_string_buffer(256)
            self.raw.FPDFFont_GetBaseFontName(ctypes.cast(font, self.raw.FPDF_FONT), buffer, 256)
            name = self.font_names[font] = _SUBSET.sub("", buffer.value.decode("latin-1"))
        return descents.get(name)

    def _advances(self, font: int, size: float) -> dict[str, float]:
        """The advance of each character of a font at a size, filled as they come."""
        advances = self.advances.get((font, size))
        if advances is None:
            advances = self.advances[(font, size)] = _Advances(self.raw, font, size)
        return advances

    def _chars(self, textpage, height, descents):
        raw = self.raw
        count = raw.FPDFText_CountChars(textpage)
        if count <= 0:
            return [], set()
        buffer = (ctypes.c_ushort * (count + 1))()
        raw.FPDFText_GetText(textpage, 0, count, buffer)
        text = ctypes.string_at(buffer, 2 * count).decode("utf-16-le", "replace")
        if len(text) != count:
            return None, None  # characters outside the BMP: their indices shift
        get_object, get_origin = self.get_object, self.get_origin
        is_generated = self.is_generated
        plain_page = ctypes.cast(textpage, ctypes.c_void_p).value
        x, y = ctypes.c_double(), ctypes.c_double()
        matrix = raw.FS_MATRIX()
        by_object: dict[int, tuple] = {}
        shift = height  # pdfplumber's top is the page height less PDF's y, whatever the mediabox
        norm = self.unicode_norm
        chars: list[dict] = []
        append = chars.append
        last = None
        unmapped_chars = unmapped = 0
        last_x = last_drawn = None
        for i, char in enumerate(text):
            obj = get_object(plain_page, i)
            if obj != last:
                if not obj:
                    continue  # generated by PDFium: a line break it inferred
                state = by_object.get(obj)
                if state is None:
                    state = self._object_state(plain_page, i, obj, matrix, descents)
                    if state is None:
                        return None, None
                    by_object[obj] = state
                advances, size, descent, unmapped = state
                last = obj
            if char in "\x00\ufffe\uffff\r\n" or char == " " and is_generated(plain_page, i):
                continue  # a space PDFium inferred, or no character
            get_origin(plain_page, i, x, y)  # ctypes passes them by reference
            x0 = x.value
            if x0 == last_x and obj == last_drawn:
                # Two characters from one glyph (a ligature mapped to "fi", a glyph mapped
                # to a decomposed sequence): pdfminer keeps them as one character of two
                # letters with the glyph's box. Its records are pdfminer's to make.
                return None, None
            last_x, last_drawn = x0, obj
            bottom = shift - y.value - descent
            if norm is not None:
                char = unicodedata.normalize(norm, char)
            x1 = x0 + advances[char]
            if unmapped:  # the code PDFium passes through, written as pdfminer writes it
                char = f"(cid:{ord(char)})"
            append({"text": char, "x0": x0, "x1": x1,
                    "top": bottom - size, "bottom": bottom, "size": size, "upright": True})
            unmapped_chars += unmapped
        self.unmapped = unmapped_chars
        return chars, set(by_object)

    def _object_state(self, textpage: int, i: int, obj: int, matrix, descents):
        """(advances, size, descent, whether unmapped) of the text object of character i,
        None if pdfminer must read the page."""
        font = self.get_font(obj)
        descent = self._descent(font, descents)
        if descent is None:
            return None
        size = self.font_size(textpage, i)
        self.char_matrix(textpage, i, matrix)
        if abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6 or matrix.a <= 0 \
                or abs(matrix.a - matrix.d) > 1e-6:
            return None  # rotated, mirrored or stretched text: pdfminer's
        # A font without a usable Unicode map: pdfminer writes its glyphs as (cid:N),
        # PDFium as whatever codes it guesses; either way the text layer is not text.
        unmapped = self.map_error(textpage, i) == 1
        return self._advances(font, size), size, descent * size, int(unmapped)

    def _space_objects(self, objects, kinds, seen, height, descents):
        """Text objects absent from the text page: PDFium drops one that draws only
        spaces (it has no ink: a box of no width); each comes back as one space at its
        origin. One with ink is text PDFium lost (it does, rarely, on overlapping runs): None,
        pdfminer reads the page."""
        raw = self.raw
        matrix = raw.FS_MATRIX()
        size_ref = ctypes.c_float()
        left, bottom_, right, top_ = (ctypes.c_float() for _ in range(4))
        out = []
        for obj, kind in zip(objects, kinds):
            if kind != raw.FPDF_PAGEOBJ_TEXT or obj in seen:
                continue
            font = self.get_font(obj)
            obj = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
            if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom_),
                                             ctypes.byref(right), ctypes.byref(top_)) \
                    or right.value - left.value > 0.01:
                return None
            descent = self._descent(font, descents)
            if descent is None or not raw.FPDFPageObj_GetMatrix(obj, matrix) \
                    or not raw.FPDFTextObj_GetFontSize(obj, ctypes.byref(size_ref)):
                return None
            if abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6 or matrix.a <= 0:
                return None
            size = size_ref.value * matrix.d
            bottom = height - (matrix.f + descent * size)
            out.append({"text": " ", "x0": matrix.e,
                        "x1": matrix.e + self._advances(font, size)[" "],
                        "top": bottom - size, "bottom": bottom, "size": size, "upright": True})
        return out

    def _drawings(self, objects, kinds, height, origin):
        """(whether a line or box is drawn, horizontal rules, shapes) as pdfminer's layout
        classifies paths: one segment a line, a closed axis-aligned box a rect, else a curve;
        a path of several subpaths is several shapes; a path neither stroked nor filled
        is not drawn."""
        raw = self.raw
        drawn: list[dict] = []
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        matrix = raw.FS_MATRIX()
        px, py = ctypes.c_float(), ctypes.c_float()
        mb_top = origin[1]
        for obj, kind in zip(objects, kinds):
            if kind != raw.FPDF_PAGEOBJ_PATH:
                continue
            obj = ctypes.cast(obj, raw.FPDF_PAGEOBJECT)
            raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
            if not fill.value and not stroke.value:
                continue
            raw.FPDFPageObj_GetMatrix(obj, matrix)
            a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
            subpaths: list[tuple[str, list]] = []
            for i in range(raw.FPDFPath_CountSegments(obj)):
                segment = raw.FPDFPath_GetPathSegment(obj, i)
                raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(px), ctypes.byref(py))
                point = (a * px.value + c * py.value + e, b * px.value + d * py.value + f)
                kind_ = raw.FPDFPathSegment_GetType(segment)
                if kind_ == raw.FPDF_SEGMENT_MOVETO or not subpaths:
                    subpaths.append(("m", [point]))
                else:
                    shape, pts = subpaths[-1]
                    letter = "c" if kind_ == raw.FPDF_SEGMENT_BEZIERTO else "l"
                    if not raw.FPDFPathSegment_GetClose(segment):
                        subpaths[-1] = (shape + letter, pts + [point])
                    elif letter == "l" and point == pts[0]:
                        # PDFium writes `re` and `h` as a line back to the start that
                        # closes; pdfminer as the close alone (mlllh, a box).
                        subpaths[-1] = (shape + "h", pts + [point])
                    else:
                        subpaths[-1] = (shape + letter + "h", pts + [point, pts[0]])
            for shape, pts in subpaths:
                item = _shape(shape, pts, height, mb_top)
                if item is None:
                    continue
                drawn.append(item)
        return (*classify_drawings(drawn), drawn)


class _Advances(dict):
    """Character → advance in pt of one font at one size, asked of PDFium on first use
    (FPDFFont_GetGlyphWidth takes a Unicode value and maps it to the font's code)."""

    def __init__(self, raw, font: int, size: float) -> None:
        super().__init__()
        self.width = raw.FPDFFont_GetGlyphWidth
        self.font, self.size = ctypes.cast(font, raw.FPDF_FONT), ctypes.c_float(size)

    def __missing__(self, char: str) -> float:
        width = ctypes.c_float()
        self.width(self.font, ord(char), self.size, ctypes.byref(width))
        self[char] = width.value
        return width.value


def _shape(shape: str, pts: list, height: float, mb_top: float) -> dict | None:
    """One subpath as the dict pdf._page_chars makes of pdfminer's LTLine/LTRect/LTCurve."""
    if "c" in shape:
        # PDFium lists a Bézier's two control points before its end; pdfminer keeps the end.
        kept, run = [], 0
        for point, letter in zip(pts, shape):
            run = run + 1 if letter == "c" else 0
            if letter != "c" or run % 3 == 0:
                kept.append(point)
        return None if len(kept) < 2 else _box("curve", kept, height, mb_top)
    if shape in ("ml", "mlh"):
        return _box("line", pts[:2], height, mb_top)
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = pts[:5]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or \
            (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == last and square:
            return _box("rect", pts, height, mb_top)
    return None if len(pts) < 2 else _box("curve", pts, height, mb_top)


def _box(kind: str, pts: list, height: float, mb_top: float) -> dict:
    """pdfplumber's fields from points in PDF space: its x and top are PDF's x and the
    page height less PDF's y, whatever the mediabox; y0 and y1 stay pdfminer's, measured
    from the mediabox's bottom (`mb_top`, pdfplumber's mediabox top, is minus that bottom)."""
    xs = [x for x, _ in pts]
    ys = [y for _, y in pts]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    top = height - y1
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top,
            "bottom": height - y0, "doctop": top, "y0": y0 + mb_top, "y1": y1 + mb_top,
            "width": x1 - x0, "height": y1 - y0,
            "pts": [(x, height - y) for x, y in pts]}
