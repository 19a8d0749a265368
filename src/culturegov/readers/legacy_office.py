"""Legacy Office files (.doc, .wps, .rtf): converted to .docx by LibreOffice, then read.

LibreOffice runs headless with a private profile in a temporary directory (so parallel
conversions and a user's own LibreOffice never share state), under a time limit
(limits.office_timeout_seconds); the whole process group is killed when it is exceeded.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConverterMissingError, CorruptFileError, InputTooLargeError
from ..limits import get_limits

_SUFFIXES = {"doc": ".doc", "rtf": ".rtf"}
_KNOWN = (".doc", ".dot", ".wps", ".wpt", ".rtf")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_office(data: bytes, path: str | None = None):
    from .docx import read_docx

    fmt = "rtf" if data.startswith(b"{\\rtf") else "doc"
    return read_docx(convert_to_docx(data, path, fmt), path)


def convert_to_docx(data: bytes, path: str | None, fmt: str = "doc") -> bytes:
    program = soffice()
    kind = "an RTF file" if fmt == "rtf" else "a legacy Word/WPS file (.doc, .wps)"
    if program is None:
        raise ConverterMissingError(
            f"is {kind}; reading it needs LibreOffice, which is not installed. Install it "
            "(e.g. `apt-get install libreoffice-writer-nogui`) or convert the file yourself: "
            "`soffice --headless --convert-to docx FILE`", path=path)
    suffix = Path(path).suffix.lower() if path else ""
    if suffix not in _KNOWN:
        suffix = _SUFFIXES.get(fmt, ".doc")
    timeout = get_limits().office_timeout_seconds
    with tempfile.TemporaryDirectory(prefix="culturegov-office-") as tmp:
        source = Path(tmp) / f"input{suffix}"
        source.write_bytes(data)
        out_dir = Path(tmp) / "out"
        command = [program, "--headless", "--norestore", "--nolockcheck", "--nodefault",
                   f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
                   "--convert-to", "docx", "--outdir", str(out_dir), str(source)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise InputTooLargeError(
                f"is {kind} that LibreOffice did not convert within {timeout} s; raise "
                "culturegov.limits.set_limits(office_timeout_seconds=...) if it is genuine, "
                "or convert it yourself", path=path) from None
        result = out_dir / "input.docx"
        if process.returncode != 0 or not result.exists():
            detail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise CorruptFileError(
                f"is {kind} that LibreOffice could not convert ({detail[0]}); the file is "
                "damaged or not a document: open it in an office suite and save it as .docx",
                path=path)
        return result.read_bytes()
