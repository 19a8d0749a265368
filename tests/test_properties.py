"""Property tests on parse_text: any text gives a document or a CulturegovError, keeps its
text, round-trips through JSON and parses the same way twice."""
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import culturegov
from culturegov.errors import CulturegovError
from culturegov.models import PolicyDocument

# Text made of the pieces these documents are built from, so the recognizers are exercised
# (numbers, agency names, colons, tabs, pipes, brackets), plus arbitrary characters.
PIECES = ["区文广局", "市财政局:", "团区委", "各村", "1.", "(一)", "一、", "第三条", "附件1", "附件:",
          "《关于加强文化建设的意见》", "(京文发[2016]4号)", "以下简称《意见》", "负责", "推进文化建设",
          "。", ";", ",", "、", "\n", "\n\n", "\t", " | ", "序号", "工作任务", "责任单位", "配合单位",
          "完成时间", "2019年", "2018年至2020年", "达到1.5册以上", "由区委、区政府等单位组成", " ",
          "[区委宣传部]", "一是", "● ", "由区财政局牵头", "区教育局配合", "(区文旅局、团区委)",
          "牵头单位:区文旅局;配合单位:区财政局", "组长:", "副组长:县政府副县长", "成员:张  敏  区财政局副局长"]
documents = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse(text):
    try:
        return culturegov.parse_text(text)
    except CulturegovError:
        return None


@SETTINGS
@given(documents)
@example("1.市财政局:")  # an item naming its agency and nothing after it: no empty duty
@example("市财政局:一是")  # a count with nothing after it: the count is the duty's text
# A digit the regex module knows but this Python's int() may not (Kawi, Unicode 15).
@example("1.市财政局:不少于\U00011F55个,人均\U00011F55.5册以上,2021年\U00011F55月底前")
def test_only_culturegov_errors_escape_and_unparsed_is_real_text(text):
    doc = _parse(text)
    if doc is None:
        return
    for piece in doc.unparsed:
        assert doc.text[piece.span.start:piece.span.end] == piece.text
    for duty in doc.duties:
        assert duty.text and duty.text in doc.text


@SETTINGS
@given(documents)
def test_json_round_trip_is_exact(text):
    doc = _parse(text)
    if doc is not None:
        assert PolicyDocument.model_validate_json(doc.model_dump_json()) == doc


@SETTINGS
@given(documents)
def test_parsing_is_deterministic(text):
    first, second = _parse(text), _parse(text)
    assert (first is None and second is None) or first == second
