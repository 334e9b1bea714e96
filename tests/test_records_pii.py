"""Personal data inside free-text cells: masked in the clean table, never written raw into the
quarantine, the report or any other output."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from motcua.records import ingest
from motcua.vn import privacy

CORPUS = Path(__file__).parent / "data" / "ingest"
PLANTED = ["0912 345 678", "0912.345.678", "0912345678", "001099012345", "0987654321",
           "Nguyễn Văn Bình", "Trần Văn Bình"]


def test_free_text_personal_data_is_masked_everywhere(tmp_path):
    rep = ingest.ingest("dossiers", [CORPUS / "dossiers_free_text_pii.csv"], tmp_path,
                        hash_key="k")
    t = pd.read_parquet(tmp_path / "dossiers.parquet")
    unit = t.loc[t["dossier_id"] == "000.00.35.H1-220128-0002", "reception_unit"].iloc[0]
    assert unit.startswith("Bộ phận Một cửa UBND phường Quang Trung")
    assert "[phone:" in unit and "0912" not in unit and "Nguyễn Văn Bình" not in unit
    q = pd.read_csv(tmp_path / "quarantine.csv", dtype=str)
    assert q["reason"].tolist() == ["unknown_label"]
    assert "[phone:" in q.loc[0, "value"] and "[phone:" in q.loc[0, "detail"]
    for f in tmp_path.iterdir():
        raw = f.read_bytes()
        for s in PLANTED:
            assert s.encode() not in raw, (f.name, s)
    assert privacy.scan_report(tmp_path, kinds=["cccd", "phone", "vn_name"]) == []
    assert rep["counters"]["personal_data_masked"] >= 1


def test_mask_free_text_masks_names_next_to_numbers():
    out = privacy.mask_free_text("Chị Lan 0912345678, gọi sau", key="k")
    assert "0912345678" not in out and "Lan" not in out
    assert privacy.mask_free_text("UBND phường Lương Văn Tri", key="k") == \
        "UBND phường Lương Văn Tri"
    assert privacy.mask_free_text("Bộ phận một cửa số 3", key="k") == "Bộ phận một cửa số 3"
