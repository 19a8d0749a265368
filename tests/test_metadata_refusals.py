"""Refusal paths of the metadata and citation recognizers that no sample reaches: each test
fails when its branch is made to always (or never) apply."""
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
