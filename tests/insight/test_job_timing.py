"""Job metrics per arm, and completion within the job's duration against the goal
reached after the deadline, per arm, by hand."""

from __future__ import annotations

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person
from tests.insight.stats import holdout_bucket

pytestmark = pytest.mark.slow

T0 = "2025-03-10 09:00:00"  # deadline: 2025-03-20 09:00
LATER = "2025-03-25 09:00:00"
ORGS = [f"org{i:02d}" for i in range(12)]
TIMED = {
    "kind": "job",
    "entity": "organisation",
    "holdout": "50%",
    "goal": {"event": "invoice_sent", "at_least": 2},
    "audience": {"invoices_created": 0},
    "duration": "10 days",
}
OPEN_ENDED = {
    "kind": "job",
    "entity": "organisation",
    "goal": {"event": "report_viewed"},
    "audience": {"invoices_created": 0},
}


def invoices(o: str, *days: str) -> list[dict]:
    return [event(f"{o}_{d}", "invoice_sent", f"2025-03-{d} 10:00:00", o, f"p_{o}") for d in days]


def test_arms_and_completion_after_the_deadline(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {"timed_nudge": TIMED, "open_nudge": OPEN_ENDED}
    s.load(organisations=[org(o) for o in ORGS], people=[person(f"p_{o}", o) for o in ORGS])
    s.evaluate(T0)
    held = sorted(o for o in ORGS if holdout_bucket("timed_nudge", o) < 5000)
    treated = sorted(set(ORGS) - set(held))
    assert len(held) >= 3 and len(treated) >= 3
    events = invoices(treated[0], "12", "13") + invoices(treated[1], "12", "14")  # within
    events += invoices(treated[2], "15", "22")  # one before the deadline, the 2nd after
    events += invoices(held[0], "11", "19")  # within
    events += invoices(held[1], "21", "23") + invoices(held[2], "24")  # after; only one
    events += invoices(held[3], "26")  # after T: does not exist yet
    s.load(events=events)
    s.evaluate(LATER)

    rows = {
        (r["job_name"], r["arm"]): r
        for r in s.query("select * from {schema}.trig_job_completion_timing")
    }
    t, h = rows[("timed_nudge", "treated")], rows[("timed_nudge", "held_out")]
    n_t, n_h = len(treated), len(held)
    assert (t["entered"], t["closed"], t["completed_within_duration"]) == (n_t, n_t, 2)
    assert (t["exited_at_deadline"], t["completed_after_duration"]) == (n_t - 2, 1)
    assert (h["entered"], h["completed_within_duration"], h["exited_at_deadline"]) == (
        n_h,
        1,
        n_h - 1,
    )
    assert h["completed_after_duration"] == 1  # held[1]: 03-23 10:00, 3 days 1 hour late
    assert float(h["median_days_after_deadline"]) == pytest.approx(3 + 1 / 24)
    assert float(t["completion_rate_by_now"]) == pytest.approx(3 / n_t)
    assert float(h["completion_rate_within_duration"]) == pytest.approx(1 / n_h)
    assert float(h["completion_rate_by_now"]) == pytest.approx(2 / n_h)
    assert float(t["median_days_to_complete"]) == pytest.approx((3 + 4) / 2 + 1 / 24)
    # no duration: no deadline, nothing "after"
    o = rows[("open_nudge", "treated")]
    assert (o["duration_days"], o["exited_at_deadline"], o["completed_after_duration"]) == (
        None,
        None,
        None,
    )
    assert o["entered"] == len(ORGS) and rows[("open_nudge", "held_out")]["entered"] == 0

    metrics = {r["object_name"]: r for r in s.query("select * from {schema}.trig_job_metrics")}
    m = metrics["timed_nudge"]
    assert (m["entered"], m["completed"], m["exited"]) == (12, 3, 9)
    assert (m["treated_entered"], m["treated_completed"], m["treated_exited"]) == (n_t, 2, n_t - 2)
    assert (m["held_out_entered"], m["held_out_completed"], m["held_out_exited"]) == (
        n_h,
        1,
        n_h - 1,
    )
    assert float(m["treated_completion_rate"]) == pytest.approx(2 / n_t)
    assert float(m["held_out_completion_rate"]) == pytest.approx(1 / n_h)
    assert (m["exited_at_deadline"], m["exited_on_criteria"], m["reassigned_entered"]) == (9, 0, 0)
    assert metrics["open_nudge"]["held_out_entered"] == 0
