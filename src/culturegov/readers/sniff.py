"""Which format a file is, decided by its bytes, never by its name.

Files on government sites are often misnamed (a .doc that is really HTML, a .pdf that is
a Word file), so only the content counts. Everything that is clearly not a document we
read is rejected here, with a message that says what to do, instead of being decoded into
garbage text further down.
"""
from __future__ import annotations

import codecs
import io
import zipfile
from typing import Literal

from ..errors import UnsupportedFormatError

Format = Literal["pdf", "docx", "text", "html", "mhtml", "ofd", "doc", "rtf"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Names in an OLE2 directory are UTF-16LE; an encrypted .docx/.xlsx is an OLE2 container
# holding a stream named EncryptedPackage.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# Word and WPS Writer keep their text in a stream of this name; Excel and PowerPoint do not.
WORD_STREAM = "WordDocument".encode("utf-16-le")
# What a saved web page starts with (after a BOM and blanks), lower-cased.
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title",
                b"<div", b"<table", b"<p>", b"<p ", b"<!--", b"<?xml")
_MHTML_HEADERS = (b"mime-version:", b"from:", b"subject:", b"date:", b"content-type:",
                  b"snapshot-content-location:", b"x-mimeole:", b"content-location:")

_IMAGES = [
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
]
_ARCHIVES = [
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
]
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE,
         codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in (9, 10, 11, 12, 13, 27))
_CONVERT = "soffice --headless --convert-to docx FILE"


def sniff_format(data: bytes, path: str | None = None) -> Format:
    """The format's name; raises UnsupportedFormatError for anything culturegov cannot read."""
    # The PDF header may follow a little junk (the spec allows it in the first 1 KB).
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, path)
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_PACKAGE in data:
            return "docx"  # the docx reader raises EncryptedFileError with the details
        if WORD_STREAM in data:
            return "doc"  # .doc and .wps: read through LibreOffice
        raise UnsupportedFormatError(
            "is an old binary Office file with no Word document in it (.xls, .ppt or a "
            f"damaged .doc); if it holds a notice, convert it, e.g. `{_CONVERT}`", path=path)
    for magic, name in _IMAGES:
        if data.startswith(magic):
            raise UnsupportedFormatError(
                f"is a {name} image, not a document; run OCR on it first and parse the "
                "resulting text or PDF", path=path)
    if data.startswith(b"BM") and data[6:10] == b"\x00\x00\x00\x00":
        raise UnsupportedFormatError(
            "is a BMP image, not a document; run OCR on it first and parse the resulting "
            "text or PDF", path=path)
    if data.startswith(b"{\\rtf"):
        return "rtf"
    for magic, name in _ARCHIVES:
        if data.startswith(magic):
            raise UnsupportedFormatError(
                f"is a {name}, not a document; unpack it and parse the files inside",
                path=path)
    markup = _markup_kind(data)
    if markup:
        return markup
    if _looks_binary(data):
        raise UnsupportedFormatError(
            "is a binary file, not text, .docx or PDF; check that it is the right file",
            path=path)
    return "text"


def _markup_kind(data: bytes) -> Format | None:
    """"html" for a saved page, "mhtml" for a single-file save (a MIME message whose root
    is multipart/related), else None. Notices as text never start with '<' or with mail
    headers."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(_HTML_STARTS) and (b"<html" in head or b"<body" in head
                                          or b"<meta" in head or b"<div" in head
                                          or b"<p" in head or b"<table" in head):
        return "html"
    if head.startswith(_MHTML_HEADERS) and b"multipart/related" in head:
        return "mhtml"
    return None


def _sniff_zip(data: bytes, path: str | None) -> Format:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        # A truncated .docx has no central directory, but its local headers still name
        # its members: let the docx reader report it as damaged rather than unsupported.
        if b"word/document.xml" in data or b"[Content_Types].xml" in data[:2048]:
            return "docx"
        if b"OFD.xml" in data[:4096]:
            return "ofd"  # the OFD reader reports it as damaged
        raise UnsupportedFormatError(
            "is a damaged zip archive and not recognisably a Word document; check the "
            "download", path=path) from None
    if "word/document.xml" in names:
        return "docx"
    from .opc import is_word_main, main_part_type

    if is_word_main(main_part_type(archive, names)):
        return "docx"  # a Word body under another name: _rels/.rels says where
    if "OFD.xml" in names:
        return "ofd"
    if "xl/workbook.xml" in names:
        what = "an Excel workbook (.xlsx)"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint file (.pptx)"
    elif "content.xml" in names and "mimetype" in names:
        what = "an OpenDocument file (.odt/.ods)"
    else:
        what = "a zip archive"
    raise UnsupportedFormatError(
        f"is {what}, not a Word document; culturegov reads .docx, PDF and text. For an "
        f"office file convert it with `{_CONVERT}`, for an archive unpack it", path=path)


def _looks_binary(data: bytes) -> bool:
    """Many NUL or control bytes in the first 4 KB, and not UTF-16/32 text."""
    sample = data[:4096]
    if not sample or sample.startswith(_BOMS):
        return False
    # Tab, LF, VT, CR, FF and ESC occur in real text files; any other C0 byte does not, and
    # no legacy Chinese encoding (GBK, GB18030, Big5) uses bytes below 0x20 in a character.
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control <= max(2, len(sample) // 50):
        return False
    from .chinese_encodings import utf16_byte_order
    from .text import _looks_utf16

    return not (_looks_utf16(sample) or utf16_byte_order(sample))
