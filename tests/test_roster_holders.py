"""The lines of a roster that name no person: 各村（社区）党组织书记 under 成员 is a member
(each village's party secretary), not an agency heading the paragraphs that follow; and a
notice signed by two bodies on one line keeps both names as its signature."""
import pytest

import culturegov

HEAD = ("关于成立{town}公共文化服务工作领导小组的通知\n各村（社区），镇直各单位：\n"
        "为加强组织领导，决定成立领导小组，现将组成人员通知如下：\n")
ROSTER = ("{pad}组{gap}长：王建国{gap}{town}党委书记\n"
          "{pad}副组长：李海燕{gap}{town}党委副书记、镇长\n"
          "{pad}成{gap}员：赵志强{gap}{town}党政办主任\n"
          "{pad}{indent}孙丽华{gap}{town}文化站站长\n"
          "{pad}{indent}{holders}\n")
TAIL = ("领导小组下设办公室，办公室设在{town}文化站，负责日常工作。成员如有变动，由接任人员自行递补。\n"
        "{signers}\n2022年5月10日\n")


def notice(town="东港镇", holders="各村（社区）党组织书记", pad="　　", gap="　",
           indent="　　　　", signers="中共东港镇委员会　　东港镇人民政府"):
    values = dict(town=town, holders=holders, pad=pad, gap=gap, indent=indent, signers=signers)
    return (HEAD + ROSTER + TAIL).format(**values)


@pytest.mark.parametrize("holders, unit, post", [
    ("各村（社区）党组织书记", "各村（社区）", "党组织书记"),
    ("各村（社区）党组织书记", "各村（社区）", "党组织书记"),
    ("各街道分管负责同志", "各街道", "分管负责同志"),
    ("镇直各单位主要负责人", "镇直各单位", "主要负责人"),
    ("各村委会主任", "各村委会", "主任"),
])
@pytest.mark.parametrize("pad, gap, indent", [("　　", "　", "　　　　"), ("", " ", "      "),
                                             ("    ", "  ", "\t")])
def test_a_line_of_post_holders_is_a_member_not_a_heading(holders, unit, post, pad, gap,
                                                          indent):
    doc = culturegov.parse_text(notice(holders=holders, pad=pad, gap=gap, indent=indent))
    assert doc.duties == []  # nothing below the roster is anyone's duty
    members = {m.agency.name: m for m in doc.member_units}
    assert members[unit].persons == [] and members[unit].post == post
    assert members[unit].role == "成员"
    assert [p.name for p in doc.persons] == ["王建国", "李海燕", "赵志强", "孙丽华"]
    span = members[unit].span
    assert doc.text[span.start:span.end] == unit
    assert not [u for u in doc.unparsed if holders in u.text]


def test_a_line_that_is_no_unit_and_post_ends_the_roster():
    doc = culturegov.parse_text(notice(holders="请各单位于五月底前报送联络员名单"))
    assert "请各单位于五月底前报送联络员名单" in [u.text for u in doc.unparsed]
    assert [m.agency.name for m in doc.member_units] == ["东港镇党委", "东港镇党政办", "东港镇文化站"]


@pytest.mark.parametrize("signers, issuer", [
    ("中共东港镇委员会　　东港镇人民政府", "东港镇人民政府"),
    ("中共东港镇委员会 东港镇人民政府", "东港镇人民政府"),
    ("东港镇人民政府", "东港镇人民政府"),
])
def test_every_name_of_a_joint_signature_is_metadata(signers, issuer):
    doc = culturegov.parse_text(notice(signers=signers))
    assert doc.metadata.issuer == issuer
    signed = [doc.text[s.start:s.end] for s in doc.metadata.spans]
    assert all(name in signed for name in signers.split())
    assert not [u for u in doc.unparsed if "委员会" in u.text or "人民政府" in u.text]
