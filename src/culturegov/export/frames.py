"""Documents as analysis tables: pandas DataFrames and Parquet files.

Six tables, keyed by `document_id` (and `body_key` for bodies, shared with the graph):
documents, agencies, duties, tasks, task_units (task × unit × role, long form) and targets.
Column names and dtypes are fixed in TABLES below and documented in docs/data-model.md;
a table with no rows still has every column with its dtype, so code written against a
full archive runs unchanged on an empty one.

The rows of one document are built by `document_rows()` with the standard library only;
pandas and pyarrow are imported when frames or files are asked for.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError
from ..models import AgencyRef, PolicyDocument, Target
from .keys import DocumentIds, all_agency_refs, body_jurisdiction, body_key, document_id


# column → dtype. pandas extension dtypes ("string", "Int64", "boolean", "Float64") keep
# missing values as <NA> instead of turning integer columns into floats.
STRING, INT, FLOAT, BOOL, DATE = "string", "Int64", "Float64", "boolean", "datetime64[s]"

TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "document_id": STRING, "source": STRING, "format": STRING, "kind": STRING,
        "title": STRING, "doc_number": STRING, "issuer": STRING, "issue_date": DATE,
        "publish_date": DATE, "region": STRING, "city": STRING, "attachment_label": STRING,
        "n_agencies": INT, "n_duties": INT, "n_tasks": INT, "n_member_units": INT,
        "n_citations": INT, "n_unparsed": INT, "n_findings": INT, "text_chars": INT,
    },
    "agencies": {
        "document_id": STRING, "body_key": STRING, "name": STRING, "canonical_id": STRING,
        "canonical_name": STRING, "category": STRING, "level": STRING,
        "jurisdiction": STRING, "jurisdiction_code": STRING, "method": STRING,
        "score": FLOAT, "is_member": BOOL, "n_duties": INT, "n_lead_tasks": INT,
        "n_cooperating_tasks": INT,
    },
    "duties": {
        "document_id": STRING, "duty_index": INT, "body_key": STRING, "agency_name": STRING,
        "canonical_id": STRING, "jurisdiction": STRING, "number": STRING, "text": STRING,
        "start": INT, "end": INT, "page": INT, "n_targets": INT,
    },
    "tasks": {
        "document_id": STRING, "task_index": INT, "number": STRING, "title": STRING,
        "content": STRING, "lead": STRING, "cooperating": STRING, "n_lead": INT,
        "n_cooperating": INT, "leaders": STRING, "deadline_raw": STRING,
        "deadline_start": DATE, "deadline_end": DATE, "deadline_open_ended": BOOL,
        "deadline_recurrence": STRING, "continues_row": BOOL, "start": INT, "end": INT,
        "page": INT, "n_targets": INT,
    },
    "task_units": {
        "document_id": STRING, "task_index": INT, "task_number": STRING, "role": STRING,
        "position": INT, "name": STRING, "body_key": STRING, "canonical_id": STRING,
        "canonical_name": STRING, "jurisdiction": STRING,
    },
    "targets": {
        "document_id": STRING, "item": STRING, "item_index": INT, "indicator": STRING,
        "comparator": STRING, "value": FLOAT, "unit": STRING, "by_year": INT, "raw": STRING,
    },
}

# How multi-valued cells (a task's lead units) are joined into one string column; the long
# form is task_units. 、 is the separator the documents themselves use.
LIST_SEPARATOR = "、"


def document_rows(doc: PolicyDocument, doc_id: str | None = None) -> dict[str, list[dict[str, Any]]]:
    """The rows one document contributes to each table (plain dicts, no pandas)."""
    doc_id = doc_id or document_id(doc)
    md = doc.metadata
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    rows["documents"].append({
        "document_id": doc_id, "source": doc.source, "format": doc.format, "kind": doc.kind,
        "title": md.title, "doc_number": md.doc_number.raw if md.doc_number else None,
        "issuer": md.issuer, "issue_date": md.issue_date, "publish_date": md.publish_date,
        "region": md.region, "city": md.city, "attachment_label": md.attachment_label,
        "n_agencies": len(doc.agencies), "n_duties": len(doc.duties), "n_tasks": len(doc.tasks),
        "n_member_units": len(doc.member_units), "n_citations": len(doc.citations),
        "n_unparsed": len(doc.unparsed), "n_findings": len(doc.findings),
        "text_chars": len(doc.text),
    })
    rows["agencies"] = agency_rows(doc, doc_id)

    for i, duty in enumerate(doc.duties):
        rows["duties"].append({
            "document_id": doc_id, "duty_index": i, "body_key": body_key(duty.agency, doc),
            "agency_name": duty.agency.name, "canonical_id": duty.agency.canonical_id,
            "jurisdiction": body_jurisdiction(duty.agency, doc), "number": duty.number,
            "text": duty.text, "start": duty.span.start, "end": duty.span.end,
            "page": duty.span.page, "n_targets": len(duty.targets),
        })
        rows["targets"] += _target_rows(doc_id, "duty", i, duty.targets)

    for i, task in enumerate(doc.tasks):
        deadline = task.deadline
        rows["tasks"].append({
            "document_id": doc_id, "task_index": i, "number": task.number, "title": task.title,
            "content": task.content,
            "lead": LIST_SEPARATOR.join(a.name for a in task.lead),
            "cooperating": LIST_SEPARATOR.join(a.name for a in task.cooperating),
            "n_lead": len(task.lead), "n_cooperating": len(task.cooperating),
            "leaders": LIST_SEPARATOR.join(task.leaders),
            "deadline_raw": deadline.raw if deadline else None,
            "deadline_start": deadline.start if deadline else None,
            "deadline_end": deadline.end if deadline else None,
            "deadline_open_ended": deadline.open_ended if deadline else None,
            "deadline_recurrence": deadline.recurrence if deadline else None,
            "continues_row": task.continues_row, "start": task.span.start,
            "end": task.span.end, "page": task.span.page, "n_targets": len(task.targets),
        })
        for role, units in (("lead", task.lead), ("cooperating", task.cooperating)):
            for position, unit in enumerate(units):
                rows["task_units"].append({
                    "document_id": doc_id, "task_index": i, "task_number": task.number,
                    "role": role, "position": position, "name": unit.name,
                    "body_key": body_key(unit, doc), "canonical_id": unit.canonical_id,
                    "canonical_name": unit.canonical_name,
                    "jurisdiction": body_jurisdiction(unit, doc),
                })
        rows["targets"] += _target_rows(doc_id, "task", i, task.targets)
    return rows


def agency_rows(doc: PolicyDocument, doc_id: str) -> list[dict[str, Any]]:
    """One row per distinct body: two spellings that resolve to one canonical body are one
    row (named as first written), and bodies that only appear in a task or a duty count too."""
    rows: dict[str, dict[str, Any]] = {}
    for role, ref in all_agency_refs(doc):
        key = body_key(ref, doc)
        row = rows.get(key)
        if row is None:
            row = rows[key] = _agency_row(doc_id, key, ref, doc)
        elif row["canonical_name"] is None and ref.canonical_name:
            # a later mention was resolved where the first was not: keep its resolution
            fresh = _agency_row(doc_id, key, ref, doc)
            row.update({k: fresh[k] for k in _RESOLUTION_COLUMNS})
        if role == "member":
            row["is_member"] = True
        elif role == "duty":
            row["n_duties"] += 1
        elif role == "lead":
            row["n_lead_tasks"] += 1
        elif role == "cooperating":
            row["n_cooperating_tasks"] += 1
    return list(rows.values())


_RESOLUTION_COLUMNS = ("canonical_id", "canonical_name", "category", "level", "jurisdiction",
                       "jurisdiction_code", "method", "score")


def _agency_row(doc_id: str, key: str, ref: AgencyRef, doc: PolicyDocument) -> dict[str, Any]:
    return {
        "document_id": doc_id, "body_key": key, "name": ref.name,
        "canonical_id": ref.canonical_id, "canonical_name": ref.canonical_name,
        "category": ref.category, "level": ref.level,
        "jurisdiction": body_jurisdiction(ref, doc), "jurisdiction_code": ref.jurisdiction_code,
        "method": ref.method, "score": ref.score, "is_member": False, "n_duties": 0,
        "n_lead_tasks": 0, "n_cooperating_tasks": 0,
    }


def _target_rows(doc_id: str, item: str, index: int, targets: list[Target]) -> list[dict[str, Any]]:
    return [{
        "document_id": doc_id, "item": item, "item_index": index, "indicator": t.indicator,
        "comparator": t.comparator, "value": t.value, "unit": t.unit, "by_year": t.by_year,
        "raw": t.raw,
    } for t in targets]


# ---------------------------------------------------------------- pandas


def _pandas():
    try:
        import pandas
    except ImportError:
        raise MissingDependencyError(
            'tables need pandas; install it with: pip install pandas pyarrow (in the culturegov '
            'checkout: pip install -e ".[analytics]")') from None
    return pandas


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401  (a submodule: must be imported to be used)
    except ImportError:
        raise MissingDependencyError(
            'Parquet needs pyarrow; install it with: pip install pyarrow (in the culturegov checkout: '
            'pip install -e ".[analytics]")') from None
    return pyarrow


def rows_to_frame(table: str, rows: list[dict[str, Any]]):
    """A DataFrame with exactly the columns and dtypes of TABLES[table]."""
    pd = _pandas()
    columns = TABLES[table]
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for column, dtype in columns.items():
        if dtype == DATE:
            # dates arrive as datetime.date (or None); to_datetime keeps None as NaT
            frame[column] = pd.to_datetime(frame[column]).astype(DATE)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame


def to_frames(docs: Iterable[PolicyDocument]) -> dict[str, Any]:
    """The six tables of a set of documents as pandas DataFrames.

    Document ids are the documents' `source`; documents without one get a hash of their
    text. Holds only the rows, not the documents: a generator of parsed files is fine."""
    _pandas()  # fail before parsing a thousand files, not after
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    ids = DocumentIds()
    for doc in docs:
        for name, rows in document_rows(doc, ids(doc)).items():
            collected[name] += rows
    return {name: rows_to_frame(name, rows) for name, rows in collected.items()}


# ---------------------------------------------------------------- parquet


def arrow_schema(table: str):
    pa = _pyarrow()
    types = {STRING: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_(),
             DATE: pa.timestamp("s")}
    return pa.schema([(column, types[dtype]) for column, dtype in TABLES[table].items()])


class ParquetTables:
    """Writes the six tables to DIRECTORY/<table>.parquet a row group at a time.

    Rows are buffered per table and flushed every `flush_every` documents, so memory stays
    flat however many documents pass through. Use as a context manager; files are written
    under a temporary name and moved into place on a clean close only.
    """

    def __init__(self, directory: str | os.PathLike, *, flush_every: int = 500):
        self.pa = _pyarrow()
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.flush_every = flush_every
        self._buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        self._writers: dict[str, Any] = {}
        self._pending_docs = 0
        self.documents = 0

    def path(self, table: str) -> Path:
        return self.directory / f"{table}.parquet"

    def _partial(self, table: str) -> Path:
        return self.directory / f".{table}.parquet.partial"

    def add_rows(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        for name, table_rows in rows.items():
            self._buffers[name] += table_rows
        self._pending_docs += 1
        self.documents += 1
        if self._pending_docs >= self.flush_every:
            self.flush()

    def add(self, doc: PolicyDocument, doc_id: str | None = None) -> None:
        self.add_rows(document_rows(doc, doc_id))

    def add_arrow(self, table: str, batch) -> None:
        """Append rows that are already Arrow (copied from a previous run's file). Parquet
        has no second-resolution timestamps and hands them back in ms: cast them home."""
        self._writer(table).write_table(batch.cast(arrow_schema(table)))

    def _writer(self, table: str):
        if table not in self._writers:
            self._writers[table] = self.pa.parquet.ParquetWriter(
                self._partial(table), arrow_schema(table), compression="zstd")
        return self._writers[table]

    def flush(self) -> None:
        for name, rows in self._buffers.items():
            if rows:
                self._writer(name).write_table(self._arrow(name, rows))
                rows.clear()
        self._pending_docs = 0

    def _arrow(self, table: str, rows: list[dict[str, Any]]):
        frame = rows_to_frame(table, rows)
        return self.pa.Table.from_pandas(frame, schema=arrow_schema(table), preserve_index=False)

    def close(self) -> None:
        self.flush()
        for name in TABLES:  # every table exists, even when it has no rows
            self._writer(name).close()
            os.replace(self._partial(name), self.path(name))
        self._writers.clear()

    def abort(self) -> None:
        for name, writer in self._writers.items():
            writer.close()
            self._partial(name).unlink(missing_ok=True)
        self._writers.clear()

    def __enter__(self) -> ParquetTables:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def to_parquet(docs: Iterable[PolicyDocument], directory: str | os.PathLike) -> dict[str, Path]:
    """Write the six tables as DIRECTORY/<table>.parquet; returns their paths."""
    ids = DocumentIds()
    with ParquetTables(directory) as out:
        for doc in docs:
            out.add(doc, ids(doc))
    return {name: out.path(name) for name in TABLES}


def read_parquet(directory: str | os.PathLike) -> dict[str, Any]:
    """The tables written by to_parquet() or `culturegov convert --format parquet`, as
    DataFrames with the documented dtypes."""
    pd = _pandas()
    _pyarrow()
    frames = {}
    for name, columns in TABLES.items():
        frame = pd.read_parquet(Path(directory) / f"{name}.parquet")
        frames[name] = frame.astype(columns)
    return frames
