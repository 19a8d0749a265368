"""A small mutation runner: one change at a time to one module, then the tests that guard it.

    python scripts/mutate.py MODULE_PATH --tests tests/a.py tests/b.py [--max 150] [--seed 1]
                             [--only results.json] [--out results.json]

Operators (inside functions only; docstrings, imports and module constants are left alone):
  cmp      a comparison flipped (< <=, > >=, == !=, in / not in, is / is not)
  const    an integer constant moved by one (n+1, n-1)
  boolop   `and` ↔ `or`
  drop     one operand of an `and`/`or` dropped
  if       an `if`/`while`/ternary condition negated
  not      a `not` removed
  return   a returned comparison, `and`/`or`, `not` or call negated
  stmt     a statement removed (replaced by `pass`)

Each mutant runs in a copy of src/ (the worktree is never touched): `pytest -x -n 0` over the
tests given, the fastest killers first. Killed: a test failed, or the run passed the time limit.
`--only` re-runs the survivors of an earlier results file. Run it under `nice`.
"""
from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# A call whose value is a truth: a returned one is negated (`return is_x(...)`).
_PREDICATE = re.compile(r"(\w+\.)*(_?is_|_?has_|any|all|bool|between|first_item|exhorts)")
ROOT = Path(__file__).resolve().parent.parent
_FLIPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
          ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
          ast.Is: ast.IsNot, ast.IsNot: ast.Is}


def _in_functions(tree: ast.Module) -> list[ast.AST]:
    """Every node inside a function, in a fixed order (its index names it in a mutant)."""
    return [n for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
            for stmt in f.body for n in ast.walk(stmt)]


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
        and isinstance(stmt.value.value, str)


def sites(tree: ast.Module) -> list[tuple]:
    """(node index, operator, argument) of every mutation the module admits."""
    out = []
    for k, node in enumerate(_in_functions(tree)):
        if isinstance(node, ast.Compare):
            out += [(k, "cmp", j) for j, op in enumerate(node.ops) if type(op) in _FLIPS]
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            out += [(k, "const", +1), (k, "const", -1)]
        elif isinstance(node, ast.BoolOp):
            out.append((k, "boolop", None))
            out += [(k, "drop", j) for j in range(len(node.values))]
        elif isinstance(node, (ast.If, ast.While, ast.IfExp)):
            out.append((k, "if", None))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            out.append((k, "not", None))
        elif isinstance(node, ast.Return) and (
                isinstance(node.value, (ast.Compare, ast.BoolOp, ast.UnaryOp))
                or isinstance(node.value, ast.Call) and _PREDICATE.match(ast.unparse(node.value))):
            out.append((k, "return", None))
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list) and not isinstance(node, ast.FunctionDef):
                out += [(k, "stmt", (field, j)) for j, s in enumerate(stmts)
                        if not _is_docstring(s) and not isinstance(s, ast.Pass)]
    return out


def mutate(tree: ast.Module, site: tuple) -> tuple[ast.Module, int, str]:
    """The mutated module, the line changed and what was done there."""
    tree = copy.deepcopy(tree)
    k, kind, arg = site
    node = _in_functions(tree)[k]
    before = ast.unparse(node).split("\n")[0]
    line = node.lineno
    if kind == "cmp":
        node.ops[arg] = _FLIPS[type(node.ops[arg])]()
    elif kind == "const":
        node.value += arg
    elif kind == "boolop":
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif kind == "drop":
        del node.values[arg]
        if len(node.values) == 1:  # a BoolOp needs two values: keep the one left as it is
            node.values.append(ast.Constant(isinstance(node.op, ast.And)))
    elif kind == "if":
        node.test = ast.UnaryOp(ast.Not(), node.test)
    elif kind == "return":
        node.value = ast.UnaryOp(ast.Not(), node.value)
    elif kind == "stmt":
        field, j = arg
        stmts = getattr(node, field)
        line = stmts[j].lineno
        before = ast.unparse(stmts[j]).split("\n")[0]
        stmts[j] = ast.Pass()
    after = "" if kind == "stmt" else ast.unparse(node).split("\n")[0]
    if kind == "not":
        tree = _NotRemover(node).visit(tree)
        after = ast.unparse(node.operand).split("\n")[0]
    return ast.fix_missing_locations(tree), line, f"{kind}: {before[:90]}" + (
        f"  →  {after[:90]}" if after else "  →  removed")


class _NotRemover(ast.NodeTransformer):
    def __init__(self, target):
        self.target = target

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        return node.operand if node is self.target else node


def run(module: Path, tests: list[str], src_copy: Path, source: str, timeout: int) -> str:
    target = src_copy / module.relative_to(ROOT / "src")
    target.write_text(source, encoding="utf-8")
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider",
             *tests], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(src_copy)},
            capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode == 0:
        return "survived"
    if done.returncode == 1:
        return "killed"
    return f"error {done.returncode}: {done.stdout[-300:]}{done.stderr[-300:]}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("module", type=Path)
    ap.add_argument("--tests", nargs="+", required=True)
    ap.add_argument("--max", type=int, default=150)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", type=Path, help="re-run the survivors of this results file")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--timeout", type=int, default=180)
    args = ap.parse_args(argv)
    module = args.module.resolve()
    original = module.read_text(encoding="utf-8")
    tree = ast.parse(original)
    every = sites(tree)
    if args.only:
        earlier = json.loads(args.only.read_text(encoding="utf-8"))
        chosen = _same_mutants(tree, every, [r for r in earlier if r["status"] == "survived"])
    else:
        chosen = every if len(every) <= args.max else \
            sorted(random.Random(args.seed).sample(every, args.max))
    sys.stderr.write(f"{module.name}: {len(every)} sites, running {len(chosen)}\n")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        src_copy = Path(tmp) / "src"
        shutil.copytree(ROOT / "src", src_copy)
        for n, site in enumerate(chosen, 1):
            mutant, line, what = mutate(tree, site)
            text = ast.unparse(mutant)
            status = "same" if text == ast.unparse(tree) else run(
                module, args.tests, src_copy, text, args.timeout)
            results.append({"site": list(site), "line": line, "what": what, "status": status})
            sys.stderr.write(f"[{n}/{len(chosen)}] {status:8} L{line} {what}\n")
            args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                encoding="utf-8")
    counts = {s: sum(r["status"] == s for r in results) for s in {r["status"] for r in results}}
    sys.stderr.write(f"{module.name}: {counts}\n")
    return 0


def _same_mutants(tree: ast.Module, every: list[tuple], earlier: list[dict]) -> list[tuple]:
    """The sites of the module as it is now that make the mutants of `earlier` (the module
    may have changed since: matched by what the mutant does, at the nearest line)."""
    described = [(site, *mutate(tree, site)[1:]) for site in every]
    chosen = []
    for old in earlier:
        same = [(abs(line - old["line"]), site) for site, line, what in described
                if what == old["what"]]
        if same:
            chosen.append(min(same)[1])
        else:
            sys.stderr.write(f"gone: L{old['line']} {old['what']}\n")
    return chosen


if __name__ == "__main__":
    raise SystemExit(main())
