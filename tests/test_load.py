"""motcua.records.ingest: the loaders on the good fixtures and the bad-input corpus, the row invariant,
ingest outputs, and a smoke test of the benchmark's functions (never the benchmark itself)."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.records import columns, convert, dedup, sinks, validate
from motcua.records.places import resolve_locality
from motcua.records import ingest as load
from motcua.records.events import dossier_events
from motcua.vn import privacy
from motcua.records import schema
from motcua.vn import vocab
from motcua.errors import InputError

CORPUS = Path(__file__).parent / "data" / "ingest"
sys.path.insert(0, str(CORPUS))
import make_corpus  # noqa: E402

GOOD_DOSSIERS = ["dossiers_portal.csv", "dossiers_vi_bom_semicolon.csv",
                 "dossiers_cp1258_tab.csv", "dossiers_nfd.csv", "dossiers_english.csv",
                 "dossiers.xlsx", "dossiers_merged_header.xlsx",
                 "dossiers_with_personal_data.csv"]
ALL_LOADABLE = GOOD_DOSSIERS + [
    "dossiers_locality_names.csv", "bad_mixed_dates.csv", "bad_duplicates.csv",
    "bad_resolved_before_received.csv", "bad_unknown_labels.csv", "bad_unknown_localities.csv",
    "bad_truncated.csv", "surveys_5pt.csv", "surveys_3pt.xlsx", "procedures.csv"]


def kind_of(name: str) -> str:
    return ("surveys" if name.startswith("surveys") else
            "procedures" if name.startswith("procedures") else "dossiers")


def invariant(r: load.LoadResult) -> None:
    q = r.quarantine
    distinct = len(q[["file", "sheet", "row"]].drop_duplicates())
    assert r.report["rows_read"] == r.report["rows_accepted"] + r.report["rows_quarantined"]
    assert r.report["rows_accepted"] == len(r.table)
    assert r.report["rows_quarantined"] == distinct


def test_committed_corpus_matches_generator(tmp_path, monkeypatch):
    for name, data in {**make_corpus.text_files(), **make_corpus.binary_files()}.items():
        assert (CORPUS / name).read_bytes() == data, f"{name}: run make_corpus.py"
    monkeypatch.setattr(make_corpus, "HERE", tmp_path)
    make_corpus.write_xlsx()
    names = list(make_corpus.XLSX_FILES)
    if make_corpus.write_xls():  # only where xlwt is installed (not a project dependency)
        names.append("dossiers.xls")
    for name in names:
        assert (CORPUS / name).read_bytes() == (tmp_path / name).read_bytes(), name


@pytest.fixture(scope="module")
def portal() -> load.LoadResult:
    return load.load_dossiers(CORPUS / "dossiers_portal.csv")


@pytest.mark.parametrize("name", GOOD_DOSSIERS)
def test_every_good_variant_gives_the_same_table(name, portal):
    r = load.load_dossiers(CORPUS / name)
    assert r.report["rows_quarantined"] == 0, r.quarantine.to_string()
    cols = list(columns.OUTPUT["dossiers"])
    a = r.table[cols].reset_index(drop=True)
    b = portal.table[cols].reset_index(drop=True)
    if name == "dossiers_merged_header.xlsx":  # that template has no apology / interagency
        a, b = a.drop(columns=["apology_issued_at", "is_interagency"]), \
            b.drop(columns=["apology_issued_at", "is_interagency"])
    if name == "dossiers.xlsx":  # G3 holds the Excel serial 44589.5 instead of a date cell
        assert a.loc[1, "received_at"] == pd.Timestamp("2022-01-28 12:00")
        a.loc[1, "received_at"] = b.loc[1, "received_at"]
    pd.testing.assert_frame_equal(a, b)
    schema.DossierSchema.validate(r.table, lazy=True)


def test_portal_values_are_mapped(portal):
    t = portal.table
    assert t["status"].tolist() == ["returned", "resolved", "in_progress", "returned",
                                    "withdrawn"]
    assert t["channel"].tolist() == ["in_person", "online", "postal", "in_person", "in_person"]
    assert portal.report["counters"]["channel_blank_as_in_person"] == 1
    assert t["field_code"].tolist() == ["civil_status", "certification", "land",
                                        "construction", "justice"]
    assert t["statutory_limit"].tolist() == [1.0, 0.5, 30.0, 10.0, 8.0]
    assert t["limit_unit"].tolist() == ["working_day", "working_day", "day", "working_day",
                                        "hour"]
    assert t["is_interagency"].tolist() == [False, False, True, False, False]
    assert t["received_at"][0] == pd.Timestamp("2022-01-28 15:30")
    assert t["code_list"].unique().tolist() == ["gso-2025-01-04"]
    assert t["status"].cat.categories.tolist() == list(vocab.DOSSIER_STATUSES)
    assert str(t["received_at"].dtype) == "datetime64[ns]"


def test_nfd_and_cp1258_text_comes_out_nfc():
    for name in ("dossiers_nfd.csv", "dossiers_cp1258_tab.csv"):
        r = load.load_dossiers(CORPUS / name)
        unit = r.table["reception_unit"][0]
        assert unit == make_corpus.UNIT and unicodedata.is_normalized("NFC", unit)


def test_localities_by_name_and_vintage():
    r = load.load_dossiers(CORPUS / "dossiers_locality_names.csv")
    invariant(r)
    t = r.table
    assert t["locality_code"].tolist() == ["13285", "13285"]
    # received before / after 1 July 2025 → old / new code list (same code, other unit)
    assert t["code_list"].tolist() == ["gso-2025-01-04", "gso-2025-07-01"]
    q = r.quarantine
    assert q["reason"].tolist() == ["ambiguous_locality"] and q["row"].tolist() == [4]
    forced = load.load_dossiers(CORPUS / "dossiers_portal.csv", code_list="gso-2025-07-01")
    assert set(forced.table["code_list"]) == {"gso-2025-07-01"}


def test_resolve_locality():
    assert resolve_locality("13285", "gso-2025-01-04")[0] == "13285"
    assert resolve_locality("35", "gso-2025-01-04")[0] == "35"
    assert resolve_locality("99999", "gso-2025-01-04")[1] == "unknown_locality"
    assert resolve_locality("347", "gso-2025-07-01")[1] == "unknown_locality"  # no districts
    assert resolve_locality("Phường Quang Trung, Thành phố Phủ Lý",
                                 "gso-2025-01-04")[0] == "13285"
    assert resolve_locality("Xã Tân Sơn", "gso-2025-01-04")[1] == "ambiguous_locality"


# ---------------------------------------------------------------------------- bad corpus

EXPECTED_QUARANTINE = {
    # file: {(row, column, reason)}
    "bad_mixed_dates.csv": {(7, "received_at", "unparseable_date"),
                            (8, "received_at", "unparseable_date"),
                            (9, "received_at", "unparseable_date"),
                            (13, "received_at", "unparseable_date")},
    "bad_duplicates.csv": {(7, "dossier_id", "duplicate_id"), (8, "dossier_id", "duplicate_id")},
    "bad_resolved_before_received.csv": {
        (2, "processing_end_at", "resolved_before_received"),
        (3, "returned_at", "returned_before_received"), (4, "due_at", "due_before_received")},
    "bad_unknown_labels.csv": {
        (2, "status", "unknown_label"), (3, "status", "unknown_label"),
        (4, "channel", "unknown_label"), (5, "field_code", "unknown_label"),
        (6, "limit_unit", "unknown_label"), (7, "statutory_limit", "unparseable_number"),
        (8, "statutory_limit", "negative_value"), (9, "status", "missing_value")},
    "bad_unknown_localities.csv": {
        (3, "locality_code", "unknown_locality"), (4, "locality_code", "unknown_locality"),
        (5, "locality_code", "missing_value"), (6, "locality_code", "unknown_locality")},
    "bad_truncated.csv": {(6, "*", "malformed_row")},
    "surveys_5pt.csv": {(14, "satisfaction_level", "unknown_label"),
                        (15, "satisfaction_level", "unknown_label"),
                        (16, "response_id", "duplicate_id")},
    "surveys_3pt.xlsx": {(5, "satisfaction_level", "scale_mismatch")},
    "procedures.csv": {(5, "procedure_id", "duplicate_id"),
                       (6, "competence_level", "unknown_label"),
                       (6, "online_level_legacy", "unknown_label")},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_QUARANTINE))
def test_bad_rows_are_quarantined_with_reason(name):
    r = load.load(kind_of(name), CORPUS / name)
    invariant(r)
    got = set(zip(r.quarantine["row"], r.quarantine["column"], r.quarantine["reason"]))
    assert got == EXPECTED_QUARANTINE[name]
    assert (r.quarantine["detail"].str.len() > 0).all()
    assert r.report["quarantine_by_reason"] == r.quarantine["reason"].value_counts().to_dict()


def test_duplicates_keep_the_first():
    r = load.load_dossiers(CORPUS / "bad_duplicates.csv")
    assert r.table["dossier_id"].is_unique and len(r.table) == 5
    q = r.quarantine.set_index("row")
    assert "first seen in bad_duplicates.csv row 3" in q.loc[7, "detail"]
    # the kept row is the first one (row 3 had channel 2 = online)
    kept = r.table.set_index("dossier_id").loc[make_corpus.GOOD_ROWS[1][0]]
    assert kept["channel"] == "online"


def test_duplicates_across_files(tmp_path):
    r = load.load_dossiers([CORPUS / "dossiers_portal.csv", CORPUS / "dossiers_english.csv"])
    invariant(r)
    assert len(r.table) == 5 and r.report["rows_quarantined"] == 5
    assert set(r.quarantine["file"]) == {str(CORPUS / "dossiers_english.csv")}


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("name, column, row, reason", [
    ("bad_empty.csv", None, 1, "empty file"),
    ("bad_blank_lines.csv", None, 1, "empty file"),
    ("bad_header_only.csv", None, 2, "no data rows"),
    ("bad_missing_column.csv", "received_at", 1, "required column 'received_at' missing"),
    ("bad_truncated_in_char.csv", None, 6, "invalid utf-8"),
    ("bad_mixed_encoding.csv", None, 4, "mixed encodings"),
    ("bad_binary.csv", None, 1, "neither UTF-8 nor Windows-1258"),
    ("bad_not_excel.xlsx", None, None, "cannot open as an Excel workbook"),
])
def test_fatal_inputs_raise_one_line_errors(name, column, row, reason, tmp_path):
    with pytest.raises(InputError) as e:
        load.ingest("dossiers", [CORPUS / name], tmp_path)
    err = e.value
    assert reason in err.reason and err.column == column and err.row == row
    assert str(CORPUS / name) in str(err) and "\n" not in str(err)
    assert not (tmp_path / "dossiers.parquet").exists()
    assert not list(tmp_path.glob(".*partial"))


def test_missing_survey_column_names_it(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("Mã phiếu,Mã ĐVHC,Đơn vị tiếp nhận,Ngày đánh giá,Tiêu chí\n1,13285,x,"
                 "01/03/2022,a\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load.load_surveys(p)
    assert e.value.column == "satisfaction_level"


def test_two_columns_meaning_the_same(tmp_path):
    p = tmp_path / "d.csv"
    p.write_text("MaHoSo,Mã hồ sơ\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="both mean 'dossier_id'"):
        load.load_dossiers(p)


@pytest.mark.parametrize("name", ALL_LOADABLE)
def test_invariant_on_the_whole_corpus(name):
    invariant(load.load(kind_of(name), CORPUS / name))


# ------------------------------------------------------------------ property: nothing lost

_CORRUPT = {
    "ok": lambda r: r,
    "status": lambda r: r[:10] + ["99"] + r[11:],
    "date": lambda r: r[:6] + ["31/02/2022"] + r[7:],
    "order": lambda r: r[:8] + ["01/01/2000"] + r[9:],
    "locality": lambda r: r[:1] + ["00000"] + r[2:],
    "limit": lambda r: r[:11] + ["x"] + r[12:],
    "short": lambda r: r[:5],
    "dup": None,
}


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(_CORRUPT)), min_size=1, max_size=30))
def test_rows_read_equal_accepted_plus_quarantined(tmp_path_factory, plan):
    rows, ids = [], []
    for i, what in enumerate(plan):
        base = list(make_corpus.GOOD_ROWS[i % 5])
        base[0] = f"P-{i}"
        if what == "dup" and ids:
            base[0] = ids[0]
        elif what not in ("ok", "dup"):
            base = _CORRUPT[what](base)
        ids.append(base[0])
        rows.append(base)
    p = tmp_path_factory.mktemp("prop") / "d.csv"
    p.write_text(make_corpus._csv([make_corpus.PORTAL] + rows), encoding="utf-8")
    r = load.load_dossiers(p)
    invariant(r)
    # what should happen, simulated row by row: corrupt rows are quarantined; a clean row is
    # kept unless its id was already kept (keep the first)
    kept, accepted = set(), 0
    for what, row in zip(plan, rows):
        if what in ("ok", "dup") and row[0] not in kept:
            kept.add(row[0])
            accepted += 1
    assert r.report["rows_read"] == len(plan)
    assert r.report["rows_accepted"] == accepted
    assert sorted(r.table["dossier_id"]) == sorted(kept)
    assert r.report["rows_quarantined"] == len(plan) - accepted


# ---------------------------------------------------------------------------- ingest

def test_ingest_writes_three_files(tmp_path):
    rep = load.ingest("dossiers", [CORPUS / "bad_duplicates.csv",
                                   CORPUS / "bad_unknown_labels.csv"], tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {"dossiers.parquet", "quarantine.csv",
                                                    "ingest.json"}
    on_disk = json.loads((tmp_path / "ingest.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(rep))
    for k in ("rows_read", "rows_accepted", "rows_quarantined", "quarantine_by_reason"):
        assert k in on_disk
    assert on_disk["rows_read"] == 15 and on_disk["rows_accepted"] == 5
    assert on_disk["rows_quarantined"] == 10
    assert on_disk["quarantine_by_reason"]["duplicate_id"] == 2
    t = pd.read_parquet(tmp_path / "dossiers.parquet")
    assert len(t) == 5
    schema.DossierSchema.validate(t, lazy=True)
    assert t["status"].cat.categories.tolist() == list(vocab.DOSSIER_STATUSES)
    q = pd.read_csv(tmp_path / "quarantine.csv", dtype=str)
    assert list(q.columns) == columns.QUARANTINE_COLUMNS and len(q) == 10


def test_ingest_surveys_and_procedures(tmp_path):
    rs = load.ingest("surveys", [CORPUS / "surveys_5pt.csv"], tmp_path / "s")
    t = pd.read_parquet(tmp_path / "s" / "surveys.parquet")
    assert len(t) == rs["rows_accepted"] == 12
    assert set(t["scale_points"]) == {5}  # inferred: the sheet has neutral answers
    schema.SurveySchema.validate(t, lazy=True)
    load.ingest("procedures", [CORPUS / "procedures.csv"], tmp_path / "p")
    p = pd.read_parquet(tmp_path / "p" / "procedures.parquet")
    schema.ProcedureSchema.validate(p, lazy=True)
    assert p["online_level"].tolist() == ["full", "partial", "partial"]
    assert p["online_level_legacy"].tolist() == [4, 3, 3]
    assert str(p["online_level_legacy"].dtype) == "Int8"
    assert p["competence_level"].tolist() == ["commune", "commune", "district"]
    assert p["is_interagency"].tolist() == [False, False, True]


def test_survey_3_point_sheet():
    r = load.load_surveys(CORPUS / "surveys_3pt.xlsx")
    assert r.table["scale_points"].tolist() == [3, 3, 3]
    assert r.table["satisfaction_level"].tolist() == ["very_satisfied", "satisfied",
                                                      "dissatisfied"]
    assert r.table["locality_code"].tolist() == ["13285"] * 3
    assert r.table["dossier_id"].isna().all()


def test_unknown_kind_and_code_list():
    with pytest.raises(ValueError):
        load.load("claims", CORPUS / "dossiers_portal.csv")
    with pytest.raises(ValueError):
        load.load_dossiers(CORPUS / "dossiers_portal.csv", code_list="gso-1999")


def test_dossier_events(portal):
    ev = dossier_events(portal.table)
    schema.EventSchema.validate(ev, lazy=True)
    first = ev[ev["dossier_id"] == make_corpus.GOOD_ROWS[0][0]]
    assert first["event"].tolist() == ["received", "resolved", "returned"]
    withdrawn = ev[ev["dossier_id"] == make_corpus.GOOD_ROWS[4][0]]
    assert withdrawn["event"].tolist() == ["received", "withdrawn"]
    assert (ev["event"] == "apology_issued").sum() == 1


# ---------------------------------------------------------------------------- privacy

def test_personal_columns_never_reach_the_table(tmp_path):
    r = load.load_dossiers(CORPUS / "dossiers_with_personal_data.csv", hash_key="k")
    dropped = {d["column"]: d["kind"] for d in r.report["files"][0]["personal_columns_dropped"]}
    assert dropped == {"Họ tên người nộp": "name", "Số CCCD": "id_number",
                       "Số điện thoại": "phone", "Địa chỉ": "address"}
    keys = r.table["applicant_key"].tolist()
    assert keys[0] == keys[2] == privacy.keyed_hash("001099012345", "k")  # same person
    assert keys[0] != keys[1]
    assert pd.isna(keys[4])  # no ID number given
    text = r.table.to_csv() + r.quarantine.to_csv() + json.dumps(r.report, ensure_ascii=False)
    assert privacy.scan_text(text, kinds=["cccd", "phone", "vn_name", "street_address"]) == []
    rep = load.ingest("dossiers", [CORPUS / "dossiers_with_personal_data.csv"], tmp_path,
                      hash_key="k")
    assert rep["hash_key_source"] == "argument"
    assert privacy.scan_report(tmp_path, kinds=["cccd", "phone", "vn_name"]) == []
    raw = (tmp_path / "dossiers.parquet").read_bytes()
    assert b"001099012345" not in raw and "Nguyễn Văn An".encode() not in raw


# ---------------------------------------------------------------------------- benchmark smoke

def test_bench_functions_on_1000_rows(tmp_path):
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "bench" / "ingest" / "run.py"
    spec = importlib.util.spec_from_file_location("motcua_bench_ingest_run", path)
    run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run)
    gen = run.gen

    csv = gen.generate_csv(tmp_path / "d.csv", 1000, seed=3, chunk=400)
    bare = run.bare_read(csv)
    assert bare["rows"] == 1000
    res = run.pipeline(csv, tmp_path / "out")
    assert res["rows"] == 1000 and res["rows_accepted"] == 1000 and res["rows_quarantined"] == 0
    t = pd.read_parquet(tmp_path / "out" / "dossiers.parquet")
    schema.DossierSchema.validate(t, lazy=True)
    assert np.isclose(t["statutory_limit"].isin([0.5]).mean(), 1 / 9, atol=0.06)


# ---------------------------------------------------------------------------- pandera gate

def test_pandera_catches_what_the_vectorised_checks_miss(monkeypatch):
    # switch the vectorised date-order checks off: pandera (the contract) must still stop the
    # rows, with reason "schema", one line per row
    monkeypatch.setattr(convert, "ORDER_CHECKS", ())
    r = load.load_dossiers(CORPUS / "bad_resolved_before_received.csv")
    invariant(r)
    assert r.table["dossier_id"].tolist() == ["ORD-4"]
    assert r.quarantine[["row", "column", "reason"]].values.tolist() == [
        [2, "*", "schema"], [3, "*", "schema"], [4, "*", "schema"]]


def test_sampled_pandera_on_large_loads_still_removes_bad_rows(monkeypatch, tmp_path):
    monkeypatch.setattr(convert, "ORDER_CHECKS", ())
    monkeypatch.setattr(validate, "PANDERA_FULL_ROWS", 0)  # every group is "large"
    monkeypatch.setattr(validate, "PANDERA_SAMPLE_FRACTION", 1.0)
    monkeypatch.setattr(sinks, "ROW_GROUP_ROWS", 2)
    rep = load.ingest("dossiers", [CORPUS / "bad_resolved_before_received.csv",
                                   CORPUS / "bad_duplicates.csv"], tmp_path)
    assert rep["validation"]["pandera_full_rows"] == 0
    assert rep["validation"]["pandera_sampled_rows"] == 11
    t = pd.read_parquet(tmp_path / "dossiers.parquet")
    assert "ORD-1" not in set(t["dossier_id"]) and t["dossier_id"].is_unique
    assert len(t) == rep["rows_accepted"] == 6
    q = pd.read_csv(tmp_path / "quarantine.csv")
    assert q["reason"].value_counts().to_dict() == {"schema": 3, "duplicate_id": 2}
    assert rep["rows_read"] == rep["rows_accepted"] + rep["rows_quarantined"] == 11


def test_streaming_blocks_keep_row_numbers(monkeypatch, tmp_path):
    # tiny CSV blocks: many blocks, several worker threads, several row groups
    from motcua.records import read

    monkeypatch.setattr(read.delimited, "BLOCK_SIZE", 1024)
    monkeypatch.setattr(sinks, "ROW_GROUP_ROWS", 7)
    rows = []
    for i in range(200):
        r = list(make_corpus.GOOD_ROWS[i % 5])
        r[0] = f"S-{i:03d}"
        if i % 37 == 5:
            r[10] = "99"  # unknown status
        if i % 50 == 9:
            r[0] = "S-000"  # duplicate of the first row
        rows.append(r)
    p = tmp_path / "big.csv"
    p.write_text(make_corpus._csv([make_corpus.PORTAL] + rows), encoding="utf-8")
    rep = load.ingest("dossiers", [p], tmp_path / "out")
    q = pd.read_csv(tmp_path / "out" / "quarantine.csv")
    expected_status = [i + 2 for i in range(200) if i % 37 == 5]
    expected_dup = [i + 2 for i in range(200) if i % 50 == 9 and i % 37 != 5]
    assert sorted(q.loc[q["reason"] == "unknown_label", "row"]) == expected_status
    assert sorted(q.loc[q["reason"] == "duplicate_id", "row"]) == expected_dup
    t = pd.read_parquet(tmp_path / "out" / "dossiers.parquet")
    assert t["dossier_id"].tolist() == sorted(t["dossier_id"])  # file order kept
    assert rep["rows_accepted"] == len(t) == 200 - len(expected_status) - len(expected_dup)


def test_hash64_distinguishes_and_matches():
    import pyarrow as pa

    a = pa.array(["a", "b", "a", "", "abcdefghij", "abcdefghij", "abcdefghik", "abcdefgh"])
    h = dedup.hash64(a)
    assert h[0] == h[2] and h[4] == h[5]
    assert len(set(h.tolist())) == 6
    one = dedup.hash64(pa.array(["x" * 12]))[0]
    assert dedup.hash64(pa.array(["x" * 12] * 3)).tolist() == [one] * 3


def test_utf16_tab_export(tmp_path, portal):
    # Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated
    p = tmp_path / "u16.txt"
    p.write_bytes(make_corpus._csv(make_corpus._vi_rows(), "\t").encode("utf-16"))
    r = load.load_dossiers(p)
    assert r.report["files"][0]["encoding"] == "utf-16"
    assert r.report["rows_quarantined"] == 0
    pd.testing.assert_frame_equal(r.table, portal.table)


def test_malformed_rows_do_not_leak_personal_data(tmp_path):
    text = (CORPUS / "dossiers_with_personal_data.csv").read_text(encoding="utf-8")
    p = tmp_path / "cut.csv"
    p.write_text(text[: text.rindex("Phạm Thị Dung") + 20], encoding="utf-8")  # cut mid-row
    rep = load.ingest("dossiers", [p], tmp_path / "out", hash_key="k")
    assert rep["quarantine_by_reason"] == {"malformed_row": 1}
    q = pd.read_csv(tmp_path / "out" / "quarantine.csv")
    assert q.loc[0, "row"] == 6 and q.loc[0, "value"].startswith("000.00.35.H1-220203-0005")
    assert "Phạm" not in q.loc[0, "value"]
    assert privacy.scan_report(tmp_path / "out") == []
