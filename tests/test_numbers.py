from decimal import Decimal

import pytest

from motcua.vn.numbers import fmt_vi, parse_vn_number, rounding_interval


@pytest.mark.parametrize("text, value, decimals, percent, den", [
    ("17.391", "17391", 0, False, None),
    ("85,90", "85.90", 2, False, None),
    ("63,35%", "63.35", 2, True, None),
    ("99.2%", "99.2", 1, True, None),
    ("36,60%", "36.60", 2, True, None),
    ("18/18", "18", 0, False, "18"),
    ("189/226", "189", 0, False, "226"),
    ("1113", "1113", 0, False, None),
    ("250.000", "250000", 0, False, None),
    ("3.028", "3028", 0, False, None),
    ("1,5", "1.5", 1, False, None),
    ("06", "6", 0, False, None),
])
def test_parse(text, value, decimals, percent, den):
    p = parse_vn_number(text)
    assert p.value == Decimal(value) and p.decimals == decimals and p.percent == percent
    assert p.denominator == (Decimal(den) if den else None)


@pytest.mark.parametrize("bad", ["", "abc", "12a", "1,2,3", "%", 17.391])
def test_parse_rejects(bad):
    with pytest.raises(ValueError):
        parse_vn_number(bad)


def test_rounding_interval_keeps_trailing_zeros():
    assert rounding_interval("2.0", 1) == pytest.approx((1.95, 2.05))
    assert rounding_interval("0.05", 2) == pytest.approx((0.045, 0.055))


def test_fmt_vi():
    assert fmt_vi(24279) == "24.279"
    assert fmt_vi(97.4709, 2) == "97,47"
