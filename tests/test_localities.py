"""motcua.vn.localities, place_names and crosswalk: code lists of two vintages, name matching,
and the 2025 crosswalk.

Facts checked here come from data/real/vietnamadminunits-1.0.4/SOURCE.md (the nine "Check"
pairs, which agree with the official GSO conversion table) and docs/domain.md §8 (63 → 34
provinces, 10,035 → 3,321 commune-level units). Nothing here reads outside the repository.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

from motcua.vn import crosswalk as C
from motcua.vn import localities as L
from motcua.vn.crosswalk import crosswalk_2025
from motcua.vn.localities import (
    lookup,
    resolve_name,
    units_table,
    units_within,
)
from motcua.vn.place_names import normalize_name

OLD, NEW = "gso-2025-01-04", "gso-2025-07-01"


# ---------------------------------------------------------------------------------------------
# the shipped copy


def test_shipped_copy_has_source_note_and_licence():
    for name in ("SOURCE.md", "LICENSE", *L.CODE_LISTS.values(), C.CROSSWALK_FILE):
        assert (L.DATA_DIR / name).is_file(), name
    assert "MIT" in (L.DATA_DIR / "LICENSE").read_text(encoding="utf-8")


def test_codes_are_strings_with_leading_zeros():
    table = units_table(OLD)
    assert table["code"].dtype == "str"
    assert "00001" in set(table["code"])  # Phường Phúc Xá, Hà Nội
    assert lookup("00001", OLD).name == "Phường Phúc Xá"
    assert lookup("01", OLD).name == "Thành phố Hà Nội"
    with pytest.raises(TypeError):
        lookup(1, OLD)
    with pytest.raises(ValueError):
        lookup("01", "gso-1999")


def test_counts_before_and_after_the_merger():
    old, new = units_table(OLD), units_table(NEW)
    communes = ("commune", "ward", "township")
    assert (old["level"] == "province").sum() == 63
    assert (old["level"] == "district").sum() == 696
    assert old["level"].isin(communes).sum() == 10_035
    assert (new["level"] == "province").sum() == 34
    assert (new["level"] == "district").sum() == 0
    assert new["level"].isin(communes).sum() == 3_321
    assert (new["unit_type"] == "Đặc khu").sum() == 13  # special zones: commune level
    assert set(new.loc[new["unit_type"] == "Đặc khu", "level"]) == {"commune"}


# ---------------------------------------------------------------------------------------------
# names


@pytest.mark.parametrize("a, b", [
    ("Xã Nguyễn Uý", "P. Nguyễn Úy"),
    ("Hoà Cư", "xã Hòa Cư"),
    ("Thuỷ Nguyên", "huyện Thủy Nguyên"),
    ("Khoẻ", "Khỏe"),
    ("Thị xã   Kim Bảng", "huyện Kim Bảng"),
    ("Kim Bảng", "KIM BẢNG"),
    ("Thừa Thiên - Huế", "tỉnh Thừa Thiên Huế"),
    ("TP. Thái Nguyên", "Thành phố Thái Nguyên"),
    ("Phường 01", "Phường 1"),
    ("thị trấn Quỳ Hợp", "Quỳ Hợp"),
])
def test_name_variants_normalize_alike(a, b):
    assert normalize_name(a) == normalize_name(b)


def test_normalize_name_details():
    assert normalize_name("Xã Nguyễn Uý") == "nguyễn úy"
    assert normalize_name("Quý") == "quý"  # "qu" is a consonant: the tone stays on y
    assert normalize_name("Hoàng") == "hoàng"  # closed syllable: never moved
    nfd = unicodedata.normalize("NFD", "Phường Đồng Quang")
    assert normalize_name(nfd) == normalize_name("Phường Đồng Quang") == "đồng quang"
    assert normalize_name("Phường Thị Cầu") == "thị cầu"  # only one prefix is removed
    with pytest.raises(TypeError):
        normalize_name(None)


def test_decomposed_names_resolve():
    nfd = unicodedata.normalize("NFD", "huyện Hữu Lũng")
    assert [u.code for u in resolve_name(nfd)] == ["186"]


# ---------------------------------------------------------------------------------------------
# vintages: codes are reused across the merger


def test_code_reuse_chi_lang_luong_van_tri():
    before, after = lookup("05983", OLD), lookup("05983", NEW)
    assert before.name == "Phường Chi Lăng" and before.code_list == OLD
    assert after.name == "Phường Lương Văn Tri" and after.code_list == NEW
    assert before != after  # the key is (code_list, code)
    assert before.parents == ("20", "178") and after.parents == ("20",)
    cw = crosswalk_2025("05983")
    assert cw["new_code"].tolist() == ["05983"]
    assert cw["new_name"].tolist() == ["Phường Lương Văn Tri"]


# ---------------------------------------------------------------------------------------------
# the five seed localities, written as the articles write them


def _one(name, **kw):
    found = resolve_name(name, **kw)
    assert len(found) == 1, (name, kw, [(u.code, u.name) for u in found])
    return found[0]


def test_seed_localities_resolve():
    kim_bang = _one("huyện Kim Bảng")  # a thị xã in the list (since 2025), a huyện in 2022
    assert (kim_bang.code, kim_bang.name, kim_bang.level) == ("350", "Thị xã Kim Bảng",
                                                              "district")
    quang_dien = _one("huyện Quảng Điền")
    assert quang_dien.code == "477"
    assert _one("xã Quảng Thái", within="477").code == "19870"
    assert _one("huyện Hữu Lũng").code == "186"
    assert _one("tỉnh Lạng Sơn").code == "20"
    tp_thai_nguyen = _one("Thành phố Thái Nguyên", level="district")
    assert tp_thai_nguyen.code == "164"
    dong_quang = _one("phường Đồng Quang", within="164")
    assert (dong_quang.code, dong_quang.level) == ("05458", "ward")


def test_bare_dong_quang_is_ambiguous():
    found = resolve_name("Đồng Quang")
    assert {(u.code, u.name) for u in found} >= {("05458", "Phường Đồng Quang"),
                                                 ("09919", "Xã Đồng Quang")}
    assert lookup("09919", OLD).district_code is not None
    assert lookup("09919", OLD).province_code == "01"  # Quốc Oai, Hà Nội
    # the written type puts the exact match first, but does not drop the others
    assert resolve_name("phường Đồng Quang")[0].code == "05458"
    assert len(resolve_name("phường Đồng Quang")) >= 2


def test_names_of_2022_match_the_last_names_before_the_merger():
    assert _one("xã Tân Sơn", within="350").name == "Phường Tân Sơn"
    hue = _one("tỉnh Thừa Thiên Huế")
    assert (hue.code, hue.name, hue.level) == ("46", "Thành phố Huế", "province")
    assert [u.code for u in resolve_name("Thừa Thiên Huế", level="province")] == ["46"]
    # the tier of the written prefix still applies: a "tỉnh" is never a commune
    assert all(u.level == "province" for u in resolve_name("tỉnh Lạng Sơn"))
    assert {u.level for u in resolve_name("Lạng Sơn")} == {"province", "district", "commune"}
    assert [u.code for u in resolve_name("thành phố Lạng Sơn")][0] == "178"


def test_resolve_name_arguments():
    assert resolve_name("") == []
    assert resolve_name("Nowhere At All") == []
    with pytest.raises(ValueError):
        resolve_name("Kim Bảng", level="centre")
    assert resolve_name("huyện Kim Bảng", code_list=NEW) == []  # no districts after 2025
    assert [u.code for u in resolve_name("Phường Lương Văn Tri", code_list=NEW)] == ["05983"]


# ---------------------------------------------------------------------------------------------
# units within a unit; the crosswalk


def test_units_within():
    kim_bang = units_within("350", OLD)
    assert len(kim_bang) == 17  # after the 2024-25 mergers (the 2022 article counts 18)
    assert set(kim_bang["level"]) <= {"commune", "ward", "township"}
    assert set(kim_bang["district_code"]) == {"350"}
    assert kim_bang["code"].dtype == "str"
    lang_son = units_within("20", OLD)
    assert (lang_son["level"] == "district").sum() == 11  # "11/11 UBND cấp huyện"
    communes = units_within("20", OLD, ("commune", "ward", "township"))
    assert len(communes) == len(lang_son) - 11
    assert len(units_within("05458", OLD)) == 0
    assert len(units_within("20", NEW)) == (units_table(NEW)["province_code"] == "20").sum() - 1
    with pytest.raises(KeyError):
        units_within("999", OLD)


# The nine "Check" pairs of SOURCE.md: old commune (district as written) → new commune.
CHECK_PAIRS = [
    ("xã Tân Sơn", "huyện Kim Bảng", "P. Nguyễn Úy", "Ninh Bình"),
    ("xã Quảng Thọ", "huyện Quảng Điền", "X. Quảng Điền", "Huế"),
    ("xã Quảng An", "huyện Quảng Điền", "X. Quảng Điền", "Huế"),
    ("xã Quảng Thái", "huyện Quảng Điền", "X. Đan Điền", "Huế"),
    ("xã Quảng Lợi", "huyện Quảng Điền", "X. Đan Điền", "Huế"),
    ("xã Quảng Công", "huyện Quảng Điền", "P. Phong Quảng", "Huế"),
    ("xã Quảng Ngạn", "huyện Quảng Điền", "P. Phong Quảng", "Huế"),
    ("xã Minh Sơn", "huyện Hữu Lũng", "X. Tuấn Sơn", "Lạng Sơn"),
    ("xã Vân Nham", "huyện Hữu Lũng", "X. Vân Nham", "Lạng Sơn"),
    ("xã Hòa Cư", "huyện Cao Lộc", "X. Công Sơn", "Lạng Sơn"),
    ("phường Chi Lăng", "thành phố Lạng Sơn", "P. Lương Văn Tri", "Lạng Sơn"),
    ("phường Đồng Quang", "thành phố Thái Nguyên", "P. Phan Đình Phùng", "Thái Nguyên"),
]


@pytest.mark.parametrize("old, district, new, province", CHECK_PAIRS)
def test_crosswalk_check_pairs(old, district, new, province):
    d = _one(district, level="district")
    unit = _one(old, within=d.code)
    cw = crosswalk_2025(unit.code)
    main = cw[cw["is_default"]]
    assert len(main) == 1
    row = main.iloc[0]
    assert normalize_name(row["new_name"]) == normalize_name(new)
    assert normalize_name(row["new_province"]) == normalize_name(province)
    successor = lookup(row["new_code"], NEW)
    assert successor is not None and successor.name == row["new_name"]
    expected_type = {"P.": "Phường", "X.": "Xã"}[new.split()[0]]
    assert successor.unit_type == expected_type


def test_crosswalk_covers_every_old_commune_and_flags_splits():
    old = units_table(OLD)
    communes = set(old.loc[old["level"].isin(["commune", "ward", "township"]), "code"])
    all_rows = crosswalk_2025("01")  # a province lists all its communes
    assert set(all_rows["old_province_code"]) == {"01"}
    cw = C._crosswalk()
    assert communes <= set(cw["old_code"])
    split = cw[cw["split"]]
    assert split["old_code"].nunique() == 471  # SOURCE.md: 1,033 rows over 471 split wards
    assert (split.groupby("old_code")["is_default"].sum() == 1).all()
    assert cw.loc[~cw["split"], "is_default"].all()
    new_codes = set(units_table(NEW)["code"])
    assert set(cw["new_code"]) <= new_codes


def test_crosswalk_of_a_district_and_an_island_district():
    kim_bang = crosswalk_2025("350")
    assert len(kim_bang) >= 17 and set(kim_bang["old_district_code"]) == {"350"}
    con_dao = _one("huyện Côn Đảo")  # an island district without communes
    rows = crosswalk_2025(con_dao.code)
    assert rows["new_name"].tolist() == ["Đặc khu Côn Đảo"]
    assert rows["old_code"].tolist() == [con_dao.code]
    with pytest.raises(KeyError):
        crosswalk_2025("99999")
    with pytest.raises(TypeError):
        crosswalk_2025(5983)


def test_returned_frames_do_not_alias_the_cache():
    a = units_within("350", OLD)
    a.loc[:, "name"] = "changed"
    assert (units_within("350", OLD)["name"] != "changed").all()
    b = crosswalk_2025("05983")
    b.loc[:, "new_name"] = "changed"
    assert crosswalk_2025("05983")["new_name"].tolist() == ["Phường Lương Văn Tri"]
    assert isinstance(units_table(OLD), pd.DataFrame)
