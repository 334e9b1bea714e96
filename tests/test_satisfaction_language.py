"""The satisfaction report in both languages (``notebooks/02_satisfaction``): every explanation,
sentence, finding message, table value and chart label of :mod:`motcua.analysis.satisfaction_text`,
``satisfaction_findings``, ``satisfaction_model``, ``real766`` and
:mod:`motcua.reports.charts_satisfaction` differs between English and Vietnamese, the Vietnamese
is Vietnamese (diacritics, no English words left), and a Vietnamese run of the notebook shows no
English prose."""

import json
import re

import jupytext
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from motcua.analysis import satisfaction_text as texts
from motcua.analysis.satisfaction_report import analyse_766, analyse_surveys
from motcua.config import NOTEBOOKS_DIR, PROJECT_ROOT, REAL_DATA_DIR
from motcua.reports import charts_satisfaction as charts

from test_satisfaction import make_records

#: Letters only Vietnamese uses among these (ă â đ ê ô ơ ư and the tone-marked vowels).
VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ\u1ea0-\u1ef9]")
#: English words that would betray an untranslated fragment (code in backticks is left out).
ENGLISH = re.compile(r"\b(the|and|of|offices?|forms?|answers?|shares?|intervals?|flagged|"
                     r"signals?|satisfied|dossiers?|records|pooled|average|model|units?|points|"
                     r"not|chart|provinces?|rank|median|late|time|Part|does|apply|survey|"
                     r"agency|commune|month|channel|field|criteria|none)\b")


def assert_vietnamese(vi: str, en: str) -> None:
    assert vi != en
    assert VI_LETTERS.search(vi), vi
    bare = re.sub(r"`[^`]*`", "", vi)
    assert not ENGLISH.search(bare), (ENGLISH.search(bare).group(0), vi)


@pytest.fixture(scope="module")
def survey():
    offices = {"00001": [240, 0, 0], "00002": [20, 25, 10], "00003": [25, 20, 12],
               "00004": [18, 22, 9], "00005": [22, 19, 11]}
    return analyse_surveys(make_records(3, offices), reps=3, seed=1, signal_alpha=0.01)


@pytest.fixture(scope="module")
def flat_survey():
    return analyse_surveys(make_records(3, {"00001": [30, 0, 0], "00002": [30, 0, 0]}), reps=0)


@pytest.fixture(scope="module")
def real():
    folder = REAL_DATA_DIR / "dvc766-crawler766"
    return analyse_766(
        pd.read_csv(folder / "gialai_766_units_2026_extract.csv", dtype={"department_code": str}),
        pd.read_csv(folder / "provinces_766_2026_ytd.csv", dtype={"department_code": str}))


def test_every_explanation_in_both_languages():
    for key in texts.PROSE:
        vi, en = texts.prose(key, "vi"), texts.prose(key)
        assert_vietnamese(vi, en)
        heading = re.compile(r"^#+ ", re.M)
        assert heading.findall(vi) == heading.findall(en), key
    with pytest.raises(ValueError):
        texts.prose("part_a", "fr")


def test_sentences_built_from_results(survey, flat_survey, real):
    pairs = [(texts.records_line("X", s, "vi"), texts.records_line("X", s)) for s in (True, False)]
    pairs += [(texts.dvc766_line("X", "data/x", "vi"), texts.dvc766_line("X", "data/x")),
              (texts.no_claims("vi"), texts.no_claims()),
              (texts.relation_markdown(real.relation, "vi"), texts.relation_markdown(real.relation))]
    pairs += [(texts.signal_count(n, 1, 5, "vi"), texts.signal_count(n, 1, 5))
              for n in texts.SIGNAL_NAMES]
    pairs += [(texts.chart_title(k, "X", "vi"), texts.chart_title(k, "X"))
              for k in texts.CHART_TITLES]
    for m in (survey.model, flat_survey.model):
        pairs.append((texts.model_markdown(m, "vi"), texts.model_markdown(m)))
    for vi, en in pairs:
        assert_vietnamese(vi, en)
    assert "GIẢ LẬP" in pairs[0][0] and "GIẢ LẬP" not in pairs[1][0]
    assert not survey.model.skipped and flat_survey.model.skipped
    assert len(survey.model.sentences_vi) == len(survey.model.sentences) > 0
    relation_vi = pairs[4][0]
    assert re.findall(r"\d+", relation_vi) == re.findall(r"\d+", pairs[4][1])  # same figures


def test_finding_messages(survey, flat_survey, real):
    found = survey.findings + flat_survey.findings + real.findings
    checks = {f.check for f in found}
    assert {"satisfaction_ceiling", "ordinal_model", "indicator_source", "mdhl_rule",
            "mdhl_provinces"} <= checks
    assert any(f.status == "flagged" for f in survey.findings)
    for f in found:
        assert_vietnamese(f.message_vi, f.message_en)
    tagged = [f for f in survey.findings if "[SYNTHETIC records]" in f.message_en]
    assert tagged and all("[dữ liệu GIẢ LẬP]" in f.message_vi for f in tagged)


def test_table_values(survey, real):
    tables = [(survey.overview, "item"), (survey.breakdowns, "label"), (survey.pooled, "group"),
              (survey.overall_intervals, "level"), (real.units, "group"),
              (real.distribution, "statistic")]
    for table, column in tables:
        shown = texts.localized(table, "vi")
        assert texts.localized(table, "en") is table
        changed = [(vi, en) for vi, en in zip(shown[column], table[column]) if vi != en]
        assert changed, column
        for vi, en in changed:
            assert not ENGLISH.search(vi), (column, vi)
        assert shown.shape == table.shape
    claims = pd.DataFrame({"aggregation": ["pooled share"],
                           "records_verdict": ["holds only as the unit average"],
                           "audit_checks": ["grim: not_testable; shares_sum: holds"]})
    assert texts.localized(claims, "vi").iloc[0].tolist() == [
        "tỷ lệ gộp chung", "chỉ khớp nếu tính theo bình quân các đơn vị",
        "grim: không kiểm tra được; shares_sum: khớp"]
    rank = texts.localized(real.distribution, "vi")["statistic"].iloc[-1]
    assert rank.endswith(f"thứ hạng trên {len(real.provinces)}")


def chart_texts(fig) -> str:
    out = []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        out += [t.get_text() for t in legend.get_texts()] if legend else []
    plt.close(fig)
    return "\n".join(t for t in out if t and not re.fullmatch(r"[\d.,n=]+", t))


def test_charts(survey, real):
    def both(build, *args, **kw):
        return build(*args, language="vi", **kw), build(*args, **kw)

    made = [both(charts.diverging_bars, survey.by_office, "office_name"),
            both(charts.funnel, survey.signals["ceiling"], survey.funnel_limits),
            both(charts.indicator_scatter, real.units),
            both(charts.province_mdhl, real.provinces),
            both(charts.diverging_bars, survey.by_office.iloc[:0], "office_name")]
    for vi, en in made:
        assert_vietnamese(chart_texts(vi), chart_texts(en))


def test_every_markdown_cell_has_its_vietnamese_twin():
    nb = jupytext.read(NOTEBOOKS_DIR / "02_satisfaction.py")
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    tags = [c.metadata.get("tags", []) for c in cells]
    assert len(cells) >= 6 and tags == [["lang-en"], ["lang-vi"]] * (len(cells) // 2)
    for en, vi in zip(cells[::2], cells[1::2]):
        assert VI_LETTERS.search(vi.source) and vi.source != en.source
        heading = re.compile(r"^#+ ", re.M)
        assert len(heading.findall(en.source)) == len(heading.findall(vi.source))


def prose(html: str) -> str:
    """The text a reader sees in the report: outputs and Markdown, no tables or styles."""
    html = re.sub(r"(?s)<(style|script|table|title|footer)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.notebook
def test_vietnamese_report_has_no_english_prose(tmp_path):
    """The fastest locality (the real 766 figures: no bootstrap)."""
    from motcua.runs.batch import run_one

    run_one("02_satisfaction", PROJECT_ROOT / "params" / "gia-lai-766.yaml", tmp_path,
            language="vi")
    out = tmp_path / "gia-lai-766"
    html = (out / "02_satisfaction.vi.html").read_text(encoding="utf-8")
    nb = json.loads((out / "02_satisfaction.vi.ipynb").read_text(encoding="utf-8"))
    english = [c for c in nb["cells"] if "lang-en" in c["metadata"].get("tags", [])]
    vietnamese = [c for c in nb["cells"] if "lang-vi" in c["metadata"].get("tags", [])]
    text = prose(html)
    starts = [" ".join(re.sub(r"^[#*\s]+", "", "".join(c["source"])).split())[:30]
              for c in english]
    assert len(starts) == len(vietnamese) >= 3 and not [s for s in starts if s in text]
    for key in ("part_b", "scatter_chart", "mdhl_rule", "provinces_chart"):
        assert texts.prose(key, "vi").split("\n")[-1][:40] in text, key
    assert "Phần A (dữ liệu phiếu khảo sát) không áp dụng" in text
    for phrase in ("Part A", "Part B", "Findings", "Provenance", "does not apply", "The chart",
                   " points", "34 provinces", "Survey records", "Answers by office",
                   "Form-quality", "offices flagged", "rank of"):
        assert phrase not in text, phrase
