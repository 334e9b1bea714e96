"""The ingest engine: sources of one kind → blocks → converted on worker threads → validated
→ a sink, with every row accounted for (read = accepted + quarantined, checked at the end).

Blocks are converted by :data:`CONVERT_THREADS` workers (pyarrow and numpy release the GIL) and
accepted in file order. A block whose cells hold a line break (a stray quotation mark joined
lines) is never accepted: the file is read again from that block with the careful reader.
Speed and memory: docs/records.md and bench/ingest/README.md.
"""

from __future__ import annotations

import queue
import threading
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from motcua.records import dedup, sinks, surveys, validate
from motcua.records.convert import Ctx, convert, line_break_in
from motcua.records.plan import Plan, read_types
from motcua.records.quarantine import Quarantine
from motcua.records.read import Batch, MalformedRow, Source, iter_batches

#: Worker threads converting blocks (2 = the cores of the project machine).
CONVERT_THREADS = 2


@dataclass
class Converted:
    table: pa.Table
    rows: np.ndarray
    keys: np.ndarray | None
    bad: np.ndarray
    q: Quarantine
    counters: Counter
    line_break: bool


@dataclass
class Run:
    """State of one load: the sink, the quarantine, what was kept (hashes of the duplicate
    key, where each kept row came from) and the validation budget."""

    kind: str
    sources: list[Source]
    sink: object
    q: Quarantine
    counters: Counter = field(default_factory=Counter)
    pending: list = field(default_factory=list)
    pending_n: int = 0
    written: int = 0
    checked_full: int = 0
    sampled_blocks: int = 0
    deferred: list = field(default_factory=list)
    kept_hash: list = field(default_factory=list)
    kept_where: list = field(default_factory=list)  # (source index, rows, keys) per flush
    layouts: dict = field(default_factory=dict)  # source index → wide-sheet facts
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(0))


def _convert_block(ctx: Ctx, plan: Plan, block: Batch, keys: np.ndarray | None) -> Converted:
    """Convert one block with a block-local quarantine and counters (merged by the caller in
    file order, so worker threads share no mutable state)."""
    local = ctx.local()
    local.rows, local.keys = block.rows, keys
    if keys is not None:  # a wide survey sheet: name the criterion of each answer
        crit = block.table.column(f"c{plan.columns['criterion']}").to_numpy(zero_copy_only=False)
        local.notes = np.array([f"criterion {c!r}" for c in crit], dtype=object)
    table, bad = convert(local, plan, block.table)
    if ctx.kind == "surveys":
        bad |= surveys.scale_check(local, table, bad)
    broken = not block.verified and line_break_in(block.table, plan, local.proven)
    return Converted(table, block.rows, keys, bad, local.q, local.counters, broken)


def _prefetch(gen, depth: int = 2):
    """Run a block generator in a background thread, ``depth`` blocks ahead, so that parsing
    the next block overlaps converting this one. An exception in the reader is re-raised here,
    in the caller's thread; closing this generator stops the reader."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    end = object()

    def run() -> None:
        try:
            for item in gen:
                while not stop.is_set():
                    try:
                        q.put(item, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            q.put(end)
        except BaseException as e:  # noqa: BLE001 - handed to the consumer
            q.put(e)

    th = threading.Thread(target=run, daemon=True)
    th.start()
    try:
        while True:
            item = q.get()
            if item is end:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while th.is_alive():
            try:
                q.get_nowait()
            except queue.Empty:
                th.join(timeout=0.05)


def blocks(src: Source, plan: Plan, malformed: dict, state: dict, start: int | None,
           whole: bool):
    """The blocks of one source (``start``: read again, carefully, from that data record):
    streamed for dossiers, one block per source for surveys and catalogues (small, and
    needing whole-sheet inference)."""
    types = read_types(plan, len(src.header))
    if not whole:
        yield from _prefetch(iter_batches(src, types, malformed, state, start))
        return
    parts: list[Batch] = []
    gen = iter_batches(src, types, malformed, state, start)
    while (b := next(gen, None)) is not None:
        if not b.verified and line_break_in(b.table, plan, set()):
            gen.close()  # read again, carefully, from this block's first record
            _forget(malformed, int(b.rows[0]))
            gen = iter_batches(src, types, malformed, state, src.record_of(int(b.rows[0])))
            continue
        parts.append(b)
    if parts:
        t = pa.concat_tables([b.table for b in parts]).combine_chunks()
        yield Batch(t, np.concatenate([b.rows for b in parts]), verified=True)


def _forget(malformed: dict, from_row: int) -> None:
    """Drop malformed rows at or after ``from_row``: the careful reader finds them again."""
    for r in [r for r in malformed if r >= from_row]:
        del malformed[r]


def read_source(run: Run, fi: int, ctx: Ctx, plan: Plan, malformed: dict,
                pool: ThreadPoolExecutor) -> tuple[int, dict]:
    """Read one source into the run; returns the rows read (accepted and quarantined blocks;
    malformed rows are counted by the caller) and the reader's state. Restarts at a block
    holding a line break."""
    state: dict = {}
    start, rows_read = None, 0
    while True:
        restart, n = _stream(run, fi, ctx, plan, malformed, state, start, pool)
        rows_read += n
        if restart is None:
            return rows_read, state
        run.counters["careful_rereads"] += 1
        _forget(malformed, restart + run.sources[fi].first_data_row)
        start = restart


def _stream(run: Run, fi: int, ctx: Ctx, plan: Plan, malformed: dict, state: dict,
            start: int | None, pool: ThreadPoolExecutor) -> tuple[int | None, int]:
    """Blocks (from record ``start``, read carefully), converted in order. Returns (record to restart from or
    None, rows accepted into the run or its quarantine)."""
    src = run.sources[fi]
    whole = run.kind != "dossiers"
    inflight: deque = deque()
    done = 0
    gen = blocks(src, plan, malformed, state, start, whole)
    try:
        for block in gen:
            block, keys, plan_b, empty = _prepare(run, ctx, src, plan, block)
            done += empty
            inflight.append(pool.submit(_convert_block, ctx, plan_b, block, keys))
            while len(inflight) > CONVERT_THREADS:
                res = inflight.popleft().result()
                if res.line_break:
                    return src.record_of(int(res.rows[0])), done
                done += accept(run, ctx, fi, res)
        while inflight:
            res = inflight.popleft().result()
            if res.line_break:
                return src.record_of(int(res.rows[0])), done
            done += accept(run, ctx, fi, res)
    finally:
        gen.close()
        for fut in inflight:
            fut.cancel()
    flush(run, ctx, fi)
    return None, done


def _prepare(run: Run, ctx: Ctx, src: Source, plan: Plan, block: Batch):
    """A survey block: its scale (when the sheet has no scale column), and a wide sheet
    melted into one row per answer (forms with no answer quarantined here)."""
    if run.kind != "surveys":
        return block, None, plan, 0
    keys, empty = None, np.zeros(0, dtype=np.int64)
    if plan.wide:
        lines = block.table.num_rows
        block, keys, plan, empty, crit = surveys.melt(src, plan, block, run.counters)
        run.layouts[run.sources.index(src)] = {"layout": "wide", "criteria": crit,
                                               "lines_read": lines}
        ctx.q.add(ctx.where, empty, "satisfaction_level", [None] * len(empty),
                  "missing_value", "no criterion answered on this form",
                  keys=empty * surveys.KEY_BASE)
        run.counters["forms_without_answer"] += len(empty)
    if "scale_points" not in plan.columns:
        ctx.scale_points = ctx.scale_points or surveys.infer_scale(block.table, plan)
        run.counters["scale_points_inferred"] = ctx.scale_points
    return block, keys, plan, len(empty)


def accept(run: Run, ctx: Ctx, fi: int, res: Converted) -> int:
    """Merge a converted block (in file order): its quarantine and counters, its good rows to
    the pending row group."""
    run.q.merge(res.q)
    run.counters.update(res.counters)
    good = ~res.bad
    table = res.table.filter(pa.array(good)) if res.bad.any() else res.table
    keys = None if res.keys is None else res.keys[good]
    run.pending.append((table, res.rows[good], keys))
    run.pending_n += int(good.sum())
    if run.pending_n >= sinks.ROW_GROUP_ROWS:
        flush(run, ctx, fi)
    return res.table.num_rows


def flush(run: Run, ctx: Ctx, fi: int) -> None:
    """pandera on the pending accepted rows of one source, then to the sink."""
    if not run.pending:
        return
    table = pa.concat_tables([p[0] for p in run.pending])
    rows = np.concatenate([p[1] for p in run.pending])
    keys = None if run.pending[0][2] is None else np.concatenate([p[2] for p in run.pending])
    run.pending.clear()
    run.pending_n = 0
    full = run.checked_full + table.num_rows <= validate.PANDERA_FULL_ROWS
    if full or run.kind != "dossiers":
        pbad = validate.pandera_rejects(run.kind, table, rows, run.q, [ctx.where],
                                        np.zeros(len(rows), dtype=np.int64), keys)
        run.checked_full += table.num_rows
        if pbad.any():
            table = table.filter(pa.array(~pbad))
            rows, keys = rows[~pbad], None if keys is None else keys[~pbad]
    else:  # past the budget: a random sample, validated in one pandera call at the end
        k = min(table.num_rows, max(validate.PANDERA_SAMPLE_MIN,
                                    int(table.num_rows * validate.PANDERA_SAMPLE_FRACTION)))
        pick = np.sort(run.rng.choice(table.num_rows, k, replace=False))
        run.deferred.append((table.take(pa.array(pick)), rows[pick], run.written + pick, fi))
        run.sampled_blocks += 1
    run.sink.write(table)
    run.written += table.num_rows
    run.kept_hash.append(dedup.hash64(dedup.DUP_KEY[run.kind](table)))
    run.kept_where.append((fi, rows.astype(np.int64), keys))


def quarantine_malformed(ctx: Ctx, plan: Plan, src: Source, malformed: dict[int, MalformedRow],
                         safe_text) -> None:
    """One line per row that was not a record (wrong width, stray quote, formula without
    value); its text is shown only with personal data removed."""
    by_label = {src.header[i]: c for c, i in plan.columns.items()}
    base = surveys.KEY_BASE if plan.wide else 1
    for m in malformed.values():
        column = by_label.get(m.column, m.column)
        ctx.q.add(ctx.where, np.array([m.row]), column, [safe_text(m.text)], m.code, m.reason,
                  keys=np.array([m.row * base]))
