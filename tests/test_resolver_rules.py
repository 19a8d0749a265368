"""The resolver's rules on a small registry of our own (tests/data/small_registry.toml): they
test how names are read, not which names the shipped registry happens to list, so growing
data/registry.toml cannot break them."""
from pathlib import Path

import pytest

from culturegov.agencies import load_registry, resolve_agency, split_concatenated

SMALL = Path(__file__).resolve().parent / "data" / "small_registry.toml"


@pytest.fixture(autouse=True)
def small_registry():
    load_registry(SMALL, builtin=False)
    yield
    load_registry()


def test_only_the_small_registry_is_known():
    assert resolve_agency("区教育局").method == "unresolved"  # shipped, not in the small one
    assert resolve_agency("区财政局").canonical_id == "finance"


@pytest.mark.parametrize("name,method", [
    ("区文化和旅游局", "exact"),       # the name after its level word
    ("区文广局", "alias"),             # an abbreviation
    ("区文化广电新闻出版局", "alias"),  # a name before the reform
    ("区文化旅游局", "rule"),          # joining word dropped
    ("区规划分局", "rule"),            # a 分局 of a listed bureau
    ("团区委", "rule"),                # the youth league, whatever the place
])
def test_each_way_of_knowing_a_name(name, method):
    match = resolve_agency(name, region="武清区")
    assert match.method == method
    assert match.score == (1.0 if method in ("exact", "alias") else 0.9)


def test_level_word_gives_the_jurisdiction_of_that_level():
    district = resolve_agency("区财政局", region="武清区")
    city = resolve_agency("市财政局", region="武清区")
    assert (district.level, district.jurisdiction) == ("district", "武清区")
    assert (city.level, city.jurisdiction) == ("city", "天津市")


def test_science_association_is_not_the_science_commission():
    assert resolve_agency("区科协").canonical_id == "science-association"
    assert resolve_agency("区科委").canonical_id == "science-technology"
    # Nearly equally close to both (科学技术委员会 88, 科学技术协会 80, within the margin):
    # left unresolved rather than guessed.
    assert resolve_agency("区科学技术协会委员会").method == "unresolved"


def test_second_name_and_scope_note():
    both = resolve_agency("区财政局(区文旅局)")
    assert (both.canonical_id, both.second_name) == ("finance", "区文旅局")
    scoped = resolve_agency("区科委(包括知识产权方面)")
    assert (scoped.canonical_id, scoped.scope_note) == ("science-technology", "包括知识产权方面")


def test_names_written_together_are_cut_only_into_known_names():
    assert split_concatenated("区财政局区文旅局") == ["区财政局", "区文旅局"]
    assert split_concatenated("区财政局某某中心") == ["区财政局某某中心"]
