"""Draw the figures of docs/analytics.md from the bundled samples.

    python scripts/make_figure.py [--out docs/figures]

- coverage_heatmap.png: every canonical body × the sample documents, coloured by how many
  duties and task roles each body holds in each document (blank: the document does not name it).
- network_003.png: who works with whom in sample 003's task table (古镇镇): bodies joined
  when they share a task, line width = number of shared tasks, dot size = tasks led (both in
  the legend); the busiest body in the centre, the next five around it, the rest outside.

The diagrams of docs/architecture.md and docs/data-model.md: scripts/make_diagrams.py.

Needs the `figures` extra (pip install -e ".[figures]": matplotlib with the Agg backend, no
display; pandas; networkx) and a CJK font: WenQuanYi Zen Hei
(apt-get install fonts-wqy-zenhei) or Noto Sans CJK; the first one found is used.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: works on a server without a display
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

import culturegov as cg  # noqa: E402
from culturegov.analytics import coverage_matrix  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
CJK_FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
]


def use_cjk_font() -> str:
    """Register a CJK font with matplotlib; without one every 文 is a hollow box."""
    for path in CJK_FONTS:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            name = font_manager.FontProperties(fname=path).get_name()
            plt.rcParams["font.family"] = [name]
            plt.rcParams["axes.unicode_minus"] = False
            return name
    sys.exit("no CJK font found: apt-get install fonts-wqy-zenhei")


def document_label(doc) -> str:
    md = doc.metadata
    name = Path(doc.source).name[:3]
    return f"{name} {md.region or '(地区不明)'}\n{doc.kind}"


def coverage_heatmap(docs, out: Path) -> Path:
    """Every canonical body (all rows of coverage_matrix, most widely named first)."""
    import numpy as np

    matrix = coverage_matrix(docs)
    values = matrix.astype("float64").to_numpy()  # <NA> → nan: drawn blank
    fig, ax = plt.subplots(figsize=(7.5, 0.27 * len(matrix) + 2.2), dpi=150)
    image = ax.imshow(values, aspect="auto", cmap="YlOrRd", vmin=0)
    labels = {doc.source: document_label(doc) for doc in docs}
    ax.set_xticks(range(len(matrix.columns)), [labels[c] for c in matrix.columns], fontsize=8)
    ax.set_yticks(range(len(matrix.index)), list(matrix.index), fontsize=7.5)
    ax.xaxis.tick_top()
    top = np.nanmax(values)
    for (i, j), value in np.ndenumerate(values):
        if value == value:  # not nan
            ax.text(j, i, f"{int(value)}", ha="center", va="center", fontsize=6.5,
                    color="white" if value > top * 0.6 else "black")
    fig.colorbar(image, ax=ax, shrink=0.3, label="职责 + 任务数 (duties + task roles)")
    ax.set_title(f"哪些部门出现在哪些文件中 — all {len(matrix)} canonical bodies × "
                 f"{len(matrix.columns)} sample documents\n(blank: not named; 004 is a "
                 "narrative with no duties or tasks)", fontsize=9, pad=42)
    fig.tight_layout()
    path = out / "coverage_heatmap.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def _rings(g, hub_rings: int = 2) -> list[list[str]]:
    """Shells for the layout: the busiest body alone in the centre, the next few around it,
    the rest on the outside, so the hub's many lines do not bury the names."""
    order = sorted(g, key=lambda n: (-g.degree(n, weight="weight"), n))
    return [order[:1], order[1:1 + 5 * (hub_rings - 1)], order[1 + 5 * (hub_rings - 1):]]


def network_003(out: Path) -> Path:
    import math

    import networkx as nx
    from matplotlib.lines import Line2D

    doc = cg.parse(SAMPLES / "003_5a35171835c4a9ae.txt")
    graph = cg.build_graph([doc])
    bodies = {n.id: n for n in graph.nodes_of("body")}
    led = {key: 0 for key in bodies}
    for edge in graph.edges_of("leads"):
        led[edge.source] += 1
    g = nx.Graph()
    for key, node in bodies.items():
        g.add_node(key, label=node.canonical_name or node.label)
    for edge in graph.edges_of("works_with"):
        g.add_edge(edge.source, edge.target, weight=edge.weight)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])

    rings = _rings(g)
    pos = nx.shell_layout(g, rings, scale=1.0)
    reach = max(math.hypot(x, y) for x, y in pos.values())
    pos = {n: (x / reach, y / reach) for n, (x, y) in pos.items()}  # outer ring: radius 1

    def width(weight: float) -> float:
        return 0.5 + 0.45 * weight

    fig, ax = plt.subplots(figsize=(9, 8.2), dpi=150)
    nx.draw_networkx_edges(g, pos, ax=ax, width=[width(g.edges[e]["weight"]) for e in g.edges],
                           alpha=0.35, edge_color="#555555")

    def size(tasks_led: int) -> float:
        return 50 + 16 * tasks_led

    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[size(led[n]) for n in g],
                           node_color="#e4572e", alpha=0.85, linewidths=0)
    family = plt.rcParams["font.family"][0]
    for n, (x, y) in pos.items():  # names beside their node, away from the centre
        angle = math.atan2(y, x)
        if math.hypot(x, y) < 1e-6:
            ax.text(x, y - 0.09, g.nodes[n]["label"], ha="center", va="top", fontsize=10,
                    fontweight="bold", family=family,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
            continue
        dx, dy = 0.07 * math.cos(angle), 0.07 * math.sin(angle)
        ax.text(x + dx, y + dy, g.nodes[n]["label"], fontsize=8.5, family=family,
                ha="left" if dx > 0.01 else "right" if dx < -0.01 else "center",
                va="bottom" if dy > 0.03 else "top" if dy < -0.03 else "center",
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.75))
    weights = sorted({int(g.edges[e]["weight"]) for e in g.edges})
    shown = sorted({weights[0], weights[len(weights) // 2], weights[-1]})
    lines = [Line2D([], [], color="#555555", alpha=0.6, lw=width(w), label=f"{w} shared task"
                    + ("s" if w > 1 else "")) for w in shown]
    tops = sorted({led[n] for n in g if led[n]})
    dots = [Line2D([], [], ls="", marker="o", color="#e4572e", alpha=0.85,
                   markersize=math.sqrt(size(k)), label=f"leads {k} task" + ("s" if k > 1 else ""))
            for k in sorted({tops[0], tops[len(tops) // 2], tops[-1]})]
    first = ax.legend(handles=lines, loc="lower left", fontsize=8, frameon=False,
                      title="line width: tasks the two share", title_fontsize=8)
    ax.add_artist(first)
    ax.legend(handles=dots, loc="lower right", fontsize=8, frameon=False, labelspacing=1.6,
              title="dot size: tasks led", title_fontsize=8)
    ax.set_title(f"古镇镇任务分解表: 谁与谁共同承担任务 — who works with whom in sample 003 "
                 f"({len(doc.tasks)} task rows, {g.number_of_nodes()} bodies)", fontsize=10)
    ax.set_xlim(-1.55, 1.55)
    ax.set_ylim(-1.55, 1.2)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    path = out / "network_003.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def run(argv: list[str] | None, description: str, draw: Callable[[Path], Iterable[Path]]) -> int:
    """The command line both figure scripts share: --out, the CJK font, one line per file
    `draw(out)` wrote."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "figures")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    font = use_cjk_font()
    for path in draw(args.out):
        sys.stdout.write(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                         f" ({font})\n")
    return 0


def _draw(out: Path) -> tuple[Path, ...]:
    docs = [cg.parse(p) for p in sorted(SAMPLES.glob("0*.txt"))]
    for doc in docs:  # shorter ids in the picture
        doc.source = Path(doc.source).name
    return coverage_heatmap(docs, out), network_003(out)


def main(argv: list[str] | None = None) -> int:
    return run(argv, __doc__.splitlines()[0], _draw)


if __name__ == "__main__":
    raise SystemExit(main())
