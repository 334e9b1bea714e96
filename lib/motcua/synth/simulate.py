"""SYNTHETIC one-stop microdata calibrated to published claims, with planted faults.

Everything this module produces is **synthetic**: invented dossiers, events and survey forms whose
totals reproduce the figures published for a few seed localities exactly, so that audit code can
be tested against a known truth. Every table has ``is_synthetic = True``; ``write_simulation``
also writes ``metadata.json`` (``"synthetic": true``) and a ``README.md`` saying so.

Seed localities (``SLUGS``) and the figures reproduced exactly (articles in ``data/articles/``):

``quang-dien-2020`` (article 001, 16/03/2021)
    District centre: 7,519 received, 7,198 resolved early or on time. The 11 communes (10 xã and
    thị trấn Sịa): 17,391 / 17,081 together; Quảng Thái commune (19870) 1,113 / 1,100.
``dong-quang-2022`` (article 004, 16/02/2023)
    Đồng Quang ward (05458): 3,028 received, 100% on time, 92 inter-agency dossiers.
``kim-bang-2022`` (article 000)
    18 commune-level units whose **unweighted** average ("bình quân") satisfaction shares are
    63.35% very satisfied, 36.60% satisfied, 0.05% dissatisfied (3-point scale); district centre
    100% very satisfied. No dossier figures are published: dossier volumes are uncalibrated.
``lang-son-2019`` (article 003, 17/02/2020)
    "gần 250.000" dossiers, 99.2% resolved early or on time. **Scaled down 1:50**: 5,000 dossiers,
    4,960 on time (99.20%); the province centre plus 11 district units (communes not simulated).
    The article's period runs "from early 2019 to now" (Feb 2020); the simulation uses 2019.

Hữu Lũng (article 002) publishes no dossier or satisfaction figures, so it has no slug.

**How "on time" is counted for reproduction** (``REPRODUCTION_CONVENTION``): the
``received_cohort`` convention of ``motcua.ontime``: dossiers received in the period, each
followed to the end of the data (``data_as_of``); on time = resolved no later than the due date
extended by supplement pauses. "Received" counts every dossier whose ``received_at`` is in the
period, whatever its outcome (withdrawn, refused, stopped and late dossiers make up the rest).

Structure (illustrative, not calibrated): a catalogue of synthetic procedures per level with
statutory limits (mostly working days; some calendar days, months and hours), channels
(in person / online / postal), monthly seasonality with a pre-Tết surge and the Tết holiday dip,
due dates from ``motcua.calendar``, skewed commune sizes, supplements, withdrawals, refusals,
stops, apology slips for late dossiers, and survey forms linked to returned dossiers.

Planted faults (``FAULTS``; truth in ``SimulationResult.ground_truth``) and their default
intensities (the constants below; ``--plant`` and ``faults=`` use the same ones):

``withdraw_resubmit``
    A dossier about to be late is withdrawn on or just before its due date and the same
    applicant (``applicant_key``) resubmits the same procedure within 0–2 working days; the fresh
    clock makes the resubmission on time. Truth row: original → resubmission. Intensity:
    ``WITHDRAW_RESUBMIT_SHARE`` = 12% of a unit's not-on-time dossiers (binomial draw), at least
    one pair where the fault is planted.
``backdated_resolution``
    A dossier really resolved 1–5 working days late is recorded as resolved on its due date
    (``processing_end_at`` moved onto the due date); ``returned_at`` still follows the true date.
    Intensity: ``BACKDATED_SHARE`` = 0.4% of a unit's on-time dossiers, at least one.
``missing_apology``
    A late dossier without the apology slip (Mẫu 04, TT 01/2018) that late dossiers otherwise get.
    Intensity: ``MISSING_APOLOGY_SHARE`` = 30% of the late dossiers, at least one.
``uniform_satisfaction``
    A reception unit whose survey forms are all ``very_satisfied`` (one commune in default
    mode; every named unit with ``plant``).
``slow_office`` (only with ``plant``: it names the office)
    An office whose late share is ``SLOW_OFFICE_FACTOR`` = 6 times the median expected late
    share of the other units, and at least ``SLOW_OFFICE_MIN_SHARE`` = 4% of its dossiers:
    dossiers that would be on time are resolved late (1–12 working days after the due day, like
    every late dossier) and get apology slips as usual. Its received count stays; its on-time
    count drops, so a published on-time figure covering it no longer matches (``metadata.json``
    marks that figure ``changed_by: slow_office``). One truth row per office.

Default mode (``faults="default"``, ``DEFAULT_FAULTS``) plants the first four locality-wide.
Plant mode (``plant={"missing_apology": ["19870", ...], ...}``, CLI ``--plant FAULT:UNIT,...``)
plants exactly the named faults in exactly the named units; every other unit is fault-free.

Columns beyond the shared contract: ``applicant_key`` (a synthetic pseudonym, ``SYN-A…``, which
links a resubmission to its withdrawn original; named as in ``motcua.schema.DossierSchema``),
``code_list`` in the survey table (as ``SurveySchema`` asks) and ``is_synthetic`` in every
table. Dossier ids
follow the ND 61 pattern unit + receipt date + sequence: ``<locality>-<unit>-<yymmdd>-<nnnn>``.

Determinism: in default mode one ``numpy.random.default_rng(seed)`` drives everything, in a
fixed order; no wall clock is read. Same slug + seed + faults ⇒ identical tables. In plant mode
each reception unit draws from its own ``numpy.random.SeedSequence`` stream (``_stream``), so
planting a fault in one office leaves the other offices' dossiers, events and forms identical;
the only coupling left is Kim Bảng's calibrated survey counts (a unit fixed at 100% very
satisfied changes what the other communes need for the published mean). Plant mode with an
empty plant (``plant={}``) is the fault-free baseline of that mode; its draws differ from the
default mode's. Same slug + seed + plant ⇒ identical tables.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import holidays as holidays_pkg
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from motcua import __version__
from motcua.vn import calendar as wcal
from motcua.analysis import ontime
from motcua.config import SYNTHETIC_DIR
from motcua.errors import MotcuaError

SLUGS = ("quang-dien-2020", "dong-quang-2022", "kim-bang-2022", "lang-son-2019")
FAULTS = ("withdraw_resubmit", "backdated_resolution", "missing_apology", "uniform_satisfaction",
          "slow_office")
DEFAULT_FAULTS = FAULTS[:4]  # what ``faults="default"`` may plant; slow_office needs ``plant=``
DEFAULT_SEED = 20260101

# default intensities of the planted faults (the module docstring explains each)
WITHDRAW_RESUBMIT_SHARE = 0.12  # of a unit's not-on-time dossiers
BACKDATED_SHARE = 0.004  # of a unit's on-time dossiers
MISSING_APOLOGY_SHARE = 0.3  # of late dossiers
SLOW_OFFICE_FACTOR = 6.0  # times the peers' median expected late share
SLOW_OFFICE_MIN_SHARE = 0.04  # of the slow office's received dossiers, at least
APPLICANT_BLOCK = 100_000  # plant mode: applicant numbers of unit i start at i * APPLICANT_BLOCK
REPRODUCTION_CONVENTION = "received_cohort"

STATUSES = (
    "submitted", "accepted", "refused", "in_progress", "supplement_requested",
    "awaiting_payment", "withdrawn", "stopped", "resolved", "returned",
)  # domain.md §1.4 codes 1–10
FIELDS = (
    "civil_status", "certification", "land", "justice", "construction", "business",
    "labour_social", "other",
)
CHANNELS = ("in_person", "online", "postal")
LIMIT_UNITS = ("working_day", "day", "hour", "month")
EVENTS = (
    "received", "supplement_requested", "supplement_returned", "withdrawn", "refused", "stopped",
    "resolved", "returned", "apology_issued",
)
LEVELS = ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied")

_ROLES = (
    "on_time", "backdated", "wr_resub", "late", "withdrawn", "wr_original", "refused", "stopped"
)
_MIN = np.timedelta64(60_000_000, "us")


# ---------------------------------------------------------------------------------------------
# procedure catalogue (synthetic: ids say so; limits are illustrative)

_CATALOGUE = pd.DataFrame(
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

_MONTH_FACTOR = np.array([1.15, 0.85, 1.0, 0.95, 1.0, 1.0, 1.05, 1.0, 0.95, 1.0, 1.05, 1.2])
_OUTCOME_MIX = {  # shares of the not-on-time dossiers: late, withdrawn, refused, stopped
    "centre": (0.55, 0.25, 0.12, 0.08),
    "commune": (0.45, 0.30, 0.20, 0.05),
}


# ---------------------------------------------------------------------------------------------
# profiles


@dataclass(frozen=True)
class Unit:
    """A reception unit. ``received``/``on_time`` are exact published counts when not None."""

    code: str  # value of ``reception_unit``
    name: str
    level: str  # "centre" (district / province centre) or "commune" (xã, phường, thị trấn)
    received: int | None = None
    on_time: int | None = None
    interagency: int | None = None


@dataclass(frozen=True)
class GroupTarget:
    """A published total over several units (e.g. all communes of a district)."""

    name: str
    units: tuple[str, ...]
    received: int
    on_time: int


@dataclass(frozen=True)
class Profile:
    slug: str
    name: str
    locality_code: str
    code_list: str
    period: tuple[str, str]
    data_as_of: str
    article: str
    units: tuple[Unit, ...]
    groups: tuple[GroupTarget, ...] = ()
    free_sizes: dict = field(default_factory=dict)  # for units without published counts
    total: tuple[int, int] | None = None  # (received, on_time) over all units
    online_share: float = 0.05
    postal_share: float = 0.03
    scale_points: int = 3
    satisfaction: dict | None = None  # published survey shares, when any
    default_faults: tuple[str, ...] = DEFAULT_FAULTS
    scale: dict | None = None
    published: tuple[dict, ...] = ()
    notes: tuple[str, ...] = ()


_QD_COMMUNES = (
    ("19867", "Thị trấn Sịa"), ("19870", "Xã Quảng Thái"), ("19873", "Xã Quảng Ngạn"),
    ("19876", "Xã Quảng Lợi"), ("19879", "Xã Quảng Công"), ("19882", "Xã Quảng Phước"),
    ("19885", "Xã Quảng Vinh"), ("19888", "Xã Quảng An"), ("19891", "Xã Quảng Thành"),
    ("19894", "Xã Quảng Thọ"), ("19897", "Xã Quảng Phú"),
)  # GSO codes, admin_units_legacy.csv (vietnamadminunits 1.0.4) = GSO 2025-01-04 list
_KB_COMMUNES = (
    ("13384", "Thị trấn Quế"), ("13387", "Xã Nguyễn Úy"), ("13390", "Xã Đại Cương"),
    ("13393", "Xã Lê Hồ"), ("13396", "Xã Tượng Lĩnh"), ("13399", "Xã Nhật Tựu"),
    ("13402", "Xã Nhật Tân"), ("13405", "Xã Đồng Hóa"), ("13408", "Xã Hoàng Tây"),
    ("13411", "Xã Tân Sơn"), ("13414", "Xã Thụy Lôi"), ("13417", "Xã Văn Xá"),
    ("13420", "Xã Khả Phong"), ("13423", "Xã Ngọc Sơn"), ("13429", "Thị trấn Ba Sao"),
    ("13432", "Xã Liên Sơn"), ("13435", "Xã Thi Sơn"), ("13438", "Xã Thanh Sơn"),
)  # Huyện Kim Bảng in the GSO 2023-05-07 list (18 units; the 2025 list has 17 after a merger)
_LS_DISTRICTS = (
    ("178", "Thành phố Lạng Sơn"), ("180", "Huyện Tràng Định"), ("181", "Huyện Bình Gia"),
    ("182", "Huyện Văn Lãng"), ("183", "Huyện Cao Lộc"), ("184", "Huyện Văn Quan"),
    ("185", "Huyện Bắc Sơn"), ("186", "Huyện Hữu Lũng"), ("187", "Huyện Chi Lăng"),
    ("188", "Huyện Lộc Bình"), ("189", "Huyện Đình Lập"),
)  # GSO district codes (unchanged 2019–2025)

PROFILES: dict[str, Profile] = {
    "quang-dien-2020": Profile(
        slug="quang-dien-2020",
        name="Huyện Quảng Điền (Thừa Thiên Huế)",
        locality_code="477",
        code_list="gso-2025-01-04",
        period=("2020-01-01", "2020-12-31"),
        data_as_of="2021-03-15",
        article="001_81c638711e3ac063",
        units=(Unit("centre", "Trung tâm hành chính công huyện", "centre", 7519, 7198),)
        + tuple(
            Unit(c, n, "commune", 1113, 1100) if c == "19870" else Unit(c, n, "commune")
            for c, n in _QD_COMMUNES
        ),
        groups=(GroupTarget("communes", tuple(c for c, _ in _QD_COMMUNES), 17391, 17081),),
        online_share=0.06,
        postal_share=0.03,
        scale_points=3,
        published=(
            {"id": "centre-received", "unit": "centre", "metric": "received", "text": "7519"},
            {"id": "centre-on-time", "unit": "centre", "metric": "on_time", "text": "7198"},
            {"id": "communes-received", "unit": "communes", "metric": "received",
             "text": "17.391"},
            {"id": "communes-on-time", "unit": "communes", "metric": "on_time", "text": "17.081"},
            {"id": "quang-thai-received", "unit": "19870", "metric": "received", "text": "1113"},
            {"id": "quang-thai-on-time", "unit": "19870", "metric": "on_time", "text": "1100"},
        ),
        notes=(
            "The 10 other communes share 16,278 received / 15,981 on time with log-normal "
            "(skewed) sizes; their split is not published.",
            "Survey forms (3-point scale, as on Thừa Thiên Huế forms) are uncalibrated: the "
            "article publishes no satisfaction figure.",
        ),
    ),
    "dong-quang-2022": Profile(
        slug="dong-quang-2022",
        name="Phường Đồng Quang (TP Thái Nguyên)",
        locality_code="05458",
        code_list="gso-2025-01-04",
        period=("2022-01-01", "2022-12-31"),
        data_as_of="2023-02-15",
        article="004_fbd89c9bfbe32485",
        units=(Unit("05458", "Bộ phận Một cửa phường Đồng Quang", "commune", 3028, 3028, 92),),
        online_share=0.25,
        postal_share=0.04,
        scale_points=5,
        default_faults=("backdated_resolution", "uniform_satisfaction"),
        published=(
            {"id": "received", "unit": "05458", "metric": "received", "text": "3.028"},
            {"id": "on-time-share", "unit": "05458", "metric": "on_time_percent", "text": "100%"},
            {"id": "interagency", "unit": "05458", "metric": "interagency", "text": "92"},
        ),
        notes=(
            "Every received dossier is published as on time, so no dossier may be withdrawn, "
            "refused, stopped or late in the record: withdraw_resubmit and missing_apology "
            "cannot be planted here (asking for them raises ValueError).",
            "Survey forms (5-point scale) are uncalibrated: no satisfaction figure is published.",
        ),
    ),
    "kim-bang-2022": Profile(
        slug="kim-bang-2022",
        name="Huyện Kim Bảng (Hà Nam)",
        locality_code="350",
        code_list="gso-2023-05-07",
        period=("2022-01-01", "2022-12-31"),
        data_as_of="2023-03-31",
        article="000_1769e43f8d69b3a2",
        units=(Unit("centre", "Bộ phận tiếp nhận và trả kết quả huyện", "centre"),)
        + tuple(Unit(c, n, "commune") for c, n in _KB_COMMUNES),
        free_sizes={"centre": 3500, "commune": 520, "not_on_time": 0.015},
        online_share=0.15,
        postal_share=0.04,
        scale_points=3,
        satisfaction={
            "communes": {"very_satisfied": "63,35%", "satisfied": "36,60%",
                         "dissatisfied": "0,05%"},
            "centre": {"very_satisfied": "100%"},
        },
        published=(
            {"id": "communes-very-satisfied", "unit": "communes",
             "metric": "mean_share_very_satisfied", "text": "63,35%"},
            {"id": "communes-satisfied", "unit": "communes", "metric": "mean_share_satisfied",
             "text": "36,60%"},
            {"id": "communes-dissatisfied", "unit": "communes",
             "metric": "mean_share_dissatisfied", "text": "0,05%"},
            {"id": "centre-very-satisfied", "unit": "centre", "metric": "share_very_satisfied",
             "text": "100%"},
            {"id": "commune-count", "unit": "communes", "metric": "unit_count", "text": "18/18"},
        ),
        notes=(
            "Dossier volumes and on-time counts are NOT published for Kim Bảng 2022: they are "
            "uncalibrated draws (centre ~3,500; communes ~520 each, skewed; ~1.5% not on time).",
            "Communes are the 18 units of Huyện Kim Bảng in the GSO 2023-05-07 list "
            "(code_list gso-2023-05-07); the 2025 list has 17.",
            "Survey counts per commune (80–200 forms) are chosen so that the unweighted mean "
            "of per-commune shares rounds to the published 63.35 / 36.60 / 0.05%; the single "
            "dissatisfied form sits in one commune of 105–118 forms.",
        ),
    ),
    "lang-son-2019": Profile(
        slug="lang-son-2019",
        name="Tỉnh Lạng Sơn (scaled-down 1:50 sample)",
        locality_code="20",
        code_list="gso-2025-01-04",
        period=("2019-01-01", "2019-12-31"),
        data_as_of="2020-03-31",
        article="003_402ea200194e85b5",
        units=(Unit("centre", "Trung tâm Phục vụ hành chính công tỉnh", "centre"),)
        + tuple(Unit(c, n, "centre") for c, n in _LS_DISTRICTS),
        total=(5000, 4960),
        free_sizes={"centre": 0.28},
        online_share=0.02,
        postal_share=0.02,
        scale_points=5,
        scale={"factor": 50, "published_received_text": "gần 250.000",
               "published_on_time_text": "99,2%",
               "note": "scaled-down sample: 5,000 simulated dossiers stand for ~250,000; "
                       "on-time share 99.2% reproduced exactly (4,960 / 5,000)"},
        published=(
            {"id": "received-scaled", "unit": "all", "metric": "received", "text": "gần 250.000",
             "scaled_to": 5000},
            {"id": "on-time-share", "unit": "all", "metric": "on_time_percent", "text": "99,2%"},
        ),
        notes=(
            "Scaled-down 1:50 sample of the province total; the split between the province "
            "centre (~28%) and the 11 district units is not published. Commune units are not "
            "simulated.",
            "The article (17/02/2020) counts 'from early 2019 to now'; the simulation uses "
            "calendar year 2019.",
            "Survey forms (5-point scale) are uncalibrated.",
        ),
    ),
}


class SimulationError(MotcuaError, ValueError):
    """A simulation cannot be made as asked: unknown slug, fault or unit, or a fault that cannot
    be planted where it was asked for without changing a published figure."""


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


# ---------------------------------------------------------------------------------------------
# public API


def simulate_locality(slug: str, seed: int = DEFAULT_SEED, faults="default",
                      plant=None) -> SimulationResult:
    """Simulate SYNTHETIC dossiers, events and surveys for ``slug`` (one of ``SLUGS``).

    ``faults``: ``"default"`` (the profile's list: the four of ``DEFAULT_FAULTS``, except
    ``dong-quang-2022`` where every dossier is published as on time, so only
    ``backdated_resolution`` and ``uniform_satisfaction`` fit), ``None``/``()`` for none, or an
    iterable of names from ``DEFAULT_FAULTS``. A fault that cannot be planted without breaking a
    published figure raises ``SimulationError`` (a ``ValueError``).

    ``plant``: ``{fault: [reception_unit, ...]}`` plants exactly those faults (any of
    ``FAULTS``, including ``slow_office``) in exactly those units, at the default intensities,
    with one random stream per unit (see the module docstring); ``faults`` must then be left at
    ``"default"``. Unknown faults or units raise ``SimulationError`` naming the valid ones.
    """
    if slug not in PROFILES:
        raise SimulationError(f"unknown locality slug {slug!r}; expected one of {SLUGS}")
    prof = PROFILES[slug]
    if plant is not None:
        if not (isinstance(faults, str) and faults == "default"):
            raise SimulationError("give either faults= or plant=, not both")
        return _simulate_planted(prof, int(seed), _check_plant(prof, plant))
    fault_set = _check_faults(prof, faults)
    rng = np.random.default_rng(seed)
    targets = _with_slow_extra(_unit_targets(prof, rng), {})
    sim = _Simulator(prof, rng, fault_set, where=prof.slug)
    df, events = sim.dossiers_and_events(targets)
    dossiers, events, truth = _finish(prof, df, events, sim.truth_rows, sim.pending_skips)
    uniform = []
    if "uniform_satisfaction" in fault_set:
        uniform = [_pick_uniform_unit(prof, rng)]
    surveys = _surveys(prof, dossiers, lambda unit: rng, rng, uniform, ids_per_unit=False)
    truth = pd.concat([truth, _uniform_truth(uniform)], ignore_index=True)
    truth = _finish_truth(truth, DEFAULT_FAULTS)
    return _result(prof, int(seed), fault_set, dossiers, events, surveys, truth, None)


def _check_faults(prof: Profile, faults) -> tuple[str, ...]:
    if isinstance(faults, str):
        if faults != "default":
            raise SimulationError("faults must be 'default', None or an iterable of fault names")
        fault_set = tuple(prof.default_faults)
    else:
        fault_set = tuple(faults or ())
    bad = set(fault_set) - set(FAULTS)
    if bad:
        raise SimulationError(f"unknown faults {sorted(bad)}; expected some of {FAULTS}")
    if "slow_office" in fault_set:
        raise SimulationError("slow_office is planted only through plant= (it names the office)")
    return tuple(f for f in FAULTS if f in fault_set)


def _check_plant(prof: Profile, plant) -> dict[str, tuple[str, ...]]:
    """``plant`` as ``{fault: (unit, ...)}`` in ``FAULTS`` and profile order, or an error naming
    the valid faults or units."""
    codes = [u.code for u in prof.units]
    if not hasattr(plant, "items"):
        raise SimulationError("plant must map fault names to lists of reception-unit codes")
    out = {}
    for fault, units in plant.items():
        if fault not in FAULTS:
            raise SimulationError(f"unknown fault {fault!r}; valid faults: {', '.join(FAULTS)}")
        units = [units] if isinstance(units, str) else [str(u) for u in units]
        bad = [u for u in units if u not in codes]
        if bad or not units:
            what = f"unknown reception unit {bad[0]!r}" if bad else f"no unit named for {fault}"
            raise SimulationError(f"{what} in {prof.slug}; valid units: {', '.join(codes)}")
        published = (prof.satisfaction or {}).get
        for u in units:
            if fault == "uniform_satisfaction" and published(u) == {"very_satisfied": "100%"}:
                raise SimulationError(f"uniform_satisfaction cannot be planted in unit {u} of "
                                      f"{prof.slug}: its published share is already 100% very "
                                      "satisfied")
        out[fault] = tuple(c for c in codes if c in units)
    return {f: out[f] for f in FAULTS if f in out}


def _stream(seed: int, *key: int) -> np.random.Generator:
    """An independent random stream of ``seed`` (numpy ``SeedSequence`` spawn key ``key``)."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def _simulate_planted(prof: Profile, seed: int, plant: dict) -> SimulationResult:
    """Plant mode: unit sizes from stream (0,); unit ``i``'s dossiers from stream (1, i) and its
    survey forms from stream (3, i); calibrated survey counts (Kim Bảng) from stream (2,)."""
    targets = _unit_targets(prof, _stream(seed, 0))
    targets = _with_slow_extra(targets, plant.get("slow_office", ()))
    dfs, evs, truth_rows, skips, offset = [], [], [], [], 0
    for i, unit in enumerate(targets["unit"]):
        faults = tuple(f for f in plant if unit in plant[f])
        sim = _Simulator(prof, _stream(seed, 1, i), faults, where=f"unit {unit} of {prof.slug}",
                         applicant_offset=i * APPLICANT_BLOCK)
        df, ev = sim.dossiers_and_events(targets.iloc[[i]].reset_index(drop=True))
        if len(df) >= APPLICANT_BLOCK:  # pragma: no cover - profiles are small
            raise RuntimeError(f"unit {unit}: too many dossiers for the applicant numbering")
        dfs.append(df.set_axis(df.index + offset))
        evs.append(ev.assign(row=ev["row"] + offset))
        truth_rows += [_shift_rows(r, offset) for r in sim.truth_rows]
        skips += [r + offset for r in sim.pending_skips]
        offset += len(df)
    df, events = pd.concat(dfs), pd.concat(evs, ignore_index=True)
    dossiers, events, truth = _finish(prof, df, events, truth_rows, skips)
    uniform = list(plant.get("uniform_satisfaction", ()))
    survey_rngs = {u: _stream(seed, 3, i) for i, u in enumerate(targets["unit"])}
    surveys = _surveys(prof, dossiers, survey_rngs.__getitem__, _stream(seed, 2), uniform,
                       ids_per_unit=True)
    truth = pd.concat([truth, _uniform_truth(uniform), _slow_truth(targets)], ignore_index=True)
    truth = _finish_truth(truth, FAULTS)
    planted = tuple(plant)
    return _result(prof, seed, planted, dossiers, events, surveys, truth, plant)


def _shift_rows(r: dict, offset: int) -> dict:
    out = dict(r, row=r["row"] + offset)
    if "linked_row" in r:
        out["linked_row"] = r["linked_row"] + offset
    return out


def _result(prof, seed, faults, dossiers, events, surveys, truth, plant) -> SimulationResult:
    """Check the published figures, add the metadata."""
    result = SimulationResult(prof.slug, seed, dossiers, events, surveys, truth, {}, plant)
    checks = published_checks(result)
    failed = [c for c in checks if not c["matches"] and "changed_by" not in c]
    if failed:
        raise AssertionError(f"simulation does not reproduce the published figures: {failed}")
    meta = _metadata(prof, seed, faults, result, checks, plant)
    return SimulationResult(prof.slug, seed, dossiers, events, surveys, truth, meta, plant)


def write_simulation(result: SimulationResult, out_dir: str | Path) -> list[Path]:
    """Write the SYNTHETIC tables of ``result`` into ``out_dir`` (created if needed).

    Files: ``dossiers.parquet``, ``events.parquet``, ``surveys.parquet``,
    ``ground_truth.parquet`` (each with ``is_synthetic`` and parquet key-value metadata
    ``motcua.synthetic = true``), ``*_sample.csv`` (first 200 rows of each table),
    ``metadata.json`` (``"synthetic": true``, slug, seed, published totals reproduced) and a
    ``README.md``. Returns the paths written. Output bytes depend only on the result.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    tables = {
        "dossiers": result.dossiers,
        "events": result.events,
        "surveys": result.surveys,
        "ground_truth": result.ground_truth,
    }
    kv = {
        b"motcua.synthetic": b"true",
        b"motcua.slug": result.slug.encode(),
        b"motcua.seed": str(result.seed).encode(),
    }
    if result.plant is not None:
        kv[b"motcua.plant"] = json.dumps({f: list(u) for f, u in result.plant.items()}).encode()
    for name, df in tables.items():
        table = pa.Table.from_pandas(df, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **kv})
        path = out / f"{name}.parquet"
        pq.write_table(table, path, compression="zstd")
        written.append(path)
        sample = out / f"{name}_sample.csv"
        df.head(200).to_csv(sample, index=False, date_format="%Y-%m-%d %H:%M:%S")
        written.append(sample)
    meta_path = out / "metadata.json"
    meta_path.write_text(json.dumps(result.metadata, ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    written.append(meta_path)
    readme = out / "README.md"
    readme.write_text(_readme(result), encoding="utf-8")
    written.append(readme)
    return written


def default_out_dir(slug: str) -> Path:
    """Where the shipped SYNTHETIC data for ``slug`` lives: ``data/synthetic/<slug>/``."""
    return SYNTHETIC_DIR / slug


def generate_default(seed: int = DEFAULT_SEED, out_root: str | Path | None = None) -> dict:
    """Regenerate ``data/synthetic/<slug>/`` for every slug (default faults). Returns paths."""
    root = Path(out_root) if out_root is not None else SYNTHETIC_DIR
    return {s: write_simulation(simulate_locality(s, seed), root / s) for s in SLUGS}


def published_checks(result: SimulationResult) -> list[dict]:
    """Recompute each published figure of the slug from the SYNTHETIC tables.

    Dossier counts use ``ontime.rates_by_convention`` with ``REPRODUCTION_CONVENTION``; survey
    shares are unweighted means over units of per-unit shares, rounded half-up like the article.
    Returns one dict per published figure: id, unit, metric, published text, expected and
    simulated values, ``matches``; and ``changed_by: "slow_office"`` on an on-time figure that
    does not match because it covers an office planted as slow (its on-time count drops).
    """
    prof = PROFILES[result.slug]
    truth = result.ground_truth
    slow = set(truth.loc[truth["fault"] == "slow_office", "reception_unit"])
    out = []
    counts = {}
    if any(p["metric"] in ("received", "on_time", "on_time_percent") for p in prof.published):
        rates = ontime.rates_by_convention(
            result.dossiers, result.events, *prof.period, by="reception_unit",
            conventions=(REPRODUCTION_CONVENTION,),
        )
        per_unit = rates.set_index("group")
        for unit in per_unit.index:
            counts[unit] = (int(per_unit.at[unit, "denominator"]),
                            int(per_unit.at[unit, "numerator"]))
        for g in prof.groups:
            counts[g.name] = tuple(int(sum(counts[u][i] for u in g.units)) for i in (0, 1))
        counts["all"] = tuple(int(sum(v[i] for k, v in counts.items()
                                      if k in per_unit.index)) for i in (0, 1))
    for p in prof.published:
        metric, unit = p["metric"], p["unit"]
        rec = dict(p)
        if metric == "received":
            expected = p["scaled_to"] if "scaled_to" in p else _count(p["text"])
            simulated = counts[unit][0]
        elif metric == "on_time":
            expected, simulated = _count(p["text"]), counts[unit][1]
        elif metric == "on_time_percent":
            expected = _pct_text(p["text"])
            simulated = _round_pct(counts[unit][1] / counts[unit][0], _decimals(p["text"]))
        elif metric == "interagency":
            expected = _count(p["text"])
            d = result.dossiers
            in_period = d["received_at"].between(*ontime.period_bounds(*prof.period))
            here = d["is_interagency"] & in_period & (d["reception_unit"] == unit)
            simulated = int(here.sum())
        elif metric.startswith("mean_share_") or metric == "share_very_satisfied":
            level = metric.removeprefix("mean_share_").removeprefix("share_")
            shares = survey_shares(result.surveys)
            is_centre = shares.index == "centre"
            sub = shares[is_centre] if unit == "centre" else shares[~is_centre]
            expected = _pct_text(p["text"])
            simulated = _round_pct(float(sub[level].mean()), _decimals(p["text"]))
        elif metric == "unit_count":
            expected = _count(p["text"].split("/")[0])
            sv = result.surveys
            simulated = int(sv.loc[sv["reception_unit"] != "centre", "reception_unit"].nunique())
        else:  # pragma: no cover - profiles are static
            raise ValueError(metric)
        rec.update(expected=expected, simulated=simulated, matches=expected == simulated,
                   convention=REPRODUCTION_CONVENTION if "share" not in metric else None)
        if (not rec["matches"] and metric in ("on_time", "on_time_percent")
                and slow & _units_of(prof, unit)):
            rec["changed_by"] = "slow_office"
        out.append(rec)
    return out


def _units_of(prof: Profile, label: str) -> set[str]:
    """The reception units a published figure covers: a unit, a group or ``all``."""
    groups = {g.name: set(g.units) for g in prof.groups}
    if label == "all":
        return {u.code for u in prof.units}
    return groups.get(label, {label})


def survey_shares(surveys: pd.DataFrame, criterion: str = "overall") -> pd.DataFrame:
    """Per reception unit, the share of forms at each satisfaction level (rows sum to 1)."""
    sv = surveys[surveys["criterion"] == criterion]
    tab = pd.crosstab(sv["reception_unit"], sv["satisfaction_level"].astype(str))
    tab = tab.reindex(columns=list(LEVELS), fill_value=0)
    return tab.div(tab.sum(axis=1), axis=0)


# ---------------------------------------------------------------------------------------------
# number helpers (published texts are Vietnamese notation)


def _count(text: str) -> int:
    from motcua.vn.numbers import parse_vn_number

    return int(parse_vn_number(text).value)


def _decimals(text: str) -> int:
    from motcua.vn.numbers import parse_vn_number

    return parse_vn_number(text).decimals


def _pct_text(text: str) -> str:
    from motcua.vn.numbers import parse_vn_number

    p = parse_vn_number(text)
    return f"{p.value:.{p.decimals}f}"


def _round_pct(share: float, decimals: int) -> str:
    q = Decimal(1).scaleb(-decimals)
    return str((Decimal(repr(float(share))) * 100).quantize(q, rounding=ROUND_HALF_UP))


# ---------------------------------------------------------------------------------------------
# the simulator


def _unit_targets(p: Profile, rng: np.random.Generator) -> pd.DataFrame:
    """received / on_time per unit, exact where published, drawn where not."""
    units = list(p.units)
    rec = {u.code: u.received for u in units}
    ont = {u.code: u.on_time for u in units}
    for g in p.groups:
        fixed = [c for c in g.units if rec[c] is not None]
        free = [c for c in g.units if rec[c] is None]
        r_left = g.received - sum(rec[c] for c in fixed)
        o_left = g.on_time - sum(ont[c] for c in fixed)
        sizes = _skewed_split(r_left, len(free), rng, sigma=0.45, minimum=400)
        late = _proportional_split(r_left - o_left, sizes, rng)
        for c, r, d in zip(free, sizes, late):
            rec[c], ont[c] = int(r), int(r - d)
    if p.total is not None:
        total_r, total_o = p.total
        centre_share = p.free_sizes.get("centre", 0.25)
        n_centre = int(round(total_r * centre_share))
        others = [u.code for u in units if u.code != "centre"]
        sizes = [n_centre] + list(_skewed_split(total_r - n_centre, len(others), rng,
                                                sigma=0.5, minimum=120))
        late = _proportional_split(total_r - total_o, np.array(sizes), rng)
        for c, r, d in zip(["centre"] + others, sizes, late):
            rec[c], ont[c] = int(r), int(r - d)
    if p.free_sizes and p.total is None:
        frac = p.free_sizes["not_on_time"]
        for u in units:
            if rec[u.code] is None:
                base = p.free_sizes[u.level]
                r = int(round(base * (rng.lognormal(0, 0.35) if u.level == "commune" else 1)))
                r = max(r, 300)
                rec[u.code] = r
                ont[u.code] = r - int(rng.binomial(r, frac))
    missing = [c for c, v in rec.items() if v is None]
    if missing:  # pragma: no cover - profiles are static
        raise RuntimeError(f"no size for units {missing}")
    return pd.DataFrame(
        {
            "unit": [u.code for u in units],
            "level": [u.level for u in units],
            "received": [rec[u.code] for u in units],
            "on_time": [ont[u.code] for u in units],
            "interagency": [u.interagency for u in units],
        }
    )



def _expected_late_share(targets: pd.DataFrame) -> pd.Series:
    """Late share a unit gets without slow_office: its not-on-time share times the late share
    of its level's outcome mix (``_OUTCOME_MIX``)."""
    late_mix = targets["level"].map({k: v[0] for k, v in _OUTCOME_MIX.items()})
    return (targets["received"] - targets["on_time"]) / targets["received"] * late_mix


def _with_slow_extra(targets: pd.DataFrame, slow_units) -> pd.DataFrame:
    """Add ``slow_extra``: dossiers of a slow office that would be on time but are late.

    A slow office's late share is raised to ``SLOW_OFFICE_FACTOR`` times the median expected
    late share of the other units, and to at least ``SLOW_OFFICE_MIN_SHARE``; other units are
    unchanged. Its received count stays; its on-time count (published or not) drops.
    """
    expected = _expected_late_share(targets)
    slow = targets["unit"].isin(list(slow_units)).to_numpy()
    peers = float(expected[~slow].median()) if (~slow).any() else 0.0
    share = max(SLOW_OFFICE_FACTOR * peers, SLOW_OFFICE_MIN_SHARE)
    extra = np.ceil(share * targets["received"].to_numpy()).astype(int)
    extra = np.where(slow, np.minimum(extra, targets["on_time"].to_numpy()), 0)
    return targets.assign(slow_extra=extra, slow_target_share=np.where(slow, share, np.nan),
                          slow_peer_share=np.where(slow, peers, np.nan))


def _slow_truth(targets: pd.DataFrame) -> pd.DataFrame:
    slow = targets[targets["slow_extra"] > 0]
    return pd.DataFrame([
        dict(fault="slow_office", dossier_id=None, linked_dossier_id=None,
             reception_unit=t.unit, true_resolved_at=None,
             detail=f"slow office: {t.slow_extra} dossiers that would be on time are late "
                    f"(late share raised to at least {t.slow_target_share:.2%}; peers' median "
                    f"expected {t.slow_peer_share:.2%})")
        for t in slow.itertuples()
    ])


class _Simulator:
    """Dossiers and events of a block of units drawn from one random stream with one set of
    faults: all units at once (default mode) or one unit (plant mode). ``where`` names the
    block in error messages; ``applicant_offset`` is added to its applicant numbers."""

    def __init__(self, prof: Profile, rng: np.random.Generator, faults: tuple[str, ...],
                 where: str, applicant_offset: int = 0):
        self.p = prof
        self.rng = rng
        self.faults = faults
        self.where = where
        self.applicant_offset = applicant_offset
        self.cal = wcal.default_calendar()
        self.ps, self.pe = ontime.period_bounds(*prof.period)
        self.as_of = wcal.end_of_day(prof.data_as_of)
        self.truth_rows: list[dict] = []
        self.pending_skips: list[int] = []  # late dossiers whose apology slip is withheld

    def roles(self, targets: pd.DataFrame) -> pd.DataFrame:
        """One row per dossier: unit and role. Exact counts per unit by construction."""
        n_wr, n_bd = self._fault_counts(targets)
        counts = []
        for i, t in enumerate(targets.itertuples()):
            d_rest = t.received - t.on_time - n_wr[i]
            late, wd, ref, stop = self.rng.multinomial(d_rest, _OUTCOME_MIX[t.level])
            counts.append({
                "on_time": t.on_time - t.slow_extra - n_wr[i] - n_bd[i], "backdated": n_bd[i],
                "wr_resub": n_wr[i], "late": late + t.slow_extra, "withdrawn": wd,
                "wr_original": n_wr[i], "refused": ref, "stopped": stop,
            })
        if "missing_apology" in self.faults:
            self._ensure_a_late_dossier(counts)
        rows = []
        for t, c in zip(targets.itertuples(), counts):
            for role in _ROLES:
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

    def dossiers_and_events(self, targets: pd.DataFrame):
        """The block's dossier rows (with role, times and truth columns) and raw events."""
        p, rng = self.p, self.rng
        df = self.roles(targets)
        level = dict(zip(targets["unit"], targets["level"]))
        df["level"] = df["unit"].map(level)
        n = len(df)

        # procedures (wr originals need a limit long enough to be "about to be late")
        proc = np.empty(n, dtype=int)
        cat = _CATALOGUE
        long_enough = (
            cat["limit_unit"].isin(["working_day", "day"]) & (cat["statutory_limit"] >= 3)
        ).to_numpy()
        for lev, wcol in (("commune", "w_commune"), ("centre", "w_centre")):
            w = cat[wcol].to_numpy(dtype=float)
            for roles_sel, ww in (
                (df["role"].ne("wr_original"), w),
                (df["role"].eq("wr_original"), w * long_enough),
            ):
                m = (df["level"].eq(lev) & roles_sel).to_numpy()
                if m.any():
                    proc[m] = rng.choice(len(cat), size=int(m.sum()), p=ww / ww.sum())
        df["proc"] = proc
        df["channel"] = rng.choice(
            3, size=n, p=[1 - p.online_share - p.postal_share, p.online_share, p.postal_share]
        )
        # wr pairs: resubmission copies the original's procedure, channel and applicant
        orig_idx = np.flatnonzero(df["role"].eq("wr_original").to_numpy())
        resub_idx = np.flatnonzero(df["role"].eq("wr_resub").to_numpy())
        df.loc[resub_idx, ["proc", "channel"]] = df.loc[orig_idx, ["proc", "channel"]].to_numpy()
        applicant = rng.permutation(n) + self.applicant_offset
        applicant[resub_idx] = applicant[orig_idx]
        df["applicant"] = applicant

        for col in ("procedure_id", "field_code", "statutory_limit", "limit_unit",
                    "p_supplement", "interagency_eligible"):
            df[col] = cat[col].to_numpy()[df["proc"].to_numpy()]

        # receipt times (resubmissions get theirs from the original's withdrawal, below)
        first = ~df["role"].eq("wr_resub").to_numpy()
        latest = self.pe - pd.Timedelta(days=75)
        df["received_at"] = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        df.loc[first, "received_at"] = self._receipts(
            df.loc[first, "channel"].to_numpy(),
            df.loc[first, "role"].eq("wr_original").to_numpy(),
            latest,
        )
        ev_parts = []
        done, ev = self._lifecycle(df[first].copy())
        ev_parts.append(ev)

        # resubmissions: 0–2 working days after the withdrawal of the original
        if len(resub_idx):
            wd_at = done.loc[orig_idx, "end_at"].to_numpy()
            gap = rng.choice(3, size=len(resub_idx), p=[0.5, 0.3, 0.2])
            wd_series = pd.Series(wd_at)
            later_day = wcal.add_working_days(wd_series, gap, calendar=self.cal)
            t_same = wd_series + pd.to_timedelta(rng.integers(10, 60, len(gap)), unit="min")
            t_later = later_day + pd.Series(_office_times(len(gap), rng, afternoon_end=16.5))
            resub_at = np.where(gap == 0, t_same.to_numpy(), t_later.to_numpy())
            sub = df.loc[resub_idx].copy()
            sub["received_at"] = resub_at
            sub, ev = self._lifecycle(sub)
            ev_parts.append(ev)
            done = pd.concat([done, sub])
            for o, r in zip(orig_idx, resub_idx):
                self.truth_rows.append(dict(fault="withdraw_resubmit", row=o, linked_row=r,
                                            detail="withdrawn on/just before the due date and "
                                                   "resubmitted by the same applicant"))
        df = done.sort_index()
        events = pd.concat(ev_parts, ignore_index=True)

        # inter-agency flag
        df["is_interagency"] = False
        for t in targets.itertuples():
            m = (df["unit"].eq(t.unit) & df["interagency_eligible"]).to_numpy()
            if t.interagency is not None and not pd.isna(t.interagency):
                k = int(t.interagency)
                pool = np.flatnonzero(m)
                if len(pool) < k:  # pragma: no cover - catalogue weights make this impossible
                    raise RuntimeError("not enough inter-agency-eligible dossiers")
                df.loc[rng.choice(pool, size=k, replace=False), "is_interagency"] = True
            else:
                df.loc[m, "is_interagency"] = rng.random(int(m.sum())) < 0.35

        return df, events

    def _receipts(self, channel: np.ndarray, early_only: np.ndarray, latest) -> np.ndarray:
        """Receipt instants: days weighted by month, the Tết surge and dip; office hours for in
        person / postal, any day and hour (daytime-weighted) online."""
        rng = self.rng
        days = pd.date_range(self.ps, self.pe.normalize(), freq="D")
        working = wcal.is_working_day(pd.Series(days), calendar=self.cal).to_numpy()
        w = _MONTH_FACTOR[days.month - 1] * _tet_factor(days)
        w_office = w * working
        w_online = w * np.where(working, 1.0, 0.25)
        out = np.empty(len(channel), dtype="datetime64[us]")
        dvals = days.to_numpy().astype("datetime64[us]")
        for online in (False, True):
            for early in (False, True):
                m = ((channel == 1) == online) & (early_only == early)
                if not m.any():
                    continue
                ww = (w_online if online else w_office).copy()
                if early:
                    ww = ww * (days <= latest)
                pick = rng.choice(len(days), size=int(m.sum()), p=ww / ww.sum())
                tod = (_online_times if online else _office_times)(int(m.sum()), rng)
                out[m] = dvals[pick] + tod
        return out

    def _lifecycle(self, df: pd.DataFrame):
        """Due dates, supplements, end events, returns and apologies for rows with receipts."""
        rng, cal = self.rng, self.cal
        n = len(df)
        rec = pd.Series(df["received_at"].to_numpy(dtype="datetime64[us]"), index=df.index)
        role = df["role"].to_numpy()
        cert = df["field_code"].eq("certification").to_numpy()
        due = wcal.due_at(rec, df["statutory_limit"].astype(float), df["limit_unit"],
                          certification=cert, calendar=cal)
        rec_day = rec.dt.normalize()
        span = wcal.working_days_between(rec_day, due, calendar=cal).astype(int).to_numpy()

        # supplements: 0, 1 or 2 rounds for dossiers that get resolved
        resolvable = np.isin(role, ("on_time", "backdated", "wr_resub", "late"))
        p1 = df["p_supplement"].to_numpy(dtype=float)
        u = rng.random(n)
        n_supp = np.where(u < p1 * 0.1, 2, np.where(u < p1, 1, 0))
        n_supp = np.where(resolvable & (span >= 2), n_supp, 0)
        n_supp = np.where((n_supp == 2) & (span < 8), 1, n_supp)
        ev = [pd.DataFrame({"row": df.index, "event": "received", "at": rec.to_numpy()})]
        pause = np.zeros(n, dtype="timedelta64[us]")
        last_back = rec.to_numpy().copy()
        cursor_day = rec_day.copy()
        for k in (1, 2):
            m = n_supp >= k
            if not m.any():
                continue
            idx = np.flatnonzero(m)
            hi_frac = np.where(n_supp[idx] == 2, 0.3, 0.5)
            step = np.where(k == 1, np.maximum(1, (span[idx] * rng.uniform(0.1, hi_frac))
                                               .astype(int)), 1)
            req_day = wcal.add_working_days(cursor_day.iloc[idx], step, calendar=cal)
            req_at = req_day + pd.Series(_office_times(len(idx), rng), index=req_day.index)
            if k == 2:  # the second request must come before the (paused) due date
                ok = (req_at.to_numpy() - pause[idx]) <= due.to_numpy()[idx] - np.timedelta64(
                    1, "D")
                n_supp[idx[~ok]] = 1
                idx, req_day, req_at = idx[ok], req_day[ok], req_at[ok]
                if not len(idx):
                    continue
            back_day = wcal.add_working_days(req_day, rng.integers(1, 6, len(idx)), calendar=cal)
            back_at = back_day + (req_at - req_day)  # same hour: pauses are whole days
            pause[idx] += (back_at - req_at).to_numpy()
            last_back[idx] = back_at.to_numpy()
            cursor_day.iloc[idx] = back_day.to_numpy()
            ev.append(pd.DataFrame({"row": df.index[idx], "event": "supplement_requested",
                                    "at": req_at.to_numpy()}))
            ev.append(pd.DataFrame({"row": df.index[idx], "event": "supplement_returned",
                                    "at": back_at.to_numpy()}))
        due_adj = due + pd.Series(pause, index=df.index)
        last_back_s = pd.Series(last_back, index=df.index)
        span_adj = wcal.working_days_between(rec_day, due_adj, calendar=cal).astype(int)
        start_j = wcal.working_days_between(rec_day, last_back_s, calendar=cal).astype(int)
        due_day = due_adj.dt.normalize()
        tod_h = (rec - rec_day).dt.total_seconds().to_numpy() / 3600
        after_hours = (tod_h > 16.5) | ~wcal.is_working_day(rec, calendar=cal).to_numpy()

        end_at = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        end_kind = np.full(n, "", dtype=object)
        true_res = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")

        # resolved on time (on_time, wr_resub): a working day between the last supplement return
        # (or receipt) and the adjusted due day, skewed early; 8% exactly on the due day
        m = np.isin(role, ("on_time", "wr_resub"))
        if m.any():
            idx = np.flatnonzero(m)
            lo = start_j.to_numpy()[idx]
            hi = np.maximum(span_adj.to_numpy()[idx], lo)
            lo = np.where(after_hours[idx] & (lo == 0), np.minimum(1, hi), lo)
            j = lo + np.floor(rng.beta(1.2, 2.2, len(idx)) * (hi - lo + 1)).astype(int)
            j = np.where(rng.random(len(idx)) < 0.08, hi, np.minimum(j, hi))
            at = self._at_working_day(rec.iloc[idx], j)
            floor_ = np.maximum(last_back[idx], rec.to_numpy()[idx]) + 5 * _MIN
            at = np.maximum(at, floor_)
            at = np.minimum(at, due_adj.to_numpy()[idx] - _MIN)
            end_at.iloc[idx] = at
            end_kind[idx] = "resolved"
        # late, and the true time of backdated ones: 1+ working days after the adjusted due day
        for r, lmax in (("late", 12), ("backdated", 5)):
            m = role == r
            if not m.any():
                continue
            idx = np.flatnonzero(m)
            lag = np.minimum(1 + rng.geometric(0.35, len(idx)) - 1, lmax)
            day = wcal.add_working_days(due_day.iloc[idx], lag, calendar=cal)
            at = (day + pd.Series(_office_times(len(idx), rng), index=day.index)).to_numpy()
            if r == "late":
                end_at.iloc[idx] = at
                end_kind[idx] = "resolved"
            else:
                true_res.iloc[idx] = at
                # recorded at 15:00–17:00 of the last working day on or before the adjusted due
                # date (hour limits: 1–15 minutes before the due time)
                last_day = wcal.add_working_days(rec_day.iloc[idx], span_adj.to_numpy()[idx],
                                                 calendar=cal)
                office = (last_day.to_numpy()
                          + np.round(rng.uniform(15, 17, len(idx)) * 60).astype(int) * _MIN)
                hour_unit = df["limit_unit"].to_numpy()[idx] == "hour"
                recorded = np.where(
                    hour_unit, due_adj.iloc[idx].to_numpy() - rng.integers(1, 16, len(idx)) * _MIN,
                    office)
                recorded = np.minimum(recorded, due_adj.iloc[idx].to_numpy() - _MIN)
                recorded = np.maximum(recorded, last_back[idx] + _MIN)
                end_at.iloc[idx] = recorded
                end_kind[idx] = "resolved"
                for row, t in zip(df.index[idx], at):
                    self.truth_rows.append(dict(fault="backdated_resolution", row=row,
                                                true_resolved_at=t,
                                                detail="resolved late, recorded on the due date"))
        # withdrawals (genuine: any time before due; wr originals: on or 1 day before due)
        for r in ("withdrawn", "wr_original", "stopped"):
            m = role == r
            if not m.any():
                continue
            idx = np.flatnonzero(m)
            sp = span.astype(int)[idx]
            if r == "wr_original":
                j = np.maximum(sp - rng.integers(0, 2, len(idx)), 0)
            else:
                j = np.floor(rng.random(len(idx)) * np.maximum(sp, 1)).astype(int)
                j = np.where(after_hours[idx] & (j == 0), np.minimum(1, sp), j)
                if r == "stopped":
                    j = np.minimum(np.maximum(j, 1), sp)
            at = self._at_working_day(rec.iloc[idx], j)
            at = np.maximum(at, rec.to_numpy()[idx] + 5 * _MIN)
            at = np.minimum(at, due.to_numpy()[idx] - _MIN)
            end_at.iloc[idx] = at
            end_kind[idx] = "withdrawn" if r != "stopped" else "stopped"
        m = role == "refused"
        if m.any():
            idx = np.flatnonzero(m)
            at = rec.to_numpy()[idx] + rng.integers(5, 90, len(idx)) * _MIN
            end_at.iloc[idx] = at
            end_kind[idx] = "refused"

        for kind in ("resolved", "withdrawn", "stopped", "refused"):
            m = end_kind == kind
            if m.any():
                ev.append(pd.DataFrame({"row": df.index[m], "event": kind,
                                        "at": end_at.to_numpy()[m]}))
        # result returned: after the true resolution, same day to 3 working days later
        resolved = end_kind == "resolved"
        basis = np.where(role == "backdated", true_res.to_numpy(), end_at.to_numpy())
        idx = np.flatnonzero(resolved)
        if len(idx):
            b = pd.Series(basis[idx])
            online = df["channel"].to_numpy()[idx] == 1
            wait = np.where(online, 0, rng.choice(4, size=len(idx), p=[0.45, 0.3, 0.15, 0.1]))
            day = wcal.add_working_days(b, wait, calendar=cal)
            ret = day + pd.Series(_office_times(len(idx), rng))
            ret = np.where(wait == 0, (b + pd.to_timedelta(rng.integers(1, 120, len(idx)),
                                                           unit="min")).to_numpy(),
                           ret.to_numpy())
            returned = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
            returned.iloc[idx] = ret
            ev.append(pd.DataFrame({"row": df.index[idx], "event": "returned", "at": ret}))
        else:
            returned = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        # apology slips (Mẫu 04) for late dossiers, on the due day or the next working day
        apology = pd.Series(pd.NaT, index=df.index, dtype="datetime64[us]")
        idx = np.flatnonzero(role == "late")
        if len(idx):
            skip = np.zeros(len(idx), dtype=bool)
            if "missing_apology" in self.faults:
                skip = rng.random(len(idx)) < MISSING_APOLOGY_SHARE
                if not skip.any():  # at least one slip withheld where the fault is planted
                    skip[int(rng.integers(len(idx)))] = True
            shift = rng.choice(2, size=len(idx), p=[0.7, 0.3])
            day = wcal.add_working_days(due_day.iloc[idx], shift, calendar=cal)
            at = (day + pd.Series(_office_times(len(idx), rng), index=day.index)).to_numpy()
            at = np.minimum(at, end_at.to_numpy()[idx] - 30 * _MIN)
            at = np.maximum(at, rec.to_numpy()[idx] + _MIN)
            keep = ~skip
            apology.iloc[idx[keep]] = at[keep]
            ev.append(pd.DataFrame({"row": df.index[idx[keep]], "event": "apology_issued",
                                    "at": at[keep]}))
            self.pending_skips.extend(df.index[idx[skip]])

        out = df.assign(due_at=due.to_numpy(), end_at=end_at.to_numpy(),
                        end_kind=end_kind, returned_at=returned.to_numpy(),
                        apology_issued_at=apology.to_numpy(), true_resolved_at=true_res.to_numpy(),
                        due_adjusted=due_adj.to_numpy())
        return out, pd.concat(ev, ignore_index=True)

    def _at_working_day(self, rec: pd.Series, j: np.ndarray) -> np.ndarray:
        """An office-hours instant on the ``j``-th working day after the receipt day (``j = 0``:
        the receipt day itself if it is a working day, else the next one)."""
        day = wcal.add_working_days(rec.dt.normalize(), j, calendar=self.cal)
        tod = pd.Series(_office_times(len(j), self.rng), index=day.index)
        return (day + tod).to_numpy()


# ---------------------------------------------------------------------------------------------
# contract tables


def _finish(prof: Profile, df: pd.DataFrame, events: pd.DataFrame, truth_rows: list[dict],
            skips: list[int]):
    """Ids, the events known at ``data_as_of``, statuses, and the contract columns."""
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
                                     categories=list(STATUSES)),
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


# ---------------------------------------------------------------------------------------------
# surveys


def _pick_uniform_unit(prof: Profile, rng) -> str:
    """Default mode: the uniform_satisfaction unit, a commune whose own figures are not
    published when there is one."""
    units = [u.code for u in prof.units]
    pool = [u.code for u in prof.units if u.level == "commune"] or units
    unpublished = [u.code for u in prof.units if u.code in pool and u.received is None]
    pool = unpublished or pool
    return pool[int(rng.integers(len(pool)))]


def _uniform_truth(units) -> pd.DataFrame:
    return pd.DataFrame([
        dict(fault="uniform_satisfaction", dossier_id=None, linked_dossier_id=None,
             reception_unit=u, true_resolved_at=None,
             detail="every survey form of this unit is very_satisfied")
        for u in units
    ])


def _form_counts(prof: Profile, n_ret: int, late_rate: float, uniform: bool, rng) -> dict:
    """Uncalibrated forms of one unit: about 8% of its returned dossiers (at least 25), levels
    drawn with dissatisfaction rising with the unit's late rate."""
    n = max(int(rng.binomial(n_ret, 0.08)), min(25, n_ret))
    if uniform:
        return {"very_satisfied": n}
    lr = late_rate
    if prof.scale_points == 3:
        probs = np.array([0.55, 0.43 - lr, 0.02 + lr])
        levels = ["very_satisfied", "satisfied", "dissatisfied"]
    else:
        probs = np.array([0.45, 0.40, 0.10 - lr, 0.04 + lr, 0.01])
        levels = list(LEVELS)
    draw = rng.multinomial(n, probs / probs.sum())
    return dict(zip(levels, (int(x) for x in draw)))


def _unit_forms(unit: str, pool: pd.DataFrame, counts: dict, rng) -> pd.DataFrame | None:
    """The unit's forms: answered by distinct returned dossiers, 1–29 minutes after return."""
    n = sum(counts.values())
    if n == 0:
        return None
    if len(pool) < n:
        raise RuntimeError(f"unit {unit}: {n} forms but {len(pool)} returned dossiers")
    pick = rng.choice(len(pool), size=n, replace=False)
    lv = np.concatenate([np.repeat(k, v) for k, v in counts.items() if v])
    rng.shuffle(lv)
    answered = pool["returned_at"].to_numpy()[pick] + rng.integers(1, 30, n) * _MIN
    return pd.DataFrame({"reception_unit": unit, "dossier_id": pool["dossier_id"].to_numpy()[pick],
                         "answered_at": answered, "satisfaction_level": lv})


def _surveys(prof: Profile, dossiers: pd.DataFrame, rng_for, calib_rng, uniform_units,
             ids_per_unit: bool) -> pd.DataFrame:
    """Survey forms linked to returned dossiers. ``rng_for(unit)`` is the unit's stream (the one
    stream in default mode); ``calib_rng`` draws the calibrated counts (Kim Bảng)."""
    ps, pe = ontime.period_bounds(*prof.period)
    returned = dossiers[dossiers["returned_at"].notna() & dossiers["received_at"].between(ps, pe)]
    units = [u.code for u in prof.units]
    if prof.satisfaction is not None:
        counts = _calibrated_counts(prof, calib_rng, uniform_units)
    else:
        late = (dossiers["processing_end_at"] > dossiers["due_at"]).to_numpy()
        late_by_unit = pd.Series(late, index=dossiers.index).groupby(
            dossiers["reception_unit"]).mean()
        counts = {u: _form_counts(prof, int((returned["reception_unit"] == u).sum()),
                                  float(late_by_unit.get(u, 0.0)), u in uniform_units,
                                  rng_for(u))
                  for u in units}
    rows = [_unit_forms(u, returned[returned["reception_unit"] == u], counts.get(u, {}),
                        rng_for(u)) for u in units]
    sv = pd.concat([r for r in rows if r is not None], ignore_index=True).sort_values(
        ["answered_at", "dossier_id"], kind="stable")
    return _survey_table(prof, sv, ids_per_unit)


def _survey_table(prof: Profile, sv: pd.DataFrame, ids_per_unit: bool) -> pd.DataFrame:
    """The survey table of the contract; response ids numbered over the locality (default) or
    within each unit (plant mode, so that one unit's forms do not renumber another's)."""
    n = len(sv)
    if ids_per_unit:
        seq = sv.groupby("reception_unit", sort=False).cumcount() + 1
        ids = [f"{prof.locality_code}-{u}-S{i:05d}" for u, i in zip(sv["reception_unit"], seq)]
    else:
        ids = [f"{prof.locality_code}-S{i:06d}" for i in range(1, n + 1)]
    return pd.DataFrame(
        {
            "response_id": ids,
            "locality_code": prof.locality_code,
            "code_list": prof.code_list,
            "reception_unit": sv["reception_unit"].astype("str").to_numpy(),
            "dossier_id": pd.array(sv["dossier_id"].to_numpy(), dtype="str"),
            "answered_at": sv["answered_at"].astype("datetime64[us]").to_numpy(),
            "criterion": "overall",
            "satisfaction_level": pd.Categorical(sv["satisfaction_level"],
                                                 categories=list(LEVELS)),
            "scale_points": np.full(n, prof.scale_points, dtype="int64"),
            "is_synthetic": True,
        }
    ).astype({"response_id": "str", "locality_code": "str", "code_list": "str",
              "criterion": "str"})


# ---------------------------------------------------------------------------------------------
# helpers


def _skewed_split(total: int, k: int, rng, sigma: float, minimum: int) -> np.ndarray:
    """``k`` positive counts summing to ``total``: log-normal weights (skewed sizes)."""
    if k == 0:
        return np.zeros(0, dtype=int)
    if total < k * minimum:
        minimum = total // (2 * k)
    w = rng.lognormal(0.0, sigma, k)
    extra = rng.multinomial(total - k * minimum, w / w.sum())
    return extra + minimum


def _proportional_split(total: int, sizes: np.ndarray, rng) -> np.ndarray:
    """Split ``total`` over units roughly in proportion to ``sizes`` (with noise), never more
    than a unit's size."""
    sizes = np.asarray(sizes, dtype=int)
    w = sizes * rng.lognormal(0.0, 0.4, len(sizes))
    out = rng.multinomial(total, w / w.sum())
    while (out > sizes).any():  # pragma: no cover - only for tiny units
        i = int(np.argmax(out - sizes))
        j = int(np.argmin(out / np.maximum(sizes, 1)))
        out[i] -= 1
        out[j] += 1
    return out


def _tet_factor(days: pd.DatetimeIndex) -> np.ndarray:
    """Demand multiplier: +35% in the 15 days before the Tết holiday, −25% in the 10 days after
    (the holiday itself is already closed to in-person receipt by the calendar)."""
    f = np.ones(len(days))
    years = sorted(set(days.year))
    hol = holidays_pkg.country_holidays("VN", years=years, language="en_US")
    for y in years:
        tet = [d for d, name in hol.items() if d.year == y and "Lunar New Year" in name]
        if not tet:
            continue
        first, last = pd.Timestamp(min(tet)), pd.Timestamp(max(tet))
        f[(days >= first - pd.Timedelta(days=15)) & (days < first)] *= 1.35
        f[(days > last) & (days <= last + pd.Timedelta(days=10))] *= 0.75
    return f


def _office_times(n: int, rng, afternoon_end: float = 17.0) -> np.ndarray:
    """Times of day in office hours (07:30–11:30 60%, 13:30–``afternoon_end`` 40%)."""
    morning = rng.random(n) < 0.6
    h = np.where(morning, rng.uniform(7.5, 11.5, n), rng.uniform(13.5, afternoon_end, n))
    return (np.round(h * 3600) * 1_000_000).astype("int64").astype("timedelta64[us]")


def _online_times(n: int, rng) -> np.ndarray:
    """Online submission times: 80% between 07:00 and 22:00, the rest at any hour."""
    day = rng.random(n) < 0.8
    h = np.where(day, rng.uniform(7, 22, n), rng.uniform(0, 24, n))
    return (np.round(h * 3600) * 1_000_000).astype("int64").astype("timedelta64[us]")


def _calibrated_counts(prof: Profile, rng, uniform_units) -> dict:
    """Kim Bảng: per-unit form counts whose unweighted mean shares round to the published ones.

    One commune gets the single dissatisfied form; its size (105–118 forms) puts the mean
    dissatisfied share at 1 / (18 n) ≈ 0.05%. Very-satisfied counts start from Beta draws and
    are nudged (±1 form, or +1/−1 between two communes) until the mean very-satisfied share is
    within 2e-5 of the midpoint of the values that round to both 63.35% and, through
    1 − vs − dissatisfied, 36.60%. The centre gets 100% very satisfied. Communes in
    ``uniform_units`` are fixed at 100% very satisfied; the others make up the mean.
    """
    communes = [u.code for u in prof.units if u.level == "commune"]
    k = len(communes)
    n = rng.integers(80, 201, k)
    free = [i for i, c in enumerate(communes) if c not in uniform_units]
    j = free[int(rng.integers(len(free)))]
    n[j] = rng.integers(105, 119)
    d = np.zeros(k, dtype=int)
    d[j] = 1
    mean_d = 1.0 / (k * n[j])
    lo = max(0.63345, 1 - mean_d - 0.36605)
    hi = min(0.63355, 1 - mean_d - 0.36595)
    target = (lo + hi) / 2
    fixed = np.zeros(k, dtype=bool)
    vs = np.zeros(k, dtype=int)
    for f in (communes.index(u) for u in uniform_units if u in communes):
        fixed[f] = True
        vs[f] = n[f]
    m_rest = (k * target - fixed.sum()) / (~fixed).sum()
    conc = 25.0
    p_i = rng.beta(m_rest * conc, (1 - m_rest) * conc, k)
    vs = np.where(fixed, vs, np.clip(np.round(p_i * n), 1, n - d - 1)).astype(int)
    goal = k * target
    for _ in range(5000):
        r = goal - float(np.sum(vs / n))
        if abs(r) < k * 2e-5:
            break
        best, move = abs(r), None
        cand = [i for i in range(k) if not fixed[i]]
        for a in cand:
            for sa in (1, -1):
                if not 1 <= vs[a] + sa <= n[a] - d[a] - 1:
                    continue
                da = sa / n[a]
                if abs(r - da) < best:
                    best, move = abs(r - da), ((a, sa),)
                for b in cand:
                    if b == a or not 1 <= vs[b] - sa <= n[b] - d[b] - 1:
                        continue
                    db = da - sa / n[b]
                    if abs(r - db) < best:
                        best, move = abs(r - db), ((a, sa), (b, -sa))
        if move is None:  # pragma: no cover - the pair moves always make progress here
            raise RuntimeError("could not calibrate satisfaction shares")
        for i, s in move:
            vs[i] += s
    else:  # pragma: no cover
        raise RuntimeError("satisfaction calibration did not converge")
    counts = {}
    for i, c in enumerate(communes):
        counts[c] = {"very_satisfied": int(vs[i]), "satisfied": int(n[i] - vs[i] - d[i]),
                     "dissatisfied": int(d[i])}
    counts["centre"] = {"very_satisfied": int(rng.integers(150, 301))}
    return counts


def _finish_truth(truth: pd.DataFrame, categories) -> pd.DataFrame:
    """The ground-truth table; ``fault`` is categorical over ``categories`` (the four default
    faults in default mode, all of ``FAULTS`` in plant mode)."""
    cols = ["fault", "dossier_id", "linked_dossier_id", "reception_unit", "true_resolved_at",
            "detail"]
    truth = truth.reindex(columns=cols)
    out = pd.DataFrame(
        {
            "fault": pd.Categorical(truth["fault"], categories=list(categories)),
            "dossier_id": pd.array(truth["dossier_id"], dtype="str"),
            "linked_dossier_id": pd.array(truth["linked_dossier_id"], dtype="str"),
            "reception_unit": pd.array(truth["reception_unit"], dtype="str"),
            "true_resolved_at": pd.to_datetime(truth["true_resolved_at"]).astype(
                "datetime64[us]"),
            "detail": pd.array(truth["detail"], dtype="str"),
            "is_synthetic": True,
        }
    )
    out = out.sort_values(["fault", "reception_unit", "dossier_id"], kind="stable",
                          na_position="first")
    return out.reset_index(drop=True)


def _metadata(prof: Profile, seed: int, faults, result: SimulationResult, checks,
              plant: dict | None = None) -> dict:
    def jsonable(v):
        if isinstance(v, (np.integer,)):
            return int(v)
        if isinstance(v, (np.floating,)):
            return float(v)
        return v

    meta = {
        "synthetic": True,
        "warning": "SYNTHETIC data: invented records calibrated to published totals; "
                   "not real dossiers, events or survey answers",
        "slug": prof.slug,
        "locality": prof.name,
        "locality_code": prof.locality_code,
        "code_list": prof.code_list,
        "seed": seed,
        "generator": f"motcua.synth.simulate.simulate_locality (motcua {__version__})",
        "regenerate": f"motcua.synth.simulate.write_simulation(motcua.simulate.simulate_locality("
                      f"{prof.slug!r}, seed={seed}), OUT_DIR)  # CLI: motcua simulate "
                      f"--locality {prof.slug} --seed {seed} --out OUT_DIR",
        "faults": list(faults),
        "period": {"start": prof.period[0], "end": prof.period[1]},
        "data_as_of": prof.data_as_of,
        "on_time_convention": REPRODUCTION_CONVENTION,
        "on_time_convention_source": ontime.CONVENTION_SOURCES[REPRODUCTION_CONVENTION],
        "source_article": f"data/articles/{prof.article}.txt",
        "scale": prof.scale,
        "notes": list(prof.notes),
        "published_totals_reproduced": [
            {k: jsonable(v) for k, v in c.items()} for c in checks
        ],
        "rows": {
            "dossiers": len(result.dossiers),
            "events": len(result.events),
            "surveys": len(result.surveys),
            "ground_truth": len(result.ground_truth),
        },
        "ground_truth_counts": {
            str(k): int(v)
            for k, v in result.ground_truth["fault"].value_counts(sort=False).items()
        },
    }
    if plant is not None:
        meta = _plant_metadata(meta, prof, seed, plant)
    return meta


def _plant_arg(plant: dict) -> str:
    return " ".join(f"--plant {f}:{','.join(units)}" for f, units in plant.items())


def _plant_metadata(meta: dict, prof: Profile, seed: int, plant: dict) -> dict:
    """Plant mode: the plant, the random streams, and a regenerate line that repeats them."""
    out = {}
    for k, v in meta.items():
        if k == "regenerate":
            v = (f"motcua.synth.write_simulation(motcua.synth.simulate_locality({prof.slug!r}, "
                 f"seed={seed}, plant={ {f: list(u) for f, u in plant.items()} !r}), OUT_DIR)"
                 f"  # CLI: motcua simulate --locality {prof.slug} --seed {seed} "
                 f"{_plant_arg(plant)} --out OUT_DIR")
        out[k] = v
        if k == "faults":
            out["plant"] = {f: list(u) for f, u in plant.items()}
            out["random_streams"] = (
                "plant mode: one numpy SeedSequence stream per reception unit (sizes from "
                "spawn key (0,), unit i's dossiers from (1, i), its forms from (3, i), "
                "calibrated survey counts from (2,)); differs from the default-mode draws")
    return out


def _readme(result: SimulationResult) -> str:
    m = result.metadata
    lines = [
        f"# SYNTHETIC data: {m['slug']}",
        "",
        "**Everything in this folder is SYNTHETIC.** The dossiers, events and survey forms are",
        "invented by `motcua.simulate` and only their totals are calibrated to the published",
        f"figures of `{m['source_article']}`. Every table has `is_synthetic = True`; every",
        "parquet file carries the key-value metadata `motcua.synthetic = true`.",
        "",
        f"- locality: {m['locality']} (code {m['locality_code']}, list {m['code_list']})",
        f"- period: {m['period']['start']} to {m['period']['end']}; data as of {m['data_as_of']}",
        f"- seed: {m['seed']}; planted faults: {', '.join(m['faults']) or 'none'}",
        f"- on-time convention for the reproduced totals: `{m['on_time_convention']}`",
    ]
    if "plant" in m:
        where = "; ".join(f"{f} in {', '.join(u)}" for f, u in m["plant"].items()) or "nothing"
        lines.append(f"- planted with `plant` (one random stream per unit): {where}")
    if m.get("scale"):
        lines.append(f"- **{m['scale']['note']}** (factor 1:{m['scale']['factor']})")
    for note in m.get("notes", []):
        lines.append(f"- {note}")
    lines += ["", "Published figures reproduced:", ""]
    for c in m["published_totals_reproduced"]:
        verdict = "matches" if c["matches"] else "DOES NOT MATCH"
        if "changed_by" in c:
            verdict += f": changed by the planted {c['changed_by']}"
        lines.append(f"- `{c['id']}`: published \"{c['text']}\" → simulated {c['simulated']}"
                     f" ({verdict})")
    lines += [
        "",
        "Files: `dossiers`, `events`, `surveys`, `ground_truth` (parquet, with a 200-row CSV",
        "sample each) and `metadata.json`. `ground_truth` lists every planted fault.",
        "",
        "Regenerate (bytes are identical for the same seed):",
        "",
        "```",
        m["regenerate"],
        "```",
        "",
    ]
    return "\n".join(lines)
