"""The convert command: a directory of documents into JSON, JSON Lines or Parquet."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import CulturegovError
from .common import EXIT_USAGE


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "convert", help="convert a directory of documents (JSON, JSONL or Parquet)",
        description="Convert every .txt, .docx, .pdf, .html/.htm/.shtml/.mht/.mhtml, .ofd, "
                    ".doc/.wps/.rtf and extension-less file under DIR. "
                    "Failures go to OUT/errors.jsonl and the batch goes on; a re-run converts "
                    "only inputs that changed. Exit status: 0 all converted, 1 some failed, "
                    "2 usage error.")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("-o", "--output", metavar="OUT", required=True, help="output directory")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: the number of CPUs; 1 runs in-process)")
    p.add_argument("--format", choices=["json", "jsonl", "parquet"], default="json",
                   help="json: one file per input, mirroring DIR (default); jsonl: "
                        "OUT/documents.jsonl; parquet: the analysis tables")
    p.add_argument("--report", action="store_true",
                   help="also write each document's review page, OUT/<file>.html, beside "
                        "its JSON (see `culturegov report`)")
    p.add_argument("--force", action="store_true", help="convert even up-to-date inputs")
    p.add_argument("--scheduler", metavar="ADDRESS|local:N", help="run on a Dask cluster "
                   "(tcp://host:8786) or N local workers; culturegov[dask], docs/scale.md")
    _add_budget_options(p)
    p.set_defaults(func=_cmd_convert)


def _add_budget_options(p: argparse.ArgumentParser) -> None:
    from ..limits import get_limits

    limits = get_limits()
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="wall time allowed per file; a file that takes longer is stopped and "
                        f"recorded (default {limits.max_seconds_per_file}; 0: no limit)")
    p.add_argument("--max-memory", type=int, default=None, metavar="MB",
                   help="memory a worker may add per file, in MB (default "
                        f"{limits.max_memory_per_file // 2**20}; 0: no limit)")


def _cmd_convert(args: argparse.Namespace) -> int:
    from ..batch import convert_directory
    from ..batch.cluster import cluster_runner
    from ..batch.progress import make_reporter

    reporter = make_reporter()
    try:
        convert = cluster_runner(args, sys.stderr.write) if args.scheduler else convert_directory
        summary = convert(args.directory, args.output, fmt=args.format,
                          jobs=args.jobs, force=args.force, progress=reporter.update,
                          timeout=args.timeout, max_memory=None if args.max_memory
                          is None else args.max_memory * 2**20, report=args.report)
    except CulturegovError as exc:  # BatchUsageError, or pyarrow missing for --format parquet
        print(f"culturegov convert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        reporter.close()
    _print_summary(summary, Path(args.output))
    return summary.exit_code


def _print_summary(s, out: Path) -> None:
    from ..batch import ERRORS

    rate = s.converted / s.seconds if s.seconds else 0.0
    lines = [
        f"documents: {s.documents} ({s.converted} converted now, {s.unchanged} up to date)",
        f"duties: {s.duties}   tasks: {s.tasks}",
        f"failures: {s.failed}" + (f" (see {out / ERRORS})" if s.failed else ""),
    ]
    if s.skipped:
        lines.append(f"skipped: {s.skipped} (listed in {out / ERRORS})")
        lines += [f"  {f['path']}: {f['reason']}" for f in s.skipped_files[:20]]
    lines.append(f"time: {s.seconds:.1f} s ({rate:.1f} files/s)")
    sys.stderr.write("\n".join(lines) + "\n")
