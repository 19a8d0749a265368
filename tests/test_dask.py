"""The archive on a Dask cluster (batch.cluster, culturegov.dask), on a real LocalCluster of
two worker processes: the same outputs as `--jobs 2`, a killed worker, a file that kills
every worker, a lost scheduler and the resume after it, the registry on the workers, and
the notebook API."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402
from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402

import culturegov as cg  # noqa: E402
from culturegov import batch  # noqa: E402
from culturegov.batch.cluster import SchedulerLostError, convert_on_cluster  # noqa: E402
from conftest import SAMPLES  # noqa: E402

# a worker death is retried once, then the task fails: keeps the crash tests short; one task
# at a time per worker, as local:N runs them; a lost scheduler is given up on after 3 s
CONFIG = {"distributed.scheduler.allowed-failures": 1,
          "distributed.scheduler.worker-saturation": 1.0,
          "distributed.comm.timeouts.connect": "3s"}

LANTERN_REGISTRY = """\
[[agency]]
canonical_id = "lantern-association"
name = "灯彩促进会"
category = "people_org"
"""
LANTERN_NOTICE = """\
东湖县灯会筹办工作任务分工

各有关单位：

1.县文化和旅游局负责制定灯会方案；

2.县灯彩促进会负责组织民间灯彩展示活动；

3.县财政局负责落实灯会经费。

东湖县人民政府办公室
2022年1月5日
"""


def _inputs() -> list[Path]:
    txt = [p for p in sorted(SAMPLES.glob("*.txt")) if p.name[0] in "12"][:10]
    return [*txt, SAMPLES / "000_7f7948de658d7fdd.txt", SAMPLES / "002_f08aa27de3bb326a.docx",
            SAMPLES / "002_f08aa27de3bb326a.pdf"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """Thirteen samples (text, .docx, PDF), one in a subfolder without an extension, a
    corrupt PDF and random bytes."""
    root = tmp_path_factory.mktemp("dask") / "archive"
    (root / "sub").mkdir(parents=True)
    for path in _inputs():
        shutil.copy(path, root / path.name)
    shutil.copy(SAMPLES / "004_b2cb0c3ae92596bc.txt", root / "sub" / "no_extension")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (root / "noise").write_bytes(bytes((i * 37 + 11) % 256 for i in range(4096)))
    (root / "lantern.txt").write_text(LANTERN_NOTICE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cluster():
    with dask.config.set(CONFIG):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=":0") as local:
            with Client(local) as client:
                yield local, client


class SlowOrDeadly(WorkerPlugin):
    """On every worker (restarted ones too): each file takes `seconds` more, and a file
    named `killer` kills the worker process, as a segfault in a reader would."""

    name = "culturegov-test-slow-or-deadly"

    def __init__(self, seconds: float = 0.0, killer: str | None = None):
        self.seconds, self.killer = seconds, killer

    def setup(self, worker):
        from culturegov.batch import cluster_tasks

        self.original = cluster_tasks.convert_one
        seconds, killer, original = self.seconds, self.killer, self.original

        def convert_one(job):
            if killer and job.file.rel.endswith(killer):
                os._exit(3)
            time.sleep(seconds)
            return original(job)

        cluster_tasks.convert_one = convert_one

    def teardown(self, worker):
        from culturegov.batch import cluster_tasks

        cluster_tasks.convert_one = self.original


def _plugin(client, plugin):
    client.register_plugin(plugin)
    return plugin.name


def _unregister(client, name: str) -> None:
    """Remove a plugin once the workers are back (a worker still restarting refuses it)."""
    for attempt in range(10):
        client.wait_for_workers(2)
        try:
            client.unregister_worker_plugin(name)
            return
        except (OSError, distributed.comm.CommClosedError):
            time.sleep(0.5)
    raise AssertionError(f"could not remove {name} from the workers")


def _good(archive: Path) -> set[str]:
    """The inputs that parse, by their archive-relative path."""
    good = set()
    for path in sorted(archive.rglob("*")):
        if path.is_file():
            try:
                cg.parse(path)
            except cg.CulturegovError:
                continue
            good.add(path.relative_to(archive).as_posix())
    return good


def _outputs(out: Path) -> list[str]:
    """The files a run leaves in OUT, less its lock file (which holds the pid)."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and not p.name.startswith("."))


def _sorted_lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("fmt", ["json", "jsonl", "parquet"])
def test_cluster_outputs_are_identical_to_jobs_2(archive, cluster, tmp_path, fmt):
    local, _ = cluster
    mine, theirs = tmp_path / "cluster", tmp_path / "local"
    summary = convert_on_cluster(archive, mine, scheduler=local.scheduler_address, fmt=fmt)
    reference = batch.convert_directory(archive, theirs, jobs=2, fmt=fmt)

    good = _good(archive)
    assert summary.converted == reference.converted == len(good)
    assert summary.failed == reference.failed == 2  # broken.pdf, noise
    assert (summary.duties, summary.tasks) == (reference.duties, reference.tasks)
    assert summary.duties > 50
    files = _outputs(mine)
    assert files == _outputs(theirs)
    for rel in files:
        if rel.endswith(".parquet"):
            pd = pytest.importorskip("pandas")
            a, b = pd.read_parquet(mine / rel), pd.read_parquet(theirs / rel)
            assert len(a) == len(b) and list(a.columns) == list(b.columns)
            order = list(a.columns)
            pd.testing.assert_frame_equal(
                a.sort_values(order).reset_index(drop=True), b.sort_values(order).reset_index(drop=True))
        elif rel.endswith(".jsonl"):  # lines in completion order in both runs
            assert _sorted_lines(mine / rel) == _sorted_lines(theirs / rel)
        else:
            assert (mine / rel).read_bytes() == (theirs / rel).read_bytes(), rel
    if fmt == "json":
        doc = json.loads((mine / "sub" / "no_extension.json").read_text(encoding="utf-8"))
        assert doc["source"] == "sub/no_extension" and len(doc["text"]) > 100
    errors = {json.loads(line)["path"] for line in _sorted_lines(mine / "errors.jsonl")}
    assert errors == {"broken.pdf", "noise"}


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_review_pages_on_the_cluster_are_the_local_runs(archive, cluster, tmp_path, fmt,
                                                       capsys):
    """`convert --report --scheduler`: the workers write each document's page beside its
    output, byte for byte the local run's; the manifest vouches for them, so a re-run
    converts nothing until a page is missing."""
    from culturegov.cli import main

    local, _ = cluster
    mine, theirs = tmp_path / "cluster", tmp_path / "local"
    command = ["convert", str(archive), "-o", str(mine), "--format", fmt, "--report",
               "--scheduler", local.scheduler_address]
    assert main(command) == 1  # two inputs fail: broken.pdf, noise
    batch.convert_directory(archive, theirs, jobs=2, fmt=fmt, report=True)
    pages = [rel for rel in _outputs(mine) if rel.endswith(".html")]
    assert sorted(rel.removesuffix(".html") for rel in pages) == sorted(_good(archive))
    for rel in pages:
        assert (mine / rel).read_bytes() == (theirs / rel).read_bytes(), rel
    manifest = json.loads((mine / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert manifest["sub/no_extension"]["report"] == "sub/no_extension.html"

    capsys.readouterr()
    assert main(command) == 1
    assert f"(0 converted now, {len(pages)} up to date)" in capsys.readouterr().err
    (mine / "sub" / "no_extension.html").unlink()
    assert main(command) == 1
    assert f"(1 converted now, {len(pages) - 1} up to date)" in capsys.readouterr().err
    assert (mine / "sub" / "no_extension.html").read_bytes() == (
        theirs / "sub" / "no_extension.html").read_bytes()


def test_switching_format_on_the_cluster_leaves_only_the_last_format(archive, cluster,
                                                                     tmp_path):
    """json, then jsonl, then json again into one OUT, as the local run does it: each run
    removes the previous format's files and converts everything afresh."""
    local, _ = cluster
    out = tmp_path / "out"
    good = _good(archive)
    as_json = {f"{rel}.json" for rel in good}
    first = convert_on_cluster(archive, out, scheduler=local.scheduler_address, fmt="json")
    assert as_json <= set(_outputs(out))
    second = convert_on_cluster(archive, out, scheduler=local.scheduler_address, fmt="jsonl")
    assert second.converted == first.converted == len(good) and second.unchanged == 0
    assert set(_outputs(out)) == {"documents.jsonl", "errors.jsonl", "manifest.json"}
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["format"] == "jsonl"
    convert_on_cluster(archive, out, scheduler=local.scheduler_address, fmt="json")
    assert set(_outputs(out)) == as_json | {"errors.jsonl", "manifest.json"}


def test_a_killed_worker_costs_only_its_task(archive, cluster, tmp_path):
    local, client = cluster
    name = _plugin(client, SlowOrDeadly(seconds=0.3))
    before = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_busy_worker(done: int, total: int) -> None:
        if killed:
            return
        busy = [address for address, keys in client.processing().items() if keys]
        killed.append(before[busy[0]])
        os.kill(killed[0], signal.SIGKILL)

    try:
        summary = convert_on_cluster(archive, tmp_path / "out", scheduler=local.scheduler_address,
                                     fmt="jsonl", files_per_task=1, progress=kill_a_busy_worker)
    finally:
        _unregister(client, name)
    assert killed and killed[0] not in client.run(os.getpid).values()  # it did die
    lines = (tmp_path / "out" / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    sources = Counter(json.loads(line)["source"] for line in lines)
    assert set(sources) == _good(archive)
    assert set(sources.values()) == {1}  # every file exactly once
    assert summary.converted == len(sources) and summary.failed == 2


@pytest.mark.slow
def test_a_file_that_kills_every_worker_is_reported_not_retried_for_ever(archive, cluster, tmp_path):
    local, client = cluster
    deadly = tmp_path / "archive"
    shutil.copytree(archive, deadly)
    shutil.copy(SAMPLES / "101_numbered_items_with_agency.txt", deadly / "sub" / "killer.txt")
    name = _plugin(client, SlowOrDeadly(killer="killer.txt"))
    try:
        summary = convert_on_cluster(deadly, tmp_path / "out", scheduler=local.scheduler_address,
                                     fmt="json", files_per_task=4)
    finally:
        _unregister(client, name)
    errors = {rec["path"]: rec for rec in map(json.loads, _sorted_lines(tmp_path / "out" / "errors.jsonl"))}
    assert set(errors) == {"broken.pdf", "noise", "sub/killer.txt"}
    assert errors["sub/killer.txt"]["error"] == "WorkerCrashedError"
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert manifest["sub/killer.txt"]["deterministic"] is False  # the next run tries it again
    assert summary.converted == len(_good(archive))  # its chunk's other files were converted
    for rel in _good(archive):
        assert (tmp_path / "out" / f"{rel}.json").is_file()


def test_resume_after_the_scheduler_is_stopped_converts_only_what_is_missing(archive, tmp_path):
    out = tmp_path / "out"
    with dask.config.set(CONFIG):
        doomed = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                              dashboard_address=":0")
        with Client(doomed) as client:
            client.register_plugin(SlowOrDeadly(seconds=0.3))

            def stop_the_scheduler(done: int, total: int) -> None:
                if done >= 4 and doomed.status.name == "running":
                    doomed.close()

            with pytest.raises(SchedulerLostError, match="run the same command again"):
                convert_on_cluster(archive, out, scheduler=doomed.scheduler_address,
                                   fmt="json", files_per_task=1, progress=stop_the_scheduler)
    first = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    total = len(_good(archive)) + 2
    assert 4 <= len(first) < total
    kept = {rel: (out / e["output"]).stat().st_mtime_ns
            for rel, e in first.items() if e["status"] == "ok"}

    summary = convert_on_cluster(archive, out, scheduler="local:2", fmt="json")
    assert summary.unchanged == len(kept) and summary.failed == 2
    assert summary.converted == len(_good(archive)) - len(kept)
    for rel, mtime in kept.items():  # what the first run wrote was not written again
        assert (out / f"{rel}.json").stat().st_mtime_ns == mtime
    assert {rel for rel, e in json.loads((out / "manifest.json").read_text("utf-8"))["files"].items()
            if e["status"] == "ok"} == _good(archive)


def test_the_registry_reaches_every_worker(archive, cluster, tmp_path):
    local, _ = cluster
    registry = tmp_path / "lantern.toml"
    registry.write_text(LANTERN_REGISTRY, encoding="utf-8")

    def lantern_ids(out: Path) -> set:
        doc = json.loads((out / "lantern.txt.json").read_text(encoding="utf-8"))
        return {d["agency"]["canonical_id"] for d in doc["duties"] if "灯彩" in d["agency"]["name"]}

    convert_on_cluster(archive, tmp_path / "with", scheduler=local.scheduler_address,
                       registry=registry)
    convert_on_cluster(archive, tmp_path / "without", scheduler=local.scheduler_address)
    assert lantern_ids(tmp_path / "with") == {"lantern-association"}
    assert lantern_ids(tmp_path / "without") != {"lantern-association"}  # the test can fail


def test_read_archive_and_to_frames_match_cg_to_frames(archive, cluster, tmp_path):
    pd = pytest.importorskip("pandas")
    _, client = cluster
    paths = sorted(str(p) for p in archive.glob("*.txt"))
    bag = cg.dask.read_archive(str(archive / "*.txt"), files_per_partition=4)
    assert bag.npartitions == -(-len(paths) // 4)
    frames = cg.dask.to_frames(bag)
    want = cg.to_frames(cg.parse(p) for p in paths)
    got = dict(zip(frames, dask.compute(*frames.values())))  # on the cluster's workers
    assert set(got) == set(want)
    assert len(want["duties"]) > 50
    for table, frame in want.items():
        assert dict(frames[table].dtypes) == dict(frame.dtypes), table  # before computing
        pd.testing.assert_frame_equal(got[table].reset_index(drop=True), frame, check_dtype=True)

    cg.dask.to_parquet(frames, str(tmp_path / "tables"))
    back = pd.read_parquet(tmp_path / "tables" / "duties")
    assert sorted(back["text"]) == sorted(want["duties"]["text"])


def test_read_archive_takes_a_directory_like_convert(archive, tmp_path):
    from culturegov.batch.scan import INPUT_SUFFIXES, scan_inputs
    from culturegov.dask import INPUT_SUFFIXES as DASK_SUFFIXES, archive_paths

    assert DASK_SUFFIXES == INPUT_SUFFIXES
    tree = tmp_path / "tree"
    shutil.copytree(archive, tree)
    (tree / ".hidden").mkdir()
    (tree / ".hidden" / "a.txt").write_text("隐藏", encoding="utf-8")
    (tree / "notes.md").write_text("# not an input\n", encoding="utf-8")
    rels = [Path(p).relative_to(tree).as_posix() for p in archive_paths(tree)]
    files, _ = scan_inputs(tree, tmp_path / "out")
    assert rels == [f.rel for f in files]
    assert set(rels) == _good(archive) | {"broken.pdf", "noise"}


def test_import_culturegov_does_not_import_dask():
    code = ("import sys, culturegov; "
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_scheduler_option_on_the_command_line(archive, tmp_path, capsys):
    from culturegov.cli import main

    code = main(["convert", str(archive), "-o", str(tmp_path / "out"), "--scheduler", "local:x"])
    assert code == 2 and "local:N" in capsys.readouterr().err


def test_out_as_an_fsspec_url(archive, tmp_path):
    """OUT as a URL: workers upload the JSON outputs, the client uploads its single files, a
    re-run finds the outputs there and converts nothing. memory:// lives in one process, so
    the workers are threads here."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    url = "memory://culturegov-test-out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=":0") as threads:
        first = convert_on_cluster(archive, url, scheduler=threads.scheduler_address)
        again = convert_on_cluster(archive, url, scheduler=threads.scheduler_address)
    try:
        good = _good(archive)
        assert first.converted == len(good) and again.converted == 0
        assert again.unchanged == len(good) and again.failed == 2
        doc = json.loads(fs.cat(f"{url}/sub/no_extension.json"))
        assert doc["source"] == "sub/no_extension"
        manifest = json.loads(fs.cat(f"{url}/manifest.json"))["files"]
        assert {rel for rel, e in manifest.items() if e["status"] == "ok"} == good
        errors = {json.loads(line)["path"] for line in fs.cat(f"{url}/errors.jsonl").splitlines()}
        assert errors == {"broken.pdf", "noise"}
    finally:
        fs.rm(url, recursive=True)


def test_review_pages_reach_an_fsspec_url(archive, tmp_path):
    """With OUT a URL, the workers upload each page with its JSON; a re-run finds them there,
    and converts again only the input whose page was deleted."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    url = "memory://culturegov-test-pages"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=":0") as threads:
        first = convert_on_cluster(archive, url, scheduler=threads.scheduler_address,
                                   report=True)
        fs.rm(f"{url}/sub/no_extension.html")
        again = convert_on_cluster(archive, url, scheduler=threads.scheduler_address,
                                   report=True)
    try:
        good = _good(archive)
        assert first.converted == len(good)
        assert (again.converted, again.unchanged) == (1, len(good) - 1)
        local = tmp_path / "local"
        batch.convert_directory(archive, local, jobs=1, report=True)
        pages = {p.removeprefix(f"/{url.removeprefix('memory://')}/")
                 for p in fs.find(url) if p.endswith(".html")}
        assert pages == {rel + ".html" for rel in good}
        for rel in pages:
            assert fs.cat(f"{url}/{rel}") == (local / rel).read_bytes(), rel
    finally:
        fs.rm(url, recursive=True)
