"""The command line contract: files written, one-line errors, non-zero exits."""

import json
import re
import subprocess
import sys

import pytest

from motcua.config import CLAIMS_DIR, PROJECT_ROOT


def motcua(*args, cwd=PROJECT_ROOT):
    return subprocess.run([sys.executable, "-m", "motcua.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_check_claims_prints_findings_json():
    r = motcua("check-claims", CLAIMS_DIR / "quang-dien-2020.yaml")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    keys = {"id", "check", "severity", "claim_ids", "claimed", "recomputed", "message_en",
            "message_vi"}
    assert out and all(keys <= set(f) for f in out)
    assert any(f["check"] == "target" and f["severity"] == "warning" for f in out)


def test_check_claims_bad_file_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("register: bad\nsynthetic: false\n", encoding="utf-8")
    r = motcua("check-claims", bad)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad.yaml" in lines[0] and "missing top-level field" in lines[0]


def test_missing_file_exit_non_zero(tmp_path):
    r = motcua("check-claims", tmp_path / "none.yaml")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_run_rejects_unknown_parameter_before_any_kernel(tmp_path):
    p = tmp_path / "p.yaml"
    p.write_text('slug: "x"\ntitle: "t"\nclaims_files: ["huu-lung.yaml"]\nseed: 3\n')
    r = motcua("run", "01_claims_audit", "--params", p, "--out", tmp_path / "out")
    assert r.returncode == 2 and "'seed': unknown parameter" in r.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.notebook
def test_run_writes_notebook_html_and_summary(tmp_path):
    out = tmp_path / "reports"
    r = motcua("run", "01_claims_audit", "--params", PROJECT_ROOT / "params/dong-quang-2022.yaml",
               "--out", out)
    assert r.returncode == 0, r.stderr
    d = out / "dong-quang-2022"
    html = (d / "01_claims_audit.html").read_text(encoding="utf-8")
    assert "Đồng Quang" in html and "phường Đồng Quang" in html  # diacritics intact
    assert "load_register(" not in html and "import motcua" not in html  # no code
    assert "vnd.motcua.summary" not in html
    nb = json.loads((d / "01_claims_audit.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"]["slug"] == "dong-quang-2022"
    assert "Đồng Quang" in (d / "01_claims_audit.ipynb").read_text(encoding="utf-8")
    summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
    assert summary["synthetic"] is False
    perfect = [f for f in summary["findings"] if f["check"] == "perfect_score"]
    assert perfect and perfect[0]["severity"] == "warning" and "3,028" in perfect[0]["message_en"]
    # no personal names from the article reach the report
    for name in ("Nguyễn Thị Minh Thu", "Hoàng Anh Tuấn"):
        assert name not in html
    assert not re.search(r"\b0\d{9}\b", html)  # no phone numbers
