"""What no recognizer read, said aloud: a stretch of lines shaped like a table (three or more
lines cut into the same number of cells by tabs or `|`) or a column of agency names that no
recognizer claimed gives a finding, and its text stays in `unparsed` (issue 19, no silent
loss). Runs last; claims nothing."""
from __future__ import annotations

import regex

from ..agencies import is_agency_name
from ..blocks import Paragraph
from ..blocks.draft import Draft, coverage
from ..models import Finding, Span
from .contract import Found

_TABS = regex.compile(r"\t+")
_MIN_LINES = 3


def recognize(draft: Draft) -> Found:
    covered = coverage(draft.claims, len(draft.text))
    paragraphs = [b for b in draft.blocks if isinstance(b, Paragraph)]
    findings: list[Finding] = []
    for code, shape in (("unrecognised_table", _cells), ("unrecognised_list", _name_line)):
        stretch: list[Paragraph] = []
        for para in [*paragraphs, None]:
            if para is not None and _unclaimed(para, covered) and shape(para.text) \
                    and (not stretch or shape(para.text) == shape(stretch[-1].text)):
                stretch.append(para)
                continue
            if len(stretch) >= _MIN_LINES:
                findings.append(Finding(
                    code=code, span=Span(start=stretch[0].start, end=stretch[-1].end),
                    message=f"{len(stretch)} lines shaped like a "
                            f"{'table' if code == 'unrecognised_table' else 'list of names'} "
                            "were read by no recognizer; kept in unparsed"))
            stretch = [para] if para is not None and _unclaimed(para, covered) \
                and shape(para.text) else []
    return Found(findings=findings)


def _unclaimed(para: Paragraph, covered: bytearray) -> bool:
    return para.end <= len(covered) and covered.find(1, para.start, para.end) < 0


def _cells(text: str) -> int:
    """The number of cells of a table-shaped line (0 when it is none): cut at `|` with the
    white space around it, then at runs of tabs. (One pattern for both would scan a long
    run of spaces without a `|` once from each of its positions: quadratic.)"""
    cells = [c for piece in text.split("|") for c in _TABS.split(piece.strip()) if c]
    return len(cells) if len(cells) >= 3 else 0


def _name_line(text: str) -> int:
    return 1 if is_agency_name(text.strip().rstrip("、,;，；")) else 0
