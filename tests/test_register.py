"""The shipped claims register, and how the loader treats malformed claim files."""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from motcua.vn import localities
from motcua.vn.place_names import normalize_name
from motcua.config import ARTICLES_DIR, CLAIMS_DIR
from motcua.errors import InputError
from motcua.claims.register import METRICS, RegisterError, load_register

FILES = sorted(CLAIMS_DIR.glob("*.yaml"))
SLUGS = {"kim-bang-2022", "quang-dien-2020", "huu-lung", "lang-son-2019", "dong-quang-2022"}


@pytest.fixture(scope="module")
def reg():
    return load_register(FILES)


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def test_five_localities_and_at_least_40_claims(reg):
    assert {f.stem for f in FILES} == SLUGS
    assert len(reg.claims) >= 40
    assert reg.claims.groupby("register").size().min() >= 5
    assert not reg.synthetic


def test_every_quote_is_in_its_article(reg):
    for row in reg.claims.itertuples():
        article = _squash((ARTICLES_DIR / f"{row.source_id}.txt").read_text(encoding="utf-8"))
        assert _squash(row.quote) in article, (row.claim_id, row.quote)


def test_every_value_as_written_is_in_its_quote(reg):
    for row in reg.claims.itertuples():
        assert row.value_text.rstrip("%") in row.quote, row.claim_id


def test_locality_codes_exist_in_their_code_list_and_match_the_name(reg):
    coded = reg.localities[reg.localities["code"].notna()]
    assert len(coded) >= 7
    for loc in coded.itertuples():
        unit = localities.lookup(loc.code, loc.code_list)
        assert unit is not None, (loc.locality, loc.code)
        assert normalize_name(unit.name) == normalize_name(loc.name.split(
            ",")[0].split("(")[0]), (loc.name, unit.name)


def test_metrics_cover_the_issue_vocabulary(reg):
    used = set(reg.claims["metric"])
    for m in ("dossiers_received", "dossiers_resolved_on_time", "on_time_rate",
              "sat_very_share", "sat_ok_share", "sat_no_share", "procedures_online_level_4",
              "par_index_score"):
        assert m in used and m in METRICS


def test_kinds_and_aggregations(reg):
    c = reg.claims.set_index("claim_id")
    assert c.loc["qd-2021-target-on-time", "kind"] == "target"
    assert c.loc["kb-2022-communes-sat-no", "aggregation"] == "unit_average"
    assert c.loc["qd-2020-communes-received", "value"] == 17391
    assert c.loc["kb-2022-communes-sat-ok", "value_text"] == "36,60%"
    assert c.loc["ls-communes-consolidated", "denominator"] == 226


# ---- malformed files ---------------------------------------------------------------------

GOOD = yaml.safe_load((CLAIMS_DIR / "dong-quang-2022.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, doc: dict, name="dong-quang-2022.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


def _broken(mutate) -> dict:
    import copy

    doc = copy.deepcopy(GOOD)
    mutate(doc)
    return doc


@pytest.mark.parametrize("mutate, expect", [
    (lambda d: d["claims"][1].update(value_text=3.028), "claim dq-2022-received: field 'value_text'"),
    (lambda d: d["claims"][1].update(value=3.028), "claim dq-2022-received: field 'value'"),
    (lambda d: d["claims"][1].update(colour="red"), "claim dq-2022-received: unknown field 'colour'"),
    (lambda d: d["claims"][1].update(metric="happiness"), "claim dq-2022-received: field 'metric'"),
    (lambda d: d["claims"][1].update(unit="kg"), "claim dq-2022-received: field 'unit'"),
    (lambda d: d["claims"][1].pop("quote"), "claim dq-2022-received: missing field 'quote'"),
    (lambda d: d["claims"][1].update(locality="nowhere"), "undefined locality 'nowhere'"),
    (lambda d: d["claims"][2].update(denominator_ref="nope"), "field 'denominator_ref'"),
    (lambda d: d["localities"]["dq"].update(code=5458), "field 'code' must be a quoted string"),
    (lambda d: d["claims"][1].update(period_start="2023-01-01"), "'period_start' is after"),
    (lambda d: d.update(register="Other Name"), "field 'register' must be lowercase"),
    (lambda d: d["claims"][0].update(id=d["claims"][1]["id"]), "claim_id"),
])
def test_malformed_file_names_file_claim_and_field(tmp_path, mutate, expect):
    path = _write(tmp_path, _broken(mutate))
    with pytest.raises(InputError) as exc:
        load_register([path])
    msg = str(exc.value)
    assert str(path) in msg and expect in msg, msg


def test_all_problems_reported_at_once(tmp_path):
    def mutate(d):
        d["claims"][0].update(metric="x")
        d["claims"][1].update(unit="y")
    with pytest.raises(RegisterError) as exc:
        load_register([_write(tmp_path, _broken(mutate))])
    assert len(exc.value.problems) >= 2


def test_invalid_yaml_names_line(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("register: bad\nclaims: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_register([p])
    assert "bad.yaml" in str(exc.value) and "row" in str(exc.value)


def test_good_copy_loads(tmp_path):
    assert len(load_register([_write(tmp_path, GOOD)]).claims) == len(GOOD["claims"])
