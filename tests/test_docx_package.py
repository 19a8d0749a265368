"""The Word reader's own package opening (readers/docx_package.py): the parts it reads are the
ones python-docx opens, parsed the same way; the styles part is read only when a list needs
it; the packages python-docx refuses are refused; damage in a part never read no longer
stops the body from being read."""
from __future__ import annotations

import io
import zipfile

import docx
import pytest
from lxml import etree

from culturegov.errors import CorruptFileError, UnsupportedFormatError
from culturegov.readers.docx import read_docx
from culturegov.readers.docx_package import WordPackage

from conftest import SAMPLES
from factories import abstract_num, docx_bytes, num, p

FIXTURES = SAMPLES.parents[1] / "tests" / "fixtures" / "office"
STYLES = "word/styles.xml"
DOC_RELS = "word/_rels/document.xml.rels"


def made_with_python_docx(styled: bool = True) -> bytes:
    """A document from python-docx's template: its styles part is 40 kB of latent styles,
    and its List Number style numbers the paragraphs that use it (the only numbering).
    Unstyled, no paragraph names a style."""
    document = docx.Document()
    document.add_paragraph("通知", style="Title" if styled else None)
    for text in ("区文化馆：组织群众文化活动。", "区图书馆：开展全民阅读。"):
        document.add_paragraph(text, style="List Number" if styled else None)
    grid = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            grid.cell(r, c).text = f"第{r}行第{c}列"
    grid.cell(0, 0).merge(grid.cell(0, 1))
    grid.cell(1, 2).merge(grid.cell(2, 2))
    document.add_paragraph("正文结束。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def edited(data: bytes, members: dict[str, bytes | None]) -> bytes:
    """The package with members replaced (bytes), removed (None) or added."""
    changes = dict(members)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = changes.pop(info.filename, source.read(info))
            if content is not None:
                archive.writestr(info.filename, content)
        for name, content in changes.items():
            if content is not None:
                archive.writestr(name, content)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def indented(xml: bytes) -> bytes:
    """The same part pretty-printed: whitespace between elements that the parser must drop."""
    root = etree.fromstring(xml)
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def real_packages() -> list[tuple[str, bytes]]:
    files = sorted([*SAMPLES.glob("*.docx"), *FIXTURES.glob("*.docx")])
    packages = [(path.name, path.read_bytes()) for path in files]
    made = made_with_python_docx()
    packages.append(("python-docx", made))
    packages.append(("python-docx indented", edited(
        made, {"word/document.xml": indented(member(made, "word/document.xml"))})))
    return packages


# -- the same parts as python-docx, parsed the same way -------------------------------------

@pytest.mark.parametrize("name,data", real_packages(), ids=lambda v: v if isinstance(v, str) else "")
def test_parts_are_those_python_docx_opens(name, data):
    ours = WordPackage(zipfile.ZipFile(io.BytesIO(data)), name)
    part = docx.Document(io.BytesIO(data)).part
    theirs = {rel.reltype.rsplit("/", 1)[1]: rel.target_part.element
              for rel in part.rels.values() if rel.reltype.endswith(("/numbering", "/styles"))}
    assert etree.tostring(ours.main_element()) == etree.tostring(part.element)
    for kind in ("numbering", "styles"):
        mine = ours.related_element("/" + kind)
        assert (etree.tostring(mine) if mine is not None else None) == \
            (etree.tostring(theirs[kind]) if kind in theirs else None), kind


def test_indentation_between_elements_is_not_text():
    made = made_with_python_docx()
    again = edited(made, {"word/document.xml": indented(member(made, "word/document.xml"))})
    text, blocks = read_docx(again, "indented.docx")
    assert (text, blocks) == read_docx(made, "made.docx")
    assert text.startswith("通知\n1. 区文化馆：组织群众文化活动。\n2. 区图书馆：开展全民阅读。\n")


# -- styles: read when a list needs them, and only then ------------------------------------

def test_list_numbered_by_its_style_reads_the_styles_part():
    text, blocks = read_docx(made_with_python_docx(), "styled.docx")
    assert [b.list_number for b in blocks[:3]] == [None, "1.", "2."]
    assert blocks[3].rows[0][0] is blocks[3].rows[0][1]  # the merged cells, as one
    assert blocks[3].rows[1][2] is blocks[3].rows[2][2]
    assert blocks[3].rows[1][2].text == "第1行第2列\n第2行第2列"


def test_styles_part_never_needed_is_never_parsed():
    """No paragraph names a style: a styles part that is not even XML is not read, and the
    document reads as it does with its real styles."""
    plain = made_with_python_docx(styled=False)
    broken = edited(plain, {STYLES: b"<w:styles><not xml"})
    assert read_docx(broken, "broken.docx") == read_docx(plain, "plain.docx")
    assert "区文化馆：组织群众文化活动。\n区图书馆" in read_docx(broken, "broken.docx")[0]


def test_styles_part_needed_and_damaged_is_refused():
    broken = edited(made_with_python_docx(), {STYLES: b"<w:styles><not xml"})
    with pytest.raises(CorruptFileError, match="damaged Word file.*XMLSyntaxError"):
        read_docx(broken, "broken.docx")


def test_numbering_part_is_read_when_a_paragraph_names_a_list():
    numbered = docx_bytes(p("正文。") + p("区文化馆：组织活动。", num_id="1"),
                          abstract_num("0", [("decimal", "%1.")]) + num("1", "0"))
    assert read_docx(numbered, "numbered.docx")[0] == "正文。\n1.区文化馆：组织活动。"
    broken = edited(numbered, {"word/numbering.xml": b"<w:numbering><not xml"})
    with pytest.raises(CorruptFileError, match="damaged Word file.*XMLSyntaxError"):
        read_docx(broken, "broken.docx")
    plain = docx_bytes(p("正文。") + p("区文化馆：组织活动。"))
    unread = edited(plain, {"word/numbering.xml": b"<w:numbering><not xml"})
    assert read_docx(unread, "unread.docx") == read_docx(plain, "plain.docx")


@pytest.mark.parametrize("part", ["word/document.xml", STYLES])
def test_entity_declaration_after_a_long_comment_is_refused(part):
    """The package check reads the first 4 kB of each part; a DOCTYPE pushed past them by a
    comment is found in the parsed tree of every part the reader reads."""
    made = made_with_python_docx()
    original = member(made, part)
    declaration = original.index(b"?>") + 2
    crafted = (original[:declaration] + b"<!--" + b" " * 5000 + b"-->"
               + b'<!DOCTYPE x [<!ENTITY name "x">]>' + original[declaration:])
    with pytest.raises(CorruptFileError, match=f"declares XML entities in {part}"):
        read_docx(edited(made, {part: crafted}), "entities.docx")


# -- damage where the reader never reads ----------------------------------------------------

@pytest.mark.parametrize("part", ["word/settings.xml", "docProps/core.xml", "word/fontTable.xml"])
def test_damaged_part_the_reader_never_reads(part):
    made = made_with_python_docx()
    damaged = edited(made, {part: b"<oops"})
    assert read_docx(damaged, "damaged.docx") == read_docx(made, "made.docx")


def test_relationship_without_a_type_is_not_numbering():
    """python-docx keeps a relationship with no Type; looking for the numbering among them
    must not fail on it (it once raised AttributeError past every guard)."""
    data = docx_bytes(p("区文化馆：组织活动。"))
    rels = member(data, DOC_RELS).replace(
        b"<Relationship ", b'<Relationship Id="rId0" Target="x.xml"/><Relationship ', 1)
    text, _ = read_docx(edited(data, {DOC_RELS: rels, "word/x.xml": b"<x/>"}), "untyped.docx")
    assert text == "区文化馆：组织活动。"


# -- packages python-docx refuses -----------------------------------------------------------

def _rels(data: bytes, old: bytes, new: bytes) -> bytes:
    rels = member(data, "_rels/.rels")
    assert old in rels
    return edited(data, {"_rels/.rels": rels.replace(old, new)})


MAIN_REL = (b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/officeDocument" Target="word/document.xml"/>')


@pytest.mark.parametrize("case,expected", [
    ("two main relationships", "several main document relationship"),
    ("no main relationship", "no main document relationship"),
    ("relationships root renamed", r"_rels/\.rels is not a Relationships part"),
    ("target missing", "'word/numbering.xml', which is not in the package"),
    ("no content type", r"gives no type for word/numbering\.dat"),
])
def test_package_python_docx_refuses(case, expected):
    data = docx_bytes(p("区文化馆：组织活动。"))
    if case == "two main relationships":
        data = _rels(data, MAIN_REL, MAIN_REL + MAIN_REL.replace(b"rId1", b"rId2"))
    elif case == "no main relationship":
        data = _rels(data, b"/officeDocument", b"/somethingElse")
    elif case == "relationships root renamed":
        data = _rels(data, b"<Relationships ", b"<Relations ")
        data = _rels(data, b"</Relationships>", b"</Relations>")
    elif case == "target missing":
        data = edited(data, {"word/numbering.xml": None})
    else:
        rels = member(data, DOC_RELS).replace(b"numbering.xml", b"numbering.dat")
        data = edited(data, {DOC_RELS: rels, "word/numbering.xml": None,
                             "word/numbering.dat": b"<w:numbering/>"})
    with pytest.raises(CorruptFileError, match=expected) as raised:
        read_docx(data, "bad.docx")
    assert "re-save it from Word" in str(raised.value)


def test_template_is_named_as_such():
    data = docx_bytes(p("区文化馆：组织活动。"))
    types = member(data, "[Content_Types].xml").replace(
        b"document.main+xml", b"template.main+xml")
    with pytest.raises(UnsupportedFormatError, match="template or macro"):
        read_docx(edited(data, {"[Content_Types].xml": types}), "template.docx")
