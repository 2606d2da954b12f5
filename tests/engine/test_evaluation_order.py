"""Objects in separate statements see each other exactly as in one evaluation order
(ADR 002): references in dependency order, a cycle broken by priority, even when the
batches are regrouped by level and the state is applied only before a batch reads it
(ADR 015)."""

from __future__ import annotations

import pytest

from tests.engine.harness import Scenario
from tests.engine.rows import org

pytestmark = pytest.mark.slow


def job(priority: int, **criteria: object) -> dict:
    return {"kind": "job", "entity": "organisation", "priority": priority,
            "goal": {"event": "invoice_sent"}, "duration": "10 days", **criteria}


def test_one_object_per_statement_keeps_the_evaluation_order(warehouse, tmp_path) -> None:
    s = Scenario(root=tmp_path / "project", warehouse=warehouse)
    s.project_vars = {"trig_objects_per_statement": 1}
    s.objects = {
        # a cycle: zeta goes first by priority and reads beta's previous evaluation;
        # beta reads zeta's result of this evaluation and is excluded
        "zeta_first": job(1, audience={"invoices_created": 0},
                          exclusions=[{"currently_member_of_beta_second": True}]),
        "beta_second": job(2, audience={"invoices_created": 0},
                           exclusions=[{"currently_member_of_zeta_first": True}]),
        # first by name, but reads zeta's result of this evaluation
        "alpha_after": job(3, audience={"currently_member_of_zeta_first": True}),
        # references nothing: regrouped ahead of the jobs above that reference others
        "unrelated": job(4, audience={"invoices_created": 0}),
    }
    s.load(organisations=[org("a"), org("b"), org("busy", invoices_created=2)])
    s.evaluate("2025-03-10 09:00:00")
    entered = s.query(
        "select object_name, entity_id from {schema}.trig_transitions "
        "where transition_type = 'entered' order by object_name, entity_id"
    )
    assert [(r["object_name"], r["entity_id"]) for r in entered] == [
        ("alpha_after", "a"), ("alpha_after", "b"),
        ("unrelated", "a"), ("unrelated", "b"),
        ("zeta_first", "a"), ("zeta_first", "b"),
    ]
