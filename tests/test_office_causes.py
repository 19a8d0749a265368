"""The six causes by which notices typeset as an office suite does (tests/factories_office.py,
exported by LibreOffice) parsed differently from their text (issue 13), one named test each.

Each reads a committed rendering from tests/fixtures/office/ (made by `python
tests/factories_office.py`), so it runs where LibreOffice is absent.
"""
from __future__ import annotations

import pytest
from lxml import etree

import culturegov
from culturegov.readers.docx_numbering import Numbering

from conftest import SAMPLES
from factories_office import line_markers
from test_format_invariance import summary

FIXTURES = SAMPLES.parents[1] / "tests" / "fixtures" / "office"


def fixture(name: str):
    path = FIXTURES / name
    if not path.exists():
        pytest.skip(f"fixture {name} not committed; make it with python tests/factories_office.py")
    return culturegov.parse(path)


def same_as_text(name: str, parsed) -> None:
    doc = fixture(name)
    text_doc = parsed(name.split(".")[0])
    assert summary(doc) == summary(text_doc)
    assert line_markers(doc.text) == line_markers(text_doc.text)


# 1. Paragraph ends in PDFs come from geometry, not from the punctuation a line ends with.
@pytest.mark.parametrize("name", ["208_bracketed_task_labels.12pt.pdf",
                                  "209_paren_items_with_colon.16pt.pdf"])
def test_cause1_paragraph_wrapped_after_sentence_end_is_one_paragraph(name, parsed):
    """A justified paragraph that wraps right after 。/；/： (the line full, the next line
    at the column's edge, not indented) is one paragraph: its duties and tasks stay whole."""
    same_as_text(name, parsed)


@pytest.mark.parametrize("name", ["002_f08aa27de3bb326a.12pt.pdf",
                                  "106_runon_space_headers.12pt.pdf"])
def test_cause1_runon_web_lines_keep_inline_agencies(name, parsed):
    """Run-on web lines (…政策。 市规划局:…): a justified line end swallows the space before
    an inline agency name; the name glued to the 。 is still found."""
    same_as_text(name, parsed)


def test_cause1_space_after_name_swallowed_at_line_end():
    """`…建设。 区委编办|指导…`: the line wraps right after a name set off by a space after a
    sentence end; the justified line end draws no space after it, so the text reads
    区委编办指导…, but the wrap stands where the space was and the name still heads its duty."""
    from factories_office import RUNON_NAME_AT_LINE_END

    doc = fixture("runon_name_at_line_end.16pt.pdf")
    assert "。 区委编办指导和协调" in doc.text  # no space drawn at the wrap
    assert [(duty.agency.name, duty.text) for duty in doc.duties] == [
        (duty.agency.name, duty.text) for duty in culturegov.parse_text(
            RUNON_NAME_AT_LINE_END).duties]
    assert [duty.agency.name for duty in doc.duties] == ["区文化和旅游局", "区委编办", "区财政局",
                                                         "区文联"]


def test_cause1_punctuation_hung_past_margin_not_drawn(parsed):
    """`…指导和验收|区财政局负责…`: LibreOffice hangs the ； past the margin and draws none.
    The clause after the wrap opens with its body and verb, after a clause complete with its
    own, so it is a clause of its own: 区财政局 keeps its duty."""
    doc = fixture("311_unnumbered_subject_clauses.16pt.pdf")
    assert "验收区财政局负责" in doc.text
    assert "区财政局" in [duty.agency.name for duty in doc.duties]
    same_as_text("311_unnumbered_subject_clauses.16pt.pdf", parsed)


def test_cause1_right_edge_reached_by_one_line_alone(parsed):
    """Cell lines typed as short paragraphs, all indented, none wrapping: one line reaches
    further right than the rest (…56小时) and is no evidence of the margin. The centred
    title lines show the column's middle, so the edge lies further right, the line was
    not full, and the next cell line (| 县文化馆) is a paragraph of its own."""
    doc = fixture("302_pipe_cell_lines.12pt.pdf")
    assert "56小时\n| 县文化馆" in doc.text
    same_as_text("302_pipe_cell_lines.12pt.pdf", parsed)


# 2. Word numbering counted as Word counts it.
@pytest.mark.parametrize("name", ["000_7f7948de658d7fdd.16pt.docx",
                                  "220_bracketed_bodies_after_tasks.12pt.docx"])
def test_cause2_word_numbering_counted_per_abstract_list(name, parsed):
    """LibreOffice writes a restarted list as a w:num with a startOverride followed by plain
    w:nums of the same abstract list: the visible numbers are 1. 2. 3. (not 1. 7. 8.) and a
    list resumed after body text goes on (4., not 1.)."""
    same_as_text(name, parsed)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbering(levels: str, nums: str) -> Numbering:
    root = etree.fromstring(f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
                            f'{levels}</w:abstractNum>{nums}</w:numbering>')
    return Numbering(root, None)


def _lvl(ilvl: int, text: str, fmt: str = "decimal", extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def _labels(numbering: Numbering, items: list[tuple[str, int]]) -> list[str]:
    out = []
    for num_id, ilvl in items:
        p = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/>'
                             f'<w:numId w:val="{num_id}"/></w:numPr></w:pPr></w:p>')
        out.append(numbering.number_for(p)[0])
    return out


def test_cause2_word_numbering_rules():
    """Counters per abstract list and level; a startOverride resets on its instance's first
    use only; a higher level restarts the lower ones unless lvlRestart says otherwise;
    isLgl shows Arabic digits."""
    levels = (_lvl(0, "%1、", "chineseCounting")
              + _lvl(1, "（%2）", "chineseCounting", '<w:lvlRestart w:val="0"/>')
              + _lvl(2, "%1.%3", "decimal", '<w:isLgl/>'))
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
            '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>')
    numbering = _numbering(levels, nums)
    got = _labels(numbering, [("1", 0), ("1", 1), ("1", 2), ("1", 2), ("2", 0), ("1", 0),
                              ("1", 1), ("1", 2), ("2", 0)])
    assert got == ["一、", "（一）", "1.1", "1.2",
                   "五、",   # numId 2's first use: its startOverride resets level 0 to 5
                   "六、",   # numId 1 counts on the same abstract list
                   "（二）",  # lvlRestart 0: level 1 never restarts
                   "6.1",    # level 2 restarted under 六、; isLgl shows 六 as 6
                   "七、"]   # numId 2 again: its override is spent


# 3. Running headers on a one-page PDF.
def test_cause3_running_header_on_one_page_pdf(parsed):
    """A one-page notice with the title as running header (smaller, over a rule): the header
    is dropped although it repeats on no other page, so the title is read once."""
    doc = fixture("104_colon_header_lines.16pt.pdf")
    text_doc = parsed("104_colon_header_lines")
    title = text_doc.text.strip().splitlines()[0]
    assert doc.text.count(title) == 1
    assert summary(doc) == summary(text_doc)


# 4. A cell line that wraps at a space keeps the space.
def test_cause4_cell_wrapped_at_space_keeps_the_space():
    """县文旅局 县住建局 in a column that wraps right after 局: the space the PDF draws at the
    line's end is kept, so two units stay two."""
    doc = fixture("cell_wrapped_at_space.16pt.pdf")
    assert "县文旅局 县住建局" in doc.text
    assert [[unit.name for unit in task.cooperating] for task in doc.tasks] == [
        ["县文旅局", "县住建局"], ["县财政局", "县教育局"]]


# 5. Rows over a page break.
@pytest.mark.parametrize("name", ["003_5a35171835c4a9ae.16pt.pdf",
                                  "204_indicator_table_shifted_rows.16pt.pdf"])
def test_cause5_rows_over_page_break(name, parsed):
    """A table continued on mirrored pages (shifted left or right) is one table; a new page's
    first row is not glued to the row above when a content cell above ends its sentence
    with room to spare (even if a narrow unit cell beside it is full); a row really cut by
    the break, its first cell included, is glued back."""
    doc = fixture(name)
    assert not any(task.deadline and task.deadline.raw.count("年") > 2 and "至" not in
                   task.deadline.raw for task in doc.tasks)
    same_as_text(name, parsed)


# 6. Signature, date and centred title lines.
def test_cause6_signature_date_and_title_lines(parsed):
    """A right-aligned signature flush with the margin is not joined with the date under it;
    a centred title wrapped over two lines is one line."""
    doc = fixture("209_paren_items_with_colon.16pt.pdf")
    text_doc = parsed("209_paren_items_with_colon")
    lines = doc.text.splitlines()
    assert "区全民阅读工作领导小组办公室" in lines and "2021年3月1日" in lines
    assert doc.metadata.issue_date == text_doc.metadata.issue_date
    wrapped = fixture("215_counted_duties.16pt.pdf")
    assert wrapped.text.splitlines()[0] == parsed("215_counted_duties").text.splitlines()[0]


def test_cause6_centred_title_wrapped_short_of_both_margins(parsed):
    """A centred title that wraps with room on both sides (its first line is centred, not
    spanning the column, because the unit that comes next, 家” with the quote it keeps,
    is wider than the two margins together) is one line, and the line is not read as an
    agency heading its duties; a centred line with room for the next line's first glyph
    stays apart (the title over a centred name in 310)."""
    doc = fixture("319_not_agencies.16pt.pdf")
    text_doc = parsed("319_not_agencies")
    assert doc.text.splitlines()[0] == text_doc.text.splitlines()[0]
    assert summary(doc) == summary(text_doc)


# Tables: rows separated by single spaces, and a table that holds no duties.
def test_space_separated_row_ending_in_two_units_keeps_both(parsed):
    """Rows aligned with spaces come out of an office file with single spaces (nothing
    shows where a cell ends): `3 组建…不少于5支 镇党政办 镇文化站 2023年10月`. A word
    that is a body's name by itself belongs to the units column beside the task, not to the
    end of the task's text, so both units lead the task, as in the text with its wide gaps."""
    doc = fixture("305_space_separated_cells.12pt.docx")
    assert "5支 镇党政办 镇文化站" in doc.text  # the rendering lost the alignment
    assert [[unit.name for unit in task.lead] for task in doc.tasks][2] == ["镇党政办", "镇文化站"]
    same_as_text("305_space_separated_cells.12pt.docx", parsed)


def test_score_table_typed_as_table_holds_no_duties(parsed):
    """单位 | 得分 | 等次 typed as a native table (the text's tab rows): a body in each row but
    no duties column, so no duties, and the rows stay unparsed, as in the text."""
    doc = fixture("321_unclaimed_score_table.16pt.docx")
    assert [len(row) for row in (line.split("\t") for line in doc.text.splitlines()
                                 if "\t" in line)] == [3, 3, 3, 3]
    assert doc.duties == []
    assert any("96.5" in piece.text for piece in doc.unparsed)
    same_as_text("321_unclaimed_score_table.16pt.docx", parsed)


def test_factory_types_tab_rows_as_a_table():
    """Tab rows the parse keeps as one paragraph per line are one table in the office file
    (not lines whose tabs ODF would draw as single spaces)."""
    from factories_office import structure, to_fodt

    text = "通报\n单位\t得分\t等次\n甲县文化和旅游局\t96.5\t优秀\n乙县文化和旅游局\t91.0\t优秀\n"
    tables = [item for item in structure(text) if item.kind == "table"]
    assert [len(item.rows) for item in tables] == [3]
    assert "\t" not in to_fodt("说明\t一\n")  # a lone tab is written as <text:tab/>


def _with_wrap(lines: list[str]):
    """One paragraph made of `lines` joined with nothing between, as the PDF reader joins a
    wrapped justified line, the joins recorded as its wraps."""
    from culturegov.blocks import Paragraph
    from culturegov.normalize.text import fold_width
    from culturegov.pipeline import build_document

    text = "".join(lines)
    wraps = tuple(sum(map(len, lines[:k])) for k in range(1, len(lines)))
    para = Paragraph(index=0, text=fold_width(text), start=0, end=len(text), wraps=wraps)
    return build_document(text, [para], source=None, fmt="pdf", encoding=None)


@pytest.mark.parametrize("lines", [
    # A body inside a clause whose own verb has nothing after it yet: 会同 governs it.
    ["区文化和旅游局会同", "区财政局负责落实建设补助资金；区民政局负责将文化服务中心纳入社区服务体系。"],
])
def test_cause1_wrap_is_no_boundary_without_its_evidence(lines):
    """A wrap is a boundary only with the evidence the two tests above rely on: a clause
    complete with body, verb and what it does before it; a space and a sentence end before
    the name that ends the line. Otherwise the paragraph reads as if it had not wrapped."""
    def shape(doc):
        return [(duty.agency.name, duty.text) for duty in doc.duties]

    assert shape(_with_wrap(lines)) == shape(culturegov.parse_text("".join(lines)))


@pytest.mark.parametrize("lines, cut", [
    (["区文化和旅游局 负责统筹全区公共文化建设。 区委编办", "指导和协调机构编制工作。"], True),
    # A name set off by a space inside a sentence: the line merely ends after it.
    (["区文化和旅游局 负责统筹全区公共文化建设，会同 区委编办", "核定机构编制。"], False),
    # A name that goes on in the next line with a second name in brackets.
    (["区文化和旅游局 负责统筹全区公共文化建设。 区农业农村局", "(区扶贫办) 推进乡村文化振兴。"], False),
    # A name that goes on in the next line up to its colon (市科 is a name's shape too).
    (["区文化和旅游局 负责统筹全区公共文化建设。 市科", "协:开展科普活动。"], False),
])
def test_cause1_name_cut_at_wrap_only_between_sentences(lines, cut):
    """The pieces recognizers read: a name is cut off at a wrap only where the text shows
    the spaces around it were typed (a sentence end and a space before it)."""
    from culturegov.agencies import is_agency_name
    from culturegov.blocks import Paragraph
    from culturegov.blocks.pieces import split_pieces

    text = "".join(lines)
    para = Paragraph(index=0, text=text, start=0, end=len(text), wraps=(len(lines[0]),))
    ends = {piece.end for piece in split_pieces([para], is_agency_name)}
    assert (len(lines[0]) in ends) is cut
