"""Locality profiles as data (data/synth_profiles/<slug>.yaml): every published figure is printed
in its source article, the loader refuses malformed files with one reason naming the file, and
the simulator's modules keep to the size rules of the code style."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import motcua.synth as sim
from motcua.config import ARTICLES_DIR, PROJECT_ROOT
from motcua.errors import InputError
from motcua.synth.profiles import PROFILES_DIR, load_profile

SYNTH_DIR = PROJECT_ROOT / "lib" / "motcua" / "synth"
SIMULATOR_MODULES = ("catalogue", "checks", "clock", "contract", "dossiers", "faults",
                     "lifecycle", "profiles", "result", "simulate", "sizes", "surveys", "write")


def test_one_profile_file_per_slug():
    assert sorted(p.stem for p in PROFILES_DIR.glob("*.yaml")) == sorted(sim.SLUGS)
    assert list(sim.PROFILES) == list(sim.SLUGS)


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_published_figures_are_printed_in_the_source_article(slug):
    prof = sim.PROFILES[slug]
    article = (ARTICLES_DIR / f"{prof.article}.txt").read_text(encoding="utf-8")
    quotes = prof.source["quotes"]
    assert quotes and all(q in article for q in quotes)  # verbatim sentences of the article
    for p in prof.published:
        assert any(p["text"] in q for q in quotes), p["id"]  # every figure is quoted


@pytest.mark.parametrize("slug", sim.SLUGS)
def test_profile_units_and_published_units_agree(slug):
    prof = sim.PROFILES[slug]
    codes = {u.code for u in prof.units}
    for g in prof.groups:
        assert set(g.units) <= codes
    for u in prof.units:
        if u.received is not None:
            assert 0 <= u.on_time <= u.received


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _good_text() -> str:
    return (PROFILES_DIR / "dong-quang-2022.yaml").read_text(encoding="utf-8")


def test_loader_reads_a_copy_like_the_original(tmp_path):
    prof = load_profile(_write(tmp_path, _good_text()))
    assert prof == sim.PROFILES["dong-quang-2022"]


@pytest.mark.parametrize("change, reason", [
    (("online_share: 0.25", "online_shar: 0.25"), "unknown fields"),
    (('level: "commune"', 'level: "ward"'), "level must be one of"),
    (('{code: "05458"', "{code: 5458"), "quoted string"),
    (('metric: "interagency"', 'metric: "speed"'), "unknown metric"),
    (("online_share: 0.25", "online_share: 0.25\nonline_share: 0.3"), "duplicate key"),
    (('slug: "dong-quang-2022"\n', ""), "missing fields"),
])
def test_loader_refuses_malformed_profiles(tmp_path, change, reason):
    old, new = change
    text = _good_text()
    assert old in text
    with pytest.raises(InputError, match=reason) as exc:
        load_profile(_write(tmp_path, text.replace(old, new, 1)))
    assert "p.yaml" in str(exc.value)


@pytest.mark.parametrize("module", SIMULATOR_MODULES)
def test_simulator_modules_keep_the_size_rules(module):
    path = SYNTH_DIR / f"{module}.py"
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 400
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert node.end_lineno - node.lineno + 1 <= 60, node.name
