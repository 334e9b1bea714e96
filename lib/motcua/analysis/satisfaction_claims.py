"""A locality's published satisfaction claims beside the distribution they describe.

Each satisfaction share in the claims register (metrics ``sat_*_share``, as
``motcua.analysis.reconcile.SHARE_LEVELS`` maps them to answer levels) is shown with the forms of
the offices it speaks about (``reconcile.scope_mask``: the centre, the communes, one commune),
recomputed both as the pooled share and as the unweighted average of office shares, with the
records' verdict (``reconcile.recompute``) and the claims audit's own checks of the figure
(``motcua.claims.audit``: shares adding to 100%, GRIM, aggregation, perfect scores).
"""

from __future__ import annotations

import pandas as pd

from motcua.analysis.reconcile import SHARE_LEVELS, scope_mask
from motcua.analysis.satisfaction import LEVEL_NAMES, distribution, main_answers
from motcua.claims.book import Book
from motcua.claims.register import Register
from motcua.findings import Finding

AGGREGATION_WORDS = {"unit_average": "average of office shares (bình quân)",
                     "pooled": "pooled share"}


def satisfaction_claims(register: Register) -> pd.DataFrame:
    """The register's satisfaction claims (reported values only)."""
    c = register.claims
    return c[(c["metric"].isin(list(SHARE_LEVELS))) & (c["kind"] == "reported")]


def _verdict(rows: pd.DataFrame) -> str:
    """From ``reconcile.recompute`` rows of one claim: where the claim holds."""
    if rows.empty:
        return "not recomputable from these records"
    ok = rows[rows["consistent"]]
    if len(ok) == len(rows):
        return "holds (" + ", ".join(rows["convention"]) + ")"
    if ok.empty:
        return "does not hold"
    return "holds only as the " + ", ".join(ok["convention"])


def _checks(claim_id: str, findings: list[Finding]) -> str:
    """The claims audit's checks of one claim, as "check: status" (fail/warning first)."""
    order = {"fail": 0, "warning": 1, "info": 2}
    mine = sorted((f for f in findings if claim_id in f.claim_ids and f.check != "records"),
                  key=lambda f: (order[f.severity], f.check))
    return "; ".join(dict.fromkeys(f"{f.check}: {f.status}" for f in mine))


def claims_table(register: Register, recomputed: pd.DataFrame, audit_findings: list[Finding]
                 ) -> pd.DataFrame:
    """One row per satisfaction claim: where, which level, the value as written, how it was
    aggregated, the records' office average and pooled share (percent) with the pooled share's
    interval, the records' verdict and the claims audit's checks."""
    rows = []
    for claim in satisfaction_claims(register).itertuples():
        book = Book(register, claim.register)
        got = recomputed[recomputed["claim_id"] == claim.claim_id]
        pooled = got[got["convention"] == "pooled"]
        average = got[got["convention"] == "unit average"]
        rows.append(dict(
            claim_id=claim.claim_id, where=book.name_of(claim.locality),
            level=LEVEL_NAMES["en"][SHARE_LEVELS[claim.metric]], claimed=claim.value_text,
            aggregation=AGGREGATION_WORDS.get(claim.aggregation, claim.aggregation),
            records_office_average=average["recomputed"].iloc[0] if len(average) else None,
            records_pooled=pooled["recomputed"].iloc[0] if len(pooled) else None,
            pooled_low=pooled["ci_low"].iloc[0] if len(pooled) else None,
            pooled_high=pooled["ci_high"].iloc[0] if len(pooled) else None,
            records_verdict=_verdict(got), audit_checks=_checks(claim.claim_id, audit_findings)))
    return pd.DataFrame(rows)


def claim_distributions(register: Register, answers: pd.DataFrame) -> pd.DataFrame:
    """For each place a satisfaction claim speaks about, the distribution of the headline
    answers of its offices (counts per level and ``n``), as ``satisfaction.distribution``."""
    main = main_answers(answers)
    table = pd.DataFrame({"reception_unit": main["office"],
                          "locality_code": main["locality_code"]}, index=main.index)
    frames = []
    claims = satisfaction_claims(register)
    for (name, loc), _ in claims.groupby(["register", "locality"], sort=False):
        book = Book(register, name)
        mask = scope_mask(book, loc, table)
        if mask is None or not mask.any():
            continue
        dist = distribution(main[mask].assign(where=book.name_of(loc)), "where")
        frames.append(dist.assign(offices=main.loc[mask, "office"].nunique()))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
