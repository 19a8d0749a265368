"""Layout repair for PDF text: characters → lines → paragraphs, page furniture removed.

A PDF has no paragraphs, only glyphs at positions. The rules here rebuild what the author
typed: a line that reaches the right margin was wrapped by the layout engine and continues
on the next line. Where the document indents its paragraphs' first lines (GB/T 9704), the
geometry alone decides: a full line followed by a line at the column's left edge continues,
however it ends (a justified paragraph wraps right after 。 or before "2." as well); a line
that starts further in begins a paragraph; a centred or right-aligned line stands alone.
Elsewhere a line that ends a sentence, stops short, or is followed by a new list number
ends its paragraph. Spaces are only put where the page shows a gap between Latin words or
draws a space at a line's end; a gap between CJK glyphs is justification, not a space.
A justified line end draws neither a space typed there nor punctuation hung past the
margin, so the reader records where it joined lines with nothing between
(Paragraph.wraps) and recognizers weigh those points as evidence. The right edge is where
wrapped lines end; one line alone reaching further proves nothing, and the middle that
centred lines share bounds it from below.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

# A new numbered item: 一、 （一） (1) 1. 1、 ① 第一条 … ; "1.5" (a decimal) is not one.
NEW_ITEM = re.compile(
    r"\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d+(?:[.．](?!\d)|、|[)）])|[①-⑳⑴-⒇]|第[一二三四五六七八九十百零〇\d]+[条章节款部分]|附件)")
# Ends a paragraph when at the end of a line (possibly followed by a closing quote/bracket).
FINAL = re.compile(r"[。；;：:！!？?][”’」』）)]*\s*$")
# A line cannot start with these, so a line that does is the continuation of the one above.
CONTINUES_LINE = "，。、；：！？）》」』”’,.;:!?)%"
# Punctuation a CJK line breaker lets hang past the right margin.
HANGS = "，。、；：！？）》」』”’,.;:!?)"
# A line ending in these is cut mid-phrase.
OPENS = "（《「『“‘(["

PAGE_NUMBER = re.compile(
    r"\s*(?:[-—–－~～·•\s]*\d{1,3}[-—–－~～·•\s]*"
    r"|第\s*\d+\s*页\s*(?:[,，/]?\s*共\s*\d+\s*页)?"
    r"|共\s*\d+\s*页\s*第\s*\d+\s*页"
    r"|\d+\s*/\s*\d+"
    r"|(?:page|Page|PAGE)\s*\d+(?:\s*of\s*\d+)?)\s*")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    lead: float = 0.0  # width of the first unit that could not be broken: a CJK glyph with
    # any closing punctuation after it, or a Latin word/number. A line above with less room
    # left than this was wrapped by the layout engine.
    space_after: bool = False  # the line ends in a space the PDF draws: where it wrapped,
    # the author typed a space (市文旅局 县住建局 wrapped after 局), which the join keeps.


_TOP_X0, _X0 = itemgetter("top", "x0"), itemgetter("x0")  # sort keys, without a call each


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def group_lines(chars: list[dict], page: int) -> list[Line]:
    """Characters (pdfplumber dicts) → lines, top to bottom, each sorted left to right."""
    glyphs = [c for c in chars if c.get("upright", True)]
    glyphs.sort(key=_TOP_X0)
    rows: list[list[dict]] = []
    top = bottom = None
    for char in glyphs:
        middle = (char["top"] + char["bottom"]) / 2
        if rows and top <= middle <= bottom:
            rows[-1].append(char)
        else:
            rows.append([char])
            top, bottom = char["top"], char["bottom"]
    lines = [_make_line(row, page) for row in rows]
    return [line for line in lines if line.text]


def _make_line(row: list[dict], page: int) -> Line:
    row.sort(key=_X0)
    sizes = sorted([c["size"] for c in row])
    size = sizes[len(sizes) // 2] or 10.0
    out: list[str] = []
    ink: list[dict] = []
    previous = None
    top, bottom = row[0]["top"], row[0]["bottom"]
    for char in row:  # one pass: the text, the ink and the line's height
        text = char["text"]
        if char["top"] < top:
            top = char["top"]
        if char["bottom"] > bottom:
            bottom = char["bottom"]
        if text.isspace():
            if out and out[-1] != " ":
                out.append(" ")  # a space the PDF itself draws
            previous = char
            continue
        ink.append(char)
        if previous is not None and out and out[-1] != " ":
            gap = char["x0"] - previous["x1"]
            before = out[-1][-1]
            # Between Latin words a visible gap is a space; between CJK glyphs it is
            # justification. A very wide gap separates columns of text.
            if gap > 1.5 * size or (gap > 0.2 * size and _latin(before) and _latin(text[0])):
                out.append(" ")
        out.append(text)
        previous = char
    ink = ink or row
    return Line(text="".join(out).strip(), x0=ink[0]["x0"], x1=max([c["x1"] for c in ink]),
                top=top, bottom=bottom, size=size, page=page, lead=_lead_width(ink),
                space_after=row[-1]["text"].isspace())


def _lead_width(ink: list[dict]) -> float:
    """Width of what a line breaker must keep together at the start of a line."""
    i, last = 0, len(ink) - 1
    # An opening bracket or quote may not end a line: it travels with what follows.
    while i < last and ink[i]["text"][:1] in OPENS:
        i += 1
    end = ink[i]["x1"]
    if _latin(ink[i]["text"][:1]):
        while i < last and ink[i + 1]["text"][:1].isascii() \
                and not ink[i + 1]["text"].isspace() and ink[i + 1]["x0"] - end < 1.0:
            i += 1  # the rest of a Latin word or number ("2019", "O2O")
            end = ink[i]["x1"]
    while i < last and ink[i + 1]["text"][:1] in CONTINUES_LINE:
        i += 1  # closing punctuation may not start a line: it travels with the unit
        end = ink[i]["x1"]
    # Quotes are ambiguous to line breakers (Unicode line-break class QU: no break on
    # either side), so LibreOffice keeps "现“群" and "送”文" together.
    if i < last and (ink[i + 1]["text"][:1] in OPENS or ink[i]["text"][:1] in "”’"):
        end = ink[min(i + 2 if ink[i + 1]["text"][:1] in OPENS else i + 1, last)]["x1"]
    return end - ink[0]["x0"]


def is_page_furniture_text(text: str) -> bool:
    return bool(PAGE_NUMBER.fullmatch(text))


def remove_page_furniture(pages: list[list[Line]], heights: list[float],
                          rules: list[list[tuple[float, float, float]]] | None = None
                          ) -> list[list[Line]]:
    """Drop page numbers and running headers/footers from each page's lines.

    Only lines in the top or bottom margin band are candidates: a page number is matched by
    its pattern; a running header or footer by repeating, digits aside, at the same place on
    at least two pages and half of them; a running header also, on a single page, by how it
    is set apart (see running_head).
    """
    rules = rules or [[] for _ in pages]
    def candidates(lines: list[Line], height: float, share: float) -> list[tuple[str, Line]]:
        band = share * height
        top = [("top", line) for line in lines[:2] if line.top < band]
        bottom = [("bottom", line) for line in lines[-2:] if line.bottom > height - band]
        return top + bottom

    def key(zone: str, line: Line) -> tuple[str, str, int]:
        return zone, re.sub(r"\d+", "#", line.text.replace(" ", "")), round(line.top / 6)

    counts = Counter()
    for lines, height in zip(pages, heights):
        counts.update({key(zone, line) for zone, line in candidates(lines, height, 0.1)})
    needed = max(2, (len(pages) - 1) // 2)
    cleaned = []
    for lines, height, page_rules in zip(pages, heights, rules):
        # Page numbers sit lower than running heads (GB/T 9704 puts "— 3 —" just below the
        # body), so their band is wider; a pattern that strict needs no repetition.
        drop = {id(line) for _, line in candidates(lines, height, 0.15)
                if is_page_furniture_text(line.text)}
        drop |= {id(line) for zone, line in candidates(lines, height, 0.1)
                 if counts[key(zone, line)] >= needed
                 or zone == "top" and running_head(line, lines, page_rules)}
        cleaned.append([line for line in lines if id(line) not in drop])
    return cleaned


def running_head(line: Line, lines: list[Line], rules: list[tuple[float, float, float]]) -> bool:
    """Whether a line in the top band is a running header by its looks, which a one-page
    document must be judged by: a rule drawn right under it, or, set apart from the text
    below by more than a line, a smaller size than that text or the text of a line of the
    page repeated (the title)."""
    below = [other for other in lines if other.top > line.bottom - 0.5]
    if not below:
        return False
    first = below[0]
    if any(x0 < line.x1 and x1 > line.x0 and 0 <= y - line.bottom <= min(
            1.5 * line.size, first.top - line.bottom) for x0, x1, y in rules):
        return True
    if first.top - line.bottom < line.size:
        return False
    sizes = sorted(other.size for other in below)
    if line.size < 0.85 * sizes[len(sizes) // 2]:
        return True
    text = line.text.replace(" ", "")
    return len(text) >= 4 and text in "".join(other.text.replace(" ", "") for other in below)


def right_margin(lines: list[Line]) -> float:
    """The x where wrapped lines end: the largest right edge reached by at least two lines
    (one long line, a stray wide table row, must not set it), else the largest."""
    if not lines:
        return 0.0
    ends = sorted((line.x1 for line in lines), reverse=True)
    for first, second in zip(ends, ends[1:]):
        if first - second <= 2.0:
            return first
    return ends[0]


def left_margin(lines: list[Line]) -> float:
    """The x where the text column starts: the smallest left edge shared by two lines."""
    if not lines:
        return 0.0
    starts = sorted(line.x0 for line in lines)
    for first, second in zip(starts, starts[1:]):
        if second - first <= 2.0:
            return first
    return starts[0]


def _centre(lines: list[Line]) -> float | None:
    """The middle shared by lines of different lengths (centred lines), if any: the most
    lines whose midpoints lie within a point of each other, of at least two lengths."""
    best, middle = 1, None
    mids = sorted(((line.x0 + line.x1) / 2, line.x1 - line.x0, line.size) for line in lines)
    end = 0
    for i, (mid, _, size) in enumerate(mids):  # a window sliding over the sorted midpoints
        end = max(end, i)
        while end + 1 < len(mids) and mids[end + 1][0] - mid <= 1.0:
            end += 1
        if end + 1 - i > best:
            widths = [width for _, width, _ in mids[i:end + 1]]
            if max(widths) - min(widths) > size:
                best, middle = end + 1 - i, sum(m for m, _, _ in mids[i:end + 1]) / (end + 1 - i)
    return middle


@dataclass
class Column:
    """The body text column of one page, and whether the document indents first lines."""
    left: float
    right: float
    indents: bool = False


def text_columns(pages: list[list[Line]], width: float = 0.0) -> dict[int, Column]:
    """Each page's body text column: from the left edge its body-size lines start at to the
    right edge wrapped lines reach. Margins may alternate between odd and even pages
    (mirrored layouts), so each page measures its own; a page whose lines are all short or
    all indented takes the document's. A document whose paragraphs start two characters in
    (GB/T 9704) shows where paragraphs start by geometry alone."""
    every = [line for lines in pages for line in lines]
    if not every:
        return {}
    sizes = sorted(line.size for line in every)
    body_size = sizes[len(sizes) // 2]

    def measure(lines: list[Line]) -> Column | None:
        body = [line for line in lines if abs(line.size - body_size) <= 1.0]
        # The right edge: the furthest a body line reaches, punctuation aside (CJK line
        # breaking lets it hang past the edge); a few short lines of equal length are not it.
        unhung = [line for line in body if line.text[-1] not in HANGS]
        if len(body) < 2 or not unhung:
            return None
        left, right = min(line.x0 for line in body), max(line.x1 for line in unhung)
        if sum(1 for line in unhung if right - line.x1 <= 2.0) < 2:
            # One line alone reaches this far: no wrapped line shows the edge. Lines centred
            # in the column (titles) show its middle, so the edge is at least as far right
            # of it as the left edge is left of it.
            middle = _centre(lines[:200])  # titles are near the top; the cost stays bounded
            if middle is not None and middle > left:
                right = max(right, 2 * middle - left)
        return Column(left, right)

    whole = measure(every) or Column(left_margin(every), right_margin(every))
    if width:
        # A document whose lines are all short shows no right edge. Page margins are about
        # symmetric (GB/T 9704: 28 and 26 mm); the edge lies at most six characters left
        # of the left margin's mirror.
        whole.right = max(whole.right, width - whole.left - 6 * body_size)
    columns: dict[int, Column] = {}
    indented = inset_lines = 0
    for lines in pages:
        if not lines:
            continue
        column = measure(lines) if len(lines) >= 4 else None
        if column is None or abs(column.left - whole.left) > 12 \
                or abs(column.right - whole.right) > 12:
            column = Column(whole.left, whole.right)  # short or indented lines mislead
        columns[lines[0].page] = column
        inset = [(line.x0 - column.left) / line.size for line in lines
                 if abs(line.size - body_size) <= 1.0 and line.x0 - column.left > 0.5 * line.size]
        indented += sum(1 for x in inset if 1.5 <= x <= 2.5)
        inset_lines += len(inset)
    # Most body lines that do not start at the column's edge start two characters in.
    indents = indented >= 1 and 2 * indented >= inset_lines
    for column in columns.values():
        column.indents = indents
    return columns


def continues(above: Line, below: Line, columns: dict[int, Column]) -> bool:
    """Whether `below` is the wrapped continuation of `above` in body text."""
    if abs(above.size - below.size) > 1.0:
        return False
    if below.text[:1] and below.text[0] in CONTINUES_LINE:
        return True
    if above.page == below.page and below.top - above.bottom > 1.2 * above.size:
        return False  # a blank line or paragraph spacing wider than a line
    column = columns.get(below.page) or next(iter(columns.values()))
    right = (columns.get(above.page) or column).right
    # Wrapped: the first unit of the next line would not have fitted after this one.
    full = right - above.x1 < below.lead + 0.25 * above.size
    if column.indents:
        # Paragraphs start indented: a line at the column's left edge under a full line
        # was wrapped there, whatever it starts with and however the line above ends (a
        # justified paragraph may wrap right after 。 or ；, or before "2."); a line that
        # starts further in begins a paragraph; a centred or right-aligned line (a title,
        # a signature) stands alone.
        left = (columns.get(above.page) or column).left
        if above.x0 - left > 2.5 * above.size:
            return False
        if below.x0 - column.left > 0.5 * below.size:
            # A centred paragraph wrapped: the rest is centred under a first line that left
            # less room, both sides together, than the next line's first unit needs. A
            # centred line is set at its glyphs' own widths (nothing is stretched), so the
            # room is measured exactly: where the unit would have fitted, the author broke
            # the line (two title lines, a title over a name).
            room = (above.x0 - left) + (right - above.x1)
            return (_centred(above, left, right) and room < below.lead + 0.5
                    and _centred(below, column.left, column.right))
        return full or above.text[-1:] in OPENS
    if NEW_ITEM.match(below.text) or FINAL.search(above.text):
        return False
    return above.text[-1:] in OPENS or full


def _centred(line: Line, left: float, right: float) -> bool:
    """As far from the column's left edge as from its right one, within a glyph."""
    return abs((line.x0 - left) - (right - line.x1)) < line.size


def join_text(left: str, right: str) -> str:
    """Join a wrapped line to the next: no space, except between two Latin words."""
    if left and right and _latin(left[-1]) and _latin(right[0]) and left[-1].isalpha():
        return left + " " + right
    return left + right


def cell_lines_to_text(lines: list[Line], inner_right: float) -> tuple[str, float]:
    """A table cell's lines as text: a line with no room left for the first unit of the
    next was wrapped and is joined to it; otherwise the author broke the line (one unit name
    per line) and '\\n' is kept. Returns (text, room left after the last line)."""
    text = ""
    for i, line in enumerate(lines):
        if i:
            room = inner_right - lines[i - 1].x1
            wrapped = (room < line.lead + 0.1 * line.size + 0.5 or line.text[0] in CONTINUES_LINE
                       or text[-1:] in OPENS)
            if not wrapped:
                text += "\n" + line.text
            elif lines[i - 1].space_after:
                text += " " + line.text
            else:
                text = join_text(text, line.text)
        else:
            text = line.text
    return text, (inner_right - lines[-1].x1) if lines else 0.0
