"""Vietnamese number and percentage notation.

Vietnamese text writes ``17.391`` for seventeen thousand three hundred and ninety-one and
``85,90`` for eighty-five point nine zero: the dot groups thousands and the comma is the decimal
mark. Articles are not consistent (``99.2%`` also appears, and ``1113`` has no separator), so the
rule is: a comma is always decimal; a dot followed by exactly three digits (repeated) is a
thousands separator; any other dot is decimal. ``parse_vn_number`` returns the value and the
number of decimals *as written*, because rounding intervals (GRIM, docs/anchors.md C2) depend on
the trailing zeros: ``"36,60"`` has two decimals, not one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_NUMBER = re.compile(r"^\d+([.,]\d+)?$")


@dataclass(frozen=True)
class ParsedNumber:
    value: Decimal
    decimals: int
    percent: bool = False
    denominator: Decimal | None = None  # "189/226" → 226

    @property
    def as_float(self) -> float:
        return float(self.value)


def parse_vn_number(text: str) -> ParsedNumber:
    """Parse ``"17.391"``, ``"85,90"``, ``"63,35%"``, ``"99.2%"``, ``"18/18"``, ``"1113"``.

    Raises ``ValueError`` naming the text when it is not one number in these forms.
    """
    if not isinstance(text, str):
        raise ValueError(f"expected the number as written (a quoted string), got {text!r}")
    s = unicodedata.normalize("NFC", text).strip().replace("\u00a0", "").replace(" ", "")
    if "/" in s:
        num, _, den = s.partition("/")
        a, b = parse_vn_number(num), parse_vn_number(den)
        if a.percent or b.percent:
            raise ValueError(f"not a fraction of counts: {text!r}")
        return ParsedNumber(a.value, a.decimals, False, b.value)
    percent = s.endswith("%")
    if percent:
        s = s[:-1]
    if _GROUPED.match(s):
        return ParsedNumber(Decimal(s.replace(".", "")), 0, percent)
    if not _NUMBER.match(s):
        raise ValueError(f"not a number as Vietnamese text writes it: {text!r}")
    s = s.replace(",", ".")
    decimals = len(s.split(".")[1]) if "." in s else 0
    return ParsedNumber(Decimal(s), decimals, percent)


def rounding_half_width(decimals: int) -> Decimal:
    """Half a unit of the last digit written, ``5 / 10**(decimals + 1)``, exact.

    The one copy of the rule behind every rounding interval in the package: ``"2.0"`` may come
    from anything within 0.05 of 2.0 (statcheck, ``R/error_test.R``).
    """
    return Decimal(5) / (Decimal(10) ** (decimals + 1))


def rounding_interval_exact(value: Decimal | float | str,
                            decimals: int) -> tuple[Decimal, Decimal]:
    """:func:`rounding_interval` in exact arithmetic (Decimal; ``Fraction(lo)`` is exact too)."""
    v = Decimal(str(value))
    half = rounding_half_width(decimals)
    return v - half, v + half


def rounding_interval(value: Decimal | float | str, decimals: int) -> tuple[float, float]:
    """The interval a value written with ``decimals`` decimals may have been rounded from.

    ``"2.0"`` may come from anything in [1.95, 2.05] (statcheck, ``R/error_test.R``). The bounds
    are closed because the rounding rule (half-up, half-even, truncation) is not known.
    """
    lo, hi = rounding_interval_exact(value, decimals)
    return float(lo), float(hi)


def fmt_en(x: float, decimals: int = 0) -> str:
    """English notation for reports: ``24,279`` and ``97.47``."""
    return f"{x:,.{decimals}f}"


def fmt_vi(x: float, decimals: int = 0) -> str:
    """Vietnamese notation for reports: ``24.279`` and ``97,47`` (dot groups, comma decimals)."""
    return fmt_en(x, decimals).replace(",", "\0").replace(".", ",").replace("\0", ".")
