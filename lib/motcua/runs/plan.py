"""A batch's plan, made before any kernel starts: which notebook runs for which parameter file
(and language), which do not apply and why, which files are invalid, and each report's inputs
and cache key.

Refused before running: two parameter files with one slug (one would overwrite the other); the
same file listed twice is run once. A file that fails validation is that locality's failure
(``invalid``), reported first, and the others still run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from motcua.config import CLAIMS_DIR, PROJECT_ROOT, resolve_claims_file, resolve_path
from motcua.errors import MotcuaError, ParamsError
from motcua.runs import params as P
from motcua.runs.provenance import cache_key, display_path, input_hashes, provenance
from motcua.runs.run import Job, RunResult, resolve_notebook


@dataclass
class Plan:
    jobs: list[Job] = field(default_factory=list)
    skipped: list[RunResult] = field(default_factory=list)  # not applicable
    invalid: list[RunResult] = field(default_factory=list)


def _input_paths(parameters: dict) -> list[Path]:
    """Files and folders a report reads, found among its parameter values."""
    out = [resolve_claims_file(n) for n in parameters.get("claims_files", [])]
    for key, value in parameters.items():
        if key in ("claims_files", "slug", "title") or not isinstance(value, str) or not value:
            continue
        p = resolve_path(value)
        if p.exists() and p.resolve() != PROJECT_ROOT.resolve() and len(p.parts) > 1 \
                and p.resolve().parent != PROJECT_ROOT.resolve():
            out.append(p)
    return out


def _claims_arg(name: str) -> str:
    """Bare names stay bare; paths become project-relative where they can (no machine's
    absolute path in a report made from the project's own files)."""
    p = resolve_claims_file(name).resolve()
    if p.parent == CLAIMS_DIR.resolve() and Path(name).name == name:
        return name
    return display_path(p)


def _job(path: Path, notebook: str, params, language: str, primary: bool) -> Job:
    parameters = params.model_dump()
    if "claims_files" in parameters:
        parameters["claims_files"] = [_claims_arg(x) for x in parameters["claims_files"]]
    parameters["language"] = language
    nb_path = resolve_notebook(notebook)
    hashes = input_hashes(nb_path, path, _input_paths(parameters))
    key = cache_key(parameters, hashes)
    prov = provenance(parameters, hashes, key, None)
    prov["params_file"] = display_path(path)
    return Job(str(path), notebook, params.slug, params.title, language, parameters, key, prov,
               "" if primary else f".{language}")


def make_plan(params_files, notebooks: list[str], languages: list[str] | None = None) -> Plan:
    """Plan every notebook × parameter file (× extra language)."""
    plan, seen_files, slugs = Plan(), set(), {}
    for path in (Path(p) for p in params_files):
        if path.resolve() in seen_files:
            continue
        seen_files.add(path.resolve())
        try:
            per_nb = {nb: P.load_params(path, nb) for nb in notebooks}
            for nb, prm in per_nb.items():
                P.check_against_notebook(prm, resolve_notebook(nb), source=str(path))
        except MotcuaError as exc:
            plan.invalid.append(RunResult(_slug_guess(path), "", "invalid", error=str(exc),
                                          params_file=str(path)))
            continue
        first = next(iter(per_nb.values()))
        if first.slug in slugs:
            raise ParamsError(f"{path}: slug {first.slug!r} is also the slug of {slugs[first.slug]};"
                              " two parameter files would write one report folder")
        slugs[first.slug] = path
        for nb, prm in per_nb.items():
            reason = prm.not_applicable()
            if reason:
                plan.skipped.append(RunResult(prm.slug, nb, "not_applicable", error=reason,
                                              params_file=str(path), title=prm.title))
                continue
            langs = [prm.language] + [x for x in (languages or []) if x != prm.language]
            plan.jobs += [_job(path, nb, prm, lang, lang == prm.language) for lang in langs]
    return plan


def _slug_guess(path: Path) -> str:
    """A name for an invalid file's row in the index (no folder is written for it)."""
    return path.stem
