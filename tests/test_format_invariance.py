"""The same document as text, Word and PDF parses to the same agencies, duties and tasks.

Readers produce one Block stream for every format, so the recognizers must not be able to
tell the formats apart. The .docx/.pdf versions of the samples are made by
scripts/make_samples.py (the .lo.pdf ones by LibreOffice from the .docx).
"""
from __future__ import annotations

import pytest

import culturegov

from conftest import SAMPLES

VERSIONS = sorted(
    (text.stem, other.name)
    for text in SAMPLES.glob("*.txt")
    for other in SAMPLES.glob(f"{text.stem}.*")
    if other.suffix in (".docx", ".pdf")
)


def summary(doc) -> tuple[list[tuple[str, int]], list[tuple]]:
    """[(agency name, duty count)] in order, and (number, leads, cooperating, deadline) per task."""
    agencies: list[list] = []
    for duty in doc.duties:
        if agencies and agencies[-1][0] == duty.agency.name:
            agencies[-1][1] += 1
        else:
            agencies.append([duty.agency.name, 1])
    tasks = [(task.number, [unit.name for unit in task.lead],
              [unit.name for unit in task.cooperating],
              task.deadline.raw if task.deadline else None) for task in doc.tasks]
    return [tuple(a) for a in agencies], tasks


_cache: dict[str, tuple] = {}


def text_summary(stem: str):
    if stem not in _cache:
        _cache[stem] = summary(culturegov.parse(SAMPLES / f"{stem}.txt"))
    return _cache[stem]


def test_versions_exist():
    kinds = {name.split(".", 1)[1] for _, name in VERSIONS}
    assert kinds == {"docx", "pdf", "lo.pdf"}
    assert len({stem for stem, _ in VERSIONS}) >= 3


@pytest.mark.parametrize("stem, name", VERSIONS)
def test_same_result_as_text(stem, name):
    agencies, tasks = text_summary(stem)
    assert agencies or tasks  # the comparison means something only if the text parses
    doc = culturegov.parse(SAMPLES / name)
    got_agencies, got_tasks = summary(doc)
    assert got_agencies == agencies
    assert got_tasks == tasks


def _tab_rows_as_word(stem: str, path, paragraphs_of=lambda value: [value]) -> None:
    """Write sample `stem` as Word: its tab-separated rows as a real table, each cell's
    paragraphs from `paragraphs_of`, the lines around them as paragraphs."""
    import docx

    lines = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if "\t" in line]
    document = docx.Document()
    for line in lines[:2]:
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            first, *more = paragraphs_of(value)
            table.cell(r, c).text = first
            for part in more:
                table.cell(r, c).add_paragraph(part)
    for line in lines[len(rows) + 2:]:
        document.add_paragraph(line)
    document.save(path)


def test_duty_table_in_word_same_as_pasted_text(tmp_path):
    """Sample 205 pasted as tab-separated lines and the same table in Word (a cell with its
    numbered duties on separate lines, as Word users type them) give the same duties."""
    stem = "205_duty_table_tab_rows"
    path = tmp_path / f"{stem}.docx"
    # one paragraph per numbered duty: 1.… / 2.… / 3.…
    _tab_rows_as_word(stem, path, lambda value: value.replace("；2.", "\n2.")
                      .replace("；3.", "\n3.").split("\n"))

    agencies, _ = text_summary(stem)
    assert agencies == [("县委宣传部", 2), ("县文化和广电旅游体育局", 3), ("县财政局", 1),
                        ("县教育局", 1), ("团县委", 1)]
    assert summary(culturegov.parse(path))[0] == agencies


def test_duty_table_in_pdf_same_as_pasted_text(tmp_path):
    """The same duty table drawn as a ruled PDF table (cells wrap inside their column)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    stem = "205_duty_table_tab_rows"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10.5, leading=14)
    lines = (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    rows = [[Paragraph(cell, style) for cell in line.split("\t")] for line in lines if "\t" in line]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story = [Paragraph(line, style) for line in lines[:2]]
    story.append(Table(rows, colWidths=[30, 110, 260, 40], style=grid))
    story += [Paragraph(line, style) for line in lines[len(rows) + 2:] if line.strip()]
    path = tmp_path / f"{stem}.pdf"
    SimpleDocTemplate(str(path), pagesize=A4).build(story)

    doc = culturegov.parse(path)
    assert summary(doc)[0] == text_summary(stem)[0]
    assert [u.text for u in doc.unparsed] == ["牵头"]


RUNNING_TEXT = ["213_bracketed_agency_heads", "215_counted_duties", "216_responsibility_sentences",
                "217_items_name_full_stop", "220_bracketed_bodies_after_tasks",
                "221_numbered_bodies_over_items"]


@pytest.mark.parametrize("stem", RUNNING_TEXT)
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_running_text_layouts_in_word_and_pdf(stem, fmt, tmp_path):
    """Layouts read from sentences and line shapes (bracketed bodies, 一是…, 由…牵头 closing
    sentences, （一）NAME。…, 1.NAME over (1) duties) give the same duties, with the same texts, and the same tasks when each
    line is a Word paragraph or a PDF paragraph wrapped over several lines."""
    lines = [line for line in (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
             if line.strip()]
    path = tmp_path / f"{stem}.{fmt}"
    if fmt == "docx":
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(path)
    else:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.platypus import Paragraph, SimpleDocTemplate

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10.5, leading=14)
        SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph(line, style) for line in lines])

    text_doc, doc = culturegov.parse(SAMPLES / f"{stem}.txt"), culturegov.parse(path)
    assert text_doc.duties or text_doc.tasks
    assert summary(doc) == summary(text_doc)
    assert [d.text.replace("\n", "") for d in doc.duties] == \
        [d.text.replace("\n", "") for d in text_doc.duties]


def test_labelled_unit_cells_in_a_word_table(tmp_path):
    """Sample 219's tab-separated rows as a real Word table: the 牵头单位：…；配合单位：…
    inside a 责任单位 cell give the same leads and cooperating units."""
    stem = "219_labelled_unit_cells"
    path = tmp_path / f"{stem}.docx"
    _tab_rows_as_word(stem, path)

    agencies, tasks = text_summary(stem)
    assert [t[1:3] for t in tasks][0] == (["县文化和旅游局"], ["县财政局", "各乡镇人民政府"])
    assert summary(culturegov.parse(path)) == (agencies, tasks)
