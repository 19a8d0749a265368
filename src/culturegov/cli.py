"""The `culturegov` command. The CLI owns the terminal; the library never prints."""
from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path

from .errors import CulturegovError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C

_EXIT_CODES = """exit status:
  0    success
  1    a document could not be parsed or written (or, with --strict, a name stayed unresolved)
  2    usage error (bad option, unknown --region, invalid --registry)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM)"""


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that `finally` blocks (manifests) still run; a
    BaseException, like KeyboardInterrupt, so that no `except Exception` swallows it."""


def _on_sigterm(signum, frame):
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    previous = _install_sigterm()
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("culturegov: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Terminated:
        print("culturegov: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _install_sigterm():
    """Only the main thread may set a handler; elsewhere (a caller's thread) keep the default."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_sigterm)


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    if getattr(args, "registry", None):
        from .agencies import load_registry

        try:
            load_registry(extra=args.registry)
        except CulturegovError as exc:
            print(f"culturegov: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        return args.func(args)
    except _UsageError as exc:
        print(f"culturegov: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CulturegovError as exc:
        print(f"culturegov: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK


class _UsageError(Exception):
    """A command-line mistake found after argparse (an unknown --region)."""


_PARSE_HELP = """\
Parse one document (.txt in any Chinese encoding, .docx, .pdf; the format is read from the
content) and write it as JSON, UTF-8, not \\u-escaped. The JSON holds: kind (duty_division,
task_table, work_plan, rules, narrative), metadata (title, doc_number, issuer, dates, region),
outline, agencies (each resolved to a canonical body, its level and jurisdiction), duties,
tasks (lead, cooperating, deadline, targets), member_units, articles, citations, findings
(what looked wrong), unparsed (text no recognizer claimed) and text (the decoded source;
every span points into it). `culturegov schema` prints the full JSON Schema.

""" + _EXIT_CODES + """

examples:
  culturegov parse notice.docx -o notice.json
  curl -s URL | culturegov parse - > notice.json
"""

_AGENCIES_HELP = """\
Parse each FILE and list its agencies (distinct bodies, in order of appearance) with how each
name was resolved: canonical name and id, level, jurisdiction, method (exact, alias, rule,
fuzzy, unresolved) and score. --json writes one object per file, {"file", "agencies": [...]};
--format csv one row per agency with a leading file column.

""" + _EXIT_CODES + """

examples:
  culturegov agencies notice.docx
  culturegov agencies --format csv *.docx > agencies.csv
  culturegov agencies --strict notice.txt || echo "some names stayed unresolved"
"""

_RESOLVE_HELP = """\
Resolve agency names as written (区文广局, 市委宣传部) to canonical bodies. --region is the
place a bare 区/市 refers to (武清区, 温州市鹿城区). --json writes a list of objects.

""" + _EXIT_CODES + """

examples:
  culturegov resolve 区文广局 --region 武清区
  culturegov resolve --json --strict 文旅局 镇文化站
"""


def build_parser() -> argparse.ArgumentParser:
    from ._version import __version__

    parser = argparse.ArgumentParser(
        prog="culturegov",
        description="Chinese public-cultural-service policy documents into typed data.",
        epilog=_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"culturegov {__version__}")
    parser.add_argument("--registry", metavar="TOML",
                        help="extra agency names that add to or override the built-in registry")
    sub = parser.add_subparsers(metavar="COMMAND")
    raw = argparse.RawDescriptionHelpFormatter

    p = sub.add_parser("parse", help="parse one document to JSON", description=_PARSE_HELP,
                       formatter_class=raw)
    p.add_argument("file", help="the document; - reads it from standard input")
    p.add_argument("-o", "--output", metavar="OUT.json",
                   help="write JSON here (folders are created) instead of stdout")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("schema", help="print the JSON Schema of a parsed document")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("resolve", help="resolve agency names to canonical bodies",
                       description=_RESOLVE_HELP, formatter_class=raw)
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--region", help="default jurisdiction, e.g. 武清区 or 温州市鹿城区")
    _add_listing_options(p)
    p.set_defaults(func=_cmd_resolve)

    p = sub.add_parser("agencies", help="the agencies found in documents and how each resolved",
                       description=_AGENCIES_HELP, formatter_class=raw)
    p.add_argument("files", nargs="+", metavar="FILE")
    _add_listing_options(p)
    p.set_defaults(func=_cmd_agencies)

    _add_convert_command(sub)
    return parser


def _add_listing_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table (default), json or csv (UTF-8)")
    p.add_argument("--json", dest="format", action="store_const", const="json",
                   help="same as --format json")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any name stays unresolved")


def _write_json(text: str, output: str | None) -> None:
    if output:
        target = Path(output)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise CulturegovError(f"cannot write the output ({exc.strerror})",
                                  path=output) from None
    else:
        _write_stdout((text + "\n").encode("utf-8"))


def _write_stdout(data: bytes) -> None:
    """JSON and CSV are UTF-8 whatever the terminal's encoding (PYTHONIOENCODING=gbk)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a notebook's redirect): it takes str
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def _write_text(text: str) -> None:
    """A table for a person: the terminal's encoding, never a UnicodeEncodeError."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode(sys.stdout.encoding or "utf-8", errors="backslashreplace"))
    buffer.flush()


def _cmd_parse(args: argparse.Namespace) -> int:
    from .api import parse

    if args.file == "-":
        doc = parse(sys.stdin.buffer.read(), name="<stdin>")
    else:
        doc = parse(args.file)
    _write_json(doc.model_dump_json(indent=2), args.output)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .models import PolicyDocument

    _write_json(json.dumps(PolicyDocument.model_json_schema(), ensure_ascii=False, indent=2), None)
    return EXIT_OK


# ---------------------------------------------------------------- resolve, agencies

_MATCH_FIELDS = ["name", "canonical_name", "canonical_id", "level", "jurisdiction",
                 "jurisdiction_code", "method", "score"]
_MATCH_HEADER = ["name", "canonical", "id", "level", "jurisdiction", "method", "score"]


def _match_record(m) -> dict:
    return {f: getattr(m, f) for f in _MATCH_FIELDS}


def _match_row(name: str, m) -> list[str]:
    return [name, m.canonical_name or "-", m.canonical_id or "-", m.level or "-",
            m.jurisdiction or "-", m.method or "-", "-" if m.score is None else f"{m.score:.2f}"]


def _table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [c + " " * (w - _width(c)) for c, w in zip(row, widths)]
        lines.append("  ".join(cells).rstrip() + "\n")
    return "".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _csv(records: list[dict]) -> bytes:
    import csv
    import io

    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else _MATCH_FIELDS,
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue().encode("utf-8")


def _unresolved(matches) -> bool:
    return any((m.method or "unresolved") == "unresolved" for m in matches)


def _place(region: str | None) -> tuple[str | None, str | None]:
    if not region:
        return None, None
    from .agencies.gazetteer import read_place

    place = read_place(region)
    if place is None:
        raise _UsageError(f"--region {region}: not a known administrative division; give a "
                          "name such as 武清区, 温州市鹿城区 or 古镇镇")
    return place


def _cmd_resolve(args: argparse.Namespace) -> int:
    from .agencies import resolve_agency

    region, city = _place(args.region)
    matches = [resolve_agency(n, region=region, city=city) for n in args.names]
    if args.format == "json":
        _write_json(json.dumps([_match_record(m) for m in matches], ensure_ascii=False,
                               indent=2), None)
    elif args.format == "csv":
        _write_stdout(_csv([_match_record(m) for m in matches]))
    else:
        _write_text(_table([_match_row(n, m) for n, m in zip(args.names, matches)],
                           _MATCH_HEADER))
    return EXIT_FAILED if args.strict and _unresolved(matches) else EXIT_OK


def _cmd_agencies(args: argparse.Namespace) -> int:
    from .api import parse

    failed = unresolved = False
    found: list[dict] = []
    for file in args.files:
        try:
            doc = parse(file)
        except CulturegovError as exc:
            print(f"culturegov: {exc}", file=sys.stderr)
            failed = True
            continue
        unresolved = unresolved or _unresolved(doc.agencies)
        if args.format == "table":
            _write_text(f"# {file}\n" + _table([_match_row(a.name, a) for a in doc.agencies],
                                                _MATCH_HEADER))
        found.append({"file": file, "agencies": [_match_record(a) for a in doc.agencies]})
    if args.format == "json":
        _write_json(json.dumps(found, ensure_ascii=False, indent=2), None)
    elif args.format == "csv":
        _write_stdout(_csv([{"file": f["file"], **a} for f in found for a in f["agencies"]]))
    return EXIT_FAILED if failed or (args.strict and unresolved) else EXIT_OK


# ---------------------------------------------------------------- convert

def _add_convert_command(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
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
    p.add_argument("--force", action="store_true", help="convert even up-to-date inputs")
    p.add_argument("--scheduler", metavar="ADDRESS|local:N", help="run on a Dask cluster "
                   "(tcp://host:8786) or N local workers; culturegov[dask], docs/scale.md")
    _add_budget_options(p)
    p.set_defaults(func=_cmd_convert)


def _add_budget_options(p: argparse.ArgumentParser) -> None:
    from .limits import get_limits

    limits = get_limits()
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="wall time allowed per file; a file that takes longer is stopped and "
                        f"recorded (default {limits.max_seconds_per_file}; 0: no limit)")
    p.add_argument("--max-memory", type=int, default=None, metavar="MB",
                   help="memory a worker may add per file, in MB (default "
                        f"{limits.max_memory_per_file // 2**20}; 0: no limit)")


def _cmd_convert(args: argparse.Namespace) -> int:
    from .batch import BatchUsageError, convert_directory
    from .batch.cluster import cluster_runner
    from .batch.progress import make_reporter

    reporter = make_reporter()
    try:
        convert = cluster_runner(args, sys.stderr.write) if args.scheduler else convert_directory
        summary = convert(args.directory, args.output, fmt=args.format,
                          jobs=args.jobs, force=args.force, progress=reporter.update,
                          timeout=args.timeout, max_memory=None if args.max_memory
                          is None else args.max_memory * 2**20)
    except BatchUsageError as exc:
        print(f"culturegov convert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CulturegovError as exc:  # e.g. pyarrow missing for --format parquet
        print(f"culturegov convert: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        reporter.close()
    _print_summary(summary, Path(args.output))
    return summary.exit_code


def _print_summary(s, out: Path) -> None:
    from .batch import ERRORS

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
