"""The long event table implied by a one-row-per-dossier table."""

from __future__ import annotations

import pandas as pd

from motcua.vn import vocab

#: dossier status → the event its ``processing_end_at`` records (docs/domain.md §1.5:
#: withdrawal, refusal and stop are end events in the 766 rule).
_END_EVENT = {"resolved": "resolved", "returned": "resolved", "withdrawn": "withdrawn",
              "refused": "refused", "stopped": "stopped"}


def dossier_events(dossiers: pd.DataFrame) -> pd.DataFrame:
    """The long event table (:class:`~motcua.records.schema.EventSchema`) implied by a dossier
    table: ``received`` (``received_at``), the end event of ``processing_end_at`` (by status,
    see ``_END_EVENT``; ``resolved`` for other statuses), ``returned`` and ``apology_issued``.
    Supplement events are not in the one-row-per-dossier export and are not invented.
    """
    ids = dossiers["dossier_id"]
    end = dossiers["status"].astype("str").map(_END_EVENT).fillna("resolved")
    parts = [pd.DataFrame({"dossier_id": ids, "event": ev, "at": dossiers[col]})
             for ev, col in (("received", "received_at"), (end, "processing_end_at"),
                             ("returned", "returned_at"), ("apology_issued", "apology_issued_at"))]
    ev = pd.concat(parts, ignore_index=True)
    ev = ev[ev["at"].notna()].sort_values(["dossier_id", "at"], kind="stable", ignore_index=True)
    ev["dossier_id"] = ev["dossier_id"].astype("str")
    ev["event"] = pd.Categorical(ev["event"], categories=list(vocab.EVENTS))
    ev["at"] = ev["at"].astype("datetime64[ns]")
    return ev
