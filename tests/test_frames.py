"""to_frames / to_parquet: the tables agree with the parsed documents."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import culturegov as cg
from culturegov.errors import MissingDependencyError
from culturegov.export.frames import TABLES, read_parquet
from culturegov.models import AgencyRef, Deadline, Duty, Metadata, PolicyDocument, Span, Target, Task
from conftest import SAMPLES

pd = pytest.importorskip("pandas")
TEXTS = sorted(SAMPLES.glob("0*.txt"))


@pytest.fixture(scope="module")
def docs() -> list[PolicyDocument]:
    return [cg.parse(p) for p in TEXTS]


@pytest.fixture(scope="module")
def frames(docs):
    return cg.to_frames(docs)


def _ref(name, canonical_id=None, jurisdiction=None, canonical_name=None):
    return AgencyRef(name=name, canonical_id=canonical_id, jurisdiction=jurisdiction,
                     canonical_name=canonical_name)


def test_every_table_has_the_documented_columns_and_dtypes(frames):
    assert set(frames) == {"documents", "agencies", "duties", "tasks", "task_units", "targets"}
    for name, frame in frames.items():
        assert list(frame.columns) == list(TABLES[name]), name
        assert {c: str(t) for c, t in frame.dtypes.items()} == {
            c: str(pd.Series([], dtype=t).dtype) for c, t in TABLES[name].items()}, name


def test_empty_input_still_gives_typed_tables():
    frames = cg.to_frames([])
    assert all(len(f) == 0 for f in frames.values())
    assert str(frames["tasks"]["n_lead"].dtype) == "Int64"
    assert str(frames["documents"]["issue_date"].dtype) == "datetime64[s]"


def test_row_counts_equal_the_parsed_documents(docs, frames):
    assert len(frames["documents"]) == len(docs)
    assert len(frames["duties"]) == sum(len(d.duties) for d in docs)
    assert len(frames["tasks"]) == sum(len(d.tasks) for d in docs)
    assert len(frames["targets"]) == sum(
        len(x.targets) for d in docs for x in [*d.duties, *d.tasks])
    by_doc = frames["documents"].set_index("document_id")
    for doc in docs:
        assert by_doc.loc[doc.source, "n_duties"] == len(doc.duties)
        assert by_doc.loc[doc.source, "n_tasks"] == len(doc.tasks)


def test_sample_003_tasks_and_task_units(docs, frames):
    doc = next(d for d in docs if d.source.endswith("003_5a35171835c4a9ae.txt"))
    tasks = frames["tasks"][frames["tasks"]["document_id"] == doc.source]
    units = frames["task_units"][frames["task_units"]["document_id"] == doc.source]
    assert len(tasks) == len(doc.tasks) == 65
    n_lead = sum(len(t.lead) for t in doc.tasks)
    n_coop = sum(len(t.cooperating) for t in doc.tasks)
    assert len(units) == n_lead + n_coop > 65
    assert (units["role"] == "lead").sum() == n_lead
    assert (units["role"] == "cooperating").sum() == n_coop
    assert set(units["role"]) <= {"lead", "cooperating"}
    # the first row: 创建办 leads, 各成员单位 cooperate, as the table says
    first = units[units["task_index"] == 0]
    assert list(first[first["role"] == "lead"]["name"]) == [a.name for a in doc.tasks[0].lead]
    assert tasks.iloc[0]["deadline_raw"] == doc.tasks[0].deadline.raw
    # the joined columns and the long form tell the same story
    assert tasks["n_lead"].sum() == n_lead and tasks["n_cooperating"].sum() == n_coop


def test_sample_000_duties_per_body(docs, frames):
    doc = next(d for d in docs if d.source.endswith("000_7f7948de658d7fdd.txt"))
    duties = frames["duties"][frames["duties"]["document_id"] == doc.source]
    agencies = frames["agencies"][frames["agencies"]["document_id"] == doc.source]
    assert len(duties) == len(doc.duties) > 0
    assert agencies["body_key"].is_unique
    counted = duties.groupby("body_key").size()
    for row in agencies.itertuples():
        assert row.n_duties == counted.get(row.body_key, 0)
    # a body the resolver left without a jurisdiction belongs to the notice's region
    unplaced = agencies[agencies["canonical_id"].isna()]
    assert (unplaced["jurisdiction"] == "武清区").all()
    assert unplaced["body_key"].str.startswith("武清区:").all()
    assert "将公共文化服务专业人才培养纳入国民教育体系" in "".join(duties["text"])


def test_agencies_one_row_per_body_per_document():
    doc = PolicyDocument(
        source="x.txt", text="…", metadata=Metadata(region="武清区", issue_date=dt.date(2019, 12, 31)),
        agencies=[_ref("区文广局", "culture-bureau", canonical_name="文化和旅游局"),
                  _ref("区文化和广电旅游体育局", "culture-bureau", canonical_name="文化和旅游局")],
        duties=[Duty(agency=_ref("区文广局", "culture-bureau"), text="做甲。", span=Span(start=0, end=1)),
                Duty(agency=_ref("区教育局"), text="做乙。", span=Span(start=1, end=2),
                     targets=[Target(indicator="人均藏书", comparator=">=", value=1.5, unit="册",
                                     raw="人均藏书达到1.5册以上")])],
        tasks=[Task(number="1", lead=[_ref("区文化和广电旅游体育局", "culture-bureau")],
                    cooperating=[_ref("区教育局"), _ref("区财政局")], span=Span(start=2, end=3),
                    deadline=Deadline(raw="2019年", end=dt.date(2019, 12, 31)))])
    frames = cg.to_frames([doc])
    agencies = frames["agencies"].set_index("body_key")
    assert list(agencies.index) == ["武清区:culture-bureau", "武清区:区教育局", "武清区:区财政局"]
    assert agencies.loc["武清区:culture-bureau", "name"] == "区文广局"  # as first written
    assert agencies.loc["武清区:culture-bureau", "n_duties"] == 1
    assert agencies.loc["武清区:culture-bureau", "n_lead_tasks"] == 1
    assert agencies.loc["武清区:区教育局", "n_cooperating_tasks"] == 1
    assert pd.isna(agencies.loc["武清区:区教育局", "canonical_id"])
    targets = frames["targets"]
    assert targets.iloc[0]["item"] == "duty" and targets.iloc[0]["item_index"] == 1
    assert targets.iloc[0]["value"] == 1.5
    assert frames["tasks"].iloc[0]["cooperating"] == "区教育局、区财政局"
    assert frames["tasks"].iloc[0]["deadline_end"] == pd.Timestamp("2019-12-31")
    assert frames["documents"].iloc[0]["issue_date"] == pd.Timestamp("2019-12-31")


def test_the_same_text_twice_stays_two_documents():
    doc = cg.parse_text("区文广局\n\n1. 组织实施区级重点文化惠民项目。\n")
    frames = cg.to_frames([doc, doc])
    assert frames["documents"]["document_id"].is_unique
    assert len(frames["duties"]) == 2 * len(doc.duties)


def test_parquet_round_trip(frames, docs, tmp_path):
    paths = cg.to_parquet(docs, tmp_path / "tables")
    assert sorted(p.name for p in paths.values()) == sorted(f"{t}.parquet" for t in TABLES)
    back = read_parquet(tmp_path / "tables")
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(back[name], frame, check_dtype=True, obj=name)


def test_missing_pandas_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r'pip install pandas pyarrow \(in the culturegov checkout: pip install -e "\.\[analytics\]"\)'):
        cg.to_frames([])
    assert issubclass(MissingDependencyError, cg.CulturegovError)


def test_import_culturegov_stays_light():
    code = ("import sys, culturegov, culturegov.export, culturegov.models.graph;"
            "heavy = {'pandas', 'pyarrow', 'networkx', 'jieba', 'pdfplumber', 'rich'} & set(sys.modules);"
            "print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
