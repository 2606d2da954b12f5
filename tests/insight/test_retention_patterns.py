"""Pattern discovery: doers of one objective retain visibly better, another objective's
gap is noise on a handful of organisations; the ranking and the small-sample flag show
it, with every number checked against a hand calculation."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.engine.harness import DEFAULT_COLUMNS, ORGANISATION_COLUMNS, Scenario
from tests.engine.rows import event, org, person
from tests.insight.stats import two_proportions

pytestmark = pytest.mark.slow

T0 = "2025-03-10 09:00:00"
LATER = "2025-04-01 09:00:00"  # window (7 days) and horizon (14 days) both over
CHURN_AFTER_WINDOW = datetime(2025, 3, 20, 12)
CHURN_INSIDE_WINDOW = datetime(2025, 3, 13, 12)

STAGE = {
    "kind": "stage",
    "entity": "organisation",
    "entry": {"plan": "starter"},
    "objectives": [
        {"name": f"did_{x}", "completion": {"event": f"{x}_done", "at_least": 1}}
        for x in ("a", "b", "c", "d")
    ],
    "exit": {"after": "10 days"},
}
BEHAVIOUR = {"kind": "behaviour", "entity": "person", "completion": {"event": "report_viewed"}}

A_DOERS = range(0, 60)  # 54 retained (0..53), 6 churn after the window
RETAINED = [*range(0, 54), *range(60, 90)]
B_DOERS = [0, 1, 60, 61, 90, 91]  # 4 of 6 retained: noise
CHURNED_IN_WINDOW = range(120, 125)  # left out: they had less time to do anything


def name(i: int) -> str:
    return f"org{i:03d}"


@pytest.fixture
def scenario(warehouse, tmp_path) -> Scenario:
    columns = {**ORGANISATION_COLUMNS, "churned_at": "timestamp"}
    s = Scenario(
        root=tmp_path / "project",
        warehouse=warehouse,
        columns={**DEFAULT_COLUMNS, "organisations": columns},
    )
    s.project_vars = {
        "trig_retention_churned_at": "churned_at",
        "trig_retention_observation_days": 7,
        "trig_retention_horizon_days": 14,
    }
    s.objects = {"onboarding": STAGE, "viewed_a_report": BEHAVIOUR}
    churned = {
        **{i: CHURN_AFTER_WINDOW for i in range(125) if i not in RETAINED},
        **{i: CHURN_INSIDE_WINDOW for i in CHURNED_IN_WINDOW},
    }
    s.load(
        organisations=[org(name(i), churned_at=churned.get(i)) for i in range(125)],
        people=[person(f"p{i}", name(i)) for i in range(125)],
    )
    return s


def comparison(n1: int, x1: int, n2: int, x2: int) -> dict[str, float]:
    """The statistics the mart should report, by hand."""
    by_hand = two_proportions(n1, x1, n2, x2)
    return {
        "doers": n1,
        "retained_doers": x1,
        "non_doers": n2,
        "retained_non_doers": x2,
        "retention_gap": by_hand["difference"],
        "retention_gap_ci_low": by_hand["difference_ci_low"],
        "retention_gap_ci_high": by_hand["difference_ci_high"],
        "p_value": by_hand["p_value"],
    }


def test_the_aha_objective_ranks_first_and_the_noise_is_flagged(scenario: Scenario) -> None:
    scenario.evaluate(T0)
    at = "2025-03-12 10:00:00"  # inside the 7-day window
    events = [event(f"a{i}", "a_done", at, name(i)) for i in A_DOERS]
    events += [event(f"b{i}", "b_done", at, name(i)) for i in B_DOERS]
    # done after the window: does not make a doer (org062 stays a retained non-doer)
    events.append(event("late", "a_done", "2025-03-18 10:00:00", name(62)))
    scenario.load(events=events)
    scenario.evaluate(LATER)

    rows = {
        r["candidate_name"]: r
        for r in scenario.query("select * from {schema}.trig_retention_patterns")
    }
    assert set(rows) == {"did_a", "did_b", "did_c", "did_d", "viewed_a_report"}
    expected = {"did_a": comparison(60, 54, 60, 30), "did_b": comparison(6, 4, 114, 80)}
    for candidate, numbers in expected.items():
        row = rows[candidate]
        assert row["organisations"] == 120
        assert row["churned_during_window"] == 5
        for column, value in numbers.items():
            assert float(row[column]) == pytest.approx(value, abs=1e-6), (candidate, column)

    a, b = rows["did_a"], rows["did_b"]
    assert (a["rank_in_stage"], b["rank_in_stage"]) == (1, 2)
    assert a["is_significant"] is True and b["is_significant"] is False
    assert a["is_below_meaningful_sample"] is False and a["is_below_significant_sample"] is True
    assert b["is_below_meaningful_sample"] is True
    # nobody did c, d or the behaviour: no gap, ranked after the measurable ones
    assert rows["did_c"]["retention_gap"] is None
    assert {rows[c]["rank_in_stage"] for c in ("did_c", "did_d", "viewed_a_report")} == {3, 4, 5}


def test_a_misspelt_outcome_attribute_names_the_nearest(scenario: Scenario) -> None:
    scenario.project_vars["trig_retention_churned_at"] = "churn_at"
    message = scenario.evaluate_expecting_error(T0)
    assert "trig_retention_churned_at" in message and "did you mean 'churned_at'" in message
