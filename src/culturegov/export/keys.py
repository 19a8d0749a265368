"""Keys shared by the tables and the graph, so a body or a document has one id everywhere."""
from __future__ import annotations

import hashlib

from ..models import AgencyRef, PolicyDocument


def document_id(doc: PolicyDocument) -> str:
    """The document's source as given, else a hash of its text (not a position, so that two
    runs over the same texts agree)."""
    if doc.source:
        return doc.source
    return "text:" + hashlib.sha1(doc.text.encode("utf-8")).hexdigest()[:12]


def body_jurisdiction(ref: AgencyRef, doc: PolicyDocument) -> str | None:
    """The jurisdiction a body belongs to.

    When the resolver did not say, the document's own region is the best guess: 区文广局 in a
    武清区 notice is 武清区's bureau, and must not merge with 鹿城区's 区文广局.
    """
    return ref.jurisdiction or doc.metadata.region


def body_key(ref: AgencyRef, doc: PolicyDocument) -> str:
    """'jurisdiction:canonical_id', or 'jurisdiction:name as written' when unresolved."""
    return f"{body_jurisdiction(ref, doc) or ''}:{ref.canonical_id or ref.name}"


def all_agency_refs(doc: PolicyDocument) -> list[tuple[str, AgencyRef]]:
    """Every agency reference of a document with the role it appears in, in document order
    of the lists (agencies, member units, duties, task leads, task cooperating units)."""
    refs: list[tuple[str, AgencyRef]] = [("listed", a) for a in doc.agencies]
    refs += [("member", m.agency) for m in doc.member_units]
    refs += [("duty", d.agency) for d in doc.duties]
    for task in doc.tasks:
        refs += [("lead", a) for a in task.lead]
        refs += [("cooperating", a) for a in task.cooperating]
    return refs


class DocumentIds:
    """Hands out document ids that stay unique within one export: the same text passed
    twice without a source must still be two documents, not one with doubled duties."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self._count = 0

    def __call__(self, doc: PolicyDocument) -> str:
        doc_id = document_id(doc)
        if doc_id in self._seen:
            doc_id = f"{doc_id}#{self._count}"
        self._seen.add(doc_id)
        self._count += 1
        return doc_id
