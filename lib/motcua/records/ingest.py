"""Loaders: exports of one kind (dossiers, surveys, procedures) → the clean table, the
quarantine (one line per problem, with a reason) and the report that ``ingest.json`` holds.

Invariant, checked at the end of every load and tested: rows read = rows accepted + rows
quarantined. Fatal problems (a file missing, empty, undecodable, a required column missing)
raise :class:`~motcua.errors.InputError` naming the file, row and column. The reasons, the
conventions and the speed budget are in docs/records.md.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from motcua.records import dedup, validate
from motcua.records.columns import RESOLVABLE_CODE_LISTS, TABLE_KINDS, schema_of, to_pandas
from motcua.records.convert import Ctx, free_text
from motcua.records.engine import CONVERT_THREADS, Run, quarantine_malformed, read_source
from motcua.records.offices import resolve_offices
from motcua.records.plan import Plan, plan_all
from motcua.records.quarantine import Quarantine
from motcua.records.read import Source, inspect_all, iter_batches
from motcua.records.sinks import MemorySink, ParquetSink, move_into_place, prepare_folder, \
    temp_file, write_text
from motcua.vn import privacy, vocab


@dataclass
class LoadResult:
    """What a loader returns: the clean table, the quarantine table, the ingest report."""

    table: pd.DataFrame
    quarantine: pd.DataFrame
    report: dict


def _paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def _office_names(kind: str, src: Source, plan: Plan, key: bytes) -> set[str]:
    """Distinct office names of a source, cleaned and masked as the clean table holds them."""
    i = plan.columns["reception_unit"]
    ctx = Ctx(kind, (str(src.path), src.sheet or ""), None, key, Quarantine(key))
    names: set[str] = set()
    d = pa.dictionary(pa.int32(), pa.string())
    for b in iter_batches(src, {i: d}, {}, {}):
        arr = free_text(ctx, b.table.column(f"c{i}").combine_chunks())
        names.update(v for v in arr.dictionary.to_pylist() if v is not None)
    return names


def _safe_row_text(src: Source, plan: Plan, key: bytes):
    """A malformed row's raw text as the quarantine may show it: the cells under
    personal-data headers blanked out, anything else that looks personal replaced by a keyed
    hash token."""
    import csv
    import io

    personal = {c["column"] for c in plan.personal}

    def safe(text: str) -> str:
        try:
            cells = next(csv.reader(io.StringIO(text), delimiter=src.delimiter or ","))
        except (StopIteration, csv.Error):
            cells = [text]
        cells = ["…" if i < len(src.header) and src.header[i] in personal else c
                 for i, c in enumerate(cells)]
        return privacy.redact_text((src.delimiter or ",").join(cells), key)

    return safe


def _file_entry(src: Source, plan: Plan, rows_read: int, state: dict) -> dict:
    entry = {
        "path": str(src.path), "format": src.format, "encoding": src.encoding,
        "delimiter": src.delimiter, "rows_read": rows_read,
        "serial_parse": bool(state.get("serial")),
        "careful_segments": max(0, len(state.get("segments", [None])) - 1),
        "columns": {src.header[i]: c for c, i in plan.columns.items()},
        "columns_ignored": plan.ignored, "personal_columns_dropped": plan.personal,
        "notes": src.notes,
    }
    if src.sheet is not None:
        entry["sheets"] = [{"name": src.sheet, "rows_read": rows_read,
                            "first_data_row": src.first_data_row}]
    return entry


def _merge_entries(entries: list[dict]) -> list[dict]:
    """One entry per file: the sheets of a workbook listed in it, their rows summed."""
    out: dict[str, dict] = {}
    for e in entries:
        if e["path"] in out and "sheets" in e:
            first = out[e["path"]]
            first["sheets"] += e["sheets"]
            first["rows_read"] += e["rows_read"]
            first["notes"] = list(dict.fromkeys(first["notes"] + e["notes"]))
        else:
            out[e["path"]] = e
    return list(out.values())


def _start(kind: str, paths: Sequence[Path], code_list: str | None, hash_key, within,
           sheets) -> tuple[list[Source], list[Plan], bytes, str, object]:
    if kind not in TABLE_KINDS:
        raise ValueError(f"unknown kind {kind!r}; known: {TABLE_KINDS}")
    if code_list is not None and code_list not in RESOLVABLE_CODE_LISTS:
        raise ValueError(f"unknown code list {code_list!r}; known: {RESOLVABLE_CODE_LISTS}")
    if not paths:
        raise ValueError("no input files")
    key, key_source = privacy.resolve_key(hash_key)
    is_label = lambda s: vocab.match_header(s, kind) is not None  # noqa: E731
    sources, plans = plan_all(kind, [s for p in paths for s in inspect_all(p, is_label, sheets)])
    offices = None
    if any(p.locality_from_office for p in plans):
        names = set().union(*(_office_names(kind, s, p, key) for s, p in zip(sources, plans)
                              if p.locality_from_office))
        offices = resolve_offices(sorted(names), within)
    return sources, plans, key, key_source, offices


def _run(kind: str, paths: Sequence[Path], sink_factory, code_list: str | None,
         hash_key, scale_points: int | None, within: str | None = None,
         sheets: Sequence[str] | None = None) -> tuple[object, dict, Quarantine]:
    t0 = time.perf_counter()
    sources, plans, key, key_source, offices = _start(kind, paths, code_list, hash_key,
                                                      within, sheets)
    q = Quarantine(key)
    applicant = any(p.applicant_id is not None for p in plans) and kind == "dossiers"
    out_schema = schema_of(kind, applicant)
    run = Run(kind, sources, sink_factory(out_schema), q)
    entries, total = [], 0
    pool = ThreadPoolExecutor(max_workers=CONVERT_THREADS, thread_name_prefix="motcua-convert")
    try:
        for fi, (src, plan) in enumerate(zip(sources, plans)):
            ctx = Ctx(kind, (str(src.path), src.sheet or ""), code_list, key, q,
                      scale_points=scale_points if kind == "surveys" else None,
                      offices=offices)
            malformed: dict = {}
            n, state = read_source(run, fi, ctx, plan, malformed, pool)
            quarantine_malformed(ctx, plan, src, malformed, _safe_row_text(src, plan, key))
            total += n + len(malformed)
            entries.append({**_file_entry(src, plan, n + len(malformed), state),
                            **run.layouts.get(fi, {})})
        run.sink.close()
    except BaseException:
        try:
            run.sink.close()
        except Exception:  # noqa: BLE001 - the first error is the one to report
            pass
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    accepted = _finish(run, out_schema)
    report = {"kind": kind, "files": _merge_entries(entries), "hash_key_source": key_source,
              "rows_read": total, "rows_accepted": accepted, "rows_quarantined": q.rows,
              "quarantine_by_reason": q.by_reason(),
              "validation": {"pandera_full_rows": run.checked_full,
                             "pandera_sampled_groups": run.sampled_blocks,
                             "sample_fraction": validate.PANDERA_SAMPLE_FRACTION,
                             "pandera_sampled_rows": sum(d[0].num_rows for d in run.deferred)},
              "counters": dict(run.counters), "seconds": round(time.perf_counter() - t0, 3)}
    if offices is not None:
        report["localities_from_offices"] = offices.report()
    if total != accepted + q.rows:
        raise AssertionError(f"row accounting broken: read {total} != accepted {accepted} "
                             f"+ quarantined {q.rows}")
    return run.sink, report, q


def _finish(run: Run, out_schema: pa.Schema) -> int:
    """The deferred pandera sample, then duplicate ids across the whole load (keep the
    first); returns the rows accepted."""
    wheres = [(str(s.path), s.sheet or "") for s in run.sources]
    dropped = np.zeros(0, dtype=np.int64)
    if run.deferred:
        t = pa.concat_tables([d[0] for d in run.deferred])
        src = np.concatenate([np.full(len(d[1]), d[3]) for d in run.deferred])
        pbad = validate.pandera_rejects(run.kind, t, np.concatenate([d[1] for d in run.deferred]),
                                        run.q, wheres, src)
        dropped = np.concatenate([d[2] for d in run.deferred])[pbad]
    h = np.concatenate(run.kept_hash) if run.kept_hash else np.zeros(0, np.uint64)
    run.kept_hash.clear()
    cand = dedup.candidates(h)
    if len(cand):
        keys = dedup.DUP_KEY[run.kind](run.sink.read(out_schema)).take(pa.array(cand))
        dup, first = dedup.later_occurrences(cand, keys.to_pylist(), set(dropped.tolist()))
        if len(dup):
            _quarantine_duplicates(run, wheres, cand, keys.to_pylist(), dup, first)
            dropped = np.concatenate([dropped, dup])
    if len(dropped):
        run.sink.drop(np.unique(dropped), out_schema)
    return len(h) - len(np.unique(dropped))


def _quarantine_duplicates(run: Run, wheres, cand, keys, dup, first) -> None:
    files = np.concatenate([np.full(len(w[1]), w[0], dtype=np.int32) for w in run.kept_where])
    rows = np.concatenate([w[1] for w in run.kept_where])
    qkeys = np.concatenate([w[1] if w[2] is None else w[2] for w in run.kept_where])
    key_at = dict(zip(cand.tolist(), keys))
    values = np.asarray([key_at[p].replace("\x1f", " / ") for p in dup.tolist()], dtype=object)
    for fi in np.unique(files[dup]):
        sel = files[dup] == fi
        detail = [f"first seen in {run.sources[files[p]].path.name}"
                  + (f" [{run.sources[files[p]].sheet}]" if run.sources[files[p]].sheet
                     and run.sources[files[p]].sheet != run.sources[fi].sheet else "")
                  + f" row {rows[p]}" for p in first[sel]]
        run.q.add(wheres[fi], rows[dup][sel], dedup.DUP_COLUMN[run.kind], values[sel].tolist(),
                  "duplicate_id", detail, keys=qkeys[dup][sel])


def load(kind: str, paths: str | Path | Iterable[str | Path], *, code_list: str | None = None,
         hash_key: str | bytes | None = None, scale_points: int | None = None,
         within: str | None = None, sheets: Sequence[str] | None = None) -> LoadResult:
    """Load files of one ``kind`` (``dossiers``, ``surveys``, ``procedures``) into memory.

    ``code_list`` forces the locality code list (default: the file's ``code_list`` column,
    else the row's date). ``hash_key``: see :mod:`motcua.vn.privacy`. ``scale_points``
    (surveys): 3 or 5 when the sheet has no scale column (otherwise inferred). ``within``:
    the scope in which office names are resolved to localities (a name or a code; default:
    inferred from the file). ``sheets``: the workbook sheets to read (default: all).
    """
    sink, report, q = _run(kind, _paths(paths), lambda s: MemorySink(), code_list, hash_key,
                           scale_points, within, sheets)
    applicant = bool(sink.tables and "applicant_key" in sink.tables[0].column_names)
    return LoadResult(to_pandas(sink.result(schema_of(kind, applicant))), q.frame(), report)


def load_dossiers(paths, **kw) -> LoadResult:
    """Dossier exports → :class:`~motcua.records.schema.DossierSchema` table + quarantine."""
    return load("dossiers", paths, **kw)


def load_surveys(paths, **kw) -> LoadResult:
    """Satisfaction survey sheets (long or wide) → SurveySchema table + quarantine."""
    return load("surveys", paths, **kw)


def load_procedures(paths, **kw) -> LoadResult:
    """Procedure catalogues (TTHC lists) → ProcedureSchema table + quarantine + report."""
    return load("procedures", paths, **kw)


def ingest(kind: str, paths: Sequence[str | Path], out_dir: str | Path, *,
           code_list: str | None = None, hash_key: str | bytes | None = None,
           scale_points: int | None = None, within: str | None = None,
           sheets: Sequence[str] | None = None) -> dict:
    """Load ``paths`` and write ``<kind>.parquet``, ``quarantine.csv`` and ``ingest.json`` to
    ``out_dir``; return the ``ingest.json`` dict. Each file is written to a temporary file in
    ``out_dir`` and renamed into place; a symbolic link at an output path is refused, and a
    fatal problem leaves no partial output behind."""
    out = Path(out_dir)
    names = [f"{kind}.parquet", "quarantine.csv", "ingest.json"]
    prepare_folder(out, names)
    partial = temp_file(out, names[0])
    try:
        sink, report, q = _run(kind, _paths(paths), lambda s: ParquetSink(partial, s),
                               code_list, hash_key, scale_points, within, sheets)
        move_into_place(partial, out / names[0])
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    write_text(out / "quarantine.csv", q.frame().to_csv(index=False))
    report["outputs"] = {"table": names[0], "quarantine": names[1], "report": names[2]}
    write_text(out / "ingest.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return report
