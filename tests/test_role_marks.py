"""A unit cell that names its own roles: 区文旅局（牵头）、区财政局 and 区文旅局牵头，区财政局配合
in a single 责任单位 column or label. The structure must follow whatever mark word (from the
vocabulary), bracket width, separator, layout and agency names a notice uses."""
import itertools

import pytest

import culturegov
from culturegov.lexicon import vocabulary

QUALIFIERS = vocabulary("columns")["qualifiers"]
LEAD_MARKS = [w for w in QUALIFIERS["lead"] if len(w) >= 2]
COOPERATING_MARKS = [w for w in QUALIFIERS["cooperating"] if len(w) >= 2]
BODIES = [("区文化体育和旅游局", "区财政局", "各街道办事处"),
          ("县委宣传部", "县发展和改革局", "县教育局"),
          ("市文化广电旅游局", "市住房和城乡建设局", "市科协")]
SEPARATORS = ["、", "，", ",", "；"]


def tab_table(cell: str) -> str:
    return ("序号\t重点任务\t责任单位\t完成时限\n"
            f"1\t推进图书馆新馆建设，年内完成主体工程\t{cell}\t2023年12月底前\n"
            "2\t新建城市书房5个，实现全覆盖\t区文化体育和旅游局\t2023年10月\n")


def labelled_lines(cell: str) -> str:
    return ("一、完善公共文化设施网络\n1.推进图书馆新馆建设，年内完成主体工程。\n"
            f"责任单位：{cell}\n完成时限：2023年12月底前\n"
            "2.新建城市书房5个，实现全覆盖。\n责任单位：区文化体育和旅游局\n完成时限：2023年10月\n")


def first_task(text: str):
    doc = culturegov.parse_text(text)
    assert len(doc.tasks) == 2, [t.title for t in doc.tasks]
    task = doc.tasks[0]
    for ref in task.lead + task.cooperating:  # every span is the name as written
        assert doc.text[ref.span.start:ref.span.end] == ref.name
    return [r.name for r in task.lead], [r.name for r in task.cooperating]


@pytest.mark.parametrize("layout", [tab_table, labelled_lines])
@pytest.mark.parametrize("bodies, sep, mark, brackets", [
    (b, s, m, k) for (b, s), m, k in zip(itertools.product(BODIES, SEPARATORS),
                                         itertools.cycle(LEAD_MARKS),
                                         itertools.cycle(["（）", "()", "（单位）", "(部门)"]))])
def test_a_bracketed_lead_mark_makes_the_other_units_cooperate(layout, bodies, sep, mark,
                                                               brackets):
    lead, *others = bodies
    word = mark + brackets[1:-1]  # 牵头, or 牵头单位
    cell = f"{lead}{brackets[0]}{word}{brackets[-1]}{sep}{sep.join(others)}"
    assert first_task(layout(cell)) == ([lead], others)


@pytest.mark.parametrize("layout", [tab_table, labelled_lines])
@pytest.mark.parametrize("bodies, lead_mark, cooperating_mark", [
    (b, lm, cm) for b, lm, cm in zip(BODIES * 3, itertools.cycle(LEAD_MARKS),
                                     itertools.cycle(COOPERATING_MARKS))])
def test_marks_written_after_the_names_hold_for_the_group_before_them(layout, bodies,
                                                                     lead_mark,
                                                                     cooperating_mark):
    lead, *others = bodies
    cell = f"{lead}{lead_mark}，{'、'.join(others)}{cooperating_mark}"
    assert first_task(layout(cell)) == ([lead], others)


@pytest.mark.parametrize("cell, lead, cooperating", [
    # a bracketed cooperating mark is its unit's alone; the unmarked keep the column's role
    ("区文化体育和旅游局、区财政局（配合）、各街道办事处",
     ["区文化体育和旅游局", "各街道办事处"], ["区财政局"]),
    # the marked lead may come last
    ("区财政局、各街道办事处、区文化体育和旅游局（牵头）",
     ["区文化体育和旅游局"], ["区财政局", "各街道办事处"]),
    # one body with two names is no mark
    ("区政府办公室（区大数据发展管理局）、区财政局",
     ["区政府办公室（区大数据发展管理局）", "区财政局"], []),
    # nor a bracketed word that is no role
    ("区文化体育和旅游局（区文物局）、区财政局", ["区文化体育和旅游局（区文物局）", "区财政局"], []),
    # a single unit marked as leading leads, with no one to cooperate
    ("区文化体育和旅游局（牵头）", ["区文化体育和旅游局"], []),
])
def test_unmarked_units_keep_the_column_role_unless_a_lead_is_marked(cell, lead, cooperating):
    assert first_task(tab_table(cell)) == (lead, cooperating)


def test_a_mark_after_a_text_that_is_no_name_is_left_alone():
    """责任 ends 落实主体责任; what is left (落实主体) is no body, so nothing is cut."""
    lead, cooperating = first_task(tab_table("区文化体育和旅游局、区财政局"))
    assert (lead, cooperating) == (["区文化体育和旅游局", "区财政局"], [])
    from culturegov.recognizers.role_marks import roles_of_units
    from culturegov.models import AgencyRef

    refs = [AgencyRef(name="各单位落实主体责任", span={"start": 0, "end": 9})]
    assert roles_of_units(refs, "lead") == [("lead", refs[0])]
