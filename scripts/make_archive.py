"""Make a synthetic archive of policy documents from the bundled samples, for benchmarks.

    python scripts/make_archive.py [--count 2000] [--out DIR] [--mix txt=0.7,docx=0.2,pdf=0.1]

Files are copies of data/samples/* spread over nested folders (region/year/…) the way a
real archive is, in the formats the samples exist in (.txt always; .docx and .pdf when the
samples include them), drawn by the --mix weights. A few extension-less copies are
included, as `culturegov convert` reads those too. Without --out the archive goes to a new
temporary directory; its path is printed.
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
REGIONS = ["wuqing", "lucheng", "guzhen", "shijingshan", "haidian", "yuexiu", "pudong"]


def sample_files() -> dict[str, list[Path]]:
    """The samples by format; .lo.pdf (LibreOffice exports) count as PDFs too."""
    by_format: dict[str, list[Path]] = {"txt": [], "docx": [], "pdf": []}
    for path in sorted(SAMPLES.glob("0*.*")):
        fmt = path.suffix.lstrip(".")
        if fmt in by_format:
            by_format[fmt].append(path)
    return {fmt: paths for fmt, paths in by_format.items() if paths}


def make_archive(out: Path, count: int = 2000, mix: dict[str, float] | None = None,
                 seed: int = 6, distinct: bool = False) -> Counter:
    """Write `count` documents under `out`; returns how many of each format. With
    `distinct`, every text document is a new draw of 10–60 paragraphs of the text samples
    (no two alike, so no cache of one document's answers serves the next), not a copy."""
    rng = random.Random(seed)
    samples = sample_files()
    paragraphs = [line for path in sorted(SAMPLES.glob("*.txt"))
                  for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    mix = {fmt: w for fmt, w in (mix or {"txt": 0.7, "docx": 0.2, "pdf": 0.1}).items()
           if fmt in samples and w > 0}
    formats, weights = list(mix), list(mix.values())
    made: Counter = Counter()
    for i in range(count):
        fmt = rng.choices(formats, weights)[0]
        source = rng.choice(samples[fmt])
        folder = out / rng.choice(REGIONS) / str(rng.randint(2016, 2021))
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{i:05d}_{source.name.split('.')[0]}"
        # one in fifty without an extension: archives exported from web CMSs look like that
        name = stem if i % 50 == 49 else f"{stem}.{fmt}"
        if distinct and fmt == "txt":
            picked = rng.sample(paragraphs, rng.randint(10, 60))
            (folder / name).write_text("\n".join(picked) + "\n", encoding="utf-8")
        else:
            shutil.copyfile(source, folder / name)
        made[fmt] += 1
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--mix", default="txt=0.7,docx=0.2,pdf=0.1",
                        help="format weights, e.g. txt=1 for text only")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--distinct", action="store_true",
                        help="text documents drawn from the samples' paragraphs, all different")
    args = parser.parse_args(argv)
    mix = {k: float(v) for k, v in (item.split("=") for item in args.mix.split(","))}
    out = args.out or Path(tempfile.mkdtemp(prefix="culturegov-archive-"))
    made = make_archive(out, args.count, mix, args.seed, args.distinct)
    sys.stdout.write(f"{out}\n")
    sys.stderr.write(f"{sum(made.values())} documents: "
                     + ", ".join(f"{n} {fmt}" for fmt, n in sorted(made.items())) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
