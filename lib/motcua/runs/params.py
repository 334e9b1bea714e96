"""Parameter files: one YAML per locality and period in ``params/``, validated before any kernel
starts.

papermill only *warns* about a parameter the notebook does not declare and injects it anyway
(papermill #818), and YAML turns ``007`` into 7 and ``NO`` into False (anchors.md finding 1). So
the file is read here, checked by a pydantic model per notebook that forbids unknown keys and
unsafe names, and compared with the notebook's own parameters cell
(``papermill.inspect_notebook``) before papermill sees it.

One file serves every notebook. Keys at the top level are shared (``slug``, ``title``,
``language``, ``records_dir``, and the claims audit's keys); a notebook's own keys may sit in a
section named by the notebook's ``SECTION`` (e.g. ``satisfaction:``), which wins over the top
level. A notebook whose model says it does not apply (``not_applicable``) is listed as such by
``motcua batch``, not run. Relative paths follow one rule, :func:`motcua.config.resolve_path`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from motcua.config import CLAIMS_DIR, resolve_claims_file, resolve_path
from motcua.errors import ParamsError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class NotebookParams(BaseModel):
    """Parameters every notebook takes. Subclasses add their own and set ``SECTION``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    #: Key of the notebook's own section in a parameter file (None: top level only).
    SECTION: ClassVar[str | None] = None

    slug: str = Field(description="report folder name: lowercase letters, digits and '-'")
    title: str = Field(min_length=1, description="locality and period, as the report heads it")
    language: Literal["en", "vi"] = Field("en", description="language of the report")

    @field_validator("slug")
    @classmethod
    def _slug(cls, v: str) -> str:
        # The slug names the output folder: no '/', '..' or absolute paths can get through.
        if not SLUG.match(v):
            raise ValueError("must be 1-64 lowercase letters, digits or '-', starting with a "
                             "letter or digit")
        return v

    def not_applicable(self) -> str | None:
        """Why this notebook has nothing to say for these parameters (None: it applies)."""
        return None


def check_records_dir(v: str) -> str:
    """A ``records_dir`` value: '' or a folder with ``dossiers.parquet``."""
    if v and not (resolve_path(v) / "dossiers.parquet").is_file():
        raise ValueError(f"no dossiers.parquet in {v!r} (relative paths start at the project "
                         "root)")
    return v


def check_claims_files(v: list[str]) -> list[str]:
    """``claims_files``: each a register in data/claims/ or a path from the project root."""
    for name in v:
        if not resolve_claims_file(name).is_file():
            raise ValueError(f"no claim file {name!r} (looked in {CLAIMS_DIR}, then as a path "
                             "from the project root)")
    return v


#: The shared keys' types, validated wherever a notebook declares them.
RecordsDir = Annotated[str, AfterValidator(check_records_dir)]
ClaimsFiles = Annotated[list[str], AfterValidator(check_claims_files)]


class AuditParams(NotebookParams):
    """Parameters of ``notebooks/01_claims_audit``."""

    claims_files: ClaimsFiles = Field(
        default_factory=list,
        description="claim files: a name in data/claims/ or a path to a register file")
    confidence: float = Field(0.95, gt=0.5, lt=1.0,
                              description="confidence of intervals and bounds")
    reference_late_rate: float = Field(
        0.008, gt=0.0, lt=1.0,
        description="late rate against which a perfect on-time record is judged")
    records_dir: RecordsDir = Field(
        "", description="folder of clean records (dossiers/events/surveys parquet), '' for none")


    def not_applicable(self) -> str | None:
        return None if self.claims_files else "no published claims (claims_files is empty)"


class DriversParams(NotebookParams):
    """Parameters of ``notebooks/03_ontime_drivers``: on-time rates, their drivers and the
    forensic signals of one locality's dossier records. A locality with published claims but
    no records still gets the notebook: it says which records it would need."""

    SECTION: ClassVar[str | None] = "ontime_drivers"

    records_dir: RecordsDir = Field(
        "", description="folder of clean records (dossiers/events/surveys parquet), '' for none")
    claims_files: ClaimsFiles = Field(
        default_factory=list,
        description="claim files whose on-time claims are shown beside the recomputed rates")
    convention: Literal["qd766", "to_handle", "due_in_period", "resolved_only",
                        "received_cohort"] = Field(
        "received_cohort", description="the on-time convention the locality reports")
    strict_convention: Literal["qd766", "to_handle", "due_in_period", "resolved_only",
                               "received_cohort"] = Field(
        "qd766", description="the national QĐ 766 rule, shown beside the reported convention")
    confidence: float = Field(0.95, gt=0.5, lt=1.0,
                              description="confidence of intervals; 1 − confidence is the "
                                          "family-wise false-alarm rate of each signal")
    seed: int = Field(20260101, ge=0, description="seed of the bootstraps")
    bootstrap_reps: int = Field(999, ge=99, le=9999,
                                description="replicates of the wild cluster and bunching "
                                            "bootstraps")


    def not_applicable(self) -> str | None:
        if self.records_dir or self.claims_files:
            return None
        return "no dossier records and no published claims (records_dir and claims_files are empty)"


class SatisfactionParams(NotebookParams):
    """Parameters of ``notebooks/02_satisfaction``: survey records of a locality, or the real
    QĐ 766 aggregates (``source: "dvc766"``, data/real/dvc766-crawler766/SOURCE.md)."""

    SECTION: ClassVar[str | None] = "satisfaction"

    source: Literal["records", "dvc766"] = Field(
        "records", description="survey records (records_dir) or the real 766 aggregates")
    records_dir: RecordsDir = Field(
        "", description="folder of clean records (dossiers/events/surveys parquet), '' for none")
    claims_files: ClaimsFiles = Field(
        default_factory=list,
        description="claim files whose satisfaction claims are shown beside the distributions")
    dvc766_dir: str = Field("data/real/dvc766-crawler766",
                            description="folder of the 766 CSVs (source dvc766)")
    confidence: float = Field(0.95, gt=0.5, lt=1.0, description="confidence of intervals")
    signal_alpha: float = Field(
        0.01, gt=0.0, lt=0.5,
        description="chance that a form-quality signal flags any clean office of the locality")
    seed: int = Field(20260101, ge=0, description="seed of the bootstrap and simulations")
    bootstrap_reps: int = Field(100, ge=0, le=2000,
                                description="office-cluster bootstrap replicates of the model")


    def not_applicable(self) -> str | None:
        if self.source == "dvc766":
            folder = resolve_path(self.dvc766_dir)
            return None if (folder / DVC766_UNITS).is_file() else (
                f"no {DVC766_UNITS} in {self.dvc766_dir!r}")
        if not self.records_dir:
            return "no survey records (records_dir is empty)"
        path = resolve_path(self.records_dir) / "surveys.parquet"
        if not path.is_file():
            return f"no survey forms (no surveys.parquet in {self.records_dir!r})"
        import pyarrow.parquet as pq

        if pq.read_metadata(path).num_rows == 0:
            return f"no survey forms (surveys.parquet in {self.records_dir!r} is empty)"
        return None


#: The unit file of the 766 extract (data/real/dvc766-crawler766/SOURCE.md).
DVC766_UNITS = "gialai_766_units_2026_extract.csv"


class ComparisonParams(NotebookParams):
    """Parameters of ``notebooks/04_commune_comparison``: which units to compare (the records'
    communes or districts, or a real public source) on which indicators
    (``motcua.analysis.compare_data``)."""

    SECTION: ClassVar[str | None] = "comparison"

    records_dir: RecordsDir = Field(
        "", description="folder of clean records (dossiers/events/surveys parquet), '' for none")
    source: Literal["records", "dvc766_units", "dvc766_provinces", "papi"] = Field(
        "records", description="records (records_dir), the Gia Lai 766 units, the 34 "
                               "provinces' 766 scores or the PAPI provinces")
    level: Literal["communes_in_district", "districts_in_province", "departments_in_province",
                   "communes_in_province", "units_in_province", "provinces_in_country"] = Field(
        "communes_in_district", description="which units are compared with each other")
    indicators: list[str] = Field(["on_time"], min_length=1,
                                  description="indicators of the source, one comparison each")
    convention: Literal["qd766", "to_handle", "due_in_period", "resolved_only",
                        "received_cohort"] = Field(
        "received_cohort", description="on-time convention for records")
    year: int = Field(0, ge=0, description="year compared, for scores (0: the latest)")
    panel_years: list[int] = Field(
        default_factory=list, description="years whose scores give the year-to-year noise "
                                          "(empty: every year with the same definition)")
    published_ranking: list[str] = Field(
        default_factory=list, description="unit codes in a published ranking, best first")
    seed: int = Field(20260101, ge=0, description="seed of the rank simulation")
    confidence_levels: list[float] = Field([0.95, 0.998], min_length=1,
                                           description="confidence levels of the funnel limits")
    trim: float = Field(0.1, ge=0.0, lt=0.5,
                        description="share Winsorised in each tail before φ is estimated")


    @field_validator("level")
    @classmethod
    def _level(cls, v: str, info) -> str:
        from motcua.analysis.compare_data import SOURCE_LEVELS

        source = info.data.get("source", "records")
        if v not in SOURCE_LEVELS[source]:
            raise ValueError(f"source {source!r} has levels {', '.join(SOURCE_LEVELS[source])}")
        return v

    @field_validator("indicators")
    @classmethod
    def _indicators(cls, v: list[str], info) -> list[str]:
        from motcua.analysis.compare_data import check_indicator

        for name in v:
            check_indicator(info.data.get("source", "records"), name)
        return v

    @field_validator("confidence_levels")
    @classmethod
    def _levels(cls, v: list[float]) -> list[float]:
        if any(not 0.5 < c < 1 for c in v):
            raise ValueError("confidence levels lie between 0.5 and 1")
        return v

    def not_applicable(self) -> str | None:
        if self.source != "records":
            return None
        if not self.records_dir:
            return "no records and no public source to compare units with (records_dir is empty)"
        from motcua.analysis.compare import MIN_UNITS
        from motcua.analysis.compare_data import record_unit_count

        n = record_unit_count(resolve_path(self.records_dir) / "dossiers.parquet", self.level)
        if n < MIN_UNITS:
            return (f"{n} reception unit(s) at level {self.level} in the records: fewer than "
                    f"{MIN_UNITS}, nothing to compare")
        return None

class EffectsParams(NotebookParams):
    """Parameters of ``notebooks/05_reform_effects``: an event study of a reform adopted by
    communes at staggered dates (a SYNTHETIC panel, or clean records with adoption dates), or
    the real PAPI province panel around a dated national reform (``source: "papi"``)."""

    SECTION: ClassVar[str | None] = "reform_effects"

    source: Literal["synthetic_panel", "records", "papi"] = Field(
        "records", description="records (records_dir + adoption dates), a SYNTHETIC staggered "
                               "panel, or the real PAPI province panel")
    records_dir: RecordsDir = Field(
        "", description="folder of clean records (dossiers/events/surveys parquet), '' for none")
    outcome: Literal["on_time_rate", "online_share", "satisfaction_share", "C05", "C06"] = Field(
        "on_time_rate", description="panel outcome, or PAPI dimension (C05 public "
                                    "administrative procedures, C06 public service delivery)")
    convention: Literal["qd766", "to_handle", "due_in_period", "resolved_only",
                        "received_cohort"] = Field(
        "received_cohort", description="on-time convention for records")
    adoption: dict[str, str] = Field(
        default_factory=dict, description="commune code → adoption date YYYY-MM-DD (quoted)")
    adoption_file: str = Field(
        "", description="CSV with columns unit_code, adopted_on (instead of adoption)")
    cluster: Literal["district", "commune"] = Field(
        "district", description="clusters of the wild bootstrap")
    window_pre: int = Field(6, ge=2, le=36, description="event times shown before adoption")
    window_post: int = Field(12, ge=0, le=60, description="event times shown after adoption")
    confidence: float = Field(0.95, gt=0.5, lt=1.0, description="confidence of intervals")
    bootstrap_reps: int = Field(999, ge=99, le=9999,
                                description="replicates of the wild cluster bootstrap")
    seed: int = Field(20260101, ge=0, description="seed of the synthetic panel and bootstrap")
    synthetic_locality: str = Field(
        "20", description="pre-2025 province or district code whose communes the SYNTHETIC "
                          "panel uses")
    n_units: int = Field(60, ge=10, le=2000, description="communes in the SYNTHETIC panel")
    n_periods: int = Field(30, ge=8, le=120, description="months in the SYNTHETIC panel")
    start: str = Field("2023-01-01", description="first month of the SYNTHETIC panel")
    effect: float = Field(0.005, ge=-0.05, le=0.05,
                          description="planted effect per month since adoption (SYNTHETIC)")
    reform_name: str = Field("", description="the national reform (PAPI)")
    reform_date: str = Field("2018-06-21", description="date the reform took effect (PAPI)")
    window_years: int = Field(2, ge=1, le=6, description="survey years on each side (PAPI)")


    @field_validator("start", "reform_date")
    @classmethod
    def _date(cls, v: str) -> str:
        import datetime

        datetime.date.fromisoformat(v)
        return v

    @field_validator("adoption")
    @classmethod
    def _adoption(cls, v: dict[str, str]) -> dict[str, str]:
        import datetime

        for code, day in v.items():
            if not re.fullmatch(r"\d{5}", code):
                raise ValueError(f"{code!r}: a commune code has 5 digits (quote it)")
            datetime.date.fromisoformat(day)
        return v

    @field_validator("adoption_file")
    @classmethod
    def _adoption_file(cls, v: str) -> str:
        if v and not resolve_path(v).is_file():
            raise ValueError(f"no adoption table {v!r}")
        return v

    @field_validator("outcome")
    @classmethod
    def _outcome(cls, v: str, info) -> str:
        papi = info.data.get("source") == "papi"
        if papi != v.startswith("C0"):
            raise ValueError("PAPI takes outcome C05 or C06; panels take on_time_rate, "
                             "online_share or satisfaction_share")
        return v

    def not_applicable(self) -> str | None:
        if self.source != "records":
            return None
        if not self.records_dir:
            return "no records and no panel to study (records_dir is empty)"
        if not (self.adoption or self.adoption_file):
            return ("no reform adoption dates for the records' communes (reform_effects."
                    "adoption is empty): without communes that adopt a reform inside the "
                    "records' period there is no before and after to compare")
        return None


#: Every notebook's parameter model, by notebook name.
NOTEBOOK_PARAMS: dict[str, type[NotebookParams]] = {
    "01_claims_audit": AuditParams,
    "03_ontime_drivers": DriversParams,
    "02_satisfaction": SatisfactionParams,
    "04_commune_comparison": ComparisonParams,
    "05_reform_effects": EffectsParams,
}


def read_yaml(path: str | Path) -> dict:
    """A parameter file as a mapping; errors name the file."""
    from motcua.safe_yaml import load_yaml_file

    raw = load_yaml_file(path, error=ParamsError)
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: must be a mapping of parameter names to values")
    return raw


def _sections() -> dict[str, type[NotebookParams]]:
    return {m.SECTION: m for m in NOTEBOOK_PARAMS.values() if m.SECTION}


def _check_keys(raw: dict, path) -> None:
    # Top level: the shared keys (the claims audit's, which every file has always had);
    # anything notebook-specific lives in that notebook's section.
    known = set(AuditParams.model_fields) | set(_sections())
    unknown = sorted(k for k in raw if k not in known)
    if unknown:
        raise ParamsError(f"{path}: key {unknown[0]!r}: unknown parameter")
    for key, model in _sections().items():
        if key in raw and not isinstance(raw[key], dict):
            raise ParamsError(f"{path}: key {key!r}: must be a mapping of {model.__name__} keys")


def params_for(raw: dict, model: type[NotebookParams], path) -> NotebookParams:
    """The values ``model`` takes from a parameter file: top-level keys it declares, then its
    section."""
    values = {k: v for k, v in raw.items() if k in model.model_fields}
    section = raw.get(model.SECTION) if model.SECTION else None
    values.update(section or {})
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(x) for x in err["loc"]) or "(file)"
            if model.SECTION and section and err["loc"] and err["loc"][0] in section:
                key = f"{model.SECTION}.{key}"
            msg = "unknown parameter" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"key {key!r}: {msg}")
        raise ParamsError(f"{path}: " + "; ".join(problems)) from None


def load_params(path: str | Path, notebook: str = "01_claims_audit") -> NotebookParams:
    """Read and validate a parameter file for one notebook; errors name the file and the key."""
    raw = read_yaml(path)
    _check_keys(raw, path)
    if notebook not in NOTEBOOK_PARAMS:
        raise ParamsError(f"no parameter model for notebook {notebook!r}")
    return params_for(raw, NOTEBOOK_PARAMS[notebook], path)


def check_against_notebook(params: BaseModel, notebook: str | Path, source: str = "") -> dict:
    """The parameters to inject: each must be declared in the notebook's parameters cell."""
    import papermill

    declared = set(papermill.inspect_notebook(str(notebook)))
    if not declared:
        raise ParamsError(f"{notebook}: has no cell tagged 'parameters'")
    given = params.model_dump()
    unknown = sorted(set(given) - declared)
    if unknown:
        raise ParamsError(f"{source or notebook}: parameter(s) {', '.join(unknown)} not declared "
                          f"in {Path(notebook).name}")
    return given
