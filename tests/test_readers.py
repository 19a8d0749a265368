"""Readers: format sniffing, every error a user can act on, and the blocks each reader makes."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

import culturegov
from culturegov.errors import (
    CorruptFileError,
    EncryptedFileError,
    InputTooLargeError,
    NoTextLayerError,
    UnsupportedFormatError,
)
from culturegov.limits import get_limits, set_limits
from culturegov.blocks import Paragraph, Table
from culturegov.normalize.text import fold_width
from culturegov.readers.docx import read_docx
from culturegov.readers.pdf import _page_chars, read_pdf
from culturegov.readers.sniff import sniff_format

from factories import (
    abstract_num,
    docx_bytes,
    num,
    p,
    pdf_bytes,
    table,
    tc,
)
from conftest import SAMPLES

NUMBERED = "000_7f7948de658d7fdd"
TASK_TABLE = "003_5a35171835c4a9ae"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.fixture
def restore_limits():
    saved = get_limits()
    yield
    set_limits(**vars(saved))


def parse_file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return culturegov.parse(path)


def raises_naming_file(tmp_path, name: str, data: bytes, error: type[Exception]) -> str:
    with pytest.raises(error) as info:
        parse_file(tmp_path, name, data)
    assert name in str(info.value)
    return str(info.value)


def paragraphs(blocks) -> list[Paragraph]:
    return [b for b in blocks if isinstance(b, Paragraph)]


def tables(blocks) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]


def assert_offsets(text: str, blocks) -> None:
    """The contract: every block's and cell's text is the folded slice of the document."""
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    assert cell.text == fold_width(text[cell.start:cell.end])
        else:
            assert block.text == fold_width(text[block.start:block.end])


def sample_lines(stem: str) -> list[str]:
    text = (SAMPLES / f"{stem}.txt").read_text("utf-8")
    return [fold_width(line.strip()) for line in text.split("\n") if line.strip()]


# -- sniffing -------------------------------------------------------------------------------

def test_sniff_by_content_not_name():
    docx = (SAMPLES / f"{NUMBERED}.docx").read_bytes()
    pdf = (SAMPLES / f"{NUMBERED}.pdf").read_bytes()
    assert sniff_format(pdf, "notice.docx") == "pdf"
    assert sniff_format(b"\n\n" + pdf[:2000], "x") == "pdf"
    assert sniff_format(docx, "notice.pdf") == "docx"
    assert sniff_format("区文广局：负责".encode("gb18030"), "a.doc") == "text"
    assert sniff_format("区文广局：负责".encode("utf-16-le"), "a.txt") == "text"
    assert sniff_format("区文广局".encode("utf-16"), "a.txt") == "text"


@pytest.mark.parametrize("name, data, words", [
    # an OLE2 file with a WordDocument stream is a .doc/.wps, read through LibreOffice
    # (test_web_readers); one without is no Word document
    ("old.xls", OLE2 + b"\x00" * 600, "soffice --headless --convert-to docx"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
    ("scan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG image"),
    ("scan.gif", b"GIF89a" + b"\x00" * 64, "GIF image"),
    ("scan.tif", b"II*\x00" + b"\x00" * 64, "TIFF image"),
    ("scan.bmp", b"BM\x36\x00\x0c\x00\x00\x00\x00\x00" + b"\x00" * 64, "BMP image"),
    ("data.bin", bytes(range(256)) * 8, "binary file"),
])
def test_unsupported_formats(tmp_path, name, data, words):
    message = raises_naming_file(tmp_path, name, data, UnsupportedFormatError)
    assert words in message


def test_zip_that_is_not_word(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert "zip archive" in raises_naming_file(tmp_path, "bundle.docx", buffer.getvalue(),
                                               UnsupportedFormatError)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in raises_naming_file(tmp_path, "table.docx", buffer.getvalue(),
                                         UnsupportedFormatError)


# -- Word errors ----------------------------------------------------------------------------

def test_encrypted_docx(tmp_path):
    # Word saves a password-protected .docx as an OLE2 container holding EncryptedPackage.
    data = OLE2 + b"\x00" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    message = raises_naming_file(tmp_path, "secret.docx", data, EncryptedFileError)
    assert "password" in message


def test_truncated_docx(tmp_path):
    data = (SAMPLES / f"{NUMBERED}.docx").read_bytes()
    message = raises_naming_file(tmp_path, "cut.docx", data[: len(data) // 2], CorruptFileError)
    assert "damaged" in message


def test_docx_with_entity_declarations(tmp_path):
    laughs = ('<!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;">]>')
    data = docx_bytes(p("&b;"), prolog=laughs)
    message = raises_naming_file(tmp_path, "laughs.docx", data, CorruptFileError)
    assert "entities" in message


def test_docx_zip_bomb_ratio(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<a>" + b" " * 20_000_000 + b"</a>")
    message = raises_naming_file(tmp_path, "bomb.docx", buffer.getvalue(), InputTooLargeError)
    assert "zip bomb" in message


def test_docx_inflated_size_limit(tmp_path, restore_limits):
    data = (SAMPLES / f"{NUMBERED}.docx").read_bytes()
    set_limits(max_docx_inflated_bytes=10_000)
    message = raises_naming_file(tmp_path, "big.docx", data, InputTooLargeError)
    assert "max_docx_inflated_bytes" in message


# -- Word blocks ----------------------------------------------------------------------------

def test_docx_sample_numbering_restored():
    text, blocks = read_docx((SAMPLES / f"{NUMBERED}.docx").read_bytes(), "000.docx")
    assert_offsets(text, blocks)
    # Word's automatic numbers are back in the text, exactly as in the typed .txt version.
    assert [b.text.strip() for b in blocks] == sample_lines(NUMBERED)
    first = next(b for b in blocks if b.text.startswith("1. 协调制定"))
    assert first.list_number == "1."
    numbers = [b.list_number for b in blocks[blocks.index(first):] if b.list_number][:8]
    assert numbers == ["1.", "2.", "3.", "4.", "5.", "6.", "1.", "2."]  # restarts per agency
    assert "区委宣传部" in text and text.count("\n区委宣传部\n") == 1


def test_docx_chinese_and_multilevel_numbering():
    numbering = (abstract_num("1", [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
                                    ("decimal", "%3.")])
                 + abstract_num("2", [("chineseCounting", "第%1条")], suffix="space")
                 + abstract_num("3", [("decimal", "%1."), ("decimal", "%1.%2")], suffix="space")
                 + num("7", "1") + num("8", "2") + num("9", "3"))
    body = (p("总体要求", "7") + p("加强领导", "7", 1) + p("完善机制", "7", 1)
            + p("细则", "7", 2) + p("重点任务", "7") + p("推进建设", "7", 1)
            + "".join(p(f"条文{i}", "8") for i in range(1, 13))
            + p("目标", "9") + p("子目标", "9", 1) + p("子目标", "9", 1) + p("未编号"))
    text, blocks = read_docx(docx_bytes(body, numbering), "numbered.docx")
    assert_offsets(text, blocks)
    lines = [b.text for b in blocks]
    assert lines[:6] == ["一、总体要求", "(一)加强领导", "(二)完善机制", "1.细则", "二、重点任务",
                         "(一)推进建设"]  # deeper levels restart under a new parent
    assert text.split("\n")[1] == "（一）加强领导"  # the document text keeps full width
    assert lines[6] == "第一条 条文1" and lines[15] == "第十条 条文10"
    assert lines[17] == "第十二条 条文12"
    assert lines[18:] == ["1. 目标", "1.1 子目标", "1.2 子目标", "未编号"]
    assert [b.list_number for b in blocks[:2]] == ["一、", "（一）"]
    assert blocks[-1].list_number is None


def test_docx_sample_table_merged_cells():
    text, blocks = read_docx((SAMPLES / f"{TASK_TABLE}.docx").read_bytes(), "003.docx")
    assert_offsets(text, blocks)
    [grid] = tables(blocks)
    rows = [[cell.text for cell in row] for row in grid.rows]
    assert rows[0] == ["序号", "工作任务", "具体内容", "责任单位", "配合单位", "完成时间"]
    assert len(rows) == 66 and {len(row) for row in rows} == {6}
    # Rows 2 and 3 continue the merged 序号/工作任务 cells of row 1: same text, same offsets.
    assert rows[2][:2] == rows[1][:2] == ["1", "建立和完善领导机制,落实政府创建主体责任"]
    assert grid.rows[3][0].start == grid.rows[1][0].start
    assert rows[2][3] == "党政办" and rows[2][5] == "2018年至2019年"
    # Several units in one cell stay on separate lines.
    assert rows[6][3] == "国土分局\n规划分局"
    assert [p.text for p in paragraphs(blocks)] == ["附件:", "古镇镇创建国家公共文化服务体系示范区任务分解表"]


def test_docx_vmerge_forms_gridspan_nested_and_breaks():
    body = table(
        tc("序号") + tc("任务") + tc("单位", span=2),
        tc("1", v_merge="restart") + tc("甲任务") + tc("文化局|财政局") + tc("2019年"),
        tc("", v_merge="continue") + tc("乙任务") + tc("合并两列", span=2),  # LibreOffice
        tc("", v_merge="") + tc("丙任务") + tc(p("第一行\n第二行")) + tc("2020年"),  # Word
        tc("2") + tc(table(tc("内甲") + tc("内乙"), tc("内丙") + tc(""))) + tc("") + tc(""),
    )
    text, blocks = read_docx(docx_bytes(p("标题") + body + p("正文")), "merged.docx")
    assert_offsets(text, blocks)
    [grid] = tables(blocks)
    rows = [[cell.text for cell in row] for row in grid.rows]
    assert rows == [
        ["序号", "任务", "单位", "单位"],
        ["1", "甲任务", "文化局\n财政局", "2019年"],
        ["1", "乙任务", "合并两列", "合并两列"],
        ["1", "丙任务", "第一行\n第二行", "2020年"],
        ["2", "内甲 内乙\n内丙", "", ""],
    ]
    assert grid.rows[3][0] is grid.rows[1][0] or grid.rows[3][0] == grid.rows[1][0]
    assert text.startswith("标题\n序号\t任务\t单位\n1\t甲任务\t文化局\n财政局\t2019年\n")
    assert [b.text for b in paragraphs(blocks)] == ["标题", "正文"]


def test_docx_headers_footers_comments_left_out(tmp_path):
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "页眉：内部资料"
    document.sections[0].footer.paragraphs[0].text = "页脚：第1页"
    paragraph = document.add_paragraph("区文广局负责统筹。")
    document.add_comment(paragraph.runs, text="批注：请核实", author="审核")
    buffer = io.BytesIO()
    document.save(buffer)
    text, blocks = read_docx(buffer.getvalue(), "commented.docx")
    assert [b.text for b in blocks] == ["区文广局负责统筹。"]
    assert "页眉" not in text and "页脚" not in text and "批注" not in text


# -- PDF errors -----------------------------------------------------------------------------

def test_pdf_without_text_layer(tmp_path):
    data = pdf_bytes([[], []], draw_only=True)
    message = raises_naming_file(tmp_path, "scan.pdf", data, NoTextLayerError)
    assert "OCR" in message and "2 page" in message


def test_encrypted_pdf(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = pdf_bytes([[(72, 100, "区文广局负责统筹")]],
                     encrypt=StandardEncryption("user-pw", "owner-pw"))
    assert "password" in raises_naming_file(tmp_path, "locked.pdf", data, EncryptedFileError)
    # Only an owner password (printing/copying restrictions): readable as usual.
    data = pdf_bytes([[(72, 100, "Wuqing District Culture Bureau")]],
                     encrypt=StandardEncryption("", "owner-pw"), font="Helvetica")
    text, blocks, *_ = read_pdf(data, "restricted.pdf")
    assert [b.text for b in blocks] == ["Wuqing District Culture Bureau"]


def test_pdf_text_without_unicode_mapping(tmp_path):
    # pdfminer cannot map this CID font's glyphs once the file is encrypted: the text layer
    # is glyph numbers only, which is no better than a scan. (PDFium reads this file right,
    # see test_pdf_backends; here pdfminer reads every page, to test the refusal.)
    from reportlab.lib.pdfencrypt import StandardEncryption

    from culturegov.settings import get_settings, set_settings

    data = pdf_bytes([[(72, 100, "区文广局负责统筹")]], encrypt=StandardEncryption("", "o"))
    before = get_settings().pdf_characters
    set_settings(pdf_characters="pdfminer")
    try:
        message = raises_naming_file(tmp_path, "nomap.pdf", data, NoTextLayerError)
    finally:
        set_settings(pdf_characters=before)
    assert "OCR" in message and "Unicode" in message


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n" + b"garbage " * 200,
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n",
])
def test_damaged_pdf(tmp_path, data):
    assert "damaged" in raises_naming_file(tmp_path, "broken.pdf", data, CorruptFileError)


def test_pdf_page_limit(tmp_path, restore_limits):
    set_limits(max_pdf_pages=3)
    data = (SAMPLES / f"{NUMBERED}.pdf").read_bytes()
    assert "max_pdf_pages" in raises_naming_file(tmp_path, "long.pdf", data, InputTooLargeError)


# -- PDF blocks -----------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".pdf", ".lo.pdf"])
def test_pdf_sample_paragraphs_rebuilt(suffix):
    text, blocks, *_ = read_pdf((SAMPLES / f"{NUMBERED}{suffix}").read_bytes(), NUMBERED + suffix)
    assert_offsets(text, blocks)
    # Wrapped lines joined, page numbers and the running header gone, nothing else lost:
    # the paragraphs are exactly the lines of the text version.
    assert [b.text for b in blocks] == sample_lines(NUMBERED)
    assert not re.search(r"—\s*\d+\s*—", text)
    assert blocks[0].page == 1 and blocks[-1].page > 3
    assert sorted(b.page for b in blocks) == [b.page for b in blocks]
    wrapped = "1. 协助推进贫困人群公共文化服务体系建设,参与研究制定贫困人群公共文化服务体系建设的相关政策措施。"
    assert wrapped in [b.text for b in blocks]


@pytest.mark.parametrize("pdf_path", sorted(SAMPLES.glob("*.pdf")), ids=lambda p: p.name)
def test_pdf_fast_characters_match_pdfplumber(pdf_path):
    """The reader's own walk over pdfminer's layout gives, field for field, the characters
    pdfplumber gives, and sees the same drawn lines: upright ones or boxes (a table may be
    there) apart from horizontal rules (a running header's underline)."""
    import pdfplumber

    fields = ("text", "x0", "x1", "top", "bottom", "size", "upright")
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            chars, ruled, rules, _, _ = _page_chars(page)
            assert [{k: c[k] for k in fields} for c in chars] == \
                [{k: c[k] for k in fields} for c in page.chars if c["text"]]
            drawn = page.lines + page.rects
            flat = [d for d in drawn if d["height"] <= 2.0 < d["width"]]
            assert ruled == (len(flat) < len(drawn))
            assert sorted(round(y, 3) for *_, y in rules) == sorted(round(d["top"], 3) for d in flat)
    assert chars


def test_pdf_no_spaces_inserted_between_cjk():
    for stem in (NUMBERED, TASK_TABLE):
        for suffix in (".pdf", ".lo.pdf"):
            text, *_ = read_pdf((SAMPLES / f"{stem}{suffix}").read_bytes(), stem + suffix)
            # Only the spaces the author typed (伟人故里 书香古镇) may be there.
            source = (SAMPLES / f"{stem}.txt").read_text("utf-8")
            spaced = set(re.findall(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", text))
            assert spaced <= set(re.findall(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", source))
            assert not re.search(r"\d +年", text), stem + suffix
    assert "2018年至2019年" in text  # a date wrapped in a narrow cell, joined


def test_pdf_wrapping_and_page_furniture_variants():
    """Lines drawn one by one: what joins, what breaks, which page marks go."""
    def body(n: int) -> list[str]:
        return [
            f"到202{n}年,全市每千人拥有室内公共文化设施面积达200平方米以上,人均",  # wraps
            "年增新书0.06册。",
            f"{n}、总体要求",
            "完善公共文化服务体系建设协调机制,统筹推进重大文化惠民工程,加强",  # wraps
            "督查考评。",
            "Open",  # a short Latin line: its own paragraph
        ]
    furniture = [(280, 800, "- 1 -"), (280, 800, "第2页 共3页"), (290, 800, "3")]
    pages = [[(72, 110 + 20 * i, line) for i, line in enumerate(body(n))]
             + [(160, 40, "武清区文化和旅游局文件"), furniture[n - 1]] for n in (1, 2, 3)]
    text, blocks, *_ = read_pdf(pdf_bytes(pages), "drawn.pdf")
    assert_offsets(text, blocks)
    expected = []
    for n in (1, 2, 3):
        expected += [f"到202{n}年,全市每千人拥有室内公共文化设施面积达200平方米以上,人均年增新书0.06册。",
                     f"{n}、总体要求",
                     "完善公共文化服务体系建设协调机制,统筹推进重大文化惠民工程,加强督查考评。",
                     "Open"]
    assert [b.text for b in blocks] == expected
    assert [b.page for b in blocks] == [1] * 4 + [2] * 4 + [3] * 4
    assert "武清区文化和旅游局文件" not in text  # the running head, on every page
    assert "页" not in text and "- 1 -" not in text


@pytest.mark.parametrize("suffix", [".pdf", ".lo.pdf"])
def test_pdf_table_same_as_word_table(suffix):
    """The drawn table (reportlab) and LibreOffice's rendering of the Word table, each
    spread over several pages with the header repeated, read back as the Word table."""
    _, word_blocks = read_docx((SAMPLES / f"{TASK_TABLE}.docx").read_bytes(), "003.docx")
    text, blocks, *_ = read_pdf((SAMPLES / f"{TASK_TABLE}{suffix}").read_bytes(), "003" + suffix)
    assert_offsets(text, blocks)
    [word] = tables(word_blocks)
    [grid] = tables(blocks)  # one table, joined over the page breaks
    assert grid.page == 1
    # Text inside the table is not repeated as paragraphs.
    assert [b.text for b in paragraphs(blocks)] == ["附件:", "古镇镇创建国家公共文化服务体系示范区任务分解表"]

    def cells(table):  # a space at a line end is lost in any PDF: compare without spaces
        return [[c.text.replace(" ", "") for c in row] for row in table.rows]

    assert cells(grid) == cells(word)
    assert text.count("完成时间") == 1  # repeated header rows dropped


def test_pdf_row_split_over_page_break_rejoined():
    # LibreOffice lets a row break across pages; the halves are one row again.
    _, blocks, *_ = read_pdf((SAMPLES / f"{TASK_TABLE}.lo.pdf").read_bytes(), "003.lo.pdf")
    [grid] = tables(blocks)
    row = next(r for r in grid.rows if r[2].text.startswith("构建艺术普及场馆"))
    assert [c.text for c in row[:2]] == ["12", "打造“全民艺术普及之城”"]
    assert row[3].text == "社会事务局文化站\n教指中心" and row[5].text == "2019年至2020年"
