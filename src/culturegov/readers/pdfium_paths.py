"""Drawing paths of a PDF page read by PDFium (pypdfium2), as the dicts the pdfminer path
of the PDF reader makes of pdfminer's LTLine, LTRect and LTCurve (pdf._page_chars): the
table finder's edge sources, and the page's horizontal rules."""
from __future__ import annotations

import ctypes

from .pdf_grid import classify_drawings


def drawings(raw, objects, kinds, height, origin):
    """(whether a line or box is drawn, horizontal rules, shapes) as pdfminer's layout
    classifies paths: one segment a line, a closed axis-aligned box a rect, else a curve;
    a path of several subpaths is several shapes; a path neither stroked nor filled
    is not drawn."""
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
