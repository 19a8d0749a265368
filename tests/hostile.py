"""Small hostile files, built at test time: each reproduces one way an input from the web can
make a reader run away (issue 17). Nothing binary is committed.

- content_cycle_pdf: a page whose /Contents is a cycle of indirect references (6 0 R → 7 0 R
  → 6 0 R); a naive resolver loops forever.
- nested_forms_pdf: form XObjects nested `depth` levels, each drawing the next `fanout`
  times: fanout**depth draws from a few kilobytes.
- grid_docx: a table row that claims a huge gridBefore or gridSpan.
- letter_start_docx: an upperLetter list starting at 2,000,000,000 (a 77 MB label each).
- liar_zip_docx: a .docx whose document.xml header declares a few kilobytes but inflates to
  far more, with the CRC of the declared prefix so the lie is not caught by the checksum.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from factories import abstract_num, docx_bytes, num, p


def _pdf(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF file with a correct xref table from numbered object bodies."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def content_cycle_pdf() -> bytes:
    return _pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R "
           b"/Resources << /Font << /F1 4 0 R >> >> >>",
        4: _FONT,
        6: b"7 0 R",
        7: b"6 0 R",
    })


def deep_subtype_pdf(depth: int = 20000) -> bytes:
    """A readable page beside an unused stream whose /Subtype is an array nested `depth`
    levels deep: anything that str()s it recurses past Python's limit."""
    text = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"
    return _pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
           b"/Resources << /Font << /F1 4 0 R >> >> >>",
        4: _FONT,
        5: _stream(text),
        6: _stream(b"abc", b"/Subtype " + b"[" * depth + b"]" * depth + b" "),
    })


def nested_forms_pdf(depth: int = 10, fanout: int = 10) -> bytes:
    """Form k draws form k+1 `fanout` times; the innermost form shows some text."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        4: _FONT,
    }
    first = 10
    for level in range(depth):
        number = first + level
        if level == depth - 1:
            body = b"BT /F1 12 Tf 10 10 Td (x) Tj ET"
            resources = b"/Resources << /Font << /F1 4 0 R >> >>"
        else:
            body = b" ".join(b"/X Do" for _ in range(fanout))
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (number + 1)
        objects[number] = _stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                                  + resources + b" ")
    objects[5] = _stream(b"/X Do")
    objects[3] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
                  b"/Resources << /XObject << /X %d 0 R >> >> >>" % first)
    return _pdf(objects)


def grid_docx(before: int = 0, span: int = 1) -> bytes:
    """One table row: an optional huge gridBefore, then a cell with a gridSpan, then a
    paragraph that must survive if the row is read."""
    tr_pr = f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before else ""
    tc_pr = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    body = (f"<w:tbl><w:tr>{tr_pr}<w:tc>{tc_pr}{p('区文化局')}</w:tc></w:tr></w:tbl>"
            + p("区文化局负责统筹公共文化服务"))
    return docx_bytes(body)


def letter_start_docx(start: int = 2_000_000_000, paragraphs: int = 3) -> bytes:
    numbering = abstract_num("1", [("upperLetter", "%1.")]).replace(
        '<w:start w:val="1"/>', f'<w:start w:val="{start}"/>') + num("1", "1")
    body = "".join(p(f"第{i}项职责", num_id="1") for i in range(paragraphs))
    return docx_bytes(body, numbering=numbering)


def liar_zip_docx(inflated: int = 64 * 1024 * 1024, declared: int = 5 * 1024) -> bytes:
    """A .docx whose word/document.xml says `declared` bytes but inflates to `inflated`.

    The local header and the central directory both carry the lie, and the CRC is that of
    the first `declared` bytes: a reader that stops at the declared size sees a valid
    member; one that inflates the stream in one call gets everything."""
    good = zipfile.ZipFile(io.BytesIO(docx_bytes(p("封面"))))
    head = good.read("word/document.xml")
    head = head[: head.index(b"</w:body>")]
    filler = b"<w:p><w:r><w:t>" + b"A" * 1000 + b"</w:t></w:r></w:p>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [compressor.compress(head)]
    written = len(head)
    while written < inflated:
        parts.append(compressor.compress(filler * 64))
        written += len(filler) * 64
    parts.append(compressor.compress(b"</w:body></w:document>"))
    parts.append(compressor.flush())
    compressed = b"".join(parts)
    full_prefix = (head + filler * (declared // len(filler) + 1))[:declared]
    crc = zlib.crc32(full_prefix)

    out = io.BytesIO()
    central = []
    for info in good.infolist():
        name = info.filename.encode()
        if info.filename == "word/document.xml":
            data, size, method, member_crc = compressed, declared, 8, crc
        else:
            raw = good.read(info.filename)
            data, size, method, member_crc = raw, len(raw), 0, zlib.crc32(raw)
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, member_crc,
                              len(data), size, len(name), 0) + name + data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0,
                                   member_crc, len(data), size, len(name), 0, 0, 0, 0, 0,
                                   offset) + name)
    directory = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(central), len(central),
                          out.tell() - directory, directory, 0))
    return out.getvalue()


def deflate_bomb(inflated: int) -> bytes:
    """A zlib stream of `inflated` zero bytes, built without compressing them: one raw
    deflate block of 1 MiB of zeros, ended by a full flush (so it stands alone), repeated,
    then an empty final block and the Adler-32 of the zeros (a = 1, b = n mod 65521)."""
    mib = 1024 * 1024
    block_compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = block_compressor.compress(bytes(mib)) + block_compressor.flush(zlib.Z_FULL_FLUSH)
    ending = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    count = inflated // mib
    return (b"\x78\xda" + block * count + ending
            + struct.pack(">I", ((count * mib) % 65521) << 16 | 1))


def stream_bomb_pdf(inflated: int = 1024 ** 3, where: str = "contents") -> bytes:
    """A one-page PDF of about inflated/1000 bytes whose page shows one line of text and
    whose `where` stream inflates to `inflated` bytes: "contents" (a second content stream
    of the page), "form" (a form XObject the page draws), "objstm" (an object stream,
    in a file whose cross-reference table is broken, so pdfminer scans it while opening) or
    "double" (a content stream deflated twice, /Filter [/FlateDecode /FlateDecode])."""
    bomb = deflate_bomb(inflated)
    text = _stream(b"BT /F1 12 Tf 72 700 Td (Bomb test page) Tj ET")
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [5 0 R%s] "
           b"/Resources << /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >> >>"
           % (b" 6 0 R" if where in ("contents", "double") else b" 7 0 R"),
        4: _FONT,
        5: text,
        7: _stream(b"/X Do"),
    }
    if where == "contents":
        objects[6] = _stream(bomb, b"/Filter /FlateDecode ")
    elif where == "double":
        twice = zlib.compress(bomb, 9)
        objects[6] = _stream(twice, b"/Filter [/FlateDecode /FlateDecode] ")
    elif where == "form":
        objects[6] = _stream(bomb, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                                   b"/Filter /FlateDecode ")
    elif where == "objstm":
        objects[6] = _stream(bomb, b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode ")
    data = _pdf(objects)
    if where == "objstm":  # point startxref nowhere: pdfminer falls back to a scan
        data = data[:data.rindex(b"startxref")] + b"startxref\n999999999\n%%EOF\n"
    return data


_NO_UNICODE_FONT = {  # a Type0 font, Identity-H, no ToUnicode, no embedded program
    20: b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H "
        b"/DescendantFonts [21 0 R] >>",
    21: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 22 0 R "
        b"/DW 1000 >>",
    22: b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 0 1000 1000] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
}
_PRIVATE_USE_CMAP = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                     b"/CMapName /PUA def 1 begincodespacerange <00> <FF> endcodespacerange "
                     b"1 beginbfrange <41> <5A> <E000> endbfrange endcmap "
                     b"CMapName currentdict /CMap defineresource pop end end")


def unmapped_glyphs_pdf(lines: list[list[tuple[str, bytes]]]) -> bytes:
    """A PDF with one page per entry of `lines`, each a list of (font, shown bytes) drawn
    one per line: font "text" is Helvetica (mapped), "cid" a Type0 Identity-H font without
    ToUnicode (pdfminer reads glyph numbers, "(cid:N)"), "pua" Helvetica whose ToUnicode
    maps A-Z into the Private Use Area."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        4: _FONT,
        23: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 24 0 R >>",
        24: _stream(_PRIVATE_USE_CMAP),
        **_NO_UNICODE_FONT,
    }
    fonts = {"text": b"/F1", "cid": b"/F2", "pua": b"/F3"}
    kids = []
    for index, page in enumerate(lines):
        page_id, content_id = 100 + 2 * index, 101 + 2 * index
        body = b" ".join(b"BT %s 12 Tf 72 %d Td <%s> Tj ET" % (fonts[font], 760 - 20 * row,
                                                               shown.hex().encode())
                         for row, (font, shown) in enumerate(page))
        objects[content_id] = _stream(body)
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                            b"/Contents %d 0 R /Resources << /Font << /F1 4 0 R /F2 20 0 R "
                            b"/F3 23 0 R >> >> >>" % content_id)
        kids.append(b"%d 0 R" % page_id)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    return _pdf(objects)
