"""SYNTHETIC dossiers of a block of reception units: roles (outcomes fixed so that the published
counts hold exactly), procedures, channels, applicants, receipt times, withdraw–resubmit pairs
and inter-agency flags; the times after receipt come from ``motcua.synth.lifecycle``.

A block is drawn from one random stream with one set of faults: every unit at once in default
mode, one unit in plant mode (``motcua.synth.simulate``). Draws happen in a fixed order; that
order is part of the default output, which ``data/synthetic/`` ships.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.analysis import ontime
from motcua.synth.catalogue import (CATALOGUE, OUTCOME_MIX, PROCEDURE_COLUMNS, ROLES,
                                    procedure_weights)
from motcua.synth.clock import office_times, receipt_times
from motcua.synth.faults import BACKDATED_SHARE, WITHDRAW_RESUBMIT_SHARE, SimulationError
from motcua.synth.lifecycle import run_lifecycle
from motcua.synth.profiles import Profile
from motcua.vn import calendar as wcal


class DossierSimulator:
    """Dossiers and events of a block of units drawn from one random stream with one set of
    faults. ``where`` names the block in error messages; ``applicant_offset`` is added to its
    applicant numbers; ``one_unit`` (plant mode) keeps a not-on-time dossier out of the
    withdraw–resubmit pairs when missing_apology is planted in the same unit. Truth rows and
    withheld apology slips collect in ``truth_rows`` and ``pending_skips`` (row labels of the
    block)."""

    def __init__(self, prof: Profile, rng: np.random.Generator, faults: tuple[str, ...],
                 where: str, applicant_offset: int = 0, one_unit: bool = False):
        self.p = prof
        self.one_unit = one_unit
        self.rng = rng
        self.faults = faults
        self.where = where
        self.applicant_offset = applicant_offset
        self.cal = wcal.default_calendar()
        self.ps, self.pe = ontime.period_bounds(*prof.period)
        self.truth_rows: list[dict] = []
        self.pending_skips: list[int] = []  # late dossiers whose apology slip is withheld

    # -- roles ---------------------------------------------------------------------------------

    def roles(self, targets: pd.DataFrame) -> pd.DataFrame:
        """One row per dossier: unit and role. Exact counts per unit by construction."""
        n_wr, n_bd = self._fault_counts(targets)
        counts = []
        for i, t in enumerate(targets.itertuples()):
            d_rest = t.received - t.on_time - n_wr[i]
            late, wd, ref, stop = self.rng.multinomial(d_rest, OUTCOME_MIX[t.level])
            counts.append({
                "on_time": t.on_time - t.slow_extra - n_wr[i] - n_bd[i], "backdated": n_bd[i],
                "wr_resub": n_wr[i], "late": late + t.slow_extra, "withdrawn": wd,
                "wr_original": n_wr[i], "refused": ref, "stopped": stop,
            })
        if "missing_apology" in self.faults:
            self._ensure_a_late_dossier(counts)
        rows = []
        for t, c in zip(targets.itertuples(), counts):
            for role in ROLES:
                rows.append(np.repeat([[t.unit, role]], c[role], axis=0))
        arr = np.concatenate([r for r in rows if len(r)], axis=0)
        return pd.DataFrame({"unit": arr[:, 0], "role": arr[:, 1]})

    def _fault_counts(self, targets: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Withdraw–resubmit pairs and backdated resolutions per unit: binomial draws at the
        default shares, at least one in the block when the fault is planted."""
        rng, faults = self.rng, self.faults
        n_wr = np.zeros(len(targets), dtype=int)
        n_bd = np.zeros(len(targets), dtype=int)
        on_time = targets["on_time"] - targets["slow_extra"]
        for i, t in enumerate(targets.itertuples()):
            d = t.received - t.on_time
            if "withdraw_resubmit" in faults and d > 0:
                n_wr[i] = min(rng.binomial(d, WITHDRAW_RESUBMIT_SHARE), on_time.iloc[i])
                if self.one_unit and "missing_apology" in faults:
                    n_wr[i] = min(n_wr[i], d - 1)
            if "backdated_resolution" in faults:
                n_bd[i] = rng.binomial(max(on_time.iloc[i] - n_wr[i], 0), BACKDATED_SHARE)
        for name, arr, room, what in (
            ("withdraw_resubmit", n_wr,
             np.minimum(targets["received"] - targets["on_time"], on_time), "late"),
            ("backdated_resolution", n_bd, on_time - n_wr, "on-time"),
        ):
            if name in faults and arr.sum() == 0:
                if room.max() <= 0:
                    raise SimulationError(
                        f"fault {name!r} cannot be planted in {self.where}: it would change a "
                        f"published figure (no {what} dossier to hide)"
                    )
                arr[int(np.argmax(room))] = 1
        return n_wr, n_bd

    def _ensure_a_late_dossier(self, counts: list[dict]) -> None:
        """missing_apology needs a late dossier: if the draws gave none, the first unit with a
        not-on-time dossier turns one withdrawn/refused/stopped dossier into a late one."""
        if sum(c["late"] for c in counts):
            return
        for c in counts:
            other = max(("withdrawn", "refused", "stopped"), key=lambda k: c[k])
            if c[other] > 0:
                c[other] -= 1
                c["late"] += 1
                return
        raise SimulationError(f"fault 'missing_apology' cannot be planted in {self.where}: no "
                              "dossier there may be late without changing a published figure")

    # -- dossiers and events -------------------------------------------------------------------

    def dossiers_and_events(self, targets: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The block's dossier rows (with role, times and truth columns) and raw events."""
        df = self.roles(targets)
        df["level"] = df["unit"].map(dict(zip(targets["unit"], targets["level"])))
        self._procedures_channels_applicants(df)
        # receipt times (resubmissions get theirs from the original's withdrawal, below)
        first = ~df["role"].eq("wr_resub").to_numpy()
        df["received_at"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        df.loc[first, "received_at"] = receipt_times(
            df.loc[first, "channel"].to_numpy(),
            df.loc[first, "role"].eq("wr_original").to_numpy(),
            self.ps, self.pe, self.pe - pd.Timedelta(days=75), self.cal, self.rng,
        )
        done, ev = self._lifecycle(df[first].copy())
        ev_parts = [ev]
        if df["role"].eq("wr_resub").any():
            done, ev = self._resubmissions(df, done)
            ev_parts.append(ev)
        df = done.sort_index()
        self._interagency(df, targets)
        return df, pd.concat(ev_parts, ignore_index=True)

    def _lifecycle(self, df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        out, ev, truth_rows, skips = run_lifecycle(df, self.rng, self.cal, self.faults)
        self.truth_rows += truth_rows
        self.pending_skips += skips
        return out, ev

    def _procedures_channels_applicants(self, df: pd.DataFrame) -> None:
        """Procedures by level (withdraw–resubmit originals need a limit long enough to be
        "about to be late"), channels by the profile's shares, applicant numbers; a
        resubmission copies its original's procedure, channel and applicant."""
        p, rng, n = self.p, self.rng, len(df)
        proc = np.empty(n, dtype=int)
        for lev in ("commune", "centre"):
            for wr_original in (False, True):
                m = (df["level"].eq(lev) & df["role"].eq("wr_original").eq(wr_original)).to_numpy()
                if m.any():
                    proc[m] = rng.choice(len(CATALOGUE), size=int(m.sum()),
                                         p=procedure_weights(lev, wr_original))
        df["proc"] = proc
        df["channel"] = rng.choice(
            3, size=n, p=[1 - p.online_share - p.postal_share, p.online_share, p.postal_share]
        )
        orig_idx = np.flatnonzero(df["role"].eq("wr_original").to_numpy())
        resub_idx = np.flatnonzero(df["role"].eq("wr_resub").to_numpy())
        df.loc[resub_idx, ["proc", "channel"]] = df.loc[orig_idx, ["proc", "channel"]].to_numpy()
        applicant = rng.permutation(n) + self.applicant_offset
        applicant[resub_idx] = applicant[orig_idx]
        df["applicant"] = applicant
        for col in PROCEDURE_COLUMNS:
            df[col] = CATALOGUE[col].to_numpy()[df["proc"].to_numpy()]

    def _resubmissions(self, df: pd.DataFrame, done: pd.DataFrame):
        """Resubmissions 0–2 working days after the withdrawal of their original (same day:
        10–59 minutes later), then their own lifecycle on a fresh clock."""
        rng = self.rng
        orig_idx = np.flatnonzero(df["role"].eq("wr_original").to_numpy())
        resub_idx = np.flatnonzero(df["role"].eq("wr_resub").to_numpy())
        wd_series = pd.Series(done.loc[orig_idx, "end_at"].to_numpy())
        gap = rng.choice(3, size=len(resub_idx), p=[0.5, 0.3, 0.2])
        later_day = wcal.add_working_days(wd_series, gap, calendar=self.cal)
        t_same = wd_series + pd.to_timedelta(rng.integers(10, 60, len(gap)), unit="min")
        t_later = later_day + pd.Series(office_times(len(gap), rng, afternoon_end=16.5))
        sub = df.loc[resub_idx].copy()
        sub["received_at"] = np.where(gap == 0, t_same.to_numpy(), t_later.to_numpy())
        sub, ev = self._lifecycle(sub)
        for o, r in zip(orig_idx, resub_idx):
            self.truth_rows.append(dict(fault="withdraw_resubmit", row=o, linked_row=r,
                                        detail="withdrawn on/just before the due date and "
                                               "resubmitted by the same applicant"))
        return pd.concat([done, sub]), ev

    def _interagency(self, df: pd.DataFrame, targets: pd.DataFrame) -> None:
        """Inter-agency flags: the published count where there is one, else 35% of the
        eligible procedures' dossiers."""
        df["is_interagency"] = False
        for t in targets.itertuples():
            m = (df["unit"].eq(t.unit) & df["interagency_eligible"]).to_numpy()
            if t.interagency is not None and not pd.isna(t.interagency):
                k = int(t.interagency)
                pool = np.flatnonzero(m)
                if len(pool) < k:  # pragma: no cover - catalogue weights make this impossible
                    raise RuntimeError("not enough inter-agency-eligible dossiers")
                df.loc[self.rng.choice(pool, size=k, replace=False), "is_interagency"] = True
            else:
                df.loc[m, "is_interagency"] = self.rng.random(int(m.sum())) < 0.35
