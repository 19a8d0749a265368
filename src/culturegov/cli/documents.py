"""The commands on one document: parse (to JSON), schema, and report (the review page)."""
from __future__ import annotations

import argparse
import json
import sys

from .common import EXIT_CODES, EXIT_OK, write_file, write_json, write_stdout

_PARSE_HELP = """\
Parse one document (.txt in any Chinese encoding, .docx, .pdf; the format is read from the
content) and write it as JSON, UTF-8, not \\u-escaped. The JSON holds: kind (duty_division,
task_table, work_plan, rules, narrative), metadata (title, doc_number, issuer, dates, region),
outline, agencies (each resolved to a canonical body, its level and jurisdiction), duties,
tasks (lead, cooperating, deadline, targets), member_units, articles, citations, findings
(what looked wrong), unparsed (text no recognizer claimed) and text (the decoded source;
every span points into it). `culturegov schema` prints the full JSON Schema.

""" + EXIT_CODES + """

examples:
  culturegov parse notice.docx -o notice.json
  curl -s URL | culturegov parse - > notice.json
"""

_REPORT_HELP = """\
Parse one document and write its review page: one self-contained HTML file (no server, no
network) with the source text on the left, every duty, task, member and metadata span
highlighted in its colour and the unparsed stretches marked, and the structure on the right:
the agencies with their duties and how each name was resolved, the task table (lead,
cooperating, deadline) and the findings. Hovering a duty or task highlights its source.

""" + EXIT_CODES + """

examples:
  culturegov report notice.docx -o notice.html
  culturegov convert archive/ -o out/ --report     (one page per document, beside its JSON)
"""


def add_commands(sub: argparse._SubParsersAction) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("parse", help="parse one document to JSON", description=_PARSE_HELP,
                       formatter_class=raw)
    p.add_argument("file", help="the document; - reads it from standard input")
    p.add_argument("-o", "--output", metavar="OUT.json",
                   help="write JSON here (folders are created) instead of stdout")
    p.set_defaults(func=_cmd_parse)

    p = sub.add_parser("report", help="write a document's review page (HTML)",
                       description=_REPORT_HELP, formatter_class=raw)
    p.add_argument("file", help="the document; - reads it from standard input")
    p.add_argument("-o", "--output", metavar="PAGE.html",
                   help="write the page here (folders are created) instead of stdout")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("schema", help="print the JSON Schema of a parsed document")
    p.set_defaults(func=_cmd_schema)


def _parse(file: str):
    from ..api import parse

    if file == "-":
        return parse(sys.stdin.buffer.read(), name="<stdin>")
    return parse(file)


def _cmd_parse(args: argparse.Namespace) -> int:
    write_json(_parse(args.file).model_dump_json(indent=2), args.output)
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from ..export.review import review_page

    page = review_page(_parse(args.file))
    if args.output:
        write_file(page, args.output)
    else:
        write_stdout(page.encode("utf-8"))
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from ..models import PolicyDocument

    write_json(json.dumps(PolicyDocument.model_json_schema(), ensure_ascii=False, indent=2), None)
    return EXIT_OK
