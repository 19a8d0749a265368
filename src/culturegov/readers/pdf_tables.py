"""PDF tables: ruled grids read cell by cell, continued over page breaks, written as Blocks.

pdfplumber finds the ruled tables; each cell's lines are joined as the author typed them
(see pdf_lines.cell_lines_to_text). A table that goes on on the next page is joined into one:
its repeated header row dropped, a row cut by the page break glued back, a merged cell cut
by the break still the merged cell from above.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..blocks import Cell, Table
from ..normalize.text import fold_width
from .pdf_lines import FINAL, NEW_ITEM, cell_lines_to_text, group_lines, join_text

# Placeholders in a table grid for a position covered by a merged cell.
UP, LEFT = "up", "left"


@dataclass
class PdfCell:
    text: str
    room: float = 0.0  # space left after its last line
    lead: float = 0.0  # width of the first unbreakable unit of its first line
    spans_rows: bool = False
    size: float = 0.0  # font size of its first line

    def wraps_into(self, below: PdfCell) -> bool:
        """Whether `below` (the same column on the next page) continues this cell's text."""
        return (bool(self.text) and self.room < below.lead + 0.1 * (below.size or 10.0) + 0.5
                and not FINAL.search(self.text))


@dataclass
class PdfTable:
    page: int
    top: float
    bottom: float
    x_edges: list[float]
    rows: list[list[PdfCell | str]] = field(default_factory=list)
    last_page: int = 0  # the page it ends on, once continued over page breaks

    def __post_init__(self) -> None:
        self.last_page = self.last_page or self.page



def outside(chars: list[dict], boxes: list[tuple[float, float, float, float]]) -> list[dict]:
    """The characters whose middle lies in none of the boxes (the tables of a page)."""
    kept = []
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        for x0, top, x1, bottom in boxes:
            if x0 <= x <= x1 and top <= y <= bottom:
                break
        else:
            kept.append(char)
    return kept


def _holds(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def read_table(found, chars: list[dict], page: int) -> PdfTable | None:
    rows = found.rows
    width = max((len(row.cells) for row in rows), default=0)
    if len(rows) < 2 or width < 2:
        return None  # a box around a paragraph is not a table
    bbox = found.bbox  # pdfplumber computes it over every cell on each access
    _, top, x1, bottom = bbox
    boxes = [cell for row in rows for cell in row.cells if cell is not None]
    by_box = _CellIndex(rows, boxes).sort(chars, bbox)
    row_tops = [row.bbox[1] for row in rows]
    column_edges = sorted({round(cell[0], 1) for cell in boxes} | {round(x1, 1)})
    lines_by_box = {box: group_lines(by_box[box], page) for box in boxes}
    # Cell padding per column, from the text closest to the left rule; capped, so that a
    # column of centred text does not pass for one with a huge padding.
    padding: dict[float, float] = {}
    for box, lines in lines_by_box.items():
        for line in lines:
            cap = max(6.0, 0.5 * line.size)
            key = round(box[0], 1)
            padding[key] = min(padding.get(key, cap), max(line.x0 - box[0], 0.0))
    table = PdfTable(page=page, top=top, bottom=bottom, x_edges=column_edges)
    columns = None  # read when a merged cell needs them
    for r, row in enumerate(rows):
        out: list[PdfCell | str] = []
        for c, box in enumerate(row.cells):
            if box is None:
                if columns is None:
                    columns = found.columns  # pdfplumber groups the cells anew on each access
                out.append(_covered_by(found, r, c, rows, columns))
                continue
            lines = lines_by_box[box]
            text, room = cell_lines_to_text(lines, box[2] - padding.get(round(box[0], 1), 2.0))
            spans = sum(1 for t in row_tops if box[1] - 1 < t < box[3] - 1) > 1
            out.append(PdfCell(text=text, room=room, lead=lines[0].lead if lines else 0.0,
                               spans_rows=spans, size=lines[0].size if lines else 0.0))
        out.extend(PdfCell("") for _ in range(width - len(out)))
        table.rows.append(out)
    return table


class _Rows:
    """A table's rows as (top, bottom, cell boxes), in pdfplumber's order (by top)."""

    def __init__(self, rows) -> None:
        self.rows = [(row.bbox[1], row.bbox[3], [cell for cell in row.cells if cell is not None])
                     for row in rows]
        self.bottoms = [bottom for _, bottom, _ in self.rows]
        # With tops and bottoms both ascending (a grid without rows merged past the next
        # one's bottom) the first row at a height is found by bisection on the bottoms.
        tops = [top for top, _, _ in self.rows]
        self.sorted = tops == sorted(tops) and self.bottoms == sorted(self.bottoms)

    def at(self, y: float) -> list | None:
        """The cells of the first row whose height range holds y."""
        if self.sorted:
            i = bisect_left(self.bottoms, y)
            if i < len(self.rows) and self.rows[i][0] <= y:
                return self.rows[i][2]
            return None
        return next((cells for top, bottom, cells in self.rows if top <= y <= bottom), None)


def _cell_of(x: float, y: float, row_cells: _Rows, boxes: list[tuple]) -> tuple | None:
    """The cell box holding the point (a character's middle): looked for in the row at its
    height first (a few cells instead of the whole table), then, for the lower part of a
    cell merged down over several rows, among all cells."""
    cells = row_cells.at(y)
    for box in cells or ():
        if _holds(box, x, y):
            return box
    return next((box for box in boxes if _holds(box, x, y)), None)


class _CellIndex:
    """_cell_of, asked once per piece of the table's grid. Every cell and row edge cuts the
    x and y axes into slabs: each edge's own coordinate, and the open ranges between them.
    Every comparison _cell_of makes (`edge <= x`, `x <= edge`) comes out the same for all
    points of one slab, so its answer for one point of a slab (x slab, y slab) is its
    answer for all: a table's characters cost a bisection each, not a walk over its cells."""

    def __init__(self, rows, boxes: list[tuple]) -> None:
        self.rows, self.boxes = _Rows(rows), boxes
        self.xs = sorted({v for box in boxes for v in (box[0], box[2])})
        self.ys = sorted({v for box in boxes for v in (box[1], box[3])}
                         | {v for top, bottom, _ in self.rows.rows for v in (top, bottom)})
        self.answers: dict[tuple[int, int], tuple | None] = {}

    def cell_of(self, x: float, y: float) -> tuple | None:
        xs, ys = self.xs, self.ys
        key = (bisect_left(xs, x), bisect_right(xs, x), bisect_left(ys, y), bisect_right(ys, y))
        box = self.answers.get(key, _UNSEEN)
        if box is _UNSEEN:
            box = self.answers[key] = _cell_of(x, y, self.rows, self.boxes)
        return box

    def sort(self, chars: list[dict], bbox: tuple) -> dict[tuple, list[dict]]:
        """Each cell box's characters (by their middle), in the order given: cell_of
        written out in the loop (a table page's characters pass here once each)."""
        xs, ys, answers = self.xs, self.ys, self.answers
        left, right = bisect_left, bisect_right
        by_box: dict[tuple, list[dict]] = {box: [] for box in self.boxes}
        b0, b1, b2, b3 = bbox
        for char in chars:
            x = (char["x0"] + char["x1"]) / 2
            y = (char["top"] + char["bottom"]) / 2
            if b0 <= x <= b2 and b1 <= y <= b3:
                # The slab of a value: (i, i) strictly between edges i - 1 and i, (i, i + 1)
                # on edge i.
                key = (left(xs, x), right(xs, x), left(ys, y), right(ys, y))
                box = answers.get(key, _UNSEEN)
                if box is _UNSEEN:
                    box = answers[key] = _cell_of(x, y, self.rows, self.boxes)
                if box is not None:
                    by_box[box].append(char)
        return by_box


_UNSEEN = object()


def _covered_by(found, r: int, c: int, rows, columns) -> str:
    """A grid position without its own cell is covered by a merged cell: from above or from
    the left, whichever cell's box reaches over it."""
    row_box = rows[r].bbox
    if c < len(columns):
        x = (columns[c].bbox[0] + columns[c].bbox[2]) / 2
        y = (row_box[1] + row_box[3]) / 2
        for cell in found.cells:
            if cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
                return UP if cell[1] < row_box[1] - 1 else LEFT
    return UP if r else LEFT


def same_columns(a: PdfTable, b: PdfTable) -> bool:
    """The same grid: as many columns of the same widths. Not the same x: mirrored pages
    (GB/T 9704 binds on alternating sides) move the whole table left or right."""
    if len(a.rows[0]) != len(b.rows[0]) or len(a.x_edges) != len(b.x_edges):
        return False
    shift = b.x_edges[0] - a.x_edges[0]
    return abs(shift) < 30 and all(abs(y - x - shift) < 2 for x, y in zip(a.x_edges, b.x_edges))


def _texts(row: list[PdfCell | str]) -> list[str]:
    return [cell.text.replace("\n", "") if isinstance(cell, PdfCell) else "" for cell in row]


def continue_table(previous: PdfTable, table: PdfTable) -> None:
    """Append a table continued from the previous page onto it."""
    rows = table.rows
    if rows and _texts(rows[0]) == _texts(previous.rows[0]):
        rows = rows[1:]  # the header row repeated on every page
    if rows:
        first, last = rows[0], previous.rows[-1]
        # A merged cell cut by the page break starts empty on the new page: it is still
        # the merged cell from above.
        first = [UP if isinstance(cell, PdfCell) and not cell.text and cell.spans_rows
                 else cell for cell in first]
        rows = [first] + rows[1:]
        if _is_split_row(last, first):
            merged = []
            for upper, lower in zip(last, first):
                if isinstance(lower, PdfCell) and lower.text and isinstance(upper, PdfCell):
                    glue = join_text(upper.text, lower.text) if upper.wraps_into(lower) \
                        else upper.text + "\n" + lower.text
                    upper = PdfCell(glue, lower.room, upper.lead, upper.spans_rows)
                merged.append(upper)
            previous.rows[-1] = merged
            rows = rows[1:]
    previous.rows.extend(rows)
    previous.bottom = table.bottom


def _is_split_row(last: list, first: list) -> bool:
    """A row cut by the page break: the new page's first row starts no new number (its
    first cell is empty or visibly runs on from the one above), every cell with text
    continues a non-empty cell above, and at least one visibly runs on (the cell above has
    no room left for the first word below and ends no sentence)."""
    cells = [cell if isinstance(cell, PdfCell) else PdfCell("") for cell in first]
    uppers = [cell if isinstance(cell, PdfCell) else PdfCell("") for cell in last]
    if not any(cell.text for cell in cells):
        return False
    if cells[0].text and (NEW_ITEM.match(cells[0].text) or not uppers[0].wraps_into(cells[0])):
        return False
    if any(cell.text and not upper.text for upper, cell in zip(uppers, cells)):
        return False
    # A cell above that ends a sentence with room to spare was complete: text under it
    # starts a new row, even when a narrow unit cell beside it happens to be full.
    if any(cell.text and FINAL.search(upper.text) and upper.room >= cell.lead
           for upper, cell in zip(uppers, cells)):
        return False
    return any(cell.text and upper.wraps_into(cell) for upper, cell in zip(uppers, cells))



def render_table(table: PdfTable, write, index: int, table_start: int) -> Table:
    rows: list[list[Cell]] = []
    end = table_start
    for r, raw in enumerate(table.rows):
        if r:
            _, end = write("\n")
        row: list[Cell] = []
        for c, cell in enumerate(raw):
            if c:
                _, end = write("\t")
            if isinstance(cell, PdfCell):
                start, end = write(cell.text)
                row.append(Cell(text=fold_width(cell.text), start=start, end=end))
            elif cell == UP and rows and c < len(rows[-1]):
                row.append(rows[-1][c])  # merged with the cell above: same text and offsets
            elif row:
                row.append(row[-1])
            else:
                row.append(Cell(start=end, end=end))
        rows.append(row)
    return Table(index=index, rows=rows, start=table_start, end=end, page=table.page)
