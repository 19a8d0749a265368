"""The outline (一、 （一） 1. 第X条 附件N) and the articles of rule sets."""
from __future__ import annotations

from ..models import Article, Finding, Section, Span
from ..lexicon.patterns import SENTENCE_PUNCT
from ..blocks.pieces import Piece
from ..blocks.draft import Draft
from .contract import Found

LEVELS = {"attachment": 0, "cn_dun": 1, "cn_paren": 2, "article": 2, "num_dot": 3,
          "num_paren": 4, "num_half": 4,
          "paren_digit": 4, "circled": 5}


def _is_heading(piece: Piece) -> bool:
    """一、 （一） 第X条 and 附件N always head a section; an Arabic-numbered line only when it
    stands alone and is short, like a heading (otherwise it is a list item)."""
    style = piece.marker.style
    if style in ("cn_dun", "cn_paren", "article"):
        return True
    if style == "attachment":
        return piece.marker.ordinal is not None and not piece.body.startswith(":")
    return piece.opens_paragraph and piece.closes_paragraph and len(piece.body) <= 30 \
        and not SENTENCE_PUNCT.search(piece.body)


def recognize_outline(pieces: list[Piece], doc_text: str, claimed_pieces: set[int],
                      text_end: int) -> tuple[list[Section], list[Article], list[Finding]]:
    heads = [(i, u) for i, u in enumerate(pieces)
             if u.marker and i not in claimed_pieces and _is_heading(u)]
    sections: list[Section] = []
    findings: list[Finding] = []
    last_ordinal: dict[int, int | None] = {}
    for k, (i, piece) in enumerate(heads):
        level = LEVELS[piece.marker.style]
        # A deeper level restarts its numbering under each new parent.
        for deeper in [lv for lv in last_ordinal if lv > level]:
            del last_ordinal[deeper]
        _check_sequence(piece, level, last_ordinal, findings)
        end = text_end
        for later in (heads[j][1] for j in range(k + 1, len(heads))):  # no O(n) slice per head
            if LEVELS[later.marker.style] <= level:
                end = later.start
                break
        heading, heading_end = _heading(piece, doc_text)
        # The heading's own text: a sentence after it on the same line is body, read (and
        # placed) by another recognizer or left unparsed.
        span = Span(start=piece.start, end=heading_end, block=piece.block, page=piece.page)
        sections.append(Section(number=piece.marker.number, style=piece.marker.style, level=level,
                                ordinal=piece.marker.ordinal, heading=heading, span=span,
                                body=Span(start=piece.start, end=end, block=piece.block,
                                          page=piece.page)))
    articles = [
        Article(number=s.number, ordinal=s.ordinal,
                text=doc_text[s.body.start:s.body.end].strip(), span=s.body)
        for s in sections if s.style == "article"
    ]
    return sections, articles, findings


def _check_sequence(piece: Piece, level: int, last: dict[int, int | None],
                    findings: list[Finding]) -> None:
    ordinal = piece.marker.ordinal
    previous = last.get(level)
    last[level] = ordinal
    if ordinal is None or previous is None:
        return
    span = Span(start=piece.start, end=piece.end, block=piece.block, page=piece.page)
    if ordinal == previous:
        findings.append(Finding(code="repeated_number",
                                message=f"section number {piece.marker.number} repeats", span=span))
    elif ordinal > previous + 1:
        findings.append(Finding(code="skipped_number",
                                message=f"section number {piece.marker.number} follows "
                                        f"{previous}: a number is skipped", span=span))


def _heading(piece: Piece, doc_text: str) -> tuple[str, int]:
    """The heading as written (the text after the number, up to the first sentence end) and
    where it ends in the document, its closing punctuation included."""
    raw = doc_text[piece.start:piece.end]
    after = len(raw[:piece.marker.end]) + len(raw[piece.marker.end:]) - \
        len(raw[piece.marker.end:].lstrip())
    body = raw[after:]
    end = len(body)
    for stop in ("。", ";", "；", ":", "：", "!", "?"):
        cut = body.find(stop, 0, end)
        if cut > 0:
            end = cut
    heading = body[:end].strip()
    stop_len = 1 if end < len(body) else 0
    return heading, piece.start + after + end + stop_len


def recognize(draft: Draft) -> Found:
    sections, articles, findings = recognize_outline(draft.pieces, draft.text, draft.reserved,
                                                     len(draft.text))
    # A heading places its own line; the body under it is placed only by whatever recognizer
    # reads it (an article's text is read here). A body no recognizer read stays unparsed.
    spans = [*(s.span for s in sections), *(a.span for a in articles)]
    return Found(items={"outline": sections, "articles": articles}, spans=spans,
                 findings=findings)
