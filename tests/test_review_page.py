"""The review page in a real browser: a headless Chromium (the distribution's package,
installed by .ci/run) loads the page of every sample; what it shows highlighted is what the
model's spans say, hovering a duty or a task lights up exactly its source, and it screenshots.
Skipped, saying why, when no Chromium is installed."""
import struct

import pytest

import culturegov as cg
from culturegov.export.keys import all_agency_refs
from culturegov.export.review import review_page

from browser import Browser, find_chromium
from conftest import sample_names

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium, as "
                             ".ci/run does): the review page's browser tests need one")

# Each mark id the page gives a span, and the kind (its CSS class) it is drawn as.
_SEGMENTS = """(() => {
  const marks = {};
  for (const seg of document.querySelectorAll('.cg-src [data-m]')) {
    for (const id of seg.dataset.m.split(' ')) {
      const m = marks[id] || (marks[id] = {text: '', classes: null});
      m.text += seg.textContent;
      const mine = Array.from(seg.classList);
      m.classes = m.classes === null ? mine : m.classes.filter(c => mine.includes(c));
    }
  }
  return {marks, source: document.querySelector('.cg-src').textContent,
          rows: document.querySelectorAll('.cg-struct [data-for]').length};
})()"""

_CENTRE = """((selector) => {
  const row = document.querySelector(selector);
  if (!row) return null;
  row.scrollIntoView({block: 'center'});
  const r = row.getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + Math.min(r.height / 2, 8), ids: row.dataset.for};
})(%r)"""

_HOT = "Array.from(document.querySelectorAll('.cg-hot')).map(s => s.textContent).join('')"


def _expected_marks(doc):
    """id -> (text of the span, kind), straight from the model."""
    groups = [("md", "meta", doc.metadata.spans), ("d", "duty", [d.span for d in doc.duties]),
              ("t", "task", [t.span for t in doc.tasks]),
              ("m", "member", [m.span for m in doc.member_units]),
              ("p", "member", [p.span for p in doc.persons]),
              ("a", "agency", [r.span for _, r in all_agency_refs(doc)]),
              ("s", "section", [s.span for s in doc.outline]),
              ("h", "header", list(doc.headers)),
              ("c", "citation", [c.span for c in doc.citations]),
              ("f", "finding", [f.span for f in doc.findings]),
              ("u", "unparsed", [u.span for u in doc.unparsed])]
    return {f"{prefix}{i}": (doc.text[s.start:s.end], kind)
            for prefix, kind, spans in groups for i, s in enumerate(spans)
            if s is not None and s.end > s.start}


# The centre of the first source segment that carries `mark` (and is in view once scrolled).
_SEGMENT_CENTRE = """((mark) => {
  const seg = Array.from(document.querySelectorAll('.cg-src [data-m]'))
    .find(s => s.dataset.m.split(' ').includes(mark));
  if (!seg) return null;
  seg.scrollIntoView({block: 'center'});
  const r = seg.getClientRects()[0];
  return {x: r.x + Math.min(r.width / 2, 6), y: r.y + r.height / 2, ids: seg.dataset.m};
})(%r)"""

_HOT_ROWS = ("Array.from(document.querySelectorAll('.cg-struct .cg-hot'))"
             ".map(r => r.dataset.for)")


@pytest.fixture(scope="module")
def browser():
    b = Browser(CHROMIUM)
    yield b
    b.close()


def _open(browser, doc, tmp_path):
    page = tmp_path / "page.html"
    page.write_text(review_page(doc), encoding="utf-8")
    browser.open(page.as_uri())


def _hover_and_read(browser, selector):
    spot = browser.evaluate(_CENTRE % selector)
    if spot is None:
        return None, None
    browser.hover(spot["x"], spot["y"])
    hot = browser.evaluate(_HOT)
    browser.hover(1, 1)  # away: the row is left, the light goes out
    return spot["ids"], hot


@pytest.mark.parametrize("name", sample_names())
def test_highlights_are_the_model_spans(browser, parsed, name, tmp_path):
    doc = parsed(name)
    _open(browser, doc, tmp_path)
    seen = browser.evaluate(_SEGMENTS)
    assert seen["source"] == doc.text  # every character once, as text
    want = _expected_marks(doc)
    assert set(seen["marks"]) == set(want)
    for mark_id, (text, kind) in want.items():
        assert seen["marks"][mark_id]["text"] == text, mark_id
        assert f"k-{kind}" in seen["marks"][mark_id]["classes"], mark_id
    assert seen["rows"] >= len(doc.duties) + len(doc.tasks)


@pytest.mark.parametrize("name", sample_names())
def test_hovering_a_duty_or_task_lights_its_span(browser, parsed, name, tmp_path):
    doc = parsed(name)
    _open(browser, doc, tmp_path)
    spans = {**{f"d{i}": d.span for i, d in enumerate(doc.duties)},
             **{f"t{i}": t.span for i, t in enumerate(doc.tasks)}}
    for selector, rows in (('.cg-struct li[data-for^="d"]', doc.duties),
                           ('.cg-struct tr[data-for^="t"]', doc.tasks),
                           ('.cg-struct li[data-for^="d"]:last-of-type', doc.duties)):
        ids, hot = _hover_and_read(browser, selector)
        assert (ids is None) == (not rows), selector  # a row to hover for every kind present
        if ids is None:
            continue
        span = spans[ids]
        assert hot == doc.text[span.start:span.end]
        assert browser.evaluate(_HOT) == ""


def test_a_page_is_screenshot(browser, parsed, tmp_path):
    doc = parsed("001_89d3c2afdc5c18c8")
    _open(browser, doc, tmp_path)
    png = browser.screenshot()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1400, 900)
    assert len(png) > 20_000  # a page of text and colour, not a blank one


def test_document_text_cannot_inject_script(browser, tmp_path):
    hostile = ("关于<script>window.injected=1</script>的通知\n"
               "一、县文化和旅游局\n负责<img src=x onerror=\"window.injected=2\">全县文化。\n"
               "</div></span><script>window.injected=3</script>\n")
    doc = cg.parse_text(hostile)
    _open(browser, doc, tmp_path)
    assert browser.evaluate("typeof window.injected") == "undefined"
    assert browser.evaluate("document.querySelectorAll('script').length") == 1
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert browser.evaluate("document.querySelector('.cg-src').textContent") == doc.text
    assert "<script>" in browser.evaluate("document.title")


@pytest.mark.parametrize("name", sample_names())
def test_hovering_the_source_lights_the_rows_of_what_is_under_it(browser, parsed, name,
                                                                 tmp_path):
    """From the source back to the structure: the duty's own line, the task's own row, the
    heading's own entry, not the section title over all of them."""
    doc = parsed(name)
    _open(browser, doc, tmp_path)
    for mark in ("d0", "t0", "s0", f"d{len(doc.duties) - 1}"):
        spot = browser.evaluate(_SEGMENT_CENTRE % mark)
        if spot is None:
            continue
        browser.hover(spot["x"], spot["y"])
        hot = browser.evaluate(_HOT_ROWS)
        browser.hover(1, 1)
        # The hovered mark's own row, and only rows of marks under the pointer, each standing
        # for its mark alone (an agency's row stands for all mentions of that body).
        assert mark in hot, (mark, hot)
        here = set(spot["ids"].split())
        for ids in hot:
            assert set(ids.split()) & here, (ids, here)
            assert ids in here or ids.startswith("a"), ids
        assert browser.evaluate(_HOT_ROWS) == []
