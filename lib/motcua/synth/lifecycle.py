"""The life of each SYNTHETIC dossier after receipt: due date, supplement rounds, the end event
(resolved on time or late, backdated, withdrawn, stopped, refused), the return of the result and
the apology slip of a late dossier (Mẫu 04, TT 01/2018; docs/domain.md §1.3).

Due dates come from ``motcua.vn.deadlines``, working days from ``motcua.vn.calendar``. A
dossier's ``role`` (from ``motcua.synth.dossiers``) fixes its outcome; this module only draws the
times. The steps run in a fixed order on one random stream (``run_lifecycle``); that order is
part of the output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.synth.clock import MINUTE, at_working_day, office_times
from motcua.synth.faults import MISSING_APOLOGY_SHARE
from motcua.vn import calendar as wcal
from motcua.vn import deadlines

RESOLVABLE = ("on_time", "backdated", "wr_resub", "late")


def run_lifecycle(df: pd.DataFrame, rng, cal, faults) -> tuple[pd.DataFrame, pd.DataFrame,
                                                               list[dict], list[int]]:
    """Times for the rows of ``df`` (which have ``received_at``): the rows with due, end,
    return, apology and true-resolution columns, their events (``row``, ``event``, ``at``),
    truth rows of backdated resolutions and the rows whose apology slip is withheld."""
    life = Lifecycle(df, rng, cal, faults)
    life.supplements()
    life.adjusted_clock()
    life.resolve_on_time()
    life.resolve_late()
    life.withdraw_and_stop()
    life.refuse()
    life.end_events()
    life.returns()
    life.apologies()
    return life.rows(), pd.concat(life.ev, ignore_index=True), life.truth_rows, life.skips


class Lifecycle:
    """State shared by the steps: clocks per row and the events drawn so far."""

    def __init__(self, df: pd.DataFrame, rng, cal, faults):
        self.df, self.rng, self.cal, self.faults = df, rng, cal, faults
        self.n = len(df)
        self.rec = pd.Series(df["received_at"].to_numpy(dtype="datetime64[us]"), index=df.index)
        self.role = df["role"].to_numpy()
        cert = df["field_code"].eq("certification").to_numpy()
        self.due = deadlines.due_at(self.rec, df["statutory_limit"].astype(float),
                                    df["limit_unit"], certification=cert, calendar=cal)
        self.rec_day = self.rec.dt.normalize()
        self.span = wcal.working_days_between(self.rec_day, self.due,
                                              calendar=cal).astype(int).to_numpy()
        self.ev = [pd.DataFrame({"row": df.index, "event": "received", "at": self.rec.to_numpy()})]
        self.pause = np.zeros(self.n, dtype="timedelta64[us]")
        self.last_back = self.rec.to_numpy().copy()
        self.end_at = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        self.end_kind = np.full(self.n, "", dtype=object)
        self.true_res = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        self.returned = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        self.apology = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        self.truth_rows: list[dict] = []
        self.skips: list[int] = []

    def _events(self, idx, event: str, at) -> None:
        self.ev.append(pd.DataFrame({"row": self.df.index[idx], "event": event, "at": at}))

    def supplements(self) -> None:
        """0, 1 or 2 supplement rounds for dossiers that get resolved (1 with the procedure's
        ``p_supplement``, 2 with a tenth of it); each pauses the clock 1–5 working days."""
        p1 = self.df["p_supplement"].to_numpy(dtype=float)
        u = self.rng.random(self.n)
        n_supp = np.where(u < p1 * 0.1, 2, np.where(u < p1, 1, 0))
        n_supp = np.where(np.isin(self.role, RESOLVABLE) & (self.span >= 2), n_supp, 0)
        n_supp = np.where((n_supp == 2) & (self.span < 8), 1, n_supp)
        cursor_day = self.rec_day.copy()
        for k in (1, 2):
            if (n_supp >= k).any():
                self._supplement_round(k, n_supp, cursor_day)

    def _supplement_round(self, k: int, n_supp: np.ndarray, cursor_day: pd.Series) -> None:
        rng, cal = self.rng, self.cal
        idx = np.flatnonzero(n_supp >= k)
        hi_frac = np.where(n_supp[idx] == 2, 0.3, 0.5)
        step = np.where(k == 1, np.maximum(1, (self.span[idx] * rng.uniform(0.1, hi_frac))
                                           .astype(int)), 1)
        req_day = wcal.add_working_days(cursor_day.iloc[idx], step, calendar=cal)
        req_at = req_day + pd.Series(office_times(len(idx), rng), index=req_day.index)
        if k == 2:  # the second request must come before the (paused) due date
            last_request = self.due.to_numpy()[idx] - np.timedelta64(1, "D")
            ok = (req_at.to_numpy() - self.pause[idx]) <= last_request
            n_supp[idx[~ok]] = 1
            idx, req_day, req_at = idx[ok], req_day[ok], req_at[ok]
            if not len(idx):
                return
        back_day = wcal.add_working_days(req_day, rng.integers(1, 6, len(idx)), calendar=cal)
        back_at = back_day + (req_at - req_day)  # same hour: pauses are whole days
        self.pause[idx] += (back_at - req_at).to_numpy()
        self.last_back[idx] = back_at.to_numpy()
        cursor_day.iloc[idx] = back_day.to_numpy()
        self._events(idx, "supplement_requested", req_at.to_numpy())
        self._events(idx, "supplement_returned", back_at.to_numpy())

    def adjusted_clock(self) -> None:
        """Due date extended by the pauses, and working-day positions on the new clock."""
        cal, index = self.cal, self.df.index
        self.due_adj = self.due + pd.Series(self.pause, index=index)
        last_back_s = pd.Series(self.last_back, index=index)
        self.span_adj = wcal.working_days_between(self.rec_day, self.due_adj,
                                                  calendar=cal).astype(int)
        self.start_j = wcal.working_days_between(self.rec_day, last_back_s,
                                                 calendar=cal).astype(int)
        self.due_day = self.due_adj.dt.normalize()
        tod_h = (self.rec - self.rec_day).dt.total_seconds().to_numpy() / 3600
        self.after_hours = (tod_h > 16.5) | ~wcal.is_working_day(self.rec, calendar=cal).to_numpy()

    def resolve_on_time(self) -> None:
        """on_time and wr_resub: a working day between the last supplement return (or receipt)
        and the adjusted due day, skewed early; 8% exactly on the due day."""
        rng = self.rng
        idx = np.flatnonzero(np.isin(self.role, ("on_time", "wr_resub")))
        if not len(idx):
            return
        lo = self.start_j.to_numpy()[idx]
        hi = np.maximum(self.span_adj.to_numpy()[idx], lo)
        lo = np.where(self.after_hours[idx] & (lo == 0), np.minimum(1, hi), lo)
        j = lo + np.floor(rng.beta(1.2, 2.2, len(idx)) * (hi - lo + 1)).astype(int)
        j = np.where(rng.random(len(idx)) < 0.08, hi, np.minimum(j, hi))
        at = at_working_day(self.rec.iloc[idx], j, self.cal, rng)
        floor_ = np.maximum(self.last_back[idx], self.rec.to_numpy()[idx]) + 5 * MINUTE
        at = np.maximum(at, floor_)
        at = np.minimum(at, self.due_adj.to_numpy()[idx] - MINUTE)
        self.end_at.iloc[idx] = at
        self.end_kind[idx] = "resolved"

    def resolve_late(self) -> None:
        """late, and the true time of backdated ones: 1+ working days after the adjusted due
        day (at most 12 and 5)."""
        for r, lmax in (("late", 12), ("backdated", 5)):
            idx = np.flatnonzero(self.role == r)
            if not len(idx):
                continue
            lag = np.minimum(1 + self.rng.geometric(0.35, len(idx)) - 1, lmax)
            day = wcal.add_working_days(self.due_day.iloc[idx], lag, calendar=self.cal)
            at = (day + pd.Series(office_times(len(idx), self.rng), index=day.index)).to_numpy()
            if r == "late":
                self.end_at.iloc[idx] = at
                self.end_kind[idx] = "resolved"
            else:
                self._backdate(idx, at)

    def _backdate(self, idx: np.ndarray, true_at: np.ndarray) -> None:
        """Recorded at 15:00–17:00 of the last working day on or before the adjusted due date
        (hour limits: 1–15 minutes before the due time); the truth keeps the real time."""
        rng = self.rng
        self.true_res.iloc[idx] = true_at
        last_day = wcal.add_working_days(self.rec_day.iloc[idx], self.span_adj.to_numpy()[idx],
                                         calendar=self.cal)
        office = (last_day.to_numpy()
                  + np.round(rng.uniform(15, 17, len(idx)) * 60).astype(int) * MINUTE)
        hour_unit = self.df["limit_unit"].to_numpy()[idx] == "hour"
        due_adj = self.due_adj.iloc[idx].to_numpy()
        recorded = np.where(hour_unit, due_adj - rng.integers(1, 16, len(idx)) * MINUTE, office)
        recorded = np.minimum(recorded, due_adj - MINUTE)
        recorded = np.maximum(recorded, self.last_back[idx] + MINUTE)
        self.end_at.iloc[idx] = recorded
        self.end_kind[idx] = "resolved"
        for row, t in zip(self.df.index[idx], true_at):
            self.truth_rows.append(dict(fault="backdated_resolution", row=row,
                                        true_resolved_at=t,
                                        detail="resolved late, recorded on the due date"))

    def withdraw_and_stop(self) -> None:
        """Genuine withdrawals and stops: any working day before due; withdraw–resubmit
        originals: on the due day or the working day before."""
        rng = self.rng
        for r in ("withdrawn", "wr_original", "stopped"):
            idx = np.flatnonzero(self.role == r)
            if not len(idx):
                continue
            sp = self.span.astype(int)[idx]
            if r == "wr_original":
                j = np.maximum(sp - rng.integers(0, 2, len(idx)), 0)
            else:
                j = np.floor(rng.random(len(idx)) * np.maximum(sp, 1)).astype(int)
                j = np.where(self.after_hours[idx] & (j == 0), np.minimum(1, sp), j)
                if r == "stopped":
                    j = np.minimum(np.maximum(j, 1), sp)
            at = at_working_day(self.rec.iloc[idx], j, self.cal, rng)
            at = np.maximum(at, self.rec.to_numpy()[idx] + 5 * MINUTE)
            at = np.minimum(at, self.due.to_numpy()[idx] - MINUTE)
            self.end_at.iloc[idx] = at
            self.end_kind[idx] = "withdrawn" if r != "stopped" else "stopped"

    def refuse(self) -> None:
        """Refused at the counter, 5–89 minutes after receipt."""
        idx = np.flatnonzero(self.role == "refused")
        if len(idx):
            at = self.rec.to_numpy()[idx] + self.rng.integers(5, 90, len(idx)) * MINUTE
            self.end_at.iloc[idx] = at
            self.end_kind[idx] = "refused"

    def end_events(self) -> None:
        for kind in ("resolved", "withdrawn", "stopped", "refused"):
            m = self.end_kind == kind
            if m.any():
                self._events(m, kind, self.end_at.to_numpy()[m])

    def returns(self) -> None:
        """Result returned after the true resolution: online at once, otherwise the same day to
        3 working days later."""
        rng = self.rng
        basis = np.where(self.role == "backdated", self.true_res.to_numpy(),
                         self.end_at.to_numpy())
        idx = np.flatnonzero(self.end_kind == "resolved")
        if not len(idx):
            return
        b = pd.Series(basis[idx])
        online = self.df["channel"].to_numpy()[idx] == 1
        wait = np.where(online, 0, rng.choice(4, size=len(idx), p=[0.45, 0.3, 0.15, 0.1]))
        day = wcal.add_working_days(b, wait, calendar=self.cal)
        ret = day + pd.Series(office_times(len(idx), rng))
        ret = np.where(wait == 0, (b + pd.to_timedelta(rng.integers(1, 120, len(idx)),
                                                       unit="min")).to_numpy(),
                       ret.to_numpy())
        self.returned.iloc[idx] = ret
        self._events(idx, "returned", ret)

    def apologies(self) -> None:
        """Apology slips for late dossiers, on the due day or the next working day; withheld
        for ``MISSING_APOLOGY_SHARE`` of them (at least one) where missing_apology is planted."""
        rng = self.rng
        idx = np.flatnonzero(self.role == "late")
        if not len(idx):
            return
        skip = np.zeros(len(idx), dtype=bool)
        if "missing_apology" in self.faults:
            skip = rng.random(len(idx)) < MISSING_APOLOGY_SHARE
            if not skip.any():
                skip[int(rng.integers(len(idx)))] = True
        shift = rng.choice(2, size=len(idx), p=[0.7, 0.3])
        day = wcal.add_working_days(self.due_day.iloc[idx], shift, calendar=self.cal)
        at = (day + pd.Series(office_times(len(idx), rng), index=day.index)).to_numpy()
        at = np.minimum(at, self.end_at.to_numpy()[idx] - 30 * MINUTE)
        at = np.maximum(at, self.rec.to_numpy()[idx] + MINUTE)
        keep = ~skip
        self.apology.iloc[idx[keep]] = at[keep]
        self._events(idx[keep], "apology_issued", at[keep])
        self.skips.extend(self.df.index[idx[skip]])

    def rows(self) -> pd.DataFrame:
        return self.df.assign(
            due_at=self.due.to_numpy(), end_at=self.end_at.to_numpy(), end_kind=self.end_kind,
            returned_at=self.returned.to_numpy(), apology_issued_at=self.apology.to_numpy(),
            true_resolved_at=self.true_res.to_numpy(), due_adjusted=self.due_adj.to_numpy())
