"""Carrying commune and province series across the 2025 restructuring (domain.md §8).

From 1 July 2025 10,035 communes became 3,321 and 63 provinces became 34 (NQ 202/2025/QH15 and
the UBTVQH resolutions of 16/06/2025). A series kept for a pre-merger unit continues under the
post-merger unit that absorbed it, through ``motcua.vn.crosswalk.crosswalk_2025``
(``vietnamadminunits`` 1.0.4, data/real/vietnamadminunits-1.0.4/SOURCE.md):

- many-to-one: the counts of the old units are **summed** per new unit and month, and every rate
  is recomputed from the summed counts (a pooled rate, not an average of the old rates);
- an old unit divided among several new units (``split``) goes whole to the successor the
  crosswalk marks as its default: without the dossiers' addresses there is nothing to divide
  it by, so the new unit's series over-counts by the part that went elsewhere (the table says
  which units this concerns);
- an old code with no crosswalk row (a unit already merged before 2025, e.g. under the 2023–2024
  rounds) is left out and listed.

A merged unit's adoption date is the earliest of its parts' (it is "treated" from the first
part's adoption); where the parts adopted at different dates, or some never, its effect is a
mixture, flagged ``mixed``.
"""

from __future__ import annotations

import pandas as pd

from motcua.analysis.effects_panel import OUTCOMES
from motcua.vn.crosswalk import crosswalk_2025

MAP_COLUMNS = ["old_code", "old_name", "new_code", "new_name", "split", "n_successors"]


def merger_map(old_codes) -> pd.DataFrame:
    """One row per old (``gso-2025-01-04``) commune code: its post-merger unit (``MAP_COLUMNS``;
    ``new_code`` empty when the crosswalk has no row for it)."""
    rows = []
    for code in sorted(set(map(str, old_codes))):
        try:
            cw = crosswalk_2025(code)
        except KeyError:
            rows.append({"old_code": code, "old_name": "", "new_code": "", "new_name": "",
                         "split": False, "n_successors": 0})
            continue
        main = cw[cw["is_default"]].iloc[0] if cw["is_default"].any() else cw.iloc[0]
        rows.append({"old_code": code, "old_name": main["old_name"],
                     "new_code": main["new_code"], "new_name": main["new_name"],
                     "split": bool(cw["split"].any()), "n_successors": int(len(cw))})
    return pd.DataFrame(rows, columns=MAP_COLUMNS)


def merged_units(mapping: pd.DataFrame) -> pd.DataFrame:
    """New units formed from two or more of the mapped old units: ``new_code``, ``new_name``,
    ``n_old``, ``old_units`` (names with codes), ``any_split``."""
    m = mapping[mapping["new_code"] != ""]
    g = m.groupby(["new_code", "new_name"], sort=True)
    out = g.agg(n_old=("old_code", "size"), any_split=("split", "any")).reset_index()
    out["old_units"] = g.apply(lambda s: "; ".join(f"{n} ({c})" for c, n in
                                                   zip(s["old_code"], s["old_name"])),
                               include_groups=False).to_numpy()
    return out[out["n_old"] > 1][["new_code", "new_name", "n_old", "old_units", "any_split"]] \
        .reset_index(drop=True)


def to_post_merger(panel: pd.DataFrame, mapping: pd.DataFrame, *, unit: str = "unit_code",
                   period: str = "period") -> pd.DataFrame:
    """The panel re-keyed on post-merger units: counts summed per new unit and period, rates
    recomputed from them (``OUTCOMES``). Columns: ``new_code``, ``new_name``, ``period``,
    ``n_old_units``, the count columns the panel has, and their rates. Old units without a
    successor are dropped (see :func:`merger_map`)."""
    m = mapping[mapping["new_code"] != ""].set_index("old_code")
    keyed = panel[panel[unit].astype(str).isin(m.index)]
    keyed = keyed.assign(new_code=keyed[unit].astype(str).map(m["new_code"]),
                         new_name=keyed[unit].astype(str).map(m["new_name"]))
    counts = sorted({c for pair in OUTCOMES.values() for c in pair} & set(panel.columns))
    if "true_effect" in panel.columns:  # a SYNTHETIC panel's truth: dossier-weighted mean
        keyed = keyed.assign(_truth_x_n=keyed["true_effect"] * keyed["dossiers"])
        counts.append("_truth_x_n")
    out = keyed.groupby(["new_code", "new_name", period], sort=True).agg(
        n_old_units=(unit, "nunique"), **{c: (c, "sum") for c in counts}).reset_index()
    for rate, (num, den) in OUTCOMES.items():
        if num in out and den in out:
            out[rate] = (out[num] / out[den]).where(out[den] > 0)
    if "_truth_x_n" in out:
        out["true_effect"] = out.pop("_truth_x_n") / out["dossiers"]
    return out


def post_merger_adoption(adoption: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Adoption per new unit: ``new_code``, ``adopted_on`` (earliest of its parts; NaT when no
    part adopts), ``mixed`` (parts adopted at different dates, or some never)."""
    m = mapping[mapping["new_code"] != ""][["old_code", "new_code"]]
    a = m.merge(adoption.rename(columns={"unit_code": "old_code"}), on="old_code", how="left")
    g = a.groupby("new_code")["adopted_on"]
    return pd.DataFrame({
        "adopted_on": g.min(),
        "mixed": g.agg(lambda s: s.nunique(dropna=False) > 1),
    }).reset_index()


def province_merger_map(province_codes) -> pd.DataFrame:
    """Old province (2-digit ``gso-2025-01-04`` code) → the post-July-2025 province that holds
    its communes: ``old_province_code``, ``old_province``, ``new_province_code``,
    ``new_province``, ``share_of_communes`` (1.0: the whole province went to one successor)."""
    rows = []
    for code in sorted(set(province_codes)):
        cw = crosswalk_2025(code)
        counts = cw["new_province_code"].value_counts()
        top = counts.index[0]
        rows.append({"old_province_code": code, "old_province": cw["old_province"].iloc[0],
                     "new_province_code": top,
                     "new_province": cw.loc[cw["new_province_code"] == top,
                                            "new_province"].iloc[0],
                     "share_of_communes": float(counts.iloc[0] / counts.sum())})
    return pd.DataFrame(rows)


def merged_provinces(province_map: pd.DataFrame) -> pd.DataFrame:
    """Post-merger provinces formed from two or more old ones (from
    :func:`province_merger_map`): ``new_province``, ``n_old``, ``old_provinces``."""
    g = province_map.groupby("new_province", sort=True)["old_province"]
    out = pd.DataFrame({"n_old": g.size(), "old_provinces": g.agg("; ".join)}).reset_index()
    return out[out["n_old"] > 1].reset_index(drop=True)
