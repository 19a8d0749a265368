"""The shortcuts of the text path give the answers of the long way round.

Caches keyed by text must forget their answers when the registry or the settings change;
every pre-filter that skips work must skip only work whose answer is known to be "no".
"""
from __future__ import annotations

import pytest

import culturegov as cg
from culturegov.agencies import load_registry, split_name_run
from culturegov.agencies.segmentation import is_known
from culturegov.recognizers import members
from culturegov.settings import cached_per_generation, get_settings, new_generation, set_settings


@pytest.fixture(autouse=True)
def builtin_registry():
    load_registry()
    yield
    load_registry()


def test_a_cached_answer_lasts_one_generation():
    state = {"calls": 0}

    @cached_per_generation(maxsize=8)
    def answer(x):
        state["calls"] += 1
        return (x, state["calls"])

    assert answer(1) == (1, 1) and answer(1) == (1, 1)  # the second call is the cached one
    new_generation()
    assert answer(1) == (1, 2)
    before = get_settings()
    set_settings(fuzzy_threshold=before.fuzzy_threshold + 1)  # a setting changes: forgotten
    try:
        assert answer(1) == (1, 3)
    finally:
        set_settings(**vars(before))


def test_a_new_registry_changes_what_the_member_list_reader_knows(tmp_path):
    """Names made up for the test: unknown to the built-in registry, known after the user's
    entries are loaded, unknown again after; each step asked through the cached paths."""
    run = "甲乙丙丁处戊己庚辛处"
    text = "领导小组由甲乙丙丁处、戊己庚辛处、壬癸子丑处组成。"
    assert not is_known("甲乙丙丁处")
    before = members._parse_token("由甲乙丙丁处", lead=True, trail=True)
    first = [m.agency.name for m in cg.parse_text(text).member_units]
    extra = tmp_path / "extra.toml"
    extra.write_text("".join(
        f'[[agency]]\ncanonical_id = "made-up-{i}"\nname = "{name}"\ncategory = "government"\n'
        for i, name in enumerate(["甲乙丙丁处", "戊己庚辛处", "壬癸子丑处"])), encoding="utf-8")
    load_registry(extra=extra)
    assert is_known("甲乙丙丁处")
    assert split_name_run(run) == [(0, 5), (5, 10)]
    assert members._parse_token("由甲乙丙丁处", lead=True, trail=True) == (1, ((1, 6),), None)
    assert [m.agency.name for m in cg.parse_text(text).member_units] == [
        "甲乙丙丁处", "戊己庚辛处", "壬癸子丑处"]
    load_registry()
    assert not is_known("甲乙丙丁处")
    assert members._parse_token("由甲乙丙丁处", lead=True, trail=True) == before
    assert [m.agency.name for m in cg.parse_text(text).member_units] == first
