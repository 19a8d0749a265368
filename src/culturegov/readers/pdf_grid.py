"""Ruled tables found from a page's drawings: pdfplumber's table finder, step by step.

pdfplumber's TableFinder goes edges → intersections → cells → tables. Its cell step
(intersections_to_cells) rebuilds the sets of edges at both ends of every pair of points it
compares, and filters every later point for each point: on a table page it was most of the
finder's time. `cells` below is the same search over the same points in the same order,
with each point's edge sets built once and the points below and to the right of a point
looked up instead of filtered; the other steps are pdfplumber's own.
"""
from __future__ import annotations


def classify_drawings(drawn: list[dict]) -> tuple[bool, list[tuple[float, float, float]]]:
    """(whether the page draws an upright line or box, its horizontal rules as (x0, x1, top))
    from the shapes drawn: only a page with the first can hold a ruled table; a rule alone (a
    running header's underline) needs no table finder. Curves are neither."""
    ruled = False
    rules: list[tuple[float, float, float]] = []
    for shape in drawn:
        if shape["object_type"] == "curve":
            continue
        if shape["height"] <= 2.0 < shape["width"]:
            rules.append((shape["x0"], shape["x1"], shape["top"]))
        else:
            ruled = True
    return ruled, rules


def find_tables(page, drawn: list[dict]) -> list:
    """pdfplumber Tables of `page` whose rulings are the drawn lines, boxes and curves, as
    page.find_tables with both strategies "explicit" and `drawn` as the lines finds them."""
    from pdfplumber.table import (Table, TableFinder, TableSettings, cells_to_tables,
                                  edges_to_intersections)

    settings = TableSettings.resolve({
        "vertical_strategy": "explicit", "horizontal_strategy": "explicit",
        "explicit_vertical_lines": drawn, "explicit_horizontal_lines": drawn})
    finder = TableFinder.__new__(TableFinder)  # its edge step alone, without its cell step
    finder.page, finder.settings = page, settings
    intersections = edges_to_intersections(finder.get_edges(), settings.intersection_x_tolerance,
                                           settings.intersection_y_tolerance)
    return [Table(page, group) for group in cells_to_tables(cells(intersections))]


def cells(intersections: dict) -> list[tuple]:
    """pdfplumber's intersections_to_cells: for each point (in sorted order) the smallest
    box whose four corners are points joined by common edges."""
    from pdfplumber.utils import obj_to_bbox

    vertical = {p: {obj_to_bbox(e) for e in at["v"]} for p, at in intersections.items()}
    horizontal = {p: {obj_to_bbox(e) for e in at["h"]} for p, at in intersections.items()}

    def connects(a: tuple, b: tuple) -> bool:
        return (a[0] == b[0] and not vertical[a].isdisjoint(vertical[b])) or \
            (a[1] == b[1] and not horizontal[a].isdisjoint(horizontal[b]))

    points = sorted(intersections)
    # Sorted by (x, top): the points below a point are the run after it with its x; the
    # points to its right, those after it in the list of its top (in order of x).
    by_top: dict = {}
    rank: dict = {}  # a point's place in the list of its top
    for point in points:
        row = by_top.setdefault(point[1], [])
        rank[point] = len(row)
        row.append(point)
    found = []
    end = 0  # where the run of points with the current x ends
    for i, point in enumerate(points):
        if end <= i:
            end = i + 1
            while end < len(points) and points[end][0] == point[0]:
                end += 1
        below = points[i + 1:end]
        right = by_top[point[1]][rank[point] + 1:]
        cell = _smallest(point, below, right, intersections, connects)
        if cell is not None:
            found.append(cell)
    return found


def _smallest(point, below, right, intersections, connects) -> tuple | None:
    for below_point in below:
        if not connects(point, below_point):
            continue
        for right_point in right:
            if not connects(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in intersections and connects(corner, right_point) \
                    and connects(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None
