"""``motcua batch``: resume, failure isolation, refusals, atomic and identical reports.

Behaviour-named cases on the fastest real report (Hữu Lũng's claims audit: no records)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from motcua.config import PROJECT_ROOT
from motcua.errors import MotcuaError, ParamsError
from motcua.runs.batch import run_batch, run_one

pytestmark = pytest.mark.notebook

HUU = PROJECT_ROOT / "params" / "huu-lung.yaml"
NB = ["01_claims_audit"]


def params(tmp_path, slug, extra="", claims="huu-lung.yaml"):
    p = tmp_path / f"{slug}.yaml"
    p.write_text(f'slug: "{slug}"\ntitle: "T {slug}"\nclaims_files: ["{claims}"]\n{extra}',
                 encoding="utf-8")
    return p


def broken_records(tmp_path):
    d = tmp_path / "records"
    d.mkdir()
    (d / "dossiers.parquet").write_text("not parquet", encoding="utf-8")
    return d


def cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "motcua.runs.cli", *map(str, args)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600, **kw)


def test_broken_locality_fails_alone_and_is_named_last(tmp_path):
    good = params(tmp_path, "good")
    bad_records = params(tmp_path, "bad-records",
                         f'records_dir: "{broken_records(tmp_path)}"\n')
    invalid = params(tmp_path, "invalid", "confidence: 7\n")
    out = tmp_path / "out"
    r = cli("batch", good, bad_records, invalid, "--out", out, "--notebooks", "01_claims_audit",
            "--no-progress")
    assert r.returncode == 1
    tail = r.stderr.strip().splitlines()[-2:]
    assert any("FAILED: bad-records/01_claims_audit" in x for x in tail), r.stderr
    assert any("INVALID" in x and "invalid.yaml" in x and "confidence" in x for x in tail)
    assert (out / "good" / "01_claims_audit.summary.json").is_file()
    failed = out / "bad-records"
    assert (failed / "01_claims_audit.ipynb").is_file()  # the partial notebook is kept
    err = json.loads((failed / "01_claims_audit.error.json").read_text(encoding="utf-8"))
    assert err["cell"] is not None and "dossiers.parquet" in err["evalue"]
    assert not (failed / "summary.json").exists()
    assert not (out / "invalid").exists()  # no folder, so no dead link in the index
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {r["status"] for r in index} >= {"ok", "failed", "invalid"}
    assert all(not r["report"] or (out / r["report"]).is_file() for r in index)


def test_unchanged_rerun_makes_nothing_and_force_remakes_identically(tmp_path):
    out = tmp_path / "out"
    first = run_batch([HUU], out, notebooks=NB, show_progress=False)
    html = (out / "huu-lung" / "01_claims_audit.html").read_bytes()
    nb = (out / "huu-lung" / "01_claims_audit.ipynb").read_bytes()
    t0 = time.perf_counter()
    again = run_batch([HUU], out, notebooks=NB, show_progress=False)
    assert [r.status for r in first] == ["ok"] and [r.status for r in again] == ["cached"]
    assert time.perf_counter() - t0 < 10
    forced = run_batch([HUU], out, notebooks=NB, force=True, show_progress=False)
    assert [r.status for r in forced] == ["ok"]
    assert (out / "huu-lung" / "01_claims_audit.html").read_bytes() == html
    assert (out / "huu-lung" / "01_claims_audit.ipynb").read_bytes() == nb
    assert str(PROJECT_ROOT) not in nb.decode("utf-8")  # no machine's absolute path


def test_reused_kernel_gives_the_same_report_as_a_fresh_kernel(tmp_path):
    a, b = params(tmp_path, "a"), params(tmp_path, "b", claims="dong-quang-2022.yaml")
    reused = tmp_path / "reused"
    run_batch([a, b], reused, notebooks=NB, workers=1, show_progress=False)
    fresh = tmp_path / "fresh"
    run_one("01_claims_audit", b, fresh)
    for name in ("01_claims_audit.ipynb", "01_claims_audit.html",
                 "01_claims_audit.summary.json"):
        assert (reused / "b" / name).read_bytes() == (fresh / "b" / name).read_bytes(), name


def test_interrupted_batch_resumes_with_only_the_rest(tmp_path):
    files = [params(tmp_path, f"loc-{i}") for i in range(4)]
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "motcua.runs.cli", "batch", *map(str, files), "--out", str(out),
         "--notebooks", "01_claims_audit", "--jobs", "1", "--no-progress"],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    while time.time() < deadline and not list(out.glob("*/01_claims_audit.summary.json")):
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert (out / "index.html").is_file()
    finished = len(list(out.glob("*/01_claims_audit.summary.json")))
    assert 1 <= finished < 4
    r = cli("batch", *files, "--out", out, "--notebooks", "01_claims_audit", "--no-progress")
    assert r.returncode == 0, r.stderr
    assert f"{4 - finished} made, {finished} unchanged" in r.stderr


def test_same_slug_twice_is_refused_and_same_file_twice_runs_once(tmp_path):
    one, other = params(tmp_path, "x"), tmp_path / "other.yaml"
    other.write_text(one.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ParamsError, match="slug 'x'"):
        run_batch([one, other], tmp_path / "o1", notebooks=NB, show_progress=False)
    results = run_batch([one, one], tmp_path / "o2", notebooks=NB, show_progress=False)
    assert [r.status for r in results] == ["ok"]


def test_output_folder_refusals(tmp_path):
    with pytest.raises(ParamsError, match="source folder"):
        run_batch([HUU], PROJECT_ROOT / "notebooks", notebooks=NB, show_progress=False)
    out = tmp_path / "out"
    (out / "huu-lung").mkdir(parents=True)
    outside = tmp_path / "outside.json"
    outside.write_text("{}", encoding="utf-8")
    os.symlink(outside, out / "huu-lung" / "summary.json")
    os.symlink(outside, out / "huu-lung" / "01_claims_audit.html")
    run_batch([HUU], out, notebooks=NB, show_progress=False)
    assert outside.read_text(encoding="utf-8") == "{}"  # never written through
    assert not (out / "huu-lung" / "summary.json").is_symlink()


def test_a_second_batch_on_the_same_folder_waits_its_turn(tmp_path):
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".motcua-batch.lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        with pytest.raises(MotcuaError, match="another motcua batch"):
            run_batch([HUU], out, notebooks=NB, show_progress=False)
    run_batch([params(tmp_path, "first")], out, notebooks=NB, show_progress=False)
    run_batch([params(tmp_path, "second")], out, notebooks=NB, show_progress=False)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {"first", "second"} <= {r["slug"] for r in index}


def test_failed_rerun_does_not_leave_the_old_summary(tmp_path):
    p = params(tmp_path, "flip")
    out = tmp_path / "out"
    run_batch([p], out, notebooks=NB, show_progress=False)
    assert (out / "flip" / "summary.json").is_file()
    p.write_text(p.read_text(encoding="utf-8")
                 + f'records_dir: "{broken_records(tmp_path)}"\n', encoding="utf-8")
    [r] = run_batch([p], out, notebooks=NB, show_progress=False)
    assert r.status == "failed"
    assert not (out / "flip" / "01_claims_audit.summary.json").exists()
    assert not (out / "flip" / "summary.json").exists()


def test_batch_through_a_dask_local_cluster(tmp_path):
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster) as client:
        results = run_batch([HUU], tmp_path / "out", notebooks=NB, scheduler=client,
                            show_progress=False)
    assert [r.status for r in results] == ["ok"]
    assert (tmp_path / "out" / "huu-lung" / "01_claims_audit.summary.json").is_file()
