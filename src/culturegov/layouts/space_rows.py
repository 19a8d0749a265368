"""Rows whose cells are separated by single spaces while the cells hold spaces themselves
(`1 建设文化广场 新建 镇文化广场一处 县文旅局 县财政局 2021年 6月`). The header line gives
the columns (its words hold no spaces); each row opens with its number, or continues the
task above when a merged cell dropped its number. A row's words are cut into cells where the
cuts make each cell hold what its column's role expects (agencies under units, a date under
the deadline), a cut that no other reading of the words explains."""
from __future__ import annotations

from functools import lru_cache

import regex

from ..blocks import Block, Cell, Paragraph
from ..lexicon.columns import column_role, looks_like_header, settle_roles
from .cell_kinds import ROW_NUMBER, cell_kind, fit
from .lines import make_table, paragraphs_from

_WORD = regex.compile(r"\S+")
_MAX_WORDS = 40


def space_rows_table(text: str, blocks: list[Block], i: int):
    first = blocks[i].text
    words = _WORD.findall(first)
    if not 2 <= len(words) <= 12 or "\t" in first or "|" in first:
        return None, i + 1
    if not looks_like_header(words):
        return None, i + 1
    roles = settle_roles(words, [column_role(w) for w in words])
    header = [_word_cell(blocks[i], m) for m in _WORD.finditer(first)]
    rows, last = _rows(text, blocks, i, roles)
    if None in roles and rows:
        # Columns under a word never seen: cut once, read what those columns hold, cut again.
        roles = _roles_from_cells(roles, words, rows)
        rows, last = _rows(text, blocks, i, roles)
    if not rows:
        return None, i + 1
    return make_table([header, *rows], "space_rows", blocks[i], blocks[last]), last + 1


def _roles_from_cells(roles: list, words: list[str], rows: list[list[Cell]]) -> list:
    from collections import Counter

    guessed = list(roles)
    for k, role in enumerate(roles):
        if role is None:
            kinds = Counter(cell_kind(r[k].text) for r in rows if r[k].text)
            kinds = Counter({("units" if x == "unit_shaped" else x): n for x, n in kinds.items()})
            top = kinds.most_common(1)
            guessed[k] = {"units": "agency", "date": "deadline", "persons": "leaders",
                          "sentence": "content", "text": "content"}.get(top[0][0]) if top else None
    return settle_roles(words, guessed)


def _rows(text: str, blocks: list[Block], i: int, roles: list) -> tuple[list[list[Cell]], int]:
    rows: list[list[Cell]] = []
    last = i
    for j, p in paragraphs_from(blocks, i + 1):
        found = list(_WORD.finditer(p.text))
        if not found or len(found) > _MAX_WORDS:
            break
        numbered = bool(ROW_NUMBER.match(found[0].group()))
        if not numbered and not _continues(found, roles):
            break
        gaps = tuple(b.start() - a.end() for a, b in zip(found, found[1:]))
        cuts = _cut(tuple(m.group() for m in found), gaps, tuple(roles), numbered)
        if cuts is None:
            break
        row = []
        for a, b in cuts:
            if a == b:
                row.append(Cell())
            else:
                start, end = p.start + found[a].start(), p.start + found[b - 1].end()
                row.append(Cell(text=p.text[found[a].start():found[b - 1].end()],
                                start=start, end=end))
        rows.append(row)
        last = j
    return rows, last


def _word_cell(p: Paragraph, m) -> Cell:
    return Cell(text=m.group(), start=p.start + m.start(), end=p.start + m.end())


def _continues(found, roles) -> bool:
    """A line without a number continues the table when it ends as a row does: with a date
    or agencies, in a table that has such a last column."""
    return len(found) >= 2 and cell_kind(found[-1].group()) in ("date", "units") and \
        cell_kind(found[0].group()) != "date"


@lru_cache(maxsize=4096)
def _cut(words: tuple[str, ...], gaps: tuple[int, ...], roles: tuple, numbered: bool
         ) -> list[tuple[int, int]] | None:
    """For each column, the (start, end) of its words, or None when the row fits no cutting.
    Dynamic programming over (column, words used): a cell scores how well its kind fits the
    column's role, less a little for each extra word in a column that is not text."""
    n, m = len(roles), len(words)
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: dict[tuple[int, int], int] = {}
    best[0][0] = 0.0
    for c in range(1, n + 1):
        role = roles[c - 1]
        for b in range(m + 1):
            for a in range(b, -1, -1):
                if best[c - 1][a] == neg:
                    continue
                # A cell that spans a wide gap is less likely one cell: aligned columns
                # leave wider gaps between cells than inside them.
                spread = sum(gaps[a:b - 1]) - (b - a - 1) if b - a > 1 else 0
                score = best[c - 1][a] + _cell_score(words[a:b], role, c - 1, numbered) \
                    - 0.1 * spread
                if score > best[c][b]:
                    best[c][b], back[c, b] = score, a
    if best[n][m] == neg:
        return None
    cuts, b = [], m
    for c in range(n, 0, -1):
        a = back[c, b]
        cuts.append((a, b))
        b = a
    return cuts[::-1]


# What each extra word costs a cell of a role: dates seldom hold a space, names of units
# and of persons are often listed with spaces, text holds spaces freely.
_EXTRA_WORD = {"deadline": 1.0, "number": 1.0, "lead": 0.5, "cooperating": 0.5,
               "agency": 0.5, "oversight": 0.5, "leaders": 0.25, "title": 0.3}


def _cell_score(words: tuple[str, ...], role, column: int, numbered: bool) -> float:
    if not words:
        return -0.25 if not (role == "number" and not numbered) else 0.0
    if role == "number" and (not numbered or len(words) > 1):
        return float("-inf")
    kind = cell_kind(" ".join(words))
    if role is None:  # a header word never seen: its cells are whatever they are
        return 1.0 - 0.5 * (len(words) - 1)
    penalty = _EXTRA_WORD.get(role, 0.0) * (len(words) - 1)
    if role in ("title", "content", "category"):
        # A word that is a unit or a date by itself belongs to the unit or date column
        # next to the text, not to the end or start of the text. It costs more than what
        # the word gains the text (a longer phrase reads as a sentence, which fits a
        # content column better) and spares the units cell (its extra word), so that with
        # single spaces, where no gap tells the columns apart, `…5支 镇党政办 镇文化站`
        # gives both units to the units column.
        penalty += sum(1.5 for w in words[1:] if cell_kind(w) in ("units", "date"))
    return fit(kind, role) - penalty
