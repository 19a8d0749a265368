"""Budgeted worker processes: every file of a batch is read in a child process that may take
at most `Budget.seconds` of wall time and `Budget.memory` more bytes of address space.

A file that loops forever (a PDF whose content stream refers to itself) or allocates without
end (nested form XObjects, a crafted .docx) costs one error line: the child is killed and
replaced, the others go on. This does not depend on a pool: `--jobs 1` reads in one child
too. A child dies with its parent (PR_SET_PDEATHSIG on Linux, a watchdog elsewhere), ignores
Ctrl-C (the parent stops it), and is replaced after a memory failure, whose heap may be torn.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .workers import Job, Result, convert_one


@dataclass(frozen=True)
class Budget:
    seconds: float | None = None  # wall time per file; None: unbounded
    memory: int | None = None  # bytes a child may add to its address space; None: unbounded

    def covers(self, other: tuple[float | None, int | None]) -> bool:
        """Whether this budget is at least `other` in both time and memory (None is infinite)."""
        return all(mine is None or (theirs is not None and mine <= theirs)
                   for mine, theirs in zip((self.seconds, self.memory), other))


def results(jobs: Iterable[Job], workers: int, budget: Budget | None = None) -> Iterator[Result]:
    """Results in completion order, each file read in a budgeted child process; with no
    budget at all (budget=None) everything runs in this process (for debugging)."""
    if budget is None:
        for job in jobs:
            yield convert_one(job)
        return
    import multiprocessing

    # fork where there is one: cheap, and the child starts with the modules already loaded
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    queue = iter(jobs)
    retry: list[Job] = []  # jobs whose child died: tried once more in a fresh child
    retried: set[str] = set()
    children: list[_Child] = []

    def next_job() -> Job | None:
        return retry.pop() if retry else next(queue, None)

    try:
        while True:
            for child in children:
                if child.job is None and (job := next_job()) is not None:
                    child.give(job)
            while len(children) < workers and (job := next_job()) is not None:
                children.append(_Child(context, budget))
                children[-1].give(job)
            busy = [c for c in children if c.job is not None]
            if not busy:
                return
            _wait_any(busy, budget)
            for child in busy:
                job = child.job
                result = child.collect(budget)
                if result is None:
                    continue
                if child.retiring or not child.alive():
                    child.stop()
                    children.remove(child)
                if result.error == "WorkerCrashedError" and job.file.rel not in retried:
                    # the child may have died of something else (a signal, a sibling's
                    # memory): only a file that kills a fresh child too is blamed
                    retried.add(job.file.rel)
                    retry.append(job)
                    continue
                yield result
    finally:
        for child in children:
            child.stop()


def _wait_any(busy: list[_Child], budget: Budget) -> None:
    from multiprocessing.connection import wait

    timeout = None
    if budget.seconds is not None:
        now = time.monotonic()
        timeout = max(0.0, min(c.started + budget.seconds - now for c in busy)) + 0.01
    wait([c.conn for c in busy] + [c.process.sentinel for c in busy], timeout)


class _Child:
    """One worker process and the job it is reading."""

    def __init__(self, context, budget: Budget):
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_child_main, daemon=True,
                                       args=(theirs, budget.memory, os.getpid()))
        self.process.start()
        theirs.close()
        self.job: Job | None = None
        self.started = 0.0
        self.retiring = False  # it leaves after this result (memory failure, crash, timeout)

    def give(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        try:
            self.conn.send(job)
        except OSError:
            pass  # it died meanwhile: collect() reports the crash, and the job is retried

    def alive(self) -> bool:
        return self.process.is_alive()

    def collect(self, budget: Budget) -> Result | None:
        """The job's result if it is done, died or over time; None while it is working."""
        job = self.job
        assert job is not None
        if self.conn.poll():
            try:
                result = self.conn.recv()
            except (EOFError, OSError):
                result = _crashed(job, self.process)
        elif not self.alive():
            result = _crashed(job, self.process)
        elif budget.seconds is not None and time.monotonic() - self.started > budget.seconds:
            self.process.kill()
            self.process.join()
            result = Result(job.file.rel, job.sha256, ok=False, error="BudgetExceededError",
                            deterministic=True, budget=(budget.seconds, budget.memory),
                            message=f"{job.file.rel}: took more than {budget.seconds:g} s "
                                    "(the time budget per file) and was stopped; if the file "
                                    "is genuine, raise it with --timeout")
        else:
            return None
        if result.error in ("BudgetExceededError", "WorkerCrashedError"):
            result.budget = (budget.seconds, budget.memory)
            self.retiring = True
        self.job = None
        return result

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(None)  # idle: let it leave on its own
            except OSError:
                pass
            self.process.join(timeout=1 if self.job is None else 0)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.conn.close()


def _crashed(job: Job, process) -> Result:
    code = process.exitcode
    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit {code}"
    # The OOM killer's SIGKILL and a reader's segfault are not always the file's fault: a
    # crash is retried once on the next run, then remembered (see manifest.up_to_date).
    return Result(job.file.rel, job.sha256, ok=False, error="WorkerCrashedError",
                  message=f"{job.file.rel}: the worker process died while reading this file "
                          f"({how}: a crash in a reader, or out of memory)")


# ---------------------------------------------------------------- inside the child

def _child_main(conn, memory: int | None, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory is not None:
        _cap_memory(memory)
    settled = False
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        result = _convert_collector_paused(job)
        if not settled:
            _settle_heap()
            settled = True
        try:
            conn.send(result)
        except MemoryError:  # the result itself did not fit in the budget
            conn.send(Result(result.rel, result.sha256, ok=False, error="BudgetExceededError",
                             deterministic=True,
                             message=f"{result.rel}: its output needed more memory than the "
                                     "budget per file; raise it with --max-memory"))
        except (BrokenPipeError, OSError):
            return
        if result.error == "BudgetExceededError":
            return  # after a MemoryError the heap may be torn: a fresh child takes over


def _convert_collector_paused(job: Job) -> Result:
    """One file converted with the cyclic collector paused until its document is dropped.
    The pipeline pauses it while it builds the document, but the collector, turned back on
    while the document is still alive, walks all of its objects at the next allocation
    (and again as they age): ~5 % of an archive, freeing nothing, since a document holds no
    reference cycles. Turned back on after the file, when they are gone, it finds only the
    few hundred cyclic objects a reader leaves per file, and collects them then."""
    from ..pipeline import cyclic_gc_paused  # (imported by the parse anyway)

    with cyclic_gc_paused():
        return convert_one(job)


def _settle_heap() -> None:
    """After the first file, when the readers and recognizers are imported and their
    tables built: what lives now lives for the child's life, so it is taken out of the
    cyclic collector's sight (gc.freeze). Each document allocates tens of thousands of
    objects, and every full collection they trigger would otherwise walk all the modules'
    objects again. The first file's garbage is collected before, so none of it is kept."""
    import gc

    gc.collect()
    gc.freeze()


def _die_with_parent(parent: int) -> None:
    """A child must not outlive its parent (kill -9 of `convert` leaves no orphan at work)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            _watch_parent(parent)
    else:
        _watch_parent(parent)
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="culturegov-parent-watch").start()


def _cap_memory(memory: int) -> None:
    """RLIMIT_AS: what this child already maps, plus the budget. Where the limit is not
    available (Windows) or not enforced (macOS) only the time budget applies."""
    try:
        import resource
    except ImportError:
        return
    current = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            current = next(int(line.split()[1]) * 1024 for line in status
                           if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        pass
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = current + memory
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        pass
