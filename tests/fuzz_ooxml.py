"""Hypothesis strategies that mutate the XML parts of real zip packages (.docx, and OFD,
which is a zip of XML too).

A seed package is unpacked once; each case copies it, applies a few mutations to its XML
parts as element trees (attributes set to huge, negative, non-numeric or very long values;
the repeat counts Word reads — gridSpan, gridBefore, numbering starts and levels — made
huge; elements deleted, repeated, moved where they do not belong, nested hundreds deep;
text with control and separator characters), sometimes damages a part's bytes (truncated,
garbled XML) or the package (a part dropped or renamed, a damaged zip), and zips it again.
"""
from __future__ import annotations

import copy
import io
import warnings
import zipfile
from functools import lru_cache
from pathlib import Path

from fuzz_bytes import garbled, truncated
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
DOCX_SEEDS = sorted([*ROOT.glob("data/samples/*.docx"),
                     *(ROOT / "tests/fixtures/office").glob("*.docx")])

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ATTRIBUTE_VALUES = ["0", "-1", "-2147483649", "2147483648", "50000000", "9" * 40, "1e999",
                    "NaN", "abc", "", " 3 ", "0x10", "\u4e00", "x" * 100_000, "1.5", "auto",
                    "true", "-0", "\ufeff1"]
# Elements whose attributes Word turns into counts and labels: created if absent.
COUNTED = [("tcPr", "gridSpan"), ("trPr", "gridBefore"), ("trPr", "gridAfter"),
           ("tcPr", "vMerge"), ("lvl", "start"), ("lvl", "numFmt"), ("lvl", "lvlText"),
           ("numPr", "ilvl"), ("numPr", "numId"), ("pPr", "outlineLvl"), ("rPr", "sz"),
           ("tblGrid", "gridCol"), ("pPr", "ind")]
TEXTS = ["", "\u2028\u2029\u0085", "\u200b" * 50, "\ufffd" * 10, "\u4e00" * 50_000,
         "\u4e00\u3001" * 3000, "1.\n" * 2000, "\U0001f600", "%s%d{0}", "\\u0000"]


def _is_xml(name: str, data: bytes) -> bool:
    return name.endswith((".xml", ".rels")) and b"<" in data[:200]


@lru_cache(maxsize=None)
def unpack(path: Path) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(path) as package:
        return tuple((info.filename, package.read(info)) for info in package.infolist())


def pack(parts: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", method) as package:
        warnings.simplefilter("ignore")  # a duplicate name is one of the mutations
        for name, data in parts:
            package.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data,
                             compress_type=method)
    return out.getvalue()


@st.composite
def _element_mutation(draw, root) -> None:
    """One change to a parsed XML part (in place)."""
    elements = list(root.iter())
    target = elements[draw(st.integers(0, len(elements) - 1))]
    parent = target.getparent()
    op = draw(st.integers(0, 7))
    if op == 0:  # an attribute, existing or Word's val, set to an odd value
        names = list(target.attrib) or [f"{W}val"]
        name = names[draw(st.integers(0, len(names) - 1))]
        target.set(name, draw(st.sampled_from(ATTRIBUTE_VALUES)))
    elif op == 1:  # a counted setting made huge or odd, on an element that may hold it
        holder, child = draw(st.sampled_from(COUNTED))
        hosts = [e for e in elements if isinstance(e.tag, str) and e.tag == f"{W}{holder}"]
        host = hosts[draw(st.integers(0, len(hosts) - 1))] if hosts else target
        node = host.find(f"{W}{child}")
        if node is None:
            node = host.makeelement(f"{W}{child}", {})
            host.append(node)
        node.set(f"{W}val", draw(st.sampled_from(ATTRIBUTE_VALUES + ["upperLetter",
                                                                    "chineseCounting"])))
    elif op == 2 and parent is not None:
        parent.remove(target)
    elif op == 3 and parent is not None:  # repeated
        at = parent.index(target)
        small = sum(1 for _ in target.iter()) < 50  # a thousand bodies would be a bomb
        for _ in range(draw(st.sampled_from([2, 50, 1000] if small else [2, 5]))):
            parent.insert(at, copy.deepcopy(target))
    elif op == 4 and parent is not None:  # nested inside copies of itself, many levels
        depth = draw(st.sampled_from([5, 60, 300]))
        inner = copy.deepcopy(target)
        for _ in range(depth):  # shells of the element's tag and attributes, not content
            shell = target.makeelement(target.tag, target.attrib)
            shell.append(inner)
            inner = shell
        parent.replace(target, inner)
    elif op == 5:  # an element moved under another one where it does not belong
        other = elements[draw(st.integers(0, len(elements) - 1))]
        if other is not target and target not in other.iterancestors():
            other.append(copy.deepcopy(target))
    elif op == 6:
        target.text = draw(st.sampled_from(TEXTS))
    else:  # the tag renamed: an element of the wrong kind in its place
        target.tag = f"{W}{draw(st.sampled_from(['tbl', 'tr', 'tc', 'p', 'r', 't', 'numPr', 'lvl', 'abstractNum', 'body', 'x']))}"


@st.composite
def _part_mutation(draw, parts: list[tuple[str, bytes]]) -> None:
    from lxml import etree

    xml = [i for i, (name, data) in enumerate(parts) if _is_xml(name, data)]
    main = [i for i in xml if parts[i][0].endswith(("document.xml", "numbering.xml",
                                                    "styles.xml", "Document.xml"))]
    index = draw(st.sampled_from(main + xml if main else xml))
    name, data = parts[index]
    op = draw(st.integers(0, 9))
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError:  # damaged by an earlier mutation: damage it further
        root, op = None, max(op, 7)
    if op <= 6:
        for _ in range(draw(st.integers(1, 3))):
            draw(_element_mutation(root))
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    elif op == 7:
        data = data[:draw(st.integers(0, len(data)))]
    elif op == 8:
        for _ in range(draw(st.integers(1, 6))):
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            junk = draw(st.sampled_from([b"<", b">", b"&", b"\x00", b"\xff", b"<!--", b"]]>",
                                         b"\"", b"&#0;"]))
            data = data[:at] + junk + data[at + 1:]
    else:  # declared in another encoding than it is written in
        data = data.replace(b'encoding="UTF-8"', draw(st.sampled_from(
            [b'encoding="UTF-16"', b'encoding="GBK"', b'encoding="nonsense"'])), 1)
    parts[index] = (name, data)


@st.composite
def _package_mutation(draw, parts: list[tuple[str, bytes]]) -> None:
    op = draw(st.integers(0, 3))
    index = draw(st.integers(0, len(parts) - 1))
    name, data = parts[index]
    if op == 0:
        del parts[index]
    elif op == 1:
        parts[index] = (draw(st.sampled_from(["word/other.xml", "../evil.xml", "/abs.xml",
                                              "word\\document.xml", name.upper(),
                                              "word/document.xml"])), data)
    elif op == 2:
        parts.append((name, data))  # the same name twice
    else:
        parts[index] = (name, b"")


def zip_damage(data: bytes, draw) -> bytes:
    op = draw(st.integers(0, 2))
    if op == 0:
        return truncated(data, draw)
    if op == 1:
        return garbled(data, draw)
    return data + b"PK\x05\x06" + b"\xff" * 18  # a second end-of-directory record


@st.composite
def package_cases(draw, seeds: list[Path] | None = None,
                  packages: list[bytes] | None = None) -> bytes:
    """A mutated zip-of-XML package from a seed file or seed bytes."""
    choices = [("path", p) for p in seeds or []] + [("bytes", b) for b in packages or []]
    kind, seed = draw(st.sampled_from(choices))
    parts = list(unpack(seed) if kind == "path" else _unpack_bytes(seed))
    for _ in range(draw(st.integers(1, 3))):
        draw(_part_mutation(parts))
    if draw(st.integers(0, 4)) == 0:
        draw(_package_mutation(parts))
    data = pack(parts, draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])))
    if draw(st.integers(0, 5)) == 0:
        data = zip_damage(data, draw)
    return data


@lru_cache(maxsize=None)
def _unpack_bytes(data: bytes) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return tuple((info.filename, package.read(info)) for info in package.infolist())


def docx_cases() -> st.SearchStrategy[bytes]:
    return package_cases(seeds=DOCX_SEEDS)
