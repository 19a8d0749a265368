"""What every command shares: exit codes, the usage error, and writing to the terminal.

JSON and CSV are UTF-8 whatever the terminal's encoding; a table for a person is written in
the terminal's encoding and never raises UnicodeEncodeError."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import CulturegovError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C

EXIT_CODES = """exit status:
  0    success
  1    a document could not be parsed or written (or, with --strict, a name stayed unresolved)
  2    usage error (bad option, unknown --region, invalid --registry)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM)"""


class UsageError(Exception):
    """A command-line mistake found after argparse (an unknown --region)."""


def write_file(text: str, output: str) -> None:
    """Write `text` as UTF-8 into `output`, creating its folders; one-line error otherwise."""
    target = Path(output)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CulturegovError(f"cannot write the output ({exc.strerror})", path=output) from None


def write_json(text: str, output: str | None) -> None:
    if output:
        write_file(text + "\n", output)
    else:
        write_stdout((text + "\n").encode("utf-8"))


def write_stdout(data: bytes) -> None:
    """JSON and CSV are UTF-8 whatever the terminal's encoding (PYTHONIOENCODING=gbk)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a notebook's redirect): it takes str
        sys.stdout.write(data.decode("utf-8"))
        return
    sys.stdout.flush()
    buffer.write(data)
    buffer.flush()


def write_text(text: str) -> None:
    """A table for a person: the terminal's encoding, never a UnicodeEncodeError."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode(sys.stdout.encoding or "utf-8", errors="backslashreplace"))
    buffer.flush()
