"""`culturegov report` and `convert --report` through the real entry points: the page holds
the document's text once, as text, and its structure; convert writes one page beside each
JSON, keeps it while the input is unchanged and removes it with the input."""
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import culturegov as cg
from culturegov.cli import main

from conftest import SAMPLES

SRC = Path(__file__).resolve().parents[1] / "src"
NOTICE = SAMPLES / "001_89d3c2afdc5c18c8.txt"  # a work plan with duties
TABLE = SAMPLES / "003_5a35171835c4a9ae.txt"  # a task table


class _Page(HTMLParser):
    """The source side's text, the ids of the structure's hover rows, the page's title."""

    def __init__(self, html: str):
        super().__init__()
        self.source, self.rows, self.title, self._depth, self._where = [], [], "", 0, None
        self.feed(html)
        self.source = "".join(self.source)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._where = "title"
        if tag == "div" and attrs.get("class") == "cg-src":
            self._depth = 1
        elif self._depth and tag == "div":
            self._depth += 1
        if "data-for" in attrs:
            self.rows.append((tag, attrs["data-for"]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._where = None
        if self._depth and tag == "div":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.source.append(data)
        if self._where == "title":
            self.title += data


def _cli(*args, stdin=None):
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([sys.executable, "-m", "culturegov", *args], input=stdin,
                          capture_output=True, env=env, timeout=120)


def test_report_writes_a_page_with_the_text_and_every_duty(tmp_path):
    out = tmp_path / "new" / "page.html"
    done = _cli("report", str(NOTICE), "-o", str(out))
    assert done.returncode == 0, done.stderr.decode()
    doc = cg.parse(NOTICE)
    page = _Page(out.read_text(encoding="utf-8"))
    assert page.source == doc.text
    assert page.title.startswith(doc.metadata.title)
    duty_rows = [ids for tag, ids in page.rows if tag == "li" and ids.startswith("d")]
    assert duty_rows == [f"d{i}" for i in range(len(doc.duties))] and doc.duties


def test_report_reads_stdin_and_writes_utf8_to_stdout():
    done = _cli("report", "-", stdin=TABLE.read_bytes())
    assert done.returncode == 0, done.stderr.decode()
    doc = cg.parse(TABLE)
    page = _Page(done.stdout.decode("utf-8"))
    assert page.source == doc.text
    task_rows = [ids for tag, ids in page.rows if tag == "tr" and ids.startswith("t")]
    assert task_rows == [f"t{i}" for i in range(len(doc.tasks))] and doc.tasks


def test_report_of_a_missing_file_is_one_line(tmp_path):
    done = _cli("report", str(tmp_path / "nothing.txt"), "-o", str(tmp_path / "p.html"))
    assert done.returncode == 1
    assert len(done.stderr.decode().strip().splitlines()) == 1
    assert not (tmp_path / "p.html").exists()


def test_convert_report_writes_a_page_beside_each_json(tmp_path, capsys):
    archive, out = tmp_path / "in", tmp_path / "out"
    (archive / "sub").mkdir(parents=True)
    shutil.copy(NOTICE, archive / "notice.txt")
    shutil.copy(TABLE, archive / "sub" / "table.txt")
    assert main(["convert", str(archive), "-o", str(out), "-j", "1", "--report"]) == 0
    for rel in ("notice.txt", "sub/table.txt"):
        data = json.loads((out / f"{rel}.json").read_text(encoding="utf-8"))
        page = _Page((out / f"{rel}.html").read_text(encoding="utf-8"))
        assert page.source == data["text"]
        one_each = {ids for _, ids in page.rows if re.fullmatch(r"[dt]\d+", ids)}
        assert one_each == {f"d{i}" for i in range(len(data["duties"]))} | {
            f"t{i}" for i in range(len(data["tasks"]))}  # a row for every duty and task
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["sub/table.txt"]["report"] == "sub/table.txt.html"

    capsys.readouterr()
    assert main(["convert", str(archive), "-o", str(out), "-j", "1", "--report"]) == 0
    assert "(0 converted now, 2 up to date)" in capsys.readouterr().err

    (out / "notice.txt.html").unlink()  # a page gone: that input is converted again
    assert main(["convert", str(archive), "-o", str(out), "-j", "1", "--report"]) == 0
    assert "(1 converted now, 1 up to date)" in capsys.readouterr().err
    assert (out / "notice.txt.html").is_file()

    (archive / "sub" / "table.txt").unlink()  # an input gone: its JSON and page go too
    assert main(["convert", str(archive), "-o", str(out), "-j", "1", "--report"]) == 0
    assert not (out / "sub" / "table.txt.html").exists()
    assert not (out / "sub" / "table.txt.json").exists()


def test_convert_report_asked_after_a_run_without_it_writes_the_pages(tmp_path, capsys):
    archive, out = tmp_path / "in", tmp_path / "out"
    archive.mkdir()
    shutil.copy(NOTICE, archive / "notice.txt")
    assert main(["convert", str(archive), "-o", str(out), "-j", "1", "--format", "jsonl"]) == 0
    assert not (out / "notice.txt.html").exists()
    assert main(["convert", str(archive), "-o", str(out), "-j", "1", "--format", "jsonl",
                 "--report"]) == 0
    line = json.loads((out / "documents.jsonl").read_text(encoding="utf-8"))
    assert _Page((out / "notice.txt.html").read_text(encoding="utf-8")).source == line["text"]

    (archive / "notice.txt").unlink()  # an input gone: its page goes in this format too
    assert main(["convert", str(archive), "-o", str(out), "-j", "1", "--format", "jsonl",
                 "--report"]) == 0
    assert not (out / "notice.txt.html").exists()
