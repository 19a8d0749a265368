"""Hypothesis strategies for the other readers: web pages (HTML, MHTML), OFD packages and
plain text, mutated from real seeds (committed text samples, and pages, single-file saves
and OFD packages built around them by tests/factories_web.py).

HTML: tags nested thousands deep, tables with huge or odd colspan/rowspan, charset
declarations that lie, scripts and comments left open. MHTML: boundaries, transfer
encodings and charsets that lie, truncated parts. OFD: the XML-part mutations of .docx
(fuzz_ooxml) on its package. Text: every seed re-encoded (GBK, UTF-16 with and without a
BOM, Big5), line separators, NULs, huge lines. All of them: byte-level damage as well.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fuzz_bytes import garbled, truncated
from hypothesis import strategies as st

import factories_web as web
from fuzz_ooxml import package_cases

ROOT = Path(__file__).resolve().parents[1]
TEXT_SEEDS = sorted((ROOT / "data/samples").glob("*.txt"), key=lambda p: p.name)


@lru_cache(maxsize=None)
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines()[:80])


@lru_cache(maxsize=None)
def html_seeds() -> tuple[bytes, ...]:
    seeds = []
    for path in TEXT_SEEDS[::9]:
        lines = list(_lines(path))
        seeds.append(web.portal_page(web.paragraphs(lines)))
        rows = [line.split("|") if "|" in line else [line] for line in lines[:20]]
        width = max(len(row) for row in rows)
        seeds.append(web.portal_page(web.table([row + [""] * (width - len(row))
                                                for row in rows]), charset="gbk"))
    seeds.append(web.table_layout_page(web.paragraphs(list(_lines(TEXT_SEEDS[0])))))
    return tuple(seeds)


@lru_cache(maxsize=None)
def mhtml_seeds() -> tuple[bytes, ...]:
    pages = html_seeds()
    return (web.mhtml(pages[0]), web.mhtml(pages[1], charset="gbk", transfer="base64"),
            web.mhtml(pages[2], transfer="base64"))


@lru_cache(maxsize=None)
def ofd_seeds() -> tuple[bytes, ...]:
    return tuple(web.ofd_bytes(web.lay_out_lines(list(_lines(path)), per_page=20))
                 for path in TEXT_SEEDS[::15])


HTML_INSERTS = [
    b"<div>" * 20000, b"<table><tr><td>" * 3000, b"<b>" * 100000,
    b'<td colspan="1000000000">x</td>', b'<td rowspan="99999999">x</td>',
    b'<td colspan="-3" rowspan="abc">x</td>', b'<td colspan="1e9">x</td>',
    b'<meta charset="nonsense">', b'<meta charset="utf-16">', b'<meta charset="gb18030">',
    b"<script>", b"<!--", b"<![CDATA[", b"<style>", b"</table></table></tr>", b"&#0;&#xD800;",
    b"&#99999999999;", b"<br>" * 50000, b"\x00" * 100, b"<?xml version='1.0'?>",
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>&a;", b"<frameset><frame src='file:///etc/passwd'>",
    b"<p>" + "\u4e00\u3001".encode() * 20000 + b"</p>", b"\xe4\xb8", b"<tr>" * 5000,
]
MHTML_EDITS = [
    (b"quoted-printable", b"base64"), (b"base64", b"quoted-printable"),
    (b"base64", b"x-uuencode"), (b"charset=utf-8", b"charset=utf-16"),
    (b"charset=utf-8", b"charset=nonsense"), (b"charset=gbk", b"charset=utf-8"),
    (b"boundary=", b"boundary=x"), (b"multipart/related", b"multipart/mixed"),
    (b"text/html", b"text/plain"), (b"----MultipartBoundary", b"--"),
    (b"MIME-Version: 1.0", b""), (b"\r\n\r\n", b"\r\n"), (b"=", b"=Z"),
]
TEXT_EDITS = ["\u2028", "\u2029", "\x0c", "\x00", "\u200b", "\ufeff", "\r", "\x1b[31m",
              "\ud800", "1.\n" * 3000, "\u4e00" * 200_000, "\t" * 1000, "|" * 5000,
              "\u3000" * 3000, "（" * 2000, "\uff08\u4e00\uff09" * 2000]
ENCODINGS = ["utf-8", "gb18030", "gbk", "big5", "utf-16-le", "utf-16-be", "utf-16",
             "utf-32", "utf-8-sig", "latin-1"]


@st.composite
def byte_damage(draw, data: bytes) -> bytes:
    op = draw(st.integers(0, 3))
    if op == 0:
        return truncated(data, draw)
    if op == 1:
        return garbled(data, draw, most=12)
    if op == 2:  # a slice repeated
        a = draw(st.integers(0, len(data)))
        b = draw(st.integers(a, min(len(data), a + 4096)))
        return data[:b] + data[a:b] * draw(st.integers(2, 200)) + data[b:]
    a = draw(st.integers(0, len(data)))
    return data[:a] + data[draw(st.integers(a, len(data))):]  # a slice cut out


def _insert(draw, data: bytes, pieces: list[bytes]) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.sampled_from(pieces)) + data[at:]


@st.composite
def html_cases(draw) -> bytes:
    data = draw(st.sampled_from(html_seeds()))
    for _ in range(draw(st.integers(1, 3))):
        data = _insert(draw, data, HTML_INSERTS)
    if draw(st.booleans()):
        data = draw(byte_damage(data))
    return data


@st.composite
def mhtml_cases(draw) -> bytes:
    data = draw(st.sampled_from(mhtml_seeds()))
    for _ in range(draw(st.integers(1, 3))):
        old, new = draw(st.sampled_from(MHTML_EDITS))
        data = data.replace(old, new, draw(st.sampled_from([1, -1])))
    if draw(st.booleans()):
        data = draw(byte_damage(data))
    return data


@st.composite
def text_cases(draw) -> bytes:
    text = "\n".join(_lines(draw(st.sampled_from(TEXT_SEEDS))))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(TEXT_EDITS)) + text[at:]
    encoding = draw(st.sampled_from(ENCODINGS))
    try:  # a lone surrogate written as UTF-8/16/32 bytes; other codecs cannot
        data = text.encode(encoding, errors="surrogatepass")
    except UnicodeEncodeError:
        data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = draw(byte_damage(data))
    return data


def ofd_cases() -> st.SearchStrategy[bytes]:
    return package_cases(packages=list(ofd_seeds()))
