"""Write the ingest test corpus (good fixtures and bad inputs) into this folder.

Run ``python tests/data/ingest/make_corpus.py`` after changing it; the files are committed so a
reader can open them, and ``tests/test_load.py`` checks that every file here is exactly what
this script writes (the XLSX files are saved with fixed timestamps to make that possible).

Localities are real codes of the pre-July-2025 list (gso-2025-01-04): 13285 Phường Quang Trung
and 13291 Phường Lê Hồng Phong, both in Thành phố Phủ Lý (347), Tỉnh Hà Nam (35). After the
merger 13285 is Phường Phủ Lý (gso-2025-07-01). Names, ID and phone numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent

PORTAL = ["MaHoSo", "MaDonViHanhChinh", "DonViTiepNhan", "MaTTHC", "LinhVuc", "KenhThucHien",
          "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTraKetQua", "TrangThaiHoSo",
          "ThoiGianGiaiQuyet", "DonViTinh", "LienThong", "NgayXinLoi"]
UNIT = "Bộ phận Một cửa UBND phường Quang Trung"

GOOD_ROWS = [
    # id, code, unit, procedure, field, channel, received, due, end, returned, status, limit,
    # limit unit, interagency, apology
    ["000.00.35.H1-220128-0001", "13285", UNIT, "1.000894", "Hộ tịch", "1", "28/01/2022 15:30",
     "29/01/2022 17:00", "29/01/2022 10:00", "29/01/2022 14:00", "10", "1", "Ngày làm việc",
     "0", ""],
    ["000.00.35.H1-220128-0002", "13285", UNIT, "2.000815", "Chứng thực", "2",
     "28/01/2022 16:05", "01/02/2022 17:00", "31/01/2022 09:12", "", "9", "0,5", "Ngày làm việc",
     "", ""],
    ["000.00.35.H1-220201-0003", "13291", UNIT, "1.003003", "Đất đai", "3", "01/02/2022 08:00",
     "15/03/2022 17:00", "", "", "4", "30", "Ngày", "1", ""],
    ["000.00.35.H1-220202-0004", "13291", UNIT, "1.001612", "Xây dựng", "", "02/02/2022 09:30",
     "16/02/2022 17:00", "20/02/2022 10:00", "21/02/2022 08:00", "10", "10", "Ngày làm việc",
     "0", "17/02/2022 08:00"],
    ["000.00.35.H1-220203-0005", "13285", UNIT, "1.000656", "Tư pháp", "1", "03/02/2022 10:00",
     "03/02/2022 18:00", "03/02/2022 11:00", "", "7", "8", "Giờ", "0", ""],
]


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed (â ê ô ơ ư ă đ), tone marks as
    separate combining characters (cp1258 has no precomposed toned vowels)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in d if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def _csv(rows: list[list[str]], delim: str = ",") -> str:
    def cell(v: str) -> str:
        return f'"{v}"' if (delim in v or '"' in v or "\n" in v) else v

    return "".join(delim.join(cell(v) for v in r) + "\r\n" for r in rows)


VI_HEADERS = ["Mã hồ sơ", "Mã đơn vị hành chính", "Đơn vị tiếp nhận", "Mã thủ tục",
              "Lĩnh vực", "Kênh thực hiện", "Ngày tiếp nhận", "Ngày hẹn trả",
              "Ngày kết thúc xử lý", "Ngày trả kết quả", "Trạng thái", "Thời hạn giải quyết",
              "Đơn vị tính", "Liên thông", "Ngày xin lỗi"]
EN_HEADERS = ["dossier_id", "locality_code", "reception_unit", "procedure_id", "field_code",
              "channel", "received_at", "due_at", "processing_end_at", "returned_at", "status",
              "statutory_limit", "limit_unit", "is_interagency", "apology_issued_at"]
STATUS_VI = {"10": "Đã trả kết quả", "9": "Đã xử lý xong", "4": "Đang xử lý",
             "7": "Công dân yêu cầu rút hồ sơ"}
CHANNEL_VI = {"1": "Trực tiếp", "2": "Trực tuyến", "3": "Bưu chính công ích", "": ""}


def _vi_rows() -> list[list[str]]:
    out = [VI_HEADERS]
    for r in GOOD_ROWS:
        r = list(r)
        r[5] = CHANNEL_VI[r[5]]
        r[10] = STATUS_VI[r[10]]
        r[13] = {"1": "Có", "0": "Không", "": ""}[r[13]]
        out.append(r)
    return out


def text_files() -> dict[str, bytes]:
    """Every CSV/TXT file of the corpus: name → bytes."""
    f: dict[str, bytes] = {}
    portal = [PORTAL] + GOOD_ROWS
    # --- good inputs
    f["dossiers_portal.csv"] = _csv(portal).encode("utf-8")
    f["dossiers_vi_bom_semicolon.csv"] = b"\xef\xbb\xbf" + _csv(_vi_rows(), ";").encode("utf-8")
    f["dossiers_cp1258_tab.csv"] = to_cp1258(_csv(_vi_rows(), "\t"))
    f["dossiers_nfd.csv"] = unicodedata.normalize("NFD", _csv(_vi_rows())).encode("utf-8")
    en = [EN_HEADERS]
    for r in GOOD_ROWS:
        r = list(r)
        r[4] = {"Hộ tịch": "civil_status", "Chứng thực": "certification", "Đất đai": "land",
                "Xây dựng": "construction", "Tư pháp": "justice"}[r[4]]
        r[5] = {"1": "in_person", "2": "online", "3": "postal", "": ""}[r[5]]
        for i in (6, 7, 8, 9, 14):
            if r[i]:
                r[i] = dt.datetime.strptime(r[i], "%d/%m/%Y %H:%M").isoformat()
        r[10] = {"10": "returned", "9": "resolved", "4": "in_progress", "7": "withdrawn"}[r[10]]
        r[11] = r[11].replace(",", ".") if r[11] != "0,5" else "0,5"
        r[12] = {"Ngày làm việc": "working_day", "Ngày": "day", "Giờ": "hour"}[r[12]]
        en.append(r)
    f["dossiers_english.csv"] = _csv(en).encode("utf-8")
    # personal data columns in the export: dropped (never read), the ID hashed
    pii = [PORTAL[:4] + ["Họ tên người nộp", "Số CCCD", "Số điện thoại", "Địa chỉ"] + PORTAL[4:]]
    people = [("Nguyễn Văn An", "001099012345", "0912345678", "Số 12 ngõ 34 phố Lê Lợi"),
              ("Trần Thị Bình", "035188004321", "+84 983 111 222", "Thôn Đông, xã Kim Bình"),
              ("Nguyễn Văn An", "001099012345", "0912345678", "Số 12 ngõ 34 phố Lê Lợi"),
              ("Lê Văn Cường", "035200009999", "0226 3851 234", "Tổ 5 phường Quang Trung"),
              ("Phạm Thị Dung", "", "", "")]
    for r, p in zip(GOOD_ROWS, people):
        pii.append(r[:4] + list(p) + r[4:])
    f["dossiers_with_personal_data.csv"] = _csv(pii).encode("utf-8")
    # locality by name, and rows after the merger (new code list, by date)
    byname = [PORTAL[:1] + ["Đơn vị hành chính"] + PORTAL[2:]]
    byname.append([GOOD_ROWS[0][0], "Phường Quang Trung, Thành phố Phủ Lý, Tỉnh Hà Nam"]
                  + GOOD_ROWS[0][2:])
    r = list(GOOD_ROWS[1])
    r[1] = "Phường Phủ Lý, Tỉnh Ninh Bình"
    r[6:10] = ["15/07/2025 08:00", "16/07/2025 17:00", "16/07/2025 10:00", ""]
    byname.append(r)
    r = list(GOOD_ROWS[2])
    r[1] = "Xã Tân Sơn"  # 8 units of that name before the merger: ambiguous
    byname.append(r)
    f["dossiers_locality_names.csv"] = _csv(byname).encode("utf-8")

    # --- bad inputs
    f["bad_empty.csv"] = b""
    f["bad_blank_lines.csv"] = b"\r\n \r\n"
    f["bad_header_only.csv"] = _csv([PORTAL]).encode("utf-8")
    f["bad_missing_column.csv"] = _csv([[h for h in PORTAL if h != "NgayTiepNhan"]]
                                       + [r[:6] + r[7:] for r in GOOD_ROWS]).encode("utf-8")
    # the last line cut short (download interrupted)
    full = _csv(portal).encode("utf-8")
    f["bad_truncated.csv"] = full[: full.rindex(b"\r\n", 0, len(full) - 2) + 60]
    # cut in the middle of a two-byte character (the "ộ" of "Bộ phận": 0xE1 0xBB 0x99)
    cut = full.index("Bộ".encode("utf-8"), len(_csv([PORTAL] + GOOD_ROWS[:4]).encode()))
    f["bad_truncated_in_char.csv"] = full[: cut + 2]
    # a UTF-8 file with one line saved from a Windows-1258 program
    lines = _csv(portal).split("\r\n")
    f["bad_mixed_encoding.csv"] = ("\r\n".join(lines[:3]) + "\r\n").encode("utf-8") \
        + to_cp1258(lines[3].replace("Hộ tịch", "Hộ tịch ộ") + "\r\n") \
        + ("\r\n".join(lines[4:])).encode("utf-8")
    f["bad_binary.csv"] = bytes(range(0x80, 0x100)) * 4
    mixed = [PORTAL]
    dates = ["28/01/2022 15:30", "2022-01-29", "29-01-2022", "44591", "30/01/2022 8:05:10",
             "31/02/2022", "2022/13/01", "hôm qua", "01/02/2022", "2022-02-02T09:30:00.123Z",
             "5/2/2022", "03/02/1899"]
    for i, d in enumerate(dates):
        r = list(GOOD_ROWS[0])
        r[0] = f"MIX-{i:02d}"
        r[6], r[7], r[8], r[9] = d, "", "", ""
        r[10] = "4"
        mixed.append(r)
    f["bad_mixed_dates.csv"] = _csv(mixed).encode("utf-8")
    dup = [PORTAL] + GOOD_ROWS + [GOOD_ROWS[1], GOOD_ROWS[3]]
    f["bad_duplicates.csv"] = _csv(dup).encode("utf-8")
    order = [PORTAL]
    r = list(GOOD_ROWS[0])
    r[0], r[8] = "ORD-1", "27/01/2022 10:00"  # resolved the day before receipt
    order.append(r)
    r = list(GOOD_ROWS[0])
    r[0], r[9] = "ORD-2", "28/01/2022 15:00"  # returned half an hour before receipt
    order.append(r)
    r = list(GOOD_ROWS[0])
    r[0], r[7] = "ORD-3", "27/01/2022 17:00"  # due before receipt
    order.append(r)
    r = list(GOOD_ROWS[0])
    r[0] = "ORD-4"  # fine
    order.append(r)
    f["bad_resolved_before_received.csv"] = _csv(order).encode("utf-8")
    unk = [PORTAL]
    for i, (status, channel, field, unit, limit) in enumerate([
            ("11", "1", "Hộ tịch", "Ngày", "3"), ("Đã hủy", "1", "Hộ tịch", "Ngày", "3"),
            ("10", "4", "Hộ tịch", "Ngày", "3"), ("10", "1", "Thiên văn", "Ngày", "3"),
            ("10", "1", "Hộ tịch", "Tuần", "3"), ("10", "1", "Hộ tịch", "Ngày", "ba"),
            ("10", "1", "Hộ tịch", "Ngày", "-2"), ("", "1", "Hộ tịch", "Ngày", "3")]):
        r = list(GOOD_ROWS[0])
        r[0], r[10], r[5], r[4], r[12], r[11] = f"UNK-{i}", status, channel, field, unit, limit
        unk.append(r)
    f["bad_unknown_labels.csv"] = _csv(unk).encode("utf-8")
    loc = [PORTAL]
    for i, code in enumerate(["13285", "99999", "13", "", "1328"]):
        r = list(GOOD_ROWS[0])
        r[0], r[1] = f"LOC-{i}", code
        loc.append(r)
    f["bad_unknown_localities.csv"] = _csv(loc).encode("utf-8")
    f["bad_not_excel.xlsx"] = b"PK\x03\x04 this is not a zip archive"

    # --- surveys and procedures
    sv = [["Mã phiếu", "Mã đơn vị hành chính", "Đơn vị tiếp nhận", "Mã hồ sơ", "Ngày đánh giá",
           "Tiêu chí", "Mức độ hài lòng"]]
    levels = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng",
              "Hài lòng", "Tuyệt vời"]
    for i, lv in enumerate(levels):
        for crit in ("Thái độ phục vụ", "Thời gian giải quyết"):
            sv.append([f"P{i:03d}", "13285", UNIT, GOOD_ROWS[i % 5][0], f"0{1 + i % 9}/03/2022",
                       crit, lv])
    sv.append(sv[1])  # the same answer twice
    f["surveys_5pt.csv"] = _csv(sv).encode("utf-8")
    pr = [["Mã TTHC", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết",
           "Đơn vị tính", "Mức độ DVC", "Mức độ", "Liên thông"],
          ["1.000894", "Đăng ký khai sinh", "Hộ tịch", "Cấp xã", "1", "Ngày làm việc",
           "Toàn trình", "Mức độ 4", "Không"],
          ["2.000815", "Chứng thực bản sao từ bản chính", "Chứng thực", "Cấp xã", "0,5",
           "Ngày làm việc", "Một phần", "Mức độ 3", "Không"],
          ["1.003003", "Đăng ký biến động đất đai", "Đất đai", "Cấp huyện", "10", "Ngày",
           "Một phần", "Mức độ 3", "Có"],
          ["1.000894", "Đăng ký khai sinh (bản trùng)", "Hộ tịch", "Cấp xã", "1", "Ngày", "",
           "", ""],
          ["9.999999", "Thủ tục lạ", "Hộ tịch", "Cấp thôn", "1", "Ngày", "", "Mức độ 7", ""]]
    f["procedures.csv"] = _csv(pr).encode("utf-8")
    f.update(real_world_text_files())
    return f


# ------------------------------------------------------------------ exports as people make them

#: Offices as exports name them, in Huyện Quảng Điền (477), Thừa Thiên Huế (46), pre-2025 list:
#: 19870 Xã Quảng Thái, 19867 Thị trấn Sịa, 19882 Xã Quảng Phước, 19888 Xã Quảng An.
#: "xã Quảng Thái" also exists in Quảng Bình and "xã Quảng An" in two more provinces, so
#: they resolve only within a scope; "xã Quảng Phước" and the district centre are unique.
OFFICES = ["UBND xã Quảng Thái", "Bộ phận một cửa UBND thị trấn Sịa",
           "Trung tâm Hành chính công huyện Quảng Điền", "Bộ phận Một cửa UBND xã Quảng Phước",
           "UBND xã Quảng An"]
OFFICE_HEADER = ["Số hồ sơ", "Cơ quan thực hiện", "Mã thủ tục", "Lĩnh vực", "Kênh thực hiện",
                 "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả",
                 "Trạng thái", "Thời hạn giải quyết", "Đơn vị tính"]
#: criteria of the SIPAS-style wide survey sheet (one column per criterion)
WIDE_CRITERIA = ["Tiếp cận dịch vụ", "Thủ tục hành chính", "Công chức giải quyết",
                 "Kết quả giải quyết"]


def _office_rows(offices: list[str]) -> list[list[str]]:
    rows = [OFFICE_HEADER]
    for i, office in enumerate(offices):
        g = GOOD_ROWS[i % 5]
        rows.append([f"QD-{i:03d}", office, g[3], g[4], CHANNEL_VI[g[5]], g[6], g[7], g[8], g[9],
                     STATUS_VI[g[10]], g[11], g[12]])
    return rows


def stray_quote_rows() -> list[list[str]]:
    """Ten portal rows; row 5 of the file opens a quotation mark in a cell and never closes it
    (written raw, the way a careless export writes a cell someone typed with a quote)."""
    rows = [PORTAL]
    for i in range(10):
        r = list(GOOD_ROWS[i % 5])
        r[0] = f"SQ-{i:02d}"
        rows.append(r)
    return rows


def real_world_text_files() -> dict[str, bytes]:
    """Text exports of the kinds offices really send (see docs/records.md)."""
    f: dict[str, bytes] = {}
    rows = stray_quote_rows()
    lines = _csv(rows).split("\r\n")
    cells = lines[4].split(",")
    cells[2] = '"UBND phường Quang Trung'  # opens a quote, never closes it
    lines[4] = ",".join(cells)
    f["bad_stray_quote.csv"] = "\r\n".join(lines).encode("utf-8")
    f["dossiers_offices.csv"] = _csv(_office_rows(OFFICES + ["UBND xã Không Có Thật"])) \
        .encode("utf-8")
    f["dossiers_offices_ambiguous.csv"] = _csv(_office_rows(
        ["UBND xã Quảng Thái", "UBND xã Quảng An", "UBND xã Quảng Thái"])).encode("utf-8")
    wide = [["Mã phiếu", "Ngày đánh giá", "Mã ĐVHC", "Đơn vị tiếp nhận"] + WIDE_CRITERIA]
    answers = [["Rất hài lòng", "Hài lòng", "Hài lòng", "Bình thường"],
               ["Không hài lòng", "", "Hài lòng", "Rất hài lòng"],
               ["", "", "", ""],
               ["Hài lòng", "Tuyệt vời", "Hài lòng", "Hài lòng"]]
    for i, a in enumerate(answers):
        wide.append([f"W{i}", f"0{i + 1}/03/2022", "13285", UNIT] + a)
    f["surveys_wide.csv"] = _csv(wide).encode("utf-8")
    pii = [PORTAL + ["Ghi chú"]]
    notes = ["Chị Lan gọi 0912 345 678", "CCCD 001099012345 của ông Trần Văn Bình", "", "", ""]
    for i, (r, note) in enumerate(zip(GOOD_ROWS, notes)):
        r = list(r)
        if i == 1:
            r[2] = f"{UNIT} (cán bộ Nguyễn Văn Bình, ĐT 0912.345.678)"
        if i == 3:
            r[10] = "Gọi lại 0987654321"  # an unknown status that is a phone number
        pii.append(r + [note])
    f["dossiers_free_text_pii.csv"] = _csv(pii).encode("utf-8")
    return f


def _save_stable(wb, path: Path) -> None:
    """Save a workbook byte-for-byte reproducibly (fixed document and zip-entry timestamps)."""
    import io
    import zipfile

    stamp = dt.datetime(2025, 1, 1)
    wb.properties.created = wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" at save
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2025-01-01T00:00:00Z", data)
            zout.writestr(zi, data)
    path.write_bytes(out.getvalue())


def write_xlsx() -> None:
    """The Excel fixtures: a plain export with date cells and a two-row merged header."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PORTAL)
    for r in GOOD_ROWS:
        row: list = list(r)
        for i in (6, 7, 8, 9, 14):  # real Excel date cells
            row[i] = dt.datetime.strptime(r[i], "%d/%m/%Y %H:%M") if r[i] else None
        row[10] = int(r[10])
        row[11] = float(r[11].replace(",", ".")) if r[11] != "1" else 1
        ws.append(row)
    ws["G3"] = 44589.5  # an Excel serial number where a date cell lost its format
    _save_stable(wb, HERE / "dossiers.xlsx")

    # title rows, then a merged group header "Ngày" over four sub-columns, and the other
    # headers merged vertically over two rows (a layout Vietnamese report templates use)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ"
    ws.merge_cells("A1:M1")
    top = ["Mã hồ sơ", "Mã ĐVHC", "Đơn vị tiếp nhận", "Mã thủ tục", "Lĩnh vực", "Kênh",
           "Ngày", None, None, None, "Trạng thái", "Thời hạn giải quyết", "Đơn vị tính"]
    sub = [None] * 6 + ["tiếp nhận", "hẹn trả", "kết thúc xử lý", "trả kết quả"] + [None] * 3
    for c, v in enumerate(top, start=1):
        ws.cell(row=3, column=c, value=v)
        ws.cell(row=4, column=c, value=sub[c - 1])
    ws.merge_cells("G3:J3")
    for col in "ABCDEFKLM":
        ws.merge_cells(f"{col}3:{col}4")
    for r in _vi_rows()[1:]:
        ws.append(r[:13])
    _save_stable(wb, HERE / "dossiers_merged_header.xlsx")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Số phiếu", "Địa bàn", "Bộ phận tiếp nhận", "Ngày đánh giá", "Tiêu chí",
               "Kết quả đánh giá", "Thang điểm"])
    for i, lv in enumerate(["Rất hài lòng", "Hài lòng", "Không hài lòng", "Bình thường"]):
        ws.append([f"H{i}", "Phường Quang Trung, Thành phố Phủ Lý", UNIT,
                   dt.datetime(2019, 3, 1 + i), "Tổng thể", lv, 3])
    _save_stable(wb, HERE / "surveys_3pt.xlsx")
    write_workbooks()


def _excel_rows(rows: list[list[str]]) -> list[list]:
    """Portal rows as an office's Excel file holds them: date cells, number cells."""
    out = []
    for r in rows:
        row: list = list(r)
        for i in (6, 7, 8, 9, 14):
            row[i] = dt.datetime.strptime(r[i], "%d/%m/%Y %H:%M") if r[i] else None
        row[10] = int(r[10])
        row[11] = float(r[11].replace(",", "."))
        out.append(row)
    return out


def write_workbooks() -> None:
    """Workbooks as offices keep them: a sheet per quarter, a summary sheet beside the data,
    formulas saved without their values (what a program that does not compute writes)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, part in (("Quý 1", GOOD_ROWS[:2]), ("Quý 2", GOOD_ROWS[2:4]),
                       ("Quý 3", GOOD_ROWS[4:]), ("Quý 4", [])):
        ws = wb.create_sheet(name)
        ws.append(PORTAL)
        for row in _excel_rows(part):
            ws.append(row)
    _save_stable(wb, HERE / "dossiers_quarters.xlsx")

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, part in (("Quý 1", GOOD_ROWS[:3]), ("Quý 2", GOOD_ROWS[3:])):
        ws = wb.create_sheet(name)
        ws.append(PORTAL)
        for row in _excel_rows(part):
            ws.append(row)
    ws = wb.create_sheet("Tổng hợp")
    ws.append(["Lĩnh vực", "Số hồ sơ", "Đúng hạn"])
    ws.append(["Hộ tịch", 1, 1])
    _save_stable(wb, HERE / "dossiers_with_summary.xlsx")

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PORTAL)
    for i, row in enumerate(_excel_rows(GOOD_ROWS), start=2):
        if i in (3, 5):
            row[7] = f"=G{i}+5"  # due date = received + 5 days, no cached value
        ws.append(row)
    _save_stable(wb, HERE / "dossiers_formulas.xlsx")


def write_xls() -> bool:
    """The portal rows as an old binary workbook (BIFF8, .xls). Needs ``xlwt`` (not a project
    dependency: ``pip install --target /tmp/xlwt xlwt==1.3.0`` and put it on PYTHONPATH);
    returns False when it is missing."""
    try:
        import xlwt
    except ImportError:
        return False
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    date = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    for c, h in enumerate(PORTAL):
        ws.write(0, c, h)
    for r, row in enumerate(_excel_rows(GOOD_ROWS), start=1):
        for c, v in enumerate(row):
            if isinstance(v, dt.datetime):
                ws.write(r, c, v, date)
            elif v is not None:
                ws.write(r, c, v)
    wb.save(str(HERE / "dossiers.xls"))
    return True


def ods_bytes(sheets: dict[str, list[list]]) -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice saves as .ods): string, float and
    date cells; written by hand so that no ODF library is needed."""
    import io
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

    def cell(v) -> str:
        if v is None or v == "":
            return "<table:table-cell/>"
        if isinstance(v, dt.datetime):
            return (f'<table:table-cell office:value-type="date" office:date-value='
                    f'"{v.isoformat()}"><text:p>{v:%d/%m/%Y %H:%M}</text:p></table:table-cell>')
        if isinstance(v, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{v}">'
                    f'<text:p>{v}</text:p></table:table-cell>')
        return (f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}'
                f'</text:p></table:table-cell>')

    body = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>"
                  for r in rows) + "</table:table>"
        for name, rows in sheets.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
               f'office:version="1.2"><office:body><office:spreadsheet>{body}'
               f'</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        stamp = (2025, 1, 1, 0, 0, 0)
        z.writestr(zipfile.ZipInfo("mimetype", stamp),
                   "application/vnd.oasis.opendocument.spreadsheet")
        for name, data in (("META-INF/manifest.xml", manifest), ("content.xml", content)):
            zi = zipfile.ZipInfo(name, stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data.encode("utf-8"))
    return out.getvalue()


def binary_files() -> dict[str, bytes]:
    """Workbooks written without a spreadsheet library (reproducible byte for byte)."""
    return {"dossiers.ods": ods_bytes({"Sheet1": [PORTAL] + _excel_rows(GOOD_ROWS)})}


XLSX_FILES = ("dossiers.xlsx", "dossiers_merged_header.xlsx", "surveys_3pt.xlsx",
              "dossiers_quarters.xlsx", "dossiers_with_summary.xlsx", "dossiers_formulas.xlsx")


def main() -> None:
    for name, data in {**text_files(), **binary_files()}.items():
        (HERE / name).write_bytes(data)
    write_xlsx()
    if not write_xls():
        print("xlsx/ods/csv written; dossiers.xls kept (xlwt is not installed)")


if __name__ == "__main__":
    main()
