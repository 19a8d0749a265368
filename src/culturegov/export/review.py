"""The review page: one self-contained HTML page per document, for checking a parse.

The source text on one side, every heading, duty, task, member, citation and metadata span in
its colour, agency names underlined and the unparsed stretches marked; the structure on the
other (export/html.py). Hovering (or focusing) a row of the structure lights up its span in the
source and scrolls it into view; hovering the source lights up the rows that stand for what is
under the pointer. No server and no network: the style and the little script are inline, and
every piece of the document is escaped, so a document that contains <script> shows it as text.
"""
from __future__ import annotations

import json
import uuid
from html import escape
from typing import TYPE_CHECKING

from .html import structure_html
from .source_marks import collect_marks, source_html

if TYPE_CHECKING:
    from ..models import PolicyDocument

_LEGEND = (("meta", "metadata"), ("section", "heading"), ("duty", "duty"), ("task", "task"),
           ("header", "table header"), ("member", "member"), ("citation", "citation"),
           ("agency", "agency name"), ("unparsed", "unparsed"))

# Scoped to the fragment's class, so that a notebook's own style is left alone.
STYLE = """<style>
.cg-review{font-family:sans-serif;font-size:13px;color:#222;display:flex;gap:12px;
align-items:flex-start}
.cg-review .cg-src,.cg-review .cg-struct{flex:1 1 50%;min-width:0;max-height:85vh;
overflow:auto;border:1px solid #ddd;padding:8px;box-sizing:border-box}
.cg-review .cg-src{white-space:pre-wrap;line-height:1.7;font-size:14px;
font-family:"Noto Serif CJK SC","Noto Sans CJK SC",serif}
.cg-review h3{margin:.2em 0}.cg-review h4{margin:.9em 0 .3em}.cg-review h5{margin:.6em 0 .2em}
.cg-review table{border-collapse:collapse;margin:.2em 0;width:100%}
.cg-review th,.cg-review td{border:1px solid #ccc;padding:2px 6px;text-align:left;
vertical-align:top}
.cg-review th{background:#f3f3f3}
.cg-review ol{margin:.2em 0 .2em 1.4em;padding:0}
.cg-review ul.duties,.cg-review ul.outline{list-style:none;margin:.2em 0;padding:0 0 0 .6em}
.cg-review small{color:#666}
.cg-review .unresolved{color:#a33}
.cg-review .more{color:#777;font-style:italic}
.cg-review [data-for]{cursor:pointer}
.cg-review [data-for]:hover,.cg-review [data-for]:focus{background:#fff7c2;outline:none}
.cg-review .k-section{font-weight:bold;color:#1a237e}
.cg-review .k-header{background:#e4e4e4}
.cg-review .k-task{background:#d3f5dc}
.cg-review .k-duty{background:#d6e6ff}
.cg-review .k-member{background:#ffe2c2}
.cg-review .k-meta{background:#ecdcff}
.cg-review .k-citation{background:#cdf3f3}
.cg-review .k-agency{text-decoration:underline;text-decoration-color:#2a5bd7;
text-underline-offset:3px}
.cg-review .k-finding{text-decoration:underline wavy #d08000}
.cg-review .k-unparsed{background:#ffe0e0;text-decoration:underline wavy #c62828}
.cg-review .cg-hot{background:#ffe45c;box-shadow:0 0 0 1px #e0a800}
.cg-review .cg-legend span{display:inline-block;padding:0 6px;margin:0 4px 2px 0}
</style>"""

# Maps each mark id to its segments once, then lights them for the hovered row; and back:
# hovering a segment of the source lights, for each of its marks, the row that stands for
# that mark alone (the duty's line, not the heading over all duties). Looks its root up by
# id, so that several documents shown in one notebook each keep their own.
_SCRIPT = """(function(){
var root=document.getElementById(%s);if(!root)return;
var pane=root.querySelector('.cg-src'),side=root.querySelector('.cg-struct'),index={},rows={};
root.querySelectorAll('.cg-src [data-m]').forEach(function(seg){
seg.getAttribute('data-m').split(' ').forEach(function(id){(index[id]=index[id]||[]).push(seg);});});
side.querySelectorAll('[data-for]').forEach(function(r){var ids=r.getAttribute('data-for').split(' ');
ids.forEach(function(id){var best=rows[id];
if(!best||best.getAttribute('data-for').split(' ').length>ids.length)rows[id]=r;});});
function reveal(box,el){var a=box.getBoundingClientRect(),b=el.getBoundingClientRect();
if(b.top<a.top||b.bottom>a.bottom)box.scrollTop+=b.top-a.top-a.height/3;}
function light(row,on){var first=null;
row.getAttribute('data-for').split(' ').forEach(function(id){(index[id]||[]).forEach(function(seg){
seg.classList.toggle('cg-hot',on);if(!first)first=seg;});});
if(on&&first)reveal(pane,first);}
function back(seg,on){var first=null;
seg.getAttribute('data-m').split(' ').forEach(function(id){var r=rows[id];if(!r)return;
r.classList.toggle('cg-hot',on);if(!first)first=r;});
if(on&&first)reveal(side,first);}
function row(e){var r=e.target.closest&&e.target.closest('[data-for]');
return r&&root.contains(r)?r:null;}
function seg(e){var s=e.target.closest&&e.target.closest('.cg-src [data-m]');
return s&&root.contains(s)?s:null;}
function on(e,state){var r=row(e);if(r){light(r,state);return;}var s=seg(e);if(s)back(s,state);}
root.addEventListener('mouseover',function(e){on(e,true);});
root.addEventListener('mouseout',function(e){on(e,false);});
root.addEventListener('focusin',function(e){on(e,true);});
root.addEventListener('focusout',function(e){on(e,false);});
})();"""


def review_fragment(doc: PolicyDocument, limit: int | None = None,
                    root_id: str | None = None) -> str:
    """The page's body as a fragment: what a notebook shows for a document."""
    root_id = root_id or f"cg-{uuid.uuid4().hex[:12]}"
    title = doc.metadata.title or doc.source or "(untitled document)"
    legend = "".join(f'<span class="k-{k}">{escape(label)}</span>' for k, label in _LEGEND)
    source = source_html(doc.text, collect_marks(doc))
    return "\n".join([
        STYLE,
        f'<div class="cg-review culturegov-doc" id="{root_id}">',
        f'<div class="cg-src" lang="zh">{source}</div>',
        f'<div class="cg-struct"><h3>{escape(title)}</h3>',
        f'<div class="cg-legend">{legend}</div>',
        structure_html(doc, limit),
        "</div></div>",
        "<script>" + _SCRIPT % json.dumps(root_id) + "</script>",
    ])


def review_page(doc: PolicyDocument) -> str:
    """A complete HTML page (UTF-8), to be written to a .html file and opened in a browser."""
    title = doc.metadata.title or doc.source or "culturegov review"
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)} — culturegov review</title>",
        "<style>body{margin:8px}body .cg-review .cg-src,body .cg-review .cg-struct"
        "{max-height:calc(100vh - 24px)}</style>",
        "</head><body>",
        review_fragment(doc, root_id="cg-review"),
        "</body></html>",
    ]) + "\n"
