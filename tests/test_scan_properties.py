"""Properties of motcua scan: the findings do not depend on Unicode normalisation or on the
order of self-contained passages, and no text makes the scan crash."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.claims.scan import scan_article
from motcua.config import ARTICLES_DIR
from motcua.findings import summary_records

DEV = sorted((Path(__file__).parent / "data" / "articles").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in DEV + sorted(ARTICLES_DIR.glob("*.txt"))]


def shape(findings) -> Counter:
    """Findings without their position: check, severity and the figures as printed."""
    return Counter((f.check, f.severity, tuple(sorted(c.rsplit("@", 1)[0] for c in f.claim_ids)))
                   for f in findings)


def test_decomposed_text_gives_the_same_findings():
    for text in TEXTS:
        nfd = unicodedata.normalize("NFD", text)
        assert nfd != text
        assert summary_records(scan_article(nfd, source_id="a").findings) == \
            summary_records(scan_article(text, source_id="a").findings)


# ---------------------------------------------------------------------------------------------
# self-contained passages: each names its own place and carries its own figures; counts of
# passage k lie in [10^(k+2), 2·10^(k+2)), so no sum of some passages equals a count of another
# (a split of a total into levels depends on their order by nature and is tested on 106).

_PLACES = ["xã An Bình", "phường Tân Phú", "thị trấn Phú Lộc", "xã Hòa Cư", "phường Đông Ba",
           "xã Quảng Thái"]


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _pct(x: float, d: int) -> str:
    return f"{x:.{d}f}".replace(".", ",") + "%"


@st.composite
def flow_passage(draw, k: int, place: str) -> str:
    base = 10 ** (k + 2)
    received = draw(st.integers(base, 2 * base - 1))
    resolved = draw(st.integers(received // 2, received))
    late = draw(st.integers(0, resolved // 10))
    on_time = resolved - late + draw(st.sampled_from([0, 0, 0, 1, -2, 5]))
    pending = received - resolved - draw(st.sampled_from([0, 0, 3, 40]))
    d = draw(st.sampled_from([1, 2]))
    rate = 100 * on_time / max(resolved, 1) + draw(st.sampled_from([0, 0, 0.3, -0.7]))
    return (f"Tại {place}, đã tiếp nhận {_vn(received)} hồ sơ, đã giải quyết {_vn(resolved)} "
            f"hồ sơ, trong đó giải quyết trước hạn và đúng hạn {_vn(max(on_time, 0))} hồ sơ, "
            f"đạt tỷ lệ {_pct(max(rate, 0), d)}, quá hạn {_vn(late)} hồ sơ; đang giải quyết "
            f"{_vn(max(pending, 0))} hồ sơ.")


@st.composite
def survey_passage(draw, k: int, place: str) -> str:
    a = draw(st.integers(0, 9000)) / 100
    b = draw(st.integers(0, int((100 - a) * 100))) / 100
    c = round(100 - a - b + draw(st.sampled_from([0, 0, 0.02, 3.1])), 2)
    return (f"Tại {place}, mức “Rất hài lòng” đạt {_pct(a, 2)}, mức “Hài lòng” đạt "
            f"{_pct(b, 2)} và “Không hài lòng” là {_pct(max(c, 0), 2)}.")


@st.composite
def change_passage(draw, k: int, place: str) -> str:
    now = draw(st.integers(7000, 9500)) / 100
    before = draw(st.integers(6000, 9400)) / 100
    change = round(now - before + draw(st.sampled_from([0, 0, 0.79])), 2)
    word = "cao hơn" if change >= 0 else "thấp hơn"
    return (f"Chỉ số của {place} đạt {_pct(now, 2)}, {word} {_pct(abs(change), 2)} so với năm "
            f"2023 ({_pct(before, 2)}).")


@st.composite
def article(draw):
    kinds = [flow_passage, survey_passage, change_passage]
    n = draw(st.integers(2, 5))
    passages = [draw(draw(st.sampled_from(kinds))(k, _PLACES[k])) for k in range(n)]
    seed = draw(st.integers(0, 10_000))
    return passages, seed


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(article())
def test_passage_order_does_not_change_the_findings(case):
    passages, seed = case
    shuffled = passages[:]
    random.Random(seed).shuffle(shuffled)
    title = "Kết quả giải quyết thủ tục hành chính năm 2024\n\n"
    a = scan_article(title + "\n\n".join(passages), published="2025-01-10")
    b = scan_article(title + "\n\n".join(shuffled), published="2025-01-10")
    assert shape(a.findings) == shape(b.findings)


# ---------------------------------------------------------------------------------------------
# no text makes the scan crash

_PIECES = st.sampled_from([
    "19.255 hồ sơ", "(đạt 96,55%)", "96,55%", "trong đó", "gồm: ", "Trong đó, ", "4,52 ngàn HS",
    "đã tiếp nhận ", "đã giải quyết ", "đang giải quyết ", "quá hạn ", "trước và đúng hạn ",
    "hơn ", "gần ", ", chiếm ", "; ", ". ", "\n", "(", ")", ":", "0 hồ sơ", "100%", "0%",
    "cao hơn 1,58% so với năm 2023 (87,72%)", "4.561/5.650 HS", "0/0", "9/0", "xếp thứ 2/9",
    "tăng 7 bậc", "40,62/80 điểm", "Với cấp huyện, ", "toàn tỉnh ", "từ ngày 21/7 đến 20/8/2021",
    "Rất hài lòng\n2063\n48.94%\n", "Mức 3 68544 61827 6717 43434 70,3%\n", "\u00a0", "\ud800",
    "99999999999999999999 hồ sơ", "0,0001%", "1.000.000.000 hồ sơ",
])
_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_PIECES, st.text(max_size=10)), max_size=50).map("".join),
    st.builds(lambda i, a, n: TEXTS[i][a:a + n], st.integers(0, len(TEXTS) - 1),
              st.integers(0, 6000), st.integers(0, 3000)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(_TEXT)
def test_arbitrary_text_never_crashes(text):
    res = scan_article(text)
    for f in summary_records(res.findings):
        assert f["severity"] in ("fail", "warning", "info")
