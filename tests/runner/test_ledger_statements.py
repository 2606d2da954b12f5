"""The ledger's combined outcome + intent statement and DuckDB's rowid hint (ADR 117)."""

from __future__ import annotations

from datetime import datetime

from trig_lifecycle.context import RunContext
from trig_lifecycle.ledger import Ledger, Outcome
from trig_lifecycle.pending import Selection
from trig_lifecycle.runner_tables import ensure_runner_tables

from tests.runner.helpers import action_row, email_rows


def claimed_ledger(project, count: int) -> tuple[Ledger, RunContext, list[str]]:
    project.add_actions(email_rows(count))
    context = RunContext.from_options(
        {"project_dir": str(project.directory), "profiles_dir": project.directory}
    )
    ledger = Ledger(context.warehouse)
    with context.warehouse.connect() as conn:
        ensure_runner_tables(conn, context.warehouse)
        _, actions = ledger.claim_batch(conn, Selection(), count)
    return ledger, context, [a.action_id for a in actions]


def rows(project) -> dict[str, tuple[str, int]]:
    return {
        action_id: (status, attempts)
        for action_id, status, attempts in project.query(
            f"select action_id, status, attempts from {project.table('trig_delivery_ledger')}"
        )
    }


def test_outcomes_and_the_next_intent_in_one_statement(project):
    ledger, context, ids = claimed_ledger(project, 6)
    with context.warehouse.connect() as conn:
        assert ledger.record_and_intend(conn, [], ids[:3]) == set(ids[:3])
        outcomes = [Outcome(i, "sent", 1, "pm") for i in ids[:3]]
        ours = ledger.record_and_intend(conn, outcomes, ids[3:])

    assert ours == set(ids[3:])
    state = rows(project)
    assert [state[i] for i in ids] == [("sent", 1)] * 3 + [("claimed", 1)] * 3


def test_an_intent_for_a_claim_no_longer_ours_is_not_granted(project):
    ledger, context, ids = claimed_ledger(project, 4)
    with context.warehouse.connect() as conn:
        ledger.record_and_intend(conn, [], ids[:2])
    # Another runner's recovery took ids[3] (released, then claimed by someone else).
    project.execute(
        f"update {project.table('trig_delivery_ledger')} set runner_id = 'other' "
        "where action_id = :a",
        {"a": ids[3]},
    )
    with context.warehouse.connect() as conn:
        outcomes = [Outcome(i, "sent", 1) for i in ids[:2]]
        ours = ledger.record_and_intend(conn, outcomes, ids[2:])

    assert ours == {ids[2]}
    assert rows(project)[ids[3]] == ("claimed", 0)


def test_outcomes_are_recorded_when_duckdb_rowids_moved(duck):
    ledger, context, ids = claimed_ledger(duck, 5)
    assert ledger.row_hints
    # As if a checkpoint had compacted the table: every remembered rowid is wrong.
    ledger._rowids = {action_id: 10_000 + n for n, action_id in enumerate(ids)}
    with context.warehouse.connect() as conn:
        assert ledger.write_intent(conn, ids) == set(ids)
        ledger.record_outcomes(conn, [Outcome(i, "failed", 1, error="x") for i in ids])

    assert set(rows(duck).values()) == {("failed", 1)}


def test_claims_continue_after_the_last_claimed_action(project):
    """Each claim starts where this run's previous one ended (occurred_at, action_id), not
    at the start of the backlog: an action that appears before that point during the run
    is left to the next run, and nothing is claimed twice."""
    ledger, context, first = claimed_ledger(project, 3)
    late = action_row(recipient="early@example.com", entity_id="early",
                      occurred_at=datetime(2024, 4, 1, 12, 0, 0))
    later = [action_row(recipient=f"person{i}@example.com", entity_id=f"p{i}",
                        occurred_at=datetime(2024, 6, 1, 12, 0, i)) for i in (3, 4)]
    project.add_actions([late, *later])
    with context.warehouse.connect() as conn:
        _, second = ledger.claim_batch(conn, Selection(), 10)
        seen, third = ledger.claim_batch(conn, Selection(), 10)
    assert [a.entity_id for a in second] == ["p3", "p4"]
    assert (seen, third) == (0, [])
    with context.warehouse.connect() as conn:  # the next run starts from the beginning
        _, next_run = Ledger(context.warehouse).claim_batch(conn, Selection(), 10)
    assert [a.entity_id for a in next_run] == ["early"]
    assert not {a.action_id for a in second} & set(first)
