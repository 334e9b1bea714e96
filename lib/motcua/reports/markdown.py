"""Report text the notebooks show: findings as Markdown and tables, sources, methods, records."""

from __future__ import annotations

import html
import json

import pandas as pd

from motcua.findings import Finding, findings_frame, severity_counts
from motcua.vn.numbers import fmt_en, fmt_vi

_ICON = {"fail": "✖ fail", "warning": "⚠ warning", "info": "✓ info"}
_ICON_VI = {"fail": "✖ sai", "warning": "⚠ cần xem", "info": "✓ thông tin"}
_STATUS_VI = {
    "holds": "khớp", "fails": "không khớp", "derived": "suy ra từ số liệu của bài viết",
    "needs_microdata": "cần dữ liệu hồ sơ", "not_testable": "không kiểm tra được",
    "flagged": "có dấu hiệu trong dữ liệu hồ sơ",
}
_STATUS_EN = {
    "holds": "holds", "fails": "does not hold", "derived": "derived from the article's numbers",
    "needs_microdata": "needs the records", "not_testable": "not testable",
    "flagged": "flagged by a signal in the records",
}


def verdict_table(findings: list[Finding]) -> pd.DataFrame:
    """Counts of findings by check and status: the one-screen answer to "what holds?"."""
    df = findings_frame(findings)
    if df.empty:
        return pd.DataFrame()
    t = pd.crosstab(df["check"], df["status"])
    order = [s for s in ("fails", "flagged", "needs_microdata", "holds", "derived",
                         "not_testable") if s in t.columns]
    t = t[order]
    t["total"] = t.sum(axis=1)
    return t


def headline(findings: list[Finding], language: str = "en") -> str:
    """One paragraph for the top of a report."""
    c = severity_counts(findings)
    n = len(findings)
    if language == "vi":
        return (f"**{n} kết quả kiểm tra**: {c['fail']} sai (phép tính không thể đúng), "
                f"{c['warning']} cần xem (cần thanh tra viên xem xét), "
                f"{c['info']} thông tin (khớp, hoặc bối cảnh).")
    return (f"**{n} findings**: {c['fail']} fail (the arithmetic cannot be right), "
            f"{c['warning']} warning (needs an inspector's attention), "
            f"{c['info']} info (holds, or context).")


def findings_markdown(findings: list[Finding], severities=("fail", "warning"),
                      language: str = "en") -> str:
    """Each finding with the claim's quote, the arithmetic and the reason, in the report's
    language."""
    vi = language == "vi"
    icon, status = (_ICON_VI, _STATUS_VI) if vi else (_ICON, _STATUS_EN)
    words = ("Phép tính", "kết quả", "chỉ tiêu") if vi else ("Arithmetic", "finding", "claims")
    parts = []
    for f in findings:
        if f.severity not in severities:
            continue
        quotes = "\n".join(f"> «{html.escape(q)}»" for q in dict.fromkeys(f.quotes))
        arith = f"\n\n*{words[0]}:* `{f.arithmetic}`" if f.arithmetic else ""
        message = f.message_vi if vi else f.message_en
        parts.append(
            f"#### {icon[f.severity]} · {f.check} · {status[f.status]}\n\n"
            f"{quotes}\n\n{html.escape(message)}"
            f"{arith}\n\n<small>{words[1]} `{f.id}`; {words[2]}: "
            f"{', '.join(f'`{c}`' for c in f.claim_ids)}</small>\n")
    return "\n".join(parts) if parts else ("_Không có._" if vi else "_None._")


def findings_table(findings: list[Finding], severities=("info",),
                   language: str = "en") -> pd.DataFrame:
    """A compact table of findings (for the long tail of checks that hold)."""
    df = findings_frame(findings)
    if df.empty:
        return df
    df = df[df["severity"].isin(severities)]
    message = "message_vi" if language == "vi" else "message_en"
    return df[["check", "status", message]].rename(
        columns={message: "finding"}).reset_index(drop=True)


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The register as an inspector reads it: value as written, what it measures, where."""
    cols = ["claim_id", "locality_name", "period_start", "period_end", "kind", "metric",
            "value_text", "unit", "comparator", "aggregation"]
    return claims[cols].reset_index(drop=True)


_SOURCE_TEXT = {
    "en": {
        "synthetic": "**SYNTHETIC DATA.** These claims were generated for testing; they describe "
                     "no real locality.",
        "real": "**Real published claims**, transcribed from the article(s) below "
                "(`data/claims/`, `data/articles/`).",
        "no_date": "no date in the text", "no_publisher": "publisher not named in the text",
        "item": "- *{title}* ({who}; published {pub}); article `{source}`; register "
                "`{register}`, {n} claims.",
    },
    "vi": {
        "synthetic": "**DỮ LIỆU GIẢ LẬP (SYNTHETIC).** Các số liệu công bố này được tạo ra để "
                     "kiểm thử; chúng không mô tả địa phương thật nào.",
        "real": "**Số liệu công bố thật**, chép từ (các) bài viết dưới đây "
                "(`data/claims/`, `data/articles/`).",
        "no_date": "bài viết không ghi ngày", "no_publisher": "bài viết không ghi đơn vị đăng",
        "item": "- *{title}* ({who}; đăng {pub}); bài `{source}`; sổ `{register}`, {n} số "
                "liệu.",
    },
}


def source_markdown(register, title: str, language: str = "en") -> str:
    """Heading block: the locality, whether the data are real or synthetic, and the sources."""
    words = _SOURCE_TEXT[language]
    lines = [f"## {html.escape(title)}", "",
             words["synthetic"] if register.synthetic else words["real"], ""]
    for s in register.sources.itertuples():
        lines.append(words["item"].format(
            title=html.escape(str(s.title)), source=s.source_id, register=s.register,
            pub=s.published if isinstance(s.published, str) else words["no_date"],
            who=html.escape(s.publisher if isinstance(s.publisher, str)
                            else words["no_publisher"]),
            n=int((register.claims["register"] == s.register).sum())))
    return "\n".join(lines)


def methods_markdown() -> str:
    """Each check's rule, source and limits, from its docstring (one place for each rule)."""
    import inspect

    from motcua.claims import CHECKS

    parts = []
    for name, fn in CHECKS.items():
        doc = inspect.cleandoc(fn.__doc__ or "").replace("\n\n", "\n\n> ").replace("\n", " ")
        parts.append(f"- **{name}**: {doc}")
    return "\n".join(parts)


def findings_brief(findings: list[Finding]) -> str:
    """One line per finding: id, severity, status, the claimed and the recomputed value and the
    interval, as the report states them (stable text for the regression tests)."""
    def num(x) -> str:
        return "-" if x is None else (f"{x:.6g}" if isinstance(x, float) else str(x))

    return "\n".join(
        f"{f.id:<40} {f.severity:<8} {f.status:<16} claimed={num(f.claimed)} "
        f"recomputed={num(f.recomputed)} interval=[{num(f.interval_low)}, "
        f"{num(f.interval_high)}]" for f in findings)


_RECORDS_TEXT = {
    "en": {
        "none": "_No records were given for this locality (parameter `records_dir` is empty): the "
                "claims are checked against each other only._",
        "synthetic": "**SYNTHETIC RECORDS.** The dossiers and survey forms below were generated by "
                     "`motcua simulate` to reproduce the published totals; they are not real "
                     "records. They show what the audit does with real exports, and test it.\n\n",
        "scale": " The records are a 1:{s} sample; counts are scaled up by {s}.",
        "body": "{d} dossiers and {f} survey forms, {start} to {end}.",
    },
    "vi": {
        "none": "_Địa phương này không có dữ liệu hồ sơ (tham số `records_dir` để trống): các số "
                "liệu chỉ được đối chiếu với nhau._",
        "synthetic": "**HỒ SƠ GIẢ LẬP (SYNTHETIC).** Hồ sơ và phiếu khảo sát dưới đây do `motcua "
                     "simulate` tạo ra để khớp với tổng số đã công bố; đó không phải hồ sơ thật. "
                     "Chúng cho thấy cách kiểm tra làm việc với dữ liệu xuất thật, và dùng để "
                     "kiểm thử.\n\n",
        "scale": " Hồ sơ là mẫu 1:{s}; các số đếm được nhân lên {s} lần.",
        "body": "{d} hồ sơ và {f} phiếu khảo sát, từ {start} đến {end}.",
    },
}


def records_markdown(records, language: str = "en") -> str:
    """What the records section is based on, with the SYNTHETIC label where it applies."""
    words = _RECORDS_TEXT[language]
    if records is None:
        return words["none"]
    count = fmt_vi if language == "vi" else fmt_en
    head = words["synthetic"] if records.synthetic else ""
    scale = words["scale"].format(s=f"{records.scale:g}") if records.scale != 1 else ""
    return head + words["body"].format(d=count(len(records.dossiers)),
                                       f=count(len(records.surveys)),
                                       start=records.period_start,
                                       end=records.period_end) + scale


def records_table(table: pd.DataFrame) -> pd.DataFrame:
    """The recomputation, rounded for reading."""
    out = table[["claim_id", "locality_name", "claimed", "convention", "numerator",
                 "denominator", "recomputed", "ci_low", "ci_high", "consistent"]].copy()
    for c in ("recomputed", "ci_low", "ci_high"):
        out[c] = out[c].astype(float).round(2)
    return out


def gaps_text(gaps: pd.DataFrame) -> str:
    """The convention-gap table as stable plain text (a regression-checked output)."""
    if gaps.empty:
        return "no on-time claim to recompute from records"
    cols = ["group", "min_convention", "min_rate", "max_convention", "max_rate", "gap"]
    return gaps[cols].round(4).to_string(index=False)


def article_views(register, findings: list[Finding], language: str = "en") -> list:
    """Each source article of the register beside its arithmetic (``reports.article_html``):
    the article's text with every figure that takes part in a finding highlighted and linked
    to the finding. The text twin (what the regression tests compare) lists the marked figures.
    Articles are read from ``data/articles/<source_id>.txt`` with personal data removed; a
    source without a text file is named as such."""
    from motcua.config import ARTICLES_DIR
    from motcua.reports.article_html import article_view
    from motcua.reports.tables import Shown
    from motcua.vn.privacy import redact_text

    views = []
    for s in register.sources.itertuples():
        path = ARTICLES_DIR / f"{s.source_id}.txt"
        mine = [f for f in findings if f.register == s.register and f.claim_ids]
        if not path.is_file():
            note = (f"_Không có văn bản bài viết `{s.source_id}`._" if language == "vi"
                    else f"_No text of article `{s.source_id}` in data/articles/._")
            views.append(Shown(note, md=note))
            continue
        claims = {r.claim_id: (r.value_text, r.quote) for r in register.claims.itertuples()
                  if r.register == s.register}
        # Articles name citizens; no name, ID or phone number reaches a report.
        text = redact_text(path.read_text(encoding="utf-8"), label_only=True)
        page = article_view(text, mine, claims=claims, title=str(s.title))
        marked = sorted({cid for f in mine for cid in f.claim_ids if cid in claims})
        text = (f"article {s.source_id}: {len(mine)} findings; figures marked: "
                + ", ".join(f"{cid}={claims[cid][0]}" for cid in marked))
        views.append(Shown(text, html_text=page))
    return views
