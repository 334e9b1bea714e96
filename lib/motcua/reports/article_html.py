"""The article beside its arithmetic: one HTML page (or fragment) with the article's text, every
figure that takes part in a finding highlighted and linked to the finding, and the findings
listed after it with links back to their figures.

Findings name their figures in ``claim_ids``: a scan finding as "<figure as printed>@<offset in
the NFC text>" ("19.255@412"), which this module locates directly; a register finding by claim
id, located through ``claims`` (claim id → value as written, or (value, quote)), found in the
text by its quote.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict

from motcua.claims.extract.text import prepare

_SEVERITY_ORDER = {"fail": 0, "warning": 1, "info": 2}
_STYLE = """
.mc-article{font-family:"DejaVu Sans",sans-serif;line-height:1.6;max-width:60em}
.mc-text{white-space:pre-wrap;border-left:3px solid #ccc;padding-left:1em}
.mc-text mark{padding:0 .15em;border-radius:3px}
mark.fail{background:#f8c4c4} mark.warning{background:#fde7a9} mark.info{background:#d7ecd9}
.mc-findings li{margin:.4em 0} .mc-sev{font-weight:bold;text-transform:uppercase;font-size:.8em}
.mc-sev.fail{color:#a40000} .mc-sev.warning{color:#8a6100} .mc-sev.info{color:#2e6b34}
.mc-arith{font-family:"DejaVu Sans Mono",monospace;font-size:.9em;color:#333}
"""


def _get(f, key):
    return f.get(key) if isinstance(f, dict) else getattr(f, key, None)


def _spans_of(text: str, f, claims: dict | None) -> list[tuple[int, int]]:
    """Where the finding's figures stand in ``text``."""
    out = []
    for cid in _get(f, "claim_ids") or []:
        m = re.fullmatch(r"(.+)@(\d+)", str(cid))
        if m:
            written, pos = unicodedata.normalize("NFC", m.group(1)), int(m.group(2))
            if text[pos:pos + len(written)] == written:
                out.append((pos, pos + len(written)))
            else:
                found = text.find(written)
                if found >= 0:
                    out.append((found, found + len(written)))
            continue
        spec = (claims or {}).get(cid)
        if spec is None:
            continue
        value, quote = (spec, None) if isinstance(spec, str) else spec
        start = text.find(unicodedata.normalize("NFC", quote)) if quote else 0
        pos = text.find(unicodedata.normalize("NFC", value), max(start, 0))
        if pos >= 0:
            out.append((pos, pos + len(value)))
    return out


def article_view(text: str, findings, *, claims: dict | None = None, title: str = "",
                 full_page: bool = False) -> str:
    """HTML of ``text`` with the figures of ``findings`` highlighted and linked to them.

    ``findings``: :class:`motcua.findings.Finding` objects or their ``summary_records`` dicts.
    A figure in several findings is marked with the most severe and links to the first of them.
    ``full_page`` wraps the fragment in a standalone UTF-8 HTML document.
    """
    text = prepare(text)
    findings = sorted(findings, key=lambda f: _SEVERITY_ORDER.get(_get(f, "severity"), 3))
    marks: dict[tuple[int, int], list[int]] = defaultdict(list)
    for k, f in enumerate(findings):
        for span in _spans_of(text, f, claims):
            marks[span].append(k)
    body = _marked_text(text, marks, findings)
    items = "\n".join(_finding_item(k, f, marks) for k, f in enumerate(findings))
    head = f"<h2>{html.escape(title)}</h2>\n" if title else ""
    fragment = (f'<div class="mc-article"><style>{_STYLE}</style>\n{head}'
                f'<div class="mc-text">{body}</div>\n<ol class="mc-findings">\n{items}\n</ol>'
                "</div>")
    if not full_page:
        return fragment
    return ('<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f"<title>{html.escape(title or 'motcua scan')}</title></head>\n<body>{fragment}"
            "</body></html>\n")


def _marked_text(text: str, marks: dict, findings) -> str:
    out, pos = [], 0
    for (a, b) in sorted(marks):
        if a < pos:
            continue  # overlapping figure: the first one is kept
        ks = marks[(a, b)]
        sev = min((_get(findings[k], "severity") for k in ks),
                  key=lambda s: _SEVERITY_ORDER.get(s, 3))
        links = " ".join(f"#{k + 1}" for k in ks)
        out.append(html.escape(text[pos:a]))
        out.append(f'<a href="#mc-f{ks[0] + 1}"><mark class="{sev}" id="mc-n{a}" '
                   f'title="finding {links}">{html.escape(text[a:b])}</mark></a>')
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _finding_item(k: int, f, marks: dict) -> str:
    sev = _get(f, "severity") or ""
    back = " ".join(f'<a href="#mc-n{a}">↑</a>' for (a, _b), ks in sorted(marks.items())
                    if k in ks)
    arith = _get(f, "arithmetic") or ""
    return (f'<li id="mc-f{k + 1}"><span class="mc-sev {sev}">{html.escape(sev)}</span> '
            f'<code>{html.escape(str(_get(f, "check") or ""))}</code> '
            f'{html.escape(str(_get(f, "message_en") or ""))}'
            + (f'<br><span class="mc-arith">{html.escape(arith)}</span>' if arith else "")
            + f'<br><i lang="vi">{html.escape(str(_get(f, "message_vi") or ""))}</i> {back}</li>')
