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


@pytest.mark.parametrize("name", list(GRIDS))
def test_cell_index_answers_as_the_cell_walk(name):
    """pdf_tables._CellIndex answers once per slab of the grid what _cell_of answers for
    each point: the same cell (or none) at every rule, between rules, just off the rules
    and outside the table, the points where a char's middle is likeliest to tie."""
    import random

    from pdfplumber.table import Table, cells_to_tables

    from culturegov.readers.pdf_tables import _cell_of, _CellIndex, _Rows

    rng = random.Random(15)
    for group in cells_to_tables(cells(_points(GRIDS[name]))):
        rows = Table(None, group).rows
        boxes = [cell for row in rows for cell in row.cells if cell is not None]
        index, walk = _CellIndex(rows, boxes), _Rows(rows)
        xs = sorted({v for box in boxes for v in (box[0], box[2])})
        ys = sorted({v for box in boxes for v in (box[1], box[3])})
        near = [v + d for v in xs for d in (-0.5, -1e-9, 0, 1e-9, 0.5)]
        near_y = [v + d for v in ys for d in (-0.5, -1e-9, 0, 1e-9, 0.5)]
        points = [(x, y) for x in near for y in near_y]
        points += [(rng.uniform(xs[0] - 10, xs[-1] + 10), rng.uniform(ys[0] - 10, ys[-1] + 10))
                   for _ in range(2000)]
        rng.shuffle(points)  # an answer cached from one point must hold for the next
        found = [index.cell_of(x, y) for x, y in points]
        assert found == [_cell_of(x, y, walk, boxes) for x, y in points]
        assert sum(box is not None for box in found) > len(points) // 4
        assert len(set(found)) == len(boxes) + 1  # every cell and "none" are met
        # the table reader's loop over a page's characters: each in the cell found for it
        chars = [{"x0": x - 1, "x1": x + 1, "top": y - 2, "bottom": y + 2} for x, y in points]
        bbox = (xs[0], ys[0], xs[-1], ys[-1])
        by_box = _CellIndex(rows, boxes).sort(chars, bbox)
        for box, held in by_box.items():
            assert held == [c for c, b in zip(chars, found) if b == box]
