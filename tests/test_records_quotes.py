"""Stray quotation marks in CSV exports: every line ends up accepted or quarantined, a stray
quote quarantines only the row it is in, and a large file never fails whole."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from motcua.records import ingest

CORPUS = Path(__file__).parent / "data" / "ingest"
sys.path.insert(0, str(CORPUS))
import make_corpus  # noqa: E402


def accounted(rep: dict) -> None:
    assert rep["rows_read"] == rep["rows_accepted"] + rep["rows_quarantined"]


def test_unclosed_quote_quarantines_its_row_only():
    r = ingest.load_dossiers(CORPUS / "bad_stray_quote.csv")
    accounted(r.report)
    assert r.report["rows_read"] == 10
    assert r.report["rows_accepted"] == 9
    q = r.quarantine
    assert q[["row", "reason"]].values.tolist() == [[5, "stray_quote"]]
    assert "quotation mark" in q.loc[0, "detail"]
    ids = sorted(r.table["dossier_id"])
    assert ids == [f"SQ-{i:02d}" for i in range(10) if i != 3]


def test_two_stray_quotes_do_not_swallow_the_rows_between(tmp_path):
    rows = make_corpus.stray_quote_rows()
    lines = make_corpus._csv(rows).split("\r\n")
    lines[3] = lines[3].replace(make_corpus.UNIT, '"' + make_corpus.UNIT)  # opens on row 4
    lines[7] = lines[7].replace("Ngày làm việc", 'Ngày làm việc"')  # a later quote "closes" it
    p = tmp_path / "two.csv"
    p.write_text("\r\n".join(lines), encoding="utf-8")
    r = ingest.load_dossiers(p)
    accounted(r.report)
    assert r.report["rows_read"] == 10
    got = set(zip(r.quarantine["row"], r.quarantine["reason"]))
    assert (4, "stray_quote") in got
    # rows 5-7 stand on their own lines and are good: they must be accepted
    assert {"SQ-03", "SQ-04", "SQ-05"} <= set(r.table["dossier_id"])


def test_a_quoted_cell_over_two_lines_is_one_row(tmp_path):
    rows = [make_corpus.PORTAL + ["Ghi chú"]]
    for i in range(4):
        r = list(make_corpus.GOOD_ROWS[i]) + ["hồ sơ đủ"]
        r[0] = f"ML-{i}"
        rows.append(r)
    rows[2][-1] = "thiếu giấy tờ\nbổ sung sau"  # Excel: Alt+Enter inside a cell
    p = tmp_path / "multiline.csv"
    p.write_text(make_corpus._csv(rows), encoding="utf-8")
    r = ingest.load_dossiers(p)
    accounted(r.report)
    assert r.report["rows_read"] == 4 and r.report["rows_accepted"] == 4


def test_a_stray_quote_in_a_large_file_is_one_quarantined_row(tmp_path):
    n = 100_000
    base = make_corpus.GOOD_ROWS[0]
    head = ",".join(make_corpus.PORTAL)
    tail = ",".join(base[1:])
    lines = [head] + [f"L{i:06d},{tail}" for i in range(n)]
    bad = 61_234
    lines[bad + 1] = lines[bad + 1].replace(make_corpus.UNIT, '"UBND phường Quang Trung')
    p = tmp_path / "large.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rep = ingest.ingest("dossiers", [p], tmp_path / "out")
    accounted(rep)
    assert rep["rows_read"] == n and rep["rows_accepted"] == n - 1
    q = pd.read_csv(tmp_path / "out" / "quarantine.csv")
    assert q[["row", "reason"]].values.tolist() == [[bad + 2, "stray_quote"]]
    t = pd.read_parquet(tmp_path / "out" / "dossiers.parquet", columns=["dossier_id"])
    assert len(t) == n - 1 and f"L{bad:06d}" not in set(t["dossier_id"])


def test_old_mac_line_ends_with_a_stray_quote(tmp_path):
    """Lines ended by a lone CR (Excel for Mac's "CSV (Macintosh)"): nothing vanishes."""
    text = make_corpus._csv([make_corpus.PORTAL] + make_corpus.GOOD_ROWS).replace("\r\n", "\r")
    text = text.replace(f"{make_corpus.UNIT},1.003003", f'"{make_corpus.UNIT},1.003003', 1)
    p = tmp_path / "mac.csv"
    p.write_bytes(text.encode("utf-8"))
    r = ingest.load_dossiers(p)
    accounted(r.report)
    assert r.report["rows_read"] == 5 and r.report["rows_accepted"] == 4
    assert r.quarantine[["row", "reason"]].values.tolist() == [[4, "stray_quote"]]


def test_title_rows_above_the_header(tmp_path):
    """A report saved as CSV: a title, a blank line, then the header (rows keep their numbers)."""
    rows = [make_corpus.PORTAL] + make_corpus.GOOD_ROWS
    rows[3] = list(rows[3])
    rows[3][10] = "99"
    p = tmp_path / "titled.csv"
    p.write_text("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ\r\n\r\n" + make_corpus._csv(rows),
                 encoding="utf-8")
    r = ingest.load_dossiers(p)
    accounted(r.report)
    assert r.report["rows_read"] == 5 and r.report["rows_accepted"] == 4
    assert r.quarantine[["row", "reason"]].values.tolist() == [[6, "unknown_label"]]
    assert any("header found on row 3" in n for n in r.report["files"][0]["notes"])


def test_header_cells_over_two_lines(tmp_path):
    """Excel writes a header cell typed with Alt+Enter ("Ngày<newline>tiếp nhận") quoted over
    two lines; the header is read whole and the rows keep their numbers."""
    vi = make_corpus._vi_rows()
    head = [h.replace("Ngày ", "Ngày\n") for h in vi[0]]
    p = tmp_path / "wrapped.csv"
    p.write_text(make_corpus._csv([head] + vi[1:]), encoding="utf-8")
    r = ingest.load_dossiers(p)
    assert r.report["rows_read"] == 5 and r.report["rows_accepted"] == 5
    assert "Ngày tiếp nhận" in r.report["files"][0]["columns"]
