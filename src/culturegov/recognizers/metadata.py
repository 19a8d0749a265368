"""Metadata: 文号, title, issuer and dates, 索引号, attachments, region."""
from __future__ import annotations

import regex

from ..models import Attachment, DocNumber, Metadata, Span
from ..agencies import is_agency_name, split_top_level
from ..normalize.text import clean_name, fold_width
from ..blocks import Paragraph, Table
from ..lexicon.patterns import DATE_CN, DOC_NUMBER, DOC_TYPE_END, SENTENCE_PUNCT, parse_date
from ..blocks.pieces import Unit

# Keys of the metadata table government sites print above a notice.
_META_KEYS = {
    "索引号": "index_number", "文号": "doc_number", "发文字号": "doc_number",
    "发布机构": "publisher", "发文机关": "publisher", "发文单位": "publisher",
    "生成日期": "publish_date", "发布日期": "publish_date", "发布时间": "publish_date",
    "公开日期": "publish_date",
    "发文日期": "issue_date", "成文日期": "issue_date", "印发日期": "issue_date",
    "制定日期": "issue_date",
    "标题": "title", "名称": "title", "主题分类": "topic", "组配分类": None, "公开方式": None,
    "体裁分类": None, "主题词": None, "有效性": "validity", "公开范围": None, "信息来源": None,
}
# A key at the start of a line or after a space, its characters maybe spaced out (文 号 :),
# several keys to a line (索引号 : … 文 号 : 无); longest first, so 发文字号 is not 文号.
_META_KEY = regex.compile(
    r"(?:^|(?<=\s))(?P<key>"
    + "|".join(r"\s?".join(map(regex.escape, key)) for key in sorted(_META_KEYS, key=len, reverse=True))
    + r")\s*:\s*")
# _META_KEY over lines joined by newlines: the same keys, a line start being a start.
_META_KEY_IN_LINES = regex.compile(_META_KEY.pattern, regex.MULTILINE)
_LONGEST_KEY_CELL = 16  # a key of four characters, spaced out, with a colon
_FORWARDED_TITLE = regex.compile(r"(?:现将|关于印发|印发)《(?P<title>[^《》]{4,80})》")


class MetadataResult:
    def __init__(self) -> None:
        self.metadata = Metadata()
        self.claimed: list[Span] = []
        self.known_titles: list[str] = []
        self.fields: dict[str, str] = {}


def recognize_metadata(blocks: list, units: list[Unit], doc_text: str) -> MetadataResult:
    result = MetadataResult()
    _web_metadata(blocks, units, doc_text, result)
    meta = result.metadata
    _attachment_label(units, result)
    _addressees(units, doc_text, result)
    _attachment_list(units, result)
    _title(units, doc_text, result)
    _attachment_headings(units, doc_text, result)
    _doc_number(units, doc_text, result)
    _signature(units, doc_text, result)
    if not meta.issuer and result.fields.get("publisher"):
        meta.issuer = result.fields["publisher"]
    result.known_titles = [t for t in [meta.title, *(a.title for a in meta.attachments)] if t]
    return result


def _claim(result: MetadataResult, start: int, end: int, block: int | None = None) -> None:
    result.claimed.append(Span(start=start, end=end, block=block))


def _store(result: MetadataResult, key: str | None, value: str) -> None:
    value = value.strip()
    if not key or not value:
        return
    meta = result.metadata
    result.fields[key] = value
    if key == "index_number":
        meta.index_number = value
    elif key == "doc_number":
        meta.doc_number = doc_number(value) or meta.doc_number
    elif key == "publish_date":
        meta.publish_date = parse_date(value)
    elif key == "issue_date":
        meta.issue_date = parse_date(value)
    elif key == "title":
        meta.title = value
    elif key in ("topic", "validity"):
        setattr(meta, key, value)


def _web_metadata(blocks: list, units: list[Unit], doc_text: str, result: MetadataResult) -> None:
    for block in blocks:
        if not isinstance(block, Table):
            continue
        pairs = 0
        for row in block.rows:
            for cell, value in zip(row, row[1:]):
                # A key cell is a key of at most four characters, maybe spaced out, with a
                # colon: longer cells (most of a task table) need no cleaning to be ruled out.
                if len(cell.text) > _LONGEST_KEY_CELL:
                    continue
                key = clean_name(cell.text)
                if key in _META_KEYS:
                    pairs += 1
                    _store(result, _META_KEYS[key], doc_text[value.start:value.end])
        if pairs >= 2:
            _claim(result, block.start, block.end, block.index)
    lines = [b for b in blocks if isinstance(b, Paragraph) and ":" in b.text]
    # One search over all the lines rules out the usual text with no key at all.
    if lines and _META_KEY_IN_LINES.search("\n".join(b.text for b in lines)):
        for line in lines:
            _metadata_line(line, doc_text, result)


def _metadata_line(line: Paragraph, doc_text: str, result: MetadataResult) -> None:
    """`key: value` pairs filling a whole line, as a site prints them above a notice."""
    keys = list(_META_KEY.finditer(line.text))
    if not keys or line.text[:keys[0].start()].strip():
        return
    for k, m in enumerate(keys):
        end = keys[k + 1].start() if k + 1 < len(keys) else len(line.text)
        field = _META_KEYS["".join(m.group("key").split())]
        if field:  # a pair the model has no field for (有效性: 有效) stays unparsed
            _store(result, field, doc_text[line.start + m.end():line.start + end])
            _claim(result, line.start + m.start(), line.start + end, line.index)


def doc_number(text: str) -> DocNumber | None:
    """The first 文号 in `text` (as written), with its parts."""
    m = DOC_NUMBER.search(fold_width(text))
    if not m:
        return None
    return DocNumber(raw=text[m.start():m.end()].strip(), issuer_code=m["code"],
                     year=int(m["year"]), serial=int(m["serial"]))


def _attachment_label(units: list[Unit], result: MetadataResult) -> None:
    """A text that opens with `附件5` or `附件：` is itself an attachment of a notice."""
    if not units:
        return
    first = units[0]
    if first.marker and first.marker.style == "attachment" and first.opens_paragraph \
            and not first.body.strip(": "):
        result.metadata.attachment_label = first.marker.number
        _claim(result, first.start, first.end, first.block)


def _addressees(units: list[Unit], doc_text: str, result: MetadataResult) -> None:
    """主送机关: `各有关单位：` or `各镇人民政府、各有关单位：` opening a notice's body."""
    for unit in units[:40]:
        if unit.text.endswith("。"):
            return  # the body has begun
        name, colon, rest = unit.text.partition(":")
        if not colon or rest.strip() or "各" not in name:
            continue
        parts = split_top_level(name.replace(",", "、"), "、")
        if any(p.startswith("各") or "各" in p for p in parts) \
                and parts and all(is_agency_name(p) for p in parts):
            result.metadata.addressees = doc_text[unit.start:unit.start + len(name)]
            _claim(result, unit.start, unit.end, unit.block)
            return


def _attachment_list(units: list[Unit], result: MetadataResult) -> None:
    """`附件：1.A 2.B` (inline or one per line) or `附件：A`, after the body of a notice."""
    for i, unit in enumerate(units):
        if i == 0 or not unit.marker or unit.marker.style != "attachment" \
                or unit.marker.ordinal is not None or not unit.body.startswith(":"):
            continue
        rest = unit.body[1:].strip()
        items: list[Unit] = []
        if rest:
            items.append(unit)
        items.extend(_following_numbered(units, i + 1))
        for item in items:
            body = item.body[1:].strip() if item is unit else item.body
            from ..blocks.pieces import find_marker

            marker = find_marker(body) if item is unit else item.marker
            title = body[marker.end:].strip() if marker and item is unit else body
            title = title.strip(" .;。")
            if not title:
                continue
            ordinal = marker.ordinal if marker else None
            result.metadata.attachments.append(Attachment(
                label=f"附件{ordinal}" if ordinal else "附件", number=ordinal, title=title))
            _claim(result, item.start, item.end, item.block)
        if result.metadata.attachments:
            _claim(result, unit.start, unit.end, unit.block)
            return


def _following_numbered(units: list[Unit], i: int) -> list[Unit]:
    items = []
    expected = 1
    while i < len(units):
        u = units[i]
        if not u.marker or u.marker.style not in ("num_dot", "num_paren") \
                or u.marker.ordinal != expected or SENTENCE_PUNCT.search(u.body.rstrip("。;")):
            break
        items.append(u)
        expected += 1
        i += 1
    return items


def _attachment_headings(units: list[Unit], doc_text: str, result: MetadataResult) -> None:
    """`附件2` alone on a line inside the text, then the attachment's title (wrapped over up
    to three lines, ending in the kind of document it is): the title is known, so no
    recognizer takes a line of it (…协调组) for a body."""
    meta = result.metadata
    known = {fold_width(a.title) for a in meta.attachments}
    for i, unit in enumerate(units[1:], start=1):
        if not (unit.marker and unit.marker.style == "attachment" and unit.opens_paragraph
                and unit.closes_paragraph and not unit.body.strip(": ")):
            continue
        run: list[Unit] = []
        for line in units[i + 1:i + 4]:
            if line.marker or not (line.opens_paragraph and line.closes_paragraph) or \
                    SENTENCE_PUNCT.search(line.text) or len(line.text) > 40:
                break
            run.append(line)
            if DOC_TYPE_END.search(line.text):
                break
        if not run or not DOC_TYPE_END.search(run[-1].text):
            continue
        title = "".join(doc_text[u.start:u.end].strip() for u in run)
        _claim(result, unit.start, unit.end, unit.block)
        for line in run:
            _claim(result, line.start, line.end, line.block)
        if fold_width(title) not in known and title != meta.title:
            meta.attachments.append(Attachment(label=unit.marker.number,
                                               number=unit.marker.ordinal, title=title))
            known.add(fold_width(title))


def _title(units: list[Unit], doc_text: str, result: MetadataResult) -> None:
    meta = result.metadata
    if meta.title:
        return
    # A title stands alone near the top, has no sentence punctuation, and ends with the kind
    # of document it is; a long one wraps over two or three lines.
    opening = [u for u in units[:12] if u.opens_paragraph and u.closes_paragraph]
    label = result.metadata.attachment_label
    if label and len(units) > 1 and not units[0].closes_paragraph:
        opening.insert(0, units[1])  # a run-on attachment: 附件3 <title> <body>…
    for k, unit in enumerate(opening):
        if unit.marker or SENTENCE_PUNCT.search(unit.text) or len(unit.text) > 60:
            continue
        if DOC_TYPE_END.search(unit.text):
            run = [unit]
            for prev in reversed(opening[:k]):
                if prev.marker or SENTENCE_PUNCT.search(prev.text) or len(prev.text) > 40 \
                        or DOC_NUMBER.search(prev.text) or DATE_CN.search(prev.text) \
                        or units.index(prev) != units.index(run[0]) - 1:
                    break
                run.insert(0, prev)
            title = "".join(doc_text[u.start:u.end].strip() for u in run)
            if len(title) < 6:
                continue
            meta.title = title
            for u in run:
                _claim(result, u.start, u.end, u.block)
            return
    # A page scraped onto one line: the title is one of the pieces of that line before its
    # first sentence (after the breadcrumb), shaped like a title.
    for unit in units[:12]:
        if unit.block != units[0].block or "。" in unit.text:
            break
        if not unit.marker and not SENTENCE_PUNCT.search(unit.text) and \
                6 <= len(unit.text) <= 60 and DOC_TYPE_END.search(unit.text):
            meta.title = doc_text[unit.start:unit.end].strip()
            _claim(result, unit.start, unit.end, unit.block)
            return
    # A notice that forwards a plan: 现将《X》印发给你们 — X is what the document is.
    for unit in units:
        m = _FORWARDED_TITLE.search(unit.text)
        if m:
            meta.title = doc_text[unit.start + m.start("title"):unit.start + m.end("title")]
            return


def _doc_number(units: list[Unit], doc_text: str, result: MetadataResult) -> None:
    if result.metadata.doc_number:
        return
    for unit in units[:30]:
        m = DOC_NUMBER.fullmatch(unit.text.strip())
        if m and unit.opens_paragraph:
            result.metadata.doc_number = doc_number(doc_text[unit.start:unit.end])
            _claim(result, unit.start, unit.end, unit.block)
            return


def _signature(units: list[Unit], doc_text: str, result: MetadataResult) -> None:
    """The issuer's name followed by the date: 温州市鹿城区人民政府办公室 2019年12月31日."""
    meta = result.metadata
    for i, unit in enumerate(units):
        if not DATE_CN.fullmatch(unit.text.strip()) or i == 0:
            continue
        issuer = units[i - 1]
        if not is_agency_name(issuer.text):
            continue
        meta.issuer = doc_text[issuer.start:issuer.end].strip()
        meta.issue_date = meta.issue_date or parse_date(unit.text)
        _claim(result, issuer.start, issuer.end, issuer.block)
        _claim(result, unit.start, unit.end, unit.block)
        return
