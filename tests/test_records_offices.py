"""Exports that name the office only ("UBND xã Quảng Thái", "Trung tâm Hành chính công huyện
Quảng Điền"): offices resolved to localities within a given or inferred scope."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from motcua.records import ingest
from motcua.records.offices import place_of_office

CORPUS = Path(__file__).parent / "data" / "ingest"


@pytest.mark.parametrize("office, place", [
    ("UBND xã Quảng Thái", "xã Quảng Thái"),
    ("Ủy ban nhân dân xã Quảng Thái", "xã Quảng Thái"),
    ("Bộ phận một cửa UBND phường Đồng Quang", "phường Đồng Quang"),
    ("Bộ phận tiếp nhận và trả kết quả UBND thị trấn Sịa", "thị trấn Sịa"),
    ("Trung tâm Hành chính công huyện Quảng Điền", "huyện Quảng Điền"),
    ("Trung tâm Phục vụ hành chính công tỉnh Thừa Thiên Huế", "tỉnh Thừa Thiên Huế"),
    ("Bộ phận Một cửa UBND phường Quang Trung", "phường Quang Trung"),
    ("Phòng Tư pháp", None),
])
def test_place_of_office(office, place):
    assert place_of_office(office) == place


def test_offices_resolved_within_the_given_scope(tmp_path):
    rep = ingest.ingest("dossiers", [CORPUS / "dossiers_offices.csv"], tmp_path,
                        within="huyện Quảng Điền, tỉnh Thừa Thiên Huế")
    import pandas as pd

    t = pd.read_parquet(tmp_path / "dossiers.parquet")
    assert t["locality_code"].tolist() == ["19870", "19867", "477", "19882", "19888"]
    q = pd.read_csv(tmp_path / "quarantine.csv")
    assert q[["row", "column", "reason"]].values.tolist() == [
        [7, "reception_unit", "unknown_locality"]]
    offices = json.loads((tmp_path / "ingest.json").read_text(encoding="utf-8"))
    loc = offices["localities_from_offices"]
    assert loc["scope"]["gso-2025-01-04"]["code"] == "477"
    assert loc["scope"]["gso-2025-01-04"]["how"] == "given"
    assert loc["offices"]["gso-2025-01-04"]["UBND xã Quảng Thái"] == "19870"
    assert loc["offices"]["gso-2025-01-04"]["UBND xã Không Có Thật"] is None
    assert rep["rows_read"] == 6 and rep["rows_accepted"] == 5


def test_scope_given_by_code():
    r = ingest.load_dossiers(CORPUS / "dossiers_offices.csv", within="477")
    assert r.table["locality_code"].tolist() == ["19870", "19867", "477", "19882", "19888"]


def test_scope_inferred_from_the_files_own_unambiguous_names():
    r = ingest.load_dossiers(CORPUS / "dossiers_offices.csv")
    assert r.table["locality_code"].tolist() == ["19870", "19867", "477", "19882", "19888"]
    scope = r.report["localities_from_offices"]["scope"]["gso-2025-01-04"]
    assert scope["code"] == "477" and scope["how"].startswith("inferred")


def test_ambiguous_names_without_scope_are_quarantined_not_guessed():
    r = ingest.load_dossiers(CORPUS / "dossiers_offices_ambiguous.csv")
    assert len(r.table) == 0 and r.report["rows_quarantined"] == 3
    assert set(r.quarantine["reason"]) == {"ambiguous_locality"}
    assert r.quarantine["detail"].str.contains("--within").all()
    ok = ingest.load_dossiers(CORPUS / "dossiers_offices_ambiguous.csv",
                              within="huyện Quảng Điền, tỉnh Thừa Thiên Huế")
    assert ok.table["locality_code"].tolist() == ["19870", "19888", "19870"]


def test_unknown_scope_is_an_input_error():
    from motcua.errors import InputError

    with pytest.raises(InputError, match="within"):
        ingest.load_dossiers(CORPUS / "dossiers_offices.csv", within="huyện Không Có")


def test_cli_within(tmp_path):
    from motcua.runs import cli

    assert cli.main(["ingest", "dossiers", str(CORPUS / "dossiers_offices_ambiguous.csv"),
                     "--out", str(tmp_path), "--within", "477"]) == 0
    rep = json.loads((tmp_path / "ingest.json").read_text(encoding="utf-8"))
    assert rep["rows_accepted"] == 3


def test_an_office_first_met_while_reading_uses_the_same_scope():
    from motcua.records.offices import resolve_offices

    table = resolve_offices(["UBND xã Quảng Phước", "Trung tâm Hành chính công huyện Quảng Điền"],
                            None)
    assert table.lookup("UBND xã Quảng Thái", "gso-2025-01-04") == ("19870", "", "")
    code, reason, _ = table.lookup("UBND xã Không Có", "gso-2025-01-04")
    assert code is None and reason == "unknown_locality"
    assert table.report()["offices"]["gso-2025-01-04"]["UBND xã Quảng Thái"] == "19870"
