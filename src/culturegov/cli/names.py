"""The commands on agency names: resolve (names as written) and agencies (of documents)."""
from __future__ import annotations

import argparse
import json
import sys

from ..errors import CulturegovError
from .common import (EXIT_CODES, EXIT_FAILED, EXIT_OK, UsageError, write_json, write_stdout,
                     write_text)

_AGENCIES_HELP = """\
Parse each FILE and list its agencies (distinct bodies, in order of appearance) with how each
name was resolved: canonical name and id, level, jurisdiction, method (exact, alias, rule,
fuzzy, unresolved) and score. --json writes one object per file, {"file", "agencies": [...]};
--format csv one row per agency with a leading file column.

""" + EXIT_CODES + """

examples:
  culturegov agencies notice.docx
  culturegov agencies --format csv *.docx > agencies.csv
  culturegov agencies --strict notice.txt || echo "some names stayed unresolved"
"""

_RESOLVE_HELP = """\
Resolve agency names as written (区文广局, 市委宣传部) to canonical bodies. --region is the
place a bare 区/市 refers to (武清区, 温州市鹿城区). --json writes a list of objects.

""" + EXIT_CODES + """

examples:
  culturegov resolve 区文广局 --region 武清区
  culturegov resolve --json --strict 文旅局 镇文化站
"""


def add_commands(sub: argparse._SubParsersAction) -> None:
    raw = argparse.RawDescriptionHelpFormatter
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


def _add_listing_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["table", "json", "csv"], default="table",
                   help="table (default), json or csv (UTF-8)")
    p.add_argument("--json", dest="format", action="store_const", const="json",
                   help="same as --format json")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any name stays unresolved")


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
    from ..agencies.gazetteer import read_place

    place = read_place(region)
    if place is None:
        raise UsageError(f"--region {region}: not a known administrative division; give a "
                         "name such as 武清区, 温州市鹿城区 or 古镇镇")
    return place


def _cmd_resolve(args: argparse.Namespace) -> int:
    from ..agencies import resolve_agency

    region, city = _place(args.region)
    matches = [resolve_agency(n, region=region, city=city) for n in args.names]
    if args.format == "json":
        write_json(json.dumps([_match_record(m) for m in matches], ensure_ascii=False,
                              indent=2), None)
    elif args.format == "csv":
        write_stdout(_csv([_match_record(m) for m in matches]))
    else:
        write_text(_table([_match_row(n, m) for n, m in zip(args.names, matches)],
                          _MATCH_HEADER))
    return EXIT_FAILED if args.strict and _unresolved(matches) else EXIT_OK


def _cmd_agencies(args: argparse.Namespace) -> int:
    from ..api import parse

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
            write_text(f"# {file}\n" + _table([_match_row(a.name, a) for a in doc.agencies],
                                               _MATCH_HEADER))
        found.append({"file": file, "agencies": [_match_record(a) for a in doc.agencies]})
    if args.format == "json":
        write_json(json.dumps(found, ensure_ascii=False, indent=2), None)
    elif args.format == "csv":
        write_stdout(_csv([{"file": f["file"], **a} for f in found for a in f["agencies"]]))
    return EXIT_FAILED if failed or (args.strict and unresolved) else EXIT_OK
