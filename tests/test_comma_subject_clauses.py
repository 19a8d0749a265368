"""One sentence that shares the work out clause by clause, the clauses parted by commas:
县文旅局负责牵头组织实施，县财政局负责经费保障，各乡镇负责具体落实。 Each clause that opens
with its own body and says what it does is that body's duty, whatever the names, verbs and
comma width; a clause that says nothing of its own (区文旅局配合) is no cut."""
import pytest

import culturegov

BODIES = [("县文化和广电旅游体育局", "县财政局", "各乡镇（街道）"),
          ("区委宣传部", "区发展和改革局", "各街道办事处"),
          ("市文化广电旅游局", "市教育局", "各县（市、区）人民政府")]
VERBS = [("负责", "负责", "负责"), ("牵头", "承担", "负责"), ("统筹", "负责", "配合")]
WORKS = ("组织实施文化惠民工程", "落实公共文化服务经费保障", "做好辖区内具体落实工作")


def paragraph(bodies, verbs, comma="，", end="。"):
    clauses = [f"{b}{v}{w}" for b, v, w in zip(bodies, verbs, WORKS)]
    return "三、责任分工\n" + comma.join(clauses) + end + "\n"


@pytest.mark.parametrize("bodies", BODIES)
@pytest.mark.parametrize("verbs", VERBS)
@pytest.mark.parametrize("comma", ["，", ","])
def test_each_clause_is_its_bodys_duty(bodies, verbs, comma):
    doc = culturegov.parse_text(paragraph(bodies, verbs, comma))
    assert [d.agency.name for d in doc.duties] == list(bodies)
    assert [d.text.rstrip("。") for d in doc.duties] == [v + w for v, w in zip(verbs, WORKS)]


def test_a_clause_that_says_nothing_of_its_own_is_no_cut():
    doc = culturegov.parse_text("三、责任分工\n区委宣传部负责统筹全区文化惠民活动，区文化和旅游局配合。\n")
    assert doc.duties == []


def test_a_sentence_that_opens_with_no_body_is_no_list():
    doc = culturegov.parse_text("三、责任分工\n为做好文化惠民工作，区委宣传部负责统筹实施，"
                                "区财政局负责经费保障。\n")
    assert doc.duties == []
