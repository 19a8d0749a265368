"""Benchmark the Dask cluster run against the local one, and the scheduler's headroom.

    python benchmarks/bench_dask.py [--count 2000] [--format json] [--scale 1 4 16 64]

1. An archive from scripts/make_archive.py converted with --jobs 1, --jobs 2 and
   --scheduler local:2, each in a fresh Python process: wall time, documents/s, peak RSS of
   the main process and of the largest child (workers, and for local:2 the nannies).
   For local:2 also the overhead per task, from the cluster's task stream: (wall time x
   worker threads - time spent computing tasks) / tasks, i.e. what each task cost beyond
   its own work (the client's listing and hashing, submission, scheduling, results, the
   idle tail); and the scheduler alone: the time per empty task x workers over 2,000 tasks.
2. A simulated scale-out: N worker threads (in N/16 processes, at most 16 threads each)
   whose every file costs a fixed time (a sleep, so 64 "workers" fit on two cores), through
   the real client loop (manifest, errors, windowed submission). Efficiency = ideal time
   (files x cost / N) / measured time; if the scheduler were the bottleneck it would fall
   as N grows.
Prints Markdown tables (docs/scale.md has the figures of one run) and the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

ONE_RUN = r"""
import json, resource, sys, time
archive, out, mode, fmt = sys.argv[1:5]
scale = 1 if sys.platform == "darwin" else 1024
result = {}
if __name__ == "__main__":
    start = time.perf_counter()
    if mode.startswith("local:"):
        from distributed import Client, LocalCluster, get_task_stream
        import dask
        from culturegov.batch.cluster import convert_on_cluster
        n = int(mode.split(":")[1])
        # the settings --scheduler local:N uses (batch.cluster._connect)
        with dask.config.set({"distributed.scheduler.worker-saturation": 1.0,
                              "distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
        client = Client(cluster)
        up = time.perf_counter()
        with get_task_stream(client) as stream:
            summary = convert_on_cluster(archive, out, scheduler=cluster.scheduler_address, fmt=fmt)
        wall = time.perf_counter() - up
        tasks = [t for t in stream.data if str(t["key"]).startswith("culturegov-convert")]
        busy = sum(s["stop"] - s["start"] for t in tasks for s in t["startstops"]
                   if s["action"] == "compute")
        result.update(tasks=len(tasks), startup=up - start,
                      overhead_ms=1000 * (wall * n - busy) / max(len(tasks), 1))
        # the scheduler alone: empty tasks, as many in flight as the client loop allows
        noop = time.perf_counter()
        client.gather(client.map(len, [[i] for i in range(2000)], pure=False))
        result["noop_ms"] = 1000 * (time.perf_counter() - noop) * n / 2000
        client.close(); cluster.close()
    else:
        from culturegov import batch
        summary = batch.convert_directory(archive, out, jobs=int(mode), fmt=fmt)
    seconds = time.perf_counter() - start
    result.update(seconds=seconds, converted=summary.converted, failed=summary.failed,
                  main_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20,
                  child_rss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20)
    print("RESULT " + json.dumps(result))
"""

SCALE_RUN = r"""
import json, sys, time
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin
import dask
from culturegov.batch.cluster import convert_on_cluster

class FixedCost(WorkerPlugin):
    name = "bench-fixed-cost"
    def __init__(self, seconds): self.seconds = seconds
    def setup(self, worker):
        from culturegov.batch import cluster_tasks
        from culturegov.batch.workers import Result
        def convert_one(job, seconds=self.seconds):
            time.sleep(seconds)  # the file's work; releases the GIL like I/O would
            return Result(job.file.rel, job.sha256, ok=True, output=None)
        cluster_tasks.convert_one = convert_one

if __name__ == "__main__":
    archive, out, threads, cost = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    processes = max(1, threads // 16)
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        cluster = LocalCluster(n_workers=processes, threads_per_worker=threads // processes,
                               processes=True, dashboard_address=":0")
    client = Client(cluster)
    client.register_plugin(FixedCost(cost))
    start = time.perf_counter()
    summary = convert_on_cluster(archive, out, scheduler=cluster.scheduler_address, fmt="json")
    seconds = time.perf_counter() - start
    print("RESULT " + json.dumps({"seconds": seconds, "converted": summary.converted}))
    client.close(); cluster.close()
"""


def _run(code: str, *args: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(code)  # a file, not -c: worker processes are spawned and re-import it
    try:
        proc = subprocess.run([sys.executable, script.name, *args], capture_output=True,
                              text=True, check=True)
    finally:
        os.unlink(script.name)
    line = next(l for l in proc.stdout.splitlines() if l.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def compare(count: int, fmt: str) -> None:
    from make_archive import make_archive

    with tempfile.TemporaryDirectory(prefix="culturegov-bench-") as tmp:
        archive = Path(tmp) / "archive"
        made = make_archive(archive, count=count)
        print(f"archive: {count} documents ({dict(made)}), --format {fmt}\n")
        print("| run | seconds | documents/s | main RSS MB | largest child RSS MB | tasks | "
              "overhead/task ms | empty task ms |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for mode, label in [("1", "--jobs 1"), ("2", "--jobs 2"), ("local:2", "--scheduler local:2")]:
            out = Path(tmp) / f"out-{mode.replace(':', '')}"
            r = _run(ONE_RUN, str(archive), str(out), mode, fmt)
            rate = r["converted"] / r["seconds"]
            extra = (f"{r['tasks']} | {r['overhead_ms']:.1f} | {r['noop_ms']:.2f}" if "tasks" in r
                     else "– | – | –")
            print(f"| {label} | {r['seconds']:.1f} | {rate:.1f} | {r['main_rss_mb']:.0f} | "
                  f"{r['child_rss_mb']:.0f} | {extra} |", flush=True)


def scale_out(threads: list[int], cost: float, per_thread: int) -> None:
    print(f"\nsimulated scale-out: {cost * 1000:.0f} ms per file, {per_thread} files per "
          "worker thread, 32 files per task\n")
    print("| worker threads | files | ideal s | measured s | efficiency |")
    print("|---:|---:|---:|---:|---:|")
    for n in threads:
        with tempfile.TemporaryDirectory(prefix="culturegov-scale-") as tmp:
            archive = Path(tmp) / "archive"
            files = n * per_thread
            for i in range(files):
                folder = archive / f"{i // 1000:03d}"
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{i:06d}.txt").write_bytes(b"x%d" % i)
            r = _run(SCALE_RUN, str(archive), str(Path(tmp) / "out"), str(n), str(cost))
            ideal = files * cost / n
            print(f"| {n} | {files} | {ideal:.1f} | {r['seconds']:.1f} | "
                  f"{ideal / r['seconds']:.0%} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--format", default="json", choices=["json", "jsonl", "parquet"])
    parser.add_argument("--scale", type=int, nargs="*", default=[1, 4, 16, 64],
                        help="worker threads of the simulated scale-out (none: skip it)")
    parser.add_argument("--cost", type=float, default=0.05, help="seconds per simulated file")
    parser.add_argument("--per-thread", type=int, default=128,
                        help="simulated files per worker thread")
    parser.add_argument("--skip-archive", action="store_true")
    args = parser.parse_args(argv)
    if not args.skip_archive:
        compare(args.count, args.format)
    if args.scale:
        scale_out(args.scale, args.cost, args.per_thread)
    print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
