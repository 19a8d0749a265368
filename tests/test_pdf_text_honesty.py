"""PDF text honesty (issue 17): rotated pages read in reading order, glyphs without Unicode
named in a finding, text in another direction than its page named when left out.

Rotated pages are built with reportlab in the two ways producers make them: the page
carries /Rotate (its content drawn upright in the unrotated page, so it shows sideways or
upside down), or the content draws its text through a rotated matrix on an unrotated page
(a landscape table printed on a portrait sheet); and both at once. Each is compared with the
same content drawn upright on a page of the frame's size: the text and the blocks must be
the same."""
from __future__ import annotations

import io

import pytest
from factories import _font

import culturegov as cg
from culturegov.readers import read

PORTRAIT = (595.0, 842.0)

# A notice page: a title, a numbered duty whose paragraph wraps over two lines (the first
# indented and running to the right margin), another duty, and a page number below.
TITLES = ["关于公共文化服务职责分工的通知", "重点任务分解"]
DUTY_ONE = ("一、区文化和旅游局负责统筹推进全区公共文化服务体系建设，制定年度工作计划，",
            "组织开展绩效评估并按季度报告进展情况。")
DUTY_TWO = "二、区财政局负责落实公共文化服务保障经费。"


def _draw_notice(c, width: float, height: float, page_number: int) -> None:
    size = 14.0
    c.setFont(_font(), 18)
    c.drawCentredString(width / 2, height - 80, TITLES[page_number - 1])
    c.setFont(_font(), size)
    left, right = 60.0, width - 60.0
    # The wrapped line is spaced out to end at the right margin, as a justified line does.
    first = DUTY_ONE[0]
    step = (right - (left + 2 * size)) / len(first)
    for i, ch in enumerate(first):
        c.drawString(left + 2 * size + i * step, height - 130, ch)
    c.drawString(left, height - 152, DUTY_ONE[1])
    c.drawString(left + 2 * size, height - 174, DUTY_TWO)
    c.setFont(_font(), 10)
    c.drawCentredString(width / 2, 40, f"- {page_number} -")


def _draw_table(c, width: float, height: float, page_number: int) -> None:
    """A ruled two-column duty table."""
    rows = [("牵头单位", "职责"), ("区文化和旅游局", "统筹公共文化服务"),
            ("区财政局", "保障经费"), ("各街道办事处", "组织实施")]
    x0, x1, x2, top, row_height = 80.0, 260.0, width - 80.0, height - 120.0, 30.0
    c.setFont(_font(), 12)
    for i, (lead, duty) in enumerate(rows):
        y = top - i * row_height
        c.drawString(x0 + 6, y - 20, lead)
        c.drawString(x1 + 6, y - 20, duty)
    for i in range(len(rows) + 1):
        c.line(x0, top - i * row_height, x2, top - i * row_height)
    for x in (x0, x1, x2):
        c.line(x, top, x, top - len(rows) * row_height)


def _frame(rotate: int, turn: int) -> tuple[float, float]:
    """The size of the frame the text reads upright in. reportlab keeps the displayed sheet
    portrait: with /Rotate 90 or 270 it writes a landscape MediaBox, which the viewer
    turns; content turned by 90 or 270 degrees turns the frame again."""
    sheet = PORTRAIT if rotate in (0, 180) else (PORTRAIT[1], PORTRAIT[0])
    return (sheet[1], sheet[0]) if turn in (90, 270) else sheet


def _pdf(pages: list[tuple], sideways_note: str = "") -> bytes:
    """pages: (draw, rotate, turn) each: /Rotate `rotate`, content turned by `turn` degrees
    (counter-clockwise); draw(c, frame width, frame height, page number) draws in the frame
    where the text reads upright."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=PORTRAIT, invariant=1)
    for number, (draw, rotate, turn) in enumerate(pages, start=1):
        c.setPageRotation(rotate)
        width, height = PORTRAIT if rotate in (0, 180) else (PORTRAIT[1], PORTRAIT[0])
        c.saveState()
        if turn == 90:
            c.translate(width, 0)
        elif turn == 180:
            c.translate(width, height)
        elif turn == 270:
            c.translate(0, height)
        c.rotate(turn)
        draw(c, *_frame(rotate, turn), number)
        c.restoreState()
        if turn:  # a folio upright on the sheet, across the turned text: furniture
            c.setFont(_font(), 10)
            c.drawCentredString(width / 2, 30, f"— {number} —")
        if sideways_note:
            c.saveState()
            c.translate(20, 200)
            c.rotate(90)
            c.setFont(_font(), 9)
            c.drawString(0, 0, sideways_note)
            c.restoreState()
        c.showPage()
    c.save()
    return buffer.getvalue()


def _upright(pages: list[tuple]) -> bytes:
    """The same pages drawn upright on sheets of their frames' size."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=PORTRAIT, invariant=1)
    for number, (draw, rotate, turn) in enumerate(pages, start=1):
        frame = _frame(rotate, turn)
        c.setPageSize(frame)
        draw(c, *frame, number)
        c.showPage()
    c.save()
    return buffer.getvalue()


ROTATIONS = [(90, 0), (180, 0), (270, 0), (0, 90), (0, 180), (0, 270), (90, 270), (270, 180)]


@pytest.mark.parametrize(("rotate", "turn"), ROTATIONS)
def test_rotated_page_reads_as_the_upright_page(rotate, turn):
    pages = [(_draw_notice, 0, 0), (_draw_notice, rotate, turn)]
    _, doc = read(_pdf(pages), "rotated.pdf")
    _, upright = read(_upright(pages), "upright.pdf")
    assert doc.text == upright.text
    # Page 2 read in order: the wrapped duty is one paragraph, the page number dropped.
    second = [doc.text[b.start:b.end] for b in doc.blocks if b.page == 2]
    assert second == [TITLES[1], "".join(DUTY_ONE), DUTY_TWO]
    assert not [f for f in doc.findings if f.code in ("sideways_text", "unmapped_glyphs")]


@pytest.mark.parametrize(("rotate", "turn"), [(90, 0), (180, 0), (0, 270)])
def test_table_on_rotated_page_is_read_as_a_table(rotate, turn):
    pages = [(_draw_table, rotate, turn)]
    _, doc = read(_pdf(pages), "rotated-table.pdf")
    _, upright = read(_upright(pages), "upright-table.pdf")
    tables = [b for b in doc.blocks if type(b).__name__ == "Table"]
    assert len(tables) == 1
    assert [[cell.text for cell in row] for row in tables[0].rows] == [
        ["牵头单位", "职责"], ["区文化和旅游局", "统筹公共文化服务"],
        ["区财政局", "保障经费"], ["各街道办事处", "组织实施"]]
    assert doc.text == upright.text


def test_sideways_note_on_an_upright_page_is_named_in_a_finding():
    """A note printed up the margin reads in another direction than the page's lines: it
    is left out of the lines (it would cut through them) but never silently."""
    doc = cg.parse(_pdf([(_draw_notice, 0, 0), (_draw_notice, 0, 0)],
                        sideways_note="此件公开发布"), name="stamped.pdf")
    assert "".join(DUTY_ONE) in doc.text
    found = [f for f in doc.findings if f.code == "sideways_text"]
    assert len(found) == 1
    assert "12 characters on page(s) 1-2" in found[0].message


def test_glyphs_without_unicode_are_kept_and_their_pages_named():
    """Fonts without a usable ToUnicode map: a Type0 Identity-H font (pdfminer reads glyph
    numbers) on page 2, a map into the Private Use Area on page 4. The text keeps what was
    read, and one finding names both pages; pages 1 and 3 are clean."""
    import hostile

    data = hostile.unmapped_glyphs_pdf([
        [("text", b"The first duty is read in full.")],
        [("text", b"The second duty is read."), ("cid", b"\x00\x05\x00\x06\x00\x07")],
        [("text", b"The third duty is read as well.")],
        [("text", b"The fourth duty."), ("pua", b"KEY")],
    ])
    doc = cg.parse(data, name="nomap.pdf")
    assert "(cid:5)(cid:6)(cid:7)" in doc.text
    assert "\ue00a\ue004\ue018" in doc.text
    assert "The third duty is read as well." in doc.text
    found = [f for f in doc.findings if f.code == "unmapped_glyphs"]
    assert len(found) == 1
    assert "6 of " in found[0].message and "page(s) 2, 4 " in found[0].message


def test_unmapped_glyph_count_over_records():
    """The count both character backends feed: pdfminer's "(cid:N)" records, private-use
    and replacement characters; ordinary CJK, Latin and punctuation are not counted."""
    from culturegov.readers.pdf_glyphs import unmapped_count

    records = [{"text": t} for t in ["区", "(cid:12)", "\ue000", "A", "。", "\ufffd", "\U000f0001"]]
    assert unmapped_count(records) == 4
    # a record is counted on its own text: "(cid:1)" spelled over three records is text
    assert unmapped_count([{"text": t} for t in ["(", "cid:1", ")", "区"]]) == 0
    assert unmapped_count([{"text": t} for t in ["(", "cid:1", ")", "(cid:7)"]]) == 1
    assert unmapped_count([{"text": t} for t in ["区", "文", "化"]]) == 0


def test_embedded_subset_font_with_its_tounicode_removed():
    """reportlab embeds a TrueType subset (its own Vera) with a ToUnicode map; with the
    map's reference blanked out (same length, the cross-reference table stays right) the
    non-ASCII glyphs come out as glyph numbers: kept, and page 2 named, page 1 not."""
    import re

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("VeraNoMap", "Vera.ttf"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for page in range(2):
        pdf.setFont("Helvetica", 12)
        for row in range(5):
            pdf.drawString(72, 700 - 20 * row, f"Page {page + 1}, line {row}: plain text.")
        if page == 1:
            pdf.setFont("VeraNoMap", 12)
            pdf.drawString(72, 560, "Résumé of the café’s déjà vu.")
        pdf.showPage()
    pdf.save()
    data, blanked = re.subn(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()),
                            buffer.getvalue())
    assert blanked == 1
    doc = cg.parse(data, name="stripped.pdf")
    assert "Page 2, line 4: plain text." in doc.text
    # Neither backend can know the é: a subset font without ToUnicode draws code 1 for it.
    # pdfminer writes the code as "(cid:1)", PDFium (which sees a simple font, not a CID
    # one) as the control character U+0001. Both keep one placeholder per glyph, and the
    # finding below is what tells the reader; the text is not claimed to be right.
    assert re.search(r"R(\(cid:\d+\)|[\x00-\x1f])sum(\(cid:\d+\)|[\x00-\x1f]) of the caf",
                     doc.text)
    found = [f for f in doc.findings if f.code == "unmapped_glyphs"]
    assert len(found) == 1 and "page(s) 2 " in found[0].message
