"""Locality profiles of the SYNTHETIC simulator, read from ``data/synth_profiles/<slug>.yaml``.

A profile says which reception units a locality has, which figures an article published about
them (``published``: the exact texts the simulated records must reproduce) and where they were
published (``source``: the article in ``data/articles/`` and the sentences that print them).
Everything else in a profile is an illustrative, uncalibrated setting of the simulator.

Why ``data/synth_profiles/`` and not a folder inside the package: the figures are data with a
source, and the repository keeps such data under ``data/`` beside the articles they come from
(as ``data/claims/`` and ``data/calendar/``); the package reads data by project-root paths
(``motcua.config.DATA_DIR``), and ``pyproject.toml`` installs no package data besides
``py.typed``.

Fields of a profile file (``slug``, ``name``, ``locality_code``, ``code_list``, ``period``,
``data_as_of``, ``source``, ``published`` and ``units`` are required):

``units``
    ``code`` (the ``reception_unit`` value), ``name``, ``level`` (``centre``: a district or
    province centre; ``commune``: xã, phường, thị trấn) and, where published, ``received``,
    ``on_time``, ``interagency`` (exact counts). ``units_source`` names the code list.
``groups``
    Published totals over several units (``name``, ``units``, ``received``, ``on_time``).
``total``
    A published total over all units (``received``, ``on_time``); ``free_sizes.centre`` is
    then the centre's share of it.
``free_sizes``
    Without ``total``: typical received counts per level for units without published figures,
    and ``not_on_time``, the share of their dossiers not on time.
``online_share``, ``postal_share``, ``scale_points``, ``satisfaction`` (published survey shares),
``default_faults`` (when not all of ``DEFAULT_FAULTS`` fit), ``scale`` (a scaled-down
sample), ``notes`` (written into the output's metadata and README).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from motcua.config import DATA_DIR
from motcua.errors import InputError
from motcua.safe_yaml import load_yaml_file
from motcua.synth.faults import DEFAULT_FAULTS

PROFILES_DIR = DATA_DIR / "synth_profiles"
SLUGS = ("quang-dien-2020", "dong-quang-2022", "kim-bang-2022", "lang-son-2019")
UNIT_LEVELS = ("centre", "commune")
METRICS = ("received", "on_time", "on_time_percent", "interagency", "mean_share_very_satisfied",
           "mean_share_satisfied", "mean_share_dissatisfied", "share_very_satisfied",
           "unit_count")
REQUIRED = ("slug", "name", "locality_code", "code_list", "period", "data_as_of", "source",
            "published", "units")
OPTIONAL = ("units_source", "groups", "free_sizes", "total", "online_share", "postal_share",
            "scale_points", "satisfaction", "default_faults", "scale", "notes")


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
    source: dict = field(default_factory=dict)  # article, publisher, date, quotes


def load_profile(path: str | Path) -> Profile:
    """Read and check one profile file; any problem is an ``InputError`` naming the file."""
    path = Path(path)
    doc = load_yaml_file(path)
    if not isinstance(doc, dict):
        raise InputError(path, "a profile is a mapping of fields")
    missing = [k for k in REQUIRED if k not in doc]
    unknown = sorted(set(doc) - set(REQUIRED) - set(OPTIONAL))
    if missing or unknown:
        raise InputError(path, f"missing fields {missing}" if missing else
                         f"unknown fields {unknown}; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    units = tuple(_unit(path, u) for u in doc["units"])
    codes = [u.code for u in units]
    if len(set(codes)) != len(codes):
        raise InputError(path, "unit codes are not unique")
    groups = tuple(_group(path, g, codes) for g in doc.get("groups") or ())
    _check_published(path, doc["published"], codes, [g.name for g in groups])
    _check_source(path, doc["source"])
    total = doc.get("total")
    faults = tuple(doc.get("default_faults", DEFAULT_FAULTS))
    if set(faults) - set(DEFAULT_FAULTS):
        raise InputError(path, f"default_faults must be some of {DEFAULT_FAULTS}")
    return Profile(
        slug=str(doc["slug"]), name=str(doc["name"]), locality_code=str(doc["locality_code"]),
        code_list=str(doc["code_list"]), period=tuple(str(d) for d in doc["period"]),
        data_as_of=str(doc["data_as_of"]), article=str(doc["source"]["article"]), units=units,
        groups=groups, free_sizes=dict(doc.get("free_sizes") or {}),
        total=(int(total["received"]), int(total["on_time"])) if total else None,
        online_share=float(doc.get("online_share", 0.05)),
        postal_share=float(doc.get("postal_share", 0.03)),
        scale_points=int(doc.get("scale_points", 3)), satisfaction=doc.get("satisfaction"),
        default_faults=faults, scale=doc.get("scale"), published=tuple(doc["published"]),
        notes=tuple(doc.get("notes") or ()), source=dict(doc["source"]),
    )


def _unit(path: Path, u) -> Unit:
    if not isinstance(u, dict) or not {"code", "name", "level"} <= set(u):
        raise InputError(path, f"a unit needs code, name and level: {u!r}")
    if u["level"] not in UNIT_LEVELS:
        raise InputError(path, f"unit {u['code']}: level must be one of {UNIT_LEVELS}")
    extra = set(u) - {"code", "name", "level", "received", "on_time", "interagency"}
    if extra:
        raise InputError(path, f"unit {u['code']}: unknown fields {sorted(extra)}")
    if not isinstance(u["code"], str):
        raise InputError(path, f"unit code {u['code']!r} must be a quoted string")
    return Unit(u["code"], str(u["name"]), u["level"], u.get("received"), u.get("on_time"),
                u.get("interagency"))


def _group(path: Path, g, codes: list[str]) -> GroupTarget:
    if not isinstance(g, dict) or set(g) != {"name", "units", "received", "on_time"}:
        raise InputError(path, "a group has exactly name, units, received, on_time")
    bad = [c for c in g["units"] if c not in codes]
    if bad:
        raise InputError(path, f"group {g['name']}: units {bad} are not in units")
    return GroupTarget(str(g["name"]), tuple(g["units"]), int(g["received"]), int(g["on_time"]))


def _check_published(path: Path, published, codes: list[str], groups: list[str]) -> None:
    """Each published figure: id, unit (a unit code, a group, ``all``, ``communes`` or
    ``centre``), metric (``METRICS``) and the text as printed."""
    known = set(codes) | set(groups) | {"all", "communes", "centre"}
    for p in published:
        if not isinstance(p, dict) or not {"id", "unit", "metric", "text"} <= set(p):
            raise InputError(path, f"a published figure needs id, unit, metric, text: {p!r}")
        if p["metric"] not in METRICS or p["unit"] not in known:
            raise InputError(path, f"published {p['id']}: unknown metric or unit")
        if not isinstance(p["text"], str):
            raise InputError(path, f"published {p['id']}: text must be a quoted string")


def _check_source(path: Path, source) -> None:
    if not isinstance(source, dict) or not {"article", "quotes"} <= set(source):
        raise InputError(path, "source needs article and quotes")


def load_profiles(folder: str | Path = PROFILES_DIR) -> dict[str, Profile]:
    """Every slug's profile from ``folder/<slug>.yaml``, in ``SLUGS`` order."""
    out = {}
    for slug in SLUGS:
        prof = load_profile(Path(folder) / f"{slug}.yaml")
        if prof.slug != slug:
            raise InputError(Path(folder) / f"{slug}.yaml", f"slug is {prof.slug!r}")
        out[slug] = prof
    return out


PROFILES: dict[str, Profile] = load_profiles()
