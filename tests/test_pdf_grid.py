"""readers/pdf_grid.cells is pdfplumber's intersections_to_cells made faster: the same cells
in the same order, on grids with merged cells, a missing rule and two separate tables."""
from __future__ import annotations

import pytest
from pdfplumber.table import edges_to_intersections, intersections_to_cells, merge_edges

from culturegov.readers.pdf_grid import cells


def _h(x0, x1, y):
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "orientation": "h"}


def _v(x, top, bottom):
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "height": bottom - top,
            "orientation": "v"}


def _points(edges):
    """The intersections the table finder makes of rules (collinear segments joined)."""
    return edges_to_intersections(merge_edges(edges, 3, 3, 3, 3), 3, 3)


def _grid(xs, ys, skip_v=(), skip_h=()):
    """Rules of a grid; skip_v: (column rule index, row index) segments not drawn (a cell
    merged across), skip_h: (row rule index, column index) likewise (merged down)."""
    edges = []
    for i, y in enumerate(ys):
        for j in range(len(xs) - 1):
            if (i, j) not in skip_h:
                edges.append(_h(xs[j], xs[j + 1], y))
    for j, x in enumerate(xs):
        for i in range(len(ys) - 1):
            if (j, i) not in skip_v:
                edges.append(_v(x, ys[i], ys[i + 1]))
    return edges


GRIDS = {
    "plain 4x3": _grid([10, 60, 150, 300], [20, 40, 70, 90, 130]),
    "merged down and across": _grid([10, 60, 150, 300], [20, 40, 70, 90, 130],
                                    skip_v=[(2, 0), (1, 3)], skip_h=[(2, 0), (3, 2)]),
    "two tables": _grid([10, 60, 150], [20, 40, 70]) + _grid([10, 80, 150], [200, 230, 260]),
}


@pytest.mark.parametrize("name", list(GRIDS))
def test_cells_equal_pdfplumbers(name):
    intersections = _points(GRIDS[name])
    expected = intersections_to_cells(intersections)
    assert cells(intersections) == expected
    assert len(expected) >= 4  # the grid does make cells


def test_merged_cells_are_one_box():
    intersections = _points(_grid([10, 60, 150], [20, 40, 70], skip_h=[(1, 0)]))
    found = cells(intersections)
    assert (10, 20, 60, 70) in found  # the first column merged over both rows
    assert (60, 20, 150, 40) in found and (60, 40, 150, 70) in found
    assert len(found) == 3
