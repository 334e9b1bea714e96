"""A slow office planted in SYNTHETIC records lies below the 99.8 % funnel limit, and clean
communes stay inside about as often as the limit's nominal rate says (0.2 %).

The simulator's ``slow_office`` fault (``motcua.synth.simulate``) gives one office a late share
6 times its peers' median expected one (at least 4 %); in plant mode every other office is
fault-free, with the same dossiers as in the fault-free run of that seed. The test counts both
the slow office's hits and the clean communes outside over 20 seeds (one simulation each, to
keep the run time down); the counts are in the assertion message.
"""

import pytest
from scipy import stats

from motcua.analysis.compare import load_comparisons
from motcua.analysis.compare_data import record_units
from motcua.analysis.compare_findings import comparison_findings
from motcua.analysis.compare_funnel import funnel_table
from motcua.records.tables import Records
from motcua.synth import simulate_locality

SEEDS = range(1, 21)
NOMINAL = 0.002  # outside the 99.8 % limits by chance


def records_of(result) -> Records:
    period = result.metadata["period"]
    return Records(result.dossiers, result.events, result.surveys, period["start"],
                   period["end"], synthetic=True)


def allowed(checks: int) -> int:
    """Most units outside that the nominal rate allows: the 99 % point of Binomial(checks,
    0.2 %)."""
    return int(stats.binom.ppf(0.99, checks, NOMINAL))


@pytest.mark.notebook  # slow: 20 simulations
def test_planted_slow_office_lies_below_the_limit_and_its_peers_inside():
    slow, hits, outside, checks = "19873", 0, 0, 0
    for seed in SEEDS:
        res = simulate_locality("quang-dien-2020", seed=seed, plant={"slow_office": [slow]})
        assert set(res.ground_truth.loc[res.ground_truth["fault"] == "slow_office",
                                        "reception_unit"]) == {slow}
        units, _ = record_units(records_of(res), "on_time", "communes_in_district")
        table, _ = funnel_table(units)
        side = table.set_index("unit_code")["outside_998"]
        hits += side[slow] == "low"
        outside += int((side.drop(slow) != "").sum())
        checks += len(side) - 1
    msg = (f"slow office below the 99.8% limit in {hits}/{len(SEEDS)} seeds; clean communes "
           f"outside {outside}/{checks} (allowed {allowed(checks)})")
    print(msg)
    assert hits >= 0.8 * len(SEEDS), msg
    assert outside <= allowed(checks), msg


def test_the_finding_names_the_slow_office():
    res = simulate_locality("kim-bang-2022", seed=1, plant={"slow_office": ["13393"]})
    [cmp] = load_comparisons(source="records", level="communes_in_district",
                             indicators=["on_time"], records=records_of(res))
    flagged = [f for f in comparison_findings(cmp, synthetic=True) if f.check == "funnel_outlier"]
    assert [(f.unit_code, f.unit_name, f.severity, f.status) for f in flagged] == [
        ("13393", "Phường Lê Hồ", "warning", "flagged")]
    assert "below the 99.8% limits" in flagged[0].message_en
