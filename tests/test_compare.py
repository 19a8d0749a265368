"""Coverage matrix, duty alignment and theme tagging."""
from __future__ import annotations

import subprocess
import sys

import pytest

from culturegov import analytics as compare
from culturegov.analytics import align_duties, coverage_matrix, load_themes, tag_themes
from culturegov.export.keys import body_key
from culturegov.models import AgencyRef, Duty, PolicyDocument, Span

SHARED = "将公共文化服务专业人才培养纳入国民教育体系"


@pytest.fixture(scope="module")
def doc000(parsed) -> PolicyDocument:
    return parsed("000_7f7948de658d7fdd")


@pytest.fixture(scope="module")
def doc001(parsed) -> PolicyDocument:
    return parsed("001_89d3c2afdc5c18c8")


def _duty(agency: str, text: str) -> Duty:
    return Duty(agency=AgencyRef(name=agency), text=text, span=Span(start=0, end=len(text)))


def test_alignment_of_000_and_001_pairs_the_education_duty(doc000, doc001):
    result = align_duties(doc000, doc001)
    pair = next(p for p in result.pairs if SHARED in p.a.duty.text)
    assert SHARED in pair.b.duty.text
    assert pair.a.duty.agency.name == "区教育局" and pair.b.duty.agency.name == "区教育局"
    assert pair.score >= 95
    # every duty is either paired once or left on its side
    assert len(result.pairs) + len(result.only_a) == len(doc000.duties)
    assert len(result.pairs) + len(result.only_b) == len(doc001.duties)
    assert len({p.a.index for p in result.pairs}) == len(result.pairs)
    assert len({p.b.index for p in result.pairs}) == len(result.pairs)
    assert [p.score for p in result.pairs] == sorted((p.score for p in result.pairs), reverse=True)
    # 区侨联's 海外鹿城人 duty exists only in 鹿城区's document
    assert any("海外鹿城人" in d.duty.text for d in result.only_b)


def test_alignment_does_not_pair_unrelated_duties():
    a = [_duty("区文广局", "1. 组织实施区级重点文化惠民项目。"),
         _duty("区编办", "指导和协调公共文化服务机构编制工作。")]
    b = [_duty("区委编办", "指导和协调公共文化服务机构编制工作;"),
         _duty("区侨联", "推进海外鹿城人参与公共文化服务。")]
    result = align_duties(a, b)
    assert [(p.a.index, p.b.index) for p in result.pairs] == [(1, 0)]
    assert result.pairs[0].score == 100  # number and final punctuation do not count
    assert [d.index for d in result.only_a] == [0] and [d.index for d in result.only_b] == [1]


def test_a_short_duty_is_not_a_perfect_match_for_a_long_one():
    short = "推进文化与旅游的融合发展。"
    long = ("推进文化与旅游的融合发展，建设一批文旅融合示范项目，培育乡村旅游文化品牌，"
            "完善旅游公共服务设施并纳入公共文化服务体系统一管理。")
    assert compare.duty_similarity(short, long) < 70
    assert compare.duty_similarity(short, short.replace("。", ";")) == 100


def test_jieba_cache_lives_in_the_culturegov_cache_dir(tmp_path):
    code = ("import os, tempfile; from culturegov import analytics as compare;"
            "compare.tokens('将公共文化服务专业人才培养纳入国民教育体系');"
            "print(sorted(os.listdir(os.environ['CULTUREGOV_CACHE_DIR'])))")
    env = {**__import__("os").environ, "CULTUREGOV_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "['jieba.cache']"


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("CULTUREGOV_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG applies on Linux and the BSDs")
    assert compare.cache_dir() == tmp_path / "culturegov"
    assert (tmp_path / "culturegov").is_dir()


def test_coverage_matrix_of_000_and_001(doc000, doc001):
    pytest.importorskip("pandas")
    matrix = coverage_matrix([doc000, doc001], key="body")
    assert list(matrix.columns) == [doc000.source, doc001.source]
    for doc in (doc000, doc001):
        named = {body_key(d.agency, doc) for d in doc.duties} | {
            body_key(m.agency, doc) for m in doc.member_units} | {
            body_key(a, doc) for a in doc.agencies}
        column = matrix[doc.source]
        assert set(column[column.notna()].index) == named
        assert column.sum() == len(doc.duties)  # no tasks in either: the cells count duties
    # keyed by jurisdiction, 武清区's and 鹿城区's bodies never share a row
    assert not matrix.notna().all(axis=1).any()

    by_name = coverage_matrix([doc000, doc001])
    shared = by_name[by_name.notna().all(axis=1)]
    assert len(shared) >= 1  # 区教育局 at least, under one canonical or written name
    assert by_name.index[0] in shared.index  # rows most-shared first


def test_theme_lexicon_and_tagging():
    themes = {t.label for t in load_themes()}
    assert {"标准化", "均等化", "社会化", "数字化", "设施建设", "人才队伍", "经费保障", "志愿服务",
            "特殊群体", "宣传", "考核评估", "文旅融合"} <= themes
    assert tag_themes("协调推进基本公共文化服务标准化、均等化和社会化建设相关工作。") == [
        "标准化", "均等化", "社会化"]
    assert tag_themes("支持公共文化机构为残疾人提供公共文化服务") == ["特殊群体"]
    assert "志愿服务" in tag_themes("鼓励全区教师、学生积极参加文化志愿者队伍。")
    assert "经费保障" in tag_themes("研究建立全区基本公共文化服务体系建设和运行的财政保障机制")
    assert "文旅融合" in tag_themes("推进文化与旅游的融合发展")
    assert tag_themes("") == []


def test_themes_of_sample_duties(doc001):
    tagged = {d.text: tag_themes(d.text) for d in doc001.duties}
    assert any("特殊群体" in t for t in tagged.values())  # 区残联, 团区委 (未成年人)
    assert any("志愿服务" in t for t in tagged.values())
