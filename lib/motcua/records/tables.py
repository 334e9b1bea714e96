"""Clean tables of one locality, as the analyses read them: ``Records`` and its readers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from motcua.config import resolve_path
from motcua.errors import InputError
from motcua.records.events import dossier_events


@dataclass(frozen=True)
class Records:
    """Clean tables of one locality (see ``read_clean_tables``)."""

    dossiers: pd.DataFrame
    events: pd.DataFrame
    surveys: pd.DataFrame
    period_start: str
    period_end: str
    synthetic: bool
    scale: float = 1.0  # records stand for scale × as many dossiers (a scaled-down sample)
    description: str = ""


#: Columns each clean table must have for the analyses (the contract of records/schema.py;
#: optional columns such as ``applicant_key`` and ``is_synthetic`` are not required).
REQUIRED_COLUMNS = {
    "dossiers.parquet": ("dossier_id", "locality_code", "code_list", "reception_unit",
                         "procedure_id", "field_code", "channel", "received_at", "due_at",
                         "processing_end_at", "returned_at", "status", "statutory_limit",
                         "limit_unit", "is_interagency", "apology_issued_at"),
    "events.parquet": ("dossier_id", "event", "at"),
    "surveys.parquet": ("reception_unit", "locality_code", "answered_at", "satisfaction_level"),
}


def check_records_folder(folder: str | Path) -> None:
    """Fail with one line naming the file and the column when a folder of clean tables cannot
    be used: no folder, no ``dossiers.parquet``, a table that is not parquet or lacks a
    column. Reads only the parquet footers (cheap enough for parameter validation)."""
    import pyarrow.parquet as pq

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "no such folder of records")
    for name, required in REQUIRED_COLUMNS.items():
        path = folder / name
        if name != "dossiers.parquet" and not path.is_file():
            continue
        try:
            have = set(pq.read_schema(path).names)
        except FileNotFoundError:
            raise InputError(path, "no such file (a records folder needs dossiers.parquet)") \
                from None
        except (OSError, ValueError) as exc:
            raise InputError(path, f"cannot read as parquet: {str(exc).splitlines()[0]}") \
                from None
        missing = [c for c in required if c not in have]
        if missing:
            raise InputError(path, f"not a clean {name.split('.')[0]} table (write it with "
                                   f"`motcua ingest` or `motcua simulate`): missing "
                                   f"{', '.join(missing)}", column=missing[0])


def _metadata(folder: Path) -> dict:
    path = folder / "metadata.json"
    if not path.is_file():
        return {}
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"cannot read as JSON: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise InputError(path, "must hold a JSON object")
    return meta


def _parquet(path: Path) -> pd.DataFrame:
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read: {str(exc).splitlines()[0]}") from None


def read_clean_tables(folder: str | Path):
    """Read a folder of clean tables (``dossiers.parquet``, ``events.parquet``,
    ``surveys.parquet`` and ``metadata.json``, as ``motcua simulate`` writes them) into a
    ``Records``. ``events.parquet`` may be missing: events are then derived
    from the dossier table (``dossier_events``). Fatal problems raise ``InputError``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "no such folder of records")
    meta = _metadata(folder)
    check_records_folder(folder)
    dossiers = _parquet(folder / "dossiers.parquet")
    events = (_parquet(folder / "events.parquet") if (folder / "events.parquet").is_file()
              else dossier_events(dossiers))
    surveys = (_parquet(folder / "surveys.parquet")
               if (folder / "surveys.parquet").is_file() else pd.DataFrame(
                   columns=["reception_unit", "locality_code", "answered_at",
                            "satisfaction_level"]))
    period = meta.get("period") or {}
    start = period.get("start") or str(dossiers["received_at"].min().date())
    end = period.get("end") or str(dossiers["received_at"].max().date())
    synthetic = bool(meta.get("synthetic")) or bool(
        dossiers.get("is_synthetic", pd.Series([False])).any())
    scale = float((meta.get("scale") or {}).get("factor", 1))
    return Records(dossiers, events, surveys, start, end, synthetic, scale,
                   meta.get("warning", "") if synthetic else meta.get("description", ""))


def read_records(records_dir: str):
    """The notebooks' ``records_dir`` parameter: "" means no records (None); a relative path is
    taken from the project root (``motcua.config.resolve_path``)."""
    return read_clean_tables(resolve_path(records_dir)) if records_dir else None
