"""The golden notebooks catch a changed figure: a temporary copy of the project with one printed
figure changed (Hữu Lũng's "780 lượt" staff trainings → 781, in the article and its register
alike, so the register still validates) must fail the golden comparison, and the unchanged copy
must pass (so the failure is the figure's doing, not the copy's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from motcua.config import PROJECT_ROOT

pytestmark = pytest.mark.notebook

SLUG = "huu-lung"
REGISTER = "data/claims/huu-lung.yaml"
ARTICLE = "data/articles/002_937330877ca26213.txt"


def _copy_project(dst):
    for name in ("lib", "notebooks", "data/claims", "data/articles", "data/real", "data/calendar"):
        shutil.copytree(PROJECT_ROOT / name, dst / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    (dst / "tests" / "golden").mkdir(parents=True)
    shutil.copytree(PROJECT_ROOT / "tests" / "golden" / SLUG, dst / "tests" / "golden" / SLUG)
    for name in ("pyproject.toml", "tests/conftest.py", "tests/sanitize.cfg"):
        shutil.copy(PROJECT_ROOT / name, dst / name)


def _nbval(root) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(root / "lib"), PYTHONHASHSEED="0")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider",
         f"tests/golden/{SLUG}/01_claims_audit.ipynb"],
        cwd=root, env=env, capture_output=True, text=True, timeout=600)


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found (update this test)"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_golden_comparison_fails_on_a_changed_figure(tmp_path):
    _copy_project(tmp_path)
    clean = _nbval(tmp_path)
    assert clean.returncode == 0, clean.stdout[-3000:]

    _replace(tmp_path / REGISTER, 'value_text: "780"', 'value_text: "781"')
    _replace(tmp_path / REGISTER, "value: 780\n", "value: 781\n")
    _replace(tmp_path / REGISTER, "đào tạo 780 lượt", "đào tạo 781 lượt")
    _replace(tmp_path / ARTICLE, "đào tạo 780 lượt", "đào tạo 781 lượt")
    changed = _nbval(tmp_path)
    assert changed.returncode != 0, "golden comparison did not notice 780 → 781"
    assert "781" in changed.stdout and "780" in changed.stdout, changed.stdout[-3000:]
