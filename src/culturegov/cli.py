"""The `culturegov` command. The CLI owns the terminal; the library never prints."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import CulturegovError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
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
    except CulturegovError as exc:
        print(f"culturegov: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="culturegov",
        description="Chinese public-cultural-service policy documents into typed data.")
    parser.add_argument("--registry", metavar="TOML",
                        help="extra agency names that add to or override the built-in registry")
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("parse", help="parse one document to JSON")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="write JSON here instead of stdout")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("schema", help="print the JSON Schema of a parsed document")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("resolve", help="resolve agency names to canonical bodies")
    p.add_argument("names", nargs="+", metavar="NAME")
    p.add_argument("--region", help="default jurisdiction, e.g. 武清区")
    p.set_defaults(func=_cmd_resolve)

    p = sub.add_parser("agencies", help="the agencies found in documents and how each resolved")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=_cmd_agencies)

    _add_convert_command(sub)
    return parser


def _write_json(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")


def _cmd_parse(args: argparse.Namespace) -> int:
    from .api import parse

    doc = parse(args.file)
    _write_json(doc.model_dump_json(indent=2), args.output)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .models import PolicyDocument

    _write_json(json.dumps(PolicyDocument.model_json_schema(), ensure_ascii=False, indent=2), None)
    return EXIT_OK


def _print_table(rows: list[list[str]], header: list[str]) -> None:
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [c + " " * (w - _width(c)) for c, w in zip(row, widths)]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _match_row(name: str, m) -> list[str]:
    return [name, m.canonical_name or "-", m.canonical_id or "-", m.jurisdiction or "-",
            m.method or "-", "-" if m.score is None else f"{m.score:.2f}"]


_MATCH_HEADER = ["name", "canonical", "id", "jurisdiction", "method", "score"]


def _cmd_resolve(args: argparse.Namespace) -> int:
    from .agencies import resolve_agency

    rows = [_match_row(n, resolve_agency(n, region=args.region)) for n in args.names]
    _print_table(rows, _MATCH_HEADER)
    return EXIT_OK


def _cmd_agencies(args: argparse.Namespace) -> int:
    from .api import parse

    failed = False
    for file in args.files:
        try:
            doc = parse(file)
        except CulturegovError as exc:
            print(f"culturegov: {exc}", file=sys.stderr)
            failed = True
            continue
        sys.stdout.write(f"# {file}\n")
        rows = [_match_row(a.name, a) for a in doc.agencies]
        _print_table(rows, _MATCH_HEADER)
    return EXIT_FAILED if failed else EXIT_OK


# ---------------------------------------------------------------- convert

def _add_convert_command(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "convert", help="convert a directory of documents (JSON, JSONL or Parquet)",
        description="Convert every .txt, .docx, .pdf and extension-less file under DIR. "
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
    p.add_argument("--scheduler", metavar="ADDRESS|local:N",
                   help="run on a Dask cluster: a scheduler address (tcp://host:8786) or "
                        "local:N worker processes; needs culturegov[dask] (docs/scale.md)")
    p.set_defaults(func=_cmd_convert)


def _cmd_convert(args: argparse.Namespace) -> int:
    from .batch import BatchUsageError, convert_directory
    from .batch.progress import make_reporter

    reporter = make_reporter()
    try:
        if args.scheduler:
            from .batch.cluster import convert_on_cluster

            summary = convert_on_cluster(
                args.directory, args.output, scheduler=args.scheduler, fmt=args.format,
                force=args.force, progress=reporter.update, registry=args.registry,
                announce=lambda line: print(line, file=sys.stderr))
        else:
            summary = convert_directory(args.directory, args.output, fmt=args.format,
                                        jobs=args.jobs, force=args.force,
                                        progress=reporter.update)
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
        lines.append(f"skipped: {s.skipped} (symlinks out of DIR …, listed in {out / ERRORS})")
    lines.append(f"time: {s.seconds:.1f} s ({rate:.1f} files/s)")
    sys.stderr.write("\n".join(lines) + "\n")
