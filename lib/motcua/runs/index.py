"""The batch index: ``index.html`` (sortable, filterable, with a chart of findings by locality
and check), ``index.csv`` and ``index.json``, made from what is in the output folder, so every
report there is listed, whichever batch made it."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import Counter
from pathlib import Path

from motcua.runs.outputs import write_atomic

COLUMNS = ["slug", "title", "notebook", "status", "data", "fail", "warning", "info",
           "first_flags", "reason", "report", "git_commit", "cache_key", "params_file"]
_ORDER = {"fail": 0, "warning": 1, "info": 2}


def _row(slug_dir: Path, stem: str) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(slug=slug_dir.name, notebook=stem)
    s, e, na = (slug_dir / f"{stem}.{x}.json" for x in ("summary", "error", "na"))
    if s.is_file():
        summary = json.loads(s.read_text(encoding="utf-8"))
        flags = sorted((f for f in summary.get("findings", []) if f["severity"] != "info"),
                       key=lambda f: _ORDER[f["severity"]])
        prov = summary.get("provenance", {})
        row.update(status="ok", title=summary.get("title", ""),
                   data="SYNTHETIC" if summary.get("synthetic") else "real",
                   **{k: summary.get("counts", {}).get(k, 0) for k in _ORDER},
                   first_flags=" | ".join(f"{f['severity']}: {f['message_en']}"
                                          for f in flags[:3]),
                   git_commit=prov.get("git_commit") or "", cache_key=prov.get("cache_key", ""),
                   params_file=prov.get("params_file", ""))
    elif e.is_file():
        err = json.loads(e.read_text(encoding="utf-8"))
        cell = f"cell {err['cell']}: " if err.get("cell") is not None else ""
        row.update(status="failed", reason=f"{cell}{err.get('ename')}: {err.get('evalue')}",
                   params_file=err.get("params_file", ""))
    elif na.is_file():
        info = json.loads(na.read_text(encoding="utf-8"))
        row.update(status="not applicable", reason=info.get("reason", ""),
                   title=info.get("title", ""))
    if (slug_dir / f"{stem}.html").is_file():
        row["report"] = f"{slug_dir.name}/{stem}.html"
    return row


def _stem(name: str) -> str | None:
    for suffix in (".summary.json", ".error.json", ".na.json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def index_rows(out_root: Path, invalid=()) -> list[dict]:
    rows = []
    for d in sorted(p for p in out_root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        stems = sorted({_stem(p.name) for p in d.glob('*.json')} - {None})
        rows += [_row(d, stem) for stem in stems]
    titles = {r["slug"]: r["title"] for r in rows if r["title"]}
    for r in rows:
        r["title"] = r["title"] or titles.get(r["slug"], r["slug"])
    for r in invalid:
        rows.append({**dict.fromkeys(COLUMNS, ""), "slug": "", "title": r.params_file,
                     "status": "invalid", "reason": r.error, "params_file": r.params_file})
    return rows


def write_index(out_root: Path, invalid=()) -> list[dict]:
    rows = index_rows(out_root, invalid)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    write_atomic(out_root / "index.csv", buf.getvalue())
    write_atomic(out_root / "index.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    write_atomic(out_root / "index.html", index_html(rows, _check_counts(out_root, rows)))
    return rows


def _check_counts(out_root: Path, rows) -> Counter:
    """Flags (fail + warning) by (locality, check), for the chart."""
    counts: Counter = Counter()
    for r in rows:
        if r["status"] != "ok":
            continue
        s = json.loads((out_root / r["slug"] / f"{r['notebook']}.summary.json")
                       .read_text(encoding="utf-8"))
        for f in s.get("findings", []):
            if f["severity"] != "info":
                counts[(r["slug"], f["check"])] += 1
    return counts


def _chart(counts: Counter) -> str:
    """A heat map (HTML table) of flags by locality and check."""
    if not counts:
        return "<p><em>No fail or warning findings.</em></p>"
    slugs = sorted({s for s, _ in counts})
    checks = sorted({c for _, c in counts})
    top = max(counts.values())
    head = "".join(f"<th class='rot'><span>{html.escape(c)}</span></th>" for c in checks)
    body = []
    for s in slugs:
        cells = []
        for c in checks:
            n = counts.get((s, c), 0)
            alpha = 0.15 + 0.85 * n / top if n else 0
            cells.append(f"<td style='background:rgba(196,78,82,{alpha:.2f})'>{n or ''}</td>")
        body.append(f"<tr><th>{html.escape(s)}</th>{''.join(cells)}</tr>")
    return (f"<table class='heat'><tr><th></th>{head}</tr>{''.join(body)}</table>")


_SCRIPT = """
function sortBy(th){const t=th.closest('table'),i=[...th.parentNode.children].indexOf(th),
asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';const rows=[...t.tBodies[0].rows];
rows.sort((a,b)=>{const x=a.cells[i].dataset.v??a.cells[i].innerText,y=b.cells[i].dataset.v??b.cells[i].innerText;
const nx=parseFloat(x),ny=parseFloat(y);const c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'vi');
return asc?c:-c});rows.forEach(r=>t.tBodies[0].appendChild(r));}
function filt(){const q=document.getElementById('q').value.toLowerCase(),
s=document.getElementById('st').value;for(const r of document.querySelectorAll('#idx tbody tr')){
r.style.display=(r.innerText.toLowerCase().includes(q)&&(!s||r.dataset.status===s))?'':'none';}}
"""
_STYLE = ("body{font-family:'DejaVu Sans',sans-serif;margin:2em}td,th{border-bottom:1px solid #ccc;"
          "padding:4px 8px;vertical-align:top;text-align:left}table{border-collapse:collapse}"
          "#idx th{cursor:pointer}.heat td{text-align:center;min-width:2em}"
          ".rot span{writing-mode:vertical-rl;transform:rotate(180deg)}"
          ".failed,.invalid{color:#c44e52;font-weight:bold}.syn{font-weight:bold}")


def index_html(rows: list[dict], counts: Counter) -> str:
    body = []
    for r in rows:
        link = (f"<a href='{html.escape(r['report'])}'>{html.escape(r['title'])}</a>"
                if r["report"] and r["status"] == "ok" else html.escape(r["title"]))
        partial = (f" (<a href='{html.escape(r['report'])}'>partial notebook</a>)"
                   if r["report"] and r["status"] == "failed" else "")
        data = ("<span class='syn'>SYNTHETIC</span>" if r["data"] == "SYNTHETIC"
                else html.escape(r["data"]))
        what = html.escape(r["first_flags"] or r["reason"]) + partial
        cells = [link, html.escape(r["notebook"]),
                 f"<span class='{r['status'].replace(' ', '_')}'>{html.escape(r['status'])}</span>",
                 data] + [f"<td data-v='{r[k]}'>{r[k]}</td>" for k in ("fail", "warning", "info")]
        tds = "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells)
        body.append(f"<tr data-status='{html.escape(r['status'])}'>{tds}<td>{what}</td></tr>")
    statuses = sorted({r["status"] for r in rows})
    options = "".join(f"<option>{html.escape(s)}</option>" for s in statuses)
    commits = sorted({r["git_commit"] for r in rows if r["git_commit"]})
    prov = (f"<p><small>Reports made by motcua from git commit(s) "
            f"{html.escape(', '.join(commits) or 'unknown')}; each report's footer lists its "
            "input hashes. Data marked SYNTHETIC are generated, not real records.</small></p>")
    head = "".join(f"<th onclick='sortBy(this)'>{h}</th>" for h in
                   ("locality", "notebook", "status", "data", "fail", "warning", "info",
                    "read first"))
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>motcua "
            f"reports</title><style>{_STYLE}</style><script>{_SCRIPT}</script></head><body>"
            "<h1>motcua: reports</h1>"
            "<h2>Flags by locality and check</h2><p>Fail and warning findings per locality "
            "and check (darker = more). A flag asks for an inspector's reading; it is not a "
            f"verdict.</p>{_chart(counts)}<h2>Every report</h2><p><input id='q' "
            "placeholder='filter…' oninput='filt()'> <select id='st' onchange='filt()'>"
            f"<option value=''>any status</option>{options}</select></p>"
            f"<table id='idx'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
            f"</table>{prov}</body></html>\n")
