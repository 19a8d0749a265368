"""build_graph: nodes and edges agree with the parsed documents."""
from __future__ import annotations

import json
from collections import Counter
from itertools import combinations

import pytest

import culturegov as cg
from culturegov.export.keys import body_key
from culturegov.models import AgencyRef, Citation, Duty, MemberUnit, Metadata, PolicyDocument, Span
from culturegov.models.graph import DutyGraph



@pytest.fixture(scope="module")
def doc003(parsed) -> PolicyDocument:
    return parsed("003_5a35171835c4a9ae")


@pytest.fixture(scope="module")
def doc000(parsed) -> PolicyDocument:
    return parsed("000_7f7948de658d7fdd")


@pytest.fixture(scope="module")
def graph003(doc003) -> DutyGraph:
    return cg.build_graph([doc003])


def _span():
    return Span(start=0, end=1)


def test_tasks_and_their_units(doc003, graph003):
    assert len(graph003.nodes_of("task")) == len(doc003.tasks) == 65
    # one edge per body and task: two names of one body in a cell (国土分局、规划分局 are
    # both 自然资源和规划局 since 2018) lead the task once
    assert len(graph003.edges_of("leads")) == sum(
        len({body_key(a, doc003) for a in t.lead}) for t in doc003.tasks)
    assert len(graph003.edges_of("cooperates")) == sum(
        len({body_key(a, doc003) for a in t.cooperating}) for t in doc003.tasks)
    assert len(graph003.edges_of("leads")) >= 65
    assert len(graph003.edges_of("contains")) == 65
    ids = {n.id for n in graph003.nodes}
    assert all(e.source in ids and e.target in ids for e in graph003.edges)
    # 创建办 leads the first row of the table
    first = f"task:{doc003.source}#0"
    leads = {e.source for e in graph003.edges_of("leads") if e.target == first}
    assert leads == {"body:" + body_key(a, doc003) for a in doc003.tasks[0].lead}
    nodes = {n.id: n for n in graph003.nodes}
    assert any("创建办" in nodes[key].names for key in leads)


def test_works_with_weights_count_shared_tasks(doc003, graph003):
    expected: Counter[tuple[str, str]] = Counter()
    for task in doc003.tasks:
        units = {"body:" + body_key(a, doc003) for a in [*task.lead, *task.cooperating]}
        for pair in combinations(sorted(units), 2):
            expected[pair] += 1
    got = {(e.source, e.target): e.weight for e in graph003.edges_of("works_with")}
    assert got == {pair: float(n) for pair, n in expected.items()}
    assert got and max(got.values()) > 1


def test_duties_hang_off_their_bodies(doc000):
    g = cg.build_graph([doc000])
    assert len(g.nodes_of("duty")) == len(doc000.duties) > 0
    assert len(g.edges_of("has_duty")) == len(doc000.duties)
    nodes = {n.id: n for n in g.nodes}
    culture = [e for e in g.edges_of("has_duty") if "区文广局" in nodes[e.source].names]
    assert len(culture) == 6  # sample 000 gives 区文广局 six duties
    # a body of 武清区's notice is keyed by 武清区 unless the resolver placed it elsewhere
    bodies = g.nodes_of("body")
    assert bodies and all(n.jurisdiction == "武清区" for n in bodies if n.canonical_id is None)


def test_bodies_merge_by_canonical_id_within_a_jurisdiction_only():
    def doc(source, region, name, canonical_id=None, title=None, cites=()):
        return PolicyDocument(
            source=source, metadata=Metadata(region=region, title=title),
            duties=[Duty(agency=AgencyRef(name=name, canonical_id=canonical_id), text="职责。",
                         span=_span())],
            member_units=[MemberUnit(agency=AgencyRef(name=name, canonical_id=canonical_id),
                                     span=_span())],
            citations=[Citation(title=t) for t in cites])

    docs = [doc("a", "武清区", "区文广局", "culture-bureau", title="甲方案"),
            doc("b", "武清区", "区文化和广电旅游体育局", "culture-bureau", cites=["甲方案", "外部文件"]),
            doc("c", "鹿城区", "区文广局", "culture-bureau"),
            doc("d", "鹿城区", "区某办")]
    g = cg.build_graph(docs)
    bodies = {n.id for n in g.nodes_of("body")}
    assert bodies == {"body:武清区:culture-bureau", "body:鹿城区:culture-bureau", "body:鹿城区:区某办"}
    assert len(g.edges_of("member_of")) == 4
    cites = {(e.source, e.target) for e in g.edges_of("cites")}
    assert cites == {("document:b", "document:a"), ("document:b", "document:cited:外部文件")}
    cited = next(n for n in g.nodes if n.id == "document:cited:外部文件")
    assert cited.cited_only and cited.label == "外部文件"


def test_networkx_node_link_and_graphml(graph003, tmp_path):
    nx = pytest.importorskip("networkx")
    g = graph003.to_networkx()
    assert g.number_of_nodes() == len(graph003.nodes)
    assert g.number_of_edges() == len(graph003.edges)
    task = f"task:{next(n.document_id for n in graph003.nodes_of('task'))}#0"
    assert g.nodes[task]["kind"] == "task"

    data = graph003.to_node_link()
    text = json.dumps(data, ensure_ascii=False)
    assert "创建办" in text
    assert len(data["nodes"]) == len(graph003.nodes) and len(data["links"]) == len(graph003.edges)
    assert nx.node_link_graph(data, edges="links").number_of_nodes() == len(graph003.nodes)

    path = tmp_path / "duties.graphml"
    graph003.write_graphml(path)
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == len(graph003.nodes)
    assert back.number_of_edges() == len(graph003.edges)


def test_graph_round_trips_as_pydantic(graph003):
    again = DutyGraph.model_validate_json(graph003.model_dump_json())
    assert again == graph003
