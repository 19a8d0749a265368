"""Documents → DutyGraph (its conversions to networkx, node-link JSON and GraphML are in
export/networkx.py).

Bodies are keyed by jurisdiction + canonical id (the name as written when the resolver
left it unresolved), the same `body_key` as the tables, so 区文广局 and 区文化和广电旅游体育局
meet in one node when the resolver says they are one body, and 武清区's bureau never merges
with 鹿城区's.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations

from ..models import AgencyRef, PolicyDocument
from ..models.graph import DutyGraph, GraphEdge, GraphNode
from .keys import DocumentIds, body_jurisdiction, body_key


def build_graph(docs: Iterable[PolicyDocument]) -> DutyGraph:
    """The duty graph of a set of documents.

    Edges: document -contains-> duty/task; body -has_duty-> duty; body -leads-> task;
    body -cooperates-> task; body -member_of-> document; document -cites-> document;
    and body -works_with- body (source < target), weighted by the number of tasks in
    which both appear as lead or cooperating unit.
    """
    nodes: dict[str, GraphNode] = {}
    edges: list[GraphEdge] = []
    shared_tasks: Counter[tuple[str, str]] = Counter()
    titles: dict[str, str] = {}  # a cited title → the document node that has that title
    citations: list[tuple[str, str, str | None]] = []

    ids = DocumentIds()
    for doc in docs:
        doc_id = ids(doc)
        doc_key = f"document:{doc_id}"
        nodes[doc_key] = GraphNode(id=doc_key, kind="document",
                                   label=doc.metadata.title or doc_id, document_id=doc_id,
                                   jurisdiction=doc.metadata.region)
        if doc.metadata.title:
            titles[doc.metadata.title] = doc_key

        def body(ref: AgencyRef, doc: PolicyDocument = doc) -> str:
            return _body_node(nodes, ref, doc)

        for ref in doc.agencies:  # a listed body is a node even with no duty or task
            body(ref)
        for unit in doc.member_units:
            edges.append(GraphEdge(source=body(unit.agency), target=doc_key, kind="member_of",
                                   document_id=doc_id))
        for n, duty in enumerate(doc.duties):
            key = f"duty:{doc_id}#{n}"
            nodes[key] = GraphNode(id=key, kind="duty", label=duty.text, document_id=doc_id,
                                   number=duty.number)
            edges.append(GraphEdge(source=doc_key, target=key, kind="contains", document_id=doc_id))
            edges.append(GraphEdge(source=body(duty.agency), target=key, kind="has_duty",
                                   document_id=doc_id))
        for n, task in enumerate(doc.tasks):
            key = f"task:{doc_id}#{n}"
            nodes[key] = GraphNode(id=key, kind="task", label=task.content or task.title or "",
                                   document_id=doc_id, number=task.number)
            edges.append(GraphEdge(source=doc_key, target=key, kind="contains", document_id=doc_id))
            units: set[str] = set()
            linked: set[tuple[str, str]] = set()
            for kind, refs in (("leads", task.lead), ("cooperates", task.cooperating)):
                for ref in refs:
                    b = body(ref)
                    units.add(b)
                    # 国土分局 and 规划分局 in one cell are one body since the 2018 reform:
                    # it leads the task once
                    if (b, kind) not in linked:
                        linked.add((b, kind))
                        edges.append(GraphEdge(source=b, target=key, kind=kind,
                                               document_id=doc_id))
            for pair in combinations(sorted(units), 2):
                shared_tasks[pair] += 1
        for citation in doc.citations:
            citations.append((doc_key, citation.title, doc_id))

    for source, title, doc_id in citations:
        target = titles.get(title)
        if target is None:
            # a document outside the set, known by its title only
            target = f"document:cited:{title}"
            nodes.setdefault(target, GraphNode(id=target, kind="document", label=title,
                                               cited_only=True))
        edges.append(GraphEdge(source=source, target=target, kind="cites", document_id=doc_id))

    for (a, b), count in sorted(shared_tasks.items()):
        edges.append(GraphEdge(source=a, target=b, kind="works_with", weight=count))
    return DutyGraph(nodes=list(nodes.values()), edges=edges)


def _body_node(nodes: dict[str, GraphNode], ref: AgencyRef, doc: PolicyDocument) -> str:
    """Add (or complete) the node of the body `ref` names; returns its id."""
    key = "body:" + body_key(ref, doc)
    node = nodes.get(key)
    if node is None or (node.canonical_name is None and ref.canonical_name):
        nodes[key] = GraphNode(
            id=key, kind="body", label=ref.canonical_name or ref.name,
            canonical_id=ref.canonical_id, canonical_name=ref.canonical_name,
            jurisdiction=body_jurisdiction(ref, doc), category=ref.category,
            resolved=ref.canonical_id is not None,
            names=node.names if node else [])
    if ref.name not in nodes[key].names:
        nodes[key].names.append(ref.name)
    return key
