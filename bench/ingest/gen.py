"""Synthetic portal-style dossier export for the ingest benchmark (see bench/ingest/README.md).

The columns and values imitate a provincial one-stop system's export as the national portal
names them (domain.md §1.4: ``NgayTiepNhan``, ``NgayHenTra``, ``NgayKetThucXuLy``,
``KenhThucHien``, status codes 1-10) with Vietnamese labels and day-first dates
(``28/01/2022 15:30``). Everything is generated vectorised with pyarrow/numpy in chunks, so
10 M rows take well under a minute; the values are random, not calibrated to any locality.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

#: Legacy (pre-July-2025) commune codes of Hà Nam province (GSO list of 2025-01-04), as a
#: dossier export before the merger would carry them.
COMMUNE_CODES = [
    "13285", "13291", "13294", "13303", "13306", "13309", "13315", "13318", "13366", "13426",
    "13444", "13459", "13507", "13513", "13321", "13324", "13327", "13330", "13333", "13336",
]
UNITS = [f"Bộ phận Một cửa UBND xã số {i}" for i in range(1, 21)]
FIELDS = ["Hộ tịch", "Chứng thực", "Đất đai", "Tư pháp", "Xây dựng", "Kinh doanh",
          "Lao động - Thương binh và Xã hội", "Khác"]
LIMIT_UNITS = ["Ngày làm việc", "Ngày", "Giờ", "Tháng"]

HEADER = ["MaHoSo", "MaDonViHanhChinh", "DonViTiepNhan", "MaTTHC", "LinhVuc", "KenhThucHien",
          "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTraKetQua", "TrangThaiHoSo",
          "ThoiGianGiaiQuyet", "DonViTinh", "LienThong", "NgayXinLoi"]


def _chunk(rng: np.random.Generator, start: int, n: int) -> pa.Table:
    def pick(values, p=None):
        return pa.array(np.asarray(values, dtype=object)[rng.choice(len(values), n, p=p)],
                        pa.string())

    seq = np.arange(start, start + n)
    ids = pc.binary_join_element_wise(
        "H35.", pa.array(np.char.zfill((seq % 10_000_000).astype(str), 8)), "")
    base = np.datetime64("2024-01-01T07:00:00", "s")
    received = base + rng.integers(0, 540 * 86400, n).astype("timedelta64[s]")
    due = received + (rng.integers(1, 30, n) * 86400).astype("timedelta64[s]")
    end = received + rng.integers(600, 35 * 86400, n).astype("timedelta64[s]")
    returned = end + rng.integers(0, 5 * 86400, n).astype("timedelta64[s]")

    def fmt(ts, null_share):
        s = pc.strftime(pa.array(ts, pa.timestamp("s")), format="%d/%m/%Y %H:%M")
        if null_share:
            mask = pa.array(rng.random(n) < null_share)
            s = pc.if_else(mask, pa.scalar(None, pa.string()), s)
        return s

    status = pick([str(i) for i in range(1, 11)],
                  p=[.01, .02, .01, .08, .02, .01, .02, .01, .12, .70])
    return pa.table({
        "MaHoSo": ids,
        "MaDonViHanhChinh": pick(COMMUNE_CODES),
        "DonViTiepNhan": pick(UNITS),
        "MaTTHC": pick([f"1.{i:06d}" for i in range(300)]),
        "LinhVuc": pick(FIELDS),
        "KenhThucHien": pick(["1", "2", "3"], p=[.6, .35, .05]),
        "NgayTiepNhan": fmt(received, 0),
        "NgayHenTra": fmt(due, 0.02),
        "NgayKetThucXuLy": fmt(end, 0.1),
        "NgayTraKetQua": fmt(returned, 0.25),
        "TrangThaiHoSo": status,
        "ThoiGianGiaiQuyet": pick(["1", "3", "5", "7", "10", "15", "20", "0,5", "30"]),
        "DonViTinh": pick(LIMIT_UNITS, p=[.8, .1, .05, .05]),
        "LienThong": pick(["0", "1"], p=[.9, .1]),
        "NgayXinLoi": fmt(received + np.timedelta64(40, "D"), 0.97),
    })


def generate_csv(path: Path, rows: int, seed: int = 1, chunk: int = 1_000_000) -> Path:
    """Write ``rows`` synthetic dossier rows to ``path`` (UTF-8, comma, header row)."""
    rng = np.random.default_rng(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    opts = pacsv.WriteOptions(include_header=True, quoting_style="needed")
    with pa.OSFile(str(path), "wb") as sink:
        writer = None
        for start in range(0, rows, chunk):
            t = _chunk(rng, start, min(chunk, rows - start))
            if writer is None:
                writer = pacsv.CSVWriter(sink, t.schema, write_options=opts)
            writer.write_table(t)
        if writer is None:
            raise ValueError("rows must be positive")
        writer.close()
    return path
