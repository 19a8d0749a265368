"""The duty graph: documents, bodies, duties and tasks, and how they are linked.

Pydantic only. The conversions to networkx, node-link JSON and GraphML live in
culturegov.export.networkx; the methods here only forward to it, so that a user holding a
DutyGraph finds them on the object without this module doing any I/O itself.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from .base import Model

if TYPE_CHECKING:  # networkx is an optional extra; only imported when converting
    import networkx

NodeKind = Literal["document", "body", "duty", "task"]
EdgeKind = Literal[
    "contains",  # document → duty / task: where the item was written
    "has_duty",  # body → duty
    "leads",  # body → task (责任单位 / 牵头单位)
    "cooperates",  # body → task (配合单位)
    "member_of",  # body → document: listed as a member unit of the document's body
    "cites",  # document → document (the cited one may be outside the set)
    "works_with",  # body — body, derived: weight = number of tasks they share
]


class GraphNode(Model):
    id: str = Field(description="stable key, e.g. 'body:武清区:culture-bureau' or 'duty:<doc>#3'")
    kind: NodeKind
    label: str = Field(description="what a person reads: a title, a name, a duty's text")
    document_id: str | None = Field(default=None, description="for duties and tasks: their document")
    names: list[str] = Field(default_factory=list,
                             description="bodies: every name it was written as (国土分局, 规划分局 …)")
    canonical_id: str | None = None
    canonical_name: str | None = None
    jurisdiction: str | None = None
    category: str | None = None
    number: str | None = Field(default=None, description="a duty's or task's number as written")
    resolved: bool | None = Field(default=None, description="bodies: did the resolver name it")
    cited_only: bool = Field(default=False, description="a document known only from a citation")


class GraphEdge(Model):
    source: str
    target: str
    kind: EdgeKind
    weight: float = 1.0
    document_id: str | None = Field(default=None, description="the document the link comes from")


class DutyGraph(Model):
    nodes: list[GraphNode] = Field(default_factory=list)
    edges: list[GraphEdge] = Field(default_factory=list)

    def nodes_of(self, kind: NodeKind) -> list[GraphNode]:
        return [n for n in self.nodes if n.kind == kind]

    def edges_of(self, kind: EdgeKind) -> list[GraphEdge]:
        return [e for e in self.edges if e.kind == kind]

    def to_networkx(self) -> networkx.MultiDiGraph:
        from ..export.networkx import graph_to_networkx

        return graph_to_networkx(self)

    def to_node_link(self) -> dict[str, Any]:
        from ..export.networkx import graph_to_node_link

        return graph_to_node_link(self)

    def write_graphml(self, path: str | os.PathLike) -> None:
        from ..export.networkx import write_graphml

        write_graphml(self, path)

    def __repr__(self) -> str:
        kinds: dict[str, int] = {}
        for node in self.nodes:
            kinds[node.kind] = kinds.get(node.kind, 0) + 1
        detail = ", ".join(f"{k}={n}" for k, n in kinds.items())
        return f"DutyGraph(nodes={len(self.nodes)} ({detail}), edges={len(self.edges)})"
