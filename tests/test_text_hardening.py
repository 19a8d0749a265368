"""Text that is not what it looks like (issue 17): line separators other than LF, zero-width
characters, UTF-16 without a byte-order mark, a .docx whose body is not word/document.xml.

Each reproduction is compared with the same document written plainly: the duties, the
title and the spans must be the same, so nothing is given to the wrong owner or lost."""
import io
import os
import random
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import SAMPLES
from factories import abstract_num, docx_bytes, num, p, renamed_main_part, table, tc
from factories_web import esc, paragraphs, portal_page

import culturegov as cg
from culturegov.errors import UnsupportedFormatError
from culturegov.normalize.text import LINE_BREAKS, ZERO_WIDTH

# Samples whose duties and title went to the wrong place when their lines ended in U+2028.
LINE_SAMPLES = ["000_7f7948de658d7fdd", "001_89d3c2afdc5c18c8", "205_duty_table_tab_rows"]
NOTICE = ("关于明确公共文化服务职责分工的通知\n区文化和旅游局：\n1.承担日常工作；\n2.组织惠民工程。\n"
          "区财政局：\n1.落实保障资金。\n")


def sample(name):
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


def duties(doc):
    return [(d.agency.name, d.text, d.span.start, d.span.end) for d in doc.duties]


def spans_of(doc):
    return (duties(doc), [(u.text, u.span.start) for u in doc.unparsed],
            [(s.start, s.end) for s in doc.metadata.spans], doc.metadata.title)


# -- line separators ------------------------------------------------------------------------

@pytest.mark.parametrize("name", LINE_SAMPLES)
@pytest.mark.parametrize("sep", list(LINE_BREAKS), ids=lambda s: f"U+{ord(s):04X}")
def test_line_separators_end_lines_as_lf_does(name, sep):
    """The same duties, title, unparsed text and spans as with LF: one character for one,
    so every offset is the same, and the kept text has LF where the separator was."""
    text = sample(name)
    plain = cg.parse_text(text)
    doc = cg.parse_text(text.replace("\n", sep))
    assert doc.text == plain.text
    assert spans_of(doc) == spans_of(plain)
    assert doc.duties or doc.tasks or doc.metadata.title


@pytest.mark.parametrize("sep", ["\f", "\v", "\u2028", "\u2029", "\x85"],
                         ids=lambda s: f"U+{ord(s):04X}")
def test_line_separators_in_a_text_file(sep):
    """Through the file reader too: a vertical tab is no binary control byte."""
    text = sample("000_7f7948de658d7fdd")
    plain = cg.parse(text.encode("utf-8"))
    doc = cg.parse(text.replace("\n", sep).encode("utf-8"))
    assert duties(doc) == duties(plain) and doc.metadata.title == plain.metadata.title


def test_line_separator_inside_a_word_paragraph():
    """A Word run holding the title and the list, lines ended by U+2028, is read as the
    same paragraphs one per line would be."""
    lines = NOTICE.strip().split("\n")
    plain = cg.parse(docx_bytes("".join(p(line) for line in lines)))
    doc = cg.parse(docx_bytes(p("\u2028".join(lines[:3])) + p("\u2029".join(lines[3:]))))
    assert plain.metadata.title == "关于明确公共文化服务职责分工的通知"
    assert duties(doc) == duties(plain) and doc.metadata.title == plain.metadata.title
    assert doc.text == plain.text


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85", "\v"], ids=lambda s: f"U+{ord(s):04X}")
def test_line_separator_inside_a_web_paragraph(sep):
    """A page whose lines are one paragraph cut by separators reads as one <p> per line."""
    lines = [line for line in sample("000_7f7948de658d7fdd").splitlines() if line.strip()]
    plain = cg.parse(portal_page(paragraphs(lines)))
    doc = cg.parse(portal_page(f"<p>{esc(sep.join(lines))}</p>"))
    assert len(plain.duties) > 20
    assert duties(doc) == duties(plain) and doc.metadata.title == plain.metadata.title


# -- zero-width characters ------------------------------------------------------------------

def rebuilt(doc):
    """The original text, from the kept text and the finding's list of what was removed."""
    finding = next(f for f in doc.findings if f.code == "invisible_characters_removed")
    text = doc.text
    for code, at in reversed(re.findall(r"U\+([0-9A-F]{4}) at (\d+)", finding.message)):
        text = text[:int(at)] + chr(int(code, 16)) + text[int(at):]
    return text


@pytest.mark.parametrize("ch", list(ZERO_WIDTH), ids=lambda c: f"U+{ord(c):04X}")
def test_zero_width_character_inside_a_heading_name(ch):
    """区文化<ZW>和旅游局 keeps its duties; the kept text, every span and every name are
    without it, and the finding says where it stood so the original can be rebuilt."""
    text = NOTICE.replace("文化和旅游局：", f"文化{ch}和旅游局：").replace("财政", f"财{ch}政")
    plain = cg.parse_text(NOTICE)
    doc = cg.parse_text(text)
    assert duties(doc) == duties(plain) and not doc.unparsed
    assert doc.text == NOTICE and ch not in doc.model_dump_json()
    assert rebuilt(doc) == text
    assert "invisible_characters_removed" not in {f.code for f in plain.findings}


def test_zero_width_characters_throughout_a_sample():
    """A zero-width space after the first character of every line and a soft hyphen inside
    every agency name: the same document, spans and all, as without them."""
    text = sample("000_7f7948de658d7fdd")
    plain = cg.parse_text(text)
    names = {d.agency.name for d in plain.duties}
    marked = "\n".join(line[:1] + "\u200b" + line[1:] if line else line
                       for line in text.split("\n"))
    for name in names:
        marked = marked.replace(name, name[:2] + "\u00ad" + name[2:])
    doc = cg.parse_text(marked)
    assert doc.text == plain.text
    assert spans_of(doc) == spans_of(plain)
    removed = len(re.findall(f"[{ZERO_WIDTH}]", marked))
    finding = next(f for f in doc.findings if f.code == "invisible_characters_removed")
    # Too many to list one by one: the count, the first fifty and how many more.
    assert finding.message.startswith(f"{removed} zero-width")
    assert finding.message.endswith(f"and {removed - 50} more")


def test_zero_width_characters_in_word_paragraphs_and_cells():
    rows = [tc(p("单位")) + tc(p("职责")),
            tc(p("区文化\u200b和旅游局")) + tc(p("承担\ufeff日常工作")),
            tc(p("区财\u2060政局")) + tc(p("落实保障资金"))]
    body = (p("关于明确公共文化服务职责分工的通知") + p("区图书\u200c馆：") + p("1.开展阅读推广。")
            + table(*rows))
    doc = cg.parse(docx_bytes(body))
    clean = cg.parse(docx_bytes(re.sub(f"[{ZERO_WIDTH}]", "", body)))
    assert duties(doc) == duties(clean)
    assert [d[0] for d in duties(doc)] == ["区图书馆", "区文化和旅游局", "区财政局"]
    assert doc.text == clean.text and rebuilt(doc) != doc.text


# -- UTF-16 without a byte-order mark ---------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["000_7f7948de658d7fdd", "002_f08aa27de3bb326a"])
def test_chinese_notice_in_utf16_without_bom(name, encoding):
    text = sample(name)
    plain = cg.parse(text.encode("utf-8"))
    doc = cg.parse(text.encode(encoding))
    assert doc.encoding == encoding
    assert duties(doc) == duties(plain) and doc.metadata.title == plain.metadata.title


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_short_chinese_notice_in_utf16_without_bom(encoding):
    doc = cg.parse(NOTICE.encode(encoding))
    assert doc.encoding == encoding and duties(doc) == duties(cg.parse_text(NOTICE))


def _binaries():
    rng = random.Random(17)
    yield "random", rng.randbytes(8192)
    yield "deflated", zlib.compress(sample("000_7f7948de658d7fdd").encode("utf-16-le"))
    yield "int32 table", b"".join(rng.randrange(0, 70000).to_bytes(4, "little") for _ in range(2048))
    yield "elf-like", b"\x7fELF\x02\x01\x01" + bytes(57) + rng.randbytes(4000)


@pytest.mark.parametrize("label,data", list(_binaries()), ids=lambda v: v if isinstance(v, str) else "")
def test_binary_is_still_refused(label, data):
    with pytest.raises(UnsupportedFormatError, match="binary"):
        cg.parse(data)


def test_utf16_detection_survives_bytes_that_are_only_surrogates():
    """D8 DC read either way is a lone surrogate: nothing decodes, and that is no UTF-16."""
    from culturegov.readers.chinese_encodings import utf16_byte_order

    assert utf16_byte_order(b"\xd8\xdc" * 2048) is None


def test_gbk_and_ascii_are_not_taken_for_utf16():
    text = sample("002_f08aa27de3bb326a")
    assert cg.parse(text.encode("gb18030")).encoding == "gb18030"
    ascii_notice = "Notice on the division of duties\nCounty library: run reading events.\n" * 20
    assert cg.parse(ascii_notice.encode("ascii")).encoding == "utf-8"


# -- a .docx whose main part has another name ----------------------------------------------------

def numbered_notice() -> bytes:
    numbering = abstract_num("1", [("decimal", "%1.")]) + num("1", "1") + num("2", "1", restart=True)
    body = (p("关于明确公共文化服务职责分工的通知") + p("区文化和旅游局：") + p("承担日常工作；", "1")
            + p("组织惠民工程。", "1") + p("区财政局：") + p("落实保障资金。", "2"))
    return docx_bytes(body, numbering)


def test_docx_with_another_main_part_name_is_read():
    """Read like the original, automatic numbering (found through the moved part's
    relationships) included."""
    original = numbered_notice()
    moved = renamed_main_part(original)
    assert "word/document.xml" not in zipfile.ZipFile(io.BytesIO(moved)).namelist()
    doc = cg.parse(moved)
    assert doc.format == "docx"
    assert duties(doc) == duties(cg.parse(original))
    assert [d.number for d in doc.duties] == ["1.", "2.", "1."]


def test_docx_with_another_main_part_name_keeps_its_guards():
    """The moved part is still checked: a DOCTYPE in it is refused."""
    data = docx_bytes(p("区财政局：落实保障资金。"), prolog='<!DOCTYPE x [<!ENTITY a "b">]>')
    with pytest.raises(cg.CulturegovError, match="entities"):
        cg.parse(renamed_main_part(data))


@pytest.mark.parametrize("target,content_type", [
    ("content/missing.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    ("content/body.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
])
def test_zip_whose_main_part_is_not_a_word_body_is_still_refused(target, content_type):
    moved = renamed_main_part(docx_bytes(p("区财政局：落实保障资金。")))
    source = zipfile.ZipFile(io.BytesIO(moved))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "_rels/.rels":
                content = content.replace(b"content/body.xml", target.encode())
            elif info.filename == "[Content_Types].xml":
                content = re.sub(rb'(PartName="/content/body.xml" ContentType=")[^"]*',
                                 rb"\g<1>" + content_type.encode(), content)
            archive.writestr(info, content)
    with pytest.raises(UnsupportedFormatError, match="zip archive"):
        cg.parse(out.getvalue())


@pytest.mark.parametrize("ch", list(ZERO_WIDTH), ids=lambda c: f"U+{ord(c):04X}")
def test_names_compare_without_zero_width_characters(ch):
    """A name a user passes in (not through a document) compares as the name without them."""
    from culturegov.normalize.text import clean_name

    assert clean_name(f"区文化{ch}和旅游局：") == "区文化和旅游局"


# -- the character limit, held while the text is built ------------------------------------------

@pytest.fixture
def small_text_limit():
    from culturegov.limits import get_limits, set_limits

    before = get_limits()
    set_limits(max_text_chars=5000)
    yield
    set_limits(**vars(before))


def _never_reaches(monkeypatch, module, name):
    def unreachable(*args, **kwargs):
        raise AssertionError(f"{name} ran on a text over the limit")
    monkeypatch.setattr(module, name, unreachable)


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_character_limit_stops_a_reader_that_builds_its_text(fmt, small_text_limit, monkeypatch):
    """Refused while the text is written, before the document is built from it."""
    import culturegov.pipeline

    _never_reaches(monkeypatch, culturegov.pipeline, "build_document")
    lines = ["区财政局负责落实公共文化服务保障资金并开展绩效评价。"] * 400
    data = (docx_bytes("".join(p(line) for line in lines)) if fmt == "docx"
            else portal_page(paragraphs(lines)))
    with pytest.raises(cg.errors.InputTooLargeError, match=r"^big\.\w+: the text has .* max_text_chars"):
        cg.parse(data, name=f"big.{fmt}")


def test_character_limit_stops_text_before_its_blocks(small_text_limit, monkeypatch):
    import culturegov.readers.text

    _never_reaches(monkeypatch, culturegov.readers.text, "text_to_blocks")
    text = "区财政局负责落实公共文化服务保障资金。\n" * 400
    for parse in (lambda: cg.parse(text.encode("utf-8"), name="big.txt"),
                  lambda: cg.parse_text(text, name="big.txt")):
        with pytest.raises(cg.errors.InputTooLargeError, match="^big.txt: the text has"):
            parse()


_MEASURE = """
import sys
sys.path.insert(0, sys.argv[3])
import culturegov
from conftest import SAMPLES

def vm(key):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith(key))

seed = (SAMPLES / sys.argv[1]).read_text(encoding="utf-8")
text = ("\\n" + seed) * (int(sys.argv[2]) // (len(seed) + 1) + 1)
data = text.encode("utf-8")
before = vm("VmSize:")
culturegov.parse(data).model_dump_json()  # what a batch worker does with one file
print(len(text), vm("VmPeak:") - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
@pytest.mark.parametrize("name", ["205_duty_table_tab_rows", "000_7f7948de658d7fdd"])
def test_default_character_limit_fits_the_default_memory_budget(name):
    """A document at the default max_text_chars must fit the default per-file memory budget
    (the address space a batch worker may add), with a fifth left over. The cost per
    character is measured at two sizes in a fresh child, parsing and writing the JSON as a
    worker does, and extrapolated: a duty table costs about 250 bytes of address space per
    character, so the old default of 20 M characters admitted documents needing 5 GB."""
    from culturegov.limits import Limits

    env = {k: v for k, v in os.environ.items() if not k.startswith("CULTUREGOV_")}
    points = []
    for chars in (125_000, 500_000):
        out = subprocess.run([sys.executable, "-c", _MEASURE, f"{name}.txt", str(chars),
                              str(Path(__file__).parent)], capture_output=True, text=True,
                             check=True, env=env)
        points.append(tuple(int(v) for v in out.stdout.split()))
    (n1, m1), (n2, m2) = points
    per_char = (m2 - m1) / (n2 - n1)
    limits = Limits()
    at_limit = m2 + per_char * (limits.max_text_chars - n2)
    assert at_limit < 0.8 * limits.max_memory_per_file, (
        f"{name}: {per_char:.0f} B per character; at {limits.max_text_chars:,} characters "
        f"a worker needs {at_limit / 2**30:.2f} GiB of its {limits.max_memory_per_file / 2**30:.0f}")
