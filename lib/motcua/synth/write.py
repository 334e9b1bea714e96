"""Writing a simulation: parquet tables labelled SYNTHETIC, CSV samples, ``metadata.json`` and a
``README.md`` per folder. Output bytes depend only on the ``SimulationResult``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from motcua import __version__
from motcua.analysis import ontime
from motcua.config import SYNTHETIC_DIR
from motcua.synth.checks import REPRODUCTION_CONVENTION
from motcua.synth.profiles import Profile
from motcua.synth.result import SimulationResult

TABLES = ("dossiers", "events", "surveys", "ground_truth")
SAMPLE_ROWS = 200


def write_simulation(result: SimulationResult, out_dir: str | Path) -> list[Path]:
    """Write the SYNTHETIC tables of ``result`` into ``out_dir`` (created if needed).

    Files: ``dossiers.parquet``, ``events.parquet``, ``surveys.parquet``,
    ``ground_truth.parquet`` (each with ``is_synthetic`` and parquet key-value metadata
    ``motcua.synthetic = true``, slug, seed and, in plant mode, the plant), ``*_sample.csv``
    (first 200 rows of each table), ``metadata.json`` (``"synthetic": true``, slug, seed,
    published totals reproduced) and a ``README.md``. Returns the paths written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    kv = {
        b"motcua.synthetic": b"true",
        b"motcua.slug": result.slug.encode(),
        b"motcua.seed": str(result.seed).encode(),
    }
    if result.plant is not None:
        kv[b"motcua.plant"] = json.dumps({f: list(u) for f, u in result.plant.items()}).encode()
    for name in TABLES:
        df = getattr(result, name)
        table = pa.Table.from_pandas(df, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **kv})
        path = out / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd")
        written.append(path)
        sample = out / f"{name}_sample.csv"
        df.head(SAMPLE_ROWS).to_csv(sample, index=False, date_format="%Y-%m-%d %H:%M:%S")
        written.append(sample)
    meta_path = out / "metadata.json"
    meta_path.write_text(json.dumps(result.metadata, ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    readme = out / "README.md"
    readme.write_text(readme_text(result), encoding="utf-8")
    return written + [meta_path, readme]


def default_out_dir(slug: str) -> Path:
    """Where the shipped SYNTHETIC data for ``slug`` lives: ``data/synthetic/<slug>/``."""
    return SYNTHETIC_DIR / slug


def _jsonable(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    return v


def metadata(prof: Profile, seed: int, faults, result: SimulationResult, checks,
             plant: dict | None = None) -> dict:
    """JSON-ready metadata of a simulation (``metadata.json``)."""
    meta = {
        "synthetic": True,
        "warning": "SYNTHETIC data: invented records calibrated to published totals; "
                   "not real dossiers, events or survey answers",
        "slug": prof.slug,
        "locality": prof.name,
        "locality_code": prof.locality_code,
        "code_list": prof.code_list,
        "seed": seed,
        "generator": f"motcua.synth.simulate_locality (motcua {__version__})",
        "regenerate": f"motcua.synth.write_simulation(motcua.synth.simulate_locality("
                      f"{prof.slug!r}, seed={seed}), OUT_DIR)  # CLI: motcua simulate "
                      f"--locality {prof.slug} --seed {seed} --out OUT_DIR",
        "faults": list(faults),
        "period": {"start": prof.period[0], "end": prof.period[1]},
        "data_as_of": prof.data_as_of,
        "on_time_convention": REPRODUCTION_CONVENTION,
        "on_time_convention_source": ontime.CONVENTION_SOURCES[REPRODUCTION_CONVENTION],
        "source_article": f"data/articles/{prof.article}.txt",
        "scale": prof.scale,
        "notes": list(prof.notes),
        "published_totals_reproduced": [
            {k: _jsonable(v) for k, v in c.items()} for c in checks
        ],
        "rows": {name: len(getattr(result, name)) for name in TABLES},
        "ground_truth_counts": {
            str(k): int(v)
            for k, v in result.ground_truth["fault"].value_counts(sort=False).items()
        },
    }
    if plant is not None:
        meta = _plant_metadata(meta, prof, seed, plant)
    return meta


def plant_arg(plant: dict) -> str:
    """The ``--plant`` options that repeat ``plant`` on the command line."""
    return " ".join(f"--plant {f}:{','.join(units)}" for f, units in plant.items())


def _plant_metadata(meta: dict, prof: Profile, seed: int, plant: dict) -> dict:
    """Plant mode: the plant, the random streams, and a regenerate line that repeats them."""
    out = {}
    for k, v in meta.items():
        if k == "regenerate":
            v = (f"motcua.synth.write_simulation(motcua.synth.simulate_locality({prof.slug!r}, "
                 f"seed={seed}, plant={ {f: list(u) for f, u in plant.items()} !r}), OUT_DIR)"
                 f"  # CLI: motcua simulate --locality {prof.slug} --seed {seed} "
                 f"{plant_arg(plant)} --out OUT_DIR")
        out[k] = v
        if k == "faults":
            out["plant"] = {f: list(u) for f, u in plant.items()}
            out["random_streams"] = (
                "plant mode: one numpy SeedSequence stream per reception unit (sizes from "
                "spawn key (0,), unit i's dossiers from (1, i), its forms from (3, i), "
                "calibrated survey counts from (2,)); differs from the default-mode draws")
    return out


def readme_text(result: SimulationResult) -> str:
    """The folder's README.md: SYNTHETIC label, locality, seed, faults, figures reproduced."""
    m = result.metadata
    lines = [
        f"# SYNTHETIC data: {m['slug']}",
        "",
        "**Everything in this folder is SYNTHETIC.** The dossiers, events and survey forms are",
        "invented by `motcua.synth` and only their totals are calibrated to the published",
        f"figures of `{m['source_article']}`. Every table has `is_synthetic = True`; every",
        "parquet file carries the key-value metadata `motcua.synthetic = true`.",
        "",
        f"- locality: {m['locality']} (code {m['locality_code']}, list {m['code_list']})",
        f"- period: {m['period']['start']} to {m['period']['end']}; data as of {m['data_as_of']}",
        f"- seed: {m['seed']}; planted faults: {', '.join(m['faults']) or 'none'}",
        f"- on-time convention for the reproduced totals: `{m['on_time_convention']}`",
    ]
    if "plant" in m:
        where = "; ".join(f"{f} in {', '.join(u)}" for f, u in m["plant"].items()) or "nothing"
        lines.append(f"- planted with `plant` (one random stream per unit): {where}")
    if m.get("scale"):
        lines.append(f"- **{m['scale']['note']}** (factor 1:{m['scale']['factor']})")
    lines += [f"- {note}" for note in m.get("notes", [])]
    lines += ["", "Published figures reproduced:", ""]
    for c in m["published_totals_reproduced"]:
        verdict = "matches" if c["matches"] else "DOES NOT MATCH"
        if "changed_by" in c:
            verdict += f": changed by the planted {c['changed_by']}"
        lines.append(f"- `{c['id']}`: published \"{c['text']}\" → simulated {c['simulated']}"
                     f" ({verdict})")
    lines += [
        "",
        "Files: `dossiers`, `events`, `surveys`, `ground_truth` (parquet, with a 200-row CSV",
        "sample each) and `metadata.json`. `ground_truth` lists every planted fault.",
        "",
        "Regenerate (bytes are identical for the same seed):",
        "",
        "```",
        m["regenerate"],
        "```",
        "",
    ]
    return "\n".join(lines)
