"""Parameter files: one YAML per locality and period in ``params/``, validated before any kernel
starts.

papermill only *warns* about a parameter the notebook does not declare and injects it anyway
(papermill #818), and YAML turns ``007`` into 7 and ``NO`` into False (anchors.md finding 1). So
the file is read here, checked by a pydantic model that forbids unknown keys and unsafe names,
and compared with the notebook's own parameters cell (``papermill.inspect_notebook``) before
papermill sees it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from motcua.config import CLAIMS_DIR, resolve_claims_file, resolve_path
from motcua.errors import ParamsError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


class AuditParams(BaseModel):
    """Parameters of ``notebooks/01_claims_audit.ipynb``."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    slug: str = Field(description="report folder name: lowercase letters, digits and '-'")
    title: str = Field(min_length=1, description="locality and period, as the report heads it")
    claims_files: list[str] = Field(
        min_length=1,
        description="claim files: a name in data/claims/ or a path to a register file")
    confidence: float = Field(0.95, gt=0.5, lt=1.0,
                              description="confidence of intervals and bounds")
    reference_late_rate: float = Field(
        0.008, gt=0.0, lt=1.0,
        description="late rate against which a perfect on-time record is judged")

    records_dir: str = Field(
        "", description="folder of clean records (dossiers/events/surveys parquet), '' for none")

    @field_validator("records_dir")
    @classmethod
    def _records(cls, v: str) -> str:
        if v and not (resolve_path(v) / "dossiers.parquet").is_file():
            raise ValueError(f"no dossiers.parquet in {v!r} (relative paths start at the "
                             "project root)")
        return v

    @field_validator("slug")
    @classmethod
    def _slug(cls, v: str) -> str:
        # The slug names the output folder: no '/', '..' or absolute paths can get through.
        if not SLUG.match(v):
            raise ValueError("must be 1-64 lowercase letters, digits or '-', starting with a "
                             "letter or digit")
        return v

    @field_validator("claims_files")
    @classmethod
    def _claims(cls, v: list[str]) -> list[str]:
        for name in v:
            if not resolve_claims_file(name).is_file():
                raise ValueError(f"no claim file {name!r} (looked in {CLAIMS_DIR}, then as a path from the project root)")
        return v


def load_params(path: str | Path, model: type[BaseModel] = AuditParams) -> BaseModel:
    """Read and validate a parameter file; errors name the file and the key."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParamsError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise ParamsError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ParamsError(f"{path}: must be a mapping of parameter names to values")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(x) for x in err["loc"]) or "(file)"
            msg = "unknown parameter" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"key {key!r}: {msg}")
        raise ParamsError(f"{path}: " + "; ".join(problems)) from None


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
