"""GRIM: the scalar core against published vectors, and the vectorised map against the core."""

import math
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.claims import grim_consistent, grim_map, grim_min_n, grim_n_limit


def brute_force(text: str, n: int, items: int = 1) -> bool:
    """Try every whole count k: does k/(n·items), rounded half up or half down to the decimals
    written, give the value? (Independent of the code under test: no interval arithmetic.)"""
    pct = text.endswith("%")
    body = text.rstrip("%").replace(",", ".")
    d = len(body.split(".")[1]) if "." in body else 0
    want = Fraction(body)
    m = n * items
    for k in range(0, m + 1 if pct else 20 * m + 1):
        x = Fraction(k, m) * (100 if pct else 1)
        scaled = x * 10 ** d
        down, up = math.floor(scaled), math.ceil(scaled)
        # "closed interval": a value exactly halfway may have been rounded either way
        for r in {down, up}:
            if abs(scaled - r) <= Fraction(1, 2) and Fraction(r, 10 ** d) == want:
                return True
    return False


@pytest.mark.parametrize("text, n", [("0.05%", 1819), ("0,05%", 1819), ("99.9%", 667),
                                     ("87.3%", 55)])
def test_inverse_grim_vectors(text, n):  # docs/anchors.md C2
    assert grim_min_n(text) == n


def test_scrutiny_mean_vectors():
    # scrutiny's tests: of means 5.19…5.30 with n = 28 only 5.21, 5.25, 5.29 are consistent
    texts = [f"{x / 100:.2f}" for x in range(519, 531)]
    assert [t for t in texts if grim_consistent(t, 28)] == ["5.21", "5.25", "5.29"]
    got = grim_map(pd.DataFrame({"x": texts, "n": 28}))
    assert list(got.loc[got["consistency"], "x"]) == ["5.21", "5.25", "5.29"]


def test_items_multiply_the_answers():
    # a mean of 3.48 over 20 single answers is impossible; over 20 people × 5 items it is not
    assert not grim_consistent("3.48", 20) and grim_consistent("3.48", 20, items=5)
    got = grim_map(pd.DataFrame({"x": ["3.48", "3.48"], "n": [20, 20], "k": [1, 5]}), items="k")
    assert list(got["consistency"]) == [False, True]


def test_percent_as_written_or_forced():
    assert grim_consistent("98,5%", 200) and not grim_consistent("98,5%", 7)
    # the same digits read as a percentage: 98.5 / 100 over 7 answers
    assert grim_consistent("98,5", 7, percent=True) is grim_consistent("98,5%", 7)


def test_min_n_of_a_mean_and_of_extremes():
    assert grim_min_n("5.25") == 4  # 21 / 4
    assert grim_min_n("100%") is None and grim_min_n("0%") is None


def test_n_limit_and_probability():
    assert grim_n_limit(1) == 1000 and grim_n_limit(2, percent=False) == 100
    got = grim_map(pd.DataFrame({"x": ["5.27", "87.3%", "87.3%"], "n": [43, 55, 5000]}))
    assert got["probability"].tolist() == pytest.approx([1 - 43 / 100, 1 - 55 / 1000, 0.0])


def test_map_keeps_the_index_and_handles_large_numbers():
    df = pd.DataFrame({"x": ["12.345.678", "0,0001%", "99,99999%"],
                       "n": [3, 10 ** 9, 7_654_321]}, index=[10, 20, 30])
    got = grim_map(df)
    assert list(got.index) == [10, 20, 30]
    assert list(got["consistency"]) == [grim_consistent(x, n) for x, n in zip(df["x"], df["n"])]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10 ** 5), st.integers(0, 3), st.integers(1, 300), st.integers(1, 4),
       st.booleans())
def test_map_agrees_with_core_and_brute_force(value, decimals, n, items, percent):
    digits = str(value).rjust(decimals + 1, "0")
    text = digits if decimals == 0 else f"{digits[:-decimals]},{digits[-decimals:]}"
    if percent:
        if Fraction(value, 10 ** decimals) > 100:
            return
        text += "%"
    elif Fraction(value, 10 ** decimals) > 20:
        return
    core = grim_consistent(text, n, items)
    assert core == brute_force(text, n, items)
    got = grim_map(pd.DataFrame({"x": [text], "n": [n]}), items=items)
    assert bool(got["consistency"].iloc[0]) == core


def test_map_of_many_rows_matches_row_by_row():
    rows = [(f"{k / 10:.1f}%".replace(".", ","), n) for k in range(0, 1001, 7)
            for n in (3, 17, 55, 240)]
    df = pd.DataFrame(rows, columns=["x", "n"])
    got = grim_map(df)
    assert list(got["consistency"]) == [grim_consistent(x, n) for x, n in rows]
    assert (~got["consistency"]).sum() > 0 and got["consistency"].sum() > 0
