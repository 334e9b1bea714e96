"""motcua.vn.privacy: detectors, keyed hash, header classification, report scanning."""

from __future__ import annotations

import base64

import pytest

from motcua.vn import privacy
from motcua.vn import vocab


@pytest.mark.parametrize("text, kind", [
    ("CCCD số 001099012345 cấp ngày", "cccd"),
    ("CMND: 123456789.", "cmnd"),
    ("Điện thoại 0912345678", "phone"),
    ("ĐT: 0912 345 678", "phone"),
    ("gọi 0912.345.678 nhé", "phone"),
    ("số +84 983 111 222", "phone"),
    ("máy bàn 0226 3851 234", "phone"),
    ("email an.nguyen@gmail.com", "email"),
    ("Họ và tên: Nguyễn Văn An", "labelled_name"),
    ("Người nộp hồ sơ: Trần Thị Bình", "labelled_name"),
    ("ông Nguyễn Văn Khoa đến nộp", "vn_name"),
    ("Địa chỉ: thôn Đông, xã Kim Bình", "labelled_address"),
    ("nhà số 12 ngõ 34 phố Lê Lợi", "street_address"),
    ("hẻm 45/12 đường Trần Hưng Đạo", "street_address"),
])
def test_detects(text, kind):
    hits = privacy.scan_text(text)
    assert kind in {h.kind for h in hits}, hits


@pytest.mark.parametrize("text", [
    "Tiếp nhận 17.391 hồ sơ, đạt 85,90%",
    "tỷ lệ 99,2% và 1113 hồ sơ",
    "ngày 28/01/2022 15:30",
    "mã hồ sơ 000.00.35.H1-220128-0001",
    "khóa a3f09b12c4d5e6f70812",  # a hash token with a digit run inside
    "thời điểm 1643383800000000000 ns",  # a 19-digit timestamp
    "ngân sách 1.500.000.000 đồng",
    "mã xã 13285, tỉnh 35, thủ tục 1.000894",
    "Tỉnh Bà Rịa - Vũng Tàu, huyện Văn Bàn",
    "Phường Lương Văn Tri (mã 05983), đường Lê Văn Lương, Trường Nguyễn Thị Minh Khai",
])
def test_no_false_positives_on_report_like_text(text):
    assert privacy.scan_text(text) == []


def test_hits_are_masked_and_located():
    hits = privacy.scan_text("dòng 1\nCCCD 001099012345")
    assert len(hits) == 1
    h = hits[0]
    assert h.line == 2 and h.masked == "00********45" and "001099012345" not in str(h)


def test_scan_text_rejects_unknown_kind():
    with pytest.raises(ValueError):
        privacy.scan_text("x", kinds=["ssn"])


def test_nfd_text_is_scanned():
    import unicodedata

    text = unicodedata.normalize("NFD", "Họ và tên: Nguyễn Văn An")
    assert {h.kind for h in privacy.scan_text(text)} >= {"labelled_name"}


def test_keyed_hash_properties(monkeypatch):
    a = privacy.keyed_hash("0912345678", "k1")
    assert a == privacy.keyed_hash("+84 912 345 678", "k1")  # same number, other notation
    assert a == privacy.keyed_hash("0912.345.678", b"k1")
    assert a != privacy.keyed_hash("0912345678", "k2")
    assert len(a) == privacy.TOKEN_HEX and int(a, 16) >= 0
    import hashlib
    import hmac
    assert a == hmac.new(b"k1", b"0912345678", hashlib.sha256).hexdigest()[:20]
    monkeypatch.setenv(privacy.KEY_ENV, "k1")
    assert privacy.keyed_hash("0912345678") == a
    assert privacy.resolve_key()[1] == "env"
    monkeypatch.delenv(privacy.KEY_ENV)
    key, source = privacy.resolve_key()
    assert source == "ephemeral" and len(key) == 32 and key not in (b"k1", b"")


def test_hash_values_keeps_nulls_and_reuses_tokens():
    out = privacy.hash_values(["a", None, "a", "", "b"], "k")
    assert out[0] == out[2] and out[1] is None and out[3] is None and out[4] != out[0]


@pytest.mark.parametrize("header, kind", [
    ("Họ tên người nộp", "name"), ("HoTen", "name"), ("Chủ hồ sơ", "name"),
    ("Số CCCD", "id_number"), ("CMND/CCCD", "id_number"), ("Số định danh", "id_number"),
    ("Số điện thoại", "phone"), ("SDT", "phone"), ("Email", "email"),
    ("Địa chỉ thường trú", "address"), ("DiaChi", "address"), ("Ngày sinh", "birth"),
    ("Mã hồ sơ", None), ("Ngày tiếp nhận", None), ("Đơn vị tiếp nhận", None), ("", None),
])
def test_personal_header_kind(header, kind):
    assert privacy.personal_header_kind(header) == kind


def test_no_contract_header_label_is_personal():
    for kind, table in vocab.HEADERS.items():
        for folded in table:
            assert privacy.personal_header_kind(folded) is None, (kind, folded)


def test_scan_report_ignores_embedded_images_and_walks_dirs(tmp_path):
    blob = base64.b64encode(bytes(range(256)) * 200).decode()
    (tmp_path / "a.html").write_text(
        f'<p>ok 17.391</p>\n<img src="data:image/png;base64,{blob}">\n<p>clean</p>',
        encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.md").write_text("line\nSĐT 0912345678\n", encoding="utf-8")
    (sub / "c.png").write_bytes(b"0912345678")  # binary: not scanned
    hits = privacy.scan_report(tmp_path)
    assert [(h.kind, h.line) for h in hits] == [("phone", 2)]
    assert privacy.scan_report(tmp_path / "a.html") == []


def test_redact_text():
    out = privacy.redact_text("Gọi 0912345678 hoặc email a@b.vn", key="k")
    assert "0912345678" not in out and "a@b.vn" not in out
    assert f"[phone:{privacy.keyed_hash('0912345678', 'k')}]" in out
    assert privacy.scan_text(out) == []


def test_scan_report_decodes_json_escapes(tmp_path):
    import json

    nb = {"cells": [{"outputs": [{"text": "Họ và tên: Nguyễn Văn An"}]}]}
    (tmp_path / "r.ipynb").write_text(json.dumps(nb), encoding="utf-8")  # ASCII + \u escapes
    assert "\\u" in (tmp_path / "r.ipynb").read_text(encoding="utf-8")
    kinds = {h.kind for h in privacy.scan_report(tmp_path / "r.ipynb")}
    assert {"labelled_name", "vn_name"} <= kinds


def test_decimal_columns_are_not_phone_numbers():
    # a text table of rates ("0.9973 0.0090") once matched the phone pattern in a report
    from motcua.vn.privacy import scan_text

    assert scan_text("received_cohort    0.9883          qd766    0.9973 0.0090") == []
    assert [h.kind for h in scan_text("ĐT: 0912.345.678")] == ["phone"]
