"""The fields of a portal's metadata (a table or `key: value` lines above a notice) and the
label of an attachment: each test fails when its condition is made to always (or never)
apply."""
import pytest

import culturegov


PLAIN_NOTICE = ["关于开展送戏下乡活动的通知", "各镇人民政府：",
                "为丰富农村群众的文化生活，区文化和旅游局决定在全区开展送戏下乡活动，现将有关事项通知如下。",
                "一、活动时间。活动自今年五月开始，到十月底结束，每个行政村全年演出不少于两场。",
                "二、活动内容。以地方戏曲、曲艺和小型歌舞为主，结合群众的需求安排节目。",
                "三、工作要求。各镇要指定专人负责，做好场地、安全和宣传工作，演出结束后及时报送情况。",
                "某某区文化和旅游局", "2021年4月6日"]


def saved_page(tmp_path, rows):
    """A saved page: a table of `rows` above the notice."""
    from factories_web import paragraphs, table

    path = tmp_path / "notice.html"
    path.write_text("<html><head><meta charset='utf-8'></head><body>" + table(rows)
                    + paragraphs(PLAIN_NOTICE) + "</body></html>", encoding="utf-8")
    return culturegov.parse(path)


def test_a_table_of_two_portal_fields_is_metadata(tmp_path):
    doc = saved_page(tmp_path, [["索 引 号：", "001-2021-0001"], ["有 效 性：", "有效"]])
    assert (doc.metadata.index_number, doc.metadata.validity) == ("001-2021-0001", "有效")
    assert not [u for u in doc.unparsed if "001-2021-0001" in u.text or "有效" in u.text]


def test_a_table_with_one_portal_field_is_not_claimed_as_metadata(tmp_path):
    """One key cell may be a coincidence: the pair is read, the table stays text."""
    doc = saved_page(tmp_path, [["索引号：", "001-2021-0001"], ["备注", "由区文化馆转载"]])
    assert doc.metadata.index_number == "001-2021-0001"
    assert [u.text for u in doc.unparsed][:2] == ["索引号：\t001-2021-0001", "备注\t由区文化馆转载"]


def test_a_key_cell_spaced_out_widely_is_still_a_key(tmp_path):
    wide = "索" + "\u3000" * 8 + "引" + "\u3000" * 8 + "号："
    doc = saved_page(tmp_path, [[wide, "001-2021-0001"], ["有效性：", "有效"]])
    assert doc.metadata.index_number == "001-2021-0001"


def test_an_empty_portal_field_stays_unset():
    doc = culturegov.parse_text("索引号：\n文号：温鹿政办〔2019〕61号\n发布机构：\n" + "\n".join(PLAIN_NOTICE))
    assert doc.metadata.index_number is None
    assert doc.metadata.doc_number.raw == "温鹿政办〔2019〕61号"
    assert doc.metadata.issuer == "某某区文化和旅游局"  # signed, and no empty 发布机构 over it


def test_a_bare_list_number_opening_a_text_is_no_attachment_label():
    doc = culturegov.parse_text("一、\n" + "\n".join(PLAIN_NOTICE[2:]))
    assert doc.metadata.attachment_label is None
    doc = culturegov.parse_text("附件2\n" + "\n".join(PLAIN_NOTICE))
    assert doc.metadata.attachment_label == "附件2"


DIVISION = "关于明确送戏下乡活动分工的通知\n"


@pytest.mark.parametrize("opening, duties", [
    # a body's name with no 各 is a duty header, not the addressees
    ("区文化馆：\n负责节目的编排和演出团队的组织。\n", ["区文化馆"]),
    # text after the colon: a duty, not the addressees line
    ("各镇人民政府：负责本辖区演出场地的落实\n区文化馆：负责节目的编排。\n", ["各镇人民政府", "区文化馆"]),
    # no colon: a heading over its duties
    ("各镇人民政府\n负责本辖区演出场地的落实和群众的组织。\n", ["各镇人民政府"]),
    # a colon after 各 and no body's name
    ("各项活动的安排：\n一、时间。五月开始，十月结束。\n", []),
])
def test_only_a_line_of_collectives_with_a_colon_is_the_addressees(opening, duties):
    doc = culturegov.parse_text(DIVISION + opening)
    assert doc.metadata.addressees is None
    assert [d.agency.name for d in doc.duties][:len(duties)] == duties


def test_addressees_line():
    doc = culturegov.parse_text(DIVISION + "各镇人民政府、区直各有关单位：\n为丰富农村群众的文化生活，决定开展送戏下乡活动。\n")
    assert doc.metadata.addressees == "各镇人民政府、区直各有关单位"


ENDING = ["某某区文化和旅游局", "2021年4月6日"]


def attachments(doc):
    return [(a.label, a.number, a.title) for a in doc.metadata.attachments]


def test_numbered_attachments_one_a_line_after_the_body():
    doc = culturegov.parse_text("\n".join(PLAIN_NOTICE[:3] + ["附件1：送戏下乡场次安排表", "附件2：演出团队名单"]
                                          + ENDING))
    assert attachments(doc) == [("附件1", 1, "送戏下乡场次安排表"), ("附件2", 2, "演出团队名单")]
    assert not [u for u in doc.unparsed if "附件" in u.text]


def test_a_numbered_attachment_line_that_is_a_sentence_is_no_title():
    doc = culturegov.parse_text("\n".join(PLAIN_NOTICE[:3] + ["附件1：请各镇于5月底前报送，逾期不候。"] + ENDING))
    assert attachments(doc) == []


def test_a_list_after_the_attachment_label_opening_a_text_is_its_content():
    """附件： opening the text labels the text itself: the numbered lines under it are what
    the attachment holds, not a list of attachments."""
    doc = culturegov.parse_text("附件：\n1.送戏下乡场次安排表\n2.演出团队名单\n")
    assert doc.metadata.attachment_label == "附件"
    assert attachments(doc) == []
    doc = culturegov.parse_text("\n".join(PLAIN_NOTICE[:3] + ["附件：", "1.送戏下乡场次安排表", "2.演出团队名单"]))
    assert attachments(doc) == [("附件1", 1, "送戏下乡场次安排表"), ("附件2", 2, "演出团队名单")]
    assert not [u for u in doc.unparsed if "附件" in u.text]  # the label is the list's


def test_an_article_with_a_colon_is_no_attachment():
    doc = culturegov.parse_text("送戏下乡协调组议事规则\n第一条：协调组每季度召开一次全体会议\n"
                                "第二条：会议由组长召集\n")
    assert attachments(doc) == []


NOTICE_BODY = "\n".join(PLAIN_NOTICE[:3]) + "\n"
TITLE_40 = "某某区" + "甲" * 33 + "工作方案"


@pytest.mark.parametrize("after_body, expected", [
    ("附件：送戏下乡场次安排表", [("附件", None, "送戏下乡场次安排表")]),
    # a numbered line that is a sentence, or that skips a number, ends the list
    ("附件：\n1.送戏下乡场次安排表\n2.演出团队名单\n3.请各镇于5月底前报送，逾期不候。",
     [("附件1", 1, "送戏下乡场次安排表"), ("附件2", 2, "演出团队名单")]),
    ("附件：1.送戏下乡场次安排表\n3.演出团队名单", [("附件1", 1, "送戏下乡场次安排表")]),
    # 附件1： with its title on the next line, or on its own line with a line after it
    ("附件1：\n送戏下乡场次安排表", [("附件1", 1, "送戏下乡场次安排表")]),
    ("附件1：送戏下乡场次安排表\n演出团队名单", [("附件1", 1, "送戏下乡场次安排表")]),
    # the sections of an attached plan under a bare 附件： are no list of attachments
    ("附件：\n一、工作目标\n二、工作措施", []),
    # 附件2 on a line of its own, then the attachment's title (up to 40 characters a line)
    (f"附件2\n{TITLE_40}", [("附件2", 2, TITLE_40)]),
    ("附件2\n按照要求，制定本方案", []),  # a sentence under it is no title
    ("附件2\n城关镇\n五月演出两场", []),  # nor lines that do not end as a title does
    ("附件2\n1.送戏下乡场次安排表", []),  # nor a list item
    ("一、\n送戏下乡场次安排表", []),  # a bare list number is no attachment label
    ("具体安排见 附件2\n送戏下乡场次安排表", []),  # 附件2 ending a sentence's line
    # 附件2 and its title on one line, parted by a space of any width
    ("附件1 送戏下乡场次安排表\n附件2\u3000演出团队名单",
     [("附件1", 1, "送戏下乡场次安排表"), ("附件2", 2, "演出团队名单")]),
    # …and wrapped onto the next line
    ("附件3 二〇二一年城关镇等五个镇送戏下乡\n演出场次安排表", [("附件3", 3, "二〇二一年城关镇等五个镇送戏下乡演出场次安排表")]),
    ("附件2 按照要求，各镇制定本方案", []),  # a sentence after the label is no title
    ("附件2 城关镇 五月演出两场", []),  # nor words parted by spaces
])
def test_attachments_after_the_body(after_body, expected):
    assert attachments(culturegov.parse_text(NOTICE_BODY + after_body + "\n")) == expected


def test_an_attachment_heading_names_a_listed_attachment_once():
    text = (NOTICE_BODY + "附件：1.送戏下乡场次安排表\n" + "\n".join(ENDING)
            + "\n附件1\n送戏下乡场次安排表\n一、城关镇。五月演出两场。\n")
    assert attachments(culturegov.parse_text(text)) == [("附件1", 1, "送戏下乡场次安排表")]


def test_the_label_over_the_documents_own_title_adds_no_attachment():
    """A saved attachment under a portal line: its label and title are the document's."""
    doc = culturegov.parse_text("索引号：001-2021-0001\n附件2\n送戏下乡工作方案\n"
                                "一、活动时间。五月开始，十月结束。\n")
    assert doc.metadata.title == "送戏下乡工作方案"
    assert attachments(doc) == []


ADDRESSED = "\n各镇人民政府：\n为丰富农村群众的文化生活，决定开展送戏下乡活动。\n"
LINE_40 = "关于在全区各镇各村开展二〇二一年度送戏下乡和农村电影放映及群众文化"  # 33
LINE_40 += "甲乙丙丁戊己庚"


@pytest.mark.parametrize("top, title", [
    # a title wrapped over two lines, the first up to 40 characters long
    (f"{LINE_40}\n活动的通知", f"{LINE_40}活动的通知"),
    # the masthead, a 文号 or lines not next to the title are no part of it
    ("某某区文化和旅游局文件\n关于开展送戏下乡活动的通知", "关于开展送戏下乡活动的通知"),
    ("某文旅〔2021〕12号\n关于开展送戏下乡活动的通知", "关于开展送戏下乡活动的通知"),
    ("区文化馆\n发布时间 2021-04-06\n送戏下乡工作方案", "送戏下乡工作方案"),
    ("2021年4月6日\n关于开展送戏下乡活动的通知", "关于开展送戏下乡活动的通知"),
    ("送戏下乡方案", "送戏下乡方案"),  # six characters are enough, sixty are not too many
    ("某某区文化和旅游局文件\n送戏下乡方案", "送戏下乡方案"),
    ("某某区文化和旅游局文件\n" + "某某区" + "甲" * 53 + "工作方案", "某某区" + "甲" * 53 + "工作方案"),
    ("各镇人民政府：\n送戏下乡演出场次安排", None),  # no line shaped like a title
    ("为做好送戏下乡工作，特制定本方案", None),  # a sentence ending in 方案
])
def test_title_lines(top, title):
    assert len(LINE_40) == 40
    assert culturegov.parse_text(top + ADDRESSED).metadata.title == title


@pytest.mark.parametrize("under_label, title", [
    ("送戏下乡重点任务及责任单位", "送戏下乡重点任务及责任单位"),  # whatever word it ends with
    ("各镇要按时报送，不得延误。", None),  # a sentence
    ("1.城关镇重点任务及责任单位", None),  # a list item
    ("镇村联络名录", "镇村联络名录"),  # six characters to sixty
    ("某某区" + "甲" * 53 + "责任单位", "某某区" + "甲" * 53 + "责任单位"),
    ("联系人名单", None),  # a word, too short for a title
])
def test_the_line_under_an_attachment_label_is_its_title(under_label, title):
    doc = culturegov.parse_text(f"附件2\n{under_label}\n一、城关镇。五月演出两场。\n")
    assert doc.metadata.title == title


BREADCRUMB = "首页 > 政务公开 > 通知公告 "
SCRAPED_BODY = " 发布时间：2021-04-06 为丰富农村群众的文化生活，决定开展送戏下乡活动。"
TITLE_60 = "某某区" + "甲" * 53 + "工作方案"


@pytest.mark.parametrize("line, title", [
    # a page scraped onto one line: the title-shaped piece before the first sentence
    (BREADCRUMB + "送戏下乡工作方案" + SCRAPED_BODY, "送戏下乡工作方案"),
    (BREADCRUMB + "送戏下乡方案" + SCRAPED_BODY, "送戏下乡方案"),
    (BREADCRUMB + TITLE_60 + SCRAPED_BODY, TITLE_60),
    (BREADCRUMB + "1.送戏下乡工作方案" + SCRAPED_BODY, None),  # a list item
    (BREADCRUMB + SCRAPED_BODY + " 送戏下乡工作方案", None),  # after the first sentence
])
def test_title_of_a_page_scraped_onto_one_line(line, title):
    assert len(TITLE_60) == 60
    assert culturegov.parse_text(line).metadata.title == title


def test_the_portal_issue_date_wins_over_the_signature_date():
    doc = culturegov.parse_text("成文日期：2021-04-05\n" + "\n".join(PLAIN_NOTICE))
    assert (str(doc.metadata.issue_date), doc.metadata.issuer) == ("2021-04-05", "某某区文化和旅游局")
    doc = culturegov.parse_text("\n".join(PLAIN_NOTICE))
    assert (str(doc.metadata.issue_date), doc.metadata.issuer) == ("2021-04-06", "某某区文化和旅游局")


def test_a_number_cited_inside_a_line_is_not_the_documents():
    doc = culturegov.parse_text("关于开展送戏下乡活动的通知\n各镇人民政府：\n"
                                "依据 浙政发〔2018〕5号 文件精神，决定开展送戏下乡活动。\n")
    assert doc.metadata.doc_number is None
    doc = culturegov.parse_text("关于开展送戏下乡活动的通知\n浙政发〔2018〕5号\n各镇人民政府：\n"
                                "决定开展送戏下乡活动。\n")
    assert doc.metadata.doc_number.raw == "浙政发〔2018〕5号"


def test_a_key_inside_a_line_of_the_body_is_no_portal_field():
    doc = culturegov.parse_text("关于开展送戏下乡活动的通知\n各镇人民政府：\n"
                                "节目单由各镇自拟，演出海报的 标题：由区文化馆统一设计\n" + "\n".join(ENDING))
    assert doc.metadata.title == "关于开展送戏下乡活动的通知"


def test_an_attachment_label_alone_is_the_whole_text():
    doc = culturegov.parse_text("附件2")
    assert (doc.metadata.attachment_label, doc.metadata.title) == ("附件2", None)
