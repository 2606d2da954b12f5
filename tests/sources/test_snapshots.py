"""Attribute history for the user's own models: a dbt snapshot read as of T (ADR 306).

The customer's project snapshots its organisations and people (timestamp strategy on
their `updated_at`); `dbt build` runs the snapshots with everything else. A replay
(`--full-refresh`, then the past evaluations again) must see the attributes each
evaluation saw then, not today's.

fakesnow cannot run the MERGE dbt-snowflake's snapshots write with: on the Snowflake leg
the test lands the rows those snapshots would hold (same columns, same validity) in a
table, and the snapshot var names a model over it, so the package's as-of reading still
runs for real there. bqemulator runs dbt-bigquery's snapshots as they are.
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
BETA_EDITED = datetime(2025, 3, 3)


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


def load(s: Scenario, acme_plan: str, ann_name: str, updated_at: datetime) -> dict:
    rows = {
        "organisations": [
            org("acme", plan=acme_plan, updated_at=updated_at),
            # last edited after T1: its first (only) version stands for earlier T too
            org("beta", plan="pro", updated_at=BETA_EDITED),
        ],
        "people": [
            {**person("ann", "acme"), "first_name": ann_name, "updated_at": updated_at},
        ],
    }
    s.load(**rows)
    return rows


def attributes(s: Scenario) -> tuple:
    plan = s.query(
        "select plan from {schema}.stg_trig__organisations where organisation_id = 'acme'"
    )
    name = s.query("select first_name from {schema}.stg_trig__people where person_id = 'ann'")
    return plan[0]["plan"], name[0]["first_name"]


EMULATED = ("snowflake",)  # fakesnow: no MERGE, snapshot rows are landed instead
META_COLUMNS = {
    "dbt_scd_id": "varchar",
    "dbt_updated_at": "timestamp",
    "dbt_valid_from": "timestamp",
    "dbt_valid_to": "timestamp",
}
Version = tuple[dict, datetime, datetime | None]  # row, valid from, valid to


def land_versions(s: Scenario, versions: dict[str, list[Version]]) -> None:
    """What dbt's timestamp-strategy snapshots hold: one row per version, valid_from =
    the row's updated_at, valid_to = the next version's (open for the current one)."""
    for table, rows in versions.items():
        s.warehouse.replace_table(
            f"{table}_versions",
            {**COLUMNS[table], **META_COLUMNS},
            [
                {
                    **row,
                    "dbt_scd_id": str(i),
                    "dbt_updated_at": start,
                    "dbt_valid_from": start,
                    "dbt_valid_to": end,
                }
                for i, (row, start, end) in enumerate(rows)
            ],
        )


def test_a_replay_sees_the_attributes_of_its_own_time(warehouse: object, tmp_path: Path) -> None:
    emulated = getattr(warehouse, "name", "") in EMULATED
    s = snapshot_project(
        warehouse,
        tmp_path / "project",
        trig_organisations_snapshot="organisations_snapshot",
        trig_people_snapshot="people_snapshot",
    )
    if emulated:
        raw = s.warehouse.raw_schema
        s.extra_models = {
            f"{name}_snapshot": f"select * from {raw}.{name}_versions\n"
            for name in ("organisations", "people")
        }
        (tmp_path / "project" / "snapshots" / "snapshots.yml").unlink()
    v1 = load(s, "free", "Ann", BEFORE)
    acme1, beta, ann1 = v1["organisations"][0], v1["organisations"][1], v1["people"][0]
    if emulated:
        land_versions(
            s,
            {
                "organisations": [(acme1, BEFORE, None), (beta, BETA_EDITED, None)],
                "people": [(ann1, BEFORE, None)],
            },
        )
    s.evaluate(T1)  # dbt build runs the snapshots too: version 1 recorded
    assert attributes(s) == ("free", "Ann")
    v2 = load(s, "pro", "Anna", CHANGED)
    if emulated:
        land_versions(
            s,
            {
                "organisations": [
                    (acme1, BEFORE, CHANGED),
                    (v2["organisations"][0], CHANGED, None),
                    (beta, BETA_EDITED, None),
                ],
                "people": [(ann1, BEFORE, CHANGED), (v2["people"][0], CHANGED, None)],
            },
        )
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
