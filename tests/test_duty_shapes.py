"""Duty-list shapes of issue 19, one regression test each, named after the shape it guards."""
from itertools import groupby

import culturegov as cg


def bodies(text):
    doc = cg.parse_text(text)
    return [(n, len(list(g))) for n, g in groupby(d.agency.name for d in doc.duties)]


def test_any_numbering_family_under_a_name_line():
    text = "县文化馆\n（一）负责免费开放；\n（二）组织培训。\n县图书馆\n一、建设分馆；\n二、开展阅读推广。\n" \
           "县博物馆\n⑴办好展览；\n⑵做好藏品保护。\n县档案馆\n1）整理档案。\n"
    assert bodies(text) == [("县文化馆", 2), ("县图书馆", 2), ("县博物馆", 2), ("县档案馆", 1)]


def test_article_header_announcing_duties():
    text = "第三条 县财政局工作职责：\n（一）安排保障资金；\n（二）开展绩效评价。\n第四条 本办法自印发之日起施行。\n"
    assert bodies(text) == [("县财政局", 2)]


def test_main_duties_are_header():
    assert bodies("区教育局主要职责是：\n①组织经典诵读；\n②推动图书馆开放。\n") == [("区教育局", 2)]


def test_name_line_over_one_paragraph_of_clauses_is_split():
    text = "市公安局\n依法打击文物犯罪；配合开展安全检查；做好安保。\n市财政局\n落实资金。\n"
    assert bodies(text) == [("市公安局", 3), ("市财政局", 1)]


def test_unnumbered_subject_clauses_give_one_body_each():
    text = "二、职责分工\n区财政局负责落实资金，加强监管；区民政局负责纳入社区服务体系；各街道办事处负责日常管理。\n"
    assert bodies(text) == [("区财政局", 1), ("区民政局", 1), ("各街道办事处", 1)]


def test_collective_heading_loses_to_names_in_its_items():
    text = "现将各成员单位职责明确如下：\n（一）县直部门职责\n1.县财政局负责落实经费。\n2.县教育局负责开放校园。\n" \
           "（二）各乡镇人民政府职责\n1.建设文化站。\n（三）共同职责\n1.报送工作进展。\n2.制定工作计划。\n"
    assert bodies(text) == [("县财政局", 1), ("县教育局", 1), ("各乡镇人民政府", 1), ("各成员单位", 2)]


def test_heading_in_mid_line_ends_the_duties():
    text = "区财政局：\n1.落实保障资金。 二、工作要求\n各成员单位要按时报送进展。\n"
    assert bodies(text) == [("区财政局", 1)]


def test_label_line_ends_the_duties_and_is_no_body():
    text = "区文化和旅游局：\n1.承担日常工作；\n2.组织惠民工程。\n联系人：区文化和旅游局 陈晨\n主办单位：区文化馆\n"
    assert bodies(text) == [("区文化和旅游局", 2)]


def test_empty_bodied_name_is_a_body_without_duties():
    doc = cg.parse_text("区总工会：\n区财政局：\n1.落实保障资金。\n")
    assert [d.agency.name for d in doc.duties] == ["区财政局"]
    assert [a.name for a in doc.agencies] == ["区总工会", "区财政局"]


def test_not_agencies_salutation_exhortation_coordinating_group_sentence():
    text = "关于开展活动的通知\n县直各有关单位：\n现将安排通知如下，领导小组每半年召开一次全体会。\n" \
           "1.县活动领导小组：负责总体部署。\n2.县文化馆负责节目编排。\n3、各单位要高度重视，认真组织。\n" \
           "4.县图书馆负责阅读活动。\n"
    assert bodies(text) == [("县文化馆", 1), ("县图书馆", 1)]


def test_lone_heading_over_a_description_is_no_duty_list():
    text = "一、联席会议组成\n由市文化和旅游局、市财政局组成。\n二、联席会议办公室\n联席会议办公室设在市文化和旅游局。\n"
    assert bodies(text) == []


def test_duty_headed_by_several_bodies_is_each_ones_duty():
    """区总工会、团区委、区妇联：… gives the duty to each body, each name with its own span; a
    collective whose 各 covers every part (各镇人民政府、街道办事处) stays one."""
    doc = cg.parse_text(
        "区教育局：负责推动文化进校园活动。\n"
        "区总工会、团区委、区妇联：根据各自职能组织开展文化活动。\n"
        "各镇人民政府、街道办事处：负责辖区综合文化服务中心建设。\n")
    assert [d.agency.name for d in doc.duties] == [
        "区教育局", "区总工会", "团区委", "区妇联", "各镇人民政府、街道办事处"]
    assert len({d.text for d in doc.duties[1:4]}) == 1
    for duty in doc.duties:
        assert doc.text[duty.agency.span.start:duty.agency.span.end] == duty.agency.name


def test_rows_of_values_after_a_name_are_no_duties():
    """Rows of cells set off by spaces: what follows each name in its line is a score and a
    grade, or a person and a number, not what the body does; the rows stay unparsed. A name
    followed in its line by a phrase still heads its duty."""
    scores = ("考核结果通报\n现将考核结果通报如下。\n单位 得分 等次\n甲县文化和旅游局 96.5 优秀\n"
              "乙县文化和旅游局 91.0 良好\n希望各地再接再厉。\n")
    contacts = "联系人名单\n单位 联系人 电话\n甲县图书馆 王芳 0571-88000001\n乙县图书馆 李明 0571-88000002\n"
    for text in (scores, contacts):
        doc = cg.parse_text(text)
        assert doc.duties == []
        assert any("甲县" in piece.text for piece in doc.unparsed)
    assert bodies("成员单位职责。 甲县图书馆 办好分馆。 乙县图书馆 开展阅读推广。\n") == [
        ("甲县图书馆", 1), ("乙县图书馆", 1)]
