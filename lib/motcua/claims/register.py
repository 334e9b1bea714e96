"""The claims register: published figures, one YAML file per locality and period.

Format: ``data/claims/README.md``. This module holds the controlled vocabularies, reads the YAML
files into one flat table (one row per claim), and validates that table with a pandera schema so
that a malformed file fails with the file, the claim id and the field.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from motcua.errors import InputError
from motcua.safe_yaml import load_yaml_file
from motcua.vn.numbers import parse_vn_number

#: Metric vocabulary. Counts of dossiers (hồ sơ), procedures (TTHC), units; rates in percent.
METRICS: dict[str, str] = {
    # dossiers
    "dossiers_received": "dossiers received (tiếp nhận)",
    "dossiers_resolved": "dossiers resolved (đã giải quyết)",
    "dossiers_resolved_on_time": "dossiers resolved early or on time (trước hạn và đúng hạn)",
    "dossiers_late": "dossiers resolved late or overdue (trễ hạn, quá hạn)",
    "dossiers_interagency": "dossiers handled inter-agency (liên thông)",
    "on_time_rate": "share of dossiers resolved early or on time, percent",
    "on_time_rate_change": "change of the on-time rate against the same period a year earlier",
    # satisfaction
    "sat_very_share": "share of respondents very satisfied (rất hài lòng), percent",
    "sat_ok_share": "share of respondents satisfied (hài lòng), percent",
    "sat_no_share": "share of respondents not satisfied (không hài lòng), percent",
    "satisfaction_rate": "share satisfied or very satisfied, percent",
    "feedback_received": "citizen feedback and petitions received (phản ánh, kiến nghị)",
    # procedures
    "procedures_total": "administrative procedures in the locality's competence (TTHC)",
    "procedures_published": "procedures publicly posted (niêm yết công khai)",
    "procedures_one_stop": "procedures handled under the one-stop mechanism (một cửa)",
    "procedures_interagency": "procedures handled inter-agency (một cửa liên thông)",
    "procedures_one_stop_any": "procedures handled one-stop or inter-agency",
    "procedures_online": "procedures offered as online public services",
    "procedures_online_level_3": "procedures online at level 3 (ND 43/2011)",
    "procedures_online_level_4": "procedures online at level 4 (ND 43/2011)",
    "procedures_reviewed": "procedures reviewed (rà soát)",
    "online_receipt_vs_plan": "online (level 3-4) receipts as a share of the planned figure",
    # units, staff, governance
    "units_completed": "units that completed a measure, out of all units",
    "units_count": "number of administrative units or agencies",
    "par_index_score": "administrative reform (PAR) index score, points",
    "rank": "rank in an emulation block or league table (1 = first)",
    "staff_trained": "training attendances (lượt cán bộ)",
    "staff_count": "staff assigned",
    "staff_standard_share": "share of one-stop staff meeting the qualification standard, percent",
    "budget_amount": "budget allocated, VND",
    "legal_documents_reviewed": "legal documents reviewed",
    "e_document_share": "share of documents exchanged electronically, percent",
    "digital_signature_share": "share of documents digitally signed, percent",
    "tasks_on_time_rate": "share of assigned tasks completed early or on time, percent",
    "directives_completed_rate": "share of directives carried out, percent",
    "agencies_computerised_share": "share of offices with computers and network, percent",
    "e_office_share": "share of departments using e-office software, percent",
    "one_stop_share": "share of procedures handled under the one-stop mechanism, percent",
    "years_elapsed": "years since a reform started",
    "wait_minutes": "waiting time, minutes",
    "other": "a figure that fits none of the above (say what in the note)",
}

#: Unit vocabulary.
UNITS: dict[str, str] = {
    "dossier": "dossiers (hồ sơ)",
    "procedure": "administrative procedures (TTHC)",
    "percent": "percent",
    "percentage_point": "percentage points",
    "point": "index points",
    "unit": "administrative units or agencies",
    "person": "people",
    "attendance": "person-attendances (lượt)",
    "document": "documents",
    "vnd": "Vietnamese đồng",
    "year": "years",
    "minute": "minutes",
    "rank": "rank position",
    "feedback": "feedback items",
    "task": "tasks (nhiệm vụ)",
    "billion_vnd": "billion Vietnamese đồng (tỷ đồng)",
}

#: Locality levels: docs/domain.md §9 plus the two aggregates articles speak of.
LOCALITY_LEVELS = (
    "province", "district", "commune", "ward", "township", "centre", "commune_group",
    "district_group",
)

#: A claim reports a result or states a target.
CLAIM_KINDS = ("reported", "target")
COMPARATORS = ("eq", "gt", "ge", "approx", "lt")
AGGREGATIONS = ("pooled", "unit_average", "unknown", "not_applicable")

# --------------------------------------------------------------------------------------------
# Reading and validating register files
# --------------------------------------------------------------------------------------------


TOP_KEYS = {"register", "synthetic", "source", "localities", "claims", "defaults"}
SOURCE_KEYS = {"id", "title", "publisher", "published", "published_note", "url"}
LOCALITY_KEYS = {"name", "level", "code", "code_list", "parent", "unit_count", "partition"}
CLAIM_REQUIRED = (
    "id", "locality", "period_start", "period_end", "kind", "metric", "value_text", "value",
    "unit", "comparator", "denominator", "denominator_ref", "aggregation", "quote",
)
CLAIM_OPTIONAL = ("note", "confidence")
CLAIM_KEYS = set(CLAIM_REQUIRED) | set(CLAIM_OPTIONAL)


class RegisterError(InputError):
    """A claim file that does not follow data/claims/README.md. Names the file, claim and field."""

    def __init__(self, file, problems: list[str]):
        self.problems = problems
        super().__init__(file, "; ".join(problems))


@dataclass(frozen=True)
class Register:
    """A validated register: one row per claim, one row per locality, one row per source file."""

    claims: pd.DataFrame
    localities: pd.DataFrame
    sources: pd.DataFrame

    @property
    def synthetic(self) -> bool:
        return bool(self.sources["synthetic"].any())


def _present(x) -> bool:
    """True for a real value; False for None and the NaN/NA pandas puts in empty cells."""
    return x is not None and not (isinstance(x, float) and x != x) and x is not pd.NA


def _nfc(x):
    return unicodedata.normalize("NFC", x) if isinstance(x, str) else x


def _as_date_text(value, where: str, problems: list[str]):
    """Dates are written "YYYY-MM-DD"; YAML may hand us a date object if unquoted."""
    if value is None:
        return None
    try:
        return pd.Timestamp(str(value)).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        problems.append(f"{where}: not a date (YYYY-MM-DD): {value!r}")
        return None


def _claim_schema() -> pa.DataFrameSchema:
    """pandera schema of the flat claims table (one row per claim)."""

    def isin(values):
        return pa.Check.isin(list(values))

    nullable_str = dict(dtype=object, nullable=True)
    return pa.DataFrameSchema(
        {
            "claim_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$"), unique=True),
            "register": pa.Column(str),
            "source_id": pa.Column(str),
            "locality": pa.Column(str),
            "period_start": pa.Column(**nullable_str),
            "period_end": pa.Column(**nullable_str),
            "kind": pa.Column(str, isin(CLAIM_KINDS)),
            "metric": pa.Column(str, isin(METRICS)),
            "value_text": pa.Column(str),
            "value": pa.Column(float),
            "unit": pa.Column(str, isin(UNITS)),
            "comparator": pa.Column(str, isin(COMPARATORS)),
            "denominator": pa.Column(float, pa.Check.gt(0), nullable=True),
            "denominator_ref": pa.Column(**nullable_str),
            "aggregation": pa.Column(str, isin(AGGREGATIONS)),
            "quote": pa.Column(str, pa.Check.str_length(min_value=3)),
            "note": pa.Column(**nullable_str),
            "confidence": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
        },
        strict=True,
        coerce=True,
    )


def _parse_file(path: Path) -> tuple[dict, list[dict], list[dict], list[str]]:
    """One register file → (source row, locality rows, claim rows, problems)."""
    doc = load_yaml_file(path)
    if not isinstance(doc, dict):
        raise RegisterError(path, ["the file must hold a mapping with a 'claims' list"])
    problems = [f"unknown top-level field {key!r}" for key in sorted(set(doc) - TOP_KEYS)]
    for key in ("register", "synthetic", "source", "localities", "claims"):
        if key not in doc:
            problems.append(f"missing top-level field {key!r}")
    if problems:
        raise RegisterError(path, problems)
    meta = _parse_source(doc, path, problems)
    localities = _parse_localities(doc["localities"] or {}, meta["register"], problems)
    keys = {loc["locality"] for loc in localities}
    defaults = doc.get("defaults") or {}
    for field in sorted(set(defaults) - CLAIM_KEYS):
        problems.append(f"defaults: unknown field {field!r}")
    if not isinstance(doc["claims"], list) or not doc["claims"]:
        problems.append("field 'claims' must be a non-empty list")
        raise RegisterError(path, problems)
    claims = []
    for n, raw in enumerate(doc["claims"], start=1):
        cid = raw.get("id", f"#{n}") if isinstance(raw, dict) else f"#{n}"
        row = _parse_claim(raw, cid, defaults, keys, meta, problems)
        if row is not None:
            claims.append(row)
    return meta, localities, claims, problems


def _parse_source(doc: dict, path: Path, problems: list[str]) -> dict:
    """The register's name, synthetic flag and source block, as one row of ``sources``."""
    if not isinstance(doc["synthetic"], bool):
        problems.append("field 'synthetic' must be true or false")
    source = doc["source"] or {}
    if not isinstance(source, dict):
        problems.append(f"field 'source' must be a mapping (id, title, publisher, …), "
                        f"not a {type(source).__name__}")
        source = {}
    for key in sorted(set(source) - SOURCE_KEYS):
        problems.append(f"source: unknown field {key!r}")
    if not source.get("id"):
        problems.append("source: missing field 'id'")
    meta = {
        "register": str(doc["register"]),
        "synthetic": doc["synthetic"],
        "source_id": str(source.get("id")),
        "title": _nfc(source.get("title")),
        "publisher": _nfc(source.get("publisher")),
        "published": _as_date_text(source.get("published"), "source.published", problems),
        "published_note": _nfc(source.get("published_note")),
        "file": str(path),
    }
    if not re.match(r"^[a-z0-9][a-z0-9-]*$", meta["register"]):
        problems.append(f"field 'register' must be lowercase letters, digits and '-': "
                        f"{meta['register']!r}")
    return meta


def _parse_localities(block: dict, register: str, problems: list[str]) -> list[dict]:
    """The ``localities`` block → one row per locality; parents and partitions must exist."""
    localities = []
    for key, loc in block.items():
        where = f"locality {key!r}"
        if not isinstance(loc, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        for field in sorted(set(loc) - LOCALITY_KEYS):
            problems.append(f"{where}: unknown field {field!r}")
        if not loc.get("name"):
            problems.append(f"{where}: missing field 'name'")
        if loc.get("level") not in LOCALITY_LEVELS:
            problems.append(f"{where}: field 'level' must be one of {', '.join(LOCALITY_LEVELS)}")
        code = loc.get("code")
        if code is not None and not isinstance(code, str):
            problems.append(f"{where}: field 'code' must be a quoted string "
                            "(YAML turns 007 into 7)")
        if (code is None) != (loc.get("code_list") is None):
            problems.append(f"{where}: 'code' and 'code_list' go together")
        count = loc.get("unit_count")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int)
                                  or count < 0):
            problems.append(f"{where}: field 'unit_count' must be a whole number of units, "
                            f"got {count!r}")
        localities.append({
            "register": register, "locality": str(key), "name": _nfc(loc.get("name")),
            "level": loc.get("level"), "code": code, "code_list": loc.get("code_list"),
            "parent": loc.get("parent"), "unit_count": loc.get("unit_count"),
            "partition": tuple(loc.get("partition") or ()),
        })
    keys = {loc["locality"] for loc in localities}
    for loc in localities:
        for ref in [loc["parent"], *loc["partition"]]:
            if ref is not None and ref not in keys:
                problems.append(f"locality {loc['locality']!r}: refers to undefined "
                                f"locality {ref!r}")
    return localities


def _parse_claim(raw, cid: str, defaults: dict, keys: set, meta: dict,
                 problems: list[str]) -> dict | None:
    """One claim (with the file's ``defaults``) → a row of the claims table, or None."""
    where = f"claim {cid}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a mapping")
        return None
    claim = {**defaults, **raw}
    for field in sorted(set(claim) - CLAIM_KEYS):
        problems.append(f"{where}: unknown field {field!r}")
    missing = [f for f in CLAIM_REQUIRED if f not in claim]
    for field in missing:
        problems.append(f"{where}: missing field {field!r}")
    if missing:
        return None
    if claim["locality"] not in keys:
        problems.append(f"{where}: field 'locality': undefined locality {claim['locality']!r}")
    _check_value(claim, where, problems)
    row = {
        "claim_id": cid, "register": meta["register"], "source_id": meta["source_id"],
        **{k: claim.get(k) for k in CLAIM_REQUIRED if k != "id"},
        "note": claim.get("note"), "confidence": claim.get("confidence"),
    }
    for field in ("period_start", "period_end"):
        row[field] = _as_date_text(claim[field], f"{where}: field {field!r}", problems)
    for field in ("quote", "note", "value_text"):
        row[field] = _nfc(row[field])
    return row


def _check_value(claim: dict, where: str, problems: list[str]) -> None:
    """``value_text`` is a Vietnamese number that ``value``, ``unit`` and ``denominator`` fit."""
    vt = claim["value_text"]
    if not isinstance(vt, str):
        problems.append(f"{where}: field 'value_text' must be a quoted string, got {vt!r}")
        return
    try:
        parsed = parse_vn_number(vt)
    except ValueError as exc:
        problems.append(f"{where}: field 'value_text': {exc}")
        return
    value = claim["value"]
    if not isinstance(value, (int, float)) or float(parsed.value) != float(value):
        problems.append(
            f"{where}: field 'value' is {value!r} but value_text {vt!r} reads "
            f"{parsed.as_float:g}")
    # "0,8 điểm phần trăm" is written without "%": percentage points go either way
    if claim["unit"] != "percentage_point" and parsed.percent != (claim["unit"] == "percent"):
        problems.append(f"{where}: field 'unit': {claim['unit']!r} does not fit {vt!r}")
    if parsed.denominator is not None and claim["denominator"] != float(parsed.denominator):
        problems.append(f"{where}: field 'denominator' must be "
                        f"{float(parsed.denominator):g}, as in {vt!r}")


def load_register(paths) -> Register:
    """Read claim files, validate them, and return one Register.

    Every problem in a file is collected before failing (like pandera's ``lazy=True``), and the
    error names the file, the claim id and the field. Cross-file rule: claim ids are unique.
    """
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    if not paths:
        raise InputError("(no files)", "no claim files given")
    metas, locs, rows = [], [], []
    for path in paths:
        meta, localities, claims, problems = _parse_file(path)
        claims_df = pd.DataFrame(claims)
        if not claims_df.empty:
            problems += _schema_problems(claims_df)
            problems += _reference_problems(claims_df)
        if problems:
            raise RegisterError(path, problems)
        if any(m["register"] == meta["register"] for m in metas):
            raise InputError(path, f"register {meta['register']!r} is already loaded from another "
                                   "file")
        metas.append(meta)
        locs.extend(localities)
        rows.extend(claims)
    claims_df = pd.DataFrame(rows)
    dup = claims_df["claim_id"][claims_df["claim_id"].duplicated()]
    if not dup.empty:
        raise InputError(paths[-1], f"claim id {dup.iloc[0]!r} is used in more than one file")
    claims_df = _claim_schema().validate(claims_df)
    localities_df = pd.DataFrame(locs)
    claims_df = _attach_localities(claims_df, localities_df)
    sources = pd.DataFrame(metas)
    return Register(claims_df, localities_df, sources)


def _schema_problems(df: pd.DataFrame) -> list[str]:
    try:
        _claim_schema().validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        out = []
        for case in exc.failure_cases.itertuples():
            idx = case.index
            cid = df["claim_id"].iloc[int(idx)] if idx is not None and not pd.isna(idx) else None
            where = f"claim {cid}" if cid is not None else "claims"
            out.append(f"{where}: field {case.column!r}: fails {case.check} "
                       f"(value {case.failure_case!r})")
        return out
    return []


def _reference_problems(df: pd.DataFrame) -> list[str]:
    out = []
    ids = set(df["claim_id"])
    for row in df.itertuples():
        if _present(row.denominator_ref) and row.denominator_ref not in ids:
            out.append(f"claim {row.claim_id}: field 'denominator_ref': no claim "
                       f"{row.denominator_ref!r} in this file")
        if _present(row.period_start) and _present(row.period_end) and (
                row.period_start > row.period_end):
            out.append(f"claim {row.claim_id}: field 'period_start' is after 'period_end'")
    return out


def _attach_localities(claims: pd.DataFrame, localities: pd.DataFrame) -> pd.DataFrame:
    """Add the locality's name as written, level, and code (own, or nearest coded ancestor's)."""
    by_key = {(r.register, r.locality): r for r in localities.itertuples()}

    def coded(reg, key):
        seen = set()
        while key is not None and key not in seen:
            seen.add(key)
            loc = by_key[(reg, key)]
            if _present(loc.code):
                return loc.code, loc.code_list
            key = loc.parent if _present(loc.parent) else None
        return None, None

    out = claims.copy()
    out["locality_name"] = [by_key[(r, k)].name for r, k in zip(out["register"], out["locality"])]
    out["locality_level"] = [by_key[(r, k)].level for r, k in zip(out["register"],
                                                                   out["locality"])]
    codes = [coded(r, k) for r, k in zip(out["register"], out["locality"])]
    out["locality_code"] = [c for c, _ in codes]
    out["code_list"] = [cl for _, cl in codes]
    return out


def register_sha256(paths) -> str:
    """Content hash of the claim files, for the report's provenance cell."""
    h = hashlib.sha256()
    for p in sorted(Path(x) for x in paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()
