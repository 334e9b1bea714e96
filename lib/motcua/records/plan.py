"""Header planning: which file column feeds which canonical column, which columns are personal
(never kept), and what the loader must infer (localities from office names, a wide survey)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from motcua.errors import InputError
from motcua.records.columns import ROLE
from motcua.records.read import Source
from motcua.vn import privacy, vocab


@dataclass
class Plan:
    """Which file columns feed which canonical columns.

    ``locality_from_office``: the file has no locality column, so localities come from the
    office names in ``reception_unit`` (:mod:`motcua.records.offices`). ``wide``: candidate
    criterion columns of a survey sheet with one column per criterion (positions; the data
    decide which of them hold satisfaction levels, :mod:`motcua.records.wide`).
    """

    columns: dict[str, int]  # canonical → position
    applicant_id: int | None
    ignored: list[str]
    personal: list[dict]
    locality_from_office: bool = False
    wide: list[int] = field(default_factory=list)

    def layout(self) -> tuple:
        """What makes two sheets "the same export": the canonical columns they carry."""
        return tuple(sorted(self.columns)), self.applicant_id is not None


def _missing(src: Source, what: str, column: str) -> InputError:
    return InputError(src.label, what, row=src.first_data_row - 1, column=column)


def plan_columns(kind: str, src: Source) -> Plan:
    """Map the header of ``src`` to canonical columns; a required column that is missing, or
    two columns meaning the same, is a fatal InputError naming the column."""
    cols: dict[str, int] = {}
    ignored, personal, unmatched = [], [], []
    applicant_id = None
    for i, label in enumerate(src.header):
        canon = vocab.match_header(label, kind) if label else None
        if canon is not None:
            if canon in cols:
                raise _missing(src, f"columns {src.header[cols[canon]]!r} and {label!r} both "
                                    f"mean {canon!r}", label)
            cols[canon] = i
            continue
        pkind = privacy.personal_header_kind(label) if label else None
        if pkind is not None:
            personal.append({"column": label, "kind": pkind})
            if pkind == "id_number" and applicant_id is None:
                applicant_id = i
        elif label:
            ignored.append(label)
            unmatched.append(i)
    plan = Plan(cols, applicant_id, ignored, personal)
    _check_required(kind, src, plan, unmatched)
    return plan


def _check_required(kind: str, src: Source, plan: Plan, unmatched: list[int]) -> None:
    cols = plan.columns
    for req in vocab.REQUIRED[kind]:
        if req == "locality":
            if "locality_code" in cols or "locality_name" in cols:
                continue
            if "reception_unit" in cols and kind in ("dossiers", "surveys"):
                plan.locality_from_office = True  # "UBND xã Quảng Thái": resolved by name
                continue
            raise _missing(src, "required column missing: a locality code (e.g. "
                                "'MaDonViHanhChinh'), a locality name ('Đơn vị hành chính') or "
                                "the receiving office ('Đơn vị tiếp nhận')", "locality_code")
        if req in cols:
            continue
        if kind == "surveys" and req in ("criterion", "satisfaction_level") and unmatched \
                and "criterion" not in cols and "satisfaction_level" not in cols:
            plan.wide = list(unmatched)  # one column per criterion: decided on the data
            continue
        examples = [k for k, v in vocab.HEADERS[kind].items() if v == req][:3]
        raise _missing(src, f"required column {req!r} missing (known labels include "
                            f"{', '.join(examples)}); header: {src.header}", req)


def read_types(plan: Plan, width: int) -> dict[int, pa.DataType]:
    """Arrow type of every column read: ids and dates as plain strings, labels and text as
    dictionaries (so cleaning and mapping touch each distinct value once)."""
    d = pa.dictionary(pa.int32(), pa.string())
    types: dict[int, pa.DataType] = {}
    for canon, i in plan.columns.items():
        types[i] = pa.string() if ROLE[canon] in ("id", "date") else d
    if plan.applicant_id is not None:
        types[plan.applicant_id] = pa.string()
    for i in plan.wide:
        types[i] = d
    return types


def plan_all(kind: str, sources: list[Source]) -> tuple[list[Source], list[Plan]]:
    """Sources to read and their plans. The sheets of one workbook are read together only when
    they carry the same columns; otherwise the error names the sheets and the option that
    chooses among them (a summary sheet beside the data is the usual case). A hidden sheet
    with other columns (a template's lookup lists) is left out, and named in the notes."""
    plans: list[Plan | InputError] = []
    for s in sources:
        try:
            plans.append(plan_columns(kind, s))
        except InputError as e:
            if s.sheet is None:
                raise
            plans.append(e)
    keep: list[int] = []
    for path in dict.fromkeys(s.path for s in sources):
        idx = [i for i, s in enumerate(sources) if s.path == path]
        layouts = [plans[i].layout() for i in idx if isinstance(plans[i], Plan)]
        if not layouts:
            raise plans[idx[0]]
        common = max(set(layouts), key=layouts.count)
        same = [i for i in idx if isinstance(plans[i], Plan) and plans[i].layout() == common]
        odd = [i for i in idx if i not in same and not sources[i].hidden]
        if odd:
            names = lambda ii: ", ".join(repr(sources[i].sheet) for i in ii)  # noqa: E731
            raise InputError(path, f"sheets {names(same)} have the export's columns, sheets "
                                   f"{names(odd)} do not: choose the sheets to read with "
                                   f"--sheet (sheets=[...])")
        left = [sources[i].sheet for i in idx if i not in same]
        if left:
            sources[same[0]].notes.append(f"hidden sheets with other columns left out: "
                                          f"{', '.join(left)}")
        keep += same
    keep.sort()
    return [sources[i] for i in keep], [plans[i] for i in keep]  # type: ignore[misc]
