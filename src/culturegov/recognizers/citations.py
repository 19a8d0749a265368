"""Citations: 《title》 with an optional (文号), and short names defined by 以下简称."""
from __future__ import annotations

from bisect import bisect_right

import regex

from ..models import Citation, Span
from ..normalize.text import fold_width
from ..lexicon.patterns import DOC_NUMBER
from ..blocks.draft import Draft
from .contract import Found

# The 文号 in brackets after the title may share them with a short name:
# 《…意见》（浙政办发〔2016〕70号，以下简称《省实施意见》）.
_CITED = regex.compile(r"《(?P<title>[^《》\n]{2,120})》"
                       r"(?:\s*\((?P<number>[^(),;]{4,30})(?P<also>[,;]\s*以下[^()]{2,60})?\))?")
# (以下简称《意见》、《方案》、《办法》) or (以下简称“方案”): names given in order.
_SHORT = regex.compile(r"以下(?:简称|称)(?P<names>(?:[《“\"]?[^《》“”\"()、,]{1,12}[》”\"]?[、,和及]?){1,6})")
_SHORT_NAME = regex.compile(r"[《“\"]?([^《》“”\"、,和及]{1,12})[》”\"]?")


def recognize_citations(doc_text: str, exclude_titles: list[str]) -> tuple[list[Citation], list[Span]]:
    folded = fold_width(doc_text)
    found: list[Citation] = []
    claimed: list[Span] = []
    for m in _CITED.finditer(folded):
        title = doc_text[m.start("title"):m.end("title")]
        number = m["number"]
        end = m.end()
        if number and not DOC_NUMBER.fullmatch(number.strip()):
            number, end = None, m.end("title") + 1  # (its short name is read below)
        claimed.append(Span(start=m.start(), end=end))
        found.append(Citation(title=title, span=Span(start=m.start(), end=end),
                              doc_number=doc_text[m.start("number"):m.end("number")].strip()
                              if number else None))
    _resolve_short_names(folded, found, claimed)
    shorts = {c.short for c in found if c.short}
    excluded = {fold_width(t) for t in exclude_titles}
    unique: dict[str, Citation] = {}
    for c in found:
        key = fold_width(c.title)
        if key in excluded or c.title in shorts and not c.short:
            continue
        if key in unique:
            first = unique[key]
            first.doc_number = first.doc_number or c.doc_number
            first.short = first.short or c.short
        else:
            unique[key] = c
    return list(unique.values()), claimed


def _resolve_short_names(folded: str, found: list[Citation], claimed: list[Span]) -> None:
    """Give the citations just before `以下简称…` their short names, in order."""
    starts = [c.span.start for c in found]  # found is in text order
    for m in _SHORT.finditer(folded):
        names = [n for n in _SHORT_NAME.findall(m["names"]) if n.strip()]
        # The last len(names) citations before the phrase (or holding it, in the brackets of
        # their 文号), walking back: a long text has thousands of citations, never rescan them.
        before: list[Citation] = []
        k = bisect_right(starts, m.start())
        while k > 0 and len(before) < len(names):
            k -= 1
            if found[k].title not in names:
                before.append(found[k])
        for citation, name in zip(reversed(before), names):
            citation.short = name
        claimed.append(Span(start=m.start(), end=m.end()))


def recognize(draft: Draft) -> Found:
    citations, spans = recognize_citations(draft.text, [t for t in draft.known_titles if t])
    return Found(items={"citations": citations}, spans=spans)
