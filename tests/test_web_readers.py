"""Saved web pages, MHTML, OFD, legacy Office and Big5 text give the structure of the same
notice as plain text; the portal's chrome stays out of doc.text; its metadata table fills
doc.metadata; each bad input of these forms gives a clear error naming the file."""
from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest

import culturegov
from culturegov.errors import (
    ConverterMissingError,
    CorruptFileError,
    EmptyDocumentError,
    InputTooLargeError,
    NoTextLayerError,
)
from culturegov.readers.sniff import sniff_format

from conftest import SAMPLES
from factories_web import (
    CHROME_MARKERS,
    TRADITIONAL_DUTIES,
    lay_out_lines,
    login_page,
    mhtml,
    not_found_page,
    ofd_bytes,
    paragraphs,
    portal_page,
    table,
    table_layout_page,
)
from test_format_invariance import summary

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from make_samples import merged_spans, split_task_table  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUTIES = "000_7f7948de658d7fdd"  # agency heads over numbered duties
INLINE = "002_f08aa27de3bb326a"  # NAME：duty；duty on long lines
TASKS = "003_5a35171835c4a9ae"  # a task table with merged 序号/工作任务 cells


def sample_lines(stem: str) -> list[str]:
    return [line for line in (SAMPLES / f"{stem}.txt").read_text("utf-8").splitlines()
            if line.strip()]


def task_table_body() -> str:
    """Sample 003's paragraphs and its task table as a real <table>, merged cells as rowspan."""
    before, rows = split_task_table((SAMPLES / f"{TASKS}.txt").read_text("utf-8"))
    spans = merged_spans(rows)
    cells = [[None if r and c in (0, 1) and not lines else "|".join(lines)
              for c, lines in enumerate(row)] for r, row in enumerate(rows)]
    return paragraphs(before) + table(cells, rowspans=spans)


_text_summaries: dict[str, tuple] = {}


def text_summary(stem: str):
    if stem not in _text_summaries:
        _text_summaries[stem] = summary(culturegov.parse(SAMPLES / f"{stem}.txt"))
    return _text_summaries[stem]


PAGES = {
    "duties-utf8-meta-p": lambda: portal_page(paragraphs(sample_lines(DUTIES))),
    "duties-gbk-http-equiv-p": lambda: portal_page(paragraphs(sample_lines(DUTIES)),
                                                   charset="gbk", declare="http-equiv"),
    "duties-gb2312-undeclared-br": lambda: portal_page(paragraphs(sample_lines(DUTIES), "br"),
                                                       charset="gb18030", declare="none"),
    "duties-word-export": lambda: portal_page(paragraphs(sample_lines(DUTIES), "mso")),
    "duties-no-body-box": lambda: portal_page(paragraphs(sample_lines(DUTIES)), body_box=False),
    "inline-utf8": lambda: portal_page(paragraphs(sample_lines(INLINE))),
    "inline-no-body-box": lambda: portal_page(paragraphs(sample_lines(INLINE), "br"),
                                              body_box=False),
    "tasks-rowspan-utf8": lambda: portal_page(task_table_body()),
    "tasks-rowspan-gbk": lambda: portal_page(task_table_body(), charset="gbk"),
}
STEMS = {"duties": DUTIES, "inline": INLINE, "tasks": TASKS}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_gives_the_structure_of_the_text(name):
    stem = STEMS[name.split("-")[0]]
    agencies, tasks = text_summary(stem)
    assert agencies or tasks
    doc = culturegov.parse(PAGES[name](), name=f"{name}.html")
    assert doc.format == "html"
    assert summary(doc) == (agencies, tasks)
    assert not [m for m in CHROME_MARKERS if m in doc.text]


def test_table_layout_page():
    """Frames of nested tables around the body are layout, not data: the body is read as
    paragraphs, the bold-labelled metadata table as metadata, the image buttons dropped."""
    doc = culturegov.parse(table_layout_page(paragraphs(sample_lines(DUTIES))))
    assert summary(doc) == text_summary(DUTIES)
    meta = doc.metadata
    assert (meta.index_number, meta.doc_number.raw, str(meta.issue_date), str(meta.publish_date)) \
        == ("000014349/2021-00222", "某政办〔2021〕43号", "2021-12-21", "2021-12-29")
    assert not [m for m in ("扫一扫", "网站标识码", "版权所有", "机构概况") if m in doc.text]


def test_task_table_page_gives_every_row_its_lead():
    doc = culturegov.parse(PAGES["tasks-rowspan-utf8"]())
    _, text_tasks = text_summary(TASKS)
    assert len(doc.tasks) == len(text_tasks) > 40
    assert all(task.lead for task in doc.tasks)
    # a row under a merged 序号 cell carries the number of the row that started it
    assert [t.number for t in doc.tasks[:3]] == ["1", "1", "1"]


def test_metadata_table_fills_doc_metadata():
    doc = culturegov.parse(PAGES["duties-gbk-http-equiv-p"]())
    meta = doc.metadata
    assert meta.index_number == "11330302MB1234567X/2021-00123"
    assert meta.doc_number.raw == "某文旅〔2021〕12号" and meta.doc_number.year == 2021
    assert str(meta.publish_date) == "2021-06-18"
    assert meta.title == "某某区公共文化服务体系建设协调组成员单位职责分工"
    assert meta.issuer == "某某区文化和旅游局"
    assert meta.topic == "文化、广电、新闻出版" and meta.validity == "有效"
    # the table's text is in doc.text, the info line and buttons are not
    assert "11330302MB1234567X" in doc.text and "浏览次数" not in doc.text


def test_spans_point_into_the_page_text():
    doc = culturegov.parse(PAGES["duties-utf8-meta-p"]())
    assert doc.duties
    for duty in doc.duties:
        assert doc.text[duty.span.start:duty.span.end].strip()
        assert duty.text[:6] in doc.text[duty.span.start:duty.span.end]


def test_rowspan_and_colspan_resolved_into_the_grid():
    from culturegov.blocks import Table
    from culturegov.readers.html import read_markup

    rows = [["序号", "工作任务", "责任单位", None, "完成时间"],
            ["1", "建设图书馆分馆", "区文旅局", "区财政局", "2022年底"],
            [None, "完善文化站设施", "各街道", None, "2023年"],
            ["2", "开展送戏下乡", "区文旅局", "各镇", "长期"]]
    markup = ("<html><body><div>"
              + table(rows, rowspans={(1, 0): 2}, colspans={(0, 2): 2, (2, 2): 2})
              + "<p>以上任务由各单位负责落实，按时完成。</p></div></body></html>")
    _, blocks = read_markup(markup, "grid.html")
    grid = next(b for b in blocks if isinstance(b, Table))
    texts = [[cell.text for cell in row] for row in grid.rows]
    assert texts == [["序号", "工作任务", "责任单位", "责任单位", "完成时间"],
                     ["1", "建设图书馆分馆", "区文旅局", "区财政局", "2022年底"],
                     ["1", "完善文化站设施", "各街道", "各街道", "2023年"],
                     ["2", "开展送戏下乡", "区文旅局", "各镇", "长期"]]
    assert grid.rows[2][0] is grid.rows[1][0]  # one cell, shown in both rows


def test_script_buttons_inside_the_body_are_dropped():
    """A bar of script links inside the body (share, font size) is page machinery, wherever
    it stands; a real link in a line (an attachment) is text."""
    from culturegov.readers.html import read_markup

    lines = sample_lines(INLINE)
    bar = ('<div class="tools"><a href="javascript:share(\'wx\')">微信好友</a> '
           '<a href="javascript:share(\'wb\')">新浪微博</a> <a href="#top">顶部</a></div>')
    attachment = '<p>附件：<a href="/files/fengong.doc">成员单位名单</a></p>'
    markup = ("<html><body><div>" + paragraphs(lines[:3]) + bar + paragraphs(lines[3:])
              + attachment + "</div></body></html>")
    text, _ = read_markup(markup, "bar.html")
    assert "微信好友" not in text and "新浪微博" not in text
    assert "附件：成员单位名单" in text
    assert summary(culturegov.parse_text(text)) == text_summary(INLINE)


@pytest.mark.parametrize("transfer", ["quoted-printable", "base64"])
def test_mhtml_gives_the_structure_of_the_text(transfer):
    page = portal_page(paragraphs(sample_lines(DUTIES)), charset="gbk")
    data = mhtml(page, charset="gbk", transfer=transfer)
    assert sniff_format(data) == "mhtml"
    doc = culturegov.parse(data, name="page.mht")
    assert doc.format == "html"
    assert summary(doc) == text_summary(DUTIES)
    assert "网站标识码" not in doc.text


@pytest.mark.parametrize("stem", [DUTIES, INLINE])
def test_ofd_gives_the_structure_of_the_text(stem):
    data = ofd_bytes(lay_out_lines(sample_lines(stem)))
    assert sniff_format(data, "x.zip") == "ofd"
    doc = culturegov.parse(data, name=f"{stem}.ofd")
    assert doc.format == "ofd"
    assert summary(doc) == text_summary(stem)


def test_ofd_without_glyph_advances_still_reads_lines():
    data = ofd_bytes(lay_out_lines(sample_lines(DUTIES)), per_glyph_deltas=False)
    assert summary(culturegov.parse(data)) == text_summary(DUTIES)


def test_big5_page_decodes_and_gives_its_duties():
    utf8 = culturegov.parse(TRADITIONAL_DUTIES.encode("utf-8"))
    big5 = culturegov.parse(TRADITIONAL_DUTIES.encode("big5"), name="trad.txt")
    assert big5.encoding == "big5hkscs"
    assert big5.text == utf8.text
    assert summary(big5) == summary(utf8)
    assert [n for n, _ in summary(big5)[0]] == ["市文化局", "市財政局", "市教育局"]


def test_gbk_text_still_decodes_as_gb18030():
    data = (SAMPLES / f"{DUTIES}.txt").read_text("utf-8").encode("gbk")
    doc = culturegov.parse(data)
    assert doc.encoding == "gb18030" and summary(doc) == text_summary(DUTIES)


def test_big5_web_page_declared_big5():
    body = paragraphs([line for line in TRADITIONAL_DUTIES.splitlines() if line.strip()])
    page = portal_page(body, title="某某市公共文化服務體系建設協調小組成員單位職責分工",
                       charset="big5", metadata=False, site="某某市政府")
    doc = culturegov.parse(page)
    assert summary(doc) == summary(culturegov.parse(TRADITIONAL_DUTIES.encode("utf-8")))


# -- sniffing, CLI and batch ---------------------------------------------------------------

def test_forms_are_sniffed_by_content_not_name():
    page = PAGES["inline-utf8"]()
    assert sniff_format(page, "notice.doc") == "html"  # a "Word file" that is a web page
    assert sniff_format(mhtml(page), "x.html") == "mhtml"
    assert sniff_format(ofd_bytes([[(20, 20, "文字")]]), "x.pdf") == "ofd"
    assert sniff_format((FIXTURES / f"{DUTIES}.doc").read_bytes(), "x.txt") == "doc"
    assert sniff_format(b"{\\rtf1\\ansi hello}", "x.txt") == "rtf"
    # a notice as text that merely mentions a tag is still text
    assert sniff_format("各单位：请按<附件>要求执行。".encode("utf-8")) == "text"


def test_cli_parses_a_saved_page(tmp_path, capsys):
    import json

    from culturegov.cli import main

    page = tmp_path / "page.html"
    page.write_bytes(PAGES["duties-gbk-http-equiv-p"]())
    assert main(["parse", str(page)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["format"] == "html" and out["duties"]
    assert out["metadata"]["index_number"] == "11330302MB1234567X/2021-00123"


def test_convert_picks_up_every_form(tmp_path):
    from culturegov.batch import convert_directory

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a.txt").write_bytes((SAMPLES / f"{DUTIES}.txt").read_bytes())
    (archive / "b.html").write_bytes(PAGES["duties-utf8-meta-p"]())
    (archive / "c.shtml").write_bytes(PAGES["duties-gbk-http-equiv-p"]())
    (archive / "d.mht").write_bytes(mhtml(PAGES["duties-utf8-meta-p"]()))
    (archive / "e.ofd").write_bytes(ofd_bytes(lay_out_lines(sample_lines(DUTIES))))
    (archive / "notes.xlsx").write_bytes(b"PK\x05\x06" + bytes(18))
    out = tmp_path / "out"
    summary_ = convert_directory(archive, out)
    converted = sorted(p.name for p in out.glob("*.json") if p.name != "manifest.json")
    assert converted == ["a.txt.json", "b.html.json", "c.shtml.json", "d.mht.json", "e.ofd.json"]
    assert summary_.skipped == 1
    import json

    for name in converted[1:]:
        doc = json.loads((out / name).read_text("utf-8"))
        assert len(doc["duties"]) == len(culturegov.parse(SAMPLES / f"{DUTIES}.txt").duties)


# -- legacy Office -------------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


@needs_soffice
@pytest.mark.parametrize("stem", [DUTIES, TASKS])
def test_doc_made_by_libreoffice_gives_the_structure_of_the_text(stem):
    doc = culturegov.parse(FIXTURES / f"{stem}.doc")
    assert doc.format == "doc"
    assert summary(doc) == text_summary(stem)


def test_doc_without_libreoffice_says_to_install_it(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ConverterMissingError, match=r"old\.doc: .*LibreOffice"):
        culturegov.parse((FIXTURES / f"{DUTIES}.doc").read_bytes(), name="old.doc")


@needs_soffice
def test_doc_libreoffice_cannot_convert(tmp_path):
    from culturegov.readers.sniff import OLE2_MAGIC, WORD_STREAM

    junk = OLE2_MAGIC + bytes(200) + WORD_STREAM + bytes(300)
    with pytest.raises(CorruptFileError, match=r"junk\.doc: .*could not convert"):
        culturegov.parse(junk, name="junk.doc")


def test_doc_conversion_that_hangs_is_stopped(tmp_path, monkeypatch):
    from culturegov.limits import get_limits, set_limits

    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 60\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(shutil, "which", lambda name: str(hanging) if name == "soffice" else None)
    before = get_limits()
    set_limits(office_timeout_seconds=1)
    try:
        with pytest.raises(InputTooLargeError, match=r"slow\.doc: .*within 1 s"):
            culturegov.parse((FIXTURES / f"{DUTIES}.doc").read_bytes(), name="slow.doc")
    finally:
        set_limits(office_timeout_seconds=before.office_timeout_seconds)


# -- bad inputs ----------------------------------------------------------------------------

@pytest.mark.parametrize("page", [login_page(), not_found_page()], ids=["login", "404"])
def test_page_without_a_notice_is_refused(page):
    with pytest.raises(EmptyDocumentError, match=r"saved\.html: .*no document text"):
        culturegov.parse(page, name="saved.html")


def test_mhtml_without_a_page(tmp_path):
    data = mhtml(b"", with_html=False)
    with pytest.raises(CorruptFileError, match=r"x\.mht: .*no web page"):
        culturegov.parse(data, name="x.mht")


def test_truncated_ofd():
    data = ofd_bytes(lay_out_lines(sample_lines(DUTIES)))
    with pytest.raises(CorruptFileError, match=r"cut\.ofd: .*damaged OFD"):
        culturegov.parse(data[: len(data) // 2], name="cut.ofd")


def test_ofd_missing_its_document():
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody>'
                         "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    with pytest.raises(CorruptFileError, match=r"Document\.xml is missing"):
        culturegov.parse(buffer.getvalue(), name="part.ofd")


def test_ofd_of_images_only():
    with pytest.raises(NoTextLayerError, match="OCR"):
        culturegov.parse(ofd_bytes([[]]), name="scan.ofd")


def test_an_encoding_guessed_with_low_confidence_is_a_finding():
    """Bytes that read as rare characters in every candidate encoding: the document says its
    encoding was a guess; a plain GBK notice does not."""
    rare = culturegov.parse("甪堇犇骉麤猋淼嫑嘦烎".encode("gb18030"), name="rare.txt")
    assert [f.code for f in rare.findings if f.code == "guessed_encoding"] == ["guessed_encoding"]
    plain = culturegov.parse("区文化和旅游局负责公共文化服务。".encode("gb18030"), name="plain.txt")
    assert plain.encoding == "gb18030"
    assert not [f for f in plain.findings if f.code == "guessed_encoding"]
