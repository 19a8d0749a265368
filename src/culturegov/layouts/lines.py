"""Helpers every layout rebuilder shares: walking paragraph blocks, cutting them into cells
that keep their offsets, and making the Table."""
from __future__ import annotations

from ..blocks import Block, Cell, Paragraph, Table


def paragraphs_from(blocks: list[Block], i: int):
    while i < len(blocks) and isinstance(blocks[i], Paragraph):
        yield i, blocks[i]
        i += 1


def blank_line_before(text: str, blocks: list[Block], i: int) -> bool:
    return i > 0 and text.find("\n", blocks[i - 1].end + 1, blocks[i].start) >= 0


def cell_of(lines: list[Paragraph], strip_tab: bool = True) -> Cell:
    if len(lines) == 1:  # most cells hold one line: no joining
        raw = lines[0].text
        lead = len(raw) - len(raw.lstrip()) if strip_tab else 0
        return Cell(text=raw.strip(), start=lines[0].start + lead,
                    end=lines[0].start + len(raw.rstrip()))
    if not lines:
        return Cell()
    parts, starts, ends = [], [], []
    for p in lines:
        raw = p.text
        lead = len(raw) - len(raw.lstrip()) if strip_tab else 0
        parts.append(raw.strip())
        starts.append(p.start + lead)
        ends.append(p.start + len(raw.rstrip()))
    return Cell(text="\n".join(x for x in parts if x), start=starts[0], end=max(ends))


def make_table(rows: list[list[Cell]], origin: str, first: Paragraph, last: Paragraph) -> Table:
    return Table(rows=rows, start=first.start, end=last.end, page=first.page, origin=origin)



def slice_paragraph(p: Paragraph, a: int, b: int, strip: str = " ") -> Paragraph:
    piece = p.text[a:b]
    lead = len(piece) - len(piece.lstrip(strip))
    body = piece.strip(strip)
    return Paragraph(index=p.index, text=body, start=p.start + a + lead,
                     end=p.start + a + lead + len(body), page=p.page)

