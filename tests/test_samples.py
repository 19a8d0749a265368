"""The acceptance suite: every sample under data/samples/ against its expected result.

Expected results were written by reading the documents; each key present is checked.
A sample whose expected file lists a check under `known_gap_checks` (with a one-line
`known_gap`) is a strict xfail for that check: the shape is not read yet (issue 19). When the
recognizers learn it the test passes, strict xfail fails, and the entry must be removed.
"""
from itertools import groupby

import pytest

from conftest import expected, sample_names


def cases(check, key=None):
    """Sample names for one check (only those whose expected result has `key`), each marked
    as a strict xfail where its expected result names this check as a known gap."""
    params = []
    for name in sample_names():
        want = expected(name)
        if key is not None and key not in want:
            continue
        gap = check in want.get("known_gap_checks", [])
        marks = [pytest.mark.xfail(strict=True, reason=want.get("known_gap", ""))] if gap else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


def agency_counts(doc):
    return [(name, len(list(group))) for name, group in groupby(d.agency.name for d in doc.duties)]


@pytest.mark.parametrize("name", cases("kind"))
def test_kind(name, parsed):
    assert parsed(name).kind == expected(name)["kind"]


@pytest.mark.parametrize("name", cases("agencies", "agencies"))
def test_agencies_and_duty_counts(name, parsed):
    want = [(a["name"], a["duties"]) for a in expected(name)["agencies"]]
    assert agency_counts(parsed(name)) == want


@pytest.mark.parametrize("name", cases("duty_texts", "duty_texts"))
def test_duty_texts(name, parsed):
    doc = parsed(name)
    assert [d.text for d in doc.duties] == expected(name)["duty_texts"]
    if "duty_numbers" in expected(name):
        assert [d.number for d in doc.duties] == expected(name)["duty_numbers"]
    for duty in doc.duties:  # the span is where the text was read
        assert doc.text[duty.span.start:duty.span.end] == duty.text


@pytest.mark.parametrize("name", cases("unparsed", "unparsed"))
def test_unparsed(name, parsed):
    assert [u.text for u in parsed(name).unparsed] == expected(name)["unparsed"]


@pytest.mark.parametrize("name", cases("member_units", "member_units"))
def test_member_units(name, parsed):
    assert [m.agency.name for m in parsed(name).member_units] == expected(name)["member_units"]


@pytest.mark.parametrize("name", cases("articles", "articles"))
def test_articles(name, parsed):
    doc = parsed(name)
    assert len(doc.articles) == expected(name)["articles"]
    assert [a.ordinal for a in doc.articles] == list(range(1, expected(name)["articles"] + 1))


@pytest.mark.parametrize("name", cases("metadata"))
def test_metadata(name, parsed):
    meta, want = parsed(name).metadata, expected(name)
    if "region" in want:
        assert meta.region == want["region"]
    if "city" in want:
        assert meta.city == want["city"]
    if "title" in want:
        assert meta.title == want["title"]
    if "doc_number" in want:
        assert meta.doc_number.raw == want["doc_number"]
    if "issuer" in want:
        assert meta.issuer == want["issuer"]
    for key in ("issue_date", "publish_date"):
        if key in want:
            assert str(getattr(meta, key)) == want[key]
    if "index_number" in want:
        assert meta.index_number == want["index_number"]
    if "attachments" in want:
        assert [a.title for a in meta.attachments] == want["attachments"]
    if "attachment_label" in want:
        assert meta.attachment_label == want["attachment_label"]


@pytest.mark.parametrize("name", cases("citations", "citations"))
def test_citations(name, parsed):
    got = {c.title: c for c in parsed(name).citations}
    for want in expected(name)["citations"]:
        if isinstance(want, str):
            want = {"title": want}
        assert want["title"] in got, f"missing citation {want['title']}"
        citation = got[want["title"]]
        if "doc_number" in want:
            assert citation.doc_number == want["doc_number"]
        if "short" in want:
            assert citation.short == want["short"]


@pytest.mark.parametrize("name", cases("sections", "sections"))
def test_top_level_sections(name, parsed):
    doc = parsed(name)
    top = min(s.level for s in doc.outline)
    assert [s.heading for s in doc.outline if s.level == top] == expected(name)["sections"]


@pytest.mark.parametrize("name", cases("task_rows", "tasks"))
def test_task_rows(name, parsed):
    doc, want = parsed(name), expected(name)
    assert len(doc.tasks) == len(want["tasks"])
    if "task_numbers" in want:
        assert sorted({int(t.number) for t in doc.tasks}) == list(range(1, want["task_numbers"] + 1))
    for task, row in zip(doc.tasks, want["tasks"]):
        if isinstance(row.get("number"), int):
            assert int(task.number) == row["number"]
        elif "number" in row:  # as written: (一)
            assert task.number == row["number"]
        if "continues_row" in row:
            assert task.continues_row == row["continues_row"]
        for column, value in row.get("extra", {}).items():
            assert task.extra.get(column) == value
        assert task.title == row["title"]
        assert (task.content or "").startswith(row["content_prefix"])
        assert [u.name for u in task.lead] == row["lead"]
        assert [u.name for u in task.cooperating] == row["cooperating"]
        if row["deadline"] is None:  # a task list with no deadlines
            assert task.deadline is None
            continue
        assert task.deadline.raw == row["deadline"]
        assert task.deadline.end or task.deadline.open_ended or task.deadline.recurrence
    if "leaders" in want:
        assert [t.leaders for t in doc.tasks] == want["leaders"]


@pytest.mark.parametrize("name", cases("persons", "persons"))
def test_persons(name, parsed):
    """People named in a roster (组长/副组长/成员 lines), in order."""
    assert [getattr(p, "name", p) for p in parsed(name).persons] == expected(name)["persons"]


@pytest.mark.parametrize("name", cases("bodies", "bodies"))
def test_bodies(name, parsed):
    """The distinct bodies, including one announced with no duties."""
    assert [a.name for a in parsed(name).agencies] == expected(name)["bodies"]


@pytest.mark.parametrize("name", cases("canonical_ids", "canonical_ids"))
def test_canonical_ids(name, parsed):
    got = [a.canonical_id for a in parsed(name).agencies]
    assert got == expected(name)["canonical_ids"]


@pytest.mark.parametrize("name", cases("findings", "findings"))
def test_findings(name, parsed):
    codes = {f.code for f in parsed(name).findings}
    assert set(expected(name)["findings"]) <= codes


@pytest.mark.parametrize("name", cases("unparsed", "unparsed_contains"))
def test_unparsed_contains(name, parsed):
    """Text no recognizer may claim is kept in unparsed (issue 19, no silent loss)."""
    kept = "\n".join(u.text for u in parsed(name).unparsed)
    for piece in expected(name)["unparsed_contains"]:
        assert piece in kept
