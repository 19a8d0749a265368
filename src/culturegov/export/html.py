"""A PolicyDocument as one self-contained HTML fragment: what a notebook shows for a document.

Metadata, the agencies with their duty and task counts, the task table (lead, cooperating,
deadline), the findings and the unparsed share. Every value is escaped; the style is inline
and scoped to the fragment's class; nothing is loaded from elsewhere.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from .frames import agency_rows
from .keys import document_id

if TYPE_CHECKING:
    from ..models import AgencyRef, PolicyDocument

_MAX_ROWS = 200  # a notebook cell, not a report: say how many more there are
_MAX_CELL = 120

_STYLE = """<style>
.culturegov-doc{font-family:sans-serif;font-size:13px;max-width:72em}
.culturegov-doc h3{margin:.3em 0}
.culturegov-doc h4{margin:.8em 0 .3em}
.culturegov-doc table{border-collapse:collapse;margin:.2em 0}
.culturegov-doc th,.culturegov-doc td{border:1px solid #ccc;padding:2px 6px;text-align:left;
vertical-align:top}
.culturegov-doc th{background:#f3f3f3}
.culturegov-doc .unresolved{color:#a33}
.culturegov-doc .more{color:#777;font-style:italic}
</style>"""


def document_html(doc: PolicyDocument) -> str:
    title = doc.metadata.title or doc.source or "(untitled document)"
    parts = [_STYLE, '<div class="culturegov-doc">', f"<h3>{_text(title)}</h3>",
             _metadata(doc), _agencies(doc), _tasks(doc), _findings(doc), "</div>"]
    return "\n".join(p for p in parts if p)


def _text(value: Any, limit: int | None = None) -> str:
    text = "" if value is None else str(value)
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return escape(text)


def _table(header: list[str], rows: list[list[str]], total: int | None = None) -> str:
    """rows hold already-escaped HTML; `total` > len(rows) adds a line saying what was cut."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    more = ""
    if total is not None and total > len(rows):
        more = f'<p class="more">… and {total - len(rows)} more</p>'
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


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
    rows = [[f"<b>{escape(k)}</b>", _text(v, _MAX_CELL)] for k, v in fields if v not in (None, "")]
    return _table(["field", "value"], rows)


def _agencies(doc: PolicyDocument) -> str:
    rows = agency_rows(doc, document_id(doc))
    if not rows:
        return ""
    shown = []
    for r in rows[:_MAX_ROWS]:
        method = r["method"] or "unresolved"
        css = ' class="unresolved"' if method == "unresolved" else ""
        shown.append([_text(r["name"]), f"<span{css}>{_text(r['canonical_name'] or '—')}</span>",
                      _text(r["level"]), _text(r["jurisdiction"]), _text(method),
                      str(r["n_duties"]), str(r["n_lead_tasks"]), str(r["n_cooperating_tasks"])])
    header = ["name", "canonical", "level", "jurisdiction", "resolved by", "duties",
              "leads", "cooperates"]
    return f"<h4>Agencies ({len(rows)} bodies)</h4>" + _table(header, shown, len(rows))


def _names(refs: list[AgencyRef]) -> str:
    return _text("、".join(r.name for r in refs))


def _tasks(doc: PolicyDocument) -> str:
    if not doc.tasks:
        return ""
    rows = [[_text(t.number), _text(t.title or t.content, _MAX_CELL), _names(t.lead),
             _names(t.cooperating), _text(t.deadline.raw if t.deadline else "")]
            for t in doc.tasks[:_MAX_ROWS]]
    header = ["no.", "task", "lead", "cooperating", "deadline"]
    return f"<h4>Tasks ({len(doc.tasks)})</h4>" + _table(header, rows, len(doc.tasks))


def _findings(doc: PolicyDocument) -> str:
    if not doc.findings:
        return ""
    rows = [[_text(f.code), _text(f.message, _MAX_CELL)] for f in doc.findings[:_MAX_ROWS]]
    return (f"<h4>Findings ({len(doc.findings)})</h4>"
            + _table(["code", "message"], rows, len(doc.findings)))
