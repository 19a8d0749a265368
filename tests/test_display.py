"""What a notebook shows: short reprs for every model and an HTML view of a document."""
from html.parser import HTMLParser

import culturegov as cg
from culturegov.export.graph import build_graph


class _Tables(HTMLParser):
    """The text of every table cell, table by table, row by row; and the tags seen."""

    def __init__(self):
        super().__init__()
        self.tables, self.tags, self._cell = [], set(), None
        self.scripts, self.source, self._in = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append("")
        if tag == "div" and ("class", "cg-src") in attrs:
            self._in.append("src")
        elif tag == "div" and self._in:
            self._in.append("div")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "div" and self._in:
            self._in.pop()
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self.lasttag == "script" and self.scripts and not self.scripts[-1]:
            self.scripts[-1] = data
        if self._in:
            self.source.append(data)
        if self._cell is not None:
            self._cell.append(data)


def _tables(html):
    parser = _Tables()
    parser.feed(html)
    return parser


def test_document_repr_is_short_and_counts(parsed):
    doc = parsed("001_89d3c2afdc5c18c8")
    text = repr(doc)
    assert len(text) < 300
    assert f"kind='{doc.kind}'" in text and doc.metadata.title[:20] in text
    for field in ("agencies", "duties", "tasks", "member_units", "findings"):
        assert f"{field}={len(getattr(doc, field))}," in text


def test_unparsed_share_counts_unclaimed_characters():
    doc = cg.parse_text("关于做好文化工作的通知\n各单位：\n今天天气很好，我们去公园散步，看见很多花。\n")
    assert doc.unparsed, "the sentence is claimed by no recognizer"
    share = sum(len(u.text) for u in doc.unparsed) / len(doc.text)
    assert doc.unparsed_share == share and 0 < share <= 1
    assert f"unparsed={share:.1%}" in repr(doc)


def test_part_reprs_leave_out_empty_fields_and_count_lists(parsed):
    task = parsed("003_5a35171835c4a9ae").tasks[19]
    text = repr(task)
    assert text.startswith("Task(number='9'")
    assert f"lead=[{len(task.lead)} AgencyRef]" in text
    assert "extra=" not in text and "leaders=" not in text  # empty: left out
    duty = parsed("001_89d3c2afdc5c18c8").duties[0]
    assert duty.agency.name in repr(duty) and len(repr(duty)) < 400


def test_graph_repr_counts_nodes_and_edges(parsed):
    graph = build_graph([parsed("003_5a35171835c4a9ae")])
    text = repr(graph)
    assert text.startswith(f"DutyGraph(nodes={len(graph.nodes)} (")
    assert text.endswith(f"edges={len(graph.edges)})")
    assert f"task={len(graph.nodes_of('task'))}" in text


def test_html_task_table_matches_the_model(parsed):
    doc = parsed("003_5a35171835c4a9ae")
    seen = _tables(doc._repr_html_())
    tasks = next(t for t in seen.tables if t[0][:2] == ["no.", "task"])
    assert len(tasks) - 1 == len(doc.tasks)
    for row, task in zip(tasks[1:], doc.tasks):
        assert row[0] == (task.number or "")
        assert row[2] == "、".join(a.name for a in task.lead)
        assert row[3] == "、".join(a.name for a in task.cooperating)
        assert row[4] == (task.deadline.raw if task.deadline else "")


def test_html_agency_table_counts_duties(parsed):
    doc = parsed("001_89d3c2afdc5c18c8")
    seen = _tables(doc._repr_html_())
    agencies = next(t for t in seen.tables if t[0][:2] == ["name", "canonical"])
    duties = {row[0]: int(row[5]) for row in agencies[1:]}
    assert sum(duties.values()) == len(doc.duties)
    first = doc.duties[0].agency
    assert duties[first.name] == sum(1 for d in doc.duties
                                     if (d.agency.canonical_id or d.agency.name)
                                     == (first.canonical_id or first.name))
    meta = dict(r for r in seen.tables[0][1:])
    assert meta["doc number"] == doc.metadata.doc_number.raw
    assert meta["unparsed"].startswith(f"{doc.unparsed_share:.1%}")


def test_html_is_escaped_and_self_contained():
    doc = cg.parse_text("关于<script>alert(1)</script>的通知\n一、县文化和旅游局\n负责<b>全县</b>文化。\n")
    html = doc._repr_html_()
    seen = _tables(html)
    # one script, ours (the hover): the document's <script> and <b> are text, not tags
    assert len(seen.scripts) == 1 and "alert" not in seen.scripts[0]
    assert "getElementById" in seen.scripts[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;全县" in html
    assert "".join(seen.source) == doc.text  # the source side holds the text, once, as text
    assert not any(w in html for w in ("http:", "https:", "src=", "<link", "@import"))


def test_a_limit_shows_the_first_rows_and_says_how_many_more(parsed):
    from culturegov.export.html import structure_html

    for name, field, row in (("001_89d3c2afdc5c18c8", "duties", "<li data-for=\"d"),
                             ("003_5a35171835c4a9ae", "tasks", "<tr data-for=\"t")):
        doc = parsed(name)
        total = len(getattr(doc, field))
        assert total > 3
        page = structure_html(doc, limit=3)
        assert page.count(row) == 3, field
        assert f"… and {total - 3} more" in page, field
        assert f"… and {total - 3} more" not in structure_html(doc), field
