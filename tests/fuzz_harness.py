"""A bounded parser for fuzz cases: `cg.parse` of one file in a forked child limited in wall
time and address space, reporting how it ended.

Starting an interpreter per case costs more than the parse (pdfplumber, lxml, the
lexicon), so one server process imports culturegov and every reader once, then forks a
fresh child per case: a case that hangs, exhausts memory or kills its process (a segfault
in a C library) costs that child only. The server is a plain single-threaded interpreter
started for the purpose, so forking it is safe (forking pytest, with xdist's threads, is
not).

Outcomes (`Outcome.kind`):
- "ok": a PolicyDocument;  "refused": a CulturegovError naming the file.
- Violations of the property: "unnamed" (a CulturegovError that does not name the file),
  "escaped" (any other exception, MemoryError and RecursionError included), "hang" (over
  the time budget, the child is killed), "crash" (the child died: a signal, or no result).
"""
from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
SECONDS = 30.0  # the budget per file; a seed parses in well under a second
MEMORY = 1024 * MB  # address space a case may add to the server's (a seed adds ~20 MB)

GOOD = ("ok", "refused")

# The server: argv[1] seconds, argv[2] bytes. Reads one path per line on stdin, writes one
# JSON line per case on stdout.
_SERVER = r'''
import json, os, resource, select, signal, sys, time, traceback
import culturegov
from culturegov.errors import CulturegovError
from culturegov.models import PolicyDocument
# every reader and what it loads lazily, imported once here instead of in every child
import importlib
from culturegov.readers import READERS
for target in READERS.values():
    importlib.import_module(target.split(":")[0])
import lxml.etree, lxml.html, pdfplumber, pdfminer.high_level  # noqa: F401
try:
    culturegov.parse_text("\u4e00\u3001\u6d4b\u8bd5\n")  # warm the lexicon and recognizers
except Exception:
    pass

SECONDS, MEMORY = float(sys.argv[1]), int(sys.argv[2])
out = sys.stdout
sys.stdout = sys.stderr  # nothing but results on the pipe


def vm_size():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) * 1024 for l in status if l.startswith("VmSize:"))


def child(path, writer):
    try:
        cap = vm_size() + MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    except Exception:
        pass
    try:
        doc = culturegov.parse(path)
        if isinstance(doc, PolicyDocument):
            result = {"kind": "ok", "chars": len(doc.text), "text": doc.text[:2000]}
        else:
            result = {"kind": "escaped", "error": type(doc).__name__,
                      "message": "parse returned something else than a PolicyDocument"}
    except CulturegovError as exc:
        named = exc.path == path or path in str(exc)
        result = {"kind": "refused" if named else "unnamed", "error": type(exc).__name__,
                  "message": str(exc)[:2000]}
    except BaseException as exc:
        result = {"kind": "escaped", "error": type(exc).__name__, "message": str(exc)[:2000],
                  "trace": traceback.format_exc()[-6000:]}
    try:
        payload = json.dumps(result).encode()
    except BaseException:
        payload = json.dumps({"kind": result["kind"], "error": result.get("error")}).encode()
    os.write(writer, payload)


for line in sys.stdin:
    path = line.rstrip("\n")
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        try:
            child(path, writer)
        finally:
            os._exit(0)
    os.close(writer)
    started, chunks, hung = time.monotonic(), [], False
    while True:
        left = SECONDS - (time.monotonic() - started)
        if left <= 0:
            hung = True
            break
        ready, _, _ = select.select([reader], [], [], left)
        if ready:
            chunk = os.read(reader, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    if hung:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(reader)
    seconds = round(time.monotonic() - started, 3)
    if hung:
        result = {"kind": "hang", "message": f"no result within {SECONDS:g} s"}
    elif not chunks:
        how = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit {os.WEXITSTATUS(status)}")
        result = {"kind": "crash", "message": f"the child died ({how}) without a result"}
    else:
        result = json.loads(b"".join(chunks))
    result["seconds"] = seconds
    out.write(json.dumps(result) + "\n")
    out.flush()
'''


@dataclass
class Outcome:
    kind: str
    error: str | None = None
    message: str = ""
    trace: str = ""
    seconds: float = 0.0
    text: str = ""  # the head of the document's text, when it parsed

    @property
    def good(self) -> bool:
        return self.kind in GOOD

    def describe(self, name: str) -> str:
        return f"{name}: {self.kind} {self.error or ''}: {self.message}\n{self.trace}"


class BoundedParser:
    """One server process; `parse(path)` returns the Outcome of one case."""

    def __init__(self, seconds: float = SECONDS, memory: int = MEMORY):
        self.seconds = seconds
        src = str(Path(__file__).resolve().parents[1] / "src")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CULTUREGOV_")}
        env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER, str(seconds), str(memory)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, env=env)

    def parse(self, path: Path) -> Outcome:
        assert "\n" not in str(path)
        self.process.stdin.write(f"{path}\n")
        self.process.stdin.flush()
        # the server kills a child at `seconds`; more than that here is the server stuck
        ready, _, _ = select.select([self.process.stdout], [], [], self.seconds + 60)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise RuntimeError(f"the fuzz server stopped answering at {path}")
        data = json.loads(line)
        return Outcome(data["kind"], data.get("error"), data.get("message", ""),
                       data.get("trace", ""), data.get("seconds", 0.0), data.get("text", ""))

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
