"""Check ``period``: the period of the figures against the publication date."""

from __future__ import annotations

import pandas as pd

from motcua.claims.book import Book
from motcua.claims.wording import claim_finding
from motcua.findings import Finding
from motcua.vn.numbers import fmt_vi


def check_period(book: Book, stale_years: float = 2.0) -> list[Finding]:
    """The period of the figures against the publication date.

    Figures cannot postdate their publication (fail). Figures more than ``stale_years`` older
    than the article are presented as current news (warning), and so is a target whose horizon
    had passed when the article appeared. Periods that run "đến nay" (to date) end on the
    publication date and cannot be compared with calendar-year figures (info).
    """
    published = book.published()
    reported = list(book.reported().itertuples())
    if published is None:
        return [_undated(book, reported)]
    out = []
    ends = [(pd.Timestamp(r.period_end), r) for r in reported if isinstance(r.period_end, str)]
    late = [r for end, r in ends if end > published]
    if late:
        out.append(claim_finding(
            book, "period", "fail", "fails", late, subject=f"{book.name}: period of the figures",
            claimed=str(published.date()), recomputed=None,
            message_en=f"{len(late)} figure(s) cover a period ending after the publication date.",
            message_vi=f"{len(late)} số liệu thuộc thời kỳ kết thúc sau ngày đăng bài.",
        ))
    if ends:
        out += _age(book, ends, published, stale_years)
    passed = [r for r in book.claims[book.claims["kind"] == "target"].itertuples()
              if isinstance(r.period_end, str) and pd.Timestamp(r.period_end) < published]
    if passed:
        out.append(_passed_targets(book, passed, published))
    return out


def _undated(book: Book, reported: list) -> Finding:
    note = book.source["published_note"]
    return claim_finding(
        book, "period", "info", "not_testable", reported[:1],
        subject=f"{book.name}: period of the figures", claimed=None, recomputed=None,
        message_en=("The article gives no publication date, so its figures cannot be dated "
                    "against it." + (f" Note: {note}" if isinstance(note, str) else "")),
        message_vi="Bài viết không ghi ngày đăng nên không đối chiếu được thời kỳ số liệu.",
    )


def _age(book: Book, ends: list, published: pd.Timestamp, stale_years: float) -> list[Finding]:
    """How old the article's main period is at publication, and figures that run 'to date'."""
    # The article's main period: the period end most of its figures share (ties: latest).
    counts = pd.Series([e for e, _ in ends]).value_counts()
    last_end = max(counts[counts == counts.max()].index)
    lag = (published - last_end).days / 365.25
    first_start = min((pd.Timestamp(r.period_start) for e, r in ends
                       if e == last_end and isinstance(r.period_start, str)), default=None)
    span = (f"{first_start.year}–{last_end.year}"
            if first_start is not None and first_start.year != last_end.year
            else str(last_end.year))
    stale = lag > stale_years
    out = [claim_finding(
        book, "period", "warning" if stale else "info", "fails" if stale else "holds",
        [r for _, r in ends if pd.Timestamp(r.period_end) == last_end][:3],
        subject=f"{book.name}: period of the figures",
        claimed=str(published.date()), recomputed=round(lag, 2),
        arithmetic=f"{published.date()} − {last_end.date()} = {lag:.1f} years",
        message_en=(f"Published {published.date()}; the figures cover {span} and end "
                    f"{lag:.1f} years before publication"
                    + (": old results presented as current news." if stale else ".")),
        message_vi=(f"Bài đăng ngày {published.strftime('%d/%m/%Y')}; số liệu thuộc giai "
                    f"đoạn {span}, kết thúc {fmt_vi(lag, 1)} năm trước ngày đăng"
                    + (": kết quả cũ được đưa tin như mới." if stale else ".")),
    )]
    to_date = [r for end, r in ends if end == published]
    if to_date:
        out.append(claim_finding(
            book, "period", "info", "holds", to_date[:3],
            subject=f"{book.name}: period of the figures",
            claimed=str(published.date()), recomputed=None,
            message_en=("Some figures run 'to date' (đến nay), i.e. to the publication day: "
                        "they mix calendar years and cannot be compared with annual "
                        "figures."),
            message_vi=("Một số số liệu tính 'đến nay' (đến ngày đăng bài): gộp nhiều năm, "
                        "không so sánh được với số liệu cả năm."),
        ))
    return out


def _passed_targets(book: Book, passed: list, published: pd.Timestamp) -> Finding:
    horizon = max(pd.Timestamp(r.period_end) for r in passed)
    return claim_finding(
        book, "period", "warning", "fails", passed, subject=f"{book.name}: target horizons",
        claimed=str(published.date()), recomputed=None,
        message_en=(f"{len(passed)} target(s) run to {horizon.year}, which had passed when "
                    f"the article was published ({published.date()}); they are presented "
                    "as still ahead."),
        message_vi=(f"{len(passed)} chỉ tiêu có thời hạn đến {horizon.year}, đã qua khi bài "
                    f"được đăng ({published.strftime('%d/%m/%Y')}) nhưng vẫn được nêu như "
                    "mục tiêu sắp tới."),
    )
