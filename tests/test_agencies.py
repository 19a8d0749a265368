"""The agency resolver, its registry and the region gazetteer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from culturegov.errors import CulturegovError, RegistryError
from culturegov.models import AgencyRef, Duty, MemberUnit, Metadata, PolicyDocument, Span, Task
from culturegov.agencies import (
    load_registry,
    resolve_agency,
    resolve_document_agencies,
    split_concatenated,
)
from culturegov.agencies.gazetteer import find_region, lookup_region
from culturegov.settings import get_settings

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "samples" / "expected"


@pytest.fixture(autouse=True)
def builtin_registry():
    """Every test starts and ends with the built-in registry only."""
    load_registry()
    yield
    load_registry()


def sample_names() -> list[tuple[str, str | None, str | None]]:
    out = []
    for path in sorted(EXPECTED.glob("00[0-4]_*.json")):  # the five original samples
        data = json.loads(path.read_text(encoding="utf-8"))
        names = [a["name"] for a in data.get("agencies", [])] + data.get("member_units", [])
        for task in data.get("tasks", []):
            names += task.get("lead", []) + task.get("cooperating", [])
        out += [(n, data.get("region"), data.get("city")) for n in dict.fromkeys(names)]
    return out


# Every agency name of the five samples and the body it is.
SAMPLE_IDS = {
    "区文广局": "culture-tourism", "区委宣传部": "publicity-dept", "区编办": "establishment-office",
    "区文明办": "civilization-office", "区发改委": "development-reform", "区教育局": "education",
    "区科委(包括知识产权方面）": "science-technology", "区财政局": "finance",
    "区民政局": "civil-affairs", "区市场监管局": "market-regulation", "区体育局": "sports",
    "区政府办公室（信息化管理及民族宗教方面）": "government-office",
    "区商务委（商贸及旅游方面）": "commerce", "区人力社保局": "human-resources",
    "区规划局": "natural-resources", "区国土局": "natural-resources",
    "区建委": "housing-construction", "区农委": "agriculture-rural", "区统计局": "statistics",
    "区法制办公室": "justice", "区总工会": "trade-union", "团区委": "youth-league",
    "区妇联": "womens-federation", "区残联": "disabled-persons-federation",
    "区科协": "science-association", "区新闻中心": "media-center", "区气象局": "meteorology",
    "广电网络公司": "cable-network", "各镇人民政府、街道办事处": "township-governments",
    "区政府办公室(区大数据发展管理局)": "government-office", "区委组织部": "organization-dept",
    "区委统战部(区民宗局)": "united-front-dept", "区委编办": "establishment-office",
    "区精神文明建设指导中心": "civilization-center", "区督考办": "inspection-office",
    "区发改局": "development-reform", "区科技局": "science-technology",
    "区住建局": "housing-construction", "区农业农村局(区扶贫办)": "agriculture-rural",
    "区文化和广电旅游体育局": "culture-tourism",
    "市自然资源和规划局鹿城分局": "natural-resources", "区侨联": "overseas-chinese-federation",
    "区文联": "literary-art-federation", "市人社局": "human-resources",
    "市国土资源局": "natural-resources", "市规划局": "natural-resources",
    "市住建局": "housing-construction", "市城市管理局": "urban-management",
    "市农业局": "agriculture-rural", "市文化广电局": "culture-tourism",
    "市文物旅游局": "culture-tourism", "市体育局": "sports", "市统计局": "statistics",
    "市交通局": "transport", "市工信局": "industry-it", "市总工会": "trade-union",
    "市科协": "science-association", "团市委": "youth-league", "市妇联": "womens-federation",
    "创建办": "creation-office", "各成员单位": "member-units",
    "党政办": "township-party-government-office", "规划分局": "natural-resources",
    "村": "village", "国土分局": "natural-resources", "文化站": "culture-station",
    "宣传办": "township-publicity-office", "各村": "villages", "农业局": "agriculture-rural",
    "资产办": "township-assets-office", "财政分局": "finance", "工会": "trade-union",
    "教指中心": "education-guidance-center", "团委": "youth-league",
    "妇联": "womens-federation", "社区学院": "community-college",
    "社会事务局": "township-social-affairs", "经信局": "industry-it",
    "组织人事办": "township-org-personnel-office", "人社分局": "human-resources",
}


def test_every_sample_name_resolves_to_its_body():
    names = sample_names()
    assert len(names) >= 90
    wrong = {}
    for name, region, city in names:
        m = resolve_agency(name, region, city=city)
        if m.method == "unresolved" or m.canonical_id != SAMPLE_IDS[name]:
            wrong[name] = (m.canonical_id, m.method)
    assert wrong == {}
    assert set(SAMPLE_IDS) == {n for n, _, _ in names}


def test_sample_names_take_the_document_place():
    m = resolve_agency("区文广局", "武清区")
    assert (m.level, m.jurisdiction, m.jurisdiction_code) == ("district", "武清区", "120114")
    m = resolve_agency("市文物旅游局", "武清区")  # 市 in a district document: the city above
    assert (m.level, m.jurisdiction, m.jurisdiction_code) == ("city", "天津市", "120000")
    m = resolve_agency("文化站", "古镇镇", city="中山市")
    assert (m.level, m.jurisdiction, m.jurisdiction_code) == ("town", "古镇镇", None)
    m = resolve_agency("市人社局", "古镇镇", city="中山市")
    assert (m.jurisdiction, m.jurisdiction_code) == ("中山市", "442000")
    m = resolve_agency("市人社局")
    assert (m.level, m.jurisdiction) == ("city", None)
    # a county-level city (东台市 in 盐城市): the 市 of its own documents is itself
    m = resolve_agency("市委宣传部", "东台市", city="盐城市")
    assert (m.level, m.jurisdiction, m.jurisdiction_code) == ("city", "东台市", "320981")


SAME = [
    # abbreviations and full names
    ("区发改委", "区发改局"), ("区发改委", "区发展和改革委员会"), ("区发改局", "区发展和改革局"),
    ("区人社局", "区人力社保局"), ("区人社局", "区人力资源和社会保障局"),
    ("区人力社保局", "区人力资源社会保障局"), ("区市场监管局", "区市场监督管理局"),
    ("区文广局", "区文广新局"), ("区文广局", "区文化广电局"), ("区文广局", "区文化和广电旅游体育局"),
    ("区文化和旅游局", "区文旅局"), ("县文化广电旅游体育局", "县文化和旅游局"),
    ("区编办", "区委编办"), ("区编办", "区机构编制委员会办公室"), ("区文明办", "区精神文明建设委员会办公室"),
    ("区住建局", "区住房和城乡建设局"), ("区卫健委", "区卫生健康局"), ("区政府办", "区人民政府办公室"),
    ("区委宣传部", "中共武清区委宣传部"), ("区委统战部", "区委统一战线工作部"),
    ("团区委", "共青团武清区委员会"), ("团市委", "团委"), ("区总工会", "工会"),
    ("区妇联", "区妇女联合会"), ("区残联", "区残疾人联合会"), ("区科协", "区科学技术协会"),
    ("区文联", "区文学艺术界联合会"), ("区督考办", "区督查考核办公室"),
    # reform renames
    ("区文化局", "区文化和旅游局"), ("区旅游局", "区文化和旅游局"), ("市文物旅游局", "市文化和旅游局"),
    ("区国土资源局", "区自然资源和规划局"), ("区规划局", "区自然资源和规划局"), ("区国土局", "区规划局"),
    ("区农委", "区农业农村局"), ("区农业局", "区农业农村局"), ("区科委", "区科技局"),
    ("区科学技术委员会", "区科学技术局"), ("区法制办", "区司法局"), ("区法制办公室", "区司法局"),
    ("区建委", "区住建局"), ("区工商局", "区市场监管局"), ("区质监局", "区市场监管局"),
    ("区食药监局", "区市场监管局"), ("区卫计委", "区卫健委"), ("区环保局", "区生态环境局"),
    ("区扶贫办", "区乡村振兴局"), ("区安监局", "区应急管理局"),
    # branches
    ("市自然资源和规划局鹿城分局", "区自然资源局"), ("规划分局", "区规划局"), ("财政分局", "区财政局"),
    ("人社分局", "区人社局"),
]

DIFFERENT = [
    ("区科委", "区科协"), ("区科技局", "区科协"), ("区科学技术委员会", "区科学技术协会"),
    ("区文明办", "区文联"), ("区精神文明建设指导中心", "区文明办"), ("区统计局", "区审计局"),
    ("区法制办公室", "区政府办公室"), ("区法制办", "区政府办"), ("文化站", "区文化局"),
    ("文化馆", "区文化局"), ("文化站", "文化馆"), ("区文化馆", "区图书馆"), ("团区委", "区委"),
    ("团市委", "市委"), ("区委", "区政府"), ("区委办", "区政府办"), ("区委宣传部", "宣传办"),
    ("区广电局", "区文广局"), ("区文物局", "区文化局"), ("区工商局", "区工商联"),
    ("区商务局", "区工商联"), ("区侨联", "区侨办"), ("区妇联", "区残联"), ("区体育局", "区教育局"),
    ("区农业农村局", "区农办"), ("区扶贫办", "区农业农村局"), ("区民政局", "区民宗局"),
    ("区统战部", "区民宗局"), ("区政府办公室", "区大数据发展管理局"), ("区人社局", "区社会事务局"),
    ("区新闻中心", "区广播电视台"), ("广电网络公司", "区广电局"), ("各村", "村"),
    ("各镇人民政府、街道办事处", "镇政府"), ("各成员单位", "各有关单位"), ("区交通局", "区城市管理局"),
    ("区住建局", "区自然资源局"), ("区发改委", "区经信局"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_body(a, b):
    ma, mb = resolve_agency(a, "武清区"), resolve_agency(b, "武清区")
    assert ma.canonical_id is not None, a
    assert ma.canonical_id == mb.canonical_id, (a, b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_bodies(a, b):
    ma, mb = resolve_agency(a, "武清区"), resolve_agency(b, "武清区")
    assert ma.canonical_id is not None and mb.canonical_id is not None, (a, b)
    assert ma.canonical_id != mb.canonical_id, (a, b)


def test_pair_lists_are_large_enough():
    assert len(SAME) >= 40 and len(DIFFERENT) >= 30


def test_reform_renames_are_aliases_with_the_standard_name():
    m = resolve_agency("区农委")
    assert (m.canonical_id, m.canonical_name, m.method) == ("agriculture-rural", "农业农村局", "alias")
    m = resolve_agency("区人力资源社会保障局")  # joining word dropped: found by rule
    assert (m.canonical_id, m.method) == ("human-resources", "rule")


def test_region_prefixes():
    m = resolve_agency("温州市鹿城区委统战部")
    assert (m.canonical_id, m.jurisdiction, m.jurisdiction_code, m.level) == (
        "united-front-dept", "鹿城区", "330302", "district")
    m = resolve_agency("中共武清区委宣传部")
    assert (m.canonical_id, m.category, m.jurisdiction) == ("publicity-dept", "party", "武清区")
    m = resolve_agency("共青团温州市鹿城区委员会")
    assert (m.canonical_id, m.jurisdiction) == ("youth-league", "鹿城区")
    m = resolve_agency("天津市文化和旅游局")
    assert (m.canonical_id, m.jurisdiction, m.level) == ("culture-tourism", "天津市", "city")
    m = resolve_agency("古镇镇文化站")
    assert (m.canonical_id, m.jurisdiction, m.level) == ("culture-station", "古镇镇", "town")
    m = resolve_agency("市自然资源和规划局鹿城分局", "鹿城区", city="温州市")
    assert (m.canonical_id, m.jurisdiction, m.jurisdiction_code, m.method) == (
        "natural-resources", "鹿城区", "330302", "rule")
    # the level word is not taken off when what is left is not a body
    m = resolve_agency("区市场监管局")
    assert m.canonical_id == "market-regulation"
    m = resolve_agency("市住房城乡建设局", "鹿城区", city="温州市")  # 城乡 is no town
    assert (m.canonical_id, m.jurisdiction) == ("housing-construction", "温州市")
    assert resolve_agency("乡村振兴局").canonical_id == "rural-revitalization"
    # levels written with the words of autonomous regions and leagues / banners
    for name, body, level in [("自治区文化厅", "culture-tourism", "province"),
                              ("州文化广电局", "culture-tourism", "city"),
                              ("自治县教育局", "education", "county"),
                              ("旗文体局", "culture-tourism", "county")]:
        m = resolve_agency(name)
        assert (m.canonical_id, m.level) == (body, level), name
    # 厅 is a provincial department: its place is the province above the document's place
    m = resolve_agency("教育厅", "鹿城区", city="温州市")
    assert (m.canonical_id, m.level, m.jurisdiction) == ("education", "province", "浙江省")


def test_second_name_versus_scope_note():
    m = resolve_agency("区委统战部(区民宗局)")
    assert (m.canonical_id, m.second_name, m.scope_note) == ("united-front-dept", "区民宗局", None)
    m = resolve_agency("区农业农村局（区扶贫办）")
    assert (m.canonical_id, m.second_name) == ("agriculture-rural", "区扶贫办")
    m = resolve_agency("区科委(包括知识产权方面）")
    assert (m.canonical_id, m.second_name, m.scope_note) == (
        "science-technology", None, "包括知识产权方面")
    m = resolve_agency("区商务委（商贸及旅游方面）")
    assert (m.canonical_id, m.scope_note) == ("commerce", "商贸及旅游方面")
    m = resolve_agency("区科委(包括知识产权")  # bracket left open
    assert (m.canonical_id, m.scope_note) == ("science-technology", "包括知识产权")


def test_unresolved_is_kept_as_written_not_guessed():
    for name in ["区科学技术协会委员会", "区摄影家协会", "区新时代文明实践中心", "区供电公司"]:
        m = resolve_agency(name, "武清区")
        assert (m.name, m.canonical_id, m.method, m.score) == (name, None, "unresolved", 0.0)


def test_fuzzy_catches_a_variant_and_says_so():
    m = resolve_agency("区市场监管理局")
    assert m.canonical_id == "market-regulation"
    assert m.method == "fuzzy" and get_settings().fuzzy_threshold / 100 <= m.score < 1


def test_split_concatenated():
    assert split_concatenated("社会事务局文化站") == ["社会事务局", "文化站"]
    assert split_concatenated("团委妇联工会") == ["团委", "妇联", "工会"]
    assert split_concatenated("文化站") == ["文化站"]
    # pieces are slices of the name as written, spaces and full-width letters kept
    assert split_concatenated("社会事务局 文化站") == ["社会事务局", "文化站"]
    assert split_concatenated("区委宣传部区文广局") == ["区委宣传部", "区文广局"]
    assert split_concatenated("区文化广电局") == ["区文化广电局"]  # one known name: not cut
    assert split_concatenated("文化站摄影家协会") == ["文化站摄影家协会"]  # no full cut


def test_user_registry_adds_and_overrides(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text(
        '[[agency]]\ncanonical_id = "photographers"\nname = "摄影家协会"\n'
        'category = "people_org"\nabbreviations = ["摄协"]\n\n'
        '[[agency]]\ncanonical_id = "culture-station"\nname = "文化服务中心"\n'
        'category = "institution"\nfull_names = ["文化站"]\n'
        # a user entry takes a name from another built-in body
        '\n[[agency]]\ncanonical_id = "ict-bureau"\nname = "经信局"\ncategory = "government"\n',
        encoding="utf-8")
    assert resolve_agency("区摄影家协会").canonical_id is None
    load_registry(extra=extra)
    m = resolve_agency("区摄协", "武清区")
    assert (m.canonical_id, m.canonical_name, m.method) == ("photographers", "摄影家协会", "alias")
    assert resolve_agency("文化站").canonical_name == "文化服务中心"
    # the built-in culture-station names the user entry left out no longer point to it
    assert resolve_agency("综合文化站").canonical_id != "culture-station"
    assert resolve_agency("经信局").canonical_id == "ict-bureau"
    assert resolve_agency("工信局").canonical_id == "industry-it"
    load_registry()
    assert resolve_agency("区摄协").canonical_id is None


@pytest.mark.parametrize(("content", "expected"), [
    ("[[agency]\nname = 1", "not valid TOML"),
    ('[[agency]]\ncanonical_id = "x-y"\ncategory = "government"\n',
     "#1 (canonical_id 'x-y') is invalid: name: Field required"),
    ('[[agency]]\ncanonical_id = "Bad Id"\nname = "某局"\ncategory = "government"\n',
     "canonical_id: String should match pattern"),
    ('[[agency]]\ncanonical_id = "a"\nname = "甲局"\ncategory = "bureau"\n', "category: Input"),
    ('[[agency]]\ncanonical_id = "a"\nname = "甲局"\ncategory = "government"\n'
     '[[agency]]\ncanonical_id = "a"\nname = "乙局"\ncategory = "government"\n',
     "repeats a canonical_id"),
    ('[[agency]]\ncanonical_id = "a"\nname = "甲局"\ncategory = "government"\n'
     '[[agency]]\ncanonical_id = "b"\nname = "甲局"\ncategory = "government"\n',
     "'甲局' is listed by both 'a' and 'b'"),
    ('[rules]\nconnectors = []\n', "[[agency]] entries only"),
    ('[[agencies]]\nname = "甲局"\n', "unknown top-level key"),
])
def test_user_registry_errors_name_the_file_and_entry(tmp_path, content, expected):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError) as info:
        load_registry(extra=bad)
    assert str(bad) in str(info.value)
    assert expected in str(info.value)
    assert isinstance(info.value, CulturegovError)
    # a failed load leaves the registry as it was
    assert resolve_agency("区文广局").canonical_id == "culture-tourism"


def test_user_registry_missing_file(tmp_path):
    with pytest.raises(RegistryError, match="not found"):
        load_registry(extra=tmp_path / "nope.toml")


def _ref(name: str, start: int) -> AgencyRef:
    return AgencyRef(name=name, span=Span(start=start, end=start + len(name)))


def test_resolve_document_agencies():
    doc = PolicyDocument(metadata=Metadata(region="鹿城区", city="温州市"))
    doc.duties = [Duty(agency=_ref("区文化和广电旅游体育局", 100), text="…", span=Span(start=100, end=150)),
                  Duty(agency=_ref("区 文化和广电旅游体育局", 160), text="…", span=Span(start=160, end=190)),
                  Duty(agency=_ref("区摄影家协会", 200), text="…", span=Span(start=200, end=220))]
    doc.tasks = [Task(lead=[_ref("团区委", 300)], cooperating=[_ref("市文广局", 310), _ref("区摄影家协会", 320)],
                      span=Span(start=300, end=330))]
    doc.member_units = [MemberUnit(agency=_ref("区委宣传部", 10), span=Span(start=10, end=15))]
    resolve_document_agencies(doc)

    assert doc.duties[1].agency.canonical_id == "culture-tourism"
    assert doc.duties[1].agency.jurisdiction == "鹿城区"
    assert doc.tasks[0].cooperating[0].jurisdiction == "温州市"
    assert doc.tasks[0].lead[0].canonical_id == "youth-league"
    # distinct as written (spaces ignored), by first appearance
    assert [a.name for a in doc.agencies] == ["区委宣传部", "区文化和广电旅游体育局", "区摄影家协会",
                                              "团区委", "市文广局"]
    assert doc.agencies[1].span.start == 100
    assert doc.agencies[0] is not doc.member_units[0].agency
    unresolved = [f for f in doc.findings if f.code == "unresolved_agency"]
    assert len(unresolved) == 1 and "区摄影家协会" in unresolved[0].message
    assert unresolved[0].span.start == 200
    resolve_document_agencies(doc)  # again: no duplicate finding
    assert len([f for f in doc.findings if f.code == "unresolved_agency"]) == 1


def test_lookup_region():
    assert lookup_region("鹿城区") == ("鹿城区", "330302", "county")
    assert lookup_region("温州市") == ("温州市", "330300", "prefecture")
    assert lookup_region("天津市") == ("天津市", "120000", "province")
    assert lookup_region("鼓楼区")[1] is None  # several cities have one
    assert lookup_region("古镇镇") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("温州市鹿城区人民政府办公室", ("鹿城区", "温州市")),
    ("温州市鹿城区公共文化服务体系建设协调机制工作方案", ("鹿城区", "温州市")),
    ("武清区公共文化服务体系建设协调组成员单位职责任务分工", ("武清区", "天津市")),
    ("古镇镇创建国家公共文化服务体系示范区任务分解表", ("古镇镇", None)),
    ("中山市古镇镇人民政府", ("古镇镇", "中山市")),
    ("南京市鼓楼区文化馆", ("鼓楼区", "南京市")),
    ("天津市文化和旅游局", ("天津市", None)),
    ("关于印发公共文化服务目录的通知", (None, None)),
    ("乡镇综合文化站建设标准", (None, None)),
])
def test_find_region(text, expected):
    assert find_region(text) == expected


def test_import_stays_light():
    code = ("import sys, culturegov; "
            "from culturegov.agencies import registry; "
            "assert registry._active is None, 'registry loaded at import'; "
            "assert 'rapidfuzz' not in sys.modules and 'jieba' not in sys.modules; "
            "culturegov.resolve_agency('区文广局'); "
            "assert registry._active is not None")
    subprocess.run([sys.executable, "-c", code], check=True)
