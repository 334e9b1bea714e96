"""Workbooks as offices keep them: .xls, .xlsx and .ods through one reader (python-calamine),
a sheet per quarter, a summary sheet beside the data, formulas saved without values."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from motcua.errors import InputError
from motcua.records import ingest

CORPUS = Path(__file__).parent / "data" / "ingest"
sys.path.insert(0, str(CORPUS))
import make_corpus  # noqa: E402

COLS = ["dossier_id", "locality_code", "code_list", "reception_unit", "procedure_id",
        "field_code", "channel", "received_at", "due_at", "processing_end_at", "returned_at",
        "status", "statutory_limit", "limit_unit", "is_interagency", "apology_issued_at"]


@pytest.fixture(scope="module")
def portal() -> pd.DataFrame:
    return ingest.load_dossiers(CORPUS / "dossiers_portal.csv").table[COLS]


@pytest.mark.parametrize("name", ["dossiers.xls", "dossiers.ods"])
def test_xls_and_ods_give_the_portal_table(name, portal):
    r = ingest.load_dossiers(CORPUS / name)
    assert r.report["rows_quarantined"] == 0, r.quarantine.to_string()
    pd.testing.assert_frame_equal(r.table[COLS], portal)
    assert r.report["files"][0]["format"] == name.rsplit(".", 1)[1]


def test_every_sheet_with_the_same_header_is_read(portal, tmp_path):
    rep = ingest.ingest("dossiers", [CORPUS / "dossiers_quarters.xlsx"], tmp_path)
    assert rep["rows_read"] == 5 and rep["rows_accepted"] == 5
    sheets = rep["files"][0]["sheets"]
    assert [(s["name"], s["rows_read"]) for s in sheets] == [
        ("Quý 1", 2), ("Quý 2", 2), ("Quý 3", 1), ("Quý 4", 0)]
    t = pd.read_parquet(tmp_path / "dossiers.parquet")
    pd.testing.assert_frame_equal(t[COLS], portal)


def test_quarantine_names_the_sheet(tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(CORPUS / "dossiers_quarters.xlsx")
    wb["Quý 2"]["K3"] = 99  # unknown status on row 3 of the second sheet
    p = tmp_path / "q.xlsx"
    wb.save(p)
    rep = ingest.ingest("dossiers", [p], tmp_path / "out")
    q = pd.read_csv(tmp_path / "out" / "quarantine.csv", dtype=str)
    assert q[["sheet", "row", "column", "reason"]].values.tolist() == [
        ["Quý 2", "3", "status", "unknown_label"]]
    assert rep["rows_read"] == 5 and rep["rows_quarantined"] == 1


def test_a_sheet_with_another_header_is_refused_by_name():
    with pytest.raises(InputError) as e:
        ingest.load_dossiers(CORPUS / "dossiers_with_summary.xlsx")
    msg = str(e.value)
    assert "Tổng hợp" in msg and "Quý 1" in msg and "--sheet" in msg and "\n" not in msg


def test_sheets_can_be_chosen(portal):
    r = ingest.load_dossiers(CORPUS / "dossiers_with_summary.xlsx", sheets=["Quý 1", "Quý 2"])
    assert r.report["rows_read"] == 5 and r.report["rows_quarantined"] == 0
    pd.testing.assert_frame_equal(r.table[COLS], portal)
    with pytest.raises(InputError, match="no sheet 'Quý 9'.*Quý 1"):
        ingest.load_dossiers(CORPUS / "dossiers_with_summary.xlsx", sheets=["Quý 9"])


def test_formula_without_a_value_is_quarantined():
    r = ingest.load_dossiers(CORPUS / "dossiers_formulas.xlsx")
    q = r.quarantine
    assert q[["row", "column", "reason"]].values.tolist() == [
        [3, "due_at", "formula_without_value"], [5, "due_at", "formula_without_value"]]
    assert "=G3+5" in q.loc[0, "detail"]
    assert r.report["rows_read"] == 5 and r.report["rows_accepted"] == 3


def test_cli_sheet_option(tmp_path):
    from motcua.runs import cli

    out = tmp_path / "o"
    assert cli.main(["ingest", "dossiers", str(CORPUS / "dossiers_with_summary.xlsx"),
                     "--out", str(out), "--sheet", "Quý 1", "--sheet", "Quý 2"]) == 0
    rep = json.loads((out / "ingest.json").read_text(encoding="utf-8"))
    assert rep["rows_read"] == 5
    assert cli.main(["ingest", "dossiers", str(CORPUS / "dossiers_with_summary.xlsx"),
                     "--out", str(tmp_path / "o2")]) == 2


def test_merged_header_through_calamine():
    r = ingest.load_dossiers(CORPUS / "dossiers_merged_header.xlsx")
    assert r.report["rows_quarantined"] == 0 and len(r.table) == 5
    notes = r.report["files"][0]["notes"]
    assert any("G3:J3" in n for n in notes)


def test_large_workbook_streams_in_row_blocks(tmp_path, monkeypatch):
    """Rows reach the engine in blocks (bounded Python-side memory), numbered correctly."""
    import openpyxl

    from motcua.records.read import excel

    monkeypatch.setattr(excel, "ROWS_PER_BATCH", 7)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(make_corpus.PORTAL)
    for i in range(50):
        r = list(make_corpus.GOOD_ROWS[i % 5])
        r[0] = f"X-{i:03d}"
        if i == 33:
            r[10] = "99"
        ws.append(r)
    p = tmp_path / "big.xlsx"
    wb.save(p)
    r = ingest.load_dossiers(p)
    assert r.report["rows_read"] == 50 and r.report["rows_accepted"] == 49
    assert r.quarantine["row"].tolist() == [35]


@pytest.mark.parametrize("name", ["dossiers.xlsx", "dossiers_merged_header.xlsx",
                                  "dossiers_quarters.xlsx", "dossiers_formulas.xlsx",
                                  "surveys_3pt.xlsx"])
def test_streamed_sheets_read_as_calamine_reads_them(name, monkeypatch):
    """The bounded-memory reader of large .xlsx sheets gives the same tables, quarantine and
    notes as python-calamine (forced on the small corpus files)."""
    from motcua.records.read import xlsx_stream

    kind = "surveys" if name.startswith("surveys") else "dossiers"
    a = ingest.load(kind, CORPUS / name)
    monkeypatch.setattr(xlsx_stream, "STREAM_ABOVE", 0)
    b = ingest.load(kind, CORPUS / name)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.quarantine, b.quarantine)
    assert [f["notes"] for f in a.report["files"]] == [f["notes"] for f in b.report["files"]]


def test_large_sheet_is_streamed_in_bounded_memory(tmp_path, monkeypatch):
    """A sheet above the threshold never reaches calamine (which holds whole sheets)."""
    import python_calamine

    from motcua.records.read import xlsx_stream

    monkeypatch.setattr(xlsx_stream, "STREAM_ABOVE", 0)
    real = python_calamine.CalamineWorkbook.get_sheet_by_name

    def refuse(self, name):
        raise AssertionError(f"calamine asked for sheet {name!r}")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "get_sheet_by_name", refuse)
    r = ingest.load_dossiers(CORPUS / "dossiers_quarters.xlsx")
    assert r.report["rows_read"] == 5
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "get_sheet_by_name", real)


def test_a_hidden_lookup_sheet_is_left_out(tmp_path, portal):
    """Templates keep lookup lists on a hidden sheet: not data, named in the notes."""
    import openpyxl

    wb = openpyxl.load_workbook(CORPUS / "dossiers_quarters.xlsx")
    ws = wb.create_sheet("Danh mục")
    ws.append(["Lĩnh vực", "Mã"])
    ws.append(["Hộ tịch", "HT"])
    ws.sheet_state = "hidden"
    p = tmp_path / "template.xlsx"
    wb.save(p)
    r = ingest.load_dossiers(p)
    pd.testing.assert_frame_equal(r.table[COLS], portal)
    assert any("Danh mục" in n for n in r.report["files"][0]["notes"])
    ws.sheet_state = "visible"
    wb.save(p)
    with pytest.raises(InputError, match="Danh mục"):
        ingest.load_dossiers(p)
