"""Builders for small Word and PDF files used by the reader tests.

Word files are written as raw OOXML (zip + XML), so a test can say exactly which markup it
exercises (vMerge with and without w:val, gridSpan, numbering definitions, a DOCTYPE).
PDFs are drawn with reportlab's built-in CID font, so no font files are needed.
"""
from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
_DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""


def docx_bytes(body: str, numbering: str = "", prolog: str = "") -> bytes:
    """A minimal .docx whose body is `body` (w: markup) and numbering.xml holds `numbering`."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
                f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
    numbering_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOC_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/numbering.xml", numbering_xml)
    return buffer.getvalue()


def p(text: str = "", num_id: str | None = None, ilvl: int = 0) -> str:
    """A w:p; with num_id it is numbered automatically; '\\n' in text becomes a w:br."""
    num = (f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
           if num_id else "")
    runs = '<w:r><w:br/></w:r>'.join(f'<w:r><w:t xml:space="preserve">{part}</w:t></w:r>'
                                     for part in text.split("\n"))
    return f"<w:p>{num}{runs}</w:p>"


def tc(content: str, span: int = 1, v_merge: str | None = None) -> str:
    """A w:tc; v_merge is "restart", "continue" or "" (a bare <w:vMerge/>, as Word writes)."""
    props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    if v_merge is not None:
        props += f'<w:vMerge w:val="{v_merge}"/>' if v_merge else "<w:vMerge/>"
    paragraphs = content if content.startswith("<w:") else "".join(
        p(line) for line in content.split("|")) if content else p("")
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def table(*rows: str) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"


def abstract_num(abstract_id: str, levels: list[tuple[str, str]], suffix: str = "nothing") -> str:
    """levels: (numFmt, lvlText) per level, from ilvl 0."""
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="{suffix}"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels))
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'


def num(num_id: str, abstract_id: str, restart: bool = False) -> str:
    override = ('<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                if restart else "")
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def pdf_bytes(pages: list[list[tuple[float, float, str]]], encrypt=None, size: float = 12,
              draw_only: bool = False, font: str | None = None) -> bytes:
    """A PDF whose page i draws each (x, y-from-top, text) of pages[i]; with draw_only the
    pages carry only a filled rectangle (a scan has images, no text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = font or _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt, invariant=1)
    for lines in pages:
        if draw_only:
            pdf.rect(72, 72, 400, 600, fill=1)
        for x, y, text in lines:
            pdf.setFont(font, size)
            pdf.drawString(x, A4[1] - y, text)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def renamed_main_part(data: bytes, main: str = "content/body.xml") -> bytes:
    """The same package with its main part (and the parts beside it) moved, and _rels/.rels
    and [Content_Types].xml rewritten to say where, as a valid package may."""
    folder, name = main.rsplit("/", 1)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content, member = source.read(info), info.filename
            if member == "word/document.xml":
                member = main
            elif member == "word/_rels/document.xml.rels":
                member = f"{folder}/_rels/{name}.rels"
            elif member.startswith("word/"):
                member = folder + member[len("word"):]
            elif member in ("_rels/.rels", "[Content_Types].xml"):
                content = content.replace(b"word/document.xml", main.encode()) \
                                 .replace(b"/word/", f"/{folder}/".encode())
            archive.writestr(member, content)
    return out.getvalue()
