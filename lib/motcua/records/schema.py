"""pandera schemas of the clean tables: the shared contract other modules consume.

Tables: dossiers (one row per dossier), events (long), survey responses, procedure catalogue.
Codes are the canonical English ones of :mod:`motcua.vn.vocab` (status = docs/domain.md §1.4 codes
1-10 in order; channel = ``KenhThucHien`` 1-3; fields and levels from the §9 glossary).
Datetimes are tz-naive local time (Vietnam has one zone, UTC+7, no DST) in nanoseconds,
which is what pandera coerces to (stack-notes.md).

Row rules that come from the domain and are checked here as well as, vectorised, in
:mod:`motcua.records.convert` (where a failing row is quarantined with a reason):

* a dossier cannot end, be returned or fall due before it was received (a clock that runs
  backwards is a data error: ND 61/2018 Art. 3 defines receipt as the start of handling);
* a dossier id is unique (ND 61/2018: each dossier has one unique electronic ID, domain.md §1.2);
* the statutory limit is not negative.

Use ``validate(df, lazy=True)`` to collect every failure (``SchemaErrors.failure_cases``).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from typing import Optional

from motcua.vn import vocab

#: GSO code-list vintages a table may name. Only 2025-01-04 and 2025-07-01 ship as tables
#: (data/real/vietnamadminunits-1.0.4); 2023-05-07 is the last list with Kim Bảng's 18
#: communes of 2022 (two merged in 2025), named so that records of that year keep their codes.
CODE_LIST_VINTAGES = ("gso-2021-02-03", "gso-2023-05-07", "gso-2025-01-04", "gso-2025-07-01")


def _cat(codes: tuple[str, ...], nullable: bool = False):
    return pa.Field(dtype_kwargs={"categories": list(codes), "ordered": False},
                    nullable=nullable, coerce=False)


def _not_before(df: pd.DataFrame, later: str, earlier: str = "received_at") -> pd.Series:
    a, b = df[later], df[earlier]
    return a.isna() | b.isna() | (a >= b)


class DossierSchema(pa.DataFrameModel):
    """One row per dossier (hồ sơ)."""

    dossier_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    locality_code: Series[str] = pa.Field(str_matches=r"^\d{2}(\d|\d{3})?$")
    code_list: Series[str] = pa.Field(isin=list(CODE_LIST_VINTAGES))
    reception_unit: Series[str] = pa.Field(str_length={"min_value": 1})
    procedure_id: Series[str] = pa.Field(str_length={"min_value": 1})
    field_code: Series[pd.CategoricalDtype] = _cat(vocab.FIELDS)
    channel: Series[pd.CategoricalDtype] = _cat(vocab.CHANNELS)
    received_at: Series[pa.DateTime] = pa.Field(nullable=False)
    #: label of SYNTHETIC tables (motcua.simulate); real exports do not have it
    is_synthetic: Optional[Series[bool]] = pa.Field(nullable=False)
    due_at: Series[pa.DateTime] = pa.Field(nullable=True)
    processing_end_at: Series[pa.DateTime] = pa.Field(nullable=True)
    returned_at: Series[pa.DateTime] = pa.Field(nullable=True)
    status: Series[pd.CategoricalDtype] = _cat(vocab.DOSSIER_STATUSES)
    statutory_limit: Series[float] = pa.Field(nullable=True, ge=0)
    limit_unit: Series[pd.CategoricalDtype] = _cat(vocab.LIMIT_UNITS, nullable=True)
    is_interagency: Series[bool]
    apology_issued_at: Series[pa.DateTime] = pa.Field(nullable=True)
    #: present only when the export had an applicant ID column (privacy.keyed_hash)
    applicant_key: Series[str] | None = pa.Field(nullable=True)

    @pa.dataframe_check(error="processing ends before receipt")
    def resolved_not_before_received(cls, df: pd.DataFrame) -> pd.Series:
        return _not_before(df, "processing_end_at")

    @pa.dataframe_check(error="returned before receipt")
    def returned_not_before_received(cls, df: pd.DataFrame) -> pd.Series:
        return _not_before(df, "returned_at")

    @pa.dataframe_check(error="due before receipt")
    def due_not_before_received(cls, df: pd.DataFrame) -> pd.Series:
        return _not_before(df, "due_at")

    class Config:
        strict = True
        ordered = False


class EventSchema(pa.DataFrameModel):
    """Long table of dossier events (TT 01/2018 forms as event records, domain.md §1.3)."""

    dossier_id: Series[str] = pa.Field(str_length={"min_value": 1})
    event: Series[pd.CategoricalDtype] = _cat(vocab.EVENTS)
    at: Series[pa.DateTime] = pa.Field(nullable=False)
    #: label of SYNTHETIC tables (motcua.simulate); real exports do not have it
    is_synthetic: Optional[Series[bool]] = pa.Field(nullable=False)

    class Config:
        strict = True


class SurveySchema(pa.DataFrameModel):
    """One row per answer: a response to one criterion (domain.md §3.1)."""

    response_id: Series[str] = pa.Field(str_length={"min_value": 1})
    locality_code: Series[str] = pa.Field(str_matches=r"^\d{2}(\d|\d{3})?$")
    code_list: Series[str] = pa.Field(isin=list(CODE_LIST_VINTAGES))
    reception_unit: Series[str] = pa.Field(str_length={"min_value": 1})
    dossier_id: Series[str] = pa.Field(nullable=True)
    answered_at: Series[pa.DateTime] = pa.Field(nullable=False)
    criterion: Series[str] = pa.Field(str_length={"min_value": 1})
    satisfaction_level: Series[pd.CategoricalDtype] = _cat(vocab.SATISFACTION_LEVELS)
    scale_points: Series[int] = pa.Field(isin=[3, 5])
    #: label of SYNTHETIC tables (motcua.simulate); real exports do not have it
    is_synthetic: Optional[Series[bool]] = pa.Field(nullable=False)

    @pa.dataframe_check(error="a 3-point form has no neutral or very_dissatisfied level")
    def level_fits_scale(cls, df: pd.DataFrame) -> pd.Series:
        five_only = df["satisfaction_level"].isin(sorted(vocab.FIVE_POINT_ONLY))
        return ~(five_only & (df["scale_points"] == 3))

    @pa.dataframe_check(error="one answer per response and criterion")
    def unique_answer(cls, df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(["response_id", "criterion"], keep="first")

    class Config:
        strict = True


class ProcedureSchema(pa.DataFrameModel):
    """Procedure catalogue (TTHC), one row per procedure."""

    procedure_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    name: Series[str] = pa.Field(str_length={"min_value": 1})
    field_code: Series[pd.CategoricalDtype] = _cat(vocab.FIELDS)
    competence_level: Series[pd.CategoricalDtype] = _cat(vocab.COMPETENCE_LEVELS)
    statutory_limit: Series[float] = pa.Field(nullable=True, ge=0)
    limit_unit: Series[pd.CategoricalDtype] = _cat(vocab.LIMIT_UNITS, nullable=True)
    online_level: Series[pd.CategoricalDtype] = _cat(vocab.ONLINE_LEVELS, nullable=True)
    online_level_legacy: Series[pd.Int8Dtype] = pa.Field(nullable=True, ge=1, le=4)
    is_interagency: Series[bool]

    class Config:
        strict = True


SCHEMAS: dict[str, type[pa.DataFrameModel]] = {
    "dossiers": DossierSchema,
    "events": EventSchema,
    "surveys": SurveySchema,
    "procedures": ProcedureSchema,
}
