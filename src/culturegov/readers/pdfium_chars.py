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

from .pdfium_paths import drawings

_SUBSET = re.compile(r"^[A-Z]{6}\+")
# PDFium takes an object off a page by finding it in the page's list: a page of n objects
# costs n² steps to empty, so a page of more objects than this is pdfminer's to read again.
_REREAD_OBJECTS = 5000
_REREADS = 3  # readings of a page's lost text objects (text drawn up to four times)


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
            found = self._space_objects(objects, kinds, seen, height, descents)
            if found is None:
                return None
            spaces, lost = found
            chars.extend(spaces)
        finally:
            raw.FPDFText_ClosePage(textpage)
        if lost:
            unmapped = self.unmapped
            again = self._lost_text(handle, objects, kinds, lost, height, descents)
            if again is None:
                return None
            chars.extend(again)
            self.unmapped += unmapped
        ruled, rules, drawn = drawings(raw, objects, kinds, height, origin)
        return chars, ruled, rules, drawn

    def _lost_text(self, handle, objects, kinds, lost: set, height, descents):
        """The characters of text objects with ink that PDFium's text page left out, or None
        (pdfminer reads the page); `self.unmapped` then counts their unmapped ones. The
        text page drops a text object whose character codes are those of a text object
        drawn just before over the same place (it takes the pair for one text drawn twice,
        a fake bold), whatever their fonts: 双派 drawn over a run of quotes whose codes, in
        another subset font, are the same. pdfminer keeps every object. So the page is read
        again with its other text objects taken off it, and again with those it still
        drops (text drawn three times), up to _REREADS readings. A character's box is its
        own object's matrix and advances, the same on any reading; what the last reading
        still leaves out is pdfminer's to read."""
        if len(objects) > _REREAD_OBJECTS:
            return None
        found, unmapped = [], 0
        for _ in range(_REREADS):
            chars, seen = self._read_only(handle, objects, kinds, lost, height, descents)
            if chars is None or not seen:
                return None
            found.extend(chars)
            unmapped += self.unmapped
            lost = lost - seen
            if not lost:
                self.unmapped = unmapped
                return found
        return None

    def _read_only(self, handle, objects, kinds, keep: set, height, descents):
        """_chars of the page with its text objects other than `keep` taken off it, and
        put back after."""
        raw = self.raw
        others = [obj for obj, kind in zip(objects, kinds)
                  if kind == raw.FPDF_PAGEOBJ_TEXT and obj not in keep]
        taken = []
        try:
            for obj in others:  # off the page, not freed: the page owns them again below
                if not raw.FPDFPage_RemoveObject(handle, ctypes.cast(obj, raw.FPDF_PAGEOBJECT)):
                    return None, None
                taken.append(obj)
            textpage = raw.FPDFText_LoadPage(handle)
            if not textpage:
                return None, None
            try:
                return self._chars(textpage, height, descents)
            finally:
                raw.FPDFText_ClosePage(textpage)
        finally:
            for obj in taken:
                raw.FPDFPage_InsertObject(handle, ctypes.cast(obj, raw.FPDF_PAGEOBJECT))

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
        """Text objects absent from the text page, as (spaces, lost): PDFium drops one that
        draws only spaces (it has no ink: a box of no width); each comes back as one space
        at its origin. One with ink is text PDFium lost (it does, rarely, on overlapping
        runs: see _lost_text). None when pdfminer must read the page."""
        raw = self.raw
        matrix = raw.FS_MATRIX()
        size_ref = ctypes.c_float()
        left, bottom_, right, top_ = (ctypes.c_float() for _ in range(4))
        out, lost = [], set()
        for handle, kind in zip(objects, kinds):
            if kind != raw.FPDF_PAGEOBJ_TEXT or handle in seen:
                continue
            font = self.get_font(handle)
            obj = ctypes.cast(handle, raw.FPDF_PAGEOBJECT)
            if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom_),
                                             ctypes.byref(right), ctypes.byref(top_)):
                return None
            if right.value - left.value > 0.01:
                lost.add(handle)
                continue
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
        return out, lost

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
