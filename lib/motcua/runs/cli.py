"""``motcua`` command line. Every failure ends with one line on stderr and a non-zero exit:
2 for input the user can fix (bad file, bad parameters), 1 for anything else."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from motcua.config import CELL_TIMEOUT_S
from motcua.errors import MotcuaError


def _cmd_run(a) -> int:
    from motcua.runs.batch import run_one

    r = run_one(a.notebook, a.params, a.out, timeout=a.timeout, language=a.language)
    if r.status == "not_applicable":
        print(f"{r.slug}/{r.notebook}: not applicable: {r.error}", file=sys.stderr)
        return 0
    print(f"{r.out_dir}: {r.notebook}.ipynb, {r.notebook}.html, summary.json "
          f"({r.seconds:.1f} s)", file=sys.stderr)
    return 0


def _cmd_batch(a) -> int:
    from motcua.runs.batch import run_batch

    notebooks = [n.strip() for x in (a.notebooks or []) for n in x.split(",") if n.strip()]
    results = run_batch(a.params, a.out, notebooks=notebooks or None,
                        languages=a.languages.split(",") if a.languages else None,
                        workers=a.jobs, force=a.force, timeout=a.timeout,
                        scheduler=a.scheduler,
                        show_progress=False if a.no_progress else None)
    return 0 if all(r.status in ("ok", "cached", "not_applicable") for r in results) else 1


def _cmd_check_claims(a) -> int:
    from motcua.claims import audit
    from motcua.findings import summary_records
    from motcua.claims.register import load_register

    reg = load_register(a.files)
    findings = audit(reg, confidence=a.confidence, reference_late_rate=a.reference_late_rate)
    json.dump(summary_records(findings), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _cmd_claims_extract(a) -> int:
    from motcua.errors import InputError
    from motcua.claims.extract import ExtractionStats, dump_yaml, extract_claims

    docs = []
    for f in a.files:
        path = Path(f)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot read as UTF-8 text: {exc}") from exc
        stats = ExtractionStats()
        try:
            reg = extract_claims(text, source_id=path.stem, locality_hint=a.locality,
                                 published=a.published, stats=stats)
        except ValueError as exc:
            raise InputError(path, str(exc)) from exc
        print(f"motcua claims extract: {stats.summary()}", file=sys.stderr)
        docs.append(dump_yaml(reg))
    text = "\n---\n".join(docs) if len(docs) > 1 else docs[0]
    if a.out:
        Path(a.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_scan(a) -> int:
    from motcua.claims.scan import scan_article
    from motcua.errors import InputError
    from motcua.findings import summary_records

    path = Path(a.article)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read as UTF-8 text: {exc}") from exc
    try:
        result = scan_article(text, published=a.published, source_id=path.stem)
    except ValueError as exc:
        raise InputError(path, str(exc)) from exc
    json.dump(summary_records(result.findings), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    if a.html:
        from motcua.reports.article_html import article_view
        from motcua.vn.privacy import redact_text

        # The page is a report: names, ID and phone numbers in the article are left out.
        Path(a.html).write_text(article_view(redact_text(text, label_only=True),
                                             result.findings, title=path.stem,
                                             full_page=True), encoding="utf-8")
    counts = {s: sum(f.severity == s for f in result.findings) for s in ("fail", "warning")}
    print(f"motcua scan: {path.name}: {len(result.reading.figures)} figures, "
          f"{len(result.findings)} findings ({counts['fail']} fail, {counts['warning']} "
          f"warning)" + (f"; article view in {a.html}" if a.html else ""), file=sys.stderr)
    return 0


def _cmd_ingest(a) -> int:
    from motcua.records.ingest import ingest

    summary = ingest(a.kind, [Path(f) for f in a.files], Path(a.out), within=a.within,
                     sheets=a.sheet)
    json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _parse_plant(values: list[str] | None) -> dict[str, list[str]] | None:
    """``--plant FAULT:UNIT[,UNIT...]`` (repeatable) as ``{fault: [unit, ...]}``."""
    if not values:
        return None
    plant: dict[str, list[str]] = {}
    for v in values:
        fault, sep, units = v.partition(":")
        names = [u.strip() for u in units.split(",") if u.strip()]
        if not sep or not fault.strip() or not names:
            raise MotcuaError(f"--plant {v!r}: expected FAULT:UNIT[,UNIT...]")
        have = plant.setdefault(fault.strip(), [])
        have += [n for n in names if n not in have]
    return plant


def _cmd_simulate(a) -> int:
    from motcua.synth import SLUGS, simulate_locality, write_simulation

    if a.locality not in SLUGS:
        raise MotcuaError(f"no simulator for {a.locality!r}; known: {', '.join(SLUGS)}")
    plant = _parse_plant(a.plant)
    out = Path(a.out) / a.locality
    result = simulate_locality(a.locality, seed=a.seed, plant=plant)
    write_simulation(result, out)
    planted = f", planted {result.metadata['faults']}" if plant else ""
    print(f"SYNTHETIC records for {a.locality} (seed {a.seed}{planted}) written to {out}",
          file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="motcua", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)

    r = sub.add_parser("run", help="execute one notebook with one parameter file")
    r.add_argument("notebook", help="e.g. 01_claims_audit or notebooks/01_claims_audit.ipynb")
    r.add_argument("--params", required=True, help="parameter file (params/<slug>.yaml)")
    r.add_argument("--out", required=True, help="output folder; writes OUT/<slug>/...")
    r.add_argument("--language", choices=["en", "vi"], help="report language (default: the "
                   "parameter file's)")
    r.add_argument("--timeout", type=int, default=CELL_TIMEOUT_S,
                   help=f"seconds a notebook cell may run (default {CELL_TIMEOUT_S})")
    r.set_defaults(func=_cmd_run)

    b = sub.add_parser("batch", help="run every notebook for many parameter files")
    b.add_argument("params", nargs="+", help="parameter files")
    b.add_argument("--out", required=True, help="output folder; writes OUT/<slug>/... and "
                   "OUT/index.html")
    b.add_argument("--notebooks", "--notebook", action="append", metavar="A,B",
                   help="notebooks to run (default: every notebook that applies)")
    b.add_argument("--jobs", "--workers", type=int, default=None,
                   help="worker processes (default: CPUs)")
    b.add_argument("--force", action="store_true", help="re-make reports whose inputs have "
                   "not changed")
    b.add_argument("--languages", metavar="en,vi", help="also make reports in these "
                   "languages (the parameter file's language is always made)")
    b.add_argument("--timeout", type=int, default=CELL_TIMEOUT_S,
                   help=f"seconds a notebook cell may run (default {CELL_TIMEOUT_S})")
    b.add_argument("--scheduler", metavar="ADDRESS", help="run on this dask.distributed "
                   "scheduler (the output folder must be shared with every worker)")
    b.add_argument("--no-progress", action="store_true", help="one line per finished "
                   "report, no progress bar")
    b.set_defaults(func=_cmd_batch)

    c = sub.add_parser("check-claims", help="print the findings of claim files as JSON")
    c.add_argument("files", nargs="+")
    c.add_argument("--confidence", type=float, default=0.95)
    c.add_argument("--reference-late-rate", type=float, default=0.008)
    c.set_defaults(func=_cmd_check_claims)

    sc = sub.add_parser("scan", help="findings of one article's text as JSON, no register")
    sc.add_argument("article", help="UTF-8 text file, one article")
    sc.add_argument("--published", help="publication date, YYYY-MM-DD or DD/MM/YYYY")
    sc.add_argument("--html", help="also write the article with its figures linked to findings")
    sc.set_defaults(func=_cmd_scan)

    cl = sub.add_parser("claims", help="work with claim registers")
    clsub = cl.add_subparsers(dest="claims_command", required=True)
    ex = clsub.add_parser("extract", help="draft claim records (YAML) from article text")
    ex.add_argument("files", nargs="+", help="UTF-8 text files, one article each")
    ex.add_argument("--locality", help="the article's main locality (name or code)")
    ex.add_argument("--published", help="publication date, YYYY-MM-DD or DD/MM/YYYY")
    ex.add_argument("--out", help="write the YAML here instead of standard output")
    ex.set_defaults(func=_cmd_claims_extract)

    ing = sub.add_parser("ingest", help="load exports into clean parquet + quarantine")
    ing.add_argument("kind", choices=["dossiers", "surveys", "procedures"])
    ing.add_argument("files", nargs="+")
    ing.add_argument("--out", required=True)
    ing.add_argument("--within", help="scope for office names without a locality column: a "
                                      "name ('huyện Quảng Điền, tỉnh Thừa Thiên Huế') or a code")
    ing.add_argument("--sheet", action="append",
                     help="workbook sheet to read (repeatable; default: every sheet)")
    ing.set_defaults(func=_cmd_ingest)

    sim = sub.add_parser("simulate", help="write SYNTHETIC records calibrated to a locality")
    sim.add_argument("--locality", required=True)
    sim.add_argument("--seed", type=int, required=True)
    sim.add_argument("--out", required=True)
    sim.add_argument("--plant", action="append", metavar="FAULT:UNIT[,UNIT...]",
                     help="plant only this fault, only in these reception units (repeatable)")
    sim.set_defaults(func=_cmd_simulate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except MotcuaError as exc:
        print(f"motcua: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a file the user can fix: missing, unreadable, in the way
        where = exc.filename or ""
        print(f"motcua: error: {where}{': ' if where else ''}{exc.strerror or exc}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("motcua: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # one line for the user; the traceback with MOTCUA_DEBUG=1
        if os.environ.get("MOTCUA_DEBUG"):
            raise
        print(f"motcua: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
