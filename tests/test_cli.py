"""The command line through its real entry points: culturegov.cli.main and `python -m culturegov`."""
import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import culturegov
from culturegov.cli import main

from conftest import SAMPLES

SRC = Path(__file__).resolve().parents[1] / "src"
NOTICE = SAMPLES / "001_89d3c2afdc5c18c8.txt"


def _run(*args, stdin=None, env=None):
    environ = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    return subprocess.run([sys.executable, "-m", "culturegov", *args], input=stdin,
                          capture_output=True, env=environ, timeout=120)


def test_version_names_the_package_version():
    done = _run("--version")
    assert done.returncode == 0
    assert done.stdout.decode().split() == ["culturegov", culturegov.__version__]


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
def test_parse_stdin_writes_utf8_whatever_the_terminal_encoding(encoding):
    done = _run("parse", "-", stdin=NOTICE.read_bytes(), env={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["metadata"]["doc_number"]["raw"] == "温鹿政办〔2019〕61号"
    assert data["source"] == "<stdin>"
    assert "温鹿政办".encode() in done.stdout  # UTF-8, not \u-escaped


def test_parse_output_creates_missing_folders(tmp_path):
    out = tmp_path / "missing" / "dir" / "out.json"
    assert main(["parse", str(NOTICE), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["kind"] == "work_plan"


def test_unwritable_output_is_one_line_not_a_traceback(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    done = _run("parse", str(NOTICE), "-o", str(blocker / "out.json"))
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "out.json" in err


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("culturegov.api.parse", interrupted)
    assert main(["parse", str(NOTICE)]) == 130
    assert capsys.readouterr().err == "culturegov: interrupted\n"


def _waiting_on_stdin(pid: int) -> bool:
    """Has the process installed its SIGTERM handler and blocked reading fd 0 (Linux /proc)?
    A signal that lands earlier, while a C extension is being imported, aborts that import
    rather than reaching main()'s handler: that is not what this test is about."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:") and not int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1:
            return False
    try:
        call = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(call) > 1 and call[0] in ("0", "63") and call[1] == "0x0"  # read(0, …)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("signum,code,word", [(signal.SIGTERM, 143, "terminated"),
                                              (signal.SIGINT, 130, "interrupted")])
def test_signals_while_waiting_for_stdin(signum, code, word):
    environ = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-m", "culturegov", "parse", "-"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=environ)
    try:
        deadline = time.monotonic() + 60
        while not _waiting_on_stdin(proc.pid):
            assert time.monotonic() < deadline, "culturegov never reached main()"
            time.sleep(0.02)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == code
    assert err.decode() == f"culturegov: {word}\n"


def test_resolve_json_has_level_and_jurisdiction(capsys):
    assert main(["resolve", "--json", "区文广局", "--region", "温州市鹿城区"]) == 0
    [match] = json.loads(capsys.readouterr().out)
    assert (match["canonical_id"], match["level"], match["jurisdiction"]) == (
        "culture-tourism", "district", "鹿城区")


def test_resolve_strict_exits_1_on_an_unresolved_name(capsys):
    assert main(["resolve", "--strict", "区文广局", "区文广局"]) == 0
    assert main(["resolve", "--strict", "区文广局", "张三李四"]) == 1
    assert main(["resolve", "区文广局", "张三李四"]) == 0  # without --strict: a listing
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:4] == ["name", "canonical", "id", "level"]
    assert "unresolved" in table[-1]


def test_resolve_unknown_region_is_a_usage_error(capsys):
    assert main(["resolve", "区文广局", "--region", "不存在区"]) == 2
    err = capsys.readouterr().err
    assert "不存在区" in err and len(err.splitlines()) == 1


def test_resolve_accepts_a_town_region(capsys):
    assert main(["resolve", "--format", "csv", "镇文化站", "--region", "古镇镇"]) == 0
    [row] = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (row["jurisdiction"], row["level"]) == ("古镇镇", "town")


def test_agencies_csv_and_json_agree_with_the_parse(capsys, parsed):
    doc = parsed("101_numbered_items_with_agency")
    path = str(SAMPLES / "101_numbered_items_with_agency.txt")
    assert main(["agencies", "--format", "csv", path]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["file"], r["name"], r["level"]) for r in rows] == [
        (path, a.name, a.level or "") for a in doc.agencies]
    assert main(["agencies", "--json", path]) == 0
    [listing] = json.loads(capsys.readouterr().out)
    assert [a["canonical_id"] for a in listing["agencies"]] == [a.canonical_id for a in doc.agencies]


def test_agencies_strict_fails_when_a_document_keeps_an_unresolved_name(tmp_path, capsys):
    notice = tmp_path / "n.txt"
    notice.write_text("关于职责分工的通知\n一、县文化和旅游局\n负责全县公共文化服务。\n"
                      "二、某某奇怪服务中心\n负责统筹协调。\n", encoding="utf-8")
    doc = culturegov.parse(notice)
    unresolved = [a for a in doc.agencies if a.method in (None, "unresolved")]
    assert [a.name for a in unresolved] == ["某某奇怪服务中心"]
    assert main(["agencies", "--strict", str(notice)]) == 1
    assert main(["agencies", str(notice)]) == 0


def test_help_texts_say_what_the_json_holds_and_the_exit_codes():
    for command, words in [("parse", ["duties", "tasks", "unparsed", "130", "examples"]),
                           ("agencies", ["level", "--strict", "exit status", "examples"])]:
        done = _run(command, "--help")
        assert done.returncode == 0
        text = done.stdout.decode()
        assert all(w in text for w in words), (command, text)
