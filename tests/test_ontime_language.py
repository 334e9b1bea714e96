"""The on-time drivers report in both languages (``notebooks/03_ontime_drivers``): the section
prose, sentences, finding messages, table values and chart labels of
:mod:`motcua.analysis.ontime_text`, ``drivers_effects``, ``forensics`` and
:mod:`motcua.reports.charts_ontime` differ between English and Vietnamese, the Vietnamese is
Vietnamese (diacritics, no English prose), and a Vietnamese run for a locality without records
shows no English prose and no record sections."""

import json
import re

import jupytext
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from motcua.analysis import drivers, drivers_effects, forensics
from motcua.analysis import ontime_text as texts
from motcua.config import NOTEBOOKS_DIR, PROJECT_ROOT
from motcua.reports import charts_ontime as charts

VI_LETTERS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ\u1ea0-\u1ef9]")
#: English words that would betray an untranslated fragment.
ENGLISH = re.compile(r"\b(the|and|of|on time|late|dossiers?|office|offices|interval|points|"
                     r"signal|resolved|resolutions?|due|working|days?|records|with|than|"
                     r"factor|model|reference|peers|quiet|flagged|higher|lower|none)\b", re.I)


def assert_vietnamese(vi: str, en: str) -> None:
    assert vi != en
    assert VI_LETTERS.search(vi), vi
    # identifiers in backticks (`records_dir`, `motcua ingest dossiers`) are not prose
    prose = re.sub(r"`[^`]*`", "", vi).replace("wild cluster bootstrap", "")
    assert not ENGLISH.search(prose), (ENGLISH.search(prose).group(0), vi)


def test_section_prose():
    for key in texts.PROSE:
        vi, en = texts.prose(key, "vi"), texts.prose(key)
        assert_vietnamese(vi, en)
        assert vi.count("#") == en.count("#")  # the same headings
    with pytest.raises(ValueError):
        texts.prose("rates", "fr")


def test_records_note_without_records():
    vi, en = texts.records_note(None, "vi"), texts.records_note(None)
    assert_vietnamese(vi, en)
    assert "Without records, this report has no results." in en
    assert "`NgayHenTra`" in vi and "`NgayHenTra`" in en


def _effects(level_low, level_high):
    return pd.DataFrame({"factor": ["limit", "month"], "level": ["over 10 working days",
                                                                 "2020-01"],
                         "reference": ["same day", "2020-12"], "ame_pp": [-2.88, 0.3],
                         "se_pp": [0.8, 0.5], "low": [level_low, -0.7], "high": [level_high, 1.3],
                         "boot_p": [0.01, 0.5], "interval": ["wild bootstrap", "wild bootstrap"]})


def test_drivers_sentences():
    for table in (_effects(-4.41, -0.98), _effects(-4.41, 0.5)):
        vi = drivers_effects.drivers_sentences(table, 0.95, language="vi")
        en = drivers_effects.drivers_sentences(table, 0.95)
        assert len(vi) == len(en) >= 1
        for v, e in zip(vi, en):
            assert_vietnamese(v, e)
    vi = drivers_effects.drivers_sentences(_effects(-4.41, -0.98), 0.95, language="vi")[0]
    assert "2,88 điểm phần trăm" in vi and "-4,41 đến -0,98" in vi
    assert "trên 10 ngày làm việc" in vi and "khoảng tin cậy 95%" in vi


def test_design_notes_and_no_model():
    notes = ["procedure field: dropped (no level has both outcomes)",
             "month of receipt: 2020-02 pooled with 2020-12 (all on time or all late, so no "
             "effect can be estimated)",
             "statutory limit: dropped (only 12 dossiers of the rarer outcome: fewer than 10 "
             "per coefficient)", "channel[online]: dropped (collinear with the other factors)"]

    class Fit:
        design = drivers.Design(pd.DataFrame(), {}, {}, notes)
        converged = False

    vi = texts.design_notes(Fit, "vi")
    assert len(vi) == len(notes) + 1
    for v, e in zip(vi, texts.design_notes(Fit)):
        assert_vietnamese(v, e) if not v.startswith("channel[") else None
    assert "chỉ có 12 hồ sơ" in vi[2] and "ít hơn 10" in vi[2]
    for reason in ("no dossiers to model", "one office only: errors cannot be clustered by "
                   "office"):
        assert_vietnamese(texts.no_model(reason, "vi"), texts.no_model(reason))


def _signal_table():
    return pd.DataFrame({"office": ["19867", "19870"], "office_name": ["Thị trấn Sịa",
                                                                       "Xã Quảng Thái"],
                         "n": [1512, 655], "count": [6, 0], "size": [0.40, 0.0],
                         "low": [0.18, 0.0], "high": [0.86, 0.5], "reference": [0.0, 0.0],
                         "p_value": [0.0, 1.0], "p_adjusted": [0.0, 1.0],
                         "verdict": ["flagged", "quiet"]})


def test_finding_messages():
    for signal in forensics.SIGNALS:
        found = forensics.signal_findings(signal, _signal_table(), synthetic=True)
        assert len(found) == 1
        f = found[0]
        assert_vietnamese(f.message_vi.replace("Thị trấn Sịa", ""), f.message_en)
        assert "GIẢ LẬP" in f.message_vi and "0,40" in f.message_vi and "6 trên 1.512" not in \
            f.message_vi and "6 trên 1512" in f.message_vi


def test_localized_tables():
    t = texts.localized(_signal_table().rename(columns={"size": forensics.SIGNALS[
        "late_handover"]["size"]}), "vi")
    assert list(t["verdict"]) == ["có dấu hiệu", "bình thường"]
    assert forensics.SIGNALS["late_handover"]["size_vi"] in t.columns
    wide = pd.DataFrame({"factor": ["limit"], "level": ["same day"], "dossiers (qd766)": [3],
                         "on time % (qd766)": [99.0], "low (qd766)": [98.0],
                         "high (qd766)": [99.5]})
    shown = texts.localized(wide, "vi")
    assert list(shown.columns)[2:] == ["hồ sơ (qd766)", "đúng hạn % (qd766)",
                                       "cận dưới (qd766)", "cận trên (qd766)"]
    assert shown.iloc[0]["level"] == "trong ngày"
    assert texts.localized(wide, "en") is wide


def chart_texts(fig) -> str:
    out = []
    for ax in fig.axes:
        out += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        out += [t.get_text() for t in ax.texts]
        legend = ax.get_legend()
        out += [t.get_text() for t in legend.get_texts()] if legend else []
    plt.close(fig)
    return "\n".join(t for t in out if t)


def test_charts_in_vietnamese():
    empty = pd.DataFrame(columns=["factor", "level", "convention", "rate", "ci_low", "ci_high"])
    hist = pd.DataFrame({"office": ["a"] * 3, "offset": [-2, -1, 0], "resolutions": [3, 4, 9],
                         "trend": [3.0, 3.5, 4.0]})
    builders = [
        lambda lang: charts.rates_chart(empty, "office", ("a", "b"), language=lang),
        lambda lang: charts.ame_chart(None, language=lang),
        lambda lang: charts.km_chart(pd.DataFrame(columns=["group"]), language=lang),
        lambda lang: charts.signal_chart(_signal_table(), texts.signal_size("exits", lang),
                                         texts.chart_title("signal", "X", lang,
                                                           texts.signal_title("exits", lang)),
                                         language=lang),
        lambda lang: charts.bunching_chart(hist, texts.chart_title("bunching_histogram", "X",
                                                                   lang), language=lang),
    ]
    for build in builders:
        assert_vietnamese(chart_texts(build("vi")), chart_texts(build("en")))


def test_markdown_cells_have_vietnamese_twins():
    nb = jupytext.read(NOTEBOOKS_DIR / "03_ontime_drivers.py")
    cells = [c for c in nb.cells if c.cell_type == "markdown"]
    tags = [c.metadata.get("tags", []) for c in cells]
    assert tags == [["lang-en"], ["lang-vi"]] * (len(cells) // 2) and len(cells) >= 6
    for en, vi in zip(cells[::2], cells[1::2]):
        english = en.source.replace("QĐ 766", "")  # the decision's name is an identifier
        assert VI_LETTERS.search(vi.source) and not VI_LETTERS.search(english)


def prose(html: str) -> str:
    html = re.sub(r"(?s)<(style|script|table|title)\b.*?</\1>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.notebook
def test_vietnamese_report_without_records(tmp_path):
    import os
    import subprocess
    import sys

    env = dict(os.environ, JUPYTER_PREFER_ENV_PATH="1", PYTHONHASHSEED="0")
    subprocess.run([sys.executable, "-m", "motcua.runs.cli", "run", "03_ontime_drivers",
                    "--params", str(PROJECT_ROOT / "params" / "huu-lung.yaml"),
                    "--language", "vi", "--out", str(tmp_path)], check=True, env=env,
                   cwd=PROJECT_ROOT)
    out = tmp_path / "huu-lung"
    text = prose((out / "03_ontime_drivers.vi.html").read_text(encoding="utf-8"))
    nb = json.loads((out / "03_ontime_drivers.vi.ipynb").read_text(encoding="utf-8"))
    english = [c for c in nb["cells"] if "lang-en" in c["metadata"].get("tags", [])]
    starts = [" ".join(re.sub(r"^[#*\s]+", "", "".join(c["source"])).split())[:30]
              for c in english]
    assert starts and not [s for s in starts if s in text]
    assert "Báo cáo này cần" in text and "NgayHenTra" in text
    for key in texts.PROSE:  # no record section's heading or method prose, in either language
        for lang in ("en", "vi"):
            first = texts.prose(key, lang).split("\n")[0].lstrip("# ")
            assert first[:40] not in text, first
    for phrase in ("This report needs", "No records", "no findings", "parameters:"):
        assert phrase not in text, phrase
