"""The package's data tests (ADR 010): one `trig_columns_valid` query per model reports
every broken column rule of the newest evaluation and leaves older rows alone; the log's
singular tests catch the newest evaluation's impossible transitions."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.harness import Scenario, failure_text
from tests.engine.rows import event, org

pytestmark = pytest.mark.slow

RULES = "trig_transitions,test_name:trig_columns_valid"  # not the log's singular tests
T0, T1, T2 = "2025-03-10 00:00:00", "2025-03-11 00:00:00", "2025-03-12 00:00:00"


@pytest.fixture
def scenario(warehouse: Any, tmp_path: Any) -> Scenario:
    return evaluated_twice(warehouse, tmp_path)


def evaluated_twice(warehouse: Any, tmp_path: Any) -> Scenario:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.objects = {
        "nudge": {"kind": "job", "entity": "organisation", "goal": {"event": "upgraded"},
                  "audience": {"plan": "starter"}},
    }
    s.load(organisations=[org("a"), org("b")],
           events=[event("e1", "upgraded", "2025-03-10 12:00:00", "b")])
    s.evaluate(T0)
    s.evaluate(T1)
    return s


def transition_row(s: Scenario, transition_id: str, entity_id: str | None, episode: int,
                   transition_type: str, at: str) -> str:
    """An insert of one hand-made row into the transition log, stamped `at`."""
    entity = "null" if entity_id is None else f"'{entity_id}'"
    return (
        f"insert into {s.warehouse.target_schema}.trig_transitions "
        "(transition_id, object_name, object_kind, entity_type, entity_id, episode_number, "
        "transition_type, occurred_at, evaluated_at) values "
        f"('{transition_id}', 'nudge', 'job', 'organisation', {entity}, {episode}, "
        f"'{transition_type}', cast('{at}' as timestamp), cast('{at}' as timestamp))"
    )


def bad_row(s: Scenario, evaluated_at: str, transition_id: str) -> str:
    """A transition row breaking three rules: an unknown type, no entity, a reused id."""
    return transition_row(s, transition_id, None, 9, "teleported", evaluated_at)


def logged_transition_id(s: Scenario) -> str:
    """The id of a transition the scenario's evaluations wrote to the log."""
    (row,) = s.query("select min(transition_id) as id from {schema}.trig_transitions")
    return str(row["id"])


def action_row(s: Scenario, transition_id: str, evaluated_at: str) -> str:
    """An insert of one hand-made pending action of `transition_id`, stamped `evaluated_at`."""
    return (
        f"insert into {s.warehouse.target_schema}.trig_pending_actions "
        "(action_id, transition_id, recipient, action_type, evaluated_at) values "
        f"('action-of-{transition_id}', '{transition_id}', 'ops@example.com', 'email', "
        f"cast('{evaluated_at}' as timestamp))"
    )


def broken_rules(s: Scenario, rules: str = RULES) -> set[tuple[str, str]]:
    result = s.dbt("test", "--select", rules, "--store-failures")
    assert not result.success, "the data test passed on a broken log"
    schema = f"{s.warehouse.target_schema}_dbt_test__audit"
    (table,) = [r.node.alias for r in result.result.results if r.status == "fail"]
    rows = s.query(f"select rule, column_name from {schema}.{table}")
    return {(r["rule"], r["column_name"]) for r in rows}


def test_newest_rows_breaking_rules_are_each_reported(scenario: Scenario) -> None:
    scenario.warehouse.execute([bad_row(scenario, T2, logged_transition_id(scenario))])
    assert broken_rules(scenario) == {
        ("accepted_values", "transition_type"),
        ("not_null", "entity_id"),
        ("unique", "transition_id"),
    }


def test_rows_of_older_evaluations_are_not_checked_again(scenario: Scenario) -> None:
    scenario.warehouse.execute([bad_row(scenario, T0, "not-a-real-id")])
    result = scenario.dbt("test", "--select", RULES)
    assert result.success, failure_text(result)


ACTION_RULES = "trig_pending_actions,test_name:trig_columns_valid"


def test_newest_actions_of_a_transition_not_in_the_log_are_reported(scenario: Scenario) -> None:
    scenario.warehouse.execute([action_row(scenario, "no-such-transition", T2),
                                action_row(scenario, logged_transition_id(scenario), T2)])
    assert broken_rules(scenario, ACTION_RULES) == {("references", "transition_id")}


def test_older_actions_are_not_checked_against_the_log_again(scenario: Scenario) -> None:
    scenario.warehouse.execute([action_row(scenario, "no-such-transition", T0),
                                action_row(scenario, logged_transition_id(scenario), T1)])
    result = scenario.dbt("test", "--select", ACTION_RULES)
    assert result.success, failure_text(result)


def test_newest_completions_without_entry_or_twice_fail_the_log_tests(
    scenario: Scenario,
) -> None:
    """The singular tests in tests/dbt: a completion for an episode never entered, and a
    second completion of the same episode, both in the newest evaluation."""
    rows = [transition_row(scenario, transition_id, "ghost", 1, "completed", T2)
            for transition_id in ("ghost-1", "ghost-2")]
    scenario.warehouse.execute(rows)
    result = scenario.dbt("test", "--select", "trig_transitions,test_type:singular")
    failed = {r.node.name for r in result.result.results if r.status == "fail"}
    assert failed == {"assert_transitions_follow_an_entry", "assert_behaviours_are_one_and_done"}


@pytest.mark.postgres
@pytest.mark.parametrize("view", ["trig_person_attributes", "trig_organisation_attributes"])
def test_key_checks_of_the_wide_views_do_not_compute_the_lifecycle_attributes(
    postgres_dsn: dict, tmp_path: Any, view: str,
) -> None:
    """PostgreSQL counts the views' keys without their generated attributes' pivot, which
    it computed in full before counting (53 s of a 160-object day at SF1). DuckDB keeps
    the join either way, and its columnar pivot costs little."""
    from tests.engine.harness import PostgresWarehouse

    warehouse = PostgresWarehouse(postgres_dsn)
    try:
        s = evaluated_twice(warehouse, tmp_path)
        compiled = s.dbt("compile", "--select", f"{view},test_name:trig_columns_valid")
        (check,) = [r.node.compiled_code for r in compiled.result.results]
        plan = s.query("explain " + check)
    finally:
        warehouse.close()
    assert "trig_episode_state" not in str(plan)
