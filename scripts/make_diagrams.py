"""Draw the explanatory pictures of docs/architecture.md and docs/data-model.md.

    python scripts/make_diagrams.py [--out docs/figures]

- pipeline.png: the stages a document passes through, each with what it made of sample 003
  (古镇镇's task table, flattened by a web page into one cell per line): counted while this
  script runs the stages, so the picture follows the code.
- name_resolution.png: the steps of the agency resolver beside names from the samples,
  each coloured by the step that resolved it (cg.resolve_agency, run here).
- task_fields.png: one row of sample 003's source table beside the Task it becomes.

Needs the `figures` extra (pip install -e ".[figures]": matplotlib, pandas, networkx) and a
CJK font (see scripts/make_figure.py, whose font set-up is shared).
"""
from __future__ import annotations

import sys
import textwrap
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_figure import SAMPLES, plt, run  # noqa: E402

import culturegov as cg  # noqa: E402

SAMPLE = SAMPLES / "003_5a35171835c4a9ae.txt"
METHOD_COLOURS = {"exact": "#4c9f70", "alias": "#7fb7be", "rule": "#f2c14e",
                  "fuzzy": "#f78154", "unresolved": "#bbbbbb"}


def _box(ax, x, y, w, h, text, colour, size=9, weight="normal", align="center"):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.01,rounding_size=0.015",
                                fc=colour, ec="#444444", lw=0.8))
    tx = x + w / 2 if align == "center" else x + 0.012
    ax.text(tx, y + h / 2, text, ha=align, va="center", fontsize=size, fontweight=weight,
            linespacing=1.35)


def _arrow(ax, start, end, colour="#444444"):
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.1, shrinkA=0, shrinkB=0))


def _canvas(width: float, height: float):
    fig, ax = plt.subplots(figsize=(width, height), dpi=150)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    return fig, ax


def _save(fig, out: Path, name: str) -> Path:
    path = out / name
    fig.savefig(path, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return path


# ------------------------------------------------------------------ the pipeline


def _stage_counts() -> list[tuple[str, str, str]]:
    """(room, its job, what it made of the sample), running the stages as pipeline.py does."""
    from culturegov.layouts import repair_layout
    from culturegov.readers import read

    data = SAMPLE.read_bytes()
    fmt, extracted = read(data, str(SAMPLE))
    blocks = extracted.blocks
    repaired = repair_layout(extracted.text, blocks)
    tables = [b for b in repaired if b.kind == "table"]
    doc = cg.parse(SAMPLE)
    units = [u for t in doc.tasks for u in (*t.lead, *t.cooperating)]
    methods = Counter(u.method for u in units)
    dated = sum(1 for t in doc.tasks if t.deadline and t.deadline.end)
    targets = sum(len(t.targets) for t in doc.tasks)
    frames = cg.to_frames([doc])
    unparsed = sum(len(u.text) for u in doc.unparsed)
    return [
        ("file / bytes", "cg.parse(path | bytes | file object)",
         f"{SAMPLE.name}: {len(data):,} bytes"),
        ("readers/", "sniff the format from the bytes; READERS[format]\n"
                     "extracts text and blocks (txt, docx, pdf, html, ofd …)",
         f"format '{fmt}', {extracted.encoding or '–'}; {len(blocks)} blocks, "
         f"{sum(b.kind == 'table' for b in blocks)} tables"),
        ("layouts/", "tables a web page or a PDF flattened into lines\n"
                     "rebuilt as Table blocks (one module per form, LAYOUTS)",
         "; ".join(f"Table from {t.origin}: {len(t.rows)} rows × {max(map(len, t.rows))} cells"
                   for t in tables[:2]) or "nothing to rebuild"),
        ("recognizers/", "RECOGNIZERS in order: metadata → outline → members →\n"
                         "duties → duty_tables → tasks → citations → leftovers",
         f"kind '{doc.kind}': {len(doc.tasks)} tasks, {len(doc.duties)} duties, "
         f"title {'found' if doc.metadata.title else 'none'}"),
        ("normalize/", "deadlines into dates (the document's year), targets\n"
                       "into indicator, comparator, value, unit",
         f"{dated} deadlines dated, {targets} numeric targets"),
        ("agencies/", "every name resolved: registry, gazetteer,\n"
                      "rules, fuzzy (name_resolution.png)",
         f"{len(units)} unit names: " + ", ".join(f"{n} {m}" for m, n in methods.most_common())),
        ("models/", "PolicyDocument (pydantic): what no recognizer\nclaimed stays in doc.unparsed",
         f"{len(doc.text):,} characters, {unparsed} unparsed"),
        ("export/ analytics/\nbatch/", "JSON, DataFrames, Parquet, the duty graph;\n"
                                        "comparisons; whole archives (convert)",
         "to_frames: " + ", ".join(f"{name} {len(f)}" for name, f in frames.items()
                                   if len(f))),
    ]


def pipeline(out: Path) -> Path:
    stages = _stage_counts()
    fig, ax = _canvas(12, 0.82 * len(stages) + 0.9)
    step = 1 / (len(stages) + 0.4)
    height = step * 0.66
    colours = ["#eeeeee", *["#dbe9f6"] * (len(stages) - 2), "#e3f1e0"]
    ax.text(0.0, 1.0, "room (src/culturegov/)", fontsize=9, color="#555555", va="bottom")
    ax.text(0.21, 1.0, "its one job", fontsize=9, color="#555555", va="bottom")
    ax.text(0.64, 1.0, f"what it made of sample {SAMPLE.name[:3]} (古镇镇's task table)",
            fontsize=9, color="#555555", va="bottom")
    for i, ((room, job, made), colour) in enumerate(zip(stages, colours)):
        y = 1 - (i + 1) * step
        _box(ax, 0.01, y, 0.18, height, room, colour, size=10, weight="bold")
        ax.text(0.21, y + height / 2, job, fontsize=8.5, va="center", linespacing=1.35)
        ax.text(0.64, y + height / 2, textwrap.fill(made, 52), fontsize=8.5, va="center",
                color="#1d3557", linespacing=1.35)
        if i + 1 < len(stages):
            _arrow(ax, (0.1, y), (0.1, y - (step - height)))
    return _save(fig, out, "pipeline.png")


# ------------------------------------------------------------------ name resolution

STEPS = [
    ("clean", "width folded, spaces and quotes dropped", None),
    ("known as written?", "the whole name in the registry", "exact / alias · 1.0"),
    ("closing bracket", "a known body inside: second name;\nelse a scope note", None),
    ("readings of the front", "gazetteer prefix │ town │ level word (区 市 县 …) │ none;\n"
                              "the rest looked up in the registry", "exact / alias · 1.0"),
    ("rules", "委 ↔ 局, 委员会 = 委, joining words dropped (和),\nX局…分局 → the bureau",
     "rule · 0.9"),
    ("fuzzy", "rapidfuzz ratio ≥ 80 among names ending in the same\n"
              "character, 10 points ahead of the next body", "fuzzy · ratio/100"),
    ("unresolved", "kept as written; a Finding on the document", "unresolved · 0"),
]
# (name as written, the document's region): one per way a name gets resolved
EXAMPLES = [("文化站", "古镇镇"), ("区教育局", "武清区"), ("区文广局", "武清区"),
            ("区委统战部(区民宗局)", "鹿城区"), ("区科委(包括知识产权方面)", "武清区"),
            ("市自然资源和规划局鹿城分局", "鹿城区"), ("规划分局", "古镇镇"),
            ("区市场监督管局", "武清区"), ("镇财政所", "古镇镇")]
STEP_OF_METHOD = {"rule": 4, "fuzzy": 5, "unresolved": 6}


def _trace(name: str, method: str) -> tuple[int, str]:
    """The step that resolved `name` and how its front was read (the resolver's own
    reading, through agencies.known_name)."""
    from culturegov.agencies import known_name

    main = name.split("(")[0]  # the body before a closing bracket
    found = known_name(main)
    core = found[0].core if found else main
    reading = f"read as {main[:-len(core)]} + {core}" if core != main and main.endswith(
        core) else ""
    if method in ("exact", "alias"):
        return (1 if core == main and main == name else 3), reading
    return STEP_OF_METHOD[method], reading


def name_resolution(out: Path) -> Path:
    fig, ax = _canvas(15, 7.2)
    step = 1 / (len(STEPS) + 0.3)
    height = step * 0.7
    ax.text(0.01, 1.0, "the resolver's steps (cg.resolve_agency)", fontsize=9,
            color="#555555", va="bottom")
    ax.text(0.64, 1.0, "names from the samples [the document's region], coloured by what "
            "resolved them", fontsize=9, color="#555555", va="bottom")
    centres = []
    for i, (title, what, result) in enumerate(STEPS):
        y = 1 - (i + 1) * step
        colour = {1: "#e6f2ea", 3: "#e6f2ea", 4: "#fbf0cf", 5: "#fde0d4", 6: "#eeeeee"}.get(
            i, "#f5f5f5")
        _box(ax, 0.01, y, 0.13, height, title, colour, size=9, weight="bold")
        ax.text(0.15, y + height / 2, what, fontsize=8, va="center", linespacing=1.3)
        if result:
            ax.text(0.5, y + height / 2, result, fontsize=8, va="center", ha="left",
                    color="#555555")
        centres.append(y + height / 2)
        if i + 1 < len(STEPS):
            _arrow(ax, (0.075, y), (0.075, y - (step - height)))

    row = 0.97 / len(EXAMPLES)
    for k, (name, region) in enumerate(EXAMPLES):
        match = cg.resolve_agency(name, region=region)
        target, reading = _trace(name, match.method)
        y = 0.985 - (k + 0.5) * row
        where = f"{match.jurisdiction or '–'}, {match.level or '–'}"
        extra = (f"second name {match.second_name}" if getattr(match, "second_name", None)
                 else f"scope note {match.scope_note}" if getattr(match, "scope_note", None)
                 else "")
        how = "; ".join(part for part in (reading, extra) if part)
        answer = (f"{match.canonical_name} ({match.canonical_id}), {where}"
                  if match.canonical_id else "kept as written")
        _box(ax, 0.64, y - row * 0.36, 0.35, row * 0.72,
             f"{name}  [{region}]   {how}\n"
             f"→ {match.method} {match.score:g}: {answer}",
             METHOD_COLOURS[match.method], size=7.5, align="left")
        _arrow(ax, (0.64, y), (0.59, centres[target]), colour=METHOD_COLOURS[match.method])
    return _save(fig, out, "name_resolution.png")


# ------------------------------------------------------------------ a task row and its Task

COLUMN_COLOURS = ["#cde4f5", "#e2d4f0", "#fbe3c8", "#d4f0d8", "#f6d2d9", "#f4efc1"]


def task_fields(out: Path, index: int = 19) -> Path:
    doc = cg.parse(SAMPLE)
    task = doc.tasks[index]
    header_span = doc.headers[0]
    header = [c.strip() for c in doc.text[header_span.start:header_span.end].split("\n\t")
              if c.strip()]
    row = [c.strip() for c in doc.text[task.span.start:task.span.end].split("\n\t")]
    if len(header) != len(COLUMN_COLOURS) or len(row) != len(header):
        raise SystemExit(f"task {index}: expected {len(COLUMN_COLOURS)} cells, got "
                         f"{header} / {row}: the sample or its layout changed")

    def unit(u):
        return f"{u.name} → {u.canonical_name} ({u.method}, {u.jurisdiction})"

    deadline = task.deadline
    fields = [
        ("number", repr(task.number)),
        ("title", textwrap.fill(task.title or "", 30)),
        ("content", textwrap.fill(task.content or "", 30)),
        ("lead", "\n".join(unit(u) for u in task.lead)),
        ("cooperating", "\n".join(unit(u) for u in task.cooperating)),
        ("deadline", f"raw {deadline.raw!r}\nstart {deadline.start}  end {deadline.end}"),
    ]
    targets = "\n".join(f"{t.indicator} {t.comparator} {t.value:g} {t.unit}"
                        for t in task.targets)

    fig, ax = _canvas(12.5, 6.6)
    ax.text(0.01, 1.0, f"the source: sample {SAMPLE.name[:3]}, a table a web page flattened\n"
                      "into one cell per line (» a tab at the line's start)", fontsize=9,
            color="#555555", va="bottom")
    ax.text(0.5, 1.0, f"the parsed Task: doc.tasks[{index}]", fontsize=9, color="#555555",
            va="bottom")

    def wrapped(cell: str) -> str:  # the cell's own lines kept, each wrapped to the box
        return "\n".join(textwrap.fill(line, 24) or " " for line in cell.split("\n"))

    lines = [(f"» {h}", COLUMN_COLOURS[i]) for i, h in enumerate(header)] + [("", None)]
    lines += [(f"» {wrapped(c)}", COLUMN_COLOURS[i]) for i, c in enumerate(row)]
    heights = [0.04 * (1 + text.count("\n")) + 0.014 for text, _ in lines]
    y = 0.985
    source_centres = []
    for (text, colour), h in zip(lines, heights):
        y -= h
        if colour:
            _box(ax, 0.01, y, 0.35, h - 0.01, text, colour, size=8.5, align="left")
            source_centres.append(y + h / 2)
    cell_centres = source_centres[len(header):]

    boxes = [*fields, ("targets", targets)]
    heights = [0.03 * (1 + text.count("\n")) + 0.03 for _, text in boxes]
    scale = min(1.0, 0.97 / sum(heights))
    y = 0.985
    for i, ((name, text), h) in enumerate(zip(boxes, heights)):
        h *= scale
        y -= h
        colour = COLUMN_COLOURS[2 if name == "targets" else i]  # targets come from 具体内容
        _box(ax, 0.5, y, 0.12, h - 0.012, name, colour, size=9, weight="bold")
        ax.text(0.635, y + (h - 0.012) / 2, text, fontsize=8.2, va="center", linespacing=1.3)
        source = cell_centres[2] if name == "targets" else cell_centres[i]
        _arrow(ax, (0.365, source), (0.495, y + (h - 0.012) / 2), colour="#777777")
    ax.text(0.5, y - 0.04, "targets: read from 具体内容 (content) by normalize/targets; "
                        "lead and cooperating: resolved by agencies/", fontsize=8,
            color="#555555")
    return _save(fig, out, "task_fields.png")


def main(argv: list[str] | None = None) -> int:
    return run(argv, __doc__.splitlines()[0],
               lambda out: (pipeline(out), name_resolution(out), task_fields(out)))


if __name__ == "__main__":
    raise SystemExit(main())
