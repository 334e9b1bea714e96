"""Ingest outputs and input failures: links planted at output paths are refused, nothing is
written through them, and every failure is one line naming the file with exit code 2."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pandas as pd
import pytest

from motcua.errors import InputError
from motcua.records import ingest, tables

CORPUS = Path(__file__).parent / "data" / "ingest"
SRC = CORPUS / "bad_duplicates.csv"


@pytest.mark.parametrize("name", ["quarantine.csv", "ingest.json", "dossiers.parquet"])
def test_a_link_at_an_output_path_is_refused(tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / name).symlink_to(victim)
    with pytest.raises(InputError) as e:
        ingest.ingest("dossiers", [SRC], out)
    assert name in str(e.value) and "link" in e.value.reason
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (out / name).is_symlink()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_outputs_are_replaced_whole(tmp_path):
    ingest.ingest("dossiers", [SRC], tmp_path)
    before = (tmp_path / "quarantine.csv").stat().st_ino
    ingest.ingest("dossiers", [CORPUS / "dossiers_portal.csv"], tmp_path)
    assert (tmp_path / "quarantine.csv").stat().st_ino != before  # renamed into place
    assert len(pd.read_csv(tmp_path / "quarantine.csv")) == 0


def cli(*args) -> tuple[int, str]:
    import subprocess

    r = subprocess.run([sys.executable, "-m", "motcua.runs.cli", *map(str, args)],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, r.stderr


def test_out_is_a_file_exit_2(tmp_path):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    rc, err = cli("ingest", "dossiers", SRC, "--out", f)
    assert rc == 2 and len(err.strip().splitlines()) == 1 and str(f) in err
    rc, err = cli("ingest", "dossiers", SRC, "--out", f / "sub")
    assert rc == 2 and len(err.strip().splitlines()) == 1 and str(f) in err


def test_unreadable_input_exit_2(tmp_path, monkeypatch):
    from motcua.runs import cli as cli_mod

    real_open = Path.open

    def deny(self, *a, **k):
        if self.name == "dossiers_portal.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(InputError, match="dossiers_portal.csv.*Permission denied"):
        ingest.load_dossiers(CORPUS / "dossiers_portal.csv")
    assert cli_mod.main(["ingest", "dossiers", str(CORPUS / "dossiers_portal.csv"),
                         "--out", str(tmp_path)]) == 2


def test_unwritable_output_exit_2(tmp_path, monkeypatch):
    import tempfile

    def deny(*a, **k):
        raise PermissionError(13, "Permission denied", str(k.get("dir") or a))

    monkeypatch.setattr(tempfile, "mkstemp", deny)
    with pytest.raises(InputError, match="Permission denied"):
        ingest.ingest("dossiers", [SRC], tmp_path)


def test_records_folder_with_the_wrong_table(tmp_path):
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "dossiers.parquet")
    with pytest.raises(InputError) as e:
        tables.read_clean_tables(tmp_path)
    assert "dossiers.parquet" in str(e.value) and "received_at" in str(e.value)
    assert "\n" not in str(e.value)


def test_records_folder_with_a_broken_metadata_file(tmp_path):
    pd.DataFrame({"x": [1]}).to_parquet(tmp_path / "dossiers.parquet")
    (tmp_path / "metadata.json").write_bytes(b"\xff\xfe{")
    with pytest.raises(InputError, match="metadata.json"):
        tables.read_clean_tables(tmp_path)


def test_records_folder_checked_without_reading_everything(tmp_path):
    src = Path(__file__).resolve().parents[1] / "data" / "synthetic" / "kim-bang-2022"
    if not src.is_dir():
        pytest.skip("no synthetic records")
    tables.check_records_folder(src)
    with pytest.raises(InputError, match="dossier_id"):
        pd.DataFrame({"received_at": pd.to_datetime(["2022-01-01"])}).to_parquet(
            tmp_path / "dossiers.parquet")
        tables.check_records_folder(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_input_may_be_a_link(tmp_path):
    link = tmp_path / "in.csv"
    link.symlink_to(CORPUS / "dossiers_portal.csv")
    assert len(ingest.load_dossiers(link).table) == 5
