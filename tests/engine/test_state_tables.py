"""The engine's state table (docs/decisions/008-state-tables.md): maintained in place per
evaluation, it equals the state rebuilt from the transition log row for row; an
evaluation killed half-way leaves nothing behind, and the next build converges to
exactly what an uninterrupted run records; batches of objects see each other as one
statement did."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.engine.harness import DuckDBWarehouse, PostgresWarehouse, Scenario, stamp
from tests.engine.rows import event, org, person

pytestmark = pytest.mark.slow

DAYS = [f"2025-03-{d:02d} 00:00:00" for d in (10, 11, 12, 14, 17)]

STATE_COLUMNS = (
    "episode_id, object_name, object_kind, parent_object_name, entity_type, entity_id, "
    "organisation_id, episode_number, entered_at, completed_at, exited_at, exit_cause, "
    "last_step, signal_raised_at, signal_resolved_at, signal_raise_cause, signal_resolution_cause, "
    "held_out_any, held_out_all, is_latest, is_open, "
    "last_entered_at, last_completed_at, last_exited_at"
)


def objects() -> dict[str, dict[str, Any]]:
    """Every kind of state the engine keeps: re-entered jobs with follow-ups, a stage with
    objectives and slow-completer Signals, a person behaviour, and references between
    objects (the later ones read the earlier ones' result of the same evaluation)."""
    return {
        "onboarding": {
            "kind": "stage", "entity": "organisation", "entry": {"event": "signed_up"},
            "live_from": "2025-03-01",
            "objectives": [
                {"name": "made_project", "completion": {"event": "project_created"}},
                {"name": "sent_invoice", "completion": {"event": "invoice_sent"}},
                {"name": "invited", "completion": {"event": "teammate_invited"}},
                {"name": "integrated", "completion": {"event": "integration_connected"}},
            ],
            "exit": {"after": "5 days"},
            "signals": {"min_completions": 1, "threshold": 1.0},
        },
        "first_report": {
            "kind": "behaviour", "entity": "person",
            "completion": {"event": "report_viewed"},
        },
        "nudge": {
            "kind": "job", "entity": "organisation", "goal": {"event": "invoice_sent"},
            "audience": {"currently_member_of_onboarding": True},
            "duration": "2 days", "re_entry": "always",
            "follow_ups": [{"after": "1 day", "email": {"subject": "s", "body": "b"}}],
        },
        "celebrate": {
            "kind": "job", "entity": "organisation", "goal": {"event": "upgraded"},
            "audience": {"last_completion_of_made_project": {"has_any_value": True}},
            "duration": "3 days",
        },
    }


def load(s: Scenario) -> None:
    s.load(
        organisations=[org("a"), org("b"), org("c")],
        people=[person("ann", "a"), person("bob", "b")],
        events=[
            event("e1", "signed_up", "2025-03-09 09:00:00", "a", "ann"),
            event("e2", "signed_up", "2025-03-09 10:00:00", "b", "bob"),
            event("e3", "project_created", "2025-03-09 12:00:00", "a", "ann"),
            event("e4", "signed_up", "2025-03-10 08:00:00", "c"),
            event("e5", "report_viewed", "2025-03-10 09:00:00", "b", "bob"),
            event("e6", "invoice_sent", "2025-03-11 10:00:00", "a", "ann"),
            event("e7", "project_created", "2025-03-13 10:00:00", "c"),
            event("e8", "upgraded", "2025-03-13 11:00:00", "a"),
        ],
    )


def scenario(warehouse: Any, root: Path, **vars: Any) -> Scenario:
    s = Scenario(root=root, warehouse=warehouse)
    s.objects = objects()
    s.project_vars = {"trig_signal_min_completions": 1, **vars}
    load(s)
    return s


def state(s: Scenario) -> list[tuple]:
    rows = s.query(f"select {STATE_COLUMNS} from {{schema}}.trig_episode_state order by episode_id")
    return [tuple(r.values()) for r in rows]


def log(s: Scenario) -> list[tuple]:
    rows = s.query(
        "select transition_id, object_name, entity_id, episode_number, transition_type, step, "
        "occurred_at, evaluated_at, cause from {schema}.trig_transitions order by transition_id"
    )
    return [tuple(r.values()) for r in rows]


def test_state_kept_in_batches_equals_one_statement_and_the_rebuild_from_the_log(
    warehouse: Any, tmp_path: Path
) -> None:
    together = scenario(warehouse, tmp_path / "together", trig_objects_per_statement=500)
    for t in DAYS:
        together.evaluate(t)
    expected_log, maintained = log(together), state(together)
    kinds = {row[2] for row in maintained}
    assert {"stage", "objective", "behaviour", "job", "signal"} <= kinds
    assert any(row[7] == 2 for row in maintained if row[1] == "nudge"), "nudge re-entered"

    apart = scenario(second(warehouse, tmp_path), tmp_path / "apart",
                     trig_objects_per_statement=1)
    for t in DAYS:
        apart.evaluate(t)
    assert log(apart) == expected_log
    assert state(apart) == maintained

    # forget the watermark: the next build (same T, so nothing new) rebuilds from the log
    together.warehouse.execute(
        [f"update {together.warehouse.target_schema}.trig_episode_state_watermark "
         "set evaluated_at = null"]
    )
    together.evaluate(DAYS[-1])
    assert state(together) == maintained


def test_postgres_plans_the_next_statements_from_fresh_statistics(
    postgres_dsn: dict, tmp_path: Path
) -> None:
    """After each evaluation the engine's bulk-written tables are analysed (ADR 016):
    PostgreSQL's planner then knows their sizes instead of the empty tables it last saw
    (a never-analysed table has reltuples -1; an analysed small one, its exact count).
    The running counts are indexed by condition and the state by object, on the first
    build and again after a full refresh: each condition and each read of an object's
    episodes in an evaluation batch reads its own rows. A state indexed as earlier
    versions did (by object only where is_latest) gets the full index at the next
    evaluation."""
    s = scenario(PostgresWarehouse(postgres_dsn), tmp_path / "project")
    try:
        for t in DAYS[:2]:
            s.evaluate(t)
        schema = s.warehouse.target_schema
        for table in ("trig_transitions", "trig_episode_state", "int_trig__event_progress"):
            [known] = s.warehouse.query(
                "select c.reltuples from pg_class as c join pg_namespace as n on n.oid ="
                f" c.relnamespace where n.nspname = '{schema}' and c.relname = '{table}'")
            [counted] = s.warehouse.query(f"select count(*) as n from {schema}.{table}")
            assert counted["n"] > 0 and known["reltuples"] == counted["n"], table
        assert indexes(s, "int_trig__event_progress") == ["(leaf_key)"]
        assert indexes(s, "trig_episode_state") == STATE_INDEXES

        [full] = [row["name"] for row in s.warehouse.query(
            "select indexrelid::regclass::text as name from pg_index where indrelid = "
            f"'{schema}.trig_episode_state'::regclass"
            " and pg_get_indexdef(indexrelid) like '%(object_name, entity_id)'")]
        s.warehouse.execute([
            f"drop index {full}",
            f"create index on {schema}.trig_episode_state (object_name, entity_id) "
            "where is_latest"])
        s.evaluate(DAYS[2])
        assert indexes(s, "trig_episode_state") == STATE_INDEXES

        s.evaluate(DAYS[3], "--full-refresh")
        assert indexes(s, "int_trig__event_progress") == ["(leaf_key)"]
        assert indexes(s, "trig_episode_state") == STATE_INDEXES
    finally:
        s.warehouse.close()


STATE_INDEXES = ["(episode_id)", "(object_name, entity_id)"]


def indexes(s: Scenario, table: str) -> list[str]:
    """The indexed columns of one of the engine's tables, per index (with any predicate)."""
    # pg_index by the table's oid, not pg_indexes: the suite's other worker drops
    # indexes meanwhile, and pg_indexes fails on one it is describing (ADR 016)
    rows = s.warehouse.query(
        "select pg_get_indexdef(indexrelid) as indexdef from pg_index where indrelid = "
        f"'{s.warehouse.target_schema}.{table}'::regclass")
    return sorted(row["indexdef"].split(" USING btree ")[1] for row in rows)


def test_a_state_ahead_of_the_log_or_of_an_earlier_version_is_rebuilt(
    warehouse: Any, tmp_path: Path
) -> None:
    """What a warehouse without transactions leaves when an evaluation dies after
    updating the state and before logging: the watermark names an evaluation the log
    does not have. The next build must not trust the state. Nor a state table written by
    a version without the Signals' causes (an upgrade). trig_signals is a view of the
    state's Signal rows (ADR 018): it lists what the Signal transitions of the log say."""
    s = scenario(warehouse, tmp_path / "project")
    for t in DAYS[:3]:
        s.evaluate(t)
    expected = state(s)
    assert signals(s) == signals_in_the_log(s) and signals(s), "a Signal was raised"
    schema = s.warehouse.target_schema
    s.warehouse.execute([
        f"update {schema}.trig_episode_state set exited_at = null, is_open = true "
        "where object_kind = 'job'",
        f"update {schema}.trig_episode_state_watermark "
        "set evaluated_at = cast('2025-03-13 00:00:00' as timestamp), is_complete = false",
    ])
    s.evaluate(DAYS[2])
    assert state(s) == expected

    # as an earlier version left them: trig_signals a table, the state without the causes
    s.warehouse.execute([
        f"drop view {schema}.trig_signals",
        f"create table {schema}.trig_signals as select 1 as signal_name",
        f"alter table {schema}.trig_episode_state drop column signal_raise_cause",
        f"alter table {schema}.trig_episode_state drop column signal_resolution_cause",
    ])
    s.evaluate(DAYS[2])
    assert state(s) == expected
    s.evaluate(DAYS[3])
    assert signals(s) == signals_in_the_log(s)


def signals(s: Scenario) -> list[tuple]:
    rows = s.query(
        "select signal_name, signal_kind, polarity, stage_name, entity_id, episode_number, "
        "raised_at, resolved_at, resolution_cause, is_active from {schema}.trig_signals "
        "order by signal_name, entity_id, episode_number")
    return [tuple(r.values()) for r in rows]


def signals_in_the_log(s: Scenario) -> list[tuple]:
    """The Signal episodes as the log's transitions give them (what trig_signals was
    built from before ADR 018)."""
    episodes: dict[tuple, dict[str, Any]] = {}
    for row in s.query(
        "select object_name, parent_object_name, entity_id, episode_number, transition_type, "
        "occurred_at, cause from {schema}.trig_transitions where object_kind = 'signal'"
    ):
        key = (row["object_name"], row["entity_id"], row["episode_number"])
        episode = episodes.setdefault(key, {"stage": row["parent_object_name"]})
        episode[row["transition_type"]] = (row["occurred_at"], row["cause"])
    out = []
    for (name, entity, number), e in sorted(episodes.items()):
        raised, cause = e.get("signal_raised", (None, None))
        resolved, resolution = e.get("signal_resolved", (None, None))
        kind = {"fast_completion": "fast", "usage_threshold": "usage"}.get(cause, "slow")
        polarity = "risk" if kind == "slow" else "opportunity"
        out.append((name, kind, polarity, e["stage"], entity, number, raised, resolved,
                    resolution, resolved is None and raised is not None))
    return out


def test_a_full_refresh_is_a_first_build_at_its_t(warehouse: Any, tmp_path: Path) -> None:
    """A full refresh rebuilds history from the inputs: with every object live from a
    declared date, its log, state and actions are those of a first build at the same T,
    and the evaluations after it agree with that build's. (It used to scan only the
    events since the replaced log's last evaluation, with running counts made for that
    log's members, and lost everyone who had been a member.)"""
    first = scenario(second(warehouse, tmp_path), tmp_path / "first")
    refreshed = scenario(warehouse, tmp_path / "refreshed")
    for s in (first, refreshed):
        for spec in s.objects.values():
            spec.setdefault("live_from", "2025-03-01")
    for t in DAYS[:2]:
        refreshed.evaluate(t)
    first.evaluate(DAYS[2])
    refreshed.evaluate(DAYS[2], "--full-refresh")
    assert any(stamp(row[6]) < DAYS[1] for row in log(first)), "history before the last evaluation"
    assert log(refreshed) == log(first)
    assert state(refreshed) == state(first)
    assert actions(refreshed) == actions(first)
    for s in (first, refreshed):
        s.evaluate(DAYS[3])
    assert log(refreshed) == log(first)
    assert state(refreshed) == state(first)
    assert actions(refreshed) == actions(first)


def test_a_full_refresh_keeps_when_objects_went_live(warehouse: Any, tmp_path: Path) -> None:
    """When an object went live is a fact of the deployment, not of the inputs: a full
    refresh rebuilds history from it instead of going live again at its T. Bob viewed a
    report after the behaviour went live at the first evaluation: the rebuilt log still
    has his completion, stamped with the event and with the same transition id."""
    s = scenario(warehouse, tmp_path / "project")
    registry = "select object_name, first_evaluated_at from {schema}.int_trig__objects order by 1"
    for t in DAYS[:2]:
        s.evaluate(t)
    went_live = s.query(registry)
    completion = completions(s, "first_report")
    assert [stamp(row[6]) for row in completion] == ["2025-03-10 09:00:00"]

    s.evaluate(DAYS[2], "--full-refresh")
    assert s.query(registry) == went_live
    assert completions(s, "first_report") == completion


def completions(s: Scenario, object_name: str) -> list[tuple]:
    """The object's completions in the log, without the evaluation that found them."""
    return [row[:7] + row[8:] for row in log(s)
            if row[1] == object_name and row[4] == "completed"]


def test_an_object_is_not_entered_before_it_goes_live(warehouse: Any, tmp_path: Path) -> None:
    """A `live_from` after T (a launch scheduled ahead) enters nobody yet, not even on
    attributes; from that date on, its entries count as usual."""
    s = scenario(warehouse, tmp_path / "project")
    s.objects["nudge"]["live_from"] = "2025-03-12"
    s.evaluate(DAYS[0])
    s.evaluate(DAYS[1])
    assert s.transitions("nudge") == []
    s.evaluate(DAYS[2])
    assert {row[0] for row in s.transitions("nudge") if row[2] == "entered"} == {"a", "b", "c"}


def actions(s: Scenario) -> list[str]:
    return [r["action_id"] for r in s.query(
        "select action_id from {schema}.trig_pending_actions order by action_id")]


def test_a_full_refresh_of_the_log_alone_is_refused(warehouse: Any, tmp_path: Path) -> None:
    """The log is rebuilt from running counts made for an empty state; without them it
    would miss every earlier member, so a full refresh that leaves them out is an error
    that says what to run."""
    s = scenario(warehouse, tmp_path / "project")
    s.evaluate(DAYS[0])
    before = log(s)
    message = s.evaluate_expecting_error(DAYS[1], "--full-refresh", "--select", "trig_transitions")
    assert "int_trig__event_progress" in message and "dbt build --full-refresh" in message
    assert log(s) == before


def test_an_evaluation_that_logs_nothing_keeps_the_state(
    warehouse: Any, tmp_path: Path
) -> None:
    """An evaluation with no transitions leaves the log behind the watermark: the state
    agrees with it all the same, and the next build uses it instead of rebuilding it."""
    s = scenario(warehouse, tmp_path / "project")
    s.evaluate("2025-03-08 00:00:00")  # before every event
    assert log(s) == []
    s.evaluate(DAYS[0])
    assert log(s), "the next day's entries"
    assert "rebuilding the engine state" not in (s.root / "logs" / "dbt.log").read_text()


def test_duckdb_keeps_the_state_in_object_order(duckdb_warehouse: Any, tmp_path: Path) -> None:
    """On DuckDB the state table is kept in object order, so that a batch's reads of its
    own objects skip the others' row groups (ADR 013, nineteenth round): rewritten in
    order after a rebuild, and again once the rows appended since pass a quarter of it;
    until then each evaluation's transitions are counted."""
    s = scenario(duckdb_warehouse, tmp_path / "project")
    schema = s.warehouse.target_schema

    def layout() -> tuple[int, int]:
        [row] = s.query(
            "select ordered_rows, appended_rows from {schema}.trig_episode_state_layout")
        return row["ordered_rows"], row["appended_rows"]

    def out_of_order() -> int:
        [row] = s.query(
            "select count(*) as n from (select object_name, lag(object_name) over (order by rowid)"
            " as before from {schema}.trig_episode_state) as stored where before > object_name")
        return row["n"]

    s.evaluate(DAYS[0])
    assert layout() == (len(state(s)), 0) and out_of_order() == 0

    # as if the table were large: the day's transitions are counted, the order left as it is
    s.warehouse.execute([f"update {schema}.trig_episode_state_layout set ordered_rows = 1000"])
    s.evaluate(DAYS[1])
    [day] = s.query("select count(*) as n from {schema}.trig_transitions"
                    f" where evaluated_at = cast('{DAYS[1]}' as timestamp)")
    assert day["n"] > 0 and layout() == (1000, day["n"])

    # past a quarter: the next evaluation rewrites the table in order
    s.warehouse.execute([f"update {schema}.trig_episode_state_layout set ordered_rows = 1"])
    s.evaluate(DAYS[2])
    assert layout() == (len(state(s)), 0) and out_of_order() == 0


def test_killed_evaluation_converges_to_the_uninterrupted_result(
    duckdb_warehouse: Any, tmp_path: Path
) -> None:
    days = DAYS[:3]  # state from two evaluations, then the killed one
    reference = scenario(duckdb_warehouse, tmp_path / "reference",
                         trig_objects_per_statement=1)
    for t in days:
        reference.evaluate(t)
    expected_log, expected_state = log(reference), state(reference)

    # every build of this one in a child process: dbt-duckdb keeps the file open in-process
    s = scenario(second(duckdb_warehouse, tmp_path), tmp_path / "killed",
                 trig_objects_per_statement=1)
    s.dbt("deps")
    for t in days[:-1]:
        assert build_in_child(s, t).returncode == 0
    assert build_in_child(s, days[-1], kill_after="evaluated batch 2 of") is None, \
        "killed while evaluating"
    assert stamp(max(row[7] for row in log(s))) == days[-2], "nothing of the killed build"
    # killed again once every object and Signal is in the state, just before the log
    # append (the kill may land after it: then the next build is a repeat of T)
    assert build_in_child(s, days[-1], kill_after="evaluated the slow and fast Signals") is None
    assert build_in_child(s, days[-1]).returncode == 0
    assert log(s) == expected_log
    assert state(s) == expected_state


def second(warehouse: Any, tmp_path: Path) -> Any:
    """Another warehouse of the same kind, for a second run of the same scenario."""
    if warehouse.name == "duckdb":
        return DuckDBWarehouse(tmp_path / "second.duckdb")
    if warehouse.name == "postgres":
        return PostgresWarehouse(warehouse.dsn)
    pytest.skip(f"one {warehouse.name} emulator per test")


def build_in_child(
    s: Scenario, t: str, kill_after: str | None = None
) -> subprocess.Popen | None:
    """`dbt build` at T in a child process; with `kill_after`, SIGKILLed as soon as it
    logs a line with that text (None when it was killed)."""
    s.write_project()
    env = {**os.environ, "TRIG_EVALUATION_TIME": t, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", "from dbt.cli.main import cli; cli()", "build",
         "--project-dir", str(s.root), "--profiles-dir", str(s.root)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    assert child.stdout is not None
    output = []
    for line in child.stdout:
        output.append(line)
        if kill_after and kill_after in line:
            child.send_signal(signal.SIGKILL)
            child.wait()
            return None
    child.wait()
    if child.returncode:
        print("".join(output[-40:]))
    return child
