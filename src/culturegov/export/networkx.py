"""A DutyGraph → networkx, node-link JSON and GraphML.

Works on the graph's nodes and edges alone and imports no model, so models/graph.py can
forward its methods here without an import cycle.
"""
from __future__ import annotations

import os
from typing import Any


def _networkx():
    try:
        import networkx
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError(
            'the graph needs networkx; install it with: pip install networkx (in the culturegov '
            'checkout: pip install -e ".[graph]")') from None
    return networkx


def graph_to_networkx(graph):
    """A networkx.MultiDiGraph: a multigraph because a body can both lead one task row and
    cooperate on another of the same task; works_with edges appear once, source < target."""
    nx = _networkx()
    g = nx.MultiDiGraph()
    for node in graph.nodes:
        g.add_node(node.id, **node.model_dump(exclude={"id"}))
    for edge in graph.edges:
        g.add_edge(edge.source, edge.target, key=edge.kind,
                   **edge.model_dump(exclude={"source", "target"}))
    return g


def graph_to_node_link(graph) -> dict[str, Any]:
    """The d3 / networkx node-link form: {"directed", "multigraph", "nodes", "links"}."""
    return {
        "directed": True,
        "multigraph": True,
        "graph": {},
        "nodes": [node.model_dump() for node in graph.nodes],
        "links": [edge.model_dump() for edge in graph.edges],
    }


def write_graphml(graph, path: str | os.PathLike) -> None:
    """GraphML for Gephi / yEd / Cytoscape. GraphML has no null, so missing attributes are
    left out of a node rather than written as 'None'."""
    nx = _networkx()
    g = nx.MultiDiGraph()
    for node in graph.nodes:
        attrs = node.model_dump(exclude={"id"})
        attrs["names"] = "、".join(node.names)  # GraphML attributes are scalars
        g.add_node(node.id, **{k: v for k, v in attrs.items() if v is not None})
    for edge in graph.edges:
        g.add_edge(edge.source, edge.target, key=edge.kind,
                   **{k: v for k, v in edge.model_dump(exclude={"source", "target"}).items()
                      if v is not None})
    nx.write_graphml(g, os.fspath(path), encoding="utf-8")
