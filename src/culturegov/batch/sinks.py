"""Where converted documents go: one JSON file each, one JSON Lines file, or the Parquet tables."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .workers import Result

JSONL = "documents.jsonl"
Format = Literal["json", "jsonl", "parquet"]
FORMATS: tuple[Format, ...] = ("json", "jsonl", "parquet")


class Sink:
    """Where converted documents go, for one output format."""

    def __init__(self, fmt: Format, out: Path, keep: set[str]):
        self.fmt, self.out = fmt, out
        self._jsonl = None
        self._parquet = None
        if fmt == "jsonl":
            self._jsonl_tmp = out / f".{JSONL}.partial"
            self._jsonl = self._jsonl_tmp.open("w", encoding="utf-8", newline="\n")
            self._copy_jsonl(keep)
        elif fmt == "parquet":
            from ..export.frames import ParquetTables

            self._parquet = ParquetTables(out)
            self._copy_parquet(keep)

    def _copy_jsonl(self, keep: set[str]) -> None:
        """Carry over the lines of unchanged documents from the previous run."""
        old = self.out / JSONL
        if not keep or not old.exists():
            return
        decoder = json.JSONDecoder()
        with old.open(encoding="utf-8") as fh:
            for line in fh:
                # model_dump_json writes "source" first: read just that string, not 50 kB
                if line.startswith('{"source":'):
                    source, _ = decoder.raw_decode(line, len('{"source":'))
                else:
                    source = json.loads(line).get("source")
                if source in keep:
                    self._jsonl.write(line)

    def _copy_parquet(self, keep: set[str]) -> None:
        """Carry over the rows of unchanged documents, a row group at a time."""
        if not keep:
            return
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        from ..export.frames import TABLES

        wanted = pa.array(sorted(keep), pa.string())
        for table in TABLES:
            path = self._parquet.path(table)
            if not path.exists():
                continue
            old = pq.ParquetFile(path)
            for group in range(old.num_row_groups):
                rows = old.read_row_group(group)
                rows = rows.filter(pc.is_in(rows["document_id"], value_set=wanted))
                if rows.num_rows:
                    self._parquet.add_arrow(table, rows)

    def add(self, result: Result) -> None:
        if self._jsonl is not None:
            self._jsonl.write(result.line + "\n")
        elif self._parquet is not None:
            self._parquet.add_rows(result.rows)

    def close(self) -> None:
        if self._jsonl is not None:
            self._jsonl.close()
            os.replace(self._jsonl_tmp, self.out / JSONL)
        elif self._parquet is not None:
            self._parquet.close()

    def abort(self) -> None:
        if self._jsonl is not None:
            self._jsonl.close()
            self._jsonl_tmp.unlink(missing_ok=True)
        elif self._parquet is not None:
            self._parquet.abort()


def outputs_present(fmt: Format, out: Path) -> bool:
    """Whether the single files of `fmt` are in OUT (json: checked file by file instead)."""
    return all((out / name).exists() for name in format_outputs(fmt, {}))


def format_outputs(fmt: str, files: dict[str, dict]) -> list[str]:
    """The files a run in `fmt` wrote into OUT, relative to OUT: for json one per document, as
    its manifest's `files` lists them; for jsonl and parquet the single files."""
    if fmt == "json":
        return [entry["output"] for entry in files.values() if entry.get("output")]
    if fmt == "jsonl":
        return [JSONL]
    if fmt == "parquet":
        from ..export.frames import TABLES

        return [f"{table}.parquet" for table in TABLES]
    return []
