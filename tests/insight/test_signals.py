"""Signals beyond the mean: slow completers on the median (project-wide var) or the
mean (one objective's override), fast completers and a usage threshold, raised and
resolved across evaluations, with hand-computed stamps; actions on a raise, and a job
entered through a Signal's route."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from trig_lifecycle.dbt_invoke import release_duckdb_file

from tests.engine.harness import Scenario
from tests.engine.rows import event, org
from tests.runner.helpers import invoke_assert_code

pytestmark = pytest.mark.slow

T0 = "2025-03-10 00:00:00"
E2, E3, E4 = "2025-03-17 00:00:00", "2025-03-21 00:00:00", "2025-04-10 00:00:00"
STAGE = {
    "kind": "stage",
    "entity": "organisation",
    "entry": {"plan": "starter"},
    "exit": {"after": "30 days"},
    # no benchmark here: did_a reads the project's var (median), did_b says mean
    "signals": {
        "min_completions": 3,
        "threshold": 3.0,
        "fast": {
            "threshold": 0.5,
            "lasts": "10 days",
            "on_raised": [{"slack": {"channel": "#wins", "text": "{organisation_name} is fast"}}],
        },
        "usage": [
            {
                "name": "heavy_invoicer",
                "criteria": {"invoices_created": {">=": 10}},
                "on_raised": [{"route_to": "expansion_call"}],
            }
        ],
    },
    "objectives": [
        {"name": "did_a", "completion": {"event": "a_done"}},
        {"name": "did_b", "completion": {"event": "b_done"}, "signals": {"benchmark": "mean"}},
        {"name": "did_c", "completion": {"event": "c_done"}},
        {"name": "did_d", "completion": {"event": "d_done"}},
    ],
}
# entered only through the usage Signal's route (nobody is on the enterprise plan)
EXPANSION_CALL = {
    "kind": "job",
    "entity": "organisation",
    "audience": {"plan": "enterprise"},
    "goal": {"event": "call_booked"},
    "duration": "14 days",
}
# days from stage entry (T0) to doing a and b; `lag` never does either
DAYS = {"quick": 0.5, "c1": 1, "c2": 2, "c3": 6, "c4": 10}


def at(days: float) -> str:
    return f"{datetime.fromisoformat(T0) + timedelta(days=days):%Y-%m-%d %H:%M:%S}"


def test_benchmarks_fast_completers_and_usage_thresholds(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.project_vars["trig_signal_benchmark"] = "median"
    s.objects = {"onboarding": STAGE, "expansion_call": EXPANSION_CALL}
    names = [*DAYS, "lag"]
    s.load(organisations=[org(o) for o in names])
    s.evaluate(T0)
    s.load(
        events=[event(f"{x}_{o}", f"{x}_done", at(d), o) for o, d in DAYS.items() for x in "ab"],
        organisations=[org(o, invoices_created=12 if o == "c2" else 0) for o in names],
    )
    # E2 sees a and b done after 0.5, 1, 2 and 6 days (c4's are after E2)
    s.evaluate(E2)
    release_duckdb_file()  # dbt-duckdb keeps the file open in-process; the runner opens it next
    project = ["--project-dir", str(s.root), "--profiles-dir", str(s.root)]
    invoke_assert_code(0, ["activate", *project])  # delivers the Slack posts, writes the route
    s.load(organisations=[org(o, invoices_created=12 if o == "c1" else 3) for o in names])
    s.evaluate(E3)  # c4 did them on day 10; c2 fell below the threshold, c1 crossed it
    s.evaluate(E4)  # the stage's 30 days are over for everyone still in it

    # median(0.5, 1, 2, 6) = 1.5 days: slow past 3 x 1.5 = 4.5 days (mean 2.375 -> 7.125)
    assert s.transitions("slow_did_a") == [
        ("c4", 1, "signal_raised", 0, "2025-03-14 12:00:00", E2),
        ("lag", 1, "signal_raised", 0, "2025-03-14 12:00:00", E2),
        ("c4", 1, "signal_resolved", 0, "2025-03-20 00:00:00", E3),
        ("lag", 1, "signal_resolved", 0, "2025-04-09 00:00:00", E4),
    ]
    # did_b on the mean: 7.125 days is after E2; at E3 the mean of five is 3.9 days,
    # 11.7 > 11 days; at E4 the stage has ended: never raised (ADR 005)
    assert s.transitions("slow_did_b") == []
    # fast: under 0.5 x 1.5 = 0.75 days on the median; under 1.1875 days on the mean
    assert s.transitions("fast_did_a") == [
        ("quick", 1, "signal_raised", 0, "2025-03-10 12:00:00", E2),
        ("quick", 1, "signal_resolved", 0, "2025-03-20 12:00:00", E3),
    ]
    assert s.transitions("fast_did_b") == [
        ("quick", 1, "signal_raised", 0, "2025-03-10 12:00:00", E2),
        ("c1", 1, "signal_raised", 0, "2025-03-11 00:00:00", E2),
        ("quick", 1, "signal_resolved", 0, "2025-03-20 12:00:00", E3),
        ("c1", 1, "signal_resolved", 0, "2025-03-21 00:00:00", E3),
    ]
    # usage: stamped T when seen crossing / falling back; resolved when the stage ends
    assert s.transitions("heavy_invoicer") == [
        ("c2", 1, "signal_raised", 0, E2, E2),
        ("c1", 1, "signal_raised", 0, E3, E3),
        ("c2", 1, "signal_resolved", 0, E3, E3),
        ("c1", 1, "signal_resolved", 0, "2025-04-09 00:00:00", E4),
    ]

    rows = s.query(
        "select signal_name, entity_id, signal_kind, polarity, resolution_cause, is_active "
        "from {schema}.trig_signals order by signal_name, entity_id"
    )
    assert [tuple(r.values()) for r in rows] == [
        ("fast_did_a", "quick", "fast", "opportunity", "expired", False),
        ("fast_did_b", "c1", "fast", "opportunity", "expired", False),
        ("fast_did_b", "quick", "fast", "opportunity", "expired", False),
        ("heavy_invoicer", "c1", "usage", "opportunity", "stage_ended", False),
        ("heavy_invoicer", "c2", "usage", "opportunity", "below_threshold", False),
        ("slow_did_a", "c4", "slow", "risk", "objective_ended", False),
        ("slow_did_a", "lag", "slow", "risk", "objective_ended", False),
    ]

    # actions fire on raises only: a Slack post per fast completer, a route per crossing
    actions = s.query(
        "select object_name, entity_id, transition_type, action_type "
        "from {schema}.trig_pending_actions order by object_name, entity_id"
    )
    assert [tuple(r.values()) for r in actions] == [
        ("fast_did_a", "quick", "signal_raised", "slack"),
        ("fast_did_b", "c1", "signal_raised", "slack"),
        ("fast_did_b", "quick", "signal_raised", "slack"),
        ("heavy_invoicer", "c1", "signal_raised", "route_to"),
        ("heavy_invoicer", "c2", "signal_raised", "route_to"),
    ]
    # the route delivered after E2 puts c2 into the job at the next evaluation
    # (c1's route, raised at E3, is not delivered: no runner ran after E3)
    assert s.transitions("expansion_call") == [
        ("c2", 1, "entered", 0, E3, E3),
        ("c2", 1, "exited", 0, "2025-04-04 00:00:00", E4),
    ]

    bench = {
        r["objective_name"]: r for r in s.query("select * from {schema}.trig_stage_benchmarks")
    }
    # every completion, E4: 0.5, 1, 2, 6, 10 days -> median 2, mean 3.9
    assert bench["did_a"]["signal_benchmark"] == "median"
    assert float(bench["did_a"]["signal_benchmark_days"]) == pytest.approx(2.0)
    assert float(bench["did_a"]["slow_after_days"]) == pytest.approx(6.0)
    assert float(bench["did_a"]["fast_before_days"]) == pytest.approx(1.0)
    assert bench["did_b"]["signal_benchmark"] == "mean"
    assert float(bench["did_b"]["signal_benchmark_days"]) == pytest.approx(3.9)
    assert float(bench["did_b"]["median_days_to_complete"]) == pytest.approx(2.0)
    # no completions yet: no benchmark
    assert bench["did_c"]["signal_benchmark_days"] is None
