"""Hypothesis strategies that mutate the object tree of real PDFs.

A seed PDF (a committed sample) is read once with pdfminer into plain values (dict, list,
int, float, bytes, Name, Ref, Stream), its Flate content streams decoded so that mutations
reach the operators; each case copies that tree, applies a few mutations (a reference
anywhere it points, cycles included; huge and negative numbers; values of the wrong type;
deep nesting; truncated, garbled or wrongly filtered streams; dropped objects) and writes
a fresh PDF with a correct cross-reference table, which a file-level mutation may then
break (a truncated file, a wrong startxref, garbled xref entries).
"""
from __future__ import annotations

import copy
import io
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fuzz_bytes import garbled, truncated
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
PDF_SEEDS = sorted([*ROOT.glob("data/samples/*.pdf"),
                    *(ROOT / "tests/fixtures/office").glob("*.pdf")])


class Name(str):
    """A PDF name (/Type)."""


@dataclass(frozen=True)
class Ref:
    num: int


@dataclass
class Raw:
    """Bytes written verbatim: malformed tokens, nesting too deep to build as values."""
    data: bytes


@dataclass
class Stream:
    attrs: dict
    data: bytes
    length: object = None  # None: the true length; else written as /Length (a lie)


@dataclass
class Tree:
    objects: dict[int, object]
    root: int
    info: int | None = None


# ---------------------------------------------------------------- reading a seed

def _value(obj):
    from pdfminer.psparser import PSKeyword, PSLiteral
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    if isinstance(obj, PDFObjRef):
        return Ref(obj.objid)
    if isinstance(obj, PSLiteral):
        name = obj.name
        return Name(name.decode("latin-1") if isinstance(name, bytes) else name)
    if isinstance(obj, PSKeyword):
        return Raw(obj.name if isinstance(obj.name, bytes) else obj.name.encode())
    if isinstance(obj, dict):
        return {str(k): _value(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_value(v) for v in obj]
    if isinstance(obj, PDFStream):
        attrs = {str(k): _value(v) for k, v in obj.attrs.items() if k != "Length"}
        filters = attrs.get("Filter")
        if filters in (Name("FlateDecode"), [Name("FlateDecode")]) and "DecodeParms" not in attrs:
            del attrs["Filter"]  # decoded, so that mutations reach the operators
            return Stream(attrs, obj.get_data())
        return Stream(attrs, obj.get_rawdata() or b"")
    return obj


@lru_cache(maxsize=None)
def load(path: Path) -> Tree:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(io.BytesIO(path.read_bytes())))
    objects: dict[int, object] = {}
    for xref in doc.xrefs:
        for num in xref.get_objids():
            if num in objects:
                continue
            value = _value(doc.getobj(num))
            if isinstance(value, Stream) and value.attrs.get("Type") in ("ObjStm", "XRef"):
                continue  # written afresh as plain objects and a plain xref table
            objects[num] = value
    trailer = doc.xrefs[0].get_trailer()
    info = trailer.get("Info")
    return Tree(objects, trailer["Root"].objid, getattr(info, "objid", None))


# ---------------------------------------------------------------- writing a tree

_DELIMITERS = set(b"()<>[]{}/%#")


def _name(name: str) -> bytes:
    out = bytearray(b"/")
    for byte in name.encode("utf-8"):
        out += (f"#{byte:02X}".encode() if byte < 33 or byte > 126 or byte in _DELIMITERS
                else bytes([byte]))
    return bytes(out)


def dump(value, out: bytearray) -> None:
    if value is None:
        out += b"null"
    elif value is True or value is False:
        out += b"true" if value else b"false"
    elif isinstance(value, Name):
        out += _name(value)
    elif isinstance(value, int):
        out += str(value).encode()
    elif isinstance(value, float):
        out += f"{value:.6f}".encode()
    elif isinstance(value, (bytes, str)):
        data = value if isinstance(value, bytes) else value.encode("utf-8")
        out += b"<" + data.hex().encode() + b">"
    elif isinstance(value, Ref):
        out += b"%d 0 R" % value.num
    elif isinstance(value, Raw):
        out += value.data
    elif isinstance(value, list):
        out += b"["
        for item in value:
            dump(item, out)
            out += b" "
        out += b"]"
    elif isinstance(value, dict):
        out += b"<<"
        for key, item in value.items():
            out += _name(key) + b" "
            dump(item, out)
            out += b"\n"
        out += b">>"
    elif isinstance(value, Stream):
        attrs = dict(value.attrs)
        attrs["Length"] = len(value.data) if value.length is None else value.length
        dump(attrs, out)
        out += b"\nstream\n" + value.data + b"\nendstream"
    else:
        raise TypeError(value)


def write(tree: Tree) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(tree.objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num
        dump(tree.objects[num], out)
        out += b"\nendobj\n"
    size = max(offsets, default=0) + 1
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[num] if num in offsets
                else b"0000000000 65535 f \n")
    trailer = {"Size": size, "Root": Ref(tree.root)}
    if tree.info is not None:
        trailer["Info"] = Ref(tree.info)
    out += b"trailer\n"
    dump(trailer, out)
    out += b"\nstartxref\n%d\n%%%%EOF\n" % start
    return bytes(out)


# ---------------------------------------------------------------- mutations

HUGE_NUMBERS = [0, -1, -7, 2**31 - 1, 2**31, 2**32 + 1, 2**63, -(2**63), 10**40,
                1e308, -1e308, 1e-300, 0.5, -0.0]
WRONG_TYPES = [Name("Foo"), Name(""), b"", b"\x00" * 8, "\u6587\u5316", [], {}, True, None,
               Raw(b"<<"), Raw(b"]"), Raw(b"(unterminated"), Raw(b"<zz>"), Raw(b"R"),
               Raw(b"0 0 R"), Raw(b"/"), Raw(b"endobj")]


def _deep(depth: int, kind: int) -> Raw:
    if kind == 0:
        return Raw(b"[" * depth + b"]" * depth)
    if kind == 1:
        return Raw(b"<</A " * depth + b"1" + b">>" * depth)
    return Raw(b"[" * depth)  # never closed


def values(tree: Tree, own: int) -> st.SearchStrategy:
    ids = sorted(tree.objects)
    return st.one_of(
        st.sampled_from(HUGE_NUMBERS),
        st.sampled_from(WRONG_TYPES),
        st.builds(Ref, st.sampled_from([own, 0, 10**6, *ids])),  # cycles, self, dangling
        st.builds(_deep, st.sampled_from([20, 200, 2000, 20000]), st.integers(0, 2)),
    )


def _locations(value, limit: int = 400) -> list[tuple[object, object]]:
    """(container, key) of every value inside `value`, breadth first, at most `limit`."""
    found, queue = [], [value]
    while queue and len(found) < limit:
        node = queue.pop(0)
        if isinstance(node, Stream):
            node = node.attrs
        if isinstance(node, dict):
            items = list(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            continue
        for key, item in items:
            found.append((node, key))
            queue.append(item)
    return found


CONTENT_INSERTS = [
    b"q " * 5000, b"Q " * 50, b"BT /F1 1e30 Tf 1e30 0 0 1e30 0 0 Tm (x) Tj ET",
    b"BT /F1 12 Tf 0 0 Td (" + b"\xe4\xb8\x80" * 2000 + b") Tj ET", b"BT BT BT ET",
    b"BI /W 30000 /H 30000 /BPC 8 /CS /RGB ID \x00\x01\x02 EI", b"/Missing Do", b"/Im0 Do",
    b"[(a) -1e300 (b)] TJ", b"0 0 0 0 re W n", b"1 0 0 -1 0 0 cm", b"0 1 -1 0 0 0 cm",
    b"(x) Tj", b"ET ET", b"/F1 -0 Tf", b"1 2 3 4 5 6 7 8 9 0 Td", b"<< /A [ ( > ] Tj",
    b"BT /F1 12 Tf 100000000 0 Td (x) Tj ET", b"%", b"\x00\xff" * 100, b"BDC BDC EMC",
]
FILTERS = [Name("FlateDecode"), Name("LZWDecode"), Name("ASCII85Decode"),
           Name("ASCIIHexDecode"), Name("RunLengthDecode"), Name("DCTDecode"),
           Name("JBIG2Decode"), Name("CCITTFaxDecode"), Name("Crypt"), Name("Nonsense"),
           [Name("FlateDecode"), Name("FlateDecode")]]


@st.composite
def _stream_mutation(draw, stream: Stream) -> None:
    data = stream.data
    op = draw(st.integers(0, 8))
    at = draw(st.integers(0, max(len(data), 1))) if data else 0
    if op == 0:
        stream.data = data[:at]  # truncated
    elif op == 1:
        garble = draw(st.binary(min_size=1, max_size=16))
        stream.data = data[:at] + garble + data[at + len(garble):]
    elif op == 2:
        stream.data = data[:at] + b"\n" + draw(st.sampled_from(CONTENT_INSERTS)) + b"\n" + data[at:]
    elif op == 3:  # a number operand made huge, negative or odd
        numbers = list(re.finditer(rb"-?\d+(?:\.\d+)?", data[:200_000]))
        if numbers:
            hit = numbers[draw(st.integers(0, len(numbers) - 1))]
            new = draw(st.sampled_from([b"1e308", b"99999999999999999999999", b"-2147483649",
                                        b"0", b"-0.0000001", b"NaN", b"--1", b"1..2"]))
            stream.data = data[:hit.start()] + new + data[hit.end():]
    elif op == 4:  # the bytes compressed, announced with some filter
        stream.data = zlib.compress(data)
        stream.attrs["Filter"] = draw(st.sampled_from(FILTERS))
    elif op == 5:  # filtered with predictor parameters it does not use, or huge ones
        stream.data = zlib.compress(data)
        stream.attrs["Filter"] = Name("FlateDecode")
        stream.attrs["DecodeParms"] = {
            "Predictor": draw(st.sampled_from([2, 10, 12, 15, 99])),
            "Columns": draw(st.sampled_from([0, 1, 5, 2**31, -3])),
            "Colors": draw(st.sampled_from([1, 3, 0, 2**20])),
            "BitsPerComponent": draw(st.sampled_from([1, 8, 16, 0, 7]))}
    elif op == 6:
        stream.length = draw(st.sampled_from([0, 1, -1, 10**9, Ref(10**6), Name("X"),
                                              len(data) + 17, max(len(data) - 17, 0)]))
    elif op == 7:  # compressed and cut: a truncated deflate stream
        squeezed = zlib.compress(data)
        stream.data = squeezed[:draw(st.integers(0, len(squeezed)))]
        stream.attrs["Filter"] = Name("FlateDecode")
    else:
        stream.data = data * draw(st.integers(2, 20))  # repeated operators


@st.composite
def _tree_mutation(draw, tree: Tree) -> None:
    ids = sorted(tree.objects)
    streams = [n for n in ids if isinstance(tree.objects[n], Stream)]  # as mutated so far
    op = draw(st.integers(0, 5))
    if op <= 1 or not streams:  # replace a value somewhere
        own = draw(st.sampled_from(ids))
        places = _locations(tree.objects[own])
        if not places:
            tree.objects[own] = draw(values(tree, own))
            return
        container, key = places[draw(st.integers(0, len(places) - 1))]
        container[key] = draw(values(tree, own))
    elif op <= 3:
        draw(_stream_mutation(tree.objects[draw(st.sampled_from(streams))]))
    elif op == 4:  # an object dropped: every reference to it dangles
        tree.objects.pop(draw(st.sampled_from(ids)), None)
    else:  # a whole object of another type
        own = draw(st.sampled_from(ids))
        tree.objects[own] = draw(values(tree, own))


@st.composite
def file_mutation(draw, data: bytes) -> bytes:
    """Damage at the level of the file: truncation, garbled bytes, a broken xref."""
    op = draw(st.integers(0, 4))
    if op == 0:
        return truncated(data, draw)
    if op == 1:
        return garbled(data, draw)
    if op == 2:  # startxref pointing elsewhere
        start = data.rfind(b"startxref")
        return data[:start] + b"startxref\n%d\n%%%%EOF\n" % draw(
            st.sampled_from([0, 1, 9, len(data), 10**12, -5]))
    if op == 3:  # xref entries garbled
        start = data.rfind(b"xref\n")
        entries = data[start:].split(b"\n")
        for _ in range(draw(st.integers(1, 5))):
            i = draw(st.integers(3, max(3, len(entries) - 6)))
            if i < len(entries):
                entries[i] = draw(st.sampled_from([b"9999999999 00000 n ", b"0000000000 00000 n ",
                                                   b"garbage", b"", b"0000000001 65535 n "]))
        return data[:start] + b"\n".join(entries)
    return data[:data.rfind(b"xref\n")] + b"%%EOF\n"  # no xref at all: pdfminer must rebuild


@st.composite
def pdf_cases(draw) -> bytes:
    """A mutated PDF: one to four tree mutations of a seed, then sometimes file damage."""
    tree = copy.deepcopy(load(draw(st.sampled_from(PDF_SEEDS))))
    for _ in range(draw(st.integers(1, 4))):
        draw(_tree_mutation(tree))
    data = write(tree)
    if draw(st.integers(0, 3)) == 0:
        data = draw(file_mutation(data))
    return data
