"""The fields of a task table's rows: the empty-row finding, a header found below caption
rows, a header with no rows, labelled unit cells, numbers that open the task cell. Found by
mutating each condition of recognizers/tasks.py; each test fails when its condition is made
to always (or never) apply. Every table is written fresh and read in several forms (pipe
rows, tab rows, a web table, a Word table) with two sets of body names, so that no test is
keyed on one way of writing it."""
from __future__ import annotations

import pytest

import culturegov
from factories import docx_bytes, p, table as docx_table, tc
from factories_web import paragraphs, table as web_table

TITLE = "全民阅读推进工作任务分解表"
FORMS = ("pipe", "tab", "html", "docx")
# (lead, cooperating, other lead): district and county bodies.
NAMES = [("区文化和旅游局", "区财政局", "区图书馆"),
         ("县教育体育局", "县融媒体中心", "县文化馆")]


def parse_rows(tmp_path, rows: list[list[str]], form: str, caption: list[list[str]] = ()):
    """The notice TITLE over a table of `rows` (its header first), written in `form`.
    `caption`: rows above the header, inside the table (web and Word only)."""
    if form in ("pipe", "tab"):
        assert not caption
        sep, end = (" | ", " |") if form == "pipe" else ("\t", "")
        return culturegov.parse_text(TITLE + "\n" + "".join(sep.join(r) + end + "\n" for r in rows))
    rows = [*caption, *rows]
    width = max(len(r) for r in rows)
    if form == "html":
        page = ("<html><head><meta charset='utf-8'></head><body>" + paragraphs([TITLE])
                + web_table([r + [""] * (width - len(r)) for r in rows],
                            colspans={(k, 0): width for k, r in enumerate(rows) if len(r) == 1})
                + "</body></html>")
        path = tmp_path / "tasks.html"
        path.write_text(page, encoding="utf-8")
    else:
        body = p(TITLE) + docx_table(*("".join(tc(v, span=width if len(r) == 1 else 1) for v in r)
                                      for r in rows))
        path = tmp_path / "tasks.docx"
        path.write_bytes(docx_bytes(body))
    return culturegov.parse(path)


def fields(doc):
    return [(t.number, t.title, t.content, [u.name for u in t.lead],
             [u.name for u in t.cooperating], t.deadline.raw if t.deadline else None)
            for t in doc.tasks]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("lead, coop, other", NAMES)
def test_a_row_with_no_task_text_is_reported_once(tmp_path, form, lead, coop, other):
    rows = [["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
            ["1", "建设城市书房五家", lead, coop, "2022年6月底前"],
            ["2", "", other, coop, "2022年底前"],
            ["3", "举办全民读书节", other, "", "2022年4月"]]
    doc = parse_rows(tmp_path, rows, form)
    assert fields(doc) == [("1", "建设城市书房五家", None, [lead], [coop], "2022年6月底前"),
                           ("2", None, None, [other], [coop], "2022年底前"),
                           ("3", "举办全民读书节", None, [other], [], "2022年4月")]
    empty = [f for f in doc.findings if f.code == "empty_task"]
    assert len(empty) == 1
    row = doc.text[empty[0].span.start:empty[0].span.end]
    assert other in row and "2022年底前" in row and lead not in row  # the row, not its neighbours


@pytest.mark.parametrize("form", FORMS)
def test_a_task_with_a_name_or_measures_alone_is_not_empty(tmp_path, form):
    """A task's name without measures, or measures under no name of their own (their row
    numbered), is a task; only a row with neither is reported."""
    lead, coop, other = NAMES[0]
    rows = [["序号", "重点任务", "具体措施", "牵头单位", "配合单位"],
            ["1", "完善阅读设施", "", lead, coop],
            ["2", "", "每季度开展一次送书进村", other, coop],
            ["3", "", "", other, ""]]
    doc = parse_rows(tmp_path, rows, form)
    assert [(t.number, t.title, t.content) for t in doc.tasks] == [
        ("1", "完善阅读设施", None), ("2", None, "每季度开展一次送书进村"), ("3", None, None)]
    assert [f.code for f in doc.findings if f.code == "empty_task"] == ["empty_task"]


@pytest.mark.parametrize("form", ["html", "docx"])
@pytest.mark.parametrize("caption", [
    [[TITLE + "（附表）"], ["填报单位：区委宣传部　　填报日期：2022年3月1日"]],
    [["附件"], ["2022年度工作清单"]],
])
def test_a_header_under_two_caption_rows_is_found(tmp_path, form, caption):
    lead, coop, other = NAMES[1]
    rows = [["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
            ["1", "建设城市书房五家", lead, coop, "2022年6月底前"],
            ["2", "举办全民读书节", other, lead, "2022年4月"]]
    doc = parse_rows(tmp_path, rows, form, caption=caption)
    assert fields(doc) == [("1", "建设城市书房五家", None, [lead], [coop], "2022年6月底前"),
                           ("2", "举办全民读书节", None, [other], [lead], "2022年4月")]


@pytest.mark.parametrize("form", ["pipe", "docx"])  # one tab line alone is no table
def test_a_header_with_no_rows_under_it_is_claimed_and_holds_no_task(tmp_path, form):
    doc = parse_rows(tmp_path, [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]], form)
    assert doc.tasks == []
    assert not [u for u in doc.unparsed if "牵头单位" in u.text]


@pytest.mark.parametrize("form", ["pipe", "tab", "html"])
@pytest.mark.parametrize("lead, coop, other", NAMES)
def test_a_header_repeated_right_under_itself_is_read_as_after_a_page_break(
        tmp_path, form, lead, coop, other):
    header = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    one = ["1", "建设城市书房五家", lead, coop, "2022年6月底前"]
    two = ["2", "举办全民读书节", other, lead, "2022年4月"]
    doubled = parse_rows(tmp_path, [header, header, one, two], form)
    broken = parse_rows(tmp_path, [header, one, header, two], form)
    assert fields(doubled) == fields(broken) == [
        ("1", "建设城市书房五家", None, [lead], [coop], "2022年6月底前"),
        ("2", "举办全民读书节", None, [other], [lead], "2022年4月")]
    # the repeat is neither a task nor the header: both documents leave it to the reader
    assert [u.text for u in doubled.unparsed] == [u.text for u in broken.unparsed]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("sep", ["；", ";", "，"])
def test_labelled_parts_of_a_unit_cell(tmp_path, form, sep):
    """责任单位 | 牵头单位：A；配合单位：B；责任人：C；完成时限：D — the cell names its roles."""
    lead, coop, other = NAMES[0]
    rows = [["序号", "工作任务", "责任单位"],
            ["1", "建设城市书房五家",
             sep.join([f"牵头单位：{lead}", f"配合单位：{coop}", "责任人：周明、陈　亮",
                       "完成时限：2022年6月底前"])],
            ["2", "举办全民读书节", sep.join([f"牵头单位：{other}", "完成时限："])]]
    doc = parse_rows(tmp_path, rows, form)
    assert fields(doc) == [("1", "建设城市书房五家", None, [lead], [coop], "2022年6月底前"),
                           ("2", "举办全民读书节", None, [other], [], None)]
    assert [t.leaders for t in doc.tasks] == [["周明", "陈亮"], []]


@pytest.mark.parametrize("form", FORMS)
def test_a_deadline_column_before_a_labelled_deadline_wins(tmp_path, form):
    lead, coop, _ = NAMES[1]
    rows = [["序号", "完成时限", "工作任务", "责任单位"],
            ["1", "2022年底前", "建设城市书房五家", f"牵头单位：{lead}；完成时限：2023年"],
            ["2", "2022年4月", "举办全民读书节", f"牵头单位：{coop}"]]
    doc = parse_rows(tmp_path, rows, form)
    assert [t.deadline.raw for t in doc.tasks] == ["2022年底前", "2022年4月"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("cell", ["{0}（配合单位：{1}）", "{0}（责任人：周明）"])
def test_a_unit_cell_with_text_before_its_first_label_is_one_unit(tmp_path, form, cell):
    """Labels are read only when they open the cell: a name with a bracketed note stays one
    unit (what the note says is not split out of it)."""
    lead, coop, other = NAMES[0]
    rows = [["序号", "工作任务", "牵头单位"],
            ["1", "建设城市书房五家", cell.format(lead, coop)],
            ["2", "举办全民读书节", "各街道：社区文化站"]]
    doc = parse_rows(tmp_path, rows, form)
    assert [[u.name for u in t.lead] for t in doc.tasks] == [[cell.format(lead, coop)],
                                                             ["各街道：社区文化站"]]
    assert [(t.cooperating, t.leaders) for t in doc.tasks] == [([], []), ([], [])]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("marks", [("1.", "2."), ("1、", "2、"), ("（一）", "（二）"),
                                   ("一、", "二、"), ("(1)", "(2)")])
def test_a_number_opening_the_task_cell_is_the_tasks_number(tmp_path, form, marks):
    lead, coop, other = NAMES[1]
    rows = [["工作任务", "牵头单位", "完成时限"],
            [marks[0] + "建设城市书房五家", lead, "2022年"],
            [marks[1] + "举办全民读书节", other, "2023年"]]
    doc = parse_rows(tmp_path, rows, form)
    numbers = [t.number for t in doc.tasks]
    assert [t.title for t in doc.tasks] == ["建设城市书房五家", "举办全民读书节"]
    assert all(n and n.strip("()（）") in ("1", "2", "一", "二") for n in numbers)
    assert numbers[0] != numbers[1]


@pytest.mark.parametrize("form", FORMS)
def test_a_number_column_keeps_the_task_cells_own_numbering(tmp_path, form):
    """With a 序号 column, a number opening the task cell is part of the task's name; a
    circled number is never the row's number."""
    lead, coop, other = NAMES[0]
    rows = [["序号", "工作任务", "牵头单位"],
            ["1", "（一）建设城市书房五家", lead],
            ["2", "3.举办全民读书节", other]]
    doc = parse_rows(tmp_path, rows, form)
    assert [(t.number, t.title) for t in doc.tasks] == [("1", "（一）建设城市书房五家"),
                                                        ("2", "3.举办全民读书节")]
    rows = [["工作任务", "牵头单位"], ["①建设城市书房五家", lead], ["②举办全民读书节", other]]
    doc = parse_rows(tmp_path, rows, form)
    assert [t.title for t in doc.tasks] == ["①建设城市书房五家", "②举办全民读书节"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("lead, coop, other", NAMES)
def test_a_first_row_with_no_number_and_no_task_continues_nothing(tmp_path, form, lead, coop,
                                                                   other):
    rows = [["序号", "工作任务", "牵头单位", "完成时限"],
            ["", "", lead, "2022年底前"],
            ["2", "举办全民读书节", other, "2022年4月"]]
    doc = parse_rows(tmp_path, rows, form)
    assert [(t.number, t.title, [u.name for u in t.lead]) for t in doc.tasks] == [
        (None, None, [lead]), ("2", "举办全民读书节", [other])]
    assert [f.code for f in doc.findings if f.code == "empty_task"] == ["empty_task"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("sep", ["、", "，", "\n"])
def test_a_two_character_name_padded_to_three_is_one_person_in_a_list(tmp_path, form, sep):
    if sep == "\n" and form in ("pipe", "tab"):
        pytest.skip("a line break ends a text row")
    lead, _, other = NAMES[1]
    rows = [["序号", "工作任务", "牵头单位", "责任领导"],
            ["1", "建设城市书房五家", lead, sep.join(["周明", "陈　亮"])],
            ["2", "举办全民读书节", other, "王 芳"],
            ["3", "开展阅读推广", other, sep.join(["赵　刚", "孙　丽", "吴晓东"])]]
    doc = parse_rows(tmp_path, rows, form)
    assert [t.leaders for t in doc.tasks] == [["周明", "陈亮"], ["王芳"], ["赵刚", "孙丽", "吴晓东"]]
