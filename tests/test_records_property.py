"""Property: random exports (encodings, delimiters, quoting, stray quotes, sheets, corrupt rows,
planted ID and phone numbers) → every line is accepted or quarantined, and no planted number
survives in any output file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.records import ingest

CORPUS = Path(__file__).parent / "data" / "ingest"
sys.path.insert(0, str(CORPUS))
import make_corpus  # noqa: E402

ROW_KINDS = ("ok", "ok", "ok", "bad_status", "bad_date", "short", "stray_quote", "pii_unit",
             "pii_status", "pii_note")


@st.composite
def exports(draw):
    fmt = draw(st.sampled_from(["csv", "csv", "csv", "xlsx"]))
    kinds = draw(st.lists(st.sampled_from(ROW_KINDS), min_size=1, max_size=25))
    digits = draw(st.lists(st.integers(10**7, 10**8 - 1), min_size=len(kinds),
                           max_size=len(kinds)))
    return {
        "format": fmt, "kinds": kinds, "digits": digits,
        "encoding": draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1258", "utf-16"])),
        "delimiter": draw(st.sampled_from([",", ";", "\t"])),
        "quote_all": draw(st.booleans()),
        "sheets": draw(st.integers(1, 3)),
        "phone_style": draw(st.sampled_from(["{a}{b}{c}", "{a} {b} {c}", "{a}.{b}.{c}",
                                             "+84 {a1} {b} {c}"])),
    }


def planted_values(i: int, digits: int, style: str) -> tuple[str, str]:
    s = f"{digits:08d}"
    a, b, c = "09" + s[:2], s[2:5], s[5:8]
    phone = style.format(a=a, a1=a[1:], b=b, c=c)
    cccd = f"0{digits % 100:02d}1{s[:8]}"  # 12 digits: province, century/gender, year, serial
    return phone, cccd


def build_rows(spec: dict) -> tuple[list[list[str]], list[str], list[str]]:
    """Rows (header first), the raw stray-quote lines to substitute, the planted strings."""
    header = make_corpus.PORTAL + ["Ghi chú"]
    rows, planted = [header], []
    for i, (kind, dig) in enumerate(zip(spec["kinds"], spec["digits"])):
        r = list(make_corpus.GOOD_ROWS[i % 5]) + ["không"]
        r[0] = f"R-{i:03d}"
        phone, cccd = planted_values(i, dig, spec["phone_style"])
        if kind == "bad_status":
            r[10] = "Đã hủy"
        elif kind == "bad_date":
            r[6] = "31/02/2022"
        elif kind == "short":
            r = r[:6]
        elif kind == "pii_unit":
            r[2] = f"{make_corpus.UNIT} - ĐT {phone}"
            planted.append(phone)
        elif kind == "pii_status":
            r[10] = f"Gọi {phone}"
            planted.append(phone)
        elif kind == "pii_note":
            r[-1] = f"CCCD {cccd}"
            planted.append(cccd)
        rows.append(r)
    return rows, planted


def write_csv(spec: dict, rows: list[list[str]], path: Path) -> None:
    d = spec["delimiter"]

    def cell(v: str) -> str:
        if spec["quote_all"] or d in v or '"' in v:
            return '"' + v.replace('"', '""') + '"'
        return v

    lines = []
    for kind, r in zip(["header"] + spec["kinds"], rows):
        line = d.join(cell(v) for v in r)
        if kind == "stray_quote":  # the reception unit opens a quote that never closes
            cells = [cell(v) for v in r]
            cells[2] = '"' + r[2]
            line = d.join(cells)
        lines.append(line)
    text = "\r\n".join(lines) + "\r\n"
    enc = spec["encoding"]
    data = make_corpus.to_cp1258(text) if enc == "cp1258" else text.encode(enc)
    path.write_bytes(data)


def write_xlsx(spec: dict, rows: list[list[str]], path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    n = spec["sheets"]
    body = rows[1:]
    for s in range(n):
        ws = wb.create_sheet(f"Quý {s + 1}")
        ws.append(rows[0])
        for r in body[s::n]:
            ws.append(r)
    wb.save(path)


def output_text(out: Path) -> str:
    parts = [(out / "quarantine.csv").read_text(encoding="utf-8"),
             (out / "ingest.json").read_text(encoding="utf-8")]
    t = pd.read_parquet(out / "dossiers.parquet")
    parts.append(t.astype(str).to_csv())
    return "\n".join(parts)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(exports())
def test_every_line_accounted_for_and_nothing_planted_survives(tmp_path_factory, spec):
    d = tmp_path_factory.mktemp("export")
    rows, planted = build_rows(spec)
    src = d / ("in.xlsx" if spec["format"] == "xlsx" else "in.csv")
    if spec["format"] == "xlsx":
        write_xlsx(spec, rows, src)
    else:
        write_csv(spec, rows, src)
    out = d / "out"
    rep = ingest.ingest("dossiers", [src], out, hash_key="k")
    assert rep["rows_read"] == len(spec["kinds"])
    assert rep["rows_read"] == rep["rows_accepted"] + rep["rows_quarantined"]
    q = pd.read_csv(out / "quarantine.csv", dtype=str, keep_default_na=False)
    assert len(q[["file", "sheet", "row"]].drop_duplicates()) == rep["rows_quarantined"]
    assert rep["rows_accepted"] == len(pd.read_parquet(out / "dossiers.parquet"))
    ok = ("ok", "pii_unit", "pii_note") + (("stray_quote",) if spec["format"] == "xlsx" else ())
    expected_ok = sum(k in ok for k in spec["kinds"])  # a quote is only text in a workbook
    assert rep["rows_accepted"] == expected_ok
    text = output_text(out)
    raw = b"".join(p.read_bytes() for p in out.iterdir())
    for value in planted:
        assert value not in text and value.encode() not in raw, value
    json.loads((out / "ingest.json").read_text(encoding="utf-8"))
