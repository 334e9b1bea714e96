"""The columns of the clean tables: output types per kind, how each input column is read, and
the arrow schema (with pandas metadata) the parquet files carry."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from motcua.config import CODE_LIST_2025_07, CODE_LIST_LEGACY
from motcua.vn import vocab

TABLE_KINDS = ("dossiers", "surveys", "procedures")
RESOLVABLE_CODE_LISTS = (CODE_LIST_LEGACY, CODE_LIST_2025_07)
#: Day the new code list took effect (QĐ 19/2025/QĐ-TTg; docs/domain.md §8).
MERGER_DATE = np.datetime64("2025-07-01", "ns")
QUARANTINE_COLUMNS = ["file", "sheet", "row", "column", "value", "reason", "detail"]

_TS = pa.timestamp("ns")


def cat_type() -> pa.DataType:
    return pa.dictionary(pa.int8(), pa.string())


#: Output arrow types per kind (pandas reads dictionary columns back as categoricals whose
#: categories are the vocab codes in contract order).
OUTPUT: dict[str, dict[str, pa.DataType | tuple[str, ...]]] = {
    "dossiers": {
        "dossier_id": pa.string(), "locality_code": pa.string(), "code_list": pa.string(),
        "reception_unit": pa.string(), "procedure_id": pa.string(),
        "field_code": vocab.FIELDS, "channel": vocab.CHANNELS, "received_at": _TS,
        "due_at": _TS, "processing_end_at": _TS, "returned_at": _TS,
        "status": vocab.DOSSIER_STATUSES, "statutory_limit": pa.float64(),
        "limit_unit": vocab.LIMIT_UNITS, "is_interagency": pa.bool_(),
        "apology_issued_at": _TS,
    },
    "surveys": {
        "response_id": pa.string(), "locality_code": pa.string(), "code_list": pa.string(),
        "reception_unit": pa.string(), "dossier_id": pa.string(), "answered_at": _TS,
        "criterion": pa.string(), "satisfaction_level": vocab.SATISFACTION_LEVELS,
        "scale_points": pa.int64(),
    },
    "procedures": {
        "procedure_id": pa.string(), "name": pa.string(), "field_code": vocab.FIELDS,
        "competence_level": vocab.COMPETENCE_LEVELS, "statutory_limit": pa.float64(),
        "limit_unit": vocab.LIMIT_UNITS, "online_level": vocab.ONLINE_LEVELS,
        "online_level_legacy": pa.int8(), "is_interagency": pa.bool_(),
    },
}
#: How each input column is read and converted.
ROLE = {
    "dossier_id": "id", "response_id": "id", "procedure_id": "text", "name": "text",
    "locality_code": "text", "locality_name": "text", "code_list": "text",
    "reception_unit": "text", "criterion": "text",
    "field_code": "code", "channel": "code", "status": "code", "limit_unit": "code",
    "satisfaction_level": "code", "competence_level": "code", "online_level": "code",
    "received_at": "date", "due_at": "date", "processing_end_at": "date", "returned_at": "date",
    "apology_issued_at": "date", "answered_at": "date",
    "statutory_limit": "number", "scale_points": "number", "online_level_legacy": "legacy",
    "is_interagency": "bool",
}
#: Text columns that are identifiers or codes, never free text: not scanned for personal data
#: (a 12-digit numeric dossier number would otherwise be masked as an ID number).
IDENTIFIERS = frozenset({"dossier_id", "response_id", "procedure_id", "locality_code",
                         "code_list"})
ID_COLUMN = {"dossiers": "dossier_id", "procedures": "procedure_id"}
DATE_COLUMN = {"dossiers": "received_at", "surveys": "answered_at"}


def to_pandas(t: pa.Table) -> pd.DataFrame:
    """Arrow → pandas with the contract's dtypes (a nullable int8 stays ``Int8``)."""
    return t.to_pandas(types_mapper={pa.int8(): pd.Int8Dtype()}.get)


def schema_of(kind: str, applicant: bool) -> pa.Schema:
    """Output arrow schema, with pandas metadata so ``pd.read_parquet`` restores the
    contract's dtypes (categories in vocab order, nullable ``Int8``)."""
    fields = [pa.field(col, cat_type() if isinstance(typ, tuple) else typ)
              for col, typ in OUTPUT[kind].items()]
    if applicant:
        fields.append(pa.field("applicant_key", pa.string()))
    sch = pa.schema(fields)
    empty = to_pandas(sch.empty_table())
    for col, typ in OUTPUT[kind].items():
        if isinstance(typ, tuple):
            empty[col] = pd.Categorical([], categories=list(typ))
    meta = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    return sch.with_metadata(meta)
