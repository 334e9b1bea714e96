"""The reasoning of motcua scan on short texts written for these tests (not real data): each
test names a rule of lib/motcua/claims/scan/ and the evidence it needs for a ``fail``."""

from __future__ import annotations

from motcua.claims.scan import scan_article


def _found(text: str) -> list[tuple[str, str, list[str]]]:
    return [(f.check, f.severity, [c.rsplit("@", 1)[0] for c in f.claim_ids])
            for f in scan_article(text, published="2024-01-10").findings]


def _alarms(text: str):
    return [f for f in _found(text) if f[1] != "info"]


def test_the_rate_is_tried_against_every_count_of_its_passage():
    text = ("Tháng 8/2023, xã tiếp nhận mới 19.630 hồ sơ, hồ sơ trả trước và đúng hạn là 19.255 "
            "hồ sơ (đạt 96,55%), hồ sơ đến hạn giải quyết 19.944 hồ sơ.")
    assert ("rate_denominator", "info", ["96,55%", "19.255", "19.944"]) in _found(text)
    assert _alarms(text) == []


def test_a_rate_no_count_gives_fails_only_when_the_article_ties_its_base():
    tied = ("Năm 2023, xã đã giải quyết 5.000 hồ sơ, trong đó có 4.900 hồ sơ đúng hạn, đạt tỷ "
            "lệ 97%.")
    assert ("rate_denominator", "fail", ["97%", "4.900", "5.000"]) in _found(tied)
    untied = "Năm 2023, xã đã giải quyết 5.000 hồ sơ. Có 4.900 hồ sơ đúng hạn, đạt tỷ lệ 97%."
    assert [f[1] for f in _alarms(untied)] == ["warning"]


def test_a_rate_cut_rather_than_rounded_is_a_warning():
    text = ("Cấp xã đã giải quyết xong 207.030 hồ sơ, trong đó số hồ sơ giải quyết đúng hạn là "
            "204.847 hồ sơ, đạt 98,94%.")
    assert _alarms(text) == [("rate_denominator", "warning", ["98,94%", "204.847", "207.030"])]


def test_early_plus_on_time_is_the_numerator_of_an_on_time_rate():
    text = ("Trung tâm đã giải quyết 8.010 hồ sơ, trong đó trước hạn 7.200 hồ sơ, đúng hạn 790 "
            "hồ sơ, trễ hạn 20 hồ sơ; tỷ lệ giải quyết trước và đúng hạn đạt 99,75%.")
    assert ("rate_denominator", "info", ["99,75%", "7.200", "790", "8.010"]) in _found(text)


def test_parts_above_their_whole_fail_when_they_cannot_overlap():
    text = ("Huyện đã giải quyết 17.651 hồ sơ, trong đó có 13.767 hồ sơ trước hạn, có 3.254 hồ "
            "sơ giải quyết đúng hạn và số quá hạn còn 634 hồ sơ.")
    assert [f[:2] for f in _alarms(text)] == [("parts_whole", "fail")]
    nested = "Xã đã giải quyết 1.000 hồ sơ, trong đó đúng hạn 990 hồ sơ, trước hạn 600 hồ sơ."
    assert [f[:2] for f in _alarms(nested)] == [("parts_whole", "warning")]
    online = "Xã đã tiếp nhận 500 hồ sơ, trong đó 300 hồ sơ trực tuyến, 250 hồ sơ mức độ 4."
    assert _alarms(online) == []


def test_parts_short_of_a_whole_they_split_are_a_warning_and_a_hedge_widens_the_whole():
    short = ("Đã giải quyết 643.272 hồ sơ; trong đó, số hồ sơ giải quyết đúng và trước hạn có "
             "635.593 hồ sơ; số hồ sơ quá hạn có 7.677 hồ sơ.")
    assert [f[:2] for f in _alarms(short)] == [("parts_whole", "warning")]
    hedged = ("Đã giải quyết gần 900 hồ sơ, trong đó có 40 hồ sơ nộp mức độ 3 và gần 860 hồ sơ "
              "nộp mức độ 4.")
    assert _alarms(hedged) == []


def test_levels_that_split_one_count_must_split_the_others():
    text = ("Toàn tỉnh tiếp nhận 100.000 hồ sơ, giải quyết đúng hạn 98.000 hồ sơ. Cấp tỉnh tiếp "
            "nhận 20.000 hồ sơ, giải quyết đúng hạn 19.500 hồ sơ; cấp huyện tiếp nhận 30.000 hồ "
            "sơ, đúng hạn 29.000 hồ sơ; cấp xã tiếp nhận 50.000 hồ sơ, đúng hạn 49.400 hồ sơ.")
    assert ("parts_whole", "fail", ["98.000", "19.500", "29.000", "49.400", "100.000"]) in \
        _found(text)
    unconfirmed = text.replace("50.000", "50.100")  # no kind adds up: not taken as a split
    assert _alarms(unconfirmed) == []


def test_received_against_resolved_and_pending():
    holds = ("Đã tiếp nhận 159.845 hồ sơ, đã giải quyết 151.295 hồ sơ và đang giải quyết 8.550 "
             "hồ sơ.")
    assert ("flow_identity", "info", ["159.845", "151.295", "8.550"]) in _found(holds)
    gap = "Đã tiếp nhận 659.245 hồ sơ, đã giải quyết 643.272 hồ sơ, đang giải quyết 7.172 hồ sơ."
    assert _alarms(gap) == [("flow_identity", "warning", ["659.245", "643.272", "7.172"])]


def test_zero_late_and_a_rate_below_100():
    explained = ("Đã tiếp nhận 585.336 hồ sơ, giải quyết đúng hạn 585.116 hồ sơ, đạt 99,96%, trễ "
                 "hạn 0 hồ sơ; đang giải quyết còn trong hạn là 220 hồ sơ.")
    assert [f for f in _found(explained) if f[0] == "zero_late_rate"] == [
        ("zero_late_rate", "info", ["99,96%", "0", "220"])]


def test_a_change_printed_with_both_levels():
    wrong = "Vùng A đạt 88.51%, cao hơn 1.58% so với năm 2023 (87.72%)."
    assert _alarms(wrong) == [("change", "fail", ["88.51%", "1.58%", "87.72%"])]
    right = "Vùng B đạt 88,33%, cao hơn 1,71% so với năm 2022 (86,62%)."
    assert _found(right) == [("change", "info", ["88,33%", "1,71%", "86,62%"])]


def test_shares_of_one_whole_above_100_fail():
    text = "Tại xã A, mức “Rất hài lòng” đạt 48,94%, mức “Hài lòng” đạt 50,6% và “Không hài lòng” là 3,55%."
    assert _alarms(text) == [("shares_sum", "fail", ["48,94%", "50,6%", "3,55%"])]


def test_targets_and_shares_of_other_things_are_not_tested_against_dossier_counts():
    text = ("Năm 2023, huyện tiếp nhận 17.391 hồ sơ, giải quyết trước hạn và đúng hạn 17.081 hồ "
            "sơ. Huyện hoàn thành trước hạn và đúng hạn 98% nhiệm vụ. Phấn đấu năm 2024 tỷ lệ "
            "hồ sơ giải quyết đúng hạn đạt 97%.")
    assert [f for f in _found(text) if f[0] == "rate_denominator"] == []
