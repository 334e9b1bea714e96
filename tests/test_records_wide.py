"""Wide survey sheets (one column per criterion, one row per form) into the long survey table."""

from __future__ import annotations

from pathlib import Path

from motcua.records import ingest, schema

CORPUS = Path(__file__).parent / "data" / "ingest"


def test_wide_sheet_becomes_long():
    r = ingest.load_surveys(CORPUS / "surveys_wide.csv")
    t = r.table
    schema.SurveySchema.validate(t, lazy=True)
    first = t[t["response_id"] == "W0"]
    assert first["criterion"].tolist() == ["Tiếp cận dịch vụ", "Thủ tục hành chính",
                                           "Công chức giải quyết", "Kết quả giải quyết"]
    assert first["satisfaction_level"].tolist() == ["very_satisfied", "satisfied", "satisfied",
                                                    "neutral"]
    assert set(t["scale_points"]) == {5}
    # W1 left one criterion blank: three answers; W3 wrote an unknown level on one
    assert len(t[t["response_id"] == "W1"]) == 3
    assert len(t[t["response_id"] == "W3"]) == 3
    q = r.quarantine
    got = sorted(zip(q["row"], q["column"], q["reason"]))
    assert got == [(4, "satisfaction_level", "missing_value"),
                   (5, "satisfaction_level", "unknown_label")]
    assert "Thủ tục hành chính" in q.loc[q["row"] == 5, "detail"].iloc[0]
    rep = r.report
    assert rep["rows_read"] == rep["rows_accepted"] + rep["rows_quarantined"]
    assert rep["rows_accepted"] == 10
    f = rep["files"][0]
    assert f["layout"] == "wide" and f["criteria"] == [
        "Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức giải quyết", "Kết quả giải quyết"]
    assert f["lines_read"] == 4 and rep["counters"]["blank_answers"] == 1
