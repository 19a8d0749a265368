"""Draw the figures of docs/analytics.md from the bundled samples.

    python scripts/make_figure.py [--out docs/figures]

- coverage_heatmap.png: canonical bodies × sample documents, coloured by how many duties
  and task roles each body holds in each document (blank: the document does not name it).
- network_003.png: who works with whom in sample 003's task table (古镇镇): bodies joined
  when they share a task, line width = number of shared tasks, node size = tasks led.

Needs matplotlib (Agg backend, no display) and a CJK font: WenQuanYi Zen Hei
(apt-get install fonts-wqy-zenhei) or Noto Sans CJK; the first one found is used.
"""
from __future__ import annotations

import argparse
import sys
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


def coverage_heatmap(docs, out: Path, rows: int = 30) -> Path:
    matrix = coverage_matrix(docs).head(rows)
    values = matrix.astype("float64").to_numpy()  # <NA> → nan: drawn blank
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(matrix) + 1.8), dpi=150)
    image = ax.imshow(values, aspect="auto", cmap="YlOrRd", vmin=0)
    labels = {doc.source: document_label(doc) for doc in docs}
    ax.set_xticks(range(len(matrix.columns)), [labels[c] for c in matrix.columns], fontsize=8)
    ax.set_yticks(range(len(matrix.index)), list(matrix.index), fontsize=8)
    ax.xaxis.tick_top()
    for (i, j), value in __import__("numpy").ndenumerate(values):
        if value == value:  # not nan
            ax.text(j, i, f"{int(value)}", ha="center", va="center", fontsize=7,
                    color="white" if value > values[values == values].max() * 0.6 else "black")
    fig.colorbar(image, ax=ax, shrink=0.5, label="职责 + 任务数 (duties + task roles)")
    ax.set_title("哪些部门出现在哪些文件中 — canonical bodies × sample documents",
                 fontsize=10, pad=40)
    fig.tight_layout()
    path = out / "coverage_heatmap.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def network_003(out: Path) -> Path:
    import networkx as nx

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

    pos = nx.spring_layout(g, weight="weight", seed=3, k=1.1)
    fig, ax = plt.subplots(figsize=(9, 7.5), dpi=150)
    widths = [0.4 + 0.6 * g.edges[e]["weight"] for e in g.edges]
    nx.draw_networkx_edges(g, pos, ax=ax, width=widths, alpha=0.35, edge_color="#555555")
    sizes = [120 + 90 * led[n] for n in g]
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=sizes, node_color="#e4572e", alpha=0.85)
    nx.draw_networkx_labels(g, pos, ax=ax, labels={n: g.nodes[n]["label"] for n in g},
                            font_size=8, font_family=plt.rcParams["font.family"][0])
    ax.set_title(f"古镇镇任务分解表: 谁与谁共同承担任务 ({len(doc.tasks)} tasks)\n"
                 "line width = shared tasks, node size = tasks led", fontsize=10)
    ax.axis("off")
    fig.tight_layout()
    path = out / "network_003.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "figures")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    font = use_cjk_font()
    docs = [cg.parse(p) for p in sorted(SAMPLES.glob("0*.txt"))]
    for doc in docs:  # shorter ids in the picture
        doc.source = Path(doc.source).name
    for path in (coverage_heatmap(docs, args.out), network_003(args.out)):
        sys.stdout.write(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                         f" ({font})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
