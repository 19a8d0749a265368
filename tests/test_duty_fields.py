"""Where a duty list ends and what it holds: found by mutating each condition of
recognizers/duties.py and duty_headers.py; each test fails when its condition is made to
always (or never) apply. The notices are written fresh and every list is read under several
numbering families, header shapes and body names, so that no test is keyed on one wording."""
from __future__ import annotations

import pytest

import culturegov

TITLE = "关于印发全民阅读工作成员单位职责分工的通知"
NAMES = [("区文化和旅游局", "区教育局", "区图书馆"),
         ("县文化广电旅游局", "县教育体育局", "县文化馆"),
         ("市委宣传部", "市总工会", "市妇联")]
FAMILIES = {"1.": lambda n: f"{n}.", "（1）": lambda n: f"（{n}）", "①": lambda n: chr(0x245F + n),
            "1）": lambda n: f"{n}）", "1、": lambda n: f"{n}、"}
HEADERS = ("{}：", "{}", "{}职责：", "【{}】")
DUTIES = [["负责全民阅读活动的统筹协调和督促检查。", "指导公共图书馆开展阅读推广服务，办好读书节。"],
          ["负责组织中小学生课外阅读活动，推动书香校园建设。"],
          ["负责建设城市书房和农家书屋。", "做好流动图书车的日常运行，保障偏远村居的借阅服务。"]]


def duty_list(names, family: str, header: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The lines of a block duty list, and the (body, duty) pairs it holds."""
    lines, pairs = [], []
    for name, duties in zip(names, DUTIES):
        lines.append(header.format(name))
        for k, duty in enumerate(duties, 1):
            lines.append(FAMILIES[family](k) + duty)
            pairs.append((name, duty))
    return lines, pairs


def read(lines: list[str]):
    doc = culturegov.parse_text("\n".join([TITLE, *lines]))
    return doc, [(d.agency.name, d.text) for d in doc.duties]


def shapes():
    """(names, family, header): every family and header shape, each name set in turn."""
    return [(NAMES[k % len(NAMES)], family, header)
            for k, (family, header) in enumerate((f, h) for f in FAMILIES for h in HEADERS)]


@pytest.mark.parametrize("names, family, header", shapes())
@pytest.mark.parametrize("label", ["联系人：王芳，联系电话：8765 4321", "主办单位：{}"])
def test_a_labelled_field_after_the_list_ends_it(names, family, header, label):
    lines, pairs = duty_list(names, family, header)
    field = label.format(names[0])
    doc, found = read([*lines, field])
    assert found == pairs
    assert field in [u.text for u in doc.unparsed]


@pytest.mark.parametrize("names, family, header", shapes())
@pytest.mark.parametrize("note", ["（此件公开发布）", "本分工自印发之日起执行，由区委宣传部负责解释"])
def test_text_after_the_signature_is_no_duty(names, family, header, note):
    """The signature and the date are claimed by the metadata: what comes after them is not
    carried on into the last duty."""
    lines, pairs = duty_list(names, family, header)
    doc, found = read([*lines, "", "全民阅读工作领导小组办公室", "2022年3月1日", note])
    assert found == pairs
    assert note in [u.text for u in doc.unparsed]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("numbers", [("一、", "二、"), ("（一）", "（二）")])
@pytest.mark.parametrize("items", [("1.", "2."), ("（1）", "（2）"), ("1、", "2、")])
def test_collective_headings_over_items_naming_their_bodies_report_no_empty_duty(
        names, numbers, items):
    lines = [f"{numbers[0]}{names[0][:1]}直有关部门职责",
             f"{items[0]}{names[0]}负责全民阅读活动的统筹协调。",
             f"{items[1]}{names[1]}负责组织中小学生课外阅读活动。",
             f"{numbers[1]}各镇人民政府职责",
             f"{items[0]}{names[2]}负责建设城市书房和农家书屋。"]
    doc, found = read(lines)
    assert [name for name, _ in found] == list(names)
    assert [f for f in doc.findings if f.code == "empty_duty"] == []


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("marks", [("1.", "2."), ("（一）", "（二）"), ("1、", "2、"), ("①", "②")])
def test_an_item_wrapped_onto_the_next_line_carries_on(names, marks):
    """`1.区X局负责…，` breaks its line before the sentence ends: the next line is its rest."""
    lines = [f"{marks[0]}{names[0]}负责全民阅读活动的统筹协调，", "指导公共图书馆开展阅读推广。",
             f"{marks[1]}{names[1]}负责组织中小学生课外阅读活动。"]
    doc, found = read(lines)
    assert [(name, "".join(text.split())) for name, text in found] == [
        (names[0], "负责全民阅读活动的统筹协调，指导公共图书馆开展阅读推广。"),
        (names[1], "负责组织中小学生课外阅读活动。")]
    assert [digits(d.number) for d in doc.duties] == [digits(marks[0]), digits(marks[1])]
    _blocks_hold_their_duties("\n".join([TITLE, *lines]))


def digits(number: str | None) -> str | None:
    return number.strip("()（）.、") if number else number


@pytest.mark.parametrize("names, family, header", shapes())
def test_a_numbered_duty_wrapped_onto_the_next_line_carries_on(names, family, header):
    """The last duty of each body breaks its line before its sentence ends (at its ，)."""
    lines, pairs = duty_list(names, family, header)
    wrapped = []
    for line in lines:
        head, comma, tail = line.partition("，")
        wrapped += [head + comma, tail] if comma else [line]
    doc, found = read(wrapped)
    assert [(name, "".join(text.split())) for name, text in found] == pairs
    numbers = [str(k) for _, duties in zip(names, DUTIES) for k in range(1, len(duties) + 1)]
    assert [digits(d.number).replace("①", "1").replace("②", "2") for d in doc.duties] == numbers


@pytest.mark.parametrize("names, family, header", shapes())
def test_a_collective_told_what_to_do_ends_a_list_only_at_a_line_start(names, family, header):
    """各镇人民政府要… opening a line ends the list above; inside a duty line, after a space, it
    is part of that duty."""
    lines, pairs = duty_list(names, family, header)
    inside = lines[:-1] + [lines[-1] + " 各镇人民政府要积极配合"]
    doc, found = read(inside)
    assert found[:-1] == pairs[:-1]
    assert found[-1] == (pairs[-1][0], pairs[-1][1] + " 各镇人民政府要积极配合")
    doc, found = read([*lines, "各镇人民政府要积极配合做好阅读推广工作。"])
    assert found == pairs
    assert "各镇人民政府要积极配合做好阅读推广工作。" in [u.text for u in doc.unparsed]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("colon", ["：", ":"])
@pytest.mark.parametrize("program", ["【书香满城】", "〔悦读周末〕"])
def test_a_bracketed_word_inside_a_duty_line_does_not_end_it(names, colon, program):
    """A line opening with a bracketed label ends a list; a bracket after a space inside a
    duty's line is the duty's own words."""
    lines = [f"{names[0]}{colon}负责打造 {program} 阅读品牌，组织全民阅读活动。",
             f"{names[1]}{colon}负责组织中小学生课外阅读活动。"]
    doc, found = read(lines)
    assert found == [(names[0], f"负责打造 {program} 阅读品牌，组织全民阅读活动。"),
                     (names[1], "负责组织中小学生课外阅读活动。")]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("numbers", [("一、", "二、"), ("（一）", "（二）"), ("第一条", "第二条")])
def test_two_outline_headings_naming_bodies_over_paragraphs_are_duty_lists(names, numbers):
    lines = [f"{numbers[0]}{names[0]}", "负责全民阅读活动的统筹协调。", "指导公共图书馆开展阅读推广服务。",
             f"{numbers[1]}{names[1]}", "负责组织中小学生课外阅读活动。"]
    doc, found = read(lines)
    assert found == [(names[0], "负责全民阅读活动的统筹协调。"),
                     (names[0], "指导公共图书馆开展阅读推广服务。"),
                     (names[1], "负责组织中小学生课外阅读活动。")]


TABLE_HEADERS = [("单位", "职责"), ("责任单位", "工作职责"), ("成员单位", "主要职责")]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("columns", TABLE_HEADERS)
@pytest.mark.parametrize("between", [" ", "\u3000"])
def test_a_duty_table_cell_of_one_line_is_cut_at_its_sentences(names, columns, between):
    """A cell of one line holding several sentences (set apart by a space or not) is one duty
    per sentence; a row whose duty cell is empty reports its body as having no duty."""
    rows = [columns, (names[0], "负责全民阅读活动的统筹协调。" + between + "指导公共图书馆开展阅读推广。"),
            (names[1], ""), (names[2], "负责建设城市书房；做好流动图书车的运行")]
    doc = culturegov.parse_text("全民阅读工作职责分工表\n"
                                + "".join(" | ".join(r) + " |\n" for r in rows))
    assert [(d.agency.name, d.text) for d in doc.duties] == [
        (names[0], "负责全民阅读活动的统筹协调。"), (names[0], "指导公共图书馆开展阅读推广。"),
        (names[2], "负责建设城市书房"), (names[2], "做好流动图书车的运行")]
    assert [f.message for f in doc.findings if f.code == "empty_duty"] == \
        [f"{names[1]} is followed by no duty"]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("top, sub", [(("1.", "2."), ("（1）", "（2）")), (("1.", "2."), ("①", "②")),
                                      (("（1）", "（2）"), ("①", "②")), (("1、", "2、"), ("（1）", "（2）"))])
@pytest.mark.parametrize("space", ["", " "])
def test_sub_items_in_a_table_cell_stay_inside_their_duty(names, top, sub, space):
    """The cell's first number fixes its items' family: sub-items in another family (even in
    the cell's last duty) are part of their item."""
    first = f"负责全民阅读活动，包括：{space}{sub[0]}举办读书节；{space}{sub[1]}开展阅读月。"
    cell = f"{top[0]}指导公共图书馆开展阅读推广。{space}{top[1]}{first}"
    doc = culturegov.parse_text("全民阅读工作职责分工表\n单位 | 职责 |\n"
                                f"{names[0]} | {cell} |\n{names[1]} | {top[0]}负责组织中小学生阅读活动。 |\n")
    assert [(d.agency.name, digits(d.number), d.text) for d in doc.duties] == [
        (names[0], "1", "指导公共图书馆开展阅读推广。"), (names[0], "2", first),
        (names[1], "1", "负责组织中小学生阅读活动。")]


@pytest.mark.parametrize("names, family, header", shapes())
@pytest.mark.parametrize("group", ["全民阅读工作领导小组", "公共文化服务体系建设协调组", "全民阅读工作联席会议"])
def test_the_coordinating_group_itself_heads_no_duty_list(names, family, header, group):
    """The group the duties are divided for: its own mandate is no member's duty list."""
    lines, pairs = duty_list(names, family, header)
    own = [header.format(names[0][0] + group), FAMILIES[family](1) + "统筹推进全区全民阅读工作。"]
    doc, found = read([*own, *lines])
    assert found == pairs
    assert names[0][0] + group not in [a.name for a in doc.agencies]


@pytest.mark.parametrize("names, family, header", [s for s in shapes() if s[2].endswith("：")])
@pytest.mark.parametrize("collective", ["各镇人民政府", "各有关单位", "区直相关部门"])
def test_a_body_announced_with_no_duty_is_kept_a_collective_is_not(names, family, header,
                                                                   collective):
    """`NAME：` with nothing under it: the body is still one of the document's bodies, with an
    empty_duty finding; a collective `各…：` is reported but names no body."""
    lines, pairs = duty_list(names, family, header)
    k = len(DUTIES[0]) + 1  # after the first body's duties
    for empty in (names[0][0] + "档案馆", collective):
        doc, found = read([*lines[:k], header.format(empty), *lines[k:]])
        assert found == pairs
        assert [f.message for f in doc.findings if f.code == "empty_duty"] == \
            [f"{empty} is followed by no duty"]
        assert (empty in [a.name for a in doc.agencies]) == (empty != collective)


@pytest.mark.parametrize("names, family, header", shapes())
def test_names_alone_on_lines_over_each_other_are_a_list_not_headers(names, family, header):
    """Bodies listed one a line (the members) head nothing: the next line is a name too."""
    members = ["全民阅读工作由以下单位共同推进：", *names]
    lines, pairs = duty_list(names, family, header)
    doc, found = read([*members, *lines])
    assert found == pairs
    assert [u.text for u in doc.unparsed][:3] == members[:3]  # names over names


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("marks", [("（一）", "（二）"), ("1.", "2."), ("一、", "二、")])
@pytest.mark.parametrize("mark", ["：", "。"])
def test_the_duties_of_an_item_split_at_its_clauses_lie_in_its_line(names, marks, mark):
    """`（一）NAME：a；b，` wrapped onto a second line: the first duty is in the item's own
    line (block), the second runs on into the next."""
    lines = [f"{marks[0]}{names[0]}{mark}负责全民阅读活动的统筹协调；指导公共图书馆开展阅读推广，",
             "办好全民读书节。", f"{marks[1]}{names[1]}{mark}负责组织中小学生课外阅读活动。"]
    doc, found = read(lines)
    assert [(name, "".join(text.split())) for name, text in found] == [
        (names[0], "负责全民阅读活动的统筹协调"), (names[0], "指导公共图书馆开展阅读推广，办好全民读书节。"),
        (names[1], "负责组织中小学生课外阅读活动。")]
    first, second, third = doc.duties
    assert first.span.block == first.agency.span.block != third.span.block


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("unknown", ["全区公共图书馆", "区城市书房运营中心", "全民阅读促进会"])
def test_a_first_sentence_heads_duties_only_when_it_is_a_known_body(names, unknown):
    """`NAME。duties`: 。 ends sentences too, so a name-shaped first sentence heads a list
    only when the resolver knows the body."""
    lines = [f"{names[0]}：负责全民阅读活动的统筹协调。", f"{names[1]}。负责组织中小学生课外阅读活动。",
             f"{unknown}。到2025年建成城市书房二十家。"]
    doc, found = read(lines)
    assert [name for name, _ in found][:2] == [names[0], names[1]]
    assert {name for name, _ in found} == {names[0], names[1]}  # the unknown one heads nothing
    assert found[1] == (names[1], "负责组织中小学生课外阅读活动。")


def _blocks_hold_their_duties(text: str):
    """Every duty's span starts in the block (and page) it names."""
    from culturegov.layouts import repair_layout
    from culturegov.readers.text import text_to_blocks

    doc = culturegov.parse_text(text)
    blocks = {b.index: b for b in repair_layout(text, text_to_blocks(text))}  # tables made
    wrong = [(d.agency.name, d.text, d.span.block) for d in doc.duties
             if not blocks[d.span.block].start <= d.span.start < blocks[d.span.block].end]
    assert wrong == []
    return doc


@pytest.mark.parametrize("names, family, header", shapes())
def test_each_duty_lies_in_the_block_it_names(names, family, header):
    """Run-on duties cut out of several lines (`NAME：a；` / `b；c。` on the next line) each
    name the line they start in, not the first line of their list."""
    lines, pairs = duty_list(names, family, header)
    runs_on = [f"{names[0]}：负责全民阅读活动的统筹协调；", "指导公共图书馆开展阅读推广；办好读书节。",
               f"（一）{names[1]}：负责组织中小学生课外阅读活动，", "推动书香校园建设；开展读书月活动。"]
    doc = _blocks_hold_their_duties("\n".join([TITLE, *runs_on, *lines]))
    assert [d.text for d in doc.duties[:5]] == [
        "负责全民阅读活动的统筹协调", "指导公共图书馆开展阅读推广", "办好读书节。",
        "负责组织中小学生课外阅读活动，\n推动书香校园建设", "开展读书月活动。"]
    assert len(doc.duties) == 5 + len(pairs)


def test_each_duty_of_every_sample_lies_in_the_block_it_names():
    from conftest import SAMPLES

    for path in sorted(SAMPLES.glob("*.txt")):
        _blocks_hold_their_duties(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("numbers", [("", ""), ("一、", "二、"), ("（一）", "（二）")])
@pytest.mark.parametrize("bullet", ["", "●", "◆ "])
def test_unnumbered_duty_lines_one_duty_each_unless_a_line_runs_on(names, numbers, bullet):
    """Under a name alone on its line (no colon), one duty a line; a line that does not end
    its sentence runs on into the next, and a second sentence after a space in the line stays
    in the line's duty. (After `NAME：` the text is cut at every sentence instead.)"""
    header = [n + "{}" for n in numbers]
    lines = [header[0].format(names[0]), f"{bullet}负责全民阅读活动的统筹协调，", "和督促检查。",
             f"{bullet}指导公共图书馆开展阅读推广。 办好全民读书节。",
             header[1].format(names[1]), f"{bullet}负责组织中小学生课外阅读活动。",
             f"{bullet}推动书香校园建设。"]
    doc, found = read(lines)
    assert found == [(names[0], "负责全民阅读活动的统筹协调，\n和督促检查。"),
                     (names[0], "指导公共图书馆开展阅读推广。 办好全民读书节。"),
                     (names[1], "负责组织中小学生课外阅读活动。"), (names[1], "推动书香校园建设。")]


@pytest.mark.parametrize("names, family, header", [s for s in shapes() if s[2] != "{}"])
@pytest.mark.parametrize("collective", ["区直有关单位", "各成员单位", "县直相关部门"])
def test_a_collective_saluted_before_the_preamble_heads_nothing(names, family, header,
                                                                 collective):
    lines, pairs = duty_list(names, family, header)
    preamble = "为推进全民阅读工作，现将各单位职责明确如下。"
    doc, found = read([f"{collective}：", preamble, *lines])
    assert found == pairs
    assert preamble in [u.text for u in doc.unparsed]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("indent", ["\t", "\u3000\u3000", "    "])
@pytest.mark.parametrize("family", ["", "1."])
def test_duty_lines_indented_under_a_bare_name_line(names, indent, family):
    lines = [names[0], f"{indent}{family}负责全民阅读活动的统筹协调。",
             names[1], f"{indent}{family}负责组织中小学生课外阅读活动。"]
    doc, found = read(lines)
    assert found == [(names[0], "负责全民阅读活动的统筹协调。"), (names[1], "负责组织中小学生课外阅读活动。")]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("values", [("96.5", "优秀"), ("王芳", "8765 4321"), ("12", "2022年3月")])
def test_a_name_followed_by_values_in_tab_cells_heads_no_duties(names, values):
    """A row of cells set off by tabs (a name, a score, a grade) is a table's row, not a
    header over what follows in its line."""
    rows = [f"{name}\t{values[0]}\t{values[1]}" for name in names]
    doc, found = read(rows)
    assert found == []
    assert [u.text for u in doc.unparsed] == rows


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("numbers", [("（一）", "（二）", "（三）"), ("一、", "二、", "三、")])
@pytest.mark.parametrize("shared", ["共同职责", "共性职责"])
def test_a_shared_heading_gives_its_duties_to_the_collective_of_the_preamble(names, numbers,
                                                                             shared):
    lines = ["各成员单位要按照分工抓好落实。",
             f"{numbers[0]}{names[0]}", "1.负责全民阅读活动的统筹协调。",
             f"{numbers[1]}{names[1]}", "1.负责组织中小学生课外阅读活动。",
             f"{numbers[2]}{shared}", "1.做好本系统的阅读推广工作。"]
    doc, found = read(lines)
    assert found == [(names[0], "负责全民阅读活动的统筹协调。"), (names[1], "负责组织中小学生课外阅读活动。"),
                     ("各成员单位", "做好本系统的阅读推广工作。")]
    shared_duty = doc.duties[-1]
    assert doc.text[shared_duty.agency.span.start:shared_duty.agency.span.end] == "各成员单位"


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("header", ["{}", "{}：", "【{}】"])
@pytest.mark.parametrize("first", ["负责全民阅读活动统筹协调和督促检查",  # 17 characters
                                   "负责全民阅读活动统筹协调和督促检"])  # 16
def test_a_first_outline_item_reads_as_a_sentence_by_its_length_or_punctuation(names, header,
                                                                               first):
    """Under a body, `（一）…` is a first duty when it reads as a sentence: longer than 15
    characters, or punctuated; a short line with neither is the outline's next heading."""
    lines = [header.format(names[0]), f"（一）{first}", "（二）指导公共图书馆开展阅读推广。",
             header.format(names[1]), "（一）负责组织中小学生课外阅读活动。"]
    doc, found = read(lines)
    assert found == [(names[0], first), (names[0], "指导公共图书馆开展阅读推广。"),
                     (names[1], "负责组织中小学生课外阅读活动。")]
    for short in ("负责全民阅读活动统筹协调和督促", "全民阅读活动"):  # 15 characters, and fewer
        lines[1] = f"（一）{short}"
        doc, found = read(lines)
        assert names[0] not in [name for name, _ in found]
    lines[1] = "（二）负责全民阅读活动的统筹协调，和督促检查。"  # a later number: not a first item
    doc, found = read(lines)
    assert names[0] not in [name for name, _ in found]


COUNTED = ["负责全民阅读活动的统筹协调", "指导公共图书馆开展阅读推广", "办好全民读书节"]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("header", ["{}：", "【{}】", "{}职责："])
@pytest.mark.parametrize("counts", [("一", "二", "三"), ("九", "十", "十一")])
@pytest.mark.parametrize("between", ["", "，", " "])
@pytest.mark.parametrize("mark", ["", "，"])
def test_counted_duties_with_no_semicolon_between_are_cut_in_sequence(names, header, counts,
                                                                      between, mark):
    """一是…二是…三是… in one line with no ； between them (a PDF that never drew it): cut
    before each next count, in sequence only (a count out of turn is part of the text)."""
    text = between.join(f"{c}是{mark}{duty}" for c, duty in zip(counts, COUNTED)) + "。"
    doc, found = read([header.format(names[0]) + text, header.format(names[1]) + "负责组织中小学生课外阅读活动。"])
    assert [(d.number, d.text.rstrip("，。 ")) for d in doc.duties[:3]] == \
        [(f"{c}是", duty) for c, duty in zip(counts, COUNTED)]
    assert [d.agency.name for d in doc.duties] == [names[0]] * 3 + [names[1]]
    skipped = f"{counts[0]}是{mark}{COUNTED[0]}{between}{counts[2]}是{COUNTED[2]}。"  # no second
    doc, found = read([header.format(names[0]) + skipped, header.format(names[1]) + "负责组织中小学生课外阅读活动。"])
    assert found[0] == (names[0], skipped[len(counts[0]) + 1 + len(mark):])
    assert doc.duties[0].number == f"{counts[0]}是"


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("gap", [" ", "\u3000"])
def test_a_name_after_a_space_inside_a_numbered_duty_is_part_of_it(names, family, gap):
    """Only a piece between sentences (after a sentence end, at a line start, after an
    attachment label) can head duties: not one after a numbered piece mid-sentence."""
    duty = f"负责统筹协调{gap}{names[1]}{gap}配合做好阅读推广。"
    lines = [f"{names[0]}：", FAMILIES[family](1) + duty, FAMILIES[family](2) + "指导公共图书馆开展阅读推广。"]
    doc, found = read(lines)
    assert found == [(names[0], duty), (names[0], "指导公共图书馆开展阅读推广。")]


LONG_NAME = "区文化广电旅游体育局（区新闻出版局、区版权局、区文物局）"  # 28 characters


@pytest.mark.parametrize("marks", [("1.", "2."), ("（一）", "（二）"), ("1、", "2、")])
@pytest.mark.parametrize("verb", ["负责", "牵头"])
def test_an_item_opening_with_its_body_finds_a_verb_within_30_characters(marks, verb):
    """`1.NAME负责…`: the name is looked for before a verb ending by the 30th character: a
    28-character name is read, a longer one is not an item's body."""
    lines = [f"{marks[0]}{LONG_NAME}{verb}全民阅读活动的统筹协调。", f"{marks[1]}区教育局{verb}组织中小学生阅读活动。"]
    doc, found = read(lines)
    assert [name for name, _ in found] == [LONG_NAME, "区教育局"]
    longer = LONG_NAME.replace("）", "等）")
    doc, found = read([lines[0].replace(LONG_NAME, longer), lines[1]])
    assert longer not in [name for name, _ in found]


@pytest.mark.parametrize("marks", [("1.", "2.", "3."), ("（一）", "（二）", "（三）"), ("①", "②", "③")])
@pytest.mark.parametrize("short", [("团委", "妇联"), ("文联", "科协")])
def test_items_opening_with_a_two_character_body(marks, short):
    lines = [f"{marks[0]}区文化和旅游局负责全民阅读活动的统筹协调。", f"{marks[1]}{short[0]}负责组织青少年读书会。",
             f"{marks[2]}{short[1]}负责开展亲子阅读活动。"]
    doc, found = read(lines)
    assert [name for name, _ in found] == ["区文化和旅游局", *short]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("marks", [("1.", "2.", "3."), ("（一）", "（二）", "（三）"), ("1、", "2、", "3、")])
@pytest.mark.parametrize("modal", ["要", "应当"])
def test_a_body_told_what_to_do_is_a_duty_a_collective_is_not(names, marks, modal):
    """`1.区X局要…` is the body's duty; `3.各镇人民政府要…` tells a collective, and is none."""
    lines = [f"{marks[0]}{names[0]}{modal}加强全民阅读活动的统筹协调。", f"{marks[1]}{names[1]}{modal}组织中小学生阅读活动。",
             f"{marks[2]}各镇人民政府{modal}做好农家书屋管理。"]
    doc, found = read(lines)
    assert found == [(names[0], f"{modal}加强全民阅读活动的统筹协调。"), (names[1], f"{modal}组织中小学生阅读活动。")]


@pytest.mark.parametrize("header", ["{}：", "【{}】"])
@pytest.mark.parametrize("collective", ["各镇人民政府、街道办事处", "各乡镇、各街道"])
def test_bodies_listed_before_a_duty_share_it_unless_a_collective_covers_them(header, collective):
    lines = [header.format(collective) + "负责农家书屋和社区书屋的日常管理。",
             header.format("区总工会、团区委、区妇联") + "负责组织职工、青少年和家庭阅读活动。"]
    doc, found = read(lines)
    assert [name for name, _ in found] == [collective, "区总工会", "团区委", "区妇联"]
    assert {text for name, text in found[1:]} == {"负责组织职工、青少年和家庭阅读活动。"}


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("numbers", [("一、", "二、"), ("（一）", "（二）")])
@pytest.mark.parametrize("items", [("1.", "2."), ("（1）", "（2）"), ("①", "②")])
def test_headings_over_items_naming_other_bodies(names, numbers, items):
    """A heading naming a body over items that name their own (its units): the items are
    their bodies' duties and the heading's body is reported with none; a collective heading
    (区直部门职责) keeps a duty of its own written before such items."""
    lines = [f"{numbers[0]}{names[0]}", f"{items[0]}区图书馆负责全民阅读推广。", f"{items[1]}区文化馆负责组织读书会。",
             f"{numbers[1]}{names[1]}", f"{items[0]}区融媒体中心负责阅读公益宣传。"]
    doc, found = read(lines)
    assert found == [("区图书馆", "负责全民阅读推广。"), ("区文化馆", "负责组织读书会。"), ("区融媒体中心", "负责阅读公益宣传。")]
    assert [f.message for f in doc.findings if f.code == "empty_duty"] == \
        [f"{names[0]} is followed by no duty", f"{names[1]} is followed by no duty"]
    lines = [f"{numbers[0]}{names[0][:1]}直部门职责", "做好本部门职工的阅读推广工作。",
             f"{items[0]}{names[0]}负责全民阅读活动的统筹协调。", f"{items[1]}{names[1]}负责组织中小学生阅读活动。",
             f"{numbers[1]}各镇人民政府职责", "负责农家书屋的日常管理。"]
    doc, found = read(lines)
    assert found == [(f"{names[0][:1]}直部门", "做好本部门职工的阅读推广工作。"),
                     (names[0], "负责全民阅读活动的统筹协调。"), (names[1], "负责组织中小学生阅读活动。"),
                     ("各镇人民政府", "负责农家书屋的日常管理。")]


SUBJECT_LINES = ["{}负责全民阅读活动的统筹协调。", "{}负责组织中小学生课外阅读活动。", "{}负责建设城市书房和农家书屋。"]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("count", [2, 3])
@pytest.mark.parametrize("end", ["。", "；"])
def test_lines_each_opening_with_a_body_are_a_list_to_the_last(names, count, end):
    """区X局负责…。 / 区Y局负责…。: one clause a line, each opening with its body; the last line
    belongs to the list as much as the first."""
    lines = [line.format(name)[:-1] + end for line, name in zip(SUBJECT_LINES, names)][:count]
    doc, found = read(lines)
    assert found == [(name, line[len(name):].rstrip("；")) for name, line in zip(names, lines)]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("after", ["活动时间为每年四月至五月。", "请各单位认真抓好落实。"])
def test_a_lone_sentence_opening_with_a_body_is_no_list(names, after):
    for lines in ([SUBJECT_LINES[0].format(names[0]), after], [after, SUBJECT_LINES[0].format(names[0])]):
        doc, found = read(lines)
        assert found == []


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("gap", ["", " ", "\u3000"])
def test_clauses_after_an_opening_phrase_are_a_sentence_not_a_list(names, gap):
    line = f"为做好全民阅读工作，{gap}{names[0]}负责统筹协调；{names[1]}负责组织学生阅读。"
    doc, found = read([line])
    assert found == []


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("sep", ["；", "。"])
def test_a_clause_with_no_body_is_one_more_duty_of_the_body_before_it(names, sep):
    line = (f"{names[0]}负责统筹协调{sep}{names[1]}负责组织学生阅读{sep}做好书香校园建设{sep}"
            f"{names[2]}负责建设城市书房。")
    doc, found = read([line])
    assert [(name, text.rstrip("；。")) for name, text in found] == [
        (names[0], "负责统筹协调"), (names[1], "负责组织学生阅读"), (names[1], "做好书香校园建设"),
        (names[2], "负责建设城市书房")]
    assert [d.span.end for d in doc.duties] == sorted(d.span.end for d in doc.duties)


@pytest.mark.parametrize("marks", [("1.", "2."), ("（一）", "（二）"), ("1、", "2、")])
@pytest.mark.parametrize("verb", ["负责", "牵头"])
def test_an_item_whose_line_ends_at_its_verb_carries_on(marks, verb):
    lines = [f"{marks[0]}区文化和旅游局{verb}", "全民阅读活动的统筹协调。", f"{marks[1]}区教育局{verb}组织中小学生阅读活动。"]
    doc, found = read(lines)
    assert [(name, "".join(text.split())) for name, text in found] == [
        ("区文化和旅游局", f"{verb}全民阅读活动的统筹协调。"), ("区教育局", f"{verb}组织中小学生阅读活动。")]


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize("values", [("全民阅读推广活动", "王芳"), ("书香校园建设工作", "2022年")])
def test_a_name_in_a_tab_row_is_a_cell_even_before_words(names, values):
    rows = [f"{name}\t{values[0]}\t{values[1]}" for name in names]
    doc, found = read(rows)
    assert found == []


@pytest.mark.parametrize("names, family, header", shapes())
@pytest.mark.parametrize("collective", ["各镇", "各村", "各乡镇人民政府"])
def test_a_short_collective_told_what_to_do_ends_the_list(names, family, header, collective):
    lines, pairs = duty_list(names, family, header)
    doc, found = read([*lines, f"{collective}要做好农家书屋管理。"])
    assert found == pairs


@pytest.mark.parametrize("names", NAMES)
def test_a_subject_clause_finds_its_verb_within_30_characters(names):
    lines = [f"{LONG_NAME}负责全民阅读活动的统筹协调；{names[1]}负责组织学生阅读。"]
    doc, found = read(lines)
    assert [name for name, _ in found] == [LONG_NAME, names[1]]
    longer = LONG_NAME.replace("）", "等）")
    doc, found = read([lines[0].replace(LONG_NAME, longer)])
    assert longer not in [name for name, _ in found]


@pytest.mark.parametrize("names, family, header", shapes())
@pytest.mark.parametrize("label", ["联系人：王芳，联系电话：8765 4321", "承办单位：{}"])
def test_a_name_over_a_labelled_field_heads_nothing(names, family, header, label):
    """A name line over `联系人：…` (a contact block before the list) is no header."""
    lines, pairs = duty_list(names, family, header)
    contact = [names[2][:1] + "档案馆", label.format(names[2])]
    doc, found = read([*contact, *lines])
    assert found == pairs
    assert [f for f in doc.findings if f.code == "empty_duty"] == []
    assert [u.text for u in doc.unparsed][:2] == contact
