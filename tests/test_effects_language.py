"""The reform-effects report in both languages (``notebooks/05_reform_effects``): every sentence,
finding message, table label and chart text of :mod:`motcua.analysis.effects_findings` and
:mod:`motcua.reports.charts_effects` differs between English and Vietnamese, the Vietnamese is
Vietnamese (diacritics, no English words left), and a Vietnamese run of the notebook shows no
English prose."""

import json
import re

import jupytext
import matplotlib.pyplot as plt
import pytest

from motcua.analysis import effects, effects_papi
from motcua.analysis import effects_findings as texts
from motcua.config import NOTEBOOKS_DIR, PROJECT_ROOT
from motcua.reports import charts_effects as charts
from motcua.synth.panel import simulate_staggered_panel

#: Letters only Vietnamese uses among these (ă â đ ê ô ơ ư and the tone-marked vowels).
VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ\u1ea0-\u1ef9]")
#: English words that would betray an untranslated fragment.
ENGLISH = re.compile(r"\b(the|and|of|units?|points|interval|clusters|adoption|before|after|"
                     r"months?|provinces?|missing|mean|change|controls?|outcome|planted|"
                     r"naive|reform|vs|All|Delta|Highlands|Coast)\b")


def assert_vietnamese(vi: str, en: str) -> None:
    assert vi != en
    assert VI_LETTERS.search(vi), vi
    assert not ENGLISH.search(vi), (ENGLISH.search(vi).group(0), vi)


@pytest.fixture(scope="module")
def study():
    panel = simulate_staggered_panel("20", n_units=30, n_periods=16, seed=7)
    return effects.event_study(panel, "on_time_rate", window=(-3, 3), reps=99, seed=1)


@pytest.fixture(scope="module")
def papi():
    return effects_papi.papi_study("C05", "2018-06-21", 2)


def test_event_study_sentences(study):
    for label in ("SYNTHETIC panel", "SYNTHETIC records", ""):
        for cluster in ("district", "commune"):
            assert_vietnamese(texts.design_markdown(study, "on_time_rate", cluster, label, "vi"),
                              texts.design_markdown(study, "on_time_rate", cluster, label))
    vi, en = texts.overall_markdown(study, "vi"), texts.overall_markdown(study, "en")
    assert_vietnamese(vi, en)
    assert vi.count("\n") == en.count("\n") == 3  # effect, pre-trends, TWFE, planted effect
    effect = f"{100 * study.overall['estimate'].iloc[0]:+.2f}"
    assert f"{effect} points" in en and f"{effect.replace('.', ',')} điểm phần trăm" in vi
    assert "khoảng tin cậy 90%" in texts.overall_markdown(study, "vi", confidence=0.9)


def test_event_study_findings(study):
    found = texts.panel_findings(study, "on_time_rate", "SYNTHETIC panel")
    assert [f.check for f in found] == ["event_study", "parallel_trends", "twfe_gap",
                                        "planted_effect"]
    for f in found:
        assert_vietnamese(f.message_vi, f.message_en)
        assert "GIẢ LẬP" in f.message_vi and "SYNTHETIC" in f.message_en
    real = texts.panel_findings(study, "on_time_rate", "")
    assert not any("SYNTHETIC" in f.message_vi for f in real[:3])


def test_tables_and_control_group_in_vietnamese(study):
    shown = texts.localized(study.overall, "vi")
    for vi, en in zip(shown["estimator"], study.overall["estimator"]):
        assert_vietnamese(vi, en)
    assert texts.localized(study.overall, "en") is study.overall
    assert_vietnamese(texts.translate(study.control, "vi"), study.control)
    p = simulate_staggered_panel("20", n_units=30, n_periods=16, never_share=0.0, seed=3)
    last = effects.event_study(p, "on_time_rate", window=(-2, 2), reps=19, seed=1).control
    assert "last cohort" in last
    assert_vietnamese(texts.translate(last, "vi"), last)


def test_papi_findings_and_labels(papi):
    found = texts.papi_findings(papi.summary, papi.missing, "", "2018-06-21")
    assert {f.check for f in found} == {"before_after", "codebook_change", "missing_years"}
    for f in found:
        assert_vietnamese(f.message_vi, f.message_en)
    assert "cải cách ngày 2018-06-21" in found[-2].message_vi
    shown = texts.localized(papi.summary, "vi")
    for column in ("region", "comparison"):
        for vi, en in zip(shown[column], papi.summary[column]):
            assert_vietnamese(vi, en)
    assert set(texts.localized(papi.changes, "vi")["region"]) <= {
        texts.translate(r, "vi") for r in effects_papi.REGIONS}


def test_short_texts(study, papi):
    pairs = [(texts.outcome_label(o, "vi"), texts.outcome_label(o)) for o in texts.LABELS]
    pairs += [(texts.not_in_run(r, "vi"), texts.not_in_run(r)) for r in
              ("no_panel", "papi_below", "no_papi", "other")]
    pairs += [(texts.reform_label("", "2018-06-21", "vi"), texts.reform_label("", "2018-06-21"))]
    notes = [dict(source="synthetic_panel", synthetic_label="SYNTHETIC panel: invented",
                  seed=1, effect=0.005),
             dict(source="records", synthetic=True, records_dir="data/x", convention="qd766",
                  period=("2022-01-01", "2022-12-31")),
             dict(source="papi", reform="ND 61", reform_date="2018-06-21")]
    pairs += [(texts.data_note(language="vi", **n), texts.data_note(**n)) for n in notes]
    for vi, en in pairs:
        assert_vietnamese(vi, en)
    assert "0,50 điểm phần trăm" in pairs[-3][0]


def test_merger_sentence(study):
    from motcua.analysis import adoption_table
    from motcua.analysis import effects_crosswalk as xwalk

    panel = simulate_staggered_panel("20", n_units=30, n_periods=16, seed=7)
    mapping = xwalk.merger_map(panel["unit_code"].unique())
    post = xwalk.to_post_merger(panel, mapping)
    adoption = xwalk.post_merger_adoption(adoption_table(
        panel.drop_duplicates("unit_code")[["unit_code", "adopted_on"]]), mapping)
    args = (mapping, post, xwalk.merged_units(mapping), adoption)
    vi, en = texts.merger_markdown(*args, "vi"), texts.merger_markdown(*args)
    assert_vietnamese(vi, en)
    assert re.findall(r"\d+", vi) == re.findall(r"\d+", en)  # the same counts, in order


def chart_texts(fig) -> str:
    out = []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.get_yticklabels()]
        legend = ax.get_legend()
        out += [t.get_text() for t in legend.get_texts()] if legend else []
    plt.close(fig)
    return "\n".join(t for t in out if t)


def test_charts_in_vietnamese(study, papi):
    def both(build, **kw):
        return build(language="vi", **kw), build(**kw)

    made = [both(lambda **k: charts.event_study_chart(
        study.events, outcome_label=texts.outcome_label("on_time_rate", k.get("language", "en")),
        n_clusters=study.n_clusters, **k))]
    made.append(both(charts.papi_trends_chart, trends=papi.trends,
                     reform_year=papi.reform_year))
    made.append(both(charts.change_chart, summary=papi.summary))
    for vi, en in made:
        assert_vietnamese(chart_texts(vi), chart_texts(en))


def test_every_markdown_cell_has_its_vietnamese_twin():
    nb = jupytext.read(NOTEBOOKS_DIR / "05_reform_effects.py")
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    tags = [c.metadata.get("tags", []) for c in cells]
    assert tags == [["lang-en"], ["lang-vi"]] * (len(cells) // 2)
    for en, vi in zip(cells[::2], cells[1::2]):
        assert VI_LETTERS.search(vi.source) and not VI_LETTERS.search(en.source)
        heading = re.compile(r"^#+ ", re.M)
        assert len(heading.findall(en.source)) == len(heading.findall(vi.source))


def prose(html: str) -> str:
    """The text a reader sees in the report: outputs and Markdown, no tables or styles."""
    html = re.sub(r"(?s)<(style|script|table|title)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.notebook
@pytest.mark.parametrize("params", ["vn-papi-panel", "synthetic-staggered-panel"])
def test_vietnamese_report_has_no_english_prose(tmp_path, params):
    from motcua.runs.batch import run_one

    run_one("05_reform_effects", PROJECT_ROOT / "params" / f"{params}.yaml", tmp_path,
            language="vi")
    out = tmp_path / params
    html = (out / "05_reform_effects.vi.html").read_text(encoding="utf-8")
    nb = json.loads((out / "05_reform_effects.vi.ipynb").read_text(encoding="utf-8"))
    english = [c for c in nb["cells"] if "lang-en" in c["metadata"].get("tags", [])]
    text = prose(html)
    vietnamese = [c for c in nb["cells"] if "lang-vi" in c["metadata"].get("tags", [])]
    starts = [" ".join(re.sub(r"^[#*\s]+", "", "".join(c["source"])).split())[:30]
              for c in english]  # each English cell's first words, as the reader would see them
    assert len(starts) == len(vietnamese) > 10 and not [s for s in starts if s in text]
    assert "Phương pháp" in text and "Methods" not in text
    for phrase in ("Not part of this run", "points", "interval", "clusters", "Reform effects",
                   "province change", "All provinces", " vs "):
        assert phrase not in text, phrase
