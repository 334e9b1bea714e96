"""The command line contract: files written, one-line errors, non-zero exits."""

import json
import re
import subprocess
import sys

import pytest

from motcua.config import CLAIMS_DIR, PROJECT_ROOT


def motcua(*args, cwd=PROJECT_ROOT):
    return subprocess.run([sys.executable, "-m", "motcua.runs.cli", *map(str, args)], cwd=cwd,
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


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory):
    """Every bundled locality's report, as the README's main command writes them."""
    out = tmp_path_factory.mktemp("reports")
    r = motcua("batch", *sorted((PROJECT_ROOT / "params").glob("*.yaml")), "--out", out,
               "--no-progress")
    assert r.returncode == 0, r.stderr
    return out


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
    assert "SYNTHETIC RECORDS" in html  # the records section says what the records are
    nb = json.loads((d / "01_claims_audit.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"]["slug"] == "dong-quang-2022"
    summary = json.loads((d / "summary.json").read_text(encoding="utf-8"))
    assert summary["claims_synthetic"] is False and summary["records_synthetic"] is True
    assert summary["synthetic"] is True
    perfect = [f for f in summary["findings"] if f["check"] == "perfect_score"]
    assert perfect and perfect[0]["severity"] == "warning" and "3,028" in perfect[0]["message_en"]
    records = [f for f in summary["findings"] if f["check"] == "records"]
    assert records and all("SYNTHETIC" in f["message_en"] for f in records)


@pytest.mark.notebook
def test_batch_writes_every_locality_and_an_index(batch_out):
    from motcua.runs.params import NOTEBOOK_PARAMS

    slugs = {p.stem for p in (PROJECT_ROOT / "params").glob("*.yaml")}
    for slug in slugs:
        for nb in NOTEBOOK_PARAMS:
            made = [(batch_out / slug / f"{nb}.{x}").is_file()
                    for x in ("ipynb", "html", "summary.json")]
            skipped = (batch_out / slug / f"{nb}.na.json").is_file()
            assert all(made) or (skipped and not any(made)), (slug, nb)
    index = json.loads((batch_out / "index.json").read_text(encoding="utf-8"))
    assert {r["slug"] for r in index} == slugs
    assert {r["status"] for r in index} <= {"ok", "not applicable"}
    assert "SYNTHETIC" in (batch_out / "index.html").read_text(encoding="utf-8")
    assert (batch_out / "index.csv").read_text(encoding="utf-8").startswith("slug,title,")


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser")


def _dom(url: str, tmp_path, screenshot=None) -> str:
    args = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'chromium-profile'}", "--virtual-time-budget=3000"]
    if screenshot:
        args += ["--window-size=1400,1000", f"--screenshot={screenshot}"]
    else:
        args += ["--dump-dom"]
    r = subprocess.run(args + [url], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


@pytest.mark.notebook
def test_reports_render_in_a_real_browser(batch_out, tmp_path):
    """index.html and one report of each notebook, opened in headless Chromium (installed by
    scripts/test.sh): pages render, diacritics intact, every link resolves, no code, no
    traceback; a screenshot of the index is kept in test-output/."""
    import html as html_lib
    from urllib.parse import unquote

    assert _chromium(), "chromium is missing: scripts/test.sh installs it (apt-get)"
    index = _dom((batch_out / "index.html").as_uri(), tmp_path)
    assert "Hữu Lũng" in index and "Quảng Điền" in index
    links = re.findall(r'href="([^"#]+)"', index)
    assert links
    for link in links:
        assert (batch_out / unquote(html_lib.unescape(link))).is_file(), link
    rows = json.loads((batch_out / "index.json").read_text(encoding="utf-8"))
    one_per_notebook = {}
    for r in rows:
        if r["status"] == "ok":
            one_per_notebook.setdefault(r["notebook"], r["report"])
    for notebook, report in sorted(one_per_notebook.items()):
        dom = _dom((batch_out / report).as_uri(), tmp_path)
        assert "Traceback" not in dom and "import motcua" not in dom, report
        assert 'class="highlight hl-ipython3"' not in dom, report  # no code cell
        assert re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", dom), report
    shots = PROJECT_ROOT / "test-output"
    shots.mkdir(exist_ok=True)
    _dom((batch_out / "index.html").as_uri(), tmp_path, screenshot=shots / "index.png")
    assert (shots / "index.png").stat().st_size > 10_000


@pytest.mark.notebook
def test_no_personal_data_in_any_generated_report(batch_out):
    from motcua.vn.privacy import scan_report

    hits = scan_report(batch_out)
    assert not hits, [str(h) for h in hits[:10]]
    # the articles do name citizens; none of those names reaches a report
    for path in batch_out.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for name in ("Nguyễn Thị Minh Thu", "Đặng Thị Ân", "Hoàng Xuân Mạnh"):
            assert name not in text, (path, name)


def test_the_report_scan_can_fail(tmp_path):
    from motcua.vn.privacy import scan_report

    (tmp_path / "r.html").write_text("<p>CCCD 001203004567, ĐT 0912345678</p>",
                                     encoding="utf-8")
    kinds = {h.kind for h in scan_report(tmp_path)}
    assert len(kinds) >= 2, kinds


def test_ingest_writes_parquet_quarantine_and_report(tmp_path):
    corpus = PROJECT_ROOT / "tests" / "data" / "ingest"
    src = corpus / "bad_duplicates.csv"
    r = motcua("ingest", "dossiers", src, "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "ingest.json").read_text(encoding="utf-8"))
    for key in ("rows_read", "rows_accepted", "rows_quarantined"):
        assert key in report
    assert report["rows_read"] == report["rows_accepted"] + report["rows_quarantined"]
    assert report["rows_quarantined"] >= 1
    assert (tmp_path / "dossiers.parquet").is_file() and (tmp_path / "quarantine.csv").is_file()


def test_ingest_unreadable_file_one_line(tmp_path):
    r = motcua("ingest", "dossiers", PROJECT_ROOT / "tests/data/ingest/bad_empty.csv",
               "--out", tmp_path)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "bad_empty.csv" in lines[0]


def test_simulate_writes_synthetic_records(tmp_path):
    r = motcua("simulate", "--locality", "dong-quang-2022", "--seed", "7", "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    meta = json.loads((tmp_path / "dong-quang-2022" / "metadata.json").read_text())
    assert meta["synthetic"] is True and meta["seed"] == 7
    assert "SYNTHETIC" in r.stderr
    bad = motcua("simulate", "--locality", "nowhere", "--seed", "1", "--out", tmp_path)
    assert bad.returncode == 2 and "nowhere" in bad.stderr
