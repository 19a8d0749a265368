"""Column roles of a task table from two witnesses: the header word (lexicon.columns, by its
head noun) and what the cells below it hold (layouts.cell_kinds). A column whose word is
unknown takes the role its cells show; a known word over cells of another kind (dates under
责任单位, names under 完成时限) gives way to the cells; a word over cells that say nothing
clear keeps its role. Short rows (a merged cell's values dropped) are laid onto the columns
by the same kinds."""
from __future__ import annotations

from collections import Counter

from ..layouts.cell_kinds import EXPECTED_KIND, cell_kind, fit as _fit
from ..lexicon.columns import column_role, settle_roles
from ..normalize.text import clean_name
from ..settings import get_settings

# What a column whose cells clearly hold one kind is, whatever its header says.
_ROLE_OF_KIND = {"number": "number", "date": "deadline", "units": "agency",
                 "persons": "leaders", "sentence": "text", "text": "text"}
# Kinds strong enough to overrule a header word (a sentence may sit in a unit column as a
# remark; a date is never a unit, a unit never a date).
_OVERRULING = {"units": {"date", "persons"}, "date": {"units", "persons", "sentence"},
               "persons": {"units", "date"}, "number": {"sentence", "units", "date"},
               "text": {"date", "units"} }
_SAMPLE_ROWS = 40


def _family(role: str | None) -> str | None:
    return EXPECTED_KIND.get(role) if role else None


def column_evidence(rows: list[list[str]], width: int) -> list[str | None]:
    """Per column, the kind most of its filled cells hold (None when no kind dominates)."""
    ratio = get_settings().column_evidence_ratio
    # Rows filled to their last column: a shorter row may have lost merged cells and be
    # padded at its end, its cells not yet under their columns.
    full = [r for r in rows if len(r) >= width and r[width - 1].strip()]
    rows = full if len(full) >= 2 else rows
    found: list[str | None] = []
    for i in range(width):
        kinds = [cell_kind(r[i]) for r in rows[:_SAMPLE_ROWS] if i < len(r) and r[i].strip()]
        kinds = ["units" if k == "unit_shaped" else k for k in kinds]
        kinds = ["text" if k == "sentence" else k for k in kinds] if _mostly_text(kinds) else kinds
        top = Counter(kinds).most_common(1)
        found.append(top[0][0] if top and top[0][1] >= ratio * len(kinds) else None)
    return found


def _mostly_text(kinds: list[str]) -> bool:
    return sum(k in ("text", "sentence") for k in kinds) >= get_settings().column_evidence_ratio * len(kinds)


def table_roles(header: list[str], body: list[list[str]]) -> list[str | None] | None:
    """Roles for the columns under `header`, or None when this is not a task table: it needs
    a unit column and a task or content column, and the header must read as a header
    (short cells, most of them header words, none of them data)."""
    words = [clean_name(w) for w in header]
    filled = [w for w in words if w]
    if len(filled) < 2 or any(len(w) > 12 or cell_kind(w) in ("date", "number") for w in filled):
        return None
    roles = [column_role(w) for w in words]
    evidence = column_evidence(body, len(words))
    # A word never seen counts as a header word when its cells say clearly what they are.
    placed = [r or k for r, k in zip(roles, evidence)]
    if len([p for p, w in zip(placed, words) if p and w]) < \
            get_settings().header_known_ratio * len(filled) or not any(roles):
        return None
    for i, kind in enumerate(evidence):
        family = _family(roles[i]) or ("text" if roles[i] is None else None)
        if kind is None or family is None or family == kind or \
                (family == "text" and kind == "sentence"):
            if roles[i] is None and kind:
                roles[i] = _ROLE_OF_KIND[kind]
            continue
        if roles[i] is None or kind in _OVERRULING.get(family, ()):
            roles[i] = _ROLE_OF_KIND[kind]
    roles = settle_roles(words, _text_roles(settle_roles(words, roles), body))
    if not ({"lead", "leaders"} & set(roles)) or not ({"title", "content"} & set(roles)):
        return None
    return roles


def _text_roles(roles: list[str | None], body: list[list[str]]) -> list[str | None]:
    """Columns known only as text become the title and content: of text columns without a
    role, the shorter-celled one names the task when no column does."""
    loose = [i for i, r in enumerate(roles) if r == "text"]
    if not loose and ("title" in roles or "content" not in roles):
        return roles
    if "title" not in roles:
        def mean_length(i: int) -> float:
            cells = [len(r[i]) for r in body[:_SAMPLE_ROWS] if i < len(r) and r[i].strip()]
            return sum(cells) / len(cells) if cells else 0.0
        # A table whose one text column is its content names each task by that text.
        candidates = loose + [i for i, r in enumerate(roles) if r == "content"]
        title = min(candidates, key=lambda i: (mean_length(i), i))
        roles[title] = "title"
    return [("content" if r == "text" else r) for r in roles]


def align_row(values: list[str], roles: list[str | None]) -> list[int] | None:
    """Columns for the cells of a row that holds fewer cells than the header (a merged
    cell's values dropped, the row padded at its end), or None to keep the row as it is.

    The cells up to the last filled one keep their order; each goes to the column whose
    role fits its kind best. Only a row with a cell that contradicts its column is moved,
    and only to a placement that fits strictly better. Of equal placements, the latest is taken (merged cells are the
    leading ones), unless the row opens with its own number."""
    filled = [i for i, v in enumerate(values) if v.strip()]
    width = len(roles)
    if not filled or filled[-1] + 1 >= width:
        return None
    kinds = [cell_kind(v) for v in values[:filled[-1] + 1]]
    n = len(kinds)
    prefer_left = kinds[0] == "number" and roles[0] == "number"

    def fit(kind: str, role: str | None) -> float:
        # A row without its own number lost its merged leading cells, the task's name
        # among them: its text is the content more likely than a new name.
        return _fit(kind, role) - (0.75 if role == "title" and not prefer_left else 0.0)

    fits = [_fit(kind, roles[i]) for i, kind in enumerate(kinds)]
    identity = sum(fits)
    neg = float("-inf")
    # best[k][c]: the best score of the first k cells placed in the first c columns
    best = [[0.0] * (width + 1)] + [[neg] * (width + 1) for _ in range(n)]
    took: dict[tuple[int, int], bool] = {}
    for k in range(1, n + 1):
        for c in range(k, width + 1):
            skip = best[k][c - 1]
            take = best[k - 1][c - 1] + fit(kinds[k - 1], roles[c - 1])
            took[k, c] = take > skip or (take == skip and not prefer_left)
            best[k][c] = max(take, skip)
    # A row is moved when a cell contradicts its column, or when another placement fits
    # clearly better (by a whole point); otherwise its empty cells at the end are empty.
    if best[n][width] <= identity or (min(fits) >= 0 and best[n][width] - identity < 1.0):
        return None
    placed, k, c = [], n, width
    while k > 0:
        if took[k, c]:
            placed.append(c - 1)
            k -= 1
        c -= 1
    return placed[::-1]
