"""Saved web pages (.html, .htm, .shtml): bytes → the notice's text and Blocks.

A portal page wraps the notice in chrome: banner, navigation, breadcrumb, sidebar, related
links, print and close buttons, a footer with 主办单位 and 网站标识码. The notice is found by
evidence, not by the portal's class names (each portal has its own):

- sentence text: text outside links that holds clause punctuation (，。；、！？). Chrome is
  links, labels and short fields; a notice is sentences and table cells of names;
- the content is the deepest element that holds most of the sentence text (`_content`);
- the page's title (its <title>, or meta ArticleTitle) marks the heading above the content,
  which is kept; the lines between heading and content (date, source, visit counter,
  font-size switcher) are not;
- a key/value table above the content (索引号：… 文号：…, the open-government table) is kept
  as a table, for the metadata recognizer;
- inside the content, blocks whose links are page scripts (print, close, font size) and
  lines of portal furniture at its edges are dropped.

Maintained extractors were tried on such pages (trafilatura, readability-lxml, justext) and
not used: see docs/formats.md.
"""
from __future__ import annotations

import logging
import re

from ..blocks import Block, Cell, Paragraph, Table
from ..blocks.writer import TextWriter
from ..errors import CorruptFileError, EmptyDocumentError
from ..normalize.text import fold_width
from .html_decode import decode_html

log = logging.getLogger(__name__)

_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tbody thead tfoot tr td th caption "
    "section article header footer nav aside main blockquote pre center address form "
    "fieldset figure figcaption hr body html".split())
_DROP_TAGS = ("script", "style", "noscript", "iframe", "frame", "object", "embed", "svg",
              "canvas", "template", "head", "input", "select", "textarea", "button", "map",
              "audio", "video")
_CLAUSE = re.compile(r"[，。；、！？,;]")
_SPACES = re.compile(r"[ \t\n\r\f\xa0]+")
_TITLE_SPLIT = re.compile(r"\s*[_|｜—–-]{1,2}\s*")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_LABEL = re.compile(r"^[\u4e00-\u9fff\s\u3000]{2,8}[:：]$")
CORE_SHARE = 0.7  # the content holds at least this share of the page's sentence text
MIN_SENTENCE_CHARS = 30  # a page with less is no notice (a login, error or index page)


def read_html(data: bytes, path: str | None = None,
              charset: str | None = None) -> tuple[str, list[Block], str]:
    """(text, blocks, encoding) of a saved page; `charset` is a transport's declaration
    (an MHTML part header), tried before the page's own."""
    text, encoding = decode_html(data, path, charset)
    return (*read_markup(text, path), encoding)


def read_markup(markup: str, path: str | None) -> tuple[str, list[Block]]:
    root = _parse(markup, path)
    title = _page_title(root)
    _clean(root)
    weights: dict = {}
    total = _weigh(root, weights, False)
    content = _content(root, weights, total)
    if total < MIN_SENTENCE_CHARS or content is None:
        what = f" (its title: {title[0]})" if title else ""
        raise EmptyDocumentError(
            f"is a web page with no document text in it{what}: a login, error or index page, "
            "not a notice. Save the page of the notice itself, or its attachment", path=path)
    writer = _Writer()
    for table in _key_value_tables(root, content):
        writer.table(table)
    heading = _heading(root, content, title)
    if heading is not None:
        writer.lines(heading)
    writer.lines(content, trim_edges=True)
    return writer.result()


# -- parsing and cleaning ------------------------------------------------------------------

def _parse(markup: str, path: str | None):
    import lxml.html
    from lxml import etree

    # lxml refuses a str that declares its own encoding; the bytes were decoded already.
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(f"is a web page that cannot be parsed ({exc}); save it again",
                               path=path) from None
    return root


def _page_title(root) -> list[str]:
    """What the page says its title is: meta ArticleTitle, then <title> without the
    site's name after _ or |."""
    out = []
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() in ("articletitle", "title"):
            out.append(_norm(meta.get("content") or ""))
    for element in root.iter("title"):
        full = _norm(element.text_content())
        out.append(full)
        out.extend(part for part in _TITLE_SPLIT.split(full) if len(part) >= 4)
    return [t for t in out if t]


def _clean(root) -> None:
    import lxml.etree

    lxml.etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        style = element.get("style")
        if (style and _HIDDEN.search(style)) or element.get("hidden") is not None:
            element.drop_tree()


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" \u3000")


# -- finding the content -------------------------------------------------------------------

def _sentence_chars(text: str | None, in_data: bool) -> int:
    if not text or not (in_data or _CLAUSE.search(text)):
        return 0
    return len(text) - text.count(" ") - text.count("\n")


def _weigh(element, weights: dict, in_link: bool, in_data: bool = False) -> int:
    """Sentence characters under `element` outside links, stored per element; every
    character of a data table's cells counts (names and dates have no punctuation)."""
    in_link = in_link or element.tag == "a"
    in_data = in_data or (element.tag == "table" and _is_data_table(element))
    total = 0 if in_link else _sentence_chars(element.text, in_data)
    for child in element:
        if isinstance(child.tag, str):
            total += _weigh(child, weights, in_link, in_data)
        if not in_link:
            total += _sentence_chars(child.tail, in_data)
    weights[element] = total
    return total


def _content(root, weights: dict, total: int):
    """The deepest element still holding CORE_SHARE of the sentence text among those that
    hold blocks; a table of data is taken whole, with what stands around it."""
    if not total:
        return None
    node = root
    while True:
        best = max((c for c in node if isinstance(c.tag, str)), key=lambda c: weights[c],
                   default=None)
        if (best is None or weights[best] < CORE_SHARE * total or not _holds_blocks(best)
                or (best.tag == "table" and _is_data_table(best))):
            return node
        node = best


def _holds_blocks(element) -> bool:
    """Whether `element` holds block elements: one long paragraph of a notice must not
    become the content and leave its sibling paragraphs out."""
    return any(isinstance(e.tag, str) and e.tag in _BLOCK_TAGS for e in element.iterdescendants())


def _key_value_tables(root, content) -> list:
    """Tables outside the content made of `label：` cells and their values."""
    out = []
    inside = set(content.iter("table"))
    for table in root.iter("table"):
        if table in inside or table.find(".//table") is not None:
            continue
        labels = sum(1 for cell in table.iter("td", "th") if _LABEL.match(_norm(cell.text_content())))
        if labels >= 2:
            out.append(table)
    return out


def _heading(root, content, titles: list[str]):
    """The last element before the content whose text is the page's title, unless the
    content starts with the title itself."""
    if not titles:
        return None
    wanted = {fold_width(t) for t in titles}
    first_line = next(iter(_element_lines(content)), "")
    if fold_width(first_line) in wanted:
        return None
    found = None
    for element in root.iter("h1", "h2", "h3", "h4", "div", "td", "p", "span", "strong"):
        if element is content or any(a is content for a in element.iterancestors()):
            break  # reached the content
        if element.find(".//table") is None and fold_width(_norm(element.text_content())) in wanted:
            found = element
    return found


# -- writing text and blocks ---------------------------------------------------------------

_BREAK = object()


def _tokens(element, out: list, in_table: bool = False) -> None:
    """Text pieces and line breaks of `element`, in reading order; real tables as themselves."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "table" and not in_table and _is_data_table(element):
        out.append(element)
        return
    block = tag in _BLOCK_TAGS
    if block or tag == "br":
        out.append(_BREAK)
    if tag != "br" and not _is_script_bar(element):
        if element.text:
            out.append(element.text)
        for child in element:
            if isinstance(child.tag, str):
                _tokens(child, out, in_table)
            if child.tail:
                out.append(child.tail)
    if block:
        out.append(_BREAK)


def _is_data_table(table) -> bool:
    """A table of data, not of layout: no table inside it, at least two rows and columns."""
    if table.find(".//table") is not None:
        return False
    rows = _rows(table)
    return len(rows) >= 2 and max(len(_cells(r)) for r in rows) >= 2


def _is_script_bar(element) -> bool:
    """Buttons of the page (print, close, font size, share): links that run a script or
    jump within the page, making up most of the element's text."""
    if element.tag in ("td", "th", "table", "tr", "body", "html"):
        return False
    links = element.findall(".//a") + ([element] if element.tag == "a" else [])
    scripts = [a for a in links if (a.get("href") or "").strip().lower().startswith(("javascript", "#"))
               or a.get("onclick")]
    if not scripts:
        return False
    text = _norm(element.text_content())
    script_text = sum(len(_norm(a.text_content())) for a in scripts)
    return len(text) < 80 and script_text * 2 >= len(text.replace("【", "").replace("】", ""))


def _element_lines(element) -> list[str]:
    tokens: list = []
    _tokens(element, tokens, in_table=True)
    return _join(tokens)


def _join(tokens: list) -> list[str]:
    lines, current = [], []
    for token in tokens + [_BREAK]:
        if token is _BREAK or not isinstance(token, str):
            line = _norm("".join(current))
            if line:
                lines.append(line)
            current = []
        else:
            current.append(token)
    return lines


def _rows(table) -> list:
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _cells(row) -> list:
    return [c for c in row if c.tag in ("td", "th")]


def _span(cell, name: str, cap: int) -> int:
    try:
        value = int((cell.get(name) or "1").strip())
    except ValueError:
        return 1
    return cap if value == 0 else max(1, min(value, cap))  # rowspan="0": to the end


class _Writer(TextWriter):
    """The page's text and blocks, written as the content is walked."""

    def lines(self, element, trim_edges: bool = False) -> None:
        tokens: list = []
        _tokens(element, tokens)
        items: list = []  # lines and tables in order
        current: list[str] = []
        for token in tokens + [_BREAK]:
            if isinstance(token, str):
                current.append(token)
                continue
            line = _norm("".join(current))
            current = []
            if line:
                items.append(line)
            if token is not _BREAK:
                items.append(token)
        if trim_edges:
            items = _trim_furniture(items)
        for item in items:
            if isinstance(item, str):
                self._new_line()
                start, end = self._write(item)
                self.blocks.append(Paragraph(index=len(self.blocks), text=fold_width(item),
                                             start=start, end=end))
            else:
                self.table(item)

    def table(self, table) -> None:
        rows = _rows(table)
        grid: dict[tuple[int, int], Cell] = {}
        self._new_line()
        table_start = self.pos
        for r, row in enumerate(rows):
            if r:
                self._write("\n")
            c = 0
            for n, cell in enumerate(_cells(row)):
                while (r, c) in grid:
                    c += 1
                if n:
                    self._write("\t")
                text = "\n".join(_element_lines(cell))
                start, end = self._write(text)
                own = Cell(text=fold_width(text), start=start, end=end)
                row_span = _span(cell, "rowspan", len(rows) - r)
                col_span = _span(cell, "colspan", 1000)
                for dr in range(row_span):
                    for dc in range(col_span):
                        grid.setdefault((r + dr, c + dc), own)
                c += col_span
        width = max((c for _, c in grid), default=-1) + 1
        table_rows = []
        for r in range(len(rows)):
            row_cells = []
            for c in range(width):
                cell = grid.get((r, c))
                if cell is None:  # a short row: an empty cell at the row's end
                    at = row_cells[-1].end if row_cells else table_start
                    cell = Cell(start=at, end=at)
                row_cells.append(cell)
            table_rows.append(row_cells)
        if table_rows and width:
            self.blocks.append(Table(index=len(self.blocks), rows=table_rows,
                                     start=table_start, end=self.pos))


def _trim_furniture(items: list) -> list:
    """Drop portal furniture lines before the notice's first sentence (or table) and after
    its last: a heading above the body stays, the info line and buttons beside it go."""
    from ..lexicon.portal import is_portal_furniture

    body = [k for k, item in enumerate(items) if not isinstance(item, str) or _CLAUSE.search(item)]
    if not body:
        return items
    first, last = body[0], body[-1]
    return [item for k, item in enumerate(items)
            if first <= k <= last or not isinstance(item, str) or not is_portal_furniture(item)]
