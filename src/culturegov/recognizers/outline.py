"""The outline (一、 （一） 1. 第X条 附件N) and the articles of rule sets."""
from __future__ import annotations

from ..models import Article, Finding, Section, Span
from ..lexicon.patterns import SENTENCE_PUNCT
from ..blocks.pieces import Unit

LEVELS = {"attachment": 0, "cn_dun": 1, "cn_paren": 2, "article": 2, "num_dot": 3,
          "num_paren": 4, "circled": 5}


def _is_heading(unit: Unit) -> bool:
    """一、 （一） 第X条 and 附件N always head a section; an Arabic-numbered line only when it
    stands alone and is short, like a heading (otherwise it is a list item)."""
    style = unit.marker.style
    if style in ("cn_dun", "cn_paren", "article"):
        return True
    if style == "attachment":
        return unit.marker.ordinal is not None and not unit.body.startswith(":")
    return unit.opens_paragraph and unit.closes_paragraph and len(unit.body) <= 30 \
        and not SENTENCE_PUNCT.search(unit.body)


def recognize_outline(units: list[Unit], doc_text: str, claimed_units: set[int],
                      text_end: int) -> tuple[list[Section], list[Article], list[Finding]]:
    heads = [(i, u) for i, u in enumerate(units)
             if u.marker and i not in claimed_units and _is_heading(u)]
    sections: list[Section] = []
    findings: list[Finding] = []
    last_ordinal: dict[int, int | None] = {}
    for k, (i, unit) in enumerate(heads):
        level = LEVELS[unit.marker.style]
        # A deeper level restarts its numbering under each new parent.
        for deeper in [lv for lv in last_ordinal if lv > level]:
            del last_ordinal[deeper]
        _check_sequence(unit, level, last_ordinal, findings)
        end = text_end
        for _, later in heads[k + 1:]:
            if LEVELS[later.marker.style] <= level:
                end = later.start
                break
        heading = _heading(unit, doc_text)
        span = Span(start=unit.start, end=unit.end, block=unit.block, page=unit.page)
        sections.append(Section(number=unit.marker.number, style=unit.marker.style, level=level,
                                ordinal=unit.marker.ordinal, heading=heading, span=span,
                                body=Span(start=unit.start, end=end, block=unit.block,
                                          page=unit.page)))
    articles = [
        Article(number=s.number, ordinal=s.ordinal,
                text=doc_text[s.body.start:s.body.end].strip(), span=s.body)
        for s in sections if s.style == "article"
    ]
    return sections, articles, findings


def _check_sequence(unit: Unit, level: int, last: dict[int, int | None],
                    findings: list[Finding]) -> None:
    ordinal = unit.marker.ordinal
    previous = last.get(level)
    last[level] = ordinal
    if ordinal is None or previous is None:
        return
    span = Span(start=unit.start, end=unit.end, block=unit.block, page=unit.page)
    if ordinal == previous:
        findings.append(Finding(code="repeated_number",
                                message=f"section number {unit.marker.number} repeats", span=span))
    elif ordinal > previous + 1:
        findings.append(Finding(code="skipped_number",
                                message=f"section number {unit.marker.number} follows "
                                        f"{previous}: a number is skipped", span=span))


def _heading(unit: Unit, doc_text: str) -> str:
    """The heading as written: the text after the number, up to the first sentence end."""
    raw = doc_text[unit.start:unit.end]
    body = raw[unit.marker.end:].strip()
    for stop in ("。", ";", "；", ":", "：", "!", "?"):
        cut = body.find(stop)
        if cut > 0:
            body = body[:cut]
    return body.strip()
