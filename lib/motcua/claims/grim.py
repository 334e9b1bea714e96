"""GRIM: can a mean or a percentage, as written, come from whole counts over N answers?

Brown & Heathers 2017, "The GRIM test" (Social Psychological and Personality Science 8:363). A
value written with d decimals stands for its rounding interval (``motcua.vn.numbers``; closed,
since the rounding rule is unknown: scrutiny's ``up_or_down``). It is consistent with N
respondents answering ``items`` questions each when some whole count k makes k / (N·items) fall
in that interval; a percentage ("98,5%") is read as k / (N·items) × 100 with 0 ≤ k ≤ N·items.

The layout follows the R package scrutiny: a scalar core (:func:`grim_consistent`, scrutiny's
``grim``) and a map over a table (:func:`grim_map`, scrutiny's ``grim_map``, one row per case
with a ``consistency`` column). The map is vectorised with numpy integer arithmetic and tested
against the scalar core; :func:`grim_min_n` is the inverse test (docs/anchors.md C2).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd

from motcua.vn.numbers import parse_vn_number, rounding_half_width, rounding_interval_exact


def _interval(value_text: str, percent: bool | None) -> tuple[Fraction, Fraction, bool]:
    """The rounding interval of ``value_text`` as a fraction of answers (a percentage divided by
    100), and whether it is a percentage (as written, unless ``percent`` says otherwise)."""
    p = parse_vn_number(value_text)
    pct = p.percent if percent is None else percent
    lo, hi = rounding_interval_exact(p.value, p.decimals)
    scale = 100 if pct else 1
    return Fraction(lo) / scale, Fraction(hi) / scale, pct


def grim_consistent(value_text: str, n: int, items: int = 1, *,
                    percent: bool | None = None) -> bool:
    """GRIM: can some whole k over ``n × items`` answers give ``value_text`` once rounded?

    ``"98,5%"`` is a percentage (k/N·100 with 0 ≤ k ≤ N), ``"5.27"`` a mean of whole answers;
    ``percent`` overrides what the text says.
    """
    lo, hi, pct = _interval(value_text, percent)
    m = n * items
    k = max(math.ceil(lo * m), 0) if pct else math.ceil(lo * m)  # a count is never negative
    return Fraction(k, m) <= hi and (not pct or k <= m)


def grim_min_n(value_text: str, max_n: int = 1_000_000, items: int = 1) -> int | None:
    """Inverse GRIM: the smallest N for which some k/(N·items) rounds to the value.

    docs/anchors.md C2, verified there: "0.05%" → 1,819; "99.9%" → 667; "87.3%" → 55. Returns
    None for a percentage of 0% or 100% (any N fits) and when no N ≤ ``max_n`` fits.
    """
    p = parse_vn_number(value_text)
    if p.percent and not 0 < p.value < 100:
        return None
    lo, hi, pct = _interval(value_text, None)
    for n in range(1, max_n + 1):
        m = n * items
        k = math.ceil(lo * m)
        if Fraction(k, m) <= hi and (not pct or k <= m):
            return n
    return None


def grim_n_limit(decimals: int, percent: bool = True, items: int = 1) -> int:
    """The N from which every value with ``decimals`` decimals can be reached: 10^(d+2) for a
    percentage, 10^d for a mean (divided by ``items``, rounded up). GRIM has no power there."""
    return -(-10 ** (decimals + (2 if percent else 0)) // items)


def grim_map(df: pd.DataFrame, x: str = "x", n: str = "n", items: int | str = 1,
             percent: bool | None = None) -> pd.DataFrame:
    """GRIM for every row of ``df``: the value as written in column ``x``, the sample size in
    column ``n``; ``items`` a number or a column name.

    Returns one row per input row (same index): ``x``, ``n``, ``items``, ``percent``,
    ``decimals``, ``consistency`` (bool) and ``probability``, the share of values with these
    decimals that N·items answers could not produce, max(0, 1 − N·items / 10^D) (scrutiny's
    ``grim_probability``; D = decimals, plus 2 for a percentage).
    """
    parsed = [parse_vn_number(t) for t in df[x]]
    out = pd.DataFrame({
        "x": df[x].to_numpy(), "n": df[n].to_numpy(dtype="int64"),
        "items": (df[items] if isinstance(items, str) else pd.Series(items, df.index))
        .to_numpy(dtype="int64"),
        "percent": [p.percent if percent is None else percent for p in parsed],
        "decimals": [p.decimals for p in parsed],
    }, index=df.index)
    value = np.array([int(p.value.scaleb(p.decimals)) for p in parsed], dtype=object)
    consistency = np.zeros(len(out), dtype=bool)
    for (d, pct), pos in out.groupby(["decimals", "percent"]).indices.items():
        m = out["n"].to_numpy()[pos] * out["items"].to_numpy()[pos]
        consistency[pos] = _consistent_scaled(value[pos], int(d), bool(pct), m)
    out["consistency"] = consistency
    digits = out["decimals"] + np.where(out["percent"], 2, 0)
    m = (out["n"] * out["items"]).astype(float)
    out["probability"] = np.maximum(0.0, 1.0 - m / np.power(10.0, digits))
    return out


def _consistent_scaled(value: np.ndarray, decimals: int, percent: bool,
                       m: np.ndarray) -> np.ndarray:
    """:func:`grim_consistent` on arrays of one (decimals, percent) group, in whole numbers:
    ``value`` is the value as written times 10^decimals, ``m`` the answers N·items."""
    half = Fraction(rounding_half_width(decimals))
    # the interval is [lo_num / den, hi_num / den] as a fraction of answers
    common = math.lcm(10 ** decimals, half.denominator)
    step, h = common // 10 ** decimals, half.numerator * (common // half.denominator)
    den = common * (100 if percent else 1)
    lo_num, hi_num = value * step - h, value * step + h
    big = max([abs(int(v)) for v in (*lo_num, *hi_num)] + [0]) * int(m.max(initial=1))
    if big * den < 2 ** 62:  # int64 is exact; otherwise Python integers (object arrays)
        lo_num, hi_num, m = lo_num.astype("int64"), hi_num.astype("int64"), m.astype("int64")
    else:
        m = m.astype(object)
    k = -((-lo_num * m) // den)  # ceil(lo · m)
    if percent:
        k = np.maximum(k, 0)  # a count is never negative
    ok = k * den <= hi_num * m
    if percent:
        ok &= k <= m
    return np.asarray(ok, dtype=bool)
