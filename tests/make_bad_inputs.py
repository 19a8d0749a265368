"""A corpus of bad and awkward inputs, generated at test time (nothing binary is committed).

    python tests/make_bad_inputs.py OUTDIR      writes the corpus and lists what each must do

EXPECTED says, per file name, what culturegov.parse() must do with it; make_corpus(directory)
writes the files and returns EXPECTED. The expectations state correct behaviour: a file that
cannot be read must fail with the named CulturegovError subclass and a message naming the
file; one that can must parse, whatever its encoding.

Every name has a suffix `culturegov convert` reads (.txt, .docx, .pdf or none), so the whole
corpus can also be run as one batch. Formats culturegov does not read (PNG, old .doc) are
named without a suffix, as attachments from download links often are.
"""
from __future__ import annotations

import io
import random
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from factories import W_NS, docx_bytes, p, pdf_bytes, renamed_main_part
from conftest import SAMPLES

SEED_TEXT = SAMPLES / "000_7f7948de658d7fdd.txt"  # a duty-division notice with 74 duties
SEED_DUTIES = 74
PHRASE = "协调制定公共文化服务体系建设重大规划法规政策"  # a duty of 区文广局 in the seed
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_BOMB_BYTES = 300 * 1024 * 1024  # inflated size of the bomb's document.xml
BIG_TEXT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Expectation:
    """What culturegov.parse() must do with one corpus file."""

    error: str | None = None  # the CulturegovError subclass it must raise; None: must parse
    says: str = ""  # when it fails: words the message must hold besides the file's name
    contains: str = ""  # when it parses: a phrase doc.text must hold
    min_duties: int = 0  # when it parses: at least this many duties
    big: bool = False  # a large input: the tests allow it more time and memory

    @property
    def ok(self) -> bool:
        return self.error is None


# Seed-derived files parse to the seed's phrase and duties; the 10 MB file holds whole copies.
_SEED_PARSES = Expectation(contains=PHRASE, min_duties=SEED_DUTIES)
_BIG_REPEATS = BIG_TEXT_BYTES // (SEED_TEXT.stat().st_size + 1) + 1
_EMPTY = Expectation("EmptyDocumentError", says="no text")

EXPECTED: dict[str, Expectation] = {
    "empty.txt": _EMPTY,
    "blank.txt": _EMPTY,
    "random_bytes": Expectation("UnsupportedFormatError", says="binary"),
    "scan_png": Expectation("UnsupportedFormatError", says="PNG image"),
    "old_word_doc": Expectation("UnsupportedFormatError", says="convert it"),
    "truncated.docx": Expectation("CorruptFileError", says="damaged"),
    "not_word.docx": Expectation("UnsupportedFormatError", says="zip archive"),
    # refused from the zip directory's declared sizes, before anything is inflated
    "zip_bomb.docx": Expectation("InputTooLargeError", says="max_docx_inflated_bytes"),
    "entity_bomb.docx": Expectation("CorruptFileError", says="entities"),
    # the same refusal when the DOCTYPE hides behind a comment longer than the 4 kB the
    # reader inspects before parsing (the entity's text would otherwise vanish)
    "entity_after_comment.docx": Expectation("CorruptFileError", says="entities"),
    # odd but valid XML inside a run's text: the words around it are all kept
    "comment_in_text.docx": Expectation(contains="区文广局负责统筹公共文化服务"),
    "truncated.pdf": Expectation("CorruptFileError", says="damaged"),
    "image_only.pdf": Expectation("NoTextLayerError", says="OCR"),
    "encrypted.pdf": Expectation("EncryptedFileError", says="password"),
    "gbk.txt": _SEED_PARSES,
    "utf16_bom.txt": _SEED_PARSES,
    "utf8_nul.txt": _SEED_PARSES,
    # Chinese in UTF-16 has few NUL bytes: without a BOM it was called binary
    "utf16le_no_bom.txt": _SEED_PARSES,
    "utf16be_no_bom.txt": _SEED_PARSES,
    # lines ended by U+2028 / form feeds instead of LF: read as lines, not one long title
    "line_separators.txt": _SEED_PARSES,
    "form_feeds.txt": _SEED_PARSES,
    # a zero-width space inside every agency name, a soft hyphen in the phrase's line
    "zero_width.txt": _SEED_PARSES,
    # a valid .docx whose main part is not word/document.xml (_rels/.rels says where)
    "renamed_main_part.docx": _SEED_PARSES,
    "big_10mb.txt": Expectation(contains=PHRASE, min_duties=SEED_DUTIES * _BIG_REPEATS,
                                big=True),
}


def make_corpus(directory: Path) -> dict[str, Expectation]:
    """Write the corpus into `directory` (created if needed); returns name → Expectation."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    seed = SEED_TEXT.read_text(encoding="utf-8")
    docx = (SAMPLES / "000_7f7948de658d7fdd.docx").read_bytes()
    pdf = (SAMPLES / "000_7f7948de658d7fdd.pdf").read_bytes()
    contents = {
        "empty.txt": b"",
        # ASCII and ideographic (U+3000) spaces, tabs, CR/LF: still no text
        "blank.txt": " \n\t\r\n\u3000\u3000\n \n".encode("utf-8"),
        # one byte in ten is a control byte no text holds: rejected before any decoding
        "random_bytes": random.Random(7).randbytes(64 * 1024),
        "scan_png": _png(64, 48),
        "old_word_doc": OLE2_MAGIC + bytes(1024),
        "truncated.docx": docx[: len(docx) // 2],
        "not_word.docx": _zip({"readme.txt": "说明", "data/list.txt": "一\n二\n"}),
        "entity_bomb.docx": docx_bytes(p("&lol9;"), prolog=_BILLION_LAUGHS),
        "entity_after_comment.docx": docx_bytes(
            p("区文广局&unit;负责统筹"),
            prolog=f"<!--{'注' * 5000}--><!DOCTYPE w:document [<!ENTITY unit \"和财政局\">]>"),
        "comment_in_text.docx": docx_bytes(
            '<w:p><w:r><w:t>区文广局<!-- 注释 -->负责统筹<?pi 指令?>公共文化服务</w:t></w:r></w:p>'),
        "truncated.pdf": pdf[: len(pdf) // 2],
        "image_only.pdf": pdf_bytes([[], []], draw_only=True),
        "encrypted.pdf": _encrypted_pdf(),
        "gbk.txt": seed.encode("gbk"),
        "utf16_bom.txt": seed.encode("utf-16"),  # Python writes the BOM
        "utf8_nul.txt": _sprinkle_nul(seed.encode("utf-8")),
        "utf16le_no_bom.txt": seed.encode("utf-16-le"),
        "utf16be_no_bom.txt": seed.encode("utf-16-be"),
        "line_separators.txt": seed.replace("\n", "\u2028").encode("utf-8"),
        "form_feeds.txt": seed.replace("\n", "\f").encode("utf-8"),
        "zero_width.txt": zero_width_in_names(seed).encode("utf-8"),
        "renamed_main_part.docx": renamed_main_part(docx),
        "big_10mb.txt": ("\n" + seed).encode("utf-8") * _BIG_REPEATS,
    }
    for name, data in contents.items():
        (directory / name).write_bytes(data)
    _write_zip_bomb(directory / "zip_bomb.docx")  # streamed: never held in memory
    assert set(contents) | {"zip_bomb.docx"} == set(EXPECTED)
    return dict(EXPECTED)


def _png(width: int, height: int) -> bytes:
    """A real greyscale PNG (a gradient), written with zlib and struct only."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit grey
    rows = b"".join(b"\x00" + bytes((x + y) % 256 for x in range(width)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _write_zip_bomb(path: Path) -> None:
    """A well-formed .docx whose document.xml inflates to ZIP_BOMB_BYTES (~300 kB on disk).

    The XML is streamed into the archive a megabyte at a time, so neither this process nor a
    correct reader ever holds it; the reader must refuse it from the declared sizes alone.
    """
    small = zipfile.ZipFile(io.BytesIO(docx_bytes(p("封面"))))
    # One huge run of a single character: a 3-byte period deflates about 1000:1, the best
    # deflate can do (a longer period, e.g. whole paragraphs, compresses far less).
    chunk = "文".encode("utf-8") * (1024 * 1024 // 3)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in small.namelist():
            if name != "word/document.xml":
                archive.writestr(name, small.read(name))
        with archive.open("word/document.xml", "w") as member:
            member.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(ZIP_BOMB_BYTES // len(chunk)):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")


# Ten levels of ten: &lol9; expands to 10^9 "lol"s (3 GB) in a parser that resolves entities.
_BILLION_LAUGHS = "<!DOCTYPE w:document [<!ENTITY lol0 \"lol\">" + "".join(
    f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)) + "]>"


def _encrypted_pdf() -> bytes:
    """A PDF that needs a user password to open (not just owner restrictions)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    return pdf_bytes([[(72, 100, "区文广局负责统筹公共文化服务体系建设")]],
                     encrypt=StandardEncryption("user-pw", "owner-pw"))


def zero_width_in_names(text: str) -> str:
    """A zero-width space after the second character of each agency head (a line ending in
    局, 委 or 会 with a colon or nothing after), a soft hyphen before the phrase."""
    import re

    text = re.sub(r"(?m)^(\S{2})(\S{1,12}[局委会][:：]?)$", "\\1\u200b\\2", text)
    return text.replace(PHRASE, "\u00ad" + PHRASE)


def _sprinkle_nul(data: bytes, count: int = 30) -> bytes:
    """NUL bytes at random character boundaries, as a broken export leaves them: few
    enough (about 1 byte in 200) that the file is still recognisably text."""
    text = data.decode("utf-8")
    rng = random.Random(11)
    cuts = sorted(rng.sample(range(1, len(text)), count))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return b"\x00".join(piece.encode("utf-8") for piece in pieces)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/make_bad_inputs.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    for name, expectation in make_corpus(out).items():
        outcome = (f"parses (text has {expectation.contains!r}, >= {expectation.min_duties} "
                   "duties)" if expectation.ok else f"raises {expectation.error}")
        print(f"{name:26} {(out / name).stat().st_size:>11,} bytes  {outcome}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
