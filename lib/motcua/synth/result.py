"""The result of one simulation: the SYNTHETIC tables, their metadata and the plant."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class SimulationResult:
    """SYNTHETIC tables for one locality. ``metadata`` is JSON-ready. ``plant`` is the
    ``{fault: (unit, ...)}`` the tables were made with, or None (default faults)."""

    slug: str
    seed: int
    dossiers: pd.DataFrame
    events: pd.DataFrame
    surveys: pd.DataFrame
    ground_truth: pd.DataFrame
    metadata: dict
    plant: dict | None = None
