"""The house keeps its shape: every stage imports only stages below it (or its own room),
no import cycle, no module over 400 lines."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "culturegov"

# Lower ranks are lower stages; a module may import its own room and anything ranked lower.
RANK = {
    "errors": 0, "limits": 0, "settings": 0, "models": 0, "_version": 0,
    "normalize.base": 1,  # text width and numerals, which everything reads through
    "lexicon": 2,
    "blocks": 3, "agencies": 3, "normalize": 3,  # the normalize stage: deadlines, targets
    "readers": 4, "layouts": 4,
    "recognizers": 5,
    "pipeline": 6,
    "api": 7, "export": 7,
    "analytics": 8, "batch": 8, "dask": 8,
    "cli": 9, "__init__": 10, "__main__": 10,
}
# The upward doors, on purpose: a DutyGraph's methods forward to the converters, which
# import no model (export/networkx.py), and PolicyDocument._repr_html_ to export/html.py, so a
# user finds them on the object.
UPWARD_DOORS = {("models", "export.networkx"), ("models", "export.html")}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        yield path, parts


def _imports(path: Path, parts: list[str]):
    """(imported culturegov module, at module level?) for every relative import in the file."""
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - (node.level - 1)]
            target = [*base, *(node.module.split(".") if node.module else [])]
            if node.module is None:  # from . import gazetteer: the module, not the package
                for alias in node.names:
                    yield ".".join([*target, alias.name]), id(node) in top
            else:
                yield ".".join(target), id(node) in top


_BASE = {"normalize.text", "normalize.numerals"}


def _room(dotted: str) -> str:
    if dotted in _BASE:
        return "normalize.base"
    return dotted.split(".")[0] if dotted else "__init__"


@pytest.mark.parametrize("path,parts", list(_modules()), ids=lambda v: "/".join(v) if isinstance(v, list) else "")
def test_imports_go_down(path, parts):
    room = _room(".".join(parts))
    for target, _ in _imports(path, parts):
        to = _room(target)
        if to == room or (room, target) in UPWARD_DOORS:
            continue
        assert RANK[to] < RANK[room], f"{'/'.join(parts)} imports {target} (a higher stage)"


def test_no_module_over_400_lines():
    long = [str(p.relative_to(PACKAGE)) for p, _ in _modules()
            if len(p.read_text(encoding="utf-8").splitlines()) > 400]
    assert long == []


def test_no_import_cycle_at_module_level():
    graph: dict[str, set[str]] = {}
    names = {".".join(p if p[-1] != "__init__" else p[:-1]) for _, p in _modules()}
    for path, parts in _modules():
        me = ".".join(parts if parts[-1] != "__init__" else parts[:-1])
        graph[me] = {t for t, at_top in _imports(path, parts) if at_top and t in names and t != me}
    done: set[str] = set()

    def visit(node, trail):
        assert node not in trail, "import cycle: " + " -> ".join([*trail, node])
        if node in done:
            return
        for nxt in graph.get(node, ()):
            visit(nxt, [*trail, node])
        done.add(node)

    for node in graph:
        visit(node, [])
