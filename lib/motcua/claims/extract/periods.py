"""Periods: the time span each figure covers, from the phrases that name one ("năm 2020",
"quý I/2019", "6 tháng đầu năm 2022", "từ năm 2019 đến nay") and the nearest such phrase before
the figure.

Calendar periods are what the phrase says on a calendar. Reporting cycles often do not follow
the calendar (a "tháng 8" that runs from 21/7 to 20/8, a "quý I" from 1/12 to 29/2): a period
taken from a calendar phrase is therefore marked ``guessed`` unless the text gives its dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Callable

from motcua.claims.extract import vocab as V
from motcua.claims.extract.metrics import neutral
from motcua.claims.extract.text import valid_date
from motcua.claims.extract.tokens import Claim

_VI_NUMBERS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7,
               "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12}
_COUNT = r"(\d{1,2}|mười\s+một|mười\s+hai|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def count_word(s: str) -> int:
    """"6" or "sáu" → 6."""
    s = re.sub(r"\s+", " ", s.casefold())
    return int(s) if s.isdigit() else _VI_NUMBERS[s]


def month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


@dataclass
class Period:
    start: int               # offsets of the phrase in the text
    end: int
    p_start: str | None      # the period it names, "YYYY-MM-DD"
    p_end: str | None
    year_like: bool = False  # a whole calendar year: carries to later paragraphs
    to_date: bool = False    # "đến nay": start from the context year
    guessed: bool = False    # read as calendar dates; reporting cycles may differ
    phrase: str = ""         # as written
    defined_by: str = ""     # the dates the article gives for it ("từ ngày 21/7 đến 20/8/2021")

    @property
    def sub_year(self) -> bool:
        return bool(self.p_start and self.p_end) and (
            date.fromisoformat(self.p_end) - date.fromisoformat(self.p_start)).days < 360


def _quarter(m) -> tuple:
    q = _ROMAN[m[1].casefold()]
    return f"{m[2]}-{3 * q - 2:02d}-01", month_end(int(m[2]), 3 * q), False, False


def _month(m, published) -> tuple:
    end = published if m[4] else month_end(int(m[3]), int(m[2]))
    return f"{m[3]}-{int(m[2]):02d}-01", end, False, False


def _period_rules(published: str | None) -> list[tuple[str, Callable]]:
    """(pattern, match → (start, end, year_like, to_date)), the more specific first."""
    pub_year = int(published[:4]) if published else None
    this_year = ((f"{pub_year}-01-01", f"{pub_year}-12-31", False, False) if pub_year
                 else (None, None, False, False))
    last_year = ((f"{pub_year - 1}-01-01", f"{pub_year - 1}-12-31", False, False) if pub_year
                 else (None, None, False, False))
    return [
        (rf"năm\s+(\d{{4}})\s+và\s+{_COUNT}\s+tháng\s+đầu\s+năm\s+(\d{{4}})",
         lambda m: (f"{m[1]}-01-01", month_end(int(m[3]), count_word(m[2])), False, False)),
        (r"(?:từ\s+)?(?:đầu\s+)?năm\s+(\d{4})\s+(?:đến|tới)\s+"
         r"(?:nay|hiện\s+nay|thời\s+điểm\s+này)",
         lambda m: (f"{m[1]}-01-01", published, False, False)),
        (rf"{_COUNT}\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+(\d{{4}})",
         lambda m: (f"{m[2]}-01-01", month_end(int(m[2]), count_word(m[1])), False, False)),
        (r"quý\s+(I{1,3}|IV|[1-4])\s*(?:/|năm\s+)(\d{4})", _quarter),
        (r"(từ\s+)?tháng\s+(\d{1,2})\s*(?:/|năm\s+)(\d{4})(\s+(?:đến|tới)\s+(?:nay|hiện\s+nay))?",
         lambda m: _month(m, published)),
        (r"giai\s+đoạn\s+(\d{4})\s*[-–]\s*(\d{4})",
         lambda m: (f"{m[1]}-01-01", f"{m[2]}-12-31", False, False)),
        (r"(từ\s+nay\s+)?(?:đến|tới)\s+(?:hết\s+)?năm\s+(\d{4})",
         lambda m: (published if m[1] else None, f"{m[2]}-12-31", False, False)),
        (r"năm\s+(\d{4})\s+(?:trở\s+)?về\s+trước",
         lambda m: (None, f"{m[1]}-12-31", False, False)),
        (r"(từ\s+)?năm\s+(\d{4})",
         lambda m: ((f"{m[2]}-01-01", published, False, False) if m[1]
                    else (f"{m[2]}-01-01", f"{m[2]}-12-31", True, False))),
        (r"(?<!những\s)(?<!các\s)(?<!nhiều\s)(?<!\d\s)năm\s+(?:nay|này)\b",
         lambda m: this_year),
        (r"(?<!những\s)(?<!các\s)(?<!nhiều\s)(?<!mấy\s)(?<!\d\s)"
         r"năm\s+(?:vừa\s+qua|qua|trước)\b",
         lambda m: last_year),
        (r"đến\s+nay|hiện\s+nay|đến\s+thời\s+điểm\s+hiện\s+tại|hiện\s+tại|thời\s+gian\s+qua",
         lambda m: (None, published, False, True)),
    ]


#: "từ ngày 21/7 đến 20/8/2021", "(tính từ 1/12/2019 đến 29/2/2020)", "từ 15/4 - 6/5/2015",
#: "(tính từ ngày 21/6 - 20/7)": a period given by its dates (the years may be left out).
_DAY_MONTH = r"(\d{1,2})\s*/\s*(\d{1,2})"
DATE_RANGE = V.rx(rf"(?:tính\s+)?từ\s+(?:ngày\s+)?{_DAY_MONTH}(?:\s*/\s*(\d{{4}}))?\s*"
                  rf"(?:đến|tới|-|–)\s*(?:ngày\s+)?{_DAY_MONTH}(?:\s*/\s*(\d{{4}}))?(?!/?\d)")
#: The article speaks of a reporting cycle ("kỳ báo cáo", "kỳ trước chuyển sang", "trong kỳ").
REPORTING_CYCLE = V.rx(r"kỳ\s+báo\s+cáo|kỳ\s+trước|trong\s+kỳ|tồn\s+kỳ")


def _date_ranges(text: str, published: str | None) -> list[Period]:
    """Periods given by dates; a missing year is the year of the nearest year before, else of
    publication; a start month after the end month is in the year before."""
    out = []
    for m in DATE_RANGE.finditer(text):
        years = re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text[max(0, m.start() - 200):m.start()])
        y2 = int(m[6]) if m[6] else int(m[3]) if m[3] else (
            int(years[-1]) if years else int(published[:4]) if published else None)
        if y2 is None:
            continue
        d1, m1, d2, m2 = int(m[1]), int(m[2]), int(m[4]), int(m[5])
        y1 = int(m[3]) if m[3] else (y2 if (m1, d1) <= (m2, d2) else y2 - 1)
        a, b = f"{y1:04d}-{m1:02d}-{d1:02d}", f"{y2:04d}-{m2:02d}-{d2:02d}"
        if valid_date(a) and valid_date(b) and a <= b:
            out.append(Period(m.start(), m.end(), a, b, phrase=m.group(0)))
    return out


def _define(calendar_periods: list[Period], ranges: list[Period]) -> None:
    """A calendar phrase the article gives dates for takes them: the range right after it
    ("quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020)"), or a range elsewhere that ends within
    45 days of it and is about as long (the title's "từ ngày 21/7 đến 20/8/2021" for the
    body's "tháng 8/2021")."""
    for p in calendar_periods:
        if not (p.p_start and p.p_end):
            continue
        ps, pe = date.fromisoformat(p.p_start), date.fromisoformat(p.p_end)
        for r in ranges:
            rs, re_ = date.fromisoformat(r.p_start), date.fromisoformat(r.p_end)
            right_after = 0 <= r.start - p.end <= 40
            similar = abs((re_ - pe).days) <= 45 and 0.7 <= ((re_ - rs).days + 1) / (
                (pe - ps).days + 1) <= 1.3
            if right_after or similar:
                p.p_start, p.p_end, p.guessed, p.defined_by = r.p_start, r.p_end, False, r.phrase
                break


def find_periods(text: str, published: str | None) -> list[Period]:
    """Every period phrase in the text, in text order; overlapping phrases: the first rule's.
    Periods read from calendar words are ``guessed`` unless the article gives their dates."""
    out: list[Period] = _date_ranges(text, published)
    taken: list[tuple[int, int]] = [(p.start, p.end) for p in out]
    calendar_periods = _calendar_periods(text, published, taken)
    _define(calendar_periods, out)
    out += calendar_periods
    out.sort(key=lambda p: p.start)
    return out


def _calendar_periods(text: str, published: str | None, taken) -> list[Period]:
    out = []
    for pattern, make in _period_rules(published):
        for m in re.finditer(pattern, text, V.FLAGS):
            try:
                a, b, year_like, to_date = make(m)
                if a and not valid_date(a) or b and not valid_date(b):
                    continue
            except (KeyError, ValueError):
                continue
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(Period(m.start(), m.end(), a, b, year_like, to_date,
                              guessed=not to_date, phrase=m.group(0)))
    return out


def period_for(c: Claim, periods: list[Period], content, published: str | None,
               text: str) -> tuple[tuple[str | None, str | None], Period | None]:
    """The period of one figure, and the phrase it is read from: the nearest phrase before it
    in its sentence, else the first after it in its clause, else the last in its paragraph, else
    the last whole year before."""
    chosen = _nearest_period(c, periods, content, text)
    if chosen is None:
        if published and V.NOW.search(neutral(text[c.sent[0]:c.sent[1]])):
            return (None, published), None  # "đang niêm yết": the state at publication
        return (None, None), None
    return _dates_of(chosen, periods, published), chosen


def _dates_of(chosen: Period, periods: list[Period], published) -> tuple:
    start, end = chosen.p_start, chosen.p_end
    if chosen.to_date:
        prior = [p for p in periods if p.end <= chosen.start and p.year_like]
        if prior and (not published or prior[-1].p_start <= published):
            start = prior[-1].p_start
            if not published:
                end = prior[-1].p_end  # no publication date: the year the text speaks of
    if start and end and start > end:
        start = None
    return (start, end)


def _nearest_period(c: Claim, periods: list[Period], content, text: str) -> Period | None:
    s, e = c.sent
    pos = c.num.start
    in_sent = [p for p in periods if s <= p.start < e]
    before = [p for p in in_sent if p.start < pos]
    clause_end = e
    semi = text[s:e].find(";", pos - s)
    if semi >= 0:
        clause_end = s + semi
    after = [p for p in in_sent if pos <= p.start < clause_end]
    chosen = before[-1] if before else (after[0] if after else None)
    if chosen is None:
        pa, _pb = content[c.par]
        in_par = [p for p in periods if pa <= p.start < s]
        chosen = in_par[-1] if in_par else None
    if chosen is None:
        prior = [p for p in periods if p.end <= s and p.year_like]
        chosen = prior[-1] if prior else None
    return chosen
