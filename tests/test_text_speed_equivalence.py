"""The shortcuts of the text path give the answers of the long way round.

Caches keyed by text must forget their answers when the registry or the settings change;
every pre-filter that skips work must skip only work whose answer is known to be "no".
"""
from __future__ import annotations

import pytest

import culturegov as cg
from culturegov.agencies import load_registry, split_name_run
from culturegov.agencies.segmentation import is_known
from culturegov.recognizers import members, name_tokens
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
    before = name_tokens.parse_token("由甲乙丙丁处", lead=True, trail=True)
    first = [m.agency.name for m in cg.parse_text(text).member_units]
    extra = tmp_path / "extra.toml"
    extra.write_text("".join(
        f'[[agency]]\ncanonical_id = "made-up-{i}"\nname = "{name}"\ncategory = "government"\n'
        for i, name in enumerate(["甲乙丙丁处", "戊己庚辛处", "壬癸子丑处"])), encoding="utf-8")
    load_registry(extra=extra)
    assert is_known("甲乙丙丁处")
    assert split_name_run(run) == [(0, 5), (5, 10)]
    assert name_tokens.parse_token("由甲乙丙丁处", lead=True, trail=True) == (1, ((1, 6),), None)
    assert [m.agency.name for m in cg.parse_text(text).member_units] == [
        "甲乙丙丁处", "戊己庚辛处", "壬癸子丑处"]
    load_registry()
    assert not is_known("甲乙丙丁处")
    assert name_tokens.parse_token("由甲乙丙丁处", lead=True, trail=True) == before
    assert [m.agency.name for m in cg.parse_text(text).member_units] == first


# ───────────── member lists in a clause: the new reading against the old one ─────────────
# The reader below is the clause reader as it was before it was made linear (each candidate
# list walked its run again, each lead-in and trailer was read from the clause's text, each
# name looked up over every segment). The new one must find exactly the same lists.

import random  # noqa: E402

import regex  # noqa: E402

from culturegov.blocks import Paragraph  # noqa: E402
from culturegov.recognizers import clauses as clause_module  # noqa: E402
from culturegov.recognizers.name_tokens import parse_token  # noqa: E402


def _old_text_between(full: dict[int, str], a: int, b: int) -> str:
    parts = []
    for start, text in full.items():
        lo, hi = max(a, start), min(b, start + len(text))
        if lo < hi:
            parts.append(text[lo - start:hi - start])
    return "".join(parts)


def _old_clause_tokens(clause) -> list[tuple[int, int, str]]:
    out = []
    for seg in clause:
        pos = 0
        for m in regex.finditer(r"[、,/\s]+", seg.text + " "):
            text, start, cut = seg.text[pos:m.start()], seg.start + pos, 0
            for k, ch in enumerate(text):
                if ch in ":。;!?":
                    if text[cut:k]:
                        out.append((start + cut, start + k, text[cut:k]))
                    out.append((start + k, start + k + 1, ":"))
                    cut = k + 1
            if text[cut:]:
                out.append((start + cut, start + len(text), text[cut:]))
            pos = m.end()
    return out


def _old_is_member_list(lead, trail, run, names) -> bool:
    lead = "".join(lead.split())
    trail = trail.strip()
    if any(word in lead for word in members._NOT_MEMBER_LABELS) or trail.startswith(":"):
        return False
    known = sum(is_known(name) for name in names)
    if known == 0 or 3 * known < len(names):
        return False
    trailer_says = bool(members._TRAILER.match(trail)) or bool(
        members._COPULA.match(trail) and any(word in trail for word in members._LEAD_WORDS))
    lead_says = any(word in lead for word in members._LEAD_WORDS)
    if len(run) >= 2 and (lead_says or trailer_says):
        return True
    bare_lead = not members._LINE_NUMBER.sub("", lead).strip()
    return bare_lead and trail in ("", "。", ";") and len(run) >= 3


def _old_lists_in_clause(clause) -> list[tuple[list, tuple]]:
    tokens = _old_clause_tokens(clause)
    clause_start = clause[0].start
    clause_end = clause[-1].start + len(clause[-1].text.rstrip())
    full = {seg.start: seg.text for seg in clause}
    out = []
    i = 0
    while i < len(tokens):
        first = parse_token(tokens[i][2], lead=True, trail=True)
        if not first:
            i += 1
            continue
        lead_len, names, trail_at = first
        a0 = tokens[i][0]
        run = [(a0 + a, a0 + b) for a, b in names]
        j = i + 1
        end_token = trail_at is None
        last_token, trail_start = i, (a0 + trail_at if trail_at is not None else None)
        while end_token and j < len(tokens):
            nxt = parse_token(tokens[j][2], lead=False, trail=True)
            if not nxt:
                break
            _, names, trail_at = nxt
            aj = tokens[j][0]
            run += [(aj + a, aj + b) for a, b in names]
            last_token = j
            j += 1
            if trail_at is not None:
                trail_start = aj + trail_at
                break
        if trail_start is None:
            trail_start = tokens[last_token][1]
        lead = _old_text_between(full, clause_start, a0 + lead_len)
        lead = lead[lead.rfind(",") + 1:]
        trail = _old_text_between(full, trail_start, clause_end)
        if _old_is_member_list(lead, trail, run, [_old_text_between(full, a, b) for a, b in run]):
            out.append((run, (clause_start, clause_end)))
            i = max(j, i + 1)
        else:
            i += 1
    return out


_KNOWN = ["区文化和旅游局", "区财政局", "区教育局", "区委宣传部", "区融媒体中心", "镇文化站",
          "镇党政办", "县图书馆", "区委统战部(区民宗局)", "市文广局", "团区委", "区发展改革委"]
_SHAPED = ["甲乙局", "区丙丁中心", "镇戊己所", "各街道办事处", "区某某协会"]
_WORDS = ["由", "成员单位有", "成员", "包括", "组成", "等", "等12个部门组成", "为成员", "为领导小组成员单位",
          "抄送", "牵头", "负责", "统筹推进", "工作", "1.", "(一)", "①", "和", "及", "的", "各",
          "主要负责人", "参加", "是"]
_GLUE = ["、", "、", ",", " ", "/", "", ":", "和", "及", "\n"]


def _random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 30)):
        kind = rng.random()
        parts.append(rng.choice(_KNOWN if kind < 0.45 else _SHAPED if kind < 0.6 else _WORDS))
        parts.append(rng.choice(_GLUE))
        if rng.random() < 0.05:
            parts.append(rng.choice(["。", ";", "\n— 2 —\n", "\n"]))
    return "".join(parts)


def _paragraphs(text: str, rng: random.Random) -> list[Paragraph]:
    out, pos, page = [], 0, 1
    for k, line in enumerate(text.split("\n")):
        if line.strip():
            if rng.random() < 0.1:
                page += 1
            out.append(Paragraph(index=k, text=line, start=pos, end=pos + len(line), page=page))
        pos += len(line) + 1
    return out


def test_clause_tokens_and_text_between_are_the_old_ones():
    rng = random.Random(15)
    for _ in range(400):
        text = _random_text(rng)
        for clause, _markers in clause_module.clauses(_paragraphs(text, rng)):
            assert clause_module.clause_tokens(clause) == _old_clause_tokens(clause)
            full = clause_module.ClauseText(clause)
            old = {seg.start: seg.text for seg in clause}
            lo, hi = clause[0].start, clause[-1].start + len(clause[-1].text)
            for _ in range(10):
                a = rng.randint(lo - 2, hi + 2)
                b = rng.randint(a, hi + 3)
                assert full.between(a, b) == _old_text_between(old, a, b)


@pytest.mark.parametrize("seed", range(4))
def test_member_lists_in_random_clauses_are_the_old_ones(seed):
    """Random clauses of known names, names by shape alone, lead-in, trailer and refusing
    words, separators, colons, page markers and page breaks: the same lists, and enough of
    them found that the comparison means something."""
    rng = random.Random(seed)
    found = 0
    for _ in range(300):
        text = _random_text(rng)
        for clause, markers in clause_module.clauses(_paragraphs(text, rng)):
            new = [(item.names, item.region) for item in members._lists_in_clause(clause, markers)]
            assert new == _old_lists_in_clause(clause), clause
            found += len(new)
    assert found >= 30


def test_lead_ins_read_in_parts_are_the_whole_lead_ins():
    """Lead-ins asked for at growing ends, cut anywhere (inside a word too): the words found
    are the words of the whole lead-in read at once."""
    rng = random.Random(7)
    refusing, announcing = members._NOT_MEMBER_LABELS, members._LEAD_WORDS
    for _ in range(300):
        text = "".join(rng.choice([*_WORDS, *_GLUE[:5], "单位", "有"]) for _ in range(40))
        for clause, _markers in clause_module.clauses(_paragraphs(text, rng)):
            full = clause_module.ClauseText(clause)
            leads = clause_module.LeadIns(full, refusing, announcing)
            lo, hi = clause[0].start, clause[-1].start + len(clause[-1].text)
            end = lo
            while end < hi:
                end = rng.randint(end, min(hi, end + 4))
                lead = "".join(full.between(full.after_last_comma(end), end).split())
                got = leads.at(end)
                assert (got.refuses, got.says, got.text()) == (
                    any(w in lead for w in refusing), any(w in lead for w in announcing), lead)
                end += 1


# ───────────── the look-up's shortcut on a name's last character ─────────────

from pathlib import Path  # noqa: E402

from culturegov.agencies import resolver  # noqa: E402
from culturegov.agencies.registry import active_registry  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
_FRONTS = ["", "区", "市", "县", "镇", "鹿城区", "温州市鹿城区", "中共", "中共鹿城区委", "团", "共青团",
           "古镇镇", "各"]
_BACKS = ["", "和", "及", "与", "和及", "、", "分局", "鹿城分局", "(区民宗局)", "委", "委员会",
          "办公室", "办", "局", "厅"]


def _candidates(rng: random.Random) -> list[str]:
    reg = active_registry()
    names = [*reg.index, *reg.loose_index]
    out = [f + n + b for n in names for f, b in ((rng.choice(_FRONTS), rng.choice(_BACKS)),
                                                   ("", ""), (rng.choice(_FRONTS), ""))]
    out += [n[k:] for n in names for k in range(len(n))]  # every tail of every name
    for path in sorted(SAMPLES.glob("*.txt"))[:12]:
        text = path.read_text(encoding="utf-8")
        for _ in range(3000):
            a = rng.randrange(len(text))
            out.append(text[a:a + rng.randint(1, 14)].strip())
    return out + ["团区委", "共青团鹿城区委员会", "区财政局和", "区文化和旅游局及和", ""]


def _check_shortcut(rng: random.Random) -> int:
    reg = active_registry()
    known = 0
    for text in _candidates(rng):
        found = resolver._resolve_plain(text, reg)
        if found is not None:
            known += 1
            assert resolver._may_be_listed(text), text
    return known


def test_the_last_character_shortcut_never_hides_a_known_name():
    """Every string the full look-up knows (listed names with places, level words, joining
    words, branches, brackets and suffix forms added; tails of names; random stretches of
    the samples) passes the shortcut; and the shortcut does turn most stretches away."""
    rng = random.Random(3)
    assert _check_shortcut(rng) > 2000
    stretches = [t for t in _candidates(rng)[-20000:] if t]
    turned_away = sum(not resolver._may_be_listed(t) for t in stretches)
    assert turned_away > len(stretches) / 3


def test_the_shortcut_follows_the_registry(tmp_path):
    """A user's registry alone: names ending in characters the built-in one never ends in,
    and the youth league known only through its rule (团区委 ends in 委, no listed name does)."""
    extra = tmp_path / "extra.toml"
    extra.write_text(
        '[[agency]]\ncanonical_id = "youth"\nname = "共青团委员会"\ncategory = "government"\n'
        '[[agency]]\ncanonical_id = "made-up"\nname = "甲乙丙组"\ncategory = "government"\n'
        '[[agency]]\ncanonical_id = "made-up-2"\nname = "丁戊和己庚"\ncategory = "government"\n',
        encoding="utf-8")
    load_registry(extra=extra, builtin=False)
    for text in ("团区委", "区甲乙丙组", "区丁戊和己庚", "丁戊己庚"):
        assert resolver._resolve_plain(text, active_registry()) is not None, text
        assert resolver._may_be_listed(text), text
        assert is_known(text)
    # a connector dropped between words (丁戊己庚), never one ending the text: 丁戊己庚和 is
    # the name and the word joining the next
    assert resolver._resolve_plain("丁戊己庚和", active_registry()) is None
    assert is_known("区甲乙丙组(区丁戊和己庚)")
    assert _check_shortcut(random.Random(4)) > 20


def test_the_shortcut_follows_the_rules(tmp_path, monkeypatch):
    """A suffix form (…署 for …局) and a youth-league name are known through the rules only,
    in a registry where no listed name ends as they do."""
    extra = tmp_path / "extra.toml"
    extra.write_text(
        '[[agency]]\ncanonical_id = "youth"\nname = "共青团委员会"\ncategory = "government"\n'
        '[[agency]]\ncanonical_id = "made-up"\nname = "甲乙丙局"\ncategory = "government"\n',
        encoding="utf-8")
    reg = load_registry(extra=extra, builtin=False)
    monkeypatch.setattr(reg.rules, "suffix_equivalents", [("署", "局")])
    new_generation()
    for text in ("区甲乙丙署", "团区委"):
        assert resolver._resolve_plain(text, reg) is not None, text
        assert resolver._may_be_listed(text), text


def _odd_strings(rng: random.Random) -> list[str]:
    """Pieces as a name run is cut into, and worse: stretches of the samples, names with
    affixes, brackets, full-width and trailing punctuation, spaces, zero-width characters."""
    odd = ["", " ", "(", ")", "（", "）", "、", "。", ":", "，", "\u200b", "Ａ", "１", "各", "和", "等"]
    out = _candidates(rng)
    out += [rng.choice(out[:3000]) + rng.choice(odd) for _ in range(3000)]
    out += [rng.choice(odd) + rng.choice(out[:3000]) for _ in range(1000)]
    out += [s.replace("(", "（").replace(")", "）") for s in out[:2000]]
    return out


def test_is_known_is_the_full_look_up():
    from culturegov.agencies.resolver import known_name
    from culturegov.normalize.text import clean_name

    def reference(piece: str) -> bool:
        if piece.endswith(")") and piece.count("(") == 1 and piece.count(")") == 1:
            piece = piece[:piece.index("(")]
        return known_name(clean_name(piece)) is not None

    strings = _odd_strings(random.Random(5))
    assert [is_known(s) for s in strings] == [reference(s) for s in strings]
    assert sum(map(is_known, strings)) > 2000


def test_is_agency_name_is_the_full_shape_test():
    from culturegov.agencies import shapes

    strings = _odd_strings(random.Random(6))
    strings += [s + w for s in strings[:2000] for w in ("局", "中心", "各", "(区民宗局)")]
    got = [shapes.is_agency_name(s) for s in strings]
    want = [len(s.strip()) <= 123 and shapes._is_agency_name(s.strip()) for s in strings]
    assert got == want
    assert sum(got) > 2000


# ───────────── name runs: pieces that surely are no name are not asked about ─────────────

def _reference_run(text: str):
    """split_name_run's reading with every piece asked about (before the dead-end skip)."""
    from culturegov.agencies import segmentation as seg
    from culturegov.agencies.shapes import is_agency_name

    if not text or len(text) > seg._MAX_RUN or text != text.strip():
        return None
    if is_known(text):
        return [(0, len(text))]
    n = len(text)
    best = [None] * (n + 1)
    best[0] = (0, [])

    def relax(start, cost0, cuts0, after_connector=False):
        if text[start:start + 1] in ("(", ")"):
            return
        shape_ok = not after_connector or text[start:start + 1] == text[:1]
        for end in range(start + 2, min(n, start + seg._MAX_NAME) + 1):
            piece = text[start:end]
            if is_known(piece):
                cost = 1
            elif shape_ok and is_agency_name(piece) and not seg._hides_restart(piece, is_agency_name):
                cost = 3
            else:
                continue
            if piece[0] != text[0]:
                cost += 0.5
            candidate = (cost0 + cost, [*cuts0, (start, end)])
            if best[end] is None or candidate[0] < best[end][0]:
                best[end] = candidate

    for start in range(n):
        if best[start] is None:
            continue
        cost0, cuts0 = best[start]
        if cuts0:
            for word in seg._CONNECTORS:
                if text.startswith(word, start):
                    relax(start + len(word), cost0, cuts0, after_connector=True)
        relax(start, cost0, cuts0)
    if best[n] is None:
        return None
    cuts = best[n][1]
    if len(cuts) > 1 and 2 * sum(is_known(text[a:b]) for a, b in cuts) < len(cuts):
        return None
    return cuts


def _runs(rng: random.Random) -> list[str]:
    reg = active_registry()
    names = [n for n in reg.index if len(n) >= 2]
    pieces = [*names, *_SHAPED, *_WORDS, "各", "(", ")", "、", "和", "及", "负责", "工作"]
    out = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(3000)]
    for path in sorted(SAMPLES.glob("*.txt"))[:12]:
        words = regex.findall(r"[^、,/\s:。;!?，：；。]{2,}", path.read_text(encoding="utf-8"))
        out += rng.sample(words, min(300, len(words)))
    return out


def test_name_runs_are_the_reference_reading():
    from culturegov.agencies.segmentation import split_name_run

    runs = _runs(random.Random(8))
    got = [split_name_run(t) for t in runs]
    assert got == [_reference_run(t) for t in runs]
    assert sum(1 for g in got if g and len(g) >= 2) > 300  # runs of several names among them


def test_a_word_without_sentence_end_or_item_number_hides_no_glued_name():
    """What split_pieces relies on to skip _glued_names, checked over words of the samples
    and made-up words, against a shape test that takes every string for a name."""
    from culturegov.blocks import pieces

    rng = random.Random(9)
    words = _runs(rng) + [w + tail for w in _KNOWN for tail in ("1.", "。", ";", "(1)", "")]
    always = lambda text: True  # noqa: E731
    skipped = 0
    for word in words:
        if not (pieces._SENTENCE_END.search(word) or pieces._GLUED_ITEM.search(word, 2, 32)):
            skipped += 1
            assert list(pieces._glued_names(word, always)) == [], word
    assert 100 < skipped < len(words)


def test_clean_name_is_the_old_cleaning():
    from culturegov.normalize.text import _ZERO_WIDTH_TABLE, clean_name, fold_width

    for text in _odd_strings(random.Random(10)):
        for variant in (text, text + "\u200b", "\u00ad" + text, text.replace("局", "局\ufeff")):
            old = fold_width(variant).translate(_ZERO_WIDTH_TABLE).replace(" ", "").strip(":;,.、。")
            assert clean_name(variant) == old


def test_traditional_characters_are_found_as_before():
    """_char_map's quick answer for a page with no character t2s changes, and its memo of
    the characters asked before, give the map of the plain definition."""
    from culturegov.blocks import script

    table = script._converter()
    if table is None:
        pytest.skip("OpenCC (the traditional extra) is not installed")

    def reference(text: str) -> dict[str, str]:
        out = {}
        for ch in set(text):
            if script._HAN_FIRST <= ch <= script._HAN_LAST:
                simple = script._one_to_one(ch, table)
                if simple != ch:
                    out[ch] = simple
        return out

    rng = random.Random(11)
    plain = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))[:6])
    traditional = "區縣會為與門們來個國學產業務發這對開關說見長點過還進選體變際職責層類組織辦員級設備"
    mapped = 0
    for _ in range(200):
        a = rng.randrange(len(plain))
        text = plain[a:a + rng.randint(0, 400)]
        if rng.random() < 0.5:
            text += "".join(rng.sample(traditional, rng.randint(1, 5)))
        got = script._char_map(text, table)
        assert got == reference(text)
        mapped += bool(got)
    assert 50 < mapped < 200
    # The pattern holds exactly the characters t2s changes into one other character.
    pattern = script._changing(table)
    for code in range(ord(script._HAN_FIRST), ord(script._HAN_LAST) + 1, 7):
        ch = chr(code)
        assert bool(pattern.search(ch)) == (script._one_to_one(ch, table) != ch)


def test_the_traditional_pattern_holds_what_one_character_at_a_time_gives():
    """The t2s characters are converted in one call, one per line; the pattern must find
    exactly the Han characters that converted alone become one other character."""
    from culturegov.blocks import script
    table = script._converter()
    if table is None:
        pytest.skip("OpenCC is not installed")
    han = [chr(c) for c in range(ord(script._HAN_FIRST), ord(script._HAN_LAST) + 1)]
    alone = [script._one_to_one(ch, table) for ch in han]
    assert script._each_converted(han, table) == alone
    changing = script._changing(table)
    assert {ch for ch in han if changing.fullmatch(ch)} == {
        ch for ch, simple in zip(han, alone) if simple != ch}
    # A converter that merges lines falls back to asking one character at a time.

    class Joining:
        def convert(self, text):
            return text.replace("\n", "")

    assert script._each_converted(["甲", "乙"], Joining()) == ["甲", "乙"]
