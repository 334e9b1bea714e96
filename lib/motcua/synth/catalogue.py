"""The SYNTHETIC procedure catalogue and the outcome mix of the simulator.

Illustrative, not calibrated: procedure ids start with ``syn.`` so that no one mistakes them for
real TTHC codes; statutory limits are plausible values in each of the four limit units of
``motcua.vn.calendar.LIMIT_UNITS`` (working days, calendar days, hours, months).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CATALOGUE = pd.DataFrame(
    [
        # procedure_id, field, limit, unit, w_commune, w_centre, p_supplement, interagency-eligible
        ("syn.certification.copy", "certification", 0, "working_day", 0.40, 0.00, 0.00, False),
        ("syn.certification.signature", "certification", 0, "working_day", 0.10, 0.00, 0.00,
         False),
        ("syn.certification.contract", "certification", 2, "working_day", 0.03, 0.06, 0.03, False),
        ("syn.civil_status.birth", "civil_status", 1, "working_day", 0.10, 0.00, 0.02, True),
        ("syn.civil_status.death", "civil_status", 1, "working_day", 0.03, 0.00, 0.02, True),
        ("syn.civil_status.marriage", "civil_status", 5, "working_day", 0.05, 0.00, 0.04, False),
        ("syn.civil_status.marital_confirmation", "civil_status", 3, "working_day", 0.08, 0.00,
         0.03, False),
        ("syn.civil_status.change", "civil_status", 3, "working_day", 0.00, 0.07, 0.05, False),
        ("syn.land.commune_confirmation", "land", 10, "working_day", 0.04, 0.00, 0.08, False),
        ("syn.land.first_certificate", "land", 30, "working_day", 0.00, 0.16, 0.15, False),
        ("syn.land.transfer_registration", "land", 10, "working_day", 0.00, 0.22, 0.10, True),
        ("syn.business.household_registration", "business", 3, "working_day", 0.00, 0.14, 0.06,
         False),
        ("syn.construction.building_permit", "construction", 15, "day", 0.00, 0.08, 0.12, False),
        ("syn.labour_social.policy_confirmation", "labour_social", 16, "hour", 0.06, 0.00, 0.02,
         False),
        ("syn.labour_social.allowance", "labour_social", 1, "month", 0.00, 0.07, 0.05, False),
        ("syn.justice.reconciliation", "justice", 15, "day", 0.02, 0.00, 0.02, False),
        ("syn.justice.legal_aid", "justice", 24, "hour", 0.00, 0.05, 0.02, False),
        ("syn.other.misc", "other", 5, "working_day", 0.09, 0.15, 0.05, False),
    ],
    columns=["procedure_id", "field_code", "statutory_limit", "limit_unit", "w_commune",
             "w_centre", "p_supplement", "interagency_eligible"],
)

#: Columns a dossier copies from its procedure.
PROCEDURE_COLUMNS = ("procedure_id", "field_code", "statutory_limit", "limit_unit",
                     "p_supplement", "interagency_eligible")

#: Procedures long enough for a dossier to be "about to be late" (withdraw_resubmit originals).
LONG_ENOUGH = (
    CATALOGUE["limit_unit"].isin(["working_day", "day"]) & (CATALOGUE["statutory_limit"] >= 3)
).to_numpy()

#: Shares of the not-on-time dossiers: late, withdrawn, refused, stopped.
OUTCOME_MIX = {
    "centre": (0.55, 0.25, 0.12, 0.08),
    "commune": (0.45, 0.30, 0.20, 0.05),
}

#: Roles of dossiers, in the order rows are laid out per unit.
ROLES = ("on_time", "backdated", "wr_resub", "late", "withdrawn", "wr_original", "refused",
         "stopped")


def procedure_weights(level: str, wr_original: bool) -> np.ndarray:
    """Probabilities of each catalogue procedure for a unit of ``level`` (withdraw–resubmit
    originals only among ``LONG_ENOUGH`` procedures)."""
    w = CATALOGUE["w_commune" if level == "commune" else "w_centre"].to_numpy(dtype=float)
    if wr_original:
        w = w * LONG_ENOUGH
    return w / w.sum()
