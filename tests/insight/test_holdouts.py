"""Holdout groups: a documented hash decides who is held out; held-out members live the
job's timeline without actions; the lift mart compares the arms with hand-checked
statistics."""

from __future__ import annotations

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import event, org, person
from tests.insight.stats import holdout_bucket, two_proportions

pytestmark = pytest.mark.slow

T0 = "2025-03-10 09:00:00"
AFTER_DEADLINE = "2025-03-21 09:00:00"


def job(holdout: object, re_entry: object = "never") -> dict:
    return {
        "kind": "job",
        "entity": "organisation",
        "holdout": holdout,
        "goal": {"event": "invoice_sent", "at_least": 1},
        "audience": {"invoices_created": 0},
        "duration": "10 days",
        "re_entry": re_entry,
        "on_entry": [{"email": {"from": "Lee <lee@vendor.test>", "subject": "Hi", "body": "Hi"}}],
        "follow_ups": [{"after": "3 days", "email": {"subject": "Re: Hi", "body": "Again"}}],
    }


ORGS = [f"org{i:02d}" for i in range(60)]


@pytest.fixture
def scenario(warehouse, tmp_path) -> Scenario:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.load(
        organisations=[org(o) for o in ORGS],
        people=[person(f"p_{o}", o) for o in ORGS],
    )
    return s


def assignments(scenario: Scenario, job_name: str) -> dict[tuple[str, int, str], bool]:
    rows = scenario.query(
        "select entity_id, episode_number, transition_type, step, is_held_out "
        f"from {{schema}}.trig_transitions where object_name = '{job_name}'"
    )
    return {
        (r["entity_id"], r["episode_number"], f"{r['transition_type']}{r['step']}"): bool(
            r["is_held_out"]
        )
        for r in rows
    }


def test_half_held_out_job_lift_matches_a_hand_calculation(scenario: Scenario) -> None:
    scenario.objects = {"invoice_nudge": job("50%")}
    scenario.evaluate(T0)
    held_out = {o for o in ORGS if holdout_bucket("invoice_nudge", o) < 5000}
    treated = set(ORGS) - held_out
    assert 15 < len(held_out) < 45  # the hash splits roughly in half
    assert {e: h for (e, _, kind), h in assignments(scenario, "invoice_nudge").items()} == {
        o: o in held_out for o in ORGS
    }
    # held-out members get no entry email; treated ones do
    emailed = {
        r["entity_id"]
        for r in scenario.query("select entity_id from {schema}.trig_pending_actions")
    }
    assert emailed == treated

    # treated: 3 of every 4 send an invoice; held out: 1 of every 4
    doers = sorted(treated)[: 3 * len(treated) // 4] + sorted(held_out)[: len(held_out) // 4]
    scenario.load(
        events=[event(f"e_{o}", "invoice_sent", "2025-03-15 10:00:00", o, f"p_{o}") for o in doers]
    )
    scenario.evaluate(AFTER_DEADLINE)
    # the held-out members' timeline is whole (follow-up due, completion or exit) ...
    kinds = {(e, kind) for (e, _, kind) in assignments(scenario, "invoice_nudge")}
    for o in held_out:
        assert (o, "follow_up_due1") in kinds
        assert (o, "completed0") in kinds or (o, "exited0") in kinds
    # ... but none of it reached the runner
    acted = {
        r["entity_id"]
        for r in scenario.query("select distinct entity_id from {schema}.trig_pending_actions")
    }
    assert acted == treated

    (lift,) = scenario.query("select * from {schema}.trig_job_lift")
    n1, x1 = len(treated), 3 * len(treated) // 4
    n2, x2 = len(held_out), len(held_out) // 4
    by_hand = two_proportions(n1, x1, n2, x2)
    expected = {
        "treated_closed": n1,
        "treated_completed": x1,
        "held_out_closed": n2,
        "held_out_completed": x2,
        "absolute_lift": by_hand["difference"],
        "absolute_lift_ci_low": by_hand["difference_ci_low"],
        "absolute_lift_ci_high": by_hand["difference_ci_high"],
        "relative_lift": by_hand["ratio_minus_one"],
        "relative_lift_ci_low": by_hand["ratio_minus_one_ci_low"],
        "relative_lift_ci_high": by_hand["ratio_minus_one_ci_high"],
        "z_score": by_hand["z_score"],
        "p_value": by_hand["p_value"],
        "minimum_detectable_effect": by_hand["minimum_detectable_effect"],
        "treated_completer_arr": 1200.0 * x1,
    }
    for column, value in expected.items():
        assert float(lift[column]) == pytest.approx(value, abs=1e-5), column
    assert lift["is_significant"] is True
    assert lift["is_below_meaningful_sample"] is True
    assert float(lift["holdout_share"]) == 0.5

    # the funnel: everyone reached the follow-up; completions came after it (day 5, 1 h)
    funnel = scenario.query(
        "select step, reached, reached_treated, messaged, completed_after_step, "
        "exited_after_step, median_days_to_complete from {schema}.trig_job_funnel order by step"
    )
    completed = x1 + x2
    assert [tuple(r.values())[:6] for r in funnel] == [
        (0, 60, n1, n1, 0, 0),
        (1, 60, n1, n1, completed, 60 - completed),
    ]
    assert float(funnel[1]["median_days_to_complete"]) == pytest.approx(5 + 1 / 24)


def test_assignment_is_stable_across_reevaluations_reentries_and_full_refreshes(
    scenario: Scenario,
) -> None:
    scenario.objects = {"invoice_nudge": job("0.3", re_entry="always")}
    scenario.evaluate(T0)
    scenario.evaluate(T0)  # the same T again changes nothing
    scenario.evaluate(AFTER_DEADLINE)  # everyone exited at the deadline ...
    scenario.evaluate("2025-03-22 09:00:00")  # ... and entered again
    first = assignments(scenario, "invoice_nudge")
    assert {episode for (_, episode, _) in first} == {1, 2}
    expected = {o: holdout_bucket("invoice_nudge", o) < 3000 for o in ORGS}
    assert all(held == expected[entity] for (entity, _, _), held in first.items())

    # a full refresh rebuilds history from the inputs: the same members are held out
    scenario.evaluate("2025-03-23 09:00:00", "--full-refresh")
    rebuilt = assignments(scenario, "invoice_nudge")
    assert {entity for (entity, _, _) in rebuilt} == set(ORGS)
    assert all(held == expected[entity] for (entity, _, _), held in rebuilt.items())


def test_a_log_written_before_holdouts_gains_the_column(scenario: Scenario) -> None:
    """An older version's log without is_held_out (and no engine state: the state is
    rebuilt from that log) gains the column; episodes entered before it read as
    treated, and those whose later transitions are held out as reassigned."""
    scenario.objects = {"invoice_nudge": job(None)}
    scenario.evaluate(T0)
    # as an older version left it (PostgreSQL: the insight views that read it go too)
    cascade = " cascade" if scenario.warehouse.name == "postgres" else ""
    schema = scenario.warehouse.target_schema
    scenario.warehouse.execute(
        [
            f"alter table {schema}.trig_transitions drop column is_held_out{cascade}",
            f"drop table {schema}.trig_episode_state{cascade}",
        ]
    )
    scenario.objects["invoice_nudge"]["holdout"] = "10%"
    scenario.evaluate(AFTER_DEADLINE)
    rows = scenario.query("select evaluated_at, is_held_out from {schema}.trig_transitions")
    assert {r["is_held_out"] for r in rows if str(r["evaluated_at"]).startswith("2025-03-10")} == {
        None
    }
    later = [r["is_held_out"] for r in rows if str(r["evaluated_at"]).startswith("2025-03-21")]
    assert later and None not in later
    arms = arms_in_the_log(scenario, "invoice_nudge")
    assert {"treated", "reassigned"} <= set(arms.values())
    assert arms_assigned(scenario, "invoice_nudge") == arms


def arms_in_the_log(scenario: Scenario, job_name: str) -> dict[tuple[str, int], str]:
    """Each episode's arm from its transitions: held out when every one is, treated when
    none is (null: written before holdouts), reassigned otherwise."""
    flags: dict[tuple[str, int], set[bool]] = {}
    for r in scenario.query(
        "select entity_id, episode_number, is_held_out from {schema}.trig_transitions "
        f"where object_name = '{job_name}'"
    ):
        flags.setdefault((r["entity_id"], r["episode_number"]), set()).add(bool(r["is_held_out"]))
    return {k: "held_out" if v == {True} else "treated" if v == {False} else "reassigned"
            for k, v in flags.items()}


def arms_assigned(scenario: Scenario, job_name: str) -> dict[tuple[str, int], str]:
    rows = scenario.query(
        "select entity_id, episode_number, arm from {schema}.trig_job_assignments "
        f"where job_name = '{job_name}'"
    )
    return {(r["entity_id"], int(r["episode_number"])): r["arm"] for r in rows}


def test_a_holdout_share_that_is_not_a_share_is_a_compile_error(scenario: Scenario) -> None:
    scenario.objects = {"invoice_nudge": job("110%")}
    message = scenario.evaluate_expecting_error(T0)
    assert "object 'invoice_nudge', key 'holdout'" in message


def test_the_global_control_group_is_held_out_of_every_job(scenario: Scenario) -> None:
    scenario.project_vars = {"trig_global_control": "30%"}
    scenario.objects = {"invoice_nudge": job(None), "other_nudge": job("0.1")}
    scenario.evaluate(T0)
    control = {o for o in ORGS if holdout_bucket("trig_global_control", o) < 3000}
    assert 5 < len(control) < 35
    assert {e: h for (e, _, _), h in assignments(scenario, "invoice_nudge").items()} == {
        o: o in control for o in ORGS
    }
    assert {e: h for (e, _, _), h in assignments(scenario, "other_nudge").items()} == {
        o: o in control or holdout_bucket("other_nudge", o) < 1000 for o in ORGS
    }
