"""A note on the order of a member list, in brackets after its last name (…、县残联（排名不分
先后））, is said of the list: the last member is the body alone, whatever the note's words
(vocabulary), bracket width and list form."""
import pytest

import culturegov
from culturegov.lexicon import vocabulary

NOTES = vocabulary("members")["notes"]["order"]
NAMES = ["县委宣传部", "县发展和改革局", "县财政局", "县残联"]
FORMS = [
    "联席会议成员单位包括：{names}{note}。\n",
    "领导小组由{names}{note}组成。\n",
    "成员单位：\n{lines}{note}\n",
]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("note, brackets", [(n, b) for n, b in zip(NOTES, ["（）", "()"] * 8)])
def test_an_order_note_is_no_part_of_the_last_name(form, note, brackets):
    text = "某县公共文化服务体系建设联席会议制度\n" + form.format(
        names="、".join(NAMES), lines="\n".join(NAMES), note=f"{brackets[0]}{note}{brackets[1]}")
    doc = culturegov.parse_text(text)
    assert [m.agency.name for m in doc.member_units] == NAMES
    last = doc.member_units[-1]
    assert doc.text[last.span.start:last.span.end] == "县残联"
    assert not [u for u in doc.unparsed if note in u.text]


def test_a_bracket_that_is_a_second_name_stays():
    doc = culturegov.parse_text("某县公共文化服务体系建设联席会议制度\n联席会议成员单位包括：县委宣传部、"
                                "县科技局（县科协）。\n")
    assert [m.agency.name for m in doc.member_units] == ["县委宣传部", "县科技局（县科协）"]


@pytest.mark.parametrize("joiner", vocabulary("names")["runs"]["joiners"])
def test_a_collective_before_a_joining_word_is_no_name_with_it(joiner):
    """各村（社区）和: the collective, then the word that joins the next name; neither the
    resolver (which drops a connector between words, 文化旅游局 for 文化和旅游局) nor the
    name shape takes the pair for one body."""
    from culturegov.agencies import is_agency_name, known_name

    assert known_name(f"各村{joiner}") is None and not is_agency_name(f"各村(社区){joiner}")
    doc = culturegov.parse_text("某县公共文化服务体系建设联席会议制度\n联席会议成员单位包括：县文化馆、"
                                f"各乡镇人民政府{joiner}各村（社区）。\n")
    assert [m.agency.name for m in doc.member_units] == ["县文化馆", "各乡镇人民政府", "各村（社区）"]


@pytest.mark.parametrize("name, level", [("县直各单位", "county"), ("区直各部门", "district"),
                                         ("市直各有关单位", "city"), ("镇直各单位", "town")])
def test_the_units_directly_under_a_level_are_one_collective(name, level):
    """县直各单位 (every unit directly under the county) is a class of bodies at that level,
    known exactly, not a fuzzy guess at 各有关单位; in a run of names it is read whole."""
    from culturegov.agencies import resolve_agency, split_name_run

    ref = resolve_agency(name)
    assert (ref.canonical_id, ref.method, ref.level) == ("directly-affiliated-units", "exact", level)
    run = f"县财政局各村(社区)和{name}"
    assert [run[a:b] for a, b in split_name_run(run)] == ["县财政局", "各村(社区)", name]
