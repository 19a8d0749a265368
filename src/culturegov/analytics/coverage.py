"""Which bodies appear in which documents: the coverage matrix behind the heat map."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from ..export.keys import DocumentIds, all_agency_refs, body_key
from ..models import PolicyDocument


def coverage_matrix(docs: Iterable[PolicyDocument], *,
                    key: Literal["canonical", "body"] = "canonical") -> Any:
    """Bodies × documents: how many duties and task roles each body holds in each document.

    A body that a document names without giving it work (only listed, or only a member
    unit) has 0; a body the document does not name at all has <NA>, so
    `matrix.notna()` is the plain who-appears-where table.

    key="canonical" puts one body per canonical name across jurisdictions (区教育局 of every
    district on one row: for comparing how districts divide duties); key="body" keeps the
    jurisdiction (`body_key`, as in the tables and the graph). Unresolved bodies are their
    name as written. Columns are document ids, rows sorted by how many documents name them.
    """
    from ..export.frames import _pandas

    pd = _pandas()
    counts: dict[str, dict[str, int]] = {}
    columns: list[str] = []
    ids = DocumentIds()
    for doc in docs:
        doc_id = ids(doc)
        columns.append(doc_id)
        for role, ref in all_agency_refs(doc):
            row = (ref.canonical_name or ref.canonical_id or ref.name) if key == "canonical" \
                else body_key(ref, doc)
            cell = counts.setdefault(row, {})
            cell[doc_id] = cell.get(doc_id, 0) + (role in ("duty", "lead", "cooperating"))
    matrix = pd.DataFrame.from_dict(counts, orient="index", columns=columns).astype("Int64")
    matrix.index.name = "body"
    matrix.columns.name = "document_id"
    order = matrix.notna().sum(axis=1).sort_values(ascending=False, kind="stable").index
    return matrix.loc[order]


# ---------------------------------------------------------------- themes
