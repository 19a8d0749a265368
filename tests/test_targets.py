"""extract_targets on real phrasings from task tables and duty lists."""
from __future__ import annotations

from pathlib import Path

import pytest

from culturegov.normalize.targets import extract_targets

SAMPLE_003 = Path(__file__).resolve().parents[1] / "data/samples/003_5a35171835c4a9ae.txt"

# (text, indicator, comparator, value, unit); the text holds exactly one target.
ONE_TARGET = [
    ("人均藏书达到1.5册以上", "人均藏书", ">=", 1.5, "册"),
    ("全镇人均年增新书达到0.03册以上", "全镇人均年增新书", ">=", 0.03, "册"),
    ("人均藏书达到0.8册以上,并不断提高社会效益", "人均藏书", ">=", 0.8, "册"),
    ("行政村（社区）综合性文化服务中心覆盖率达100%。", "行政村(社区)综合性文化服务中心覆盖率", "==",
     100, "%"),
    ("农村数字电影放映覆盖率达到100%", "农村数字电影放映覆盖率", "==", 100, "%"),
    ("无线网络覆盖率达到１００％", "无线网络覆盖率", "==", 100, "%"),
    ("确保专业技术人员占职工总数不低于75%", "专业技术人员占职工总数", ">=", 75, "%"),
    ("注册文化志愿者占常住人口比例达3‰", "注册文化志愿者占常住人口比例", "==", 3, "‰"),
    ("国产新片比例不低于1/3", "国产新片比例", ">=", 1 / 3, "fraction"),
    ("国产新片比例不低于１／３", "国产新片比例", ">=", 1 / 3, "fraction"),
    ("国产新片比例不低于三分之一", "国产新片比例", ">=", 1 / 3, "fraction"),
    ("全市每千人拥有室内公共文化设施面积达200平方米", "全市每千人拥有室内公共文化设施面积", "==", 200,
     "平方米"),
    ("确保每年每个行政村观看不少于5场的戏剧或文艺演出", "每个行政村观看", ">=", 5, "场"),
    ("行政村（社区）全部实现至少配备1名政府财政购买的公益文化岗位工作人员", "行政村(社区)", ">=", 1,
     "名"),
    ("确保镇区综合文化站在编在岗人员达到5名以上", "镇区综合文化站在编在岗人员", ">=", 5, "名"),
    ("推动村(社区)配备1名以上享受政府补贴的专职文化管理员", "村(社区)配备", ">=", 1, "名"),
    ("参加全国基层文化队伍远程网络培训时间每年不少于50课时", "参加全国基层文化队伍远程网络培训时间", ">=",
     50, "课时"),
    ("文化志愿者年人均服务时数达到15小时以上", "文化志愿者年人均服务时数", ">=", 15, "小时"),
    ("基层文化专兼职人员每年参加集中培训时间不少于5天", "基层文化专兼职人员每年参加集中培训时间", ">=", 5,
     "天"),
    ("每周开放时间不少于四十二小时", "每周开放时间", ">=", 42, "小时"),
    ("年人均服务时数不少于十五小时", "年人均服务时数", ">=", 15, "小时"),
    ("每个站配备专职人员不少于一名", "每个站配备专职人员", ">=", 1, "名"),
    ("特色文化品牌活动不少于两个", "特色文化品牌活动", ">=", 2, "个"),
    ("每册图书年均流通率1次以上", "每册图书年均流通率", ">=", 1, "次"),
    ("人均到馆1次以上", "人均到馆", ">=", 1, "次"),
    ("每个行政村每月放映1场以上的电影", "每个行政村每月放映", ">=", 1, "场"),
    ("刊载量应达到广告资源总量的10%", "刊载量", "==", 10, "%"),
    ("公共图书馆（室）目标人群覆盖率达1.5万人/个", "公共图书馆(室)目标人群覆盖率", "==", 1.5, "万人/个"),
    ("公共图书馆藏书量达到10万册以上", "公共图书馆藏书量", ">=", 10, "万册"),
    ("实现各级公共文化设施覆盖率、达标率100%", "各级公共文化设施覆盖率、达标率", "==", 100, "%"),
    ("人均藏书0.8册", "人均藏书", "==", 0.8, "册"),
    ("服务半径不超过500米", "服务半径", "<=", 500, "米"),
    ("群众满意度超过90%", "群众满意度", ">", 90, "%"),
    ("空置率低于5%", "空置率", "<", 5, "%"),
    ("单次活动时长控制在2小时以内", "单次活动时长", "<=", 2, "小时"),
    ("群众满意度达到百分之九十五", "群众满意度", "==", 95, "%"),
    ("每年举办培训不少于4期", "举办培训", ">=", 4, "期"),
    ("各镇区文化站面积不低于1500平方米", "各镇区文化站面积", ">=", 1500, "平方米"),
    ("每周免费开放时间不少于42小时", "每周免费开放时间", ">=", 42, "小时"),
    ("经费比例为30%", "经费比例", "==", 30, "%"),
]


@pytest.mark.parametrize("text,indicator,comparator,value,unit", ONE_TARGET)
def test_one_target(text, indicator, comparator, value, unit):
    targets = extract_targets(text)
    assert len(targets) == 1, targets
    target = targets[0]
    assert target.indicator == indicator
    assert target.comparator == comparator
    assert target.value == pytest.approx(value)
    assert target.unit == unit
    assert target.raw in text


# Numbers that are not requirements.
NOT_TARGETS = [
    "2020年",
    "2018年至2019年",
    "京石办发[2016]4号",
    "(石政办发〔2016〕11号)",
    "1. 协调制定公共文化服务体系建设重大规划法规政策",
    "(一)协调推进公共文化人才队伍建设",
    "第三条 协调组每年召开1-2次全体会议",
    "2019年12月31日",
    "每年3月5日、6月5日、9月5日、12月5日前报送一次深度工作进展情况",
    "每月10日前报送一次工作动态",
    "指导党的十九大、省委十四届三次全会有关公共文化服务体系建设重点任务的贯彻落实",
    "指导党的十七届六中全会、十八届三中全会和区委、区政府有关公共文化服务体系建设",
    "纳入我区国民经济和社会发展“十三五”规划",
    "北京市出台了《关于进一步加强基层公共文化建设的意见》等“1+3”公共文化政策文件",
    "《石景山区创建首都公共文化服务示范区行动计划(2015—2020年)》",
    "严格执行《古镇镇基本公共文化服务实施标准（2016—2020年》",
    "各成员单位一名分管领导和一名有关科室负责人",
    "曾先后征求市文化局、25个区属委办局及9个街道办事处意见",
    "落实省级中心镇和5万人以上的乡镇(街道)文化下派员制度",
    "完善市、镇、村（社区）三级公共文化场馆的管理制度",
    "实现“人才队伍、文献资源、技术平台、阅读活动、业务场馆”五个共建共享",
    "建设社区文化O2O平台",
    "打造“博爱100”社区公益文化创投活动品牌",
    "院线上映不足两年的国产新片",
    "两年内完成",
    "5天后报送",
    "形成“十个一”工作体系",
    "打造一批主题鲜明的文化消费活动品牌",
    "下达1000万元专项资金",
]


@pytest.mark.parametrize("text", NOT_TARGETS)
def test_not_a_target(text):
    assert extract_targets(text) == []


def test_by_year_from_the_same_sentence():
    text = ("到2020年，镇、村两级注册文化志愿者占常住人口比例达3‰，"
            "文化志愿者年人均服务时数达到15小时以上。")
    targets = extract_targets(text)
    assert [(t.value, t.unit, t.by_year) for t in targets] == [(3, "‰", 2020), (15, "小时", 2020)]
    assert targets[0].indicator == "镇、村两级注册文化志愿者占常住人口比例"


def test_by_year_from_year_end():
    text = ("大力推进基层综合性文化服务中心建设力度，到2019年底，所有行政村（社区）均建成基层综合性文化"
            "服务中心，行政村（社区）综合性文化服务中心覆盖率达100%。")
    [target] = extract_targets(text)
    assert (target.value, target.unit, target.by_year) == (100, "%", 2019)


def test_by_year_does_not_cross_sentences_and_default_applies():
    text = "到2020年建成基层综合性文化服务中心。人均藏书达到1.5册以上。"
    [target] = extract_targets(text, default_year=2019)
    assert target.by_year == 2019
    [target] = extract_targets("人均藏书达到1.5册以上")
    assert target.by_year is None


def test_several_targets_in_one_sentence_keep_their_own_indicators():
    text = ("创新农村电影放映模式，农村数字电影放映覆盖率达到100%，确保每个行政村每月放映1场以上的电影，"
            "并做到院线上映不足两年的国产新片比例不低于1/3。")
    targets = extract_targets(text)
    assert [(t.indicator, t.comparator, round(t.value, 4), t.unit) for t in targets] == [
        ("农村数字电影放映覆盖率", "==", 100, "%"),
        ("每个行政村每月放映", ">=", 1, "场"),
        ("院线上映不足两年的国产新片比例", ">=", 0.3333, "fraction"),
    ]
    assert targets[2].raw == "院线上映不足两年的国产新片比例不低于1/3"


def test_raw_is_original_text_with_full_width():
    [target] = extract_targets("人均藏书达到１．５册以上")
    assert target.value == 1.5
    assert target.raw == "人均藏书达到１．５册以上"


def test_sample_003_targets_are_all_found():
    found = set()
    for line in SAMPLE_003.read_text(encoding="utf-8").splitlines():
        for target in extract_targets(line):
            found.add((round(target.value, 4), target.unit))
    expected = {(0.03, "册"), (1.5, "册"), (200, "平方米"), (100, "%"), (3, "‰"), (15, "小时"),
                (5, "天"), (50, "课时"), (5, "名"), (1, "名"), (0.3333, "fraction"), (5, "场")}
    assert expected <= found, expected - found


def test_sample_003_has_no_date_or_number_noise():
    for line in SAMPLE_003.read_text(encoding="utf-8").splitlines():
        for target in extract_targets(line):
            assert target.unit not in ("年", "月", "日", "号")
            assert target.indicator, target
