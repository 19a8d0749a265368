"""What kind of document it is, from what was found in it."""
from __future__ import annotations

from ..lexicon import vocabulary
from ..models import PolicyDocument

# Titles that name a plan whatever its content: 工作方案, 实施方案 … (data/vocabulary)
_PLAN_TITLE_ENDS = tuple(vocabulary("metadata")["document_types"]["plans"])
# … and those that name an explanation of another document: 政策解读, 起草说明
_EXPLANATION_TITLE_ENDS = tuple(vocabulary("metadata")["document_types"]["explanations"])


def document_kind(doc: PolicyDocument) -> str:
    title = doc.metadata.title or ""
    duties, tasks = len(doc.duties), len(doc.tasks)
    if title.endswith(_EXPLANATION_TITLE_ENDS):
        return "narrative"
    if duties >= 3 and tasks >= 3:
        return "mixed"
    if title.endswith(_PLAN_TITLE_ENDS) or (doc.articles and doc.member_units):
        return "work_plan"
    if tasks >= 3:
        return "task_table"
    if duties >= 3:
        return "duty_division"
    return "narrative"
