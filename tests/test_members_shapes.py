"""Regression tests for the member-list shapes of issue 19 (3: by name density, 4: rosters,
8: traditional script), each named after the shape it guards."""
import pytest

import culturegov as cg


def members(text):
    return [m.agency.name for m in cg.parse_text(text).member_units]


def test_shape3_names_run_together_split_at_suffix_boundaries():
    text = "工作专班由镇党政办镇文化站镇规划建设办和镇综治中心组成，办公室设在镇文化站。"
    assert members(text) == ["镇党政办", "镇文化站", "镇规划建设办", "镇综治中心"]


def test_shape3_name_holding_he_stays_whole():
    text = "领导小组由区委宣传部、区文化和旅游局和区住房和城乡建设局组成。"
    assert members(text) == ["区委宣传部", "区文化和旅游局", "区住房和城乡建设局"]


def test_shape3_count_glued_on():
    text = "协调小组由县财政局、县教育局、县统计局等3个部门有关科室负责同志组成。"
    assert members(text) == ["县财政局", "县教育局", "县统计局"]


def test_shape3_list_over_a_page_marker():
    text = "参加会议的单位有：市教育局、市财政局、\n— 2 —\n市商务局及市融媒体中心。"
    doc = cg.parse_text(text)
    assert [m.agency.name for m in doc.member_units] == ["市教育局", "市财政局", "市商务局", "市融媒体中心"]
    assert not doc.unparsed  # the page marker is placed with the list


def test_shape3_no_lead_in_needs_three_names_filling_the_line():
    assert members("区委宣传部、区财政局、区教育局。") == ["区委宣传部", "区财政局", "区教育局"]
    assert members("区财政局、区教育局要加强协作。") == []


def test_shape3_labelled_fields_are_no_member_lists():
    assert members("抄送：区委宣传部、区财政局、区教育局。") == []


def test_shape3_duplicates_kept_with_a_finding():
    doc = cg.parse_text("领导小组由区财政局、区教育局、区财政局组成。")
    assert [m.agency.name for m in doc.member_units] == ["区财政局", "区教育局", "区财政局"]
    assert [f.code for f in doc.findings].count("duplicate_member") == 1


def test_shape3_sentence_after_ji_is_no_name():
    assert members("成员调整的，由所在单位及时提出名单报协调组办公室。") == []


ROSTER = """组  长：李卫东  区人民政府副区长
副组长：张  敏  区政府办公室副主任
成  员：赵建国  区财政局副局长、党组成员
        周文斌  区住房和城乡建设局总
                工程师
        吴  强  团区委书记
领导小组办公室设在区财政局。"""


def test_shape4_roster_units_persons_and_posts():
    doc = cg.parse_text(ROSTER)
    assert [m.agency.name for m in doc.member_units] == \
        ["区政府办公室", "区财政局", "区住房和城乡建设局", "团区委"]
    assert [p.name for p in doc.persons] == ["李卫东", "张敏", "赵建国", "周文斌", "吴强"]
    assert [p.post for p in doc.persons] == ["副区长", "副主任", "副局长、党组成员", "总工程师", "书记"]
    assert doc.persons[0].convener and doc.persons[0].unit == "区人民政府"
    assert doc.member_units[1].persons == ["赵建国"] and doc.member_units[1].role == "成员"


def test_shape8_traditional_page_resolved_as_simplified():
    pytest.importorskip("opencc")
    text = "南屏區領導小組由區委宣傳部、區財政局和區教育局組成。"
    doc = cg.parse_text(text)
    assert doc.text == text
    assert [m.agency.name for m in doc.member_units] == ["區委宣傳部", "區財政局", "區教育局"]
    assert [m.agency.canonical_id for m in doc.member_units] == ["publicity-dept", "finance", "education"]
    assert all(text[m.span.start:m.span.end] == m.agency.name for m in doc.member_units)
    assert "traditional_script" in [f.code for f in doc.findings]


def test_shape8_without_opencc_a_finding_says_what_to_install(monkeypatch):
    from culturegov.blocks import script

    monkeypatch.setattr(script, "_converter", lambda: None)
    doc = cg.parse_text("南屏區領導小組由區委宣傳部、區財政局和區教育局組成。")
    assert "traditional_script_unconverted" in [f.code for f in doc.findings]


def test_list_closed_by_the_bodies_people_as_members():
    """以…为组长，A、B、C主要负责人为成员的领导小组: the bodies are the members, their heads
    only say who sits for them."""
    doc = cg.parse_text(
        "为加强组织领导，成立以区政府分管副区长为组长，区文旅局、区委宣传部、区财政局、"
        "区教育局主要负责人为成员的工作领导小组，领导小组办公室设在区文旅局。\n")
    assert [m.agency.name for m in doc.member_units] == ["区文旅局", "区委宣传部", "区财政局", "区教育局"]


def test_role_line_that_opens_no_roster_is_passed_not_read_forever():
    """组长：<a post, no person> then a member list: the roster reader stopped where it started
    and the scan asked it again, forever. Run in a child so a regression fails, not hangs."""
    import subprocess
    import sys

    code = ("import culturegov as cg; d = cg.parse_text('组长：县委常委、宣传部部长\\n"
            "副组长：县政府副县长\\n成员单位：县委宣传部、县财政局、县教育局'); "
            "print('、'.join(m.agency.name for m in d.member_units))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "县委宣传部、县财政局、县教育局"
