"""Benchmark `culturegov convert`: documents/s with --jobs 1 and --jobs 2, and peak memory.

    python benchmarks/bench_convert.py [--count 2000] [--jobs 1 2] [--format json]
    python benchmarks/bench_convert.py --count 300 --small 0 --jobs 1 --rounds 3 \
        --against /tmp/old    # a checkout of an older commit: its docs/s and the ratio

Builds an archive with scripts/make_archive.py in a temporary directory, then runs each
configuration in a fresh Python process (so one run's caches and memory do not flatter the
next). That process runs `culturegov convert` in-process and reports:
  - wall time and documents/s;
  - peak RSS of the main process (resource.getrusage(RUSAGE_SELF)), which must stay flat
    however large the archive: results are streamed, not collected;
  - peak RSS of the largest worker (RUSAGE_CHILDREN: the pool's processes, once joined).
(tracemalloc is left out: it slows parsing about fourfold and would falsify the rate.)
Prints a Markdown table, and the load average, since a busy machine skews --jobs 2.
Linux reports ru_maxrss in KiB (macOS in bytes).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

ONE_RUN = r"""
import json, resource, sys, time
from culturegov import batch
archive, out, jobs, fmt = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
start = time.perf_counter()
summary = batch.convert_directory(archive, out, jobs=jobs, fmt=fmt)
seconds = time.perf_counter() - start
scale = 1 if sys.platform == "darwin" else 1024
print(json.dumps({
    "seconds": seconds, "converted": summary.converted, "failed": summary.failed,
    "duties": summary.duties, "tasks": summary.tasks,
    "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20,
    "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20,
}))
"""


def run_one(archive: Path, jobs: int, fmt: str, tree: Path | None = None) -> dict:
    """One run in a fresh process; with `tree`, the culturegov of that checkout (its src/)."""
    env = dict(os.environ, PYTHONPATH=str(tree / "src")) if tree else None
    with tempfile.TemporaryDirectory(prefix="culturegov-bench-out-") as out:
        proc = subprocess.run([sys.executable, "-c", ONE_RUN, str(archive), out, str(jobs), fmt],
                              capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout)


def best_of(rounds: int, archive: Path, jobs: int, fmt: str, trees: list[Path | None]) -> list[dict]:
    """Each tree's fastest of `rounds` runs, the trees taking turns (a load that comes and
    goes falls on both alike)."""
    best: list[dict | None] = [None] * len(trees)
    for _ in range(rounds):
        for k, tree in enumerate(trees):
            r = run_one(archive, jobs, fmt, tree)
            if best[k] is None or r["seconds"] < best[k]["seconds"]:
                best[k] = r
    return best


def main(argv: list[str] | None = None) -> int:
    from make_archive import make_archive

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--small", type=int, default=500,
                        help="also run --jobs 2 on an archive this size, to show flat memory")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--format", default="json", choices=["json", "jsonl", "parquet"])
    parser.add_argument("--mix", default="txt=0.7,docx=0.2,pdf=0.1")
    parser.add_argument("--distinct", action="store_true",
                        help="every text document different (make_archive --distinct)")
    parser.add_argument("--against", type=Path, metavar="TREE",
                        help="also run a checkout of another commit (git worktree add TREE REV) "
                             "and print this one's speed as a ratio to it")
    parser.add_argument("--rounds", type=int, default=1, help="best of this many runs")
    args = parser.parse_args(argv)
    mix = {k: float(v) for k, v in (item.split("=") for item in args.mix.split(","))}

    rows = []
    with tempfile.TemporaryDirectory(prefix="culturegov-bench-") as tmp:
        sizes = [args.count] + ([args.small] if args.small else [])
        for count in sizes:
            archive = Path(tmp) / f"archive-{count}"
            made = make_archive(archive, count, mix, distinct=args.distinct)
            mix_text = ", ".join(f"{n} {fmt}" for fmt, n in sorted(made.items()))
            for jobs in (args.jobs if count == args.count else [max(args.jobs)]):
                sys.stderr.write(f"{count} documents, --jobs {jobs} …\n")
                r, *other = best_of(args.rounds, archive, jobs, args.format,
                                    [None] + ([args.against] if args.against else []))
                r["load"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
                r["against"] = other[0] if other else None
                rows.append((count, mix_text, jobs, r))

    cpus = os.cpu_count()
    sys.stdout.write(f"culturegov convert --format {args.format}, {cpus} CPUs, "
                     f"Python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d')}\n\n")
    against = ""
    if args.against:
        against = " against documents/s | × against |"
        sys.stdout.write(f"against: {args.against}\n\n")
    sys.stdout.write("| documents | formats | --jobs | time (s) | documents/s | failed | "
                     f"main peak RSS (MB) | worker peak RSS (MB) | load avg after |{against}\n")
    sys.stdout.write("|---:|---|---:|---:|---:|---:|---:|---:|---:|"
                     + ("---:|---:|" if args.against else "") + "\n")
    for count, mix_text, jobs, r in rows:
        rate = r["converted"] / r["seconds"]
        worker = f"{r['worker_rss_mb']:.0f}" if jobs > 1 else "–"
        line = (f"| {count} | {mix_text} | {jobs} | {r['seconds']:.1f} | {rate:.1f} | "
                f"{r['failed']} | {r['main_rss_mb']:.0f} | {worker} | {r['load']:.1f} |")
        if r["against"]:
            theirs = r["against"]["converted"] / r["against"]["seconds"]
            line += f" {theirs:.1f} | {rate / theirs:.2f} |"
        sys.stdout.write(line + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
