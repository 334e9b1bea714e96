"""Where accepted rows go: memory (``load``) or a parquet file written on a background thread
(``ingest``), and how output files reach their folder: written to a temporary file in the
folder and renamed into place, never through a symbolic link planted at the output path."""

from __future__ import annotations

import os
import queue
import tempfile
import threading
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from motcua.errors import InputError

#: Rows per parquet row group (blocks are buffered up to this size before writing).
ROW_GROUP_ROWS = 500_000


def prepare_folder(out: Path, names: list[str]) -> None:
    """Create the output folder; refuse output paths that are links or not regular files."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise InputError(out, "cannot be the output folder: a file is in the way") from None
    except OSError as e:
        raise InputError(out, f"cannot create the output folder: {e.strerror or e}") from None
    if not out.is_dir():
        raise InputError(out, "cannot be the output folder: not a folder")
    for name in names:
        check_target(out / name)


def check_target(path: Path) -> None:
    if path.is_symlink():
        raise InputError(path, "is a symbolic link; refusing to write through it (remove it)")
    if path.exists() and not path.is_file():
        raise InputError(path, "is in the way of an output file (not a regular file)")


def temp_file(folder: Path, name: str) -> Path:
    """A new, empty file in ``folder`` (created exclusively: never an existing path)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder)
    except OSError as e:
        raise InputError(folder / name, f"cannot write: {e.strerror or e}") from None
    os.close(fd)
    return Path(tmp)


def move_into_place(tmp: Path, target: Path) -> None:
    check_target(target)
    try:
        os.replace(tmp, target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InputError(target, f"cannot write: {e.strerror or e}") from None


def write_text(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to a temporary file beside ``target`` and rename it into place."""
    tmp = temp_file(target.parent, target.name)
    try:
        tmp.write_text(text, encoding="utf-8")
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise InputError(target, f"cannot write: {e.strerror or e}") from None
    move_into_place(tmp, target)


class MemorySink:
    def __init__(self) -> None:
        self.tables: list[pa.Table] = []

    def write(self, t: pa.Table) -> None:
        self.tables.append(t)

    def close(self) -> None:
        pass

    def result(self, schema_: pa.Schema) -> pa.Table:
        return pa.concat_tables(self.tables) if self.tables else schema_.empty_table()

    def read(self, schema_: pa.Schema) -> pa.Table:
        return self.result(schema_)

    def drop(self, positions: np.ndarray, schema_: pa.Schema) -> None:
        t = self.result(schema_)
        keep = np.ones(t.num_rows, dtype=bool)
        keep[positions] = False
        self.tables = [t.filter(pa.array(keep))]


class ParquetSink:
    """Buffered parquet writer on a background thread (writing overlaps parsing), into a
    temporary file of the output folder (``path``)."""

    def __init__(self, path: Path, schema_: pa.Schema) -> None:
        self.path, self.schema = path, schema_
        self._buf: list[pa.Table] = []
        self._n = 0
        self._q: queue.Queue = queue.Queue(maxsize=1)
        self._err: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _writer(self, path: Path):
        cats = [f.name for f in self.schema if pa.types.is_dictionary(f.type)]
        return pq.ParquetWriter(path, self.schema, compression="snappy",
                                use_dictionary=cats + ["locality_code", "code_list",
                                                       "reception_unit", "procedure_id"],
                                write_statistics=["dossier_id", "received_at", "response_id",
                                                  "answered_at", "procedure_id"])

    def _run(self) -> None:
        try:
            w = self._writer(self.path)
            while (t := self._q.get()) is not None:
                w.write_table(t, row_group_size=ROW_GROUP_ROWS)
            w.close()
        except BaseException as e:  # surfaced in close()
            self._err = e
            while self._q.get() is not None:
                pass

    def write(self, t: pa.Table) -> None:
        self._buf.append(t)
        self._n += t.num_rows
        if self._n >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._buf:
            self._q.put(pa.concat_tables(self._buf))
            self._buf, self._n = [], 0

    def close(self) -> None:
        self._flush()
        self._q.put(None)
        self._thread.join()
        if self._err is not None:
            if isinstance(self._err, OSError):
                raise InputError(self.path, f"cannot write: {self._err}") from self._err
            raise self._err

    def read(self, schema_: pa.Schema) -> pa.Table:
        return pq.read_table(self.path, schema=schema_)

    def drop(self, positions: np.ndarray, schema_: pa.Schema) -> None:
        t = pq.read_table(self.path, schema=schema_)
        keep = np.ones(t.num_rows, dtype=bool)
        keep[positions] = False
        tmp = temp_file(self.path.parent, "drop")
        w = self._writer(tmp)
        w.write_table(t.filter(pa.array(keep)), row_group_size=ROW_GROUP_ROWS)
        w.close()
        os.replace(tmp, self.path)
