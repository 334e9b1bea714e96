"""Commune-by-month panels from clean records, and the reform adoption dates joined to them.

A panel row is one reception unit (a commune, ward or township: a 5-digit code) in one month:
dossiers received, the on-time count under one convention of ``motcua.analysis.ontime``
(domain.md §1.5), dossiers received online, survey answers and satisfied answers, with the
rates they give. Rates are pooled within the cell (count over count), never averaged. Units
whose code is not a 5-digit commune code (a district centre, "centre") are left out: a reform
adopted by communes says nothing about them, and as never-adopters they would pose as controls.

Adoption dates come from the parameter file (``{unit code: "YYYY-MM-DD"}``) or a CSV table with
columns ``unit_code`` and ``adopted_on``; a commune missing from them never adopts (a control).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from motcua.analysis import ontime

PANEL_COLUMNS = ["unit_code", "district_code", "period", "dossiers", "on_time", "on_time_rate",
                 "online", "online_share", "surveys", "satisfied", "satisfaction_share"]
#: Outcomes a panel offers: rate column → (numerator, denominator).
OUTCOMES = {"on_time_rate": ("on_time", "dossiers"), "online_share": ("online", "dossiers"),
            "satisfaction_share": ("satisfied", "surveys")}
#: Survey answers counted as satisfied (the published "satisfied or very satisfied" share).
SATISFIED = ("very_satisfied", "satisfied")
_COMMUNE_CODE = re.compile(r"^\d{5}$")


def months(period_start, period_end) -> pd.DatetimeIndex:
    """First days of the months from ``period_start`` to ``period_end`` (inclusive)."""
    first = pd.Timestamp(period_start).to_period("M").to_timestamp()
    return pd.date_range(first, pd.Timestamp(period_end), freq="MS")


def _on_time_by_month(dossiers, events, month_starts, convention) -> pd.DataFrame:
    """(dossier_id, period, on_time) for every dossier in each month's denominator."""
    parts = []
    timeline = None
    for start in month_starts:
        end = (start + pd.offsets.MonthEnd(0)).date()
        if convention == "received_cohort":  # one timeline serves every month
            if timeline is None:
                timeline = ontime.dossier_timeline(dossiers, events)
            flags = ontime.received_cohort(timeline, start.date(), end)
            part = pd.DataFrame({"dossier_id": flags.index.astype(str),
                                 "on_time": pd.array(flags.to_numpy(), dtype="boolean")})
        else:
            part = ontime.classify(dossiers, events, start.date(), end, [convention])
        parts.append(part.assign(period=start)[["dossier_id", "period", "on_time"]])
    return pd.concat(parts, ignore_index=True)


def panel_from_records(records, convention: str = "received_cohort",
                       district_code: str = "") -> pd.DataFrame:
    """The commune × month panel (``PANEL_COLUMNS``) of a ``Records``, one row per commune and
    month of the records' period (months without dossiers have zero counts and no rates).

    ``district_code``: the district every commune belongs to when the records are one
    district's (the records' ``locality_code`` when it is a 3-digit code, otherwise this)."""
    if convention not in ontime.CONVENTIONS:
        raise ValueError(f"unknown convention {convention!r}; expected one of "
                         f"{ontime.CONVENTIONS}")
    d = records.dossiers
    d = d[d["reception_unit"].astype(str).str.match(_COMMUNE_CODE)]
    month_starts = months(records.period_start, records.period_end)
    flags = _on_time_by_month(d, records.events, month_starts, convention)
    unit = d.set_index("dossier_id")["reception_unit"].astype(str)
    flags["unit_code"] = unit.reindex(flags["dossier_id"]).to_numpy()
    known = flags[flags["on_time"].notna()]
    on_time = known.groupby(["unit_code", "period"])["on_time"].agg(["sum", "size"])
    received = d.assign(period=pd.to_datetime(d["received_at"]).dt.to_period("M")
                        .dt.to_timestamp(), unit_code=d["reception_unit"].astype(str))
    online = received.assign(online=received["channel"].astype(str).eq("online")).groupby(
        ["unit_code", "period"])["online"].agg(["sum", "size"])
    s = records.surveys
    s = s[s["reception_unit"].astype(str).isin(set(unit))]
    s = s.assign(period=pd.to_datetime(s["answered_at"]).dt.to_period("M").dt.to_timestamp(),
                 unit_code=s["reception_unit"].astype(str),
                 satisfied=s["satisfaction_level"].astype(str).isin(SATISFIED))
    sat = s.groupby(["unit_code", "period"])["satisfied"].agg(["sum", "size"])

    grid = pd.MultiIndex.from_product([sorted(set(unit)), month_starts],
                                      names=["unit_code", "period"])
    out = pd.DataFrame({
        "dossiers": on_time["size"].reindex(grid, fill_value=0),
        "on_time": on_time["sum"].reindex(grid, fill_value=0),
        "online": online["sum"].reindex(grid, fill_value=0),
        "received": online["size"].reindex(grid, fill_value=0),
        "surveys": sat["size"].reindex(grid, fill_value=0),
        "satisfied": sat["sum"].reindex(grid, fill_value=0),
    }).astype("int64").reset_index()
    out["on_time_rate"] = _rate(out["on_time"], out["dossiers"])
    out["online_share"] = _rate(out["online"], out["received"])
    out["satisfaction_share"] = _rate(out["satisfied"], out["surveys"])
    loc = str(d["locality_code"].iloc[0]) if len(d) and "locality_code" in d else ""
    out["district_code"] = loc if len(loc) == 3 else district_code
    return out[PANEL_COLUMNS]


def _rate(num: pd.Series, den: pd.Series) -> pd.Series:
    return pd.Series(np.where(den > 0, num / den.where(den > 0, 1), np.nan), index=num.index)


def adoption_table(adoption) -> pd.DataFrame:
    """Adoption dates as a table (``unit_code`` str, ``adopted_on`` datetime) from a mapping
    ``{code: "YYYY-MM-DD"}`` or a DataFrame with those two columns."""
    if isinstance(adoption, pd.DataFrame):
        missing = {"unit_code", "adopted_on"} - set(adoption.columns)
        if missing:
            raise ValueError(f"adoption table lacks columns {sorted(missing)}")
        table = adoption[["unit_code", "adopted_on"]]
    else:
        table = pd.DataFrame({"unit_code": list(adoption), "adopted_on": list(adoption.values())})
    table = table.assign(unit_code=table["unit_code"].astype(str),
                         adopted_on=pd.to_datetime(table["adopted_on"], format="%Y-%m-%d"))
    dup = table["unit_code"][table["unit_code"].duplicated()]
    if len(dup):
        raise ValueError(f"unit {dup.iloc[0]!r} has more than one adoption date")
    return table.reset_index(drop=True)


def with_adoption(panel: pd.DataFrame, adoption: pd.DataFrame) -> pd.DataFrame:
    """The panel with each unit's ``adopted_on`` (NaT: never adopts). Adoption rows for units
    not in the panel raise: a typo in a code must not turn a treated commune into a control."""
    unknown = sorted(set(adoption["unit_code"]) - set(panel["unit_code"]))
    if unknown:
        raise ValueError(f"adoption dates for units not in the panel: {unknown[:5]}")
    dates = adoption.set_index("unit_code")["adopted_on"]
    return panel.assign(adopted_on=panel["unit_code"].map(dates))
