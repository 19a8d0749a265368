"""The structure side of a document's display: metadata, agencies with their duties and how
each name was resolved, the task table, members, findings and the unparsed stretches.

Every value is escaped (the text is untrusted). Rows that stand for a span of the source carry
`data-for` with the ids of its marks (export/source_marks.py), which the review page's script
lights up on hover. `document_html` is what a notebook shows (PolicyDocument._repr_html_): the
same rendering as the review page (export/review.py), as a fragment.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from .frames import agency_rows
from .keys import all_agency_refs, body_key, document_id

if TYPE_CHECKING:
    from ..models import AgencyRef, PolicyDocument

NOTEBOOK_ROWS = 200  # a notebook cell, not a report: say how many more there are
_MAX_CELL = 120


def document_html(doc: PolicyDocument) -> str:
    from .review import review_fragment

    return review_fragment(doc, limit=NOTEBOOK_ROWS)


def structure_html(doc: PolicyDocument, limit: int | None = None) -> str:
    parts = [_metadata(doc), _outline(doc, limit), _agencies(doc, limit), _duties(doc, limit),
             _tasks(doc, limit), _members(doc, limit), _citations(doc, limit),
             _findings(doc, limit), _unparsed(doc, limit)]
    return "\n".join(p for p in parts if p)


def _text(value: Any, limit: int | None = None) -> str:
    shown = "" if value is None else str(value)
    if limit is not None and len(shown) > limit:
        shown = shown[:limit] + "…"
    return escape(shown)


def _for(ids: list[str]) -> str:
    """The hover hook of a row: the marks it stands for."""
    return f' data-for="{escape(" ".join(ids))}" tabindex="0"' if ids else ""


def _table(header: list[str], rows: list[tuple[list[str], list[str]]], total: int,
           css: str = "") -> str:
    """rows: (cells of escaped HTML, mark ids); a line says how many rows were cut."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(f"<tr{_for(ids)}>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
                   for cells, ids in rows)
    more = _more(total, len(rows))
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _more(total: int, shown: int) -> str:
    """The line that says how many rows a limit left out, if any."""
    return f'<p class="more">… and {total - shown} more</p>' if total > shown else ""


def _section(title: str, count: int, ids: list[str] | None = None) -> str:
    return f"<h4{_for(ids or [])}>{escape(title)} ({count})</h4>"


def _metadata(doc: PolicyDocument) -> str:
    meta = doc.metadata
    place = "，".join(p for p in (meta.city, meta.region) if p)
    fields = [
        ("kind", doc.kind), ("source", doc.source), ("format", doc.format),
        ("doc number", meta.doc_number.raw if meta.doc_number else None),
        ("issuer", meta.issuer), ("addressees", meta.addressees),
        ("issued", meta.issue_date), ("published", meta.publish_date), ("place", place or None),
        ("counts", f"{len(doc.agencies)} agencies, {len(doc.duties)} duties, "
                   f"{len(doc.tasks)} tasks, {len(doc.member_units)} member units, "
                   f"{len(doc.findings)} findings"),
        ("unparsed", f"{doc.unparsed_share:.1%} of {len(doc.text):,} characters "
                     f"({len(doc.unparsed)} stretches)"),
    ]
    rows = [([f"<b>{escape(k)}</b>", _text(v, _MAX_CELL)], []) for k, v in fields
            if v not in (None, "")]
    ids = [f"md{i}" for i in range(len(meta.spans))]
    return (f"<h4{_for(ids)}>Metadata</h4>"
            + _table(["field", "value"], rows, len(rows), "meta"))


def _outline(doc: PolicyDocument, limit: int | None) -> str:
    """The headings, indented by level; each lights up its heading in the source."""
    if not doc.outline:
        return ""
    shown = doc.outline[:limit]
    items = "".join(f'<li style="margin-left:{(s.level - 1) * 1.2:.1f}em"{_for([f"s{i}"])}>'
                    f"<b>{_text(s.number)}</b> {_text(s.heading, 60)}</li>"
                    for i, s in enumerate(shown))
    return (_section("Outline", len(doc.outline)) + f'<ul class="outline">{items}</ul>'
            + _more(len(doc.outline), len(shown)))


def _resolution(method: str | None, score: float | None) -> str:
    method = method or "unresolved"
    return method if score is None or method == "unresolved" else f"{method} {score:.2f}"


def _agencies(doc: PolicyDocument, limit: int | None) -> str:
    rows = agency_rows(doc, document_id(doc))
    if not rows:
        return ""
    mentions: dict[str, list[str]] = {}
    for i, (_, ref) in enumerate(all_agency_refs(doc)):
        if ref.span is not None:
            mentions.setdefault(body_key(ref, doc), []).append(f"a{i}")
    shown = []
    for r in rows[:limit]:
        unresolved = (r["method"] or "unresolved") == "unresolved"
        css = ' class="unresolved"' if unresolved else ""
        shown.append(([_text(r["name"]),
                       f"<span{css}>{_text(r['canonical_name'] or '—')}</span>",
                       _text(r["level"]), _text(r["jurisdiction"]),
                       _text(_resolution(r["method"], r["score"])), str(r["n_duties"]),
                       str(r["n_lead_tasks"]), str(r["n_cooperating_tasks"])],
                      mentions.get(r["body_key"], [])))
    header = ["name", "canonical", "level", "jurisdiction", "resolved by", "duties",
              "leads", "cooperates"]
    return (f"<h4>Agencies ({len(rows)} bodies)</h4>"
            + _table(header, shown, len(rows), "agencies"))


def _duties(doc: PolicyDocument, limit: int | None) -> str:
    """Each body's duties under its canonical name; each duty lights up its source."""
    if not doc.duties:
        return ""
    groups: dict[str, list[int]] = {}
    for i, duty in enumerate(doc.duties[:limit]):
        groups.setdefault(body_key(duty.agency, doc), []).append(i)
    parts = [_section("Duties", len(doc.duties), [f"d{i}" for i in range(len(doc.duties))])]
    for indexes in groups.values():
        agency = doc.duties[indexes[0]].agency
        parts.append(f'<div class="body"><h5{_for([f"d{i}" for i in indexes])}>'
                     f"{_agency_name(agency)}</h5><ul class=\"duties\">")
        for i in indexes:
            duty = doc.duties[i]
            number = f"<b>{_text(duty.number)}</b> " if duty.number else ""
            parts.append(f'<li{_for([f"d{i}"])}>{number}{_text(duty.text, 160)}</li>')
        parts.append("</ul></div>")
    parts.append(_more(len(doc.duties), len(doc.duties[:limit])))
    return "".join(parts)


def _agency_name(ref: AgencyRef) -> str:
    """The canonical name, then the name as written and how it was resolved."""
    how = _text(_resolution(ref.method, ref.score))
    if not ref.canonical_name:
        return f'<span class="unresolved">{_text(ref.name)}</span> <small>{how}</small>'
    written = "" if ref.name == ref.canonical_name else f"{_text(ref.name)} · "
    return f"{_text(ref.canonical_name)} <small>{written}{how}</small>"


def _names(refs: list[AgencyRef]) -> str:
    """Names as written; each one's canonical name and resolution in its tooltip."""
    return _text("、").join(f'<span title="{_how(r)}">{_text(r.name)}</span>' for r in refs)


def _how(ref: AgencyRef) -> str:
    return _text(f"{ref.canonical_name or ref.name} · {_resolution(ref.method, ref.score)}")


def _tasks(doc: PolicyDocument, limit: int | None) -> str:
    if not doc.tasks:
        return ""
    rows = [([_text(t.number), _text(t.title or t.content, _MAX_CELL), _names(t.lead),
              _names(t.cooperating), _text(t.deadline.raw if t.deadline else "")], [f"t{i}"])
            for i, t in enumerate(doc.tasks[:limit])]
    header = ["no.", "task", "lead", "cooperating", "deadline"]
    return (_section("Tasks", len(doc.tasks), [f"t{i}" for i in range(len(doc.tasks))])
            + _table(header, rows, len(doc.tasks), "tasks"))


def _members(doc: PolicyDocument, limit: int | None) -> str:
    if not doc.member_units:
        return ""
    rows = [([_text(m.agency.name), _agency_name(m.agency) if m.agency.canonical_name
              else '<span class="unresolved">—</span>', _text(m.role),
              _text("、".join(m.persons))], [f"m{i}"])
            for i, m in enumerate(doc.member_units[:limit])]
    ids = [f"m{i}" for i in range(len(doc.member_units))]
    return (_section("Member units", len(doc.member_units), ids)
            + _table(["unit", "canonical", "role", "persons"], rows, len(doc.member_units),
                     "members"))


def _citations(doc: PolicyDocument, limit: int | None) -> str:
    if not doc.citations:
        return ""
    rows = [([_text(c.title, _MAX_CELL), _text(c.doc_number), _text(c.short)],
             [f"c{i}"] if c.span else []) for i, c in enumerate(doc.citations[:limit])]
    return (_section("Citations", len(doc.citations))
            + _table(["title", "doc number", "short name"], rows, len(doc.citations),
                     "citations"))


def _findings(doc: PolicyDocument, limit: int | None) -> str:
    if not doc.findings:
        return ""
    rows = [([_text(f.code), _text(f.message, _MAX_CELL)], [f"f{i}"] if f.span else [])
            for i, f in enumerate(doc.findings[:limit])]
    return (_section("Findings", len(doc.findings))
            + _table(["code", "message"], rows, len(doc.findings), "findings"))


def _unparsed(doc: PolicyDocument, limit: int | None) -> str:
    if not doc.unparsed:
        return ""
    shown = doc.unparsed[:limit]
    items = "".join(f'<li{_for([f"u{i}"])}>{_text(u.text, 80)}</li>'
                    for i, u in enumerate(shown))
    more = _more(len(doc.unparsed), len(shown))
    ids = [f"u{i}" for i in range(len(doc.unparsed))]
    return (_section(f"Unparsed ({doc.unparsed_share:.1%})", len(doc.unparsed), ids)
            + f'<ol class="unparsed">{items}</ol>{more}')
