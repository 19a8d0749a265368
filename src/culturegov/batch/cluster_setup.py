"""Setting up a cluster run: the connection to the scheduler (or the LocalCluster of
`--scheduler local:N`), the dashboard notice, the lock on a local OUT."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ..errors import MissingDependencyError
from .convert import BatchUsageError
from .lock import OutputLock, OutputLockedError
from .place import OutputPlace

log = logging.getLogger(__name__)


class Locked:
    """The local run's lock on OUT (one run writing into it at a time); a URL OUT has no
    lock file: do not point two runs at it."""

    def __init__(self, place: OutputPlace):
        self.lock = None if place.remote else OutputLock(place.staging.resolve())

    def __enter__(self) -> None:
        if self.lock is None:
            return
        try:
            self.lock.__enter__()
        except OutputLockedError as exc:
            raise BatchUsageError(str(exc)) from None
        except OSError as exc:
            raise BatchUsageError(f"cannot write into the output directory ({exc.strerror}); "
                                  "choose a writable OUT",
                                  path=str(self.lock.path.parent)) from None

    def __exit__(self, *exc: object) -> None:
        if self.lock is not None:
            self.lock.__exit__()


def worker_threads(client: Any) -> int:
    workers = client.scheduler_info().get("workers", {})
    return sum(w.get("nthreads", 1) for w in workers.values()) or 1


class Connect:
    """A Client for `scheduler`; for local:N also the LocalCluster it runs on."""

    def __init__(self, scheduler: str):
        self.scheduler = scheduler
        self.cluster = None

    def __enter__(self) -> Any:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise MissingDependencyError('--scheduler needs Dask; install it with: '
                                         'pip install "dask[dataframe]" distributed (in the '
                                         'culturegov checkout: pip install -e ".[dask]")') from None
        if self.scheduler.startswith("local:"):
            count = self.scheduler.removeprefix("local:")
            if not count.isdigit() or int(count) < 1:
                raise BatchUsageError("--scheduler local:N needs a number of workers, "
                                      f"not {count!r}")
            # one thread per worker process (parsing holds the GIL); one task at a time per
            # worker, so a worker that dies takes no innocent queued task with it; no
            # statistical profiler (it samples every 10 ms and cost 20-30 % of the parsing)
            import dask

            with dask.config.set({"distributed.scheduler.worker-saturation": 1.0,
                                  "distributed.worker.profile.enabled": False}):
                self.cluster = LocalCluster(n_workers=int(count), threads_per_worker=1,
                                            processes=True, dashboard_address=":0")
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(self.scheduler)
            except (OSError, TimeoutError, ValueError) as exc:
                raise BatchUsageError(f"cannot reach the Dask scheduler at {self.scheduler} "
                                      f"({exc}); start one (dask scheduler) or check the "
                                      "address") from None
        return self.client

    def __exit__(self, *exc: object) -> None:
        try:
            self.client.close(timeout=5)
        except Exception:  # noqa: BLE001 — the scheduler may be gone already
            pass
        if self.cluster is not None:
            self.cluster.close()


def announce_dashboard(client: Any, announce: Callable[[str], None] | None) -> None:
    """The dashboard's address, when the scheduler serves one (it needs bokeh)."""
    services = client.scheduler_info().get("services", {})
    if "dashboard" in services:
        message = f"Dask dashboard: {client.dashboard_link}"
    else:
        message = "Dask dashboard: not served (install bokeh on the scheduler to get one)"
    log.info(message)
    if announce:
        announce(message)
