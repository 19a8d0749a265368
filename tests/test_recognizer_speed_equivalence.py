"""The shortcuts of the recognizers give the answers of the long way round.

Unit cells of task tables are cut and their role marks read once per distinct text
(tasks._unit_names, role_marks.unit_mark): those answers must equal the plain computation
on every text, and must be forgotten when the registry changes.
"""
from __future__ import annotations

import random

import pytest

import culturegov as cg
from culturegov.agencies import is_agency_name, load_registry
from culturegov.agencies.document import plain_copy
from culturegov.blocks import Cell
from culturegov.lexicon.columns import role_mark
from culturegov.models import AgencyRef, Span
from culturegov.normalize.text import clean_name, fold_width
from culturegov.recognizers import duty_headers, metadata, role_marks, tasks
from culturegov.recognizers.role_marks import roles_of_units


@pytest.fixture(autouse=True)
def builtin_registry():
    load_registry()
    yield
    load_registry()


# Words unit cells are made of: bodies, made-up names, marks, brackets, separators, spaces.
_WORDS = ["区文旅局", "区财政局", "县教育局", "市委宣传部", "区住建局", "社会事务局", "文化站",
          "甲乙丙丁处", "（牵头）", "(配合)", "牵头", "配合", "配合单位", "（区大数据局）",
          "各县（市、区）政府", "、", "，", ";", "；", "/", " ", "\n", "  ", "(", "）", "责任"]


def _random_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 9)))
            for _ in range(count)]


def _plain_roles(refs, column_role):
    """roles_of_units as it was before its per-name answers were cached."""
    marked, group = [], []
    for ref in refs:
        folded = fold_width(ref.name)
        mark = role_mark(folded)
        name = ref.name[:mark[0]].rstrip() if mark else ""
        if not (mark and is_agency_name(fold_width(name))):
            group.append(len(marked))
            marked.append((None, ref))
            continue
        role = mark[1]
        if folded[mark[0]] != "(":
            for k in group:
                marked[k] = (role, marked[k][1])
        group = []
        span = ref.span.model_copy(update={"end": ref.span.start + len(name)})
        marked.append((role, ref.model_copy(update={"name": name, "span": span})))
    roles = {role for role, _ in marked if role}
    rest = "cooperating" if roles == {"lead"} and len(marked) > 1 else column_role
    return [(role or rest, ref) for role, ref in marked]


class _Table:
    index, page = 3, 1


def test_cached_unit_cut_and_roles_equal_the_plain_ones_on_random_cells():
    texts = _random_texts(15, 600)
    seen_marks = 0
    for text in texts * 2:  # the second pass is answered from the caches
        # the cached answer, from the second pass on, is the function's own (uncached) one
        assert tasks._unit_names(text) == tasks._unit_names.__wrapped__(text), text
        doc_text = "前文" + text
        refs = tasks.unit_refs(Cell(text=fold_width(text), start=2, end=2 + len(text)),
                               doc_text, _Table())
        for ref in refs:
            assert doc_text[ref.span.start:ref.span.end] == ref.name
        for column in ("lead", "cooperating"):
            fast = [(r, a.model_dump()) for r, a in roles_of_units(refs, column)]
            plain = [(r, a.model_dump()) for r, a in _plain_roles(refs, column)]
            assert fast == plain, text
        seen_marks += sum(role_marks.unit_mark(r.name) is not None for r in refs)
    assert seen_marks > 50  # the random cells do exercise marked units


def test_marked_units_keep_their_role_and_lose_their_mark():
    refs = [AgencyRef(name=n, span=Span(start=s, end=s + len(n))) for s, n in
            [(0, "区文旅局（牵头）"), (9, "区财政局"), (14, "区住建局配合")]]
    got = [(role, ref.name, ref.span.end) for role, ref in roles_of_units(refs, "lead")]
    assert got == [("lead", "区文旅局", 4), ("cooperating", "区财政局", 13),
                   ("cooperating", "区住建局", 18)]


def test_unit_cut_is_forgotten_when_the_registry_changes(tmp_path):
    """Names made up for the test: one run of two unknown names stays whole; once the
    user's registry knows both, the run is cut in two, and whole again after."""
    cell = "甲乙丙丁处戊己庚辛处、区财政局"
    assert tasks._unit_names(cell) == ((0, "甲乙丙丁处戊己庚辛处"), (11, "区财政局"))
    extra = tmp_path / "extra.toml"
    extra.write_text("".join(
        f'[[agency]]\ncanonical_id = "made-up-{i}"\nname = "{name}"\ncategory = "government"\n'
        for i, name in enumerate(["甲乙丙丁处", "戊己庚辛处"])), encoding="utf-8")
    load_registry(extra=extra)
    assert tasks._unit_names(cell) == ((0, "甲乙丙丁处"), (5, "戊己庚辛处"), (11, "区财政局"))
    assert role_marks.unit_mark("甲乙丙丁处牵头") == ("甲乙丙丁处", "lead", False)
    load_registry()
    assert tasks._unit_names(cell) == ((0, "甲乙丙丁处戊己庚辛处"), (11, "区财政局"))


# ───────────── plain_copy: pydantic's model_copy without its generic copy machinery ─────────────



def _random_refs(seed: int, count: int):
    rng = random.Random(seed)
    optional = ["canonical_id", "canonical_name", "category", "level", "second_name", "method"]
    for _ in range(count):
        values = {"name": rng.choice(_WORDS)}
        for field in rng.sample(optional, rng.randint(0, len(optional))):
            values[field] = rng.choice(_WORDS)
        if rng.random() < 0.3:
            values["score"] = rng.random()
        if rng.random() < 0.8:
            start = rng.randint(0, 99)
            span = {"start": start, "end": start + rng.randint(1, 9)}
            if rng.random() < 0.5:
                span["block"] = rng.randint(0, 9)
            values["span"] = Span(**span)
        yield AgencyRef(**values)


def test_plain_copy_equals_model_copy_and_is_independent():
    for ref in _random_refs(7, 300):
        for update in (None, {"name": "区财政局"}, {"span": None}):
            fast, slow = plain_copy(ref, update), ref.model_copy(update=update)
            assert fast is not ref
            assert fast.model_dump() == slow.model_dump()
            assert fast.model_fields_set == slow.model_fields_set
            assert fast.model_dump_json(exclude_unset=True) == slow.model_dump_json(
                exclude_unset=True)
        copied = plain_copy(ref)
        copied.__dict__["canonical_id"] = "changed"
        copied.__pydantic_fields_set__.add("canonical_id")
        assert ref.canonical_id != "changed"  # the copy's values are its own


def test_duties_under_one_header_each_own_their_agency():
    """Resolution writes into each duty's reference: duties of one header must not share
    one object (a shared one would carry another duty's writes)."""
    doc = cg.parse_text("区文化和旅游局：\n1.负责公共图书馆建设。\n2.负责文化馆建设。\n")
    assert [d.text for d in doc.duties] == ["负责公共图书馆建设。", "负责文化馆建设。"]
    first, second = (d.agency for d in doc.duties)
    assert first is not second and first.name == second.name == "区文化和旅游局"
    first.__dict__["canonical_id"] = "changed"
    assert second.canonical_id != "changed"


# ───────────── small rewrites: the plain expressions they replaced, on random texts ─────────────



def test_meta_field_equals_the_plain_lookup_on_random_cells():
    keys = list(metadata._META_KEYS)
    rng = random.Random(3)
    parts = [*keys, "　", " ", "：", ":", "\u200b", "、", "区财政局", "序号", "。"]
    cells = [*keys, *("".join(rng.choice(parts) for _ in range(rng.randint(1, 4)))
                      for _ in range(2000))]
    hits = 0
    for cell in cells:
        key = clean_name(cell)
        plain = metadata._META_KEYS.get(key)
        assert metadata._meta_field(cell) == plain, cell
        hits += plain is not None
    assert hits > len(keys)  # spaced and coloned keys (文　号：) are found too


def test_first_of_equals_the_plain_minimum_on_random_texts():
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("区局:。;，") for _ in range(rng.randint(0, 8)))
        for marks in (":。", "。:", ";", ""):
            found = [k for k in (text.find(m) for m in marks) if k >= 0]
            assert duty_headers._first_of(text, marks) == (min(found) if found else -1)
