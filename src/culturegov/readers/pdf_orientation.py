"""Rotated PDF pages read in their text's own direction.

A page may show its text sideways or upside down: the page carries /Rotate 90, 180 or 270,
or its content draws the text through a rotated matrix (a landscape table printed on a
portrait page), or both. pdfminer applies /Rotate and the matrices, so every glyph arrives
in the displayed page's coordinates with its baseline pointing right, down, left or up.
Line building (pdf_lines) needs upright text: a line is glyphs side by side left to right,
lines follow top to bottom. So the page's dominant direction is found from the glyphs'
baselines, and every glyph box and drawn rule is turned into the frame where that
direction reads upright; the page is then read as if it had been printed that way.

Works on character records (dicts with x0, x1, top, bottom in the displayed page, y down,
and "direction"), so any character backend can use it.
"""
from __future__ import annotations

from collections import Counter

from ..models import Finding
from .pdf_glyphs import page_list

# A baseline's direction on the displayed page, clockwise from "pointing right".
UPRIGHT, DOWN, UPSIDE_DOWN, UP = 0, 90, 180, 270


def baseline_direction(matrix) -> int:
    """The displayed direction of a glyph's baseline from its matrix (a, b, c, d, e, f) in
    PDF space (y up): (a, b) is where the baseline points."""
    a, b = matrix[0], matrix[1]
    if abs(a) >= abs(b):
        return UPRIGHT if a >= 0 else UPSIDE_DOWN
    return UP if b > 0 else DOWN


def dominant_direction(chars: list[dict]) -> int:
    """The direction most of the page's visible glyphs read in (upright on a tie)."""
    counts = Counter(c["direction"] for c in chars if not c["text"].isspace())
    if not counts:
        return UPRIGHT
    best = max(counts.values())
    return UPRIGHT if counts.get(UPRIGHT) == best else counts.most_common(1)[0][0]


def frame_size(direction: int, width: float, height: float) -> tuple[float, float]:
    """(width, height) of the page once turned so that `direction` reads upright."""
    return (height, width) if direction in (DOWN, UP) else (width, height)


def turn(items: list[dict], direction: int, origin: tuple[float, float],
         size: tuple[float, float]) -> None:
    """Turn boxes (x0, x1, top, bottom, and "pts" if present) in place from the displayed
    page (its top-left corner at `origin`, `size` = (width, height)) into the frame where
    `direction` reads upright, with the same top-left origin."""
    if direction == UPRIGHT:
        return
    ox, oy = origin
    width, height = size
    turned_height = frame_size(direction, width, height)[1]

    def point(x: float, y: float) -> tuple[float, float]:
        u, v = x - ox, y - oy
        if direction == DOWN:  # baseline points down: the first line is the rightmost
            u, v = v, width - u
        elif direction == UPSIDE_DOWN:
            u, v = width - u, height - v
        else:  # UP: the first line is the leftmost
            u, v = height - v, u
        return u + ox, v + oy

    for item in items:
        (ax, ay), (bx, by) = point(item["x0"], item["top"]), point(item["x1"], item["bottom"])
        item["x0"], item["x1"] = min(ax, bx), max(ax, bx)
        item["top"], item["bottom"] = min(ay, by), max(ay, by)
        if "pts" in item:
            item["pts"] = [point(x, y) for x, y in item["pts"]]
        if "width" in item:  # a drawn shape: its size turns with it
            item["width"], item["height"] = item["x1"] - item["x0"], item["bottom"] - item["top"]
            item["doctop"] = item["top"]
            item["y0"] = turned_height - (item["bottom"] - oy)  # pdfminer's y, upwards
            item["y1"] = turned_height - (item["top"] - oy)


def sideways_finding(per_page: dict[int, int]) -> Finding | None:
    """A finding naming the pages where text running in another direction than the page's
    lines (a sideways stamp or margin note, mirrored glyphs) was left out of the text."""
    hit = {page: n for page, n in sorted(per_page.items()) if n}
    if not hit:
        return None
    return Finding(
        code="sideways_text",
        message=f"{sum(hit.values())} characters on page(s) {page_list(hit)} run in another "
                "direction than the lines around them (a sideways stamp or note) and were "
                "left out of the text; check those pages in the PDF")
