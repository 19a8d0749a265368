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
