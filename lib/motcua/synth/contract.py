"""The contract tables of the SYNTHETIC records (``motcua.records.schema``: dossiers, events)
and the ground-truth rows of dossier faults: dossier ids on the ND 61/2018 pattern (unit +
receipt date + sequence), the events known at ``data_as_of``, statuses from the events."""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.synth.profiles import Profile
from motcua.vn import calendar as wcal
from motcua.vn.calendar import LIMIT_UNITS
from motcua.vn.vocab import CHANNELS, DOSSIER_STATUSES, EVENTS, FIELDS


def finish(prof: Profile, df: pd.DataFrame, events: pd.DataFrame, truth_rows: list[dict],
           skips: list[int]):
    """Ids, the events known at ``data_as_of``, statuses, and the contract columns; the truth
    rows (``row`` labels) become rows naming dossier ids."""
    df = df.sort_values(["received_at", "unit"], kind="stable")
    day = df["received_at"].dt.strftime("%y%m%d")
    seq = df.groupby(["unit", day], sort=False).cumcount() + 1
    ids = (prof.locality_code + "-" + df["unit"] + "-" + day + "-"
           + seq.astype(str).str.zfill(4))
    df = df.assign(dossier_id=ids.astype("str"))
    row_to_id = df["dossier_id"]
    events = _event_table(events, row_to_id, wcal.end_of_day(prof.data_as_of))
    dossiers = _dossier_table(prof, df, events)
    truth = []
    for r in truth_rows:
        truth.append(dict(
            fault=r["fault"], dossier_id=row_to_id.get(r["row"]),
            linked_dossier_id=row_to_id.get(r["linked_row"]) if "linked_row" in r else None,
            reception_unit=df.loc[r["row"], "unit"],
            true_resolved_at=r.get("true_resolved_at"), detail=r["detail"]))
    for row in skips:
        truth.append(dict(fault="missing_apology", dossier_id=row_to_id.get(row),
                          linked_dossier_id=None, reception_unit=df.loc[row, "unit"],
                          true_resolved_at=None, detail="late dossier without apology slip"))
    return dossiers, events, pd.DataFrame(truth)


def _event_table(events: pd.DataFrame, row_to_id: pd.Series, as_of) -> pd.DataFrame:
    """Events known at ``as_of``, by dossier and time (ties in ``EVENTS`` order)."""
    events = events.assign(dossier_id=row_to_id.reindex(events["row"]).to_numpy())
    events = events[events["at"] <= as_of]
    order = {e: i for i, e in enumerate(EVENTS)}
    events = events.assign(_o=events["event"].map(order)).sort_values(
        ["dossier_id", "at", "_o"], kind="stable")
    return pd.DataFrame(
        {
            "dossier_id": events["dossier_id"].astype("str").to_numpy(),
            "event": pd.Categorical(events["event"], categories=list(EVENTS)),
            "at": events["at"].astype("datetime64[us]").to_numpy(),
            "is_synthetic": True,
        }
    )


def _statuses(ids: pd.Series, events: pd.DataFrame, first) -> np.ndarray:
    """Status from the events: the last end event, else an open supplement request, else
    in progress."""
    status = np.full(len(ids), "in_progress", dtype=object)
    n_req = events[events["event"] == "supplement_requested"].groupby("dossier_id").size()
    n_ret = events[events["event"] == "supplement_returned"].groupby("dossier_id").size()
    open_supp = (n_req.reindex(ids, fill_value=0) > n_ret.reindex(ids, fill_value=0)).to_numpy()
    status[open_supp] = "supplement_requested"
    for e in ("withdrawn", "refused", "stopped", "resolved", "returned"):
        status[~np.isnat(first(e))] = e
    return status


def _processing_end(first) -> np.ndarray:
    """The earliest end event (resolved, withdrawn, refused, stopped), NaT if none."""
    end_cols = np.stack([first(e) for e in ("resolved", "withdrawn", "refused", "stopped")])
    end_i64 = np.where(np.isnat(end_cols), np.iinfo("int64").max, end_cols.astype("int64"))
    proc_end = end_i64.min(axis=0)
    return np.where(proc_end == np.iinfo("int64").max, np.datetime64("NaT", "us"),
                    proc_end.astype("datetime64[us]"))


def _dossier_table(prof: Profile, df: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The dossiers table of the contract (``motcua.records.schema.DossierSchema``)."""
    seen = events.groupby(["dossier_id", "event"], observed=True)["at"].min().unstack()
    seen = seen.reindex(index=df["dossier_id"], columns=list(EVENTS))

    def first(e):
        return seen[e].to_numpy(dtype="datetime64[us]")

    dossiers = pd.DataFrame(
        {
            "dossier_id": df["dossier_id"].to_numpy(),
            "locality_code": prof.locality_code,
            "code_list": prof.code_list,
            "reception_unit": df["unit"].astype("str").to_numpy(),
            "procedure_id": df["procedure_id"].astype("str").to_numpy(),
            "field_code": pd.Categorical(df["field_code"], categories=list(FIELDS)),
            "channel": pd.Categorical.from_codes(df["channel"].astype(int),
                                                 categories=list(CHANNELS)),
            "received_at": df["received_at"].astype("datetime64[us]").to_numpy(),
            "due_at": df["due_at"].astype("datetime64[us]").to_numpy(),
            "processing_end_at": _processing_end(first),
            "returned_at": first("returned"),
            "status": pd.Categorical(_statuses(df["dossier_id"], events, first),
                                     categories=list(DOSSIER_STATUSES)),
            "statutory_limit": df["statutory_limit"].astype("float64").to_numpy(),
            "limit_unit": pd.Categorical(df["limit_unit"], categories=list(LIMIT_UNITS)),
            "is_interagency": df["is_interagency"].astype(bool).to_numpy(),
            "apology_issued_at": first("apology_issued"),
            "applicant_key": ("SYN-A" + pd.Series(df["applicant"].to_numpy())
                              .astype(int).astype(str).str.zfill(7)).astype("str").to_numpy(),
            "is_synthetic": True,
        }
    )
    return dossiers.astype({c: "str" for c in ("locality_code", "code_list")})
