"""The unit-comparison report in both languages (``notebooks/04_commune_comparison``): the source
note, headline, warnings, finding messages, table values and headings and chart texts of
:mod:`motcua.analysis.compare_findings`, :mod:`motcua.analysis.compare_text` and
:mod:`motcua.reports.charts_compare` differ between English and Vietnamese, the Vietnamese is
Vietnamese (diacritics, no English words left), and a Vietnamese run of the notebook shows no
English prose."""

import json
import re
from types import SimpleNamespace

import jupytext
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from motcua.analysis import compare_text as text
from motcua.analysis.compare import compare_counts, load_comparisons
from motcua.analysis.compare_findings import comparison_findings
from motcua.config import NOTEBOOKS_DIR, PROJECT_ROOT
from motcua.reports import charts_compare as charts
from motcua.reports import tables

#: Letters only Vietnamese uses among these (ă â đ ê ô ơ ư and the tone-marked vowels).
VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ\u1ea0-\u1ef9]")
#: English words that would betray an untranslated fragment (case-sensitive: file names such as
#: SOURCE.md and code identifiers such as funnel_outlier do not match).
ENGLISH = re.compile(
    r"\b(the|and|of|units?|limits?|ranks?|first|last|quarter|probability|chance|peers|target|"
    r"raw|shrunken|interval|dossiers|forms|lies|below|above|findings?|records|source|licence|"
    r"compared|spread|between|alike|overdispersion|scale|highest|few|trimmed|widened|worth|"
    r"prior|mean|noise|sd|indicator|reason|outside|Public|Procedures|Too|Real|No|SYNTHETIC)\b")


def assert_vietnamese(vi: str, en: str) -> None:
    assert vi != en
    assert VI_LETTERS.search(vi), vi
    assert not ENGLISH.search(vi), (ENGLISH.search(vi).group(0), vi)


def units(rates, n=500):
    return pd.DataFrame({"unit_code": [f"{i:05d}" for i in range(len(rates))],
                         "unit_name": [f"Xã {i}" for i in range(len(rates))],
                         "unit_type": "commune",
                         "numerator": [round(r * n) for r in rates], "denominator": n})


def comparison(rates, n=500):
    return compare_counts(units(rates, n), indicator="on_time", label="on-time rate",
                          label_vi="tỷ lệ đúng hạn", seed=1, draws=400)


@pytest.fixture(scope="module")
def outlier():
    return comparison([0.9, 0.91, 0.89, 0.9, 0.92, 0.88, 0.9, 0.91, 0.89, 0.6])


@pytest.fixture(scope="module")
def papi():
    return load_comparisons(source="papi", level="provinces_in_country", indicators=["D5"],
                            year=2024, seed=1)[0]


def test_findings_in_vietnamese(outlier):
    found = comparison_findings(outlier)
    found += comparison_findings(comparison([0.9] * 12))  # too alike
    found += comparison_findings(comparison([1.0] * 5, n=80))  # all at 100 %
    found += comparison_findings(comparison([0.9, 0.8]))  # too few
    found += comparison_findings(outlier, synthetic=True)
    checks = {f.check for f in found}
    assert checks == {"funnel_outlier", "funnel_dispersion", "rank_uncertainty",
                      "funnel_underdispersion", "funnel_all_full", "comparison_not_testable"}
    for f in found:
        assert_vietnamese(f.message_vi.removeprefix("DỮ LIỆU GIẢ LẬP: "), f.message_en)
    flagged = [f for f in found if f.check == "funnel_outlier"]
    assert flagged and all("giới hạn kiểm soát 99,8%" in f.message_vi for f in flagged)
    assert found[-1].message_vi.startswith("DỮ LIỆU GIẢ LẬP: ")


def test_report_sentences(outlier):
    fake = SimpleNamespace(synthetic=True, period_start="2020-01-01", period_end="2020-12-31")
    pairs = [(charts.source_markdown(s, r, level, "vi"), charts.source_markdown(s, r, level))
             for s, r, level in [("records", fake, "communes_in_district"),
                                 ("records", None, "districts_in_province"),
                                 ("dvc766_units", None, "units_in_province"),
                                 ("dvc766_provinces", None, "provinces_in_country"),
                                 ("papi", None, "provinces_in_country")]]
    assert "GIẢ LẬP" in pairs[0][0] and "SYNTHETIC" in pairs[0][1]
    for findings in (comparison_findings(outlier), []):
        pairs.append((charts.headline_markdown(findings, "vi"),
                      charts.headline_markdown(findings)))
        pairs.append((charts.warnings_markdown(findings, "vi"),
                      charts.warnings_markdown(findings)))
    for vi, en in pairs:
        assert_vietnamese(vi, en)
    assert re.findall(r"\d+", pairs[-4][0]) == re.findall(r"\d+", pairs[-4][1])  # same counts


def test_labels_reasons_and_papi_names(papi):
    assert papi.label.startswith("PAPI D5: ") and papi.label_vi == "PAPI D5: Thủ tục hành " \
                                                                   "chính công"
    assert text.indicator_label("papi", "SC71", "vi") == "PAPI SC71"  # no name: code alone
    for reason in ("one-stop centre of the locality", "no dossiers or forms", "no dossiers",
                   "counts not in the extract", "not a unit of this level (ward)",
                   "not a unit of this level (unknown code)",
                   "no value in 2024 (blank in the source)"):
        assert_vietnamese(text.reason(reason, "vi"), reason)
    assert text.reason("no dossiers", "en") == "no dossiers"
    for en in text.UNIT_TYPES_VI:
        assert_vietnamese(text.unit_type(en, "vi"), en)


def header(shown) -> str:
    return shown.text.splitlines()[1]  # below the caption


@pytest.mark.parametrize("kind", ["counts", "scores"])
def test_tables_in_vietnamese(outlier, papi, kind):
    cmp = outlier if kind == "counts" else papi
    for build in (charts.dispersion_display, charts.prior_display,
                  lambda c, language="en": charts.funnel_display(c, language=language)):
        vi = tables.table(build(cmp, language="vi"), language="vi", caption="x",
                          decimals=charts.DECIMALS)
        en = tables.table(build(cmp), caption="x", decimals=charts.DECIMALS)
        assert_vietnamese(vi.text, en.text)
        assert not ENGLISH.search(header(vi).replace("_", " ")), header(vi)
        # the same figures, decimal commas aside
        assert len(vi.text.splitlines()) == len(en.text.splitlines())
    ranks = tables.table(charts.rank_display(cmp), language="vi", caption="x")
    assert not ENGLISH.search(header(ranks).replace("_", " ")), header(ranks)
    funnel = charts.funnel_display(cmp, language="vi")
    assert set(funnel["outside"]) <= {"", "dưới", "trên"}
    assert "dưới" in set(funnel["outside"])  # both comparisons have a unit below the limits
    left = pd.DataFrame({"unit_code": ["centre"], "reason": ["one-stop centre of the locality"]})
    shown = charts.left_out_display([SimpleNamespace(left_out=left, indicator="on_time")], "vi")
    assert list(shown["reason"]) == ["trung tâm một cửa của địa phương"]


def chart_texts(fig) -> str:
    out = []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.texts if not t.get_text().startswith("Xã")]
        legend = ax.get_legend()
        out += [t.get_text() for t in legend.get_texts()] if legend else []
    plt.close(fig)
    return "\n".join(t for t in out if t)


def test_charts_in_vietnamese(outlier, papi):
    empty = comparison([0.9, 0.8])
    for cmp in (outlier, papi, empty):
        for build in (charts.funnel_chart, charts.caterpillar_chart):
            vi, en = chart_texts(build(cmp, language="vi")), chart_texts(build(cmp))
            assert_vietnamese(vi, en)
    assert "giới hạn 99,8%" in chart_texts(charts.funnel_chart(outlier, language="vi"))


def test_every_markdown_cell_has_its_vietnamese_twin():
    nb = jupytext.read(NOTEBOOKS_DIR / "04_commune_comparison.py")
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    tags = [c.metadata.get("tags", []) for c in cells]
    assert len(cells) > 10 and tags == [["lang-en"], ["lang-vi"]] * (len(cells) // 2)
    heading = re.compile(r"^#+ ", re.M)
    for en, vi in zip(cells[::2], cells[1::2]):
        assert len(VI_LETTERS.findall(vi.source)) > 2 * len(VI_LETTERS.findall(en.source))
        assert len(heading.findall(en.source)) == len(heading.findall(vi.source))
        # every number of the English kept (4,000 → 4.000 and 99.8 → 99,8 split alike)
        assert set(re.findall(r"\d+", en.source)) <= set(re.findall(r"\d+", vi.source))


def prose(html: str) -> str:
    """The text a reader sees in the report: outputs and Markdown, no tables or styles."""
    html = re.sub(r"(?s)<(style|script|table|title)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.notebook
def test_vietnamese_report_has_no_english_prose(tmp_path):
    from motcua.runs.batch import run_one

    params = "vn-provinces-766"
    run_one("04_commune_comparison", PROJECT_ROOT / "params" / f"{params}.yaml", tmp_path,
            language="vi")
    out = tmp_path / params
    html = (out / "04_commune_comparison.vi.html").read_text(encoding="utf-8")
    nb = json.loads((out / "04_commune_comparison.vi.ipynb").read_text(encoding="utf-8"))
    english = [c for c in nb["cells"] if "lang-en" in c["metadata"].get("tags", [])]
    vietnamese = [c for c in nb["cells"] if "lang-vi" in c["metadata"].get("tags", [])]
    text_seen = prose(html)
    starts = [" ".join(re.sub(r"^[#*\s]+", "", "".join(c["source"])).split())[:30]
              for c in english]  # each English cell's first words, as the reader would see them
    assert len(starts) == len(vietnamese) > 10 and not [s for s in starts if s in text_seen]
    assert "Phương pháp" in text_seen and "Methods" not in text_seen
    # outside the printed finding index and provenance line (identifiers) and the Methods'
    # citations (papers and journals keep their English titles), no English words
    sentences = prose(re.sub(r"(?s)<pre\b.*?</pre>", " ", html))
    sentences = re.sub(r"Phương pháp ¶.*Nguồn gốc báo cáo ¶", " ", sentences)  # headings
    assert "Biểu đồ phễu" in sentences and "giới hạn kiểm soát" in sentences
    assert not ENGLISH.search(sentences), ENGLISH.search(sentences).group(0)
    for phrase in ("Funnel plots", "Summary", "worth a look", "Real public data",
                   "Units compared", "findings"):
        assert phrase not in sentences, phrase
