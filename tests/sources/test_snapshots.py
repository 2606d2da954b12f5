"""Attribute history for the user's own models: a dbt snapshot read as of T (ADR 306).

The customer's project snapshots its organisations and people (timestamp strategy on
their `updated_at`); `dbt build` runs the snapshots with everything else. A replay
(`--full-refresh`, then the past evaluations again) must see the attributes each
evaluation saw then, not today's.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import yaml

from tests.engine.harness import (
    EVENT_COLUMNS,
    ORGANISATION_COLUMNS,
    PEOPLE_COLUMNS,
    Scenario,
)
from tests.engine.rows import org, person

pytestmark = pytest.mark.slow

COLUMNS = {
    "organisations": {**ORGANISATION_COLUMNS, "updated_at": "timestamp"},
    "people": {**PEOPLE_COLUMNS, "updated_at": "timestamp"},
    "events": EVENT_COLUMNS,
}
T1, T2 = "2025-03-02 00:00:00", "2025-03-06 00:00:00"
BEFORE, CHANGED = datetime(2025, 3, 1), datetime(2025, 3, 5)  # changed between T1 and T2


def snapshot_project(warehouse: object, root: Path, **project_vars: object) -> Scenario:
    s = Scenario(root=root, warehouse=warehouse, columns=COLUMNS)  # type: ignore[arg-type]
    s.project_vars = dict(project_vars)
    s.objects = {
        "pro_welcome": {
            "kind": "job",
            "entity": "organisation",
            "audience": {"plan": "pro"},
            "goal": {"event": "invoice_sent", "at_least": 1},
            "duration": "30 days",
        },
    }
    (root / "snapshots").mkdir(parents=True, exist_ok=True)
    snapshots = [
        {
            "name": f"{name}_snapshot",
            "relation": f"ref('{name}')",
            "config": {"unique_key": key, "strategy": "timestamp", "updated_at": "updated_at"},
        }
        for name, key in (("organisations", "organisation_id"), ("people", "person_id"))
    ]
    (root / "snapshots" / "snapshots.yml").write_text(
        yaml.safe_dump({"snapshots": snapshots}, sort_keys=False)
    )
    return s


def load(s: Scenario, acme_plan: str, ann_name: str, updated_at: datetime) -> None:
    s.load(
        organisations=[
            org("acme", plan=acme_plan, updated_at=updated_at),
            # last edited after T1: its first (only) version stands for earlier T too
            org("beta", plan="pro", updated_at=datetime(2025, 3, 3)),
        ],
        people=[
            {**person("ann", "acme"), "first_name": ann_name, "updated_at": updated_at},
        ],
    )


def attributes(s: Scenario) -> tuple:
    plan = s.query(
        "select plan from {schema}.stg_trig__organisations where organisation_id = 'acme'"
    )
    name = s.query("select first_name from {schema}.stg_trig__people where person_id = 'ann'")
    return plan[0]["plan"], name[0]["first_name"]


def test_a_replay_sees_the_attributes_of_its_own_time(warehouse: object, tmp_path: Path) -> None:
    s = snapshot_project(
        warehouse,
        tmp_path / "project",
        trig_organisations_snapshot="organisations_snapshot",
        trig_people_snapshot="people_snapshot",
    )
    load(s, "free", "Ann", BEFORE)
    s.evaluate(T1)  # dbt build runs the snapshots too: version 1 recorded
    assert attributes(s) == ("free", "Ann")
    load(s, "pro", "Anna", CHANGED)
    s.evaluate(T2)  # version 2 recorded; Acme is pro from now on
    assert attributes(s) == ("pro", "Anna")
    live = s.transitions("pro_welcome")
    assert live == [("beta", 1, "entered", 0, T1, T1), ("acme", 1, "entered", 0, T2, T2)]

    # replay from scratch: at T1, Acme was still on the free plan and Ann was "Ann"
    s.evaluate(T1, "--full-refresh")
    assert attributes(s) == ("free", "Ann")
    assert s.transitions("pro_welcome") == [("beta", 1, "entered", 0, T1, T1)]
    s.evaluate(T2)
    assert attributes(s) == ("pro", "Anna")
    assert s.transitions("pro_welcome") == live
    versions = s.query("select count(*) as n from {schema}.organisations_snapshot")
    assert versions[0]["n"] == 3  # acme twice, beta once: the replay added none


def test_a_snapshot_var_naming_a_plain_model_is_an_error(
    duckdb_warehouse: object, tmp_path: Path
) -> None:
    s = snapshot_project(
        duckdb_warehouse, tmp_path / "project", trig_organisations_snapshot="organisations"
    )
    load(s, "free", "Ann", BEFORE)
    message = s.evaluate_expecting_error(T1)
    assert (
        "var 'trig_organisations_snapshot' names 'organisations', which has no column "
        "'dbt_valid_from'"
    ) in message
    assert "Point it at a dbt snapshot of your organisations model" in message
