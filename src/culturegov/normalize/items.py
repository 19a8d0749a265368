"""The normalize stage on a recognized document: deadlines into date ranges, targets out of
the text of every task and duty."""
from __future__ import annotations

import regex

from ..models import Finding, Metadata, PolicyDocument
from .targets import extract_targets
from .time import parse_deadline

_YEAR_IN_TITLE = regex.compile(r"((?:19|20)\d{2})年")


def normalize_items(doc: PolicyDocument) -> None:
    year = reference_year(doc.metadata)
    for task in doc.tasks:
        if task.deadline:
            raw = task.deadline.raw
            task.deadline, problem = parse_deadline(raw, year)
            if problem:
                doc.findings.append(Finding(code="unparsed_deadline", span=task.span,
                                            message=f"deadline {raw!r} not understood: {problem}"))
        by_year = task.deadline.end.year if task.deadline and task.deadline.end else None
        task.targets = extract_targets(task.content or task.title or "", by_year)
    for duty in doc.duties:
        duty.targets = extract_targets(duty.text)


def reference_year(metadata: Metadata) -> int | None:
    """The year that 年底前 or 一季度 mean: the issue date's, else a year in the title
    (清河县2020年重点工作任务清单)."""
    for date in (metadata.issue_date, metadata.publish_date):
        if date:
            return date.year
    m = _YEAR_IN_TITLE.search(metadata.title or "")
    return int(m.group(1)) if m else None
