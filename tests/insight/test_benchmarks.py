"""What normal looks like: per objective and cohort, completion rate and median / 75th /
90th percentile days to complete; the stage funnel."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow

T0 = datetime(2025, 3, 10, 9)
STAGE = {
    "kind": "stage",
    "entity": "organisation",
    "entry": {"invoices_created": 0},
    "objectives": [
        {"name": f"did_{x}", "completion": {"event": f"{x}_done", "at_least": 1}}
        for x in ("a", "b", "c", "d")
    ],
    "exit": {"after": "20 days"},
}
PRO = {"kind": "cohort", "entity": "organisation", "criteria": {"plan": "pro"}}
# days from stage entry to completing did_a; org5 never does, org6 enters later
A_DAYS = {"org0": 1, "org1": 2, "org2": 3, "org3": 4, "org4": 10}


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (percentile_cont)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def test_percentiles_per_cohort_and_the_stage_funnel(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {"onboarding": STAGE, "pro_accounts": PRO}
    orgs = [org(f"org{i}", plan="pro" if i in (3, 4) else "starter") for i in range(6)]
    s.load(organisations=orgs, people=[person(f"p{i}", f"org{i}") for i in range(6)])
    s.evaluate(f"{T0:%Y-%m-%d %H:%M:%S}")
    events = [
        event(f"a_{o}", "a_done", f"{T0 + timedelta(days=d):%Y-%m-%d %H:%M:%S}", o)
        for o, d in A_DAYS.items()
    ]
    events += [event("b_org0", "b_done", "2025-03-12 09:00:00", "org0")]
    events += [event(f"{x}_org0", f"{x}_done", "2025-03-13 09:00:00", "org0") for x in "cd"]
    s.load(events=events, organisations=[*orgs, org("org6")])
    s.evaluate("2025-04-01 09:00:00")  # every first episode has exited or completed

    rows = {
        (r["objective_name"], r["cohort_name"]): r
        for r in s.query("select * from {schema}.trig_objective_benchmarks")
    }
    everyone = rows[("did_a", "(all)")]
    # org6 entered at the second evaluation: still active, not in the benchmark
    assert (everyone["stage_episodes"], everyone["completed"], everyone["incomplete"]) == (6, 5, 1)
    assert float(everyone["completion_rate"]) == pytest.approx(5 / 6)
    days = list(map(float, A_DAYS.values()))
    for column, fraction in (("median", 0.5), ("p75", 0.75), ("p90", 0.9)):
        assert float(everyone[f"{column}_days_to_complete"]) == pytest.approx(
            percentile(days, fraction)
        ), column
    assert float(everyone["p90_days_to_complete"]) == pytest.approx(7.6)
    pro = rows[("did_a", "pro_accounts")]
    assert (pro["stage_episodes"], pro["completed"]) == (2, 2)
    assert float(pro["median_days_to_complete"]) == pytest.approx(7.0)
    assert everyone["is_below_meaningful_sample"] is True

    funnel = s.query(
        "select step_name, episodes from {schema}.trig_stage_funnel order by step_number"
    )
    assert [(r["step_name"], r["episodes"]) for r in funnel] == [
        ("entered", 7),
        ("did_a", 5),
        ("did_b", 1),
        ("did_c", 1),
        ("did_d", 1),
        ("completed", 1),
        ("exited_incomplete", 5),
        ("active", 1),
    ]
