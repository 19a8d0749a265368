"""Record or check the JSON of every sample in every format, plus random recombinations.

A guard for refactors: `python scripts/golden.py record DIR` before the change,
`python scripts/golden.py check DIR` after it; check lists every document whose JSON changed.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import culturegov as cg

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
RECOMBINATIONS = 300


def documents():
    for path in sorted(SAMPLES.iterdir()):
        if path.is_file():
            yield path.name, lambda p=path: cg.parse(p)
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    paragraphs = [line for t in texts for line in t.split("\n") if line.strip()]
    rng = random.Random(20261130)
    for i in range(RECOMBINATIONS):
        picked = rng.sample(paragraphs, rng.randint(3, 40))
        yield f"recombined-{i:03d}", lambda t="\n".join(picked): cg.parse_text(t)


def snapshot(make) -> str:
    try:
        return make().model_dump_json()
    except cg.CulturegovError as exc:
        return f"error: {type(exc).__name__}: {exc}"


def main(argv: list[str]) -> int:
    mode, folder = argv[1], Path(argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name, make in documents():
        out = snapshot(make)
        target = folder / f"{name}.json"
        if mode == "record":
            target.write_text(out, encoding="utf-8")
        elif not target.exists() or target.read_text(encoding="utf-8") != out:
            changed += 1
            sys.stderr.write(f"changed: {name}\n")
            (folder / f"{name}.new.json").write_text(out, encoding="utf-8")
    if mode == "check":
        sys.stderr.write(f"{changed} changed\n")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
