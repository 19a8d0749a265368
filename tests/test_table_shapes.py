"""Regression tests for the table shapes of issue 19, each named after the shape it guards."""
from __future__ import annotations

import culturegov as cg
from culturegov.lexicon.columns import column_role, joins_header


def _rows(doc):
    return [([u.name for u in t.lead], [u.name for u in t.cooperating],
             t.deadline.raw if t.deadline else None) for t in doc.tasks]


def test_header_words_by_head_noun_and_qualifier():
    assert column_role("督导组牵头部门") == "lead"
    assert column_role("责任处室") == "lead"
    assert column_role("配合责任股室") == "cooperating"
    assert column_role("具体工作") == "content"
    assert column_role("主要措施") == "content"
    assert column_role("办结时限") == "deadline"
    assert column_role("包保责任人") == "leaders"
    assert column_role("建设文化广场") is None


def test_split_header_halves_join_only_when_one_word():
    assert joins_header("完成", "时限") and joins_header("牵头", "单位")
    assert not joins_header("承担方", "配合股室") and not joins_header("序号", "工作")


TWO_UNITS = "县文化和旅游局"


def test_unknown_header_word_placed_by_its_cells():
    text = ("任务表\n序号 | 工作任务 | 承担方 | 何时办结 |\n"
            "1 | 建设文化广场 | 县文化和旅游局 | 2021年6月 |\n"
            "2 | 开展全民阅读 | 县教育局 | 2021年底前 |\n")
    assert _rows(cg.parse_text(text)) == [(["县文化和旅游局"], [], "2021年6月"),
                                          (["县教育局"], [], "2021年底前")]


def test_known_header_word_over_wrong_cells_not_trusted():
    # 完成时限 heads the unit column, 牵头单位 the dates: the cells decide.
    text = ("任务表\n序号 | 工作任务 | 完成时限 | 牵头单位 |\n"
            "1 | 建设文化广场 | 县文化和旅游局 | 2021年6月 |\n"
            "2 | 开展全民阅读 | 县教育局 | 2021年底前 |\n")
    assert _rows(cg.parse_text(text)) == [(["县文化和旅游局"], [], "2021年6月"),
                                          (["县教育局"], [], "2021年底前")]


def test_merged_cells_dropped_rows_aligned_and_filled_down():
    text = ("任务表\n序号 | 重点任务 | 具体措施 | 牵头单位 | 配合单位 | 完成时限 |\n"
            "1 | 完善设施网络 | 建成分馆10个 | 县文化和旅游局 | 县财政局 | 2020年底前 |\n"
            "建成城市书房3家 | 县住建局 | 县财政局 | 2020年9月 |||\n"
            "2 | 开展文化惠民 | 送戏下乡100场 | 县文化和旅游局 | 各乡镇人民政府 | 2020年12月 |\n")
    doc = cg.parse_text(text)
    assert _rows(doc)[1] == (["县住建局"], ["县财政局"], "2020年9月")
    assert (doc.tasks[1].number, doc.tasks[1].title, doc.tasks[1].continues_row) == \
        ("1", "完善设施网络", True)
    assert doc.tasks[1].content == "建成城市书房3家"


def test_truncated_last_row_still_gives_a_task():
    text = ("任务表\n\n序号\n工作任务\n牵头单位\n配合单位\n完成时限\n"
            "1\n建设文化广场\n县文化和旅游局\n县财政局\n2021年6月\n"
            "2\n开展全民阅读\n县教育局\n")
    doc = cg.parse_text(text)
    assert _rows(doc) == [(["县文化和旅游局"], ["县财政局"], "2021年6月"), (["县教育局"], [], None)]


def test_pipe_prefixed_cell_lines_with_lone_pipe_for_empty_cell():
    text = ("任务表\n| 序号\n| 工作任务\n| 牵头单位\n| 配合单位\n| 完成时限\n"
            "| 1\n| 建设文化广场\n| 县文化和旅游局\n|\n| 2021年6月\n"
            "| 2\n| 开展全民阅读\n| 县教育局\n| 县财政局\n| 2021年底前\n")
    assert _rows(cg.parse_text(text)) == [(["县文化和旅游局"], [], "2021年6月"),
                                          (["县教育局"], ["县财政局"], "2021年底前")]


def test_box_drawing_grid_with_wrapped_cells():
    text = ("任务表\n┌────┬────────┬────────┬──────┐\n"
            "│序号│工作任务        │牵头单位        │完成时限  │\n"
            "├────┼────────┼────────┼──────┤\n"
            "│1   │建设文化        │县文化和旅游局  │2021年6月 │\n"
            "│    │广场            │县财政局        │          │\n"
            "├────┼────────┼────────┼──────┤\n"
            "│2   │开展全民阅读    │县教育局        │2021年底前│\n"
            "└────┴────────┴────────┴──────┘\n")
    doc = cg.parse_text(text)
    assert _rows(doc) == [(["县文化和旅游局", "县财政局"], [], "2021年6月"),
                          (["县教育局"], [], "2021年底前")]
    assert doc.tasks[0].title == "建设文化广场"
    lead = doc.tasks[0].lead[1]
    assert doc.text[lead.span.start:lead.span.end] == "县财政局"


def test_space_separated_cells_holding_spaces():
    text = ("任务表\n序号 工作任务 具体内容 牵头单位 完成时限\n"
            "1 建设文化广场 新建 广场一处 县文化和旅游局 县住建局 2021年6月\n"
            "2 开展全民阅读 举办 读书活动12场 县教育局 2021年底前\n")
    doc = cg.parse_text(text)
    assert _rows(doc) == [(["县文化和旅游局", "县住建局"], [], "2021年6月"),
                          (["县教育局"], [], "2021年底前")]
    assert doc.tasks[0].content == "新建 广场一处"


def test_two_column_table_task_and_units():
    text = "任务表\n工作任务 | 责任单位 |\n建设文化广场 | 县文化和旅游局 |\n开展全民阅读 | 县教育局、县财政局 |\n"
    doc = cg.parse_text(text)
    assert [t.title for t in doc.tasks] == ["建设文化广场", "开展全民阅读"]
    assert [[u.name for u in t.lead] for t in doc.tasks] == [["县文化和旅游局"], ["县教育局", "县财政局"]]


def test_persons_as_the_responsible_party():
    text = ("工作要点\n"
            "1.建设文化广场，年内完成主体工程。（牵头责任人：张某；具体责任人：李某、王某）\n"
            "2.开展全民阅读活动。（牵头责任人：赵某；具体责任人：刘某）\n")
    doc = cg.parse_text(text)
    assert [t.leaders for t in doc.tasks] == [["张某", "李某", "王某"], ["赵某", "刘某"]]
    assert all(not t.lead and not t.cooperating for t in doc.tasks)
    assert doc.tasks[0].title.startswith("建设文化广场")


def test_unit_cell_with_a_bracketed_qualifier_is_one_unit():
    """各县（市、区）政府: the 、 inside the brackets separates no units, and no cut falls
    after the bracket."""
    doc = cg.parse_text(
        "序号|任务名称|工作要求|主办单位|协办单位|时间节点\n"
        "1|总分馆建设|完成县级总分馆体系全覆盖|市文化广电旅游局|各县（市、区）政府、市财政局|2023年6月底\n"
        "2|文化惠民演出|全年演出不少于300场|市文化广电旅游局|市财政局|2023年12月底\n"
        "3|数字文化建设|建成数字文化馆1个|市文化广电旅游局|市大数据局|2023年9月底\n")
    assert [u.name for u in doc.tasks[0].cooperating] == ["各县（市、区）政府", "市财政局"]
