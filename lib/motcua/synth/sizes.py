"""How many dossiers each reception unit receives and resolves on time: exact where published
(a unit's own figures, a group total, a locality total), drawn where not."""

from __future__ import annotations

import numpy as np
import pandas as pd

from motcua.synth.profiles import Profile


def unit_targets(p: Profile, rng: np.random.Generator) -> pd.DataFrame:
    """received / on_time per unit, exact where published, drawn where not. Draws: group
    totals first, then a locality total, then the free sizes (this order is part of the
    default output)."""
    rec = {u.code: u.received for u in p.units}
    ont = {u.code: u.on_time for u in p.units}
    for g in p.groups:
        _split_group(g, rec, ont, rng)
    if p.total is not None:
        _split_total(p, rec, ont, rng)
    if p.free_sizes and p.total is None:
        _draw_free_sizes(p, rec, ont, rng)
    missing = [c for c, v in rec.items() if v is None]
    if missing:  # pragma: no cover - profiles are checked
        raise RuntimeError(f"no size for units {missing}")
    return pd.DataFrame(
        {
            "unit": [u.code for u in p.units],
            "level": [u.level for u in p.units],
            "received": [rec[u.code] for u in p.units],
            "on_time": [ont[u.code] for u in p.units],
            "interagency": [u.interagency for u in p.units],
        }
    )


def _split_group(g, rec: dict, ont: dict, rng) -> None:
    """A group total minus its units' own published figures, split over the other units with
    skewed sizes (at least 400 each) and not-on-time counts roughly proportional to size."""
    fixed = [c for c in g.units if rec[c] is not None]
    free = [c for c in g.units if rec[c] is None]
    r_left = g.received - sum(rec[c] for c in fixed)
    o_left = g.on_time - sum(ont[c] for c in fixed)
    sizes = skewed_split(r_left, len(free), rng, sigma=0.45, minimum=400)
    late = proportional_split(r_left - o_left, sizes, rng)
    for c, r, d in zip(free, sizes, late):
        rec[c], ont[c] = int(r), int(r - d)


def _split_total(p: Profile, rec: dict, ont: dict, rng) -> None:
    """A locality total: the centre gets ``free_sizes.centre`` of it (default 25%), the other
    units skewed sizes (at least 120 each)."""
    total_r, total_o = p.total
    centre_share = p.free_sizes.get("centre", 0.25)
    n_centre = int(round(total_r * centre_share))
    others = [u.code for u in p.units if u.code != "centre"]
    sizes = [n_centre] + list(skewed_split(total_r - n_centre, len(others), rng, sigma=0.5,
                                           minimum=120))
    late = proportional_split(total_r - total_o, np.array(sizes), rng)
    for c, r, d in zip(["centre"] + others, sizes, late):
        rec[c], ont[c] = int(r), int(r - d)


def _draw_free_sizes(p: Profile, rec: dict, ont: dict, rng) -> None:
    """No published counts: a typical size per level (communes log-normal around it), at least
    300, and a binomial number not on time."""
    frac = p.free_sizes["not_on_time"]
    for u in p.units:
        if rec[u.code] is None:
            base = p.free_sizes[u.level]
            r = int(round(base * (rng.lognormal(0, 0.35) if u.level == "commune" else 1)))
            r = max(r, 300)
            rec[u.code] = r
            ont[u.code] = r - int(rng.binomial(r, frac))


def with_minimum_not_on_time(p: Profile, targets: pd.DataFrame, minimum: int) -> pd.DataFrame:
    """Plant mode: every unit whose own counts are not published gets at least ``minimum``
    dossiers that are not on time, so that withdraw_resubmit and missing_apology can be planted
    in it. They move one by one from the unit with the most in the same published group or
    total (its on-time count rises); a unit under no published figure simply has fewer on time.
    Deterministic, and independent of what is planted."""
    published = {u.code for u in p.units if u.received is not None}
    pools = [set(g.units) - published for g in p.groups]
    if p.total is not None:
        pools.append({u.code for u in p.units} - published)
    received = dict(zip(targets["unit"], targets["received"]))
    late = {c: r - o for c, r, o in zip(targets["unit"], received.values(), targets["on_time"])}
    for c in targets["unit"]:
        if c in published or late[c] >= minimum:
            continue
        pool = next((q for q in pools if c in q), None)
        while late[c] < min(minimum, received[c]):
            donors = [] if pool is None else [u for u in pool - {c} if late[u] > minimum]
            if pool is not None and not donors:
                break
            if donors:
                late[max(donors, key=lambda u: (late[u], u))] -= 1
            late[c] += 1
    on_time = [received[c] - late[c] for c in targets["unit"]]
    return targets.assign(on_time=on_time)


def skewed_split(total: int, k: int, rng, sigma: float, minimum: int) -> np.ndarray:
    """``k`` positive counts summing to ``total``: log-normal weights (skewed sizes)."""
    if k == 0:
        return np.zeros(0, dtype=int)
    if total < k * minimum:
        minimum = total // (2 * k)
    w = rng.lognormal(0.0, sigma, k)
    extra = rng.multinomial(total - k * minimum, w / w.sum())
    return extra + minimum


def proportional_split(total: int, sizes: np.ndarray, rng) -> np.ndarray:
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
