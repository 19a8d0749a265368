"""Words the recognizers read from data/vocabulary and settings: each test fails when the word
or the threshold stops reaching the code that uses it."""
import dataclasses

import pytest

import culturegov as cg
from culturegov.agencies.shapes import is_agency_name, strip_duty_words
from culturegov.settings import get_settings, set_settings


@pytest.fixture
def restore_settings():
    before = dataclasses.asdict(get_settings())
    yield
    set_settings(**before)


def test_region_mention_is_no_word_that_starts_with_the_suffix():
    # 区域 (area) is no …区: 集中区 would otherwise count twice for 中区, the district once.
    text = ("在人口集中区域建设文化广场，人口集中区域的农家书屋每周开放。\n"
            "石景山区文化馆负责组织实施。")
    assert cg.parse_text(text).metadata.region == "石景山区"


def test_a_particle_makes_a_sentence_not_a_name():
    assert is_agency_name("区文化馆")
    assert not is_agency_name("全区的文化馆")


def test_duty_words_joined_to_the_name_are_cut():
    assert strip_duty_words("区文化馆的主要职责是") == "区文化馆"


def test_party_name_is_a_name():
    assert is_agency_name("中共区委宣传部") and is_agency_name("中共某某镇委员会")


MEMBERS_TWICE = ("区文化馆阵地建设工作方案\n"
                 "领导小组由区委宣传部、区财政局、区精神文明建设指导中心组成。\n"
                 "领导小组成员单位：区委宣传部、区财政局、区精神文明指导中心。")


def test_restated_member_list_with_a_variant_name_adds_no_member():
    members = [m.agency.name for m in cg.parse_text(MEMBERS_TWICE).member_units]
    assert members == ["区委宣传部", "区财政局", "区精神文明建设指导中心"]


def test_variant_ratio_is_the_setting(restore_settings):
    set_settings(member_variant_ratio=100.0)  # only identical names are one body
    members = [m.agency.name for m in cg.parse_text(MEMBERS_TWICE).member_units]
    assert members == ["区委宣传部", "区财政局", "区精神文明建设指导中心", "区精神文明指导中心"]
