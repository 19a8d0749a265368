"""The `culturegov` command. The CLI owns the terminal; the library never prints.

One module per group of commands (documents: parse, report, schema; names: resolve,
agencies; convert), each adding its subcommands to the parser built here. argparse, not
click or typer: it is in the standard library (no dependency, nothing to import at start),
and the help, --version, exit codes and signal handling the commands need are already here.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading

from ..errors import CulturegovError
from . import convert, documents, names
from .common import EXIT_CODES, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UsageError

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


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
        from ..agencies import load_registry

        try:
            load_registry(extra=args.registry)
        except CulturegovError as exc:
            print(f"culturegov: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"culturegov: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CulturegovError as exc:
        print(f"culturegov: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from .._version import __version__

    parser = argparse.ArgumentParser(
        prog="culturegov",
        description="Chinese public-cultural-service policy documents into typed data.",
        epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"culturegov {__version__}")
    parser.add_argument("--registry", metavar="TOML",
                        help="extra agency names that add to or override the built-in registry")
    sub = parser.add_subparsers(metavar="COMMAND")
    documents.add_commands(sub)
    names.add_commands(sub)
    convert.add_commands(sub)
    return parser
