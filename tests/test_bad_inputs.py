"""The bad-input corpus (make_bad_inputs.py), each file parsed in a child process bounded in
memory and time, then the whole corpus as one `culturegov convert` batch.

A child process, because the failures looked for here (a zip bomb inflated, an entity bomb
expanded, a reader that hangs) would take the test process down with them; the bounds turn
them into a clear failure instead of a swapping or stuck CI machine.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from culturegov import errors
from culturegov.batch import EXIT_FAILED

from make_bad_inputs import EXPECTED, Expectation, make_corpus

MB = 1024 * 1024
# Address-space bounds (RLIMIT_AS), from peaks measured on Linux (VmPeak of the child).
# Every small input peaks at ~60 MB (interpreter, pdfplumber). A reader that inflates the
# 300 MB zip bomb needs over 650 MB even when lxml stops at its text-node limit, so 512 MB
# catches that (test_memory_bound_catches_an_inflated_bomb) and leaves 8x headroom.
MEMORY_SMALL = 512 * MB
MEMORY_BIG = 1536 * MB  # the 10 MB text peaks at ~700 MB; memory does not grow under load
MEMORY_BATCH = 2048 * MB  # a worker also writes the 10 MB text's ~100 MB of JSON: ~1.1 GB
# Time bounds, about 3x what a 2-core machine takes, for a loaded CI runner. A small input
# takes under 1 s including interpreter start; 20 s only has to tell a hang from slowness.
TIMEOUT_SMALL = 20
TIMEOUT_BIG = 60  # the 10 MB text: ~20 s
TIMEOUT_BATCH = 90  # the whole corpus with --jobs 2: ~25 s, most of it the 10 MB text

# Run first in every child: argv[1] is the address-space bound in bytes.
_BOUND_MEMORY = """
import sys
if sys.platform == "linux":  # RLIMIT_AS is not enforced on macOS and absent on Windows
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
"""

# Parses argv[2] and prints one JSON line: the facts checked, or the error raised.
_PARSE = _BOUND_MEMORY + """
import json, time
started = time.perf_counter()
import culturegov
from culturegov.errors import CulturegovError
try:
    doc = culturegov.parse(sys.argv[2])
    result = {"ok": True, "duties": len(doc.duties), "has_phrase": sys.argv[3] in doc.text}
except BaseException as exc:  # MemoryError too: reported, so the test can say what happened
    result = {"ok": False, "error": type(exc).__name__, "message": str(exc),
              "family": isinstance(exc, CulturegovError)}
result["seconds"] = round(time.perf_counter() - started, 2)
try:
    with open("/proc/self/status") as status:  # Linux: peak address space, what the bound caps
        result["peak_mb"] = next(int(line.split()[1]) // 1024 for line in status
                                 if line.startswith("VmPeak:"))
except OSError:
    pass
print(json.dumps(result))
"""

# The `culturegov` command, bounded like a parse: argv[2:] are its arguments.
_CLI = _BOUND_MEMORY + """
from culturegov.cli import main
sys.exit(main(sys.argv[2:]))
"""


def run_child(program: str, args: list[str], memory: int, timeout: float,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    # Default limits only: a CULTUREGOV_MAX_* variable in the caller's environment must not
    # change what the corpus expects.
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("CULTUREGOV_")}
    child_env.update(env or {})
    try:
        return subprocess.run([sys.executable, "-c", program, str(memory), *args],
                              capture_output=True, text=True, timeout=timeout, env=child_env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no result within {timeout} s (a hang, or far too slow): {args}")


def parse_in_child(path: Path, expected: Expectation, env: dict[str, str] | None = None,
                   memory: int | None = None) -> dict:
    memory = memory or (MEMORY_BIG if expected.big else MEMORY_SMALL)
    timeout = TIMEOUT_BIG if expected.big else TIMEOUT_SMALL
    proc = run_child(_PARSE, [str(path), expected.contains], memory, timeout, env)
    if proc.returncode != 0 or not proc.stdout.strip():
        # Killed (a signal is a negative code) or died before printing: no exception to name.
        return {"ok": False, "error": f"child died (exit {proc.returncode})",
                "message": proc.stderr[-2000:], "family": False}
    return json.loads(proc.stdout.splitlines()[-1])


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("bad_inputs")
    make_corpus(directory)
    return directory


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_bad_input(corpus, name):
    expected = EXPECTED[name]
    result = parse_in_child(corpus / name, expected)
    print(f"{name}: {result.get('seconds')} s, peak {result.get('peak_mb')} MB")
    if expected.ok:
        assert result["ok"], f"{name} must parse: {result['error']}: {result['message']}"
        assert result["has_phrase"], f"{expected.contains!r} missing from the text of {name}"
        assert result["duties"] >= expected.min_duties
        return
    error_class = getattr(errors, expected.error)  # a typo in EXPECTED fails here
    assert issubclass(error_class, errors.CulturegovError)
    assert not result["ok"], f"{name} must raise {expected.error}, but it parsed"
    assert result["family"], f"{result['error']} is not a CulturegovError: {result['message']}"
    assert result["error"] == expected.error, result["message"]
    assert name in result["message"]
    assert expected.says in result["message"]


@pytest.mark.skipif(sys.platform != "linux", reason="the memory bound is set on Linux only")
def test_memory_bound_catches_an_inflated_bomb(corpus):
    """The bound is low enough to matter: with the docx limits switched off, the reader
    inflates the bomb and the child runs out of memory instead of passing quietly."""
    off = {"CULTUREGOV_MAX_DOCX_INFLATED_BYTES": str(10**15),
           "CULTUREGOV_MAX_DOCX_RATIO": str(10**15)}
    result = parse_in_child(corpus / "zip_bomb.docx", EXPECTED["zip_bomb.docx"], env=off)
    error = result.get("error", "none: it parsed")
    assert error == "MemoryError" or error.startswith("child died"), result


def test_convert_the_whole_corpus(corpus, tmp_path):
    out = tmp_path / "out"
    proc = run_child(_CLI, ["convert", str(corpus), "-o", str(out), "--jobs", "2"],
                     MEMORY_BATCH, TIMEOUT_BATCH)
    bad = {name for name, expected in EXPECTED.items() if not expected.ok}
    # Some files failed, and the batch still went through every file.
    assert proc.returncode == EXIT_FAILED, proc.stderr[-2000:]
    assert f"failures: {len(bad)}" in proc.stderr

    lines = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    failures = {record["path"]: record for record in map(json.loads, lines)}
    assert set(failures) == bad
    for name in bad:
        assert failures[name]["error"] == EXPECTED[name].error, failures[name]
        assert name in failures[name]["message"]

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    for name in set(EXPECTED) - bad:
        expected = EXPECTED[name]
        assert manifest[name]["status"] == "ok"
        assert manifest[name]["duties"] >= expected.min_duties
        output = out / f"{name}.json"
        assert output.is_file()
        if not expected.big:  # its JSON is ~100 MB: the manifest's count is check enough
            assert expected.contains in output.read_text(encoding="utf-8")
