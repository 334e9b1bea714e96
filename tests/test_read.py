"""motcua.records.read: encodings, dialects, Excel headers, Vietnamese numbers and dates, NFC."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.records import read
from motcua.vn import vocab
from motcua.errors import InputError
from motcua.vn.numbers import parse_vn_number

CORPUS = Path(__file__).parent / "data" / "ingest"


# ---------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("name, expected", [
    ("dossiers_portal.csv", "utf-8"),
    ("dossiers_vi_bom_semicolon.csv", "utf-8-sig"),
    ("dossiers_cp1258_tab.csv", "cp1258"),
    ("dossiers_nfd.csv", "utf-8"),
])
def test_detect_encoding_on_corpus(name, expected):
    assert read.detect_encoding(CORPUS / name) == expected


def test_utf16_bom_detected(tmp_path):
    p = tmp_path / "u16.csv"
    p.write_bytes(codecs.BOM_UTF16_LE + "Mã hồ sơ\tx\r\n".encode("utf-16-le"))
    assert read.detect_encoding(p) == "utf-16"


def test_non_ascii_far_into_the_file_still_decides(tmp_path):
    # 3 MiB of ASCII, then one Windows-1258 line: the detector must scan past its first chunk
    p = tmp_path / "late.csv"
    p.write_bytes(b"a,b\n" + b"1,2\n" * (3 << 18) + b"H\xf4\xf2,1\n")  # "Hộ" in cp1258
    assert read.detect_encoding(p) == "cp1258"


def test_pure_ascii_is_utf8(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b"a,b\n1,2\n")
    assert read.detect_encoding(p) == "utf-8"


def test_cp1258_vietnamese_is_never_valid_utf8():
    # the module docstring's argument, checked on every Vietnamese letter the corpus can hold
    from tests.data.ingest.make_corpus import to_cp1258

    letters = "ạảãàáâậầấẩẫăắằặẳẵóòọõỏôộổỗồốơờớợởỡéèẻẹẽêếềệểễúùụủũưựữửừứíìịỉĩýỳỷỵỹđĐ"
    for ch in letters + letters.upper():
        b = to_cp1258(f"x{ch}y")
        with pytest.raises(UnicodeDecodeError):
            b.decode("utf-8")


def test_mixed_encoding_names_the_row():
    with pytest.raises(InputError) as e:
        read.detect_encoding(CORPUS / "bad_mixed_encoding.csv")
    assert e.value.row == 4 and "mixed encodings" in e.value.reason


def test_undecodable_bytes_are_fatal():
    with pytest.raises(InputError) as e:
        read.inspect(CORPUS / "bad_binary.csv")
    assert "neither UTF-8 nor Windows-1258" in str(e.value)


# ---------------------------------------------------------------------------- CSV / XLSX

@pytest.mark.parametrize("line, delim", [
    ("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"),
    ('"x;y",b,c', ","),  # a semicolon inside quotes does not count
    ("Mã hồ sơ;Ngày tiếp nhận", ";"), ("single", ","),
])
def test_sniff_delimiter(line, delim):
    assert read.sniff_delimiter(line) == delim


@pytest.mark.parametrize("name, reason, row", [
    ("bad_empty.csv", "empty file", 1),
    ("bad_blank_lines.csv", "empty file", 1),
    ("bad_header_only.csv", "no data rows", 2),
    ("bad_not_excel.xlsx", "cannot open as an Excel workbook", None),
])
def test_inspect_fatal(name, reason, row):
    with pytest.raises(InputError) as e:
        read.inspect(CORPUS / name)
    assert reason in e.value.reason and e.value.row == row
    assert str(e.value).startswith(str(CORPUS / name))
    assert "\n" not in str(e.value)  # one line


def test_inspect_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read.inspect(tmp_path / "nope.csv")


def test_xlsx_merged_two_row_header_is_flattened():
    is_label = lambda s: vocab.match_header(s, "dossiers") is not None  # noqa: E731
    src = read.inspect(CORPUS / "dossiers_merged_header.xlsx", is_label)
    assert src.header[6:10] == ["Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý",
                                "Ngày trả kết quả"]
    assert src.header[0] == "Mã hồ sơ" and src.header[10] == "Trạng thái"
    assert src.first_data_row == 5  # title row 1, blank row 2, header rows 3-4
    assert [vocab.match_header(h, "dossiers") for h in src.header[6:10]] == [
        "received_at", "due_at", "processing_end_at", "returned_at"]
    assert any("merged header cells flattened: G3:J3" in n for n in src.notes)


def test_xlsx_cells_become_csv_like_text():
    assert read.cell_text(0.5) == "0,5"  # Vietnamese decimal comma, so 1,125 is not 1125
    assert read.cell_text(1.125) == "1,125"
    assert read.cell_text(30.0) == "30"
    assert read.cell_text(True) == "1"
    import datetime as dt
    assert read.cell_text(dt.datetime(2022, 1, 28, 15, 30)) == "2022-01-28 15:30:00"


def test_malformed_rows_are_numbered(tmp_path):
    p = tmp_path / "m.csv"
    p.write_bytes(b"a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14,15\n")
    src = read.inspect(p)
    malformed: dict = {}
    state: dict = {}
    batches = list(read.iter_batches(src, {0: pa.string(), 2: pa.string()}, malformed, state))
    rows = np.concatenate([b.rows for b in batches])
    assert sorted(malformed) == [3, 5]
    assert rows.tolist() == [2, 4, 6]
    assert state["serial"] is True  # threaded parsing cannot number them; it switched


# ---------------------------------------------------------------------------- text

def test_clean_text_nfc_trim_empty():
    nfd = unicodedata.normalize("NFD", "Hộ tịch")
    arr = pa.array([f"  {nfd} ", "", None, "x"])
    out = read.clean_text(arr).to_pylist()
    assert out == ["Hộ tịch", None, None, "x"]
    assert unicodedata.is_normalized("NFC", out[0])
    d = pa.array([nfd, "Hộ tịch", " "]).dictionary_encode()
    assert read.as_plain_strings(read.clean_text(d)).to_pylist() == ["Hộ tịch", "Hộ tịch", None]


# ---------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("text, value", [
    ("17.391", 17391.0), ("85,90", 85.9), ("1113", 1113.0), ("99.2", 99.2), ("0,5", 0.5),
    ("1.234.567", 1234567.0), (" 3 ", 3.0), ("1 000", 1000.0), ("-2", -2.0),
])
def test_parse_vn_numbers(text, value):
    vals, bad = read.parse_vn_numbers(pa.array([text]))
    assert vals.to_pylist() == [value] and not bad.any()


@pytest.mark.parametrize("text", ["ba", "1,2,3", "12%", "1.2.3", "", "x1"])
def test_parse_vn_numbers_bad(text):
    vals, bad = read.parse_vn_numbers(pa.array([text, None]))
    assert vals.to_pylist() == [None, None]
    assert bad.tolist() == [text != "", False]


@settings(max_examples=200, deadline=None)
@given(st.one_of(
    st.integers(0, 10**9).map(lambda i: f"{i:,}".replace(",", ".")),
    st.tuples(st.integers(0, 99999), st.integers(0, 999)).map(lambda t: f"{t[0]},{t[1]}"),
    st.integers(0, 10**6).map(str),
    st.text("0123456789.,", min_size=1, max_size=8),
))
def test_vectorised_numbers_agree_with_numbers_py(text):
    vals, bad = read.parse_vn_numbers(pa.array([text]))
    try:
        expected = parse_vn_number(text)
    except ValueError:
        assert bad[0]
        return
    assert not bad[0]
    assert vals[0].as_py() == pytest.approx(float(expected.value), rel=1e-12)


def test_parse_vn_numbers_on_dictionary_column():
    arr = pa.array(["0,5", "x", "0,5", None, "17.391"]).dictionary_encode()
    vals, bad = read.parse_vn_numbers(arr)
    assert vals.to_pylist() == [0.5, None, 0.5, None, 17391.0]
    assert bad.tolist() == [False, True, False, False, False]


# ---------------------------------------------------------------------------- dates

@pytest.mark.parametrize("text, iso", [
    ("28/01/2022", "2022-01-28T00:00:00"),
    ("28/01/2022 15:30", "2022-01-28T15:30:00"),
    ("28/01/2022 15:30:12", "2022-01-28T15:30:12"),
    ("5/2/2022 8:05", "2022-02-05T08:05:00"),  # unpadded: per-value path
    ("01/02/2022", "2022-02-01T00:00:00"),  # day first, always
    ("28-01-2022", "2022-01-28T00:00:00"),
    ("28.01.2022", "2022-01-28T00:00:00"),
    ("2022-01-28", "2022-01-28T00:00:00"),
    ("2022-01-28 15:30:00", "2022-01-28T15:30:00"),
    ("2022-01-28T15:30:00", "2022-01-28T15:30:00"),
    ("2022-01-28T08:30:00Z", "2022-01-28T15:30:00"),  # UTC → Vietnam local time
    ("2022-01-28T15:30:00.250", "2022-01-28T15:30:00.250000"),
    ("44589", "2022-01-28T00:00:00"),  # Excel serial
    ("44589,5", "2022-01-28T12:00:00"),
    ("29/02/2024", "2024-02-29T00:00:00"),
])
def test_parse_vn_datetimes(text, iso):
    p = read.parse_vn_datetimes(pa.array([text]))
    assert not p.bad.any(), text
    assert np.datetime64(p.values[0].as_py()) == np.datetime64(iso)


@pytest.mark.parametrize("text, oob", [
    ("31/02/2022", False), ("29/02/2023", False), ("32/01/2022", False), ("28/13/2022", False),
    ("2022-02-30", False), ("28/01/2022 24:00", False), ("hôm qua", False), ("2022/13/01", False),
    ("03/02/1899", True), ("01/01/2100", True), ("01/01/1989", True),
])
def test_bad_dates_are_flagged_never_shifted(text, oob):
    p = read.parse_vn_datetimes(pa.array([text, "28/01/2022"]))
    assert p.bad.tolist() == [True, False], text
    assert p.out_of_range.tolist() == [oob, False]
    assert p.values[0].as_py() is None


def test_mixed_formats_in_one_column_are_parsed_per_value():
    texts = ["28/01/2022 15:30", "2022-01-29", "29-01-2022", "44591", None, "31/02/2022", ""]
    p = read.parse_vn_datetimes(read.clean_text(pa.array(texts)))
    got = [None if v is None else v.strftime("%Y-%m-%d %H:%M") for v in p.values.to_pylist()]
    assert got == ["2022-01-28 15:30", "2022-01-29 00:00", "2022-01-29 00:00",
                   "2022-01-30 00:00", None, None, None]
    assert p.bad.tolist() == [False, False, False, False, False, True, False]


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=__import__("datetime").datetime(1990, 1, 1),
                    max_value=__import__("datetime").datetime(2099, 12, 31)),
       st.sampled_from(["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y",
                        "%Y-%m-%dT%H:%M:%S"]))
def test_fixed_width_fast_path_round_trips(t, fmt):
    text = t.strftime(fmt)
    p = read.parse_vn_datetimes(pa.array([text]))
    assert p.values[0].as_py().strftime(fmt) == text
