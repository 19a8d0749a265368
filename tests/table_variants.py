"""Systematic rewrites of the task tables of the samples, for the metamorphic tests: the
rows a sample's expected result lists, written again under other header words (drawn from an
open list of qualifier + head noun, much larger than any word the code lists), other
numbering, other agencies (registry names at other levels) and every flattened form."""
from __future__ import annotations

import itertools
import json
import random
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"

# Header words by role: qualifier × head noun, plus words no rule names (the cells decide).
_HEADS_UNITS = ["单位", "部门", "科室", "股室", "处室", "机构"]
WORDS = {
    "number": ["序号", "编号", "序", "项次"],
    "title": [q + h for q in ["", "工作", "重点", "主要", "年度重点", "专项", "核心"]
              for h in ["任务", "事项", "项目", "工作", "任务名称", "项目名称"]
              if q + h not in ("工作工作",)],
    "content": [q + h for q in ["具体", "细化", "主要", "工作", "实施", "推进"]
                for h in ["内容", "措施", "举措", "要求", "做法"]] + ["具体工作", "任务分解"],
    "lead": [q + h for q in ["牵头", "主责", "督导组牵头", "主办", "牵头责任", "牵头落实"]
             for h in _HEADS_UNITS],
    "cooperating": [q + h for q in ["配合", "协办", "参与", "协同", "协助", "配合责任"]
                    for h in _HEADS_UNITS],
    "deadline": [q + h for q in ["完成", "办结", "截止", "计划完成", ""]
                 for h in ["时限", "时间", "期限", "日期", "时间节点"]] + ["进度安排", "时限要求"],
    "leaders": [q + h for q in ["责任", "牵头", "分管", "包保"] for h in ["领导", "责任人"]],
}
# Words with no head noun at all: the column must be placed by what its cells hold.
UNKNOWN = {"lead": ["承担方"], "deadline": ["何时办结"], "content": ["情况描述"]}
NUMBERINGS = ["{n}", "{n}.", "{n}、", "({n})", "第{n}项"]
PERSONS = ["张某", "李明", "王芳", "赵某某", "刘洋", "陈静"]
LEVELS = ["县", "区", "市"]
FORMS = ["pipe_rows", "pipe_rows_dropped", "tab_rows", "tab_cells", "cell_lines",
         "pipe_cell_lines", "box_grid", "space_rows", "split_header", "two_columns"]


@dataclass
class Row:
    number: int
    title: str
    content: str
    lead: list[str]
    cooperating: list[str]
    deadline: str | None
    leaders: list[str] = field(default_factory=list)
    continues: bool = False  # the same task as the row above (its number and title merged)


def sample_rows(limit: int = 12) -> dict[str, list[Row]]:
    """Per sample with tasks, its first `limit` rows as the expected result lists them."""
    out = {}
    for path in sorted((SAMPLES / "expected").glob("*.json")):
        want = json.loads(path.read_text(encoding="utf-8"))
        if "tasks" not in want:
            continue
        rows, n, previous = [], 0, None
        for task in want["tasks"][:limit]:
            key = (task.get("number"), task["title"])
            continues = key == previous and task.get("number") is not None
            n += 0 if continues else 1
            rows.append(Row(n, task["title"], task["content_prefix"], list(task["lead"]),
                            list(task["cooperating"]), task["deadline"], continues=continues))
            previous = key
        out[path.stem] = rows
    return out


def registry_names() -> list[str]:
    data = tomllib.loads((ROOT / "src/culturegov/data/registry.toml").read_text(encoding="utf-8"))
    names = [e["name"] for e in data["agency"] if e.get("category") == "government"
             and e["name"].endswith(("局", "委员会", "办公室"))]
    return sorted(set(names))


@dataclass
class Variant:
    text: str
    rows: list[Row]
    form: str
    has_deadline: bool


def make_variant(rows: list[Row], rng: random.Random, form: str, names: list[str]) -> Variant:
    rows = _swap_agencies(rows, rng, names) if rng.random() < 0.7 else rows
    if rng.random() < 0.3:
        rows = [Row(**{**r.__dict__, "leaders": rng.sample(PERSONS, rng.randint(1, 2))})
                for r in rows]
    if form == "two_columns":
        rows = [Row(r.number, r.title, "", r.lead, [], None, continues=r.continues) for r in rows]
        columns = ["title", "lead"]
    else:
        columns = ["number", "title"]
        if any(r.content for r in rows):
            columns.append("content")
        columns.append("lead")
        if any(r.cooperating for r in rows):
            columns.append("cooperating")
        if any(r.deadline for r in rows):
            columns.append("deadline")
        if any(r.leaders for r in rows):
            columns.append("leaders")
        if rng.random() < 0.3:  # the content column last, as some tables have it
            if "content" in columns:
                columns.remove("content")
                columns.append("content")
    header = [_word(role, rng) for role in columns]
    numbering = rng.choice(NUMBERINGS)
    cells = []
    for r in rows:
        number = numbering.format(n=r.number)
        value = {"number": number, "title": r.title, "content": r.content,
                 "lead": "、".join(r.lead), "cooperating": "、".join(r.cooperating),
                 "deadline": r.deadline or "", "leaders": "、".join(r.leaders)}
        cells.append(([value[c] for c in columns], r.continues))
    body = RENDER[form](header, columns, cells, rng)
    title = f"{rng.choice(LEVELS)}2021年公共文化服务重点任务分解表"
    return Variant(title + "\n\n" + body + "\n", rows, form, "deadline" in columns)


def _word(role: str, rng: random.Random) -> str:
    if role in UNKNOWN and rng.random() < 0.1:
        return rng.choice(UNKNOWN[role])
    return rng.choice(WORDS[role])


def _swap_agencies(rows: list[Row], rng: random.Random, names: list[str]) -> list[Row]:
    from culturegov.agencies import known_name

    mapping: dict[str, str] = {}
    pool = rng.sample(names, len(names))

    def swap(name: str) -> str:
        if name.startswith("各") or not known_name(name):
            return name
        if name not in mapping:
            mapping[name] = rng.choice(LEVELS) + pool[len(mapping) % len(pool)]
        return mapping[name]

    return [Row(**{**r.__dict__, "lead": [swap(n) for n in r.lead],
                   "cooperating": [swap(n) for n in r.cooperating]}) for r in rows]


# ── renderers: (header words, column roles, [(cells, continues)], rng) → text ──

def _merged(cells, columns):
    """Continuation rows with their number and title cells emptied (a merged cell)."""
    out = []
    for values, continues in cells:
        if continues:
            values = ["" if c in ("number", "title") else v for c, v in zip(columns, values)]
        out.append(values)
    return out


def _pipe_rows(header, columns, cells, rng):
    return "\n".join(" | ".join(r) + " |" for r in [header, *_merged(cells, columns)])


def _pipe_rows_dropped(header, columns, cells, rng):
    """Merged cells dropped from the continuation rows, which are padded at their end."""
    lines = [" | ".join(header) + " |"]
    for values, continues in cells:
        if continues:
            kept = [v for c, v in zip(columns, values) if c not in ("number", "title")]
            lines.append(" | ".join(kept) + " |" + "|" * (len(columns) - len(kept)))
        else:
            lines.append(" | ".join(values) + " |")
    return "\n".join(lines)


def _tab_rows(header, columns, cells, rng):
    return "\n".join("\t".join(r) for r in [header, *_merged(cells, columns)])


def _tab_cells(header, columns, cells, rng):
    return "\n\n".join("\n".join("\t" + v for v in r) for r in [header, *_merged(cells, columns)])


def _cell_lines(header, columns, cells, rng):
    lines = list(header)
    for values, _ in cells:  # every row keeps its number: rows open at it
        lines.extend(v for v in values if v)
    return "\n".join(lines)


def _split_header(header, columns, cells, rng):
    from culturegov.lexicon.columns import joins_header

    split = []
    for word in header:
        cuts = [k for k in range(1, len(word)) if joins_header(word[:k], word[k:])]
        split.extend([word[:cuts[0]], word[cuts[0]:]] if cuts and rng.random() < 0.7 else [word])
    return _cell_lines(split, columns, cells, rng)


def _pipe_cell_lines(header, columns, cells, rng):
    return "\n".join(f"| {v}" if v else "|" for r in [header, *_merged(cells, columns)] for v in r)


def _space_rows(header, columns, cells, rng):
    lines = [" ".join(header)]
    for values, _ in cells:
        out = []
        for c, v in zip(columns, values):
            if c == "leaders" or (c == "lead" and "cooperating" not in columns):
                v = v.replace("、", " ")  # several names apart by spaces, as cells hold them
            elif c == "content" and len(v) > 6:
                v = v[:4] + " " + v[4:]  # a space inside a cell
            if v:
                out.append(v)
        lines.append(" ".join(out))
    return "\n".join(lines)


def _box_grid(header, columns, cells, rng):
    def wrapped(role, value):
        if role in ("lead", "cooperating", "leaders"):
            return value.split("、") if value else [""]
        if role in ("title", "content") and len(value) > 10:
            return [value[k:k + 10] for k in range(0, len(value), 10)]
        return [value]

    width = 12
    rule = lambda a, b, c: a + b.join("─" * width for _ in columns) + c  # noqa: E731
    lines = [rule("┌", "┬", "┐")]
    rows = [header, *_merged(cells, columns)]
    for k, values in enumerate(rows):
        pieces = [wrapped(c, v) for c, v in zip(columns, values)]
        for line in itertools.zip_longest(*pieces, fillvalue=""):
            lines.append("│" + "│".join(p.ljust(width) for p in line) + "│")
        lines.append(rule("├", "┼", "┤") if k < len(rows) - 1 else rule("└", "┴", "┘"))
    return "\n".join(lines)


def _two_columns(header, columns, cells, rng):
    return _pipe_rows(header, columns, cells, rng)


RENDER = {"pipe_rows": _pipe_rows, "pipe_rows_dropped": _pipe_rows_dropped,
          "tab_rows": _tab_rows, "tab_cells": _tab_cells, "cell_lines": _cell_lines,
          "pipe_cell_lines": _pipe_cell_lines, "box_grid": _box_grid, "space_rows": _space_rows,
          "split_header": _split_header, "two_columns": _two_columns}


def variants(count_per_form: int, seed: int = 19):
    """(sample, Variant) pairs: for every sample and form, `count_per_form` rewrites."""
    rng = random.Random(seed)
    names = registry_names()
    for sample, rows in sample_rows().items():
        for form in FORMS:
            for _ in range(count_per_form):
                yield sample, make_variant(rows, rng, form, names)
