"""Refusal paths of the metadata and citation recognizers that no sample reaches: each test
fails when its branch is made to always (or never) apply."""
import pytest

import culturegov

NOTICE = ("索引号：001-2019-0001\n文号：温鹿政办〔2019〕61号\n"
          "关于印发鹿城区公共文化服务体系建设工作方案的通知\n温鹿政办〔2019〕62号\n各镇人民政府：\n"
          "依据《关于加快构建现代公共文化服务体系的意见》（2016年修订）和"
          "《浙江省公共文化服务保障条例》（浙政发〔2018〕5号），制定本方案。\n")


def test_portal_doc_number_is_not_replaced_by_a_later_one():
    """The portal's 文号 line comes first and wins over a number-shaped line in the body."""
    doc = culturegov.parse_text(NOTICE)
    assert doc.metadata.doc_number.raw == "温鹿政办〔2019〕61号"
    assert doc.metadata.index_number == "001-2019-0001"


def test_a_bracket_after_a_cited_title_is_its_number_only_when_shaped_like_one():
    doc = culturegov.parse_text(NOTICE)
    cited = {c.title: (c.doc_number, doc.text[c.span.start:c.span.end]) for c in doc.citations}
    # （2016年修订） says which version is cited, it is no document number: the span stops at 》.
    assert cited["关于加快构建现代公共文化服务体系的意见"] == (
        None, "《关于加快构建现代公共文化服务体系的意见》")
    assert cited["浙江省公共文化服务保障条例"][0] == "浙政发〔2018〕5号"


def test_a_short_name_and_the_documents_own_titles_are_no_citations():
    doc = culturegov.parse_text(
        "关于印发送戏下乡工作方案的通知\n各镇人民政府：\n根据《关于加快构建现代公共文化服务体系的意见》"
        "（以下简称《意见》），按照《意见》的要求，现将《送戏下乡工作方案》印发给你们，请认真贯彻执行。\n"
        "附件：送戏下乡工作方案\n某某区文化和旅游局\n2021年4月6日\n")
    assert [(c.title, c.short) for c in doc.citations] == [("关于加快构建现代公共文化服务体系的意见", "意见")]


def test_a_short_name_goes_to_the_citation_just_before_it():
    doc = culturegov.parse_text(
        "关于开展送戏下乡活动的通知\n依据《某某区文化发展规划》和《关于加快构建现代公共文化服务体系的意见》"
        "（以下简称《意见》），决定开展送戏下乡活动。\n")
    assert [(c.title, c.short) for c in doc.citations] == [
        ("某某区文化发展规划", None), ("关于加快构建现代公共文化服务体系的意见", "意见")]


@pytest.mark.parametrize("number, joiner, short", [
    ("浙政办发〔2016〕70号", "，", "《省实施意见》"), ("京文旅发[2021]3号", "；", "“办法”"),
    ("鹿政发〔2019〕1号", ",", "《中心意见》"),
])
def test_a_number_and_a_short_name_in_one_bracket(number, joiner, short):
    """《…》（文号，以下简称《…》）: the number is the citation's, and so is the short name;
    not the citation before it, and nothing of the bracket is left unparsed."""
    text = ("关于开展送戏下乡活动的通知\n依据《某某区文化发展规划》和《关于推进基层综合性文化服务中心建设的"
            f"实施意见》（{number}{joiner}以下简称{short}），决定开展送戏下乡活动。\n")
    doc = culturegov.parse_text(text)
    assert [(c.title, c.doc_number, c.short) for c in doc.citations] == [
        ("某某区文化发展规划", None, None),
        ("关于推进基层综合性文化服务中心建设的实施意见", number, short.strip("《》“”"))]
    assert not [u for u in doc.unparsed if number in u.text or "以下简称" in u.text]


@pytest.mark.parametrize("ending", ["政策解读", "起草说明", "解读"])
def test_an_explanation_is_titled_like_any_document(ending):
    doc = culturegov.parse_text(f"《某某区送戏下乡工作方案》{ending}\n一、出台背景\n为丰富农村群众的文化生活，"
                                "区文化和旅游局制定了本方案。\n")
    assert doc.metadata.title == f"《某某区送戏下乡工作方案》{ending}"


@pytest.mark.parametrize("ending, kind", [("政策解读", "narrative"), ("起草说明", "narrative"),
                                          ("任务分工", "duty_division")])
def test_an_explanation_restating_duties_is_a_narrative(ending, kind):
    """A policy explanation restates the duties of the document it explains: it is still an
    explanation, while the same duties under a division's title make a duty division."""
    doc = culturegov.parse_text(f"某某区送戏下乡工作{ending}\n三、职责分工\n区文化和旅游局负责统筹实施送戏下乡，"
                                "区财政局负责落实演出经费，各镇人民政府负责组织群众观看演出。\n")
    assert len(doc.duties) == 3
    assert doc.kind == kind
