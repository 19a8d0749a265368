"""Metadata: 文号, title, issuer and dates, 索引号, attachments, region."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..models import Attachment, DocNumber, Metadata, Span
from ..agencies import is_agency_name, split_top_level
from ..normalize.text import clean_name, fold_width
from ..blocks import Paragraph, Table
from ..lexicon import vocabulary
from ..lexicon.patterns import (COLLECTIVE_OPENER, DATE_CN, DOC_NUMBER, DOC_TYPE_END,
                                SENTENCE_PUNCT, parse_date)
from ..blocks.pieces import Piece
from ..blocks.draft import Draft
from .contract import Found

# Keys of the metadata table government sites print above a notice (data/vocabulary).
# A key's field is "" when the model has none for it (组配分类): its pair is recognised only.
_META_KEYS: dict[str, str] = vocabulary("metadata")["keys"]
# A key at the start of a line or after a space, its characters maybe spaced out (文 号 :),
# several keys to a line (索引号 : … 文 号 : 无); longest first, so 发文字号 is not 文号.
_META_KEY = regex.compile(
    r"(?:^|(?<=\s))(?P<key>"
    + "|".join(r"\s?".join(map(regex.escape, key)) for key in sorted(_META_KEYS, key=len, reverse=True))
    + r")\s*:\s*")
_MASTHEAD_END = tuple(vocabulary("metadata")["masthead"]["endings"])
_FORWARDED_TITLE = regex.compile(r"(?:现将|关于印发|印发)《(?P<title>[^《》]{4,80})》")


class MetadataResult:
    def __init__(self) -> None:
        self.metadata = Metadata()
        self.claimed: list[Span] = []
        self.known_titles: list[str] = []
        self.publisher: str | None = None  # the portal's 发布机构: the issuer, unless signed


def recognize_metadata(blocks: list, pieces: list[Piece], doc_text: str) -> MetadataResult:
    result = MetadataResult()
    _web_metadata(blocks, pieces, doc_text, result)
    meta = result.metadata
    _attachment_label(pieces, result)
    _addressees(pieces, doc_text, result)
    _attachment_list(pieces, result)
    _title(pieces, doc_text, result)
    _attachment_headings(pieces, doc_text, result)
    _doc_number(pieces, doc_text, result)
    _signature(pieces, doc_text, result)
    meta.issuer = meta.issuer or result.publisher
    result.known_titles = [t for t in [meta.title, *(a.title for a in meta.attachments)] if t]
    return result


def _claim(result: MetadataResult, start: int, end: int, block: int | None = None) -> None:
    result.claimed.append(Span(start=start, end=end, block=block))


def _store(result: MetadataResult, key: str, value: str) -> None:
    """A portal's `key: value`; an empty value (文号：) leaves the field unset, and a key the
    model has no field for (组配分类, "") is stored nowhere."""
    value = value.strip()
    if not value:
        return
    meta = result.metadata
    if key == "publisher":
        result.publisher = value
    elif key == "index_number":
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


def _web_metadata(blocks: list, pieces: list[Piece], doc_text: str, result: MetadataResult) -> None:
    for block in blocks:
        if not isinstance(block, Table):
            continue
        pairs = 0
        for row in block.rows:
            for cell, value in zip(row, row[1:]):
                field = _meta_field(cell.text)
                if field is not None:
                    pairs += 1
                    _store(result, field, doc_text[value.start:value.end])
        if pairs >= 2:
            _claim(result, block.start, block.end, block.index)
    for block in blocks:
        if isinstance(block, Paragraph):
            _metadata_line(block, doc_text, result)


@lru_cache(maxsize=8192)  # a table's cells repeat (序号, 责任单位) row after row, table after table
def _meta_field(cell_text: str) -> str | None:
    """The field a portal's key cell names (文　　号： → doc_number), None for any other
    cell; a function of the text alone."""
    key = clean_name(cell_text)
    return _META_KEYS.get(key)


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


def _attachment_label(pieces: list[Piece], result: MetadataResult) -> None:
    """A text that opens with `附件5` or `附件：` is itself an attachment of a notice."""
    if not pieces:
        return
    first = pieces[0]
    # (The first piece always opens its paragraph.)
    if first.marker and first.marker.style == "attachment" and not first.body.strip(": "):
        result.metadata.attachment_label = first.marker.number
        _claim(result, first.start, first.end, first.block)


def _addressees(pieces: list[Piece], doc_text: str, result: MetadataResult) -> None:
    """主送机关: `各有关单位：` or `各镇人民政府、各有关单位：` opening a notice's body."""
    for piece in pieces[:40]:
        if piece.text.endswith("。"):
            return  # the body has begun
        name, colon, rest = piece.text.partition(":")
        if not colon or rest.strip() or COLLECTIVE_OPENER not in name:
            continue
        if all(is_agency_name(p) for p in split_top_level(name.replace(",", "、"), "、")):
            result.metadata.addressees = doc_text[piece.start:piece.start + len(name)]
            _claim(result, piece.start, piece.end, piece.block)
            return


def _attachment_list(pieces: list[Piece], result: MetadataResult) -> None:
    """`附件：1.A 2.B` (inline or one per line), `附件：A`, or `附件1：A` one a line, after the
    body of a notice (a text that opens with 附件 is itself an attachment)."""
    for i, piece in enumerate(pieces):
        if i == 0 or not piece.marker or piece.marker.style != "attachment" \
                or not piece.body.startswith(":"):
            continue
        if piece.marker.ordinal is not None:
            _numbered_attachment(piece, result)
            continue
        rest = piece.body[1:].strip()
        items: list[Piece] = []
        if rest:
            items.append(piece)
        items.extend(_following_numbered(pieces, i + 1))
        for item in items:
            body = item.body[1:].strip() if item is piece else item.body
            from ..blocks.pieces import find_marker

            marker = find_marker(body) if item is piece else item.marker
            title = body[marker.end:].strip() if marker and item is piece else body
            title = title.strip(" .;。")
            if not title:
                continue
            ordinal = marker.ordinal if marker else None
            result.metadata.attachments.append(Attachment(
                label=f"附件{ordinal}" if ordinal else "附件", number=ordinal, title=title))
            _claim(result, item.start, item.end, item.block)
        if result.metadata.attachments:
            _claim(result, piece.start, piece.end, piece.block)
            return


def _numbered_attachment(piece: Piece, result: MetadataResult) -> None:
    """`附件2：<title>`: the title after the colon, unless it is a sentence."""
    title = piece.body[1:].strip(" .;。")
    if title and not SENTENCE_PUNCT.search(title):
        result.metadata.attachments.append(Attachment(
            label=piece.marker.number, number=piece.marker.ordinal, title=title))
        _claim(result, piece.start, piece.end, piece.block)


def _following_numbered(pieces: list[Piece], i: int) -> list[Piece]:
    items = []
    expected = 1
    while i < len(pieces):
        u = pieces[i]
        if not u.marker or u.marker.style not in ("num_dot", "num_paren") \
                or u.marker.ordinal != expected or SENTENCE_PUNCT.search(u.body.rstrip("。;")):
            break
        items.append(u)
        expected += 1
        i += 1
    return items


def _attachment_headings(pieces: list[Piece], doc_text: str, result: MetadataResult) -> None:
    """`附件2` alone on a line inside the text, then the attachment's title (wrapped over up
    to three lines, ending in the kind of document it is), or `附件2 <title>` with the title
    on the label's own line: the title is known, so no recognizer takes a line of it
    (…协调组) for a body."""
    meta = result.metadata
    known = {fold_width(a.title) for a in meta.attachments}
    for i, piece in enumerate(pieces[1:], start=1):
        # (It closes its paragraph when the next piece opens one, as the run below needs.)
        if not (piece.marker and piece.marker.style == "attachment" and piece.opens_paragraph
                and not piece.body.strip(": ")):
            continue
        run: list[Piece] = []
        for line in pieces[i + 1:i + 4]:
            # A whole line; or, first, the rest of the label's line (a space parts the two).
            whole = line.opens_paragraph or (not run and line.block == piece.block)
            if line.marker or not (whole and line.closes_paragraph) or \
                    SENTENCE_PUNCT.search(line.text) or len(line.text) > 40:
                break
            run.append(line)
            if DOC_TYPE_END.search(line.text):
                break
        if not run or not DOC_TYPE_END.search(run[-1].text):
            continue
        title = "".join(doc_text[u.start:u.end].strip() for u in run)
        _claim(result, piece.start, piece.end, piece.block)
        for line in run:
            _claim(result, line.start, line.end, line.block)
        if fold_width(title) not in known and title != meta.title:
            meta.attachments.append(Attachment(label=piece.marker.number,
                                               number=piece.marker.ordinal, title=title))
            known.add(fold_width(title))


def _title(pieces: list[Piece], doc_text: str, result: MetadataResult) -> None:
    meta = result.metadata
    if meta.title:
        return
    # A title stands alone near the top, has no sentence punctuation, and ends with the kind
    # of document it is; a long one wraps over two or three lines.
    opening = [u for u in pieces[:12] if u.opens_paragraph and u.closes_paragraph]
    label = result.metadata.attachment_label
    if label and not pieces[0].closes_paragraph:  # (so a second piece follows)
        opening.insert(0, pieces[1])  # a run-on attachment: 附件3 <title> <body>…
    for k, piece in enumerate(opening):
        if piece.marker or SENTENCE_PUNCT.search(piece.text) or len(piece.text) > 60:
            continue
        if DOC_TYPE_END.search(piece.text):
            run = [piece]
            for prev in reversed(opening[:k]):
                if prev.marker or SENTENCE_PUNCT.search(prev.text) or len(prev.text) > 40 \
                        or DOC_NUMBER.search(prev.text) or DATE_CN.search(prev.text) \
                        or pieces.index(prev) != pieces.index(run[0]) - 1 \
                        or prev.text.endswith(_MASTHEAD_END):
                    break  # (a masthead, 某某局文件, is the issuer's, not the title's)
                run.insert(0, prev)
            title = "".join(doc_text[u.start:u.end].strip() for u in run)
            if len(title) < 6:
                continue
            meta.title = title
            for u in run:
                _claim(result, u.start, u.end, u.block)
            return
    # An attachment's title is the line right under its label (附件2 / <title>), whatever
    # word it ends with (…重点任务及责任单位): that is where official documents put it.
    # (A label is the first piece.)
    if label and len(pieces) > 1:
        after = pieces[1]
        if after.opens_paragraph and after.closes_paragraph and \
                not after.marker and not SENTENCE_PUNCT.search(after.text) and \
                6 <= len(after.text) <= 60:
            meta.title = doc_text[after.start:after.end].strip()
            _claim(result, after.start, after.end, after.block)
            return
    # A page scraped onto one line: the title is one of the pieces of that line before its
    # first sentence (after the breadcrumb), shaped like a title.
    for piece in pieces[:12]:
        if piece.block != pieces[0].block or "。" in piece.text:
            break
        if not piece.marker and not SENTENCE_PUNCT.search(piece.text) and \
                6 <= len(piece.text) <= 60 and DOC_TYPE_END.search(piece.text):
            meta.title = doc_text[piece.start:piece.end].strip()
            _claim(result, piece.start, piece.end, piece.block)
            return
    # A notice that forwards a plan: 现将《X》印发给你们 — X is what the document is.
    for piece in pieces:
        m = _FORWARDED_TITLE.search(piece.text)
        if m:
            meta.title = doc_text[piece.start + m.start("title"):piece.start + m.end("title")]
            return


def _doc_number(pieces: list[Piece], doc_text: str, result: MetadataResult) -> None:
    if result.metadata.doc_number:
        return
    for piece in pieces[:30]:
        m = DOC_NUMBER.fullmatch(piece.text.strip())
        if m and piece.opens_paragraph:
            result.metadata.doc_number = doc_number(doc_text[piece.start:piece.end])
            _claim(result, piece.start, piece.end, piece.block)
            return


def _signature(pieces: list[Piece], doc_text: str, result: MetadataResult) -> None:
    """The issuer's name followed by the date: 温州市鹿城区人民政府办公室 2019年12月31日."""
    meta = result.metadata
    for k, (issuer, piece) in enumerate(zip(pieces, pieces[1:])):
        if not DATE_CN.fullmatch(piece.text.strip()):
            continue
        if not is_agency_name(issuer.text):
            continue
        meta.issuer = doc_text[issuer.start:issuer.end].strip()
        meta.issue_date = meta.issue_date or parse_date(piece.text)
        # Jointly issued (中共某镇委员会　某镇人民政府): the names before it on its line
        # sign too; they are the signature's text, kept as metadata.
        for joint in reversed(pieces[:k]):
            if joint.block != issuer.block or not is_agency_name(joint.text):
                break
            _claim(result, joint.start, joint.end, joint.block)
        _claim(result, issuer.start, issuer.end, issuer.block)
        _claim(result, piece.start, piece.end, piece.block)
        return


def recognize(draft: Draft) -> Found:
    """Metadata into draft.metadata; the pieces it claimed, and those that are a known title
    (cut off what a web page glued to them), are reserved."""
    from .region import document_region

    result = recognize_metadata(draft.blocks, draft.pieces, draft.text)
    draft.metadata, draft.known_titles = result.metadata, result.known_titles
    draft.pieces = _split_known_titles(draft.pieces, result.known_titles)
    folded = {fold_width(t) for t in result.known_titles}
    titles = [p for p in draft.pieces if p.text in folded]
    meta = result.metadata
    meta.region, meta.city = document_region(meta.title, meta.issuer, draft.text)
    spans = [*result.claimed, *(Span(start=p.start, end=p.end, block=p.block, page=p.page)
                                for p in titles)]
    meta.spans = sorted(spans, key=lambda s: (s.start, s.end))
    return Found(spans=spans)


def _split_known_titles(pieces: list[Piece], titles: list[str]) -> list[Piece]:
    """A web page glues an attachment's title to what follows it (…职责分工区政府办公室):
    cut the piece after the title so the agency after it stands alone."""
    from ..blocks.pieces import split_piece

    folded = [fold_width(t) for t in titles]
    out: list[Piece] = []
    for piece in pieces:
        for title in folded:
            if piece.text.startswith(title) and len(piece.text) > len(title):
                out.extend(split_piece(piece, len(title)))
                break
        else:
            out.append(piece)
    return out
